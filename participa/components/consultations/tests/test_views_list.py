"""The lists of consultations: per component (``index``) and for the whole organization."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from participa.components.consultations.models import ConsultationState
from participa.components.consultations.tests.conftest import (
    make_component,
    make_consultation,
    make_contribution,
    make_space,
)
from participa.core.models import Area, Scope
from participa.spaces.models import Visibility

ORG_LIST = reverse("consultations_list")


def index_url(component):
    return reverse("spaces:consultations:index", args=[component.space.slug, component.pk])


def test_it_lists_announced_consultations_with_status_dates_and_counts(client_for, component,
                                                                       consultation, resident):
    make_contribution(consultation, author=resident)
    make_contribution(consultation, author=resident, approved=False)
    for address in (index_url(component), ORG_LIST):
        response = client_for(None).get(address)
        assert response.status_code == 200
        content = response.content.decode()
        assert "Parking rules" in content
        assert "Open for recommendations" in content
        assert "11 days left" in content
        assert "2 contributions received" in content


def test_it_leaves_out_drafts_even_for_staff(client_for, component, manager):
    make_consultation(component, slug="secret", title="Secret draft",
                      state=ConsultationState.DRAFT)
    for user in (None, manager):
        assert "Secret draft" not in client_for(user).get(index_url(component)).content.decode()
        assert "Secret draft" not in client_for(user).get(ORG_LIST).content.decode()


def test_it_leaves_out_unpublished_components_and_private_spaces(client_for, org, area, scope):
    hidden_component = make_component(make_space(org, slug="hidden-comp"), published=False)
    make_consultation(hidden_component, title="Unpublished component")
    private = make_space(org, slug="private", visibility=Visibility.MEMBERS)
    make_consultation(make_component(private), title="Members only")
    content = client_for(None).get(ORG_LIST).content.decode()
    assert "Unpublished component" not in content
    assert "Members only" not in content


def test_it_keeps_organizations_apart(client_for, consultation, other_org):
    other = make_consultation(make_component(make_space(other_org, slug="elsewhere")),
                              title="Elsewhere")
    assert other.pk
    assert "Elsewhere" not in client_for(None).get(ORG_LIST).content.decode()


def test_it_filters_by_status(client_for, component):
    make_consultation(component, slug="open", title="Open one")
    make_consultation(component, slug="soon", title="Soon one", announced=-1, opens=5,
                      closes=40)
    make_consultation(component, slug="past", title="Past one", opens=-30, closes=-2)
    make_consultation(component, slug="reported", title="Reported one", opens=-60, closes=-30,
                      report_published_at=timezone.now())
    client = client_for(None)
    expected = {"open": "Open one", "upcoming": "Soon one", "closed": "Past one",
                "report": "Reported one"}
    for status, title in expected.items():
        content = client.get(ORG_LIST, {"status": status}).content.decode()
        assert title in content
        assert {t for t in expected.values() if t in content} == {title}, status


def test_it_filters_by_scope_and_department(client_for, org, component):
    roads = Area.objects.create(organization=org, code="roads", name={"en": "Roads"})
    south = Scope.objects.create(organization=org, code="south", name={"en": "South"})
    make_consultation(component, slug="roads", title="Road works", department=roads)
    make_consultation(component, slug="south", title="Southern park", scope=south)
    client = client_for(None)
    content = client.get(ORG_LIST, {"area": roads.pk}).content.decode()
    assert "Road works" in content and "Southern park" not in content
    content = client.get(ORG_LIST, {"scope": south.pk}).content.decode()
    assert "Southern park" in content and "Road works" not in content


def test_it_searches_titles_and_summaries_without_diacritics(client_for, component):
    make_consultation(component, slug="parking", title="Parking rules")
    make_consultation(component, slug="trees", title="Protecția arborilor")
    client = client_for(None)
    content = client.get(ORG_LIST, {"q": "protectia"}).content.decode()
    assert "Protecția arborilor" in content and "Parking rules" not in content
    content = client.get(ORG_LIST, {"q": "fees centre"}).content.decode()
    assert "Parking rules" in content


def test_it_says_what_to_do_when_empty(client_for, component):
    content = client_for(None).get(index_url(component)).content.decode()
    assert "No consultation has been announced here yet." in content
    content = client_for(None).get(ORG_LIST, {"status": "report"}).content.decode()
    assert "No consultation matches these filters." in content


def test_it_runs_a_fixed_number_of_queries(client_for, component, resident,
                                           django_assert_max_num_queries):
    client = client_for(resident)
    for index in range(3):
        make_contribution(make_consultation(component, slug=f"c{index}"), author=resident)
    with django_assert_max_num_queries(50) as org_few:
        client.get(ORG_LIST)
    with django_assert_max_num_queries(50) as index_few:
        client.get(index_url(component))
    for index in range(3, 30):
        make_contribution(make_consultation(component, slug=f"c{index}"), author=resident)
    with django_assert_max_num_queries(len(org_few.captured_queries)):
        assert client.get(ORG_LIST, {"page": 2}).status_code == 200
    with django_assert_max_num_queries(len(index_few.captured_queries)):
        assert client.get(index_url(component), {"page": 2}).status_code == 200


def test_it_paginates(client_for, component):
    for index in range(14):
        make_consultation(component, slug=f"c{index}", title=f"Consultation {index}")
    content = client_for(None).get(ORG_LIST).content.decode()
    assert "14 consultations" in content
    assert "Page 1 of 2" in content


def test_it_filters_on_a_consultations_own_scope_and_department_else_its_spaces(client_for, org,
                                                                                area, scope):
    """The scope filter takes the scopes inside the chosen one; a consultation's own scope or
    department wins over its space's."""
    inner = Scope.objects.create(organization=org, code="inner", name={"en": "Inner"},
                                 parent=scope)
    elsewhere = Scope.objects.create(organization=org, code="elsewhere", name={"en": "Away"})
    roads = Area.objects.create(organization=org, code="roads", name={"en": "Roads"})
    component = make_component(make_space(org, slug="in-north", area=area, scope=scope))
    make_consultation(component, slug="own-inner", scope=inner, department=roads)
    make_consultation(component, slug="from-space")
    make_consultation(component, slug="own-elsewhere", scope=elsewhere)
    client = client_for(None)

    def slugs(**query):
        response = client.get(ORG_LIST, query)
        return {item["consultation"].slug for item in response.context["items"]}

    assert slugs(scope=scope.parent_id) == {"own-inner", "from-space"}
    assert slugs(scope=inner.pk) == {"own-inner"}
    assert slugs(scope=elsewhere.pk) == {"own-elsewhere"}
    assert slugs(area=area.pk) == {"from-space", "own-elsewhere"}
    assert slugs(area=roads.pk) == {"own-inner"}
    assert slugs(area=roads.pk, scope=elsewhere.pk) == set()


def test_it_shows_nothing_for_a_scope_of_another_organization(client_for, consultation,
                                                              other_org):
    foreign = Scope.objects.create(organization=other_org, code="x", name={"en": "X"})
    response = client_for(None).get(ORG_LIST, {"scope": foreign.pk})
    assert response.context["items"] == []
    assert 'id="id_scope_error"' in response.content.decode()
