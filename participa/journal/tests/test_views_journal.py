"""The public journal pages /journal/ and /spaces/<space>/journal/ and their Atom feeds."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participa.components.consultations.actions import ConsultationJournalAction
from participa.components.consultations.tests.conftest import make_component, make_space
from participa.core.models import JournalEntry
from participa.spaces.models import SpaceMembership, Visibility

pytestmark = pytest.mark.django_db

URL = "/journal/"


def add_lines(space, component, count, *, title="Parking rules", org=None):
    JournalEntry.objects.bulk_create([
        JournalEntry(organization=org or space.organization, space=space, component=component,
                     item_type="consultations.consultation", item_id=str(n),
                     action=ConsultationJournalAction.REPORT_PUBLISHED,
                     params={"title": {"en": title}},
                     url=f"/consultation-{n}/", created_at=timezone.now())
        for n in range(count)
    ])


def test_it_lists_what_the_city_did_newest_first(client_for, space, component,
                                                 accessible_page):
    add_lines(space, component, 1, title="Old plan")
    add_lines(space, component, 1, title="New plan")
    response = client_for(None).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Published the synthesis report of “New plan”.") < html.index(
        "Published the synthesis report of “Old plan”.")
    assert 'href="/consultation-0/"' in html
    assert "Draft decisions" in html  # the space of each line
    assert '<link rel="alternate" type="application/atom+xml" href="/journal/feed/"' in html
    accessible_page(html)


def test_it_shows_an_empty_state(client_for, org, accessible_page):
    html = client_for(None).get(URL).content.decode()
    assert "Nothing has been recorded in this journal yet." in html
    accessible_page(html)


def test_it_paginates(client_for, space, component):
    add_lines(space, component, 31)
    first = client_for(None).get(URL).content.decode()
    assert first.count("Published the synthesis report") == 30
    assert "Page 1 of 2" in first
    second = client_for(None).get(URL, {"page": 2}).content.decode()
    assert second.count("Published the synthesis report") == 1


def test_it_runs_a_fixed_number_of_queries(client_for, space, component):
    client = client_for(None)
    add_lines(space, component, 2)
    client.get(URL)  # warm the caches (organization, session)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    add_lines(space, component, 28)
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)


def test_it_hides_lines_of_spaces_the_visitor_cannot_see(client_for, org, resident, space,
                                                         component):
    private = make_space(org, slug="council", visibility=Visibility.MEMBERS)
    add_lines(private, make_component(private), 1, title="Members only")
    unpublished = make_space(org, slug="draft-space")
    unpublished.published_at = None
    unpublished.save()
    add_lines(unpublished, make_component(unpublished), 1, title="Not yet public")
    hidden_component = make_component(space, published=False)
    add_lines(space, hidden_component, 1, title="Unpublished component")
    add_lines(space, component, 1, title="Public")
    for user in (None, resident):
        html = client_for(user).get(URL).content.decode()
        assert "“Public”" in html
        assert "Members only" not in html
        assert "Not yet public" not in html
        assert "Unpublished component" not in html
    SpaceMembership.objects.create(space=private, user=resident)
    assert "Members only" in client_for(resident).get(URL).content.decode()
    assert "Members only" not in client_for(None).get(URL).content.decode()


def test_it_never_shows_another_organizations_lines(client_for, other_org, space, component):
    add_lines(space, component, 1, title="Timisoara only")
    other_space = make_space(other_org, slug="other")
    add_lines(other_space, make_component(other_space), 1, title="Elsewhere")
    html = client_for(None).get(URL).content.decode()
    assert "Timisoara only" in html and "Elsewhere" not in html


def test_the_space_journal_shows_only_that_space(client_for, org, space, component,
                                                 accessible_page):
    other = make_space(org, slug="parks")
    add_lines(other, make_component(other), 1, title="Parks")
    add_lines(space, component, 1, title="Decisions")
    response = client_for(None).get(f"/spaces/{space.slug}/journal/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "“Decisions”" in html and "“Parks”" not in html
    assert f'href="/spaces/{space.slug}/journal/feed/"' in html
    accessible_page(html)


def test_the_space_journal_is_404_when_the_space_is_not_visible(client_for, org, resident):
    private = make_space(org, slug="council", visibility=Visibility.MEMBERS)
    for url in ("/spaces/council/journal/", "/spaces/council/journal/feed/",
                "/spaces/missing/journal/", "/spaces/missing/journal/feed/"):
        assert client_for(resident).get(url).status_code == 404
    SpaceMembership.objects.create(space=private, user=resident)
    assert client_for(resident).get("/spaces/council/journal/").status_code == 200


def test_the_feeds_are_atom_and_respect_visibility(client_for, org, space, component):
    private = make_space(org, slug="council", visibility=Visibility.MEMBERS)
    add_lines(private, make_component(private), 1, title="Members only")
    add_lines(space, component, 1, title="Public")
    for url in ("/journal/feed/", f"/spaces/{space.slug}/journal/feed/"):
        response = client_for(None).get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        xml = response.content.decode()
        assert "<title>Published the synthesis report of “Public”.</title>" in xml
        assert "Members only" not in xml
        assert "http://testserver/consultation-0/" in xml


def test_the_space_page_links_to_its_journal(client_for, space):
    html = client_for(None).get(space.get_absolute_url()).content.decode()
    assert (f'<a href="/spaces/{space.slug}/journal/">'
            "Journal: what the city did here, and when</a>") in html


def test_it_links_the_journal_from_every_page_footer(client_for, org):
    html = client_for(None).get("/").content.decode()
    footer = html[html.index("<footer"):]
    assert '<a href="/journal/">Journal</a>' in footer
