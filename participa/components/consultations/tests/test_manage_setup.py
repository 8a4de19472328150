"""Staff pages of the consultation set-up: list, create, edit, the hub, announcing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from participa.components.consultations.models import Consultation, ConsultationState
from participa.components.consultations.tests.conftest import days, make_consultation
from participa.components.consultations.tests.test_services_consultations import (
    _attachment_root,  # noqa: F401
    attach,
)
from participa.conftest import make_user
from participa.core.models import Area, Role, RoleKind


def url(name: str, component: Any, *args: Any) -> str:
    return reverse(f"manage:consultations:{name}",
                   args=[component.space.slug, component.pk, *args])


@pytest.fixture
def other_official(org: Any) -> Any:
    other_area = Area.objects.create(organization=org, code="finance", name={"en": "Finance"})
    user = make_user(org, "finance_official")
    Role.objects.create(organization=org, user=user, kind=RoleKind.OFFICIAL, area=other_area)
    return user


@pytest.fixture
def draft(component: Any) -> Consultation:
    return make_consultation(component, slug="draft-rules", state=ConsultationState.DRAFT,
                             opens=0, closes=30, title="Tree protection")


# --- permissions ----------------------------------------------------------------------------


def every_page(component: Any, consultation: Consultation) -> list[str]:
    return [
        url("manage_index", component),
        url("manage_create", component),
        url("manage_detail", component, consultation.pk),
        url("manage_edit", component, consultation.pk),
        url("manage_publish", component, consultation.pk),
        url("manage_articles", component, consultation.pk),
        url("manage_import", component, consultation.pk),
        url("manage_documents", component, consultation.pk),
    ]


def test_it_opens_for_those_who_run_the_space(client_for, component, draft, manager, admin,
                                              official):
    for user in (manager, admin, official):
        client = client_for(user)
        for page in every_page(component, draft):
            assert client.get(page).status_code == 200, (user, page)


def test_it_answers_404_to_everybody_else(client_for, component, draft, resident, moderator,
                                          ngo_member, other_official):
    for page in every_page(component, draft):
        assert client_for(None).get(page).url.startswith("/accounts/login/?next="), page
    for user in (resident, moderator, ngo_member, other_official):
        client = client_for(user)
        for page in every_page(component, draft):
            assert client.get(page).status_code == 404, (user, page)


def test_it_answers_404_on_the_other_organizations_host(client_for, component, draft,
                                                         outsider):
    client = client_for(outsider, host="other.test")
    for page in every_page(component, draft):
        assert client.get(page).status_code == 404


def test_it_answers_404_for_a_consultation_of_another_component(client_for, component, space,
                                                                manager):
    from participa.components.consultations.tests.conftest import make_component

    other = make_consultation(make_component(space), slug="elsewhere")
    assert client_for(manager).get(
        url("manage_detail", component, other.pk)).status_code == 404


# --- index ----------------------------------------------------------------------------------


def test_it_lists_the_consultations_with_status_and_counts(client_for, component, consultation,
                                                           draft, manager):
    from participa.components.consultations.tests.conftest import make_contribution

    make_contribution(consultation, channel="email")
    make_contribution(consultation, channel="email")
    response = client_for(manager).get(url("manage_index", component))
    text = response.text
    assert "Parking rules" in text and "Tree protection" in text
    assert "Open for recommendations" in text and "Draft, not announced" in text
    assert "<td>2</td>" in text
    assert '<th scope="col">' in text


def test_it_invites_to_create_the_first_consultation(client_for, component, manager):
    response = client_for(manager).get(url("manage_index", component))
    assert "There are no consultations yet." in response.text
    assert url("manage_create", component) in response.text


def test_it_lists_with_a_fixed_number_of_queries(client_for, component, manager,
                                                 django_assert_max_num_queries):
    client = client_for(manager)

    def make(count: int, start: int) -> None:
        for index in range(start, start + count):
            make_consultation(component, slug=f"c-{index}")

    make(3, 0)
    client.get(url("manage_index", component))  # the first also looks up the organization
    with django_assert_max_num_queries(40) as small:
        client.get(url("manage_index", component))
    make(27, 3)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(url("manage_index", component))
    assert response.text.count("Parking rules") >= 25
    assert len(large.captured_queries) == len(small.captured_queries)


# --- create and edit ------------------------------------------------------------------------


def form_data(**extra: Any) -> dict[str, Any]:
    data = {
        "title__en": "Tree protection", "title__ro": "Protecția arborilor", "summary__en": "",
        "slug": "", "scope": "", "department": "", "contact_name": "Ioana Popescu",
        "contact_email": "ioana@city.example", "contact_phone": "", "channel_online": "on",
        "channel_email": "trees@city.example", "channel_post": "", "channel_in_person": "",
        "legal_profile": "ro-law-52-2003", "announced_on": "",
        "opens_on": days(1).isoformat(), "closes_on": days(31).isoformat(),
        "endorsement_on": "", "adoption_on": "", "urgency_reason": "",
        "similarity_threshold": "0.8",
    }
    data.update(extra)
    return data


def test_it_creates_a_consultation_and_goes_to_its_articles(client_for, component, manager,
                                                            area):
    response = client_for(manager).post(url("manage_create", component),
                                        form_data(department=area.pk))
    consultation = Consultation.objects.get(component=component)
    assert response.status_code == 302
    assert response["Location"] == url("manage_articles", component, consultation.pk)
    assert consultation.title == {"en": "Tree protection", "ro": "Protecția arborilor"}
    assert consultation.department == area
    assert consultation.channels["email"] == "trees@city.example"
    assert consultation.opens_on == days(1)
    assert consultation.state == ConsultationState.DRAFT


def test_it_keeps_what_was_typed_when_the_form_is_wrong(client_for, component, manager):
    response = client_for(manager).post(url("manage_create", component), form_data(
        closes_on=days(-3).isoformat(), urgency="on", urgency_reason=""))
    assert response.status_code == 200
    text = response.text
    assert "There is a problem" in text
    assert "The last day must be on or after the first day." in text
    assert "Write why the urgency procedure is needed" in text
    assert 'value="Protecția arborilor"' in text
    assert not Consultation.objects.exists()


def test_it_edits_a_consultation(client_for, component, draft, manager):
    client = client_for(manager)
    page = client.get(url("manage_edit", component, draft.pk))
    assert 'value="Tree protection"' in page.text
    assert 'value="consultare@primaria.example"' in page.text
    response = client.post(url("manage_edit", component, draft.pk), form_data(
        title__en="Trees", urgency="on", urgency_reason="Storm damage."))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title["en"] == "Trees"
    assert draft.urgency and draft.urgency_reason == "Storm damage."


def test_it_refuses_new_dates_that_break_the_law_once_announced(client_for, component,
                                                                consultation, manager):
    response = client_for(manager).post(url("manage_edit", component, consultation.pk),
                                        form_data(opens_on=days(-5).isoformat(),
                                                  closes_on=days(-2).isoformat()))
    assert response.status_code == 200
    assert "Law 52/2003 requires at least 10 days" in response.text
    consultation.refresh_from_db()
    assert consultation.closes_on == days(10)


# --- hub ------------------------------------------------------------------------------------


def test_the_hub_shows_why_announcing_would_be_refused(client_for, component, draft, manager):
    draft.closes_on = draft.opens_on + datetime.timedelta(days=3)
    draft.save()
    text = client_for(manager).get(url("manage_detail", component, draft.pk)).text
    assert "Announcing it now would be refused because:" in text
    assert "Law 52/2003 requires at least 10 days" in text
    assert "justification report" in text
    assert url("manage_articles", component, draft.pk) in text
    assert url("manage_documents", component, draft.pk) in text
    assert url("manage_publish", component, draft.pk) in text


def test_the_hub_shows_the_timeline_and_counts(client_for, component, consultation, manager):
    text = client_for(manager).get(url("manage_detail", component, consultation.pk)).text
    assert "Open for recommendations" in text
    assert "11 days left" in text
    assert "Ioana Popescu" in text
    assert "Bd. C.D. Loga 1" in text
    assert "Announcing it now" not in text
    assert "the law allows it from" in text


# --- publish --------------------------------------------------------------------------------


def test_it_lists_the_reasons_when_announcing_is_refused(client_for, component, draft,
                                                         manager):
    response = client_for(manager).post(url("manage_publish", component, draft.pk),
                                        {"confirm": "yes"})
    assert response.status_code == 200
    assert "The consultation was not announced" in response.text
    assert "justification report" in response.text
    draft.refresh_from_db()
    assert draft.state == ConsultationState.DRAFT


def test_it_asks_for_confirmation(client_for, component, draft, manager):
    attach(draft, manager)
    response = client_for(manager).post(url("manage_publish", component, draft.pk), {})
    assert "Tick the box" in response.text
    draft.refresh_from_db()
    assert draft.state == ConsultationState.DRAFT


def test_it_announces_a_consultation_that_follows_the_law(client_for, component, draft,
                                                          manager):
    attach(draft, manager)
    client = client_for(manager)
    page = client.get(url("manage_publish", component, draft.pk))
    assert "Announcing it now would be refused" not in page.text
    response = client.post(url("manage_publish", component, draft.pk), {"confirm": "yes"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == ConsultationState.PUBLISHED
    assert draft.announced_on is not None


def test_it_filters_the_list_by_scope_department_and_status(client_for, org, component, manager):
    roads = Area.objects.create(organization=org, code="roads", name={"en": "Roads"})
    make_consultation(component, slug="roads", title="Road works", department=roads)
    make_consultation(component, slug="draft", title="Quiet draft",
                      state=ConsultationState.DRAFT)
    client = client_for(manager)

    def titles(**query: str) -> set[str]:
        response = client.get(url("manage_index", component), query)
        return {str(row) for row in response.context["consultations"]}

    assert titles() == {"Road works", "Quiet draft"}
    assert titles(area=str(roads.pk)) == {"Road works"}
    assert titles(status="draft") == {"Quiet draft"}
    assert titles(scope=str(component.space.scope_id)) == {"Road works", "Quiet draft"}
    text = client.get(url("manage_index", component), {"status": "report"}).content.decode()
    assert "No consultation matches these filters." in text
    assert 'aria-label="Filter the consultations"' in text
