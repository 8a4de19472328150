import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participa.components.pages import services as page_services
from participa.components.pages.tests.conftest import make_component, make_page
from participa.conftest import make_user
from participa.core.models import Area, Scope
from participa.search.models import SearchDocument
from participa.spaces.models import SpaceMembership, Visibility

from .conftest import space_with_page

URL = "/search/"


def titles(response):
    return [doc.display_title() for doc in response.context["results"]]


def test_it_finds_a_page_without_diacritics_and_in_any_case(client_for, meeting_page):
    response = client_for(None).get(URL, {"q": "SEDINTA"})
    assert response.status_code == 200
    assert "Ședință publică" in titles(response)
    assert meeting_page.get_absolute_url() in response.content.decode()


def test_it_finds_polish_words_in_the_body_without_diacritics(client_for, meeting_page):
    response = client_for(None).get(URL, {"q": "zrodlo"})
    assert titles(response) == ["Ședință publică"]


def test_it_finds_text_written_with_cedilla_letters_from_comma_letters(client_for, component):
    make_page(component, "old", "Şedinţă veche")  # ş ţ with cedilla (old keyboards)
    response = client_for(None).get(URL, {"q": "ședință"})
    assert titles(response) == ["Şedinţă veche"]


def test_it_needs_every_word(client_for, meeting_page, two_pages):
    response = client_for(None).get(URL, {"q": "sedinta calendar"})
    assert titles(response) == []


def test_it_finds_spaces(client_for, space):
    response = client_for(None).get(URL, {"q": "guvernare deschisa"})
    assert titles(response) == ["Open government plan"]
    assert space.get_absolute_url() in response.content.decode()


def test_it_keeps_the_index_up_to_date_when_a_page_changes_or_goes(client_for, meeting_page,
                                                                    admin):
    page_services.page_update(acting_user=admin, page=meeting_page,
                              title={"en": "Hearing"}, body={"en": "Nothing else"})
    client = client_for(None)
    assert titles(client.get(URL, {"q": "sedinta"})) == []
    assert titles(client.get(URL, {"q": "hearing"})) == ["Hearing"]
    page_services.page_delete(acting_user=admin, page=meeting_page)
    assert titles(client.get(URL, {"q": "hearing"})) == []


def test_it_hides_members_only_and_unpublished_spaces_from_outsiders(client_for, org, resident,
                                                                      moderator):
    private, _private_page = space_with_page(org, "private", "Secret budget",
                                            visibility=Visibility.MEMBERS)
    private.title = {"en": "Secret assembly"}
    private.save()
    _draft, _draft_page = space_with_page(org, "draft", "Secret draft", published=False)
    member = make_user(org, "member")
    SpaceMembership.objects.create(space=private, user=member)

    assert titles(client_for(None).get(URL, {"q": "secret"})) == []
    assert titles(client_for(resident).get(URL, {"q": "secret"})) == []
    assert sorted(titles(client_for(member).get(URL, {"q": "secret"}))) == [
        "Secret assembly", "Secret budget",
    ]
    assert sorted(titles(client_for(moderator).get(URL, {"q": "secret"}))) == [
        "Secret assembly", "Secret budget", "Secret draft",
    ]


def test_it_hides_pages_of_unpublished_components_except_from_those_who_run_the_space(
        client_for, space, resident, manager):
    hidden = make_component(space, published=False)
    make_page(hidden, "draft-page", "Unreleased timetable")
    assert titles(client_for(None).get(URL, {"q": "timetable"})) == []
    assert titles(client_for(resident).get(URL, {"q": "timetable"})) == []
    assert titles(client_for(manager).get(URL, {"q": "timetable"})) == ["Unreleased timetable"]


def test_it_never_shows_another_organizations_content(client_for, other_org, outsider,
                                                       meeting_page):
    space_with_page(other_org, "inny", "Sesja o źródło")
    assert titles(client_for(None).get(URL, {"q": "zrodlo"})) == ["Ședință publică"]
    other = client_for(outsider, host="other.test").get(URL, {"q": "zrodlo"})
    assert titles(other) == ["Sesja o źródło"]


def test_it_filters_by_type(client_for, space, meeting_page):
    client = client_for(None)
    # "government" is in the space's title only; "sedinta" in the page only.
    assert titles(client.get(URL, {"q": "government", "kind": "page"})) == []
    assert titles(client.get(URL, {"q": "government", "kind": "space"})) == [
        "Open government plan"
    ]
    assert titles(client.get(URL, {"q": "sedinta", "kind": "page"})) == ["Ședință publică"]


def test_it_filters_by_scope_including_sub_scopes_and_by_area(client_for, org, space, scope,
                                                              area, meeting_page):
    city = scope.parent
    elsewhere_scope = Scope.objects.create(organization=org, code="south", name={"en": "South"},
                                           parent=city)
    other_area = Area.objects.create(organization=org, code="env", name={"en": "Environment"})
    space_with_page(org, "south", "Ședință sud", scope=elsewhere_scope, area=other_area)
    client = client_for(None)
    assert titles(client.get(URL, {"q": "sedinta", "scope": scope.pk})) == ["Ședință publică"]
    assert sorted(titles(client.get(URL, {"q": "sedinta", "scope": city.pk}))) == [
        "Ședință publică", "Ședință sud",
    ]
    assert titles(client.get(URL, {"q": "sedinta", "area": other_area.pk})) == ["Ședință sud"]


def test_it_moves_pages_along_when_their_space_changes_scope(client_for, org, space, scope,
                                                             meeting_page):
    south = Scope.objects.create(organization=org, code="south", name={"en": "South"})
    space.scope = south
    space.save()
    client = client_for(None)
    assert titles(client.get(URL, {"q": "sedinta", "scope": scope.pk})) == []
    assert titles(client.get(URL, {"q": "sedinta", "scope": south.pk})) == ["Ședință publică"]


def test_it_filters_by_date(client_for, component, meeting_page):
    old = make_page(component, "old-sedinta", "Ședință veche")
    old.updated_at = timezone.now() - datetime.timedelta(days=400)
    old.save()
    client = client_for(None)
    last_month = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    assert titles(client.get(URL, {"q": "sedinta", "date_from": last_month})) == [
        "Ședință publică"
    ]
    assert titles(client.get(URL, {"q": "sedinta", "date_to": last_month})) == ["Ședință veche"]


def test_it_explains_a_reversed_date_range_and_keeps_the_words(client_for, meeting_page):
    response = client_for(None).get(URL, {"q": "sedinta", "date_from": "2025-05-01",
                                          "date_to": "2025-01-01"})
    html = response.content.decode()
    assert "The end date must be on or after the start date." in html
    assert 'value="sedinta"' in html


def test_it_shows_an_empty_state(client_for, meeting_page):
    response = client_for(None).get(URL, {"q": "nothingmatcheshere"})
    assert "Nothing matches your search." in response.content.decode()


def test_it_shows_titles_before_other_matches(client_for, component):
    make_page(component, "body", "Zebra", "about the park")
    make_page(component, "title", "Park rules", "")
    assert titles(client_for(None).get(URL, {"q": "park"})) == ["Park rules", "Zebra"]


def test_it_paginates_with_a_fixed_number_of_queries(client_for, component):
    for number in range(25):
        make_page(component, f"p{number}", f"Ședința {number}")
    client = client_for(None)
    client.get(URL, {"q": "sedinta"})  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        first = client.get(URL, {"q": "sedinta"})
    for number in range(25, 60):
        make_page(component, f"p{number}", f"Ședința {number}")
    with CaptureQueriesContext(connection) as large:
        client.get(URL, {"q": "sedinta"})
    assert len(first.context["results"]) == 20
    assert len(small.captured_queries) == len(large.captured_queries)
    last = client.get(URL, {"q": "sedinta", "page": 3})
    assert last.context["page_obj"].paginator.count == 60
    assert len(last.context["results"]) == 20
    now_first = client.get(URL, {"q": "sedinta"})
    assert not set(last.context["results"]) & set(now_first.context["results"])


def test_it_puts_a_labelled_search_box_in_the_header(client_for, org):
    html = client_for(None).get("/").content.decode()
    assert 'role="search"' in html
    assert '<label for="header-search"' in html
    assert 'action="/search/"' in html


def test_it_rebuilds_the_index_with_the_management_command(client_for, meeting_page):
    SearchDocument.objects.all().delete()
    assert titles(client_for(None).get(URL, {"q": "sedinta"})) == []
    call_command("search_reindex")
    assert titles(client_for(None).get(URL, {"q": "sedinta"})) == ["Ședință publică"]


@pytest.mark.postgres
def test_it_finds_diacritics_with_postgresql_full_text_search(client_for, meeting_page,
                                                               component):
    make_page(component, "izvor", "Źródło wody", "Ședința a doua")
    client = client_for(None)
    assert set(titles(client.get(URL, {"q": "sedinta"}))) == {"Ședință publică", "Źródło wody"}
    # A title match ranks first; the other page mentions źródło only in its text.
    assert titles(client.get(URL, {"q": "zrodlo", "kind": "page"})) == [
        "Źródło wody", "Ședință publică",
    ]
    assert titles(client.get(URL, {"q": "ZRODLO wody"})) == ["Źródło wody"]
    assert titles(client.get(URL, {"q": "şedinţă publică"})) == ["Ședință publică"]
    assert titles(client.get(URL, {"q": "sedint"})), "prefixes match, as on SQLite"
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, {"q": "zrodlo"})
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    # The stored, GIN-indexed vector is matched; no vector is computed per row at query time
    # (words are normalised in Python, so ``unaccent`` is no longer needed in the query).
    assert '"search_searchdocument"."vector" @@ (to_tsquery' in sql
    assert "to_tsvector" not in sql
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
        assert cursor.fetchone() is not None
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_document_vector'")
        assert "USING gin (vector)" in cursor.fetchone()[0]


def test_it_treats_search_syntax_in_the_words_as_plain_words(client_for, meeting_page):
    client = client_for(None)
    for query in ['sedinta" OR *', "sedinta & !(x | y):*", "NEAR(sedinta) AND NOT", "'sedinta'"]:
        response = client.get(URL, {"q": query})
        assert response.status_code == 200, query
    assert titles(client.get(URL, {"q": 'sedinta" *'})) == ["Ședință publică"]
    assert titles(client.get(URL, {"q": 'sedinta" OR *'})) == []  # "or" is a word to find
    assert titles(client.get(URL, {"q": "sedinta & publica:*"})) == ["Ședință publică"]
