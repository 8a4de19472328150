"""Staff pages of registration: participants (paginated, fixed queries), CSV and XLSX
exports, invitations, and the check-in at the door."""

from __future__ import annotations

import csv
import io
import itertools
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from participa.components.meetings.models import Meeting, Registration
from participa.components.meetings.services import registrations as services
from participa.components.meetings.tests.conftest import make_meeting
from participa.conftest import make_user
from participa.core.models import Organization, User
from participa.spaces.models import Component
from participa.testing import assert_constant_queries

pytestmark = pytest.mark.django_db
QUESTIONS = [{"id": "q1", "label": {"en": "Your district"}, "kind": "text", "required": False},
             {"id": "q2", "label": {"en": "Parking?"}, "kind": "yes_no", "required": False}]
_numbers = itertools.count(1)


def manage_url(name: str, meeting: Meeting, *extra: Any) -> str:
    component = meeting.component
    return reverse(f"manage:meetings:{name}",
                   args=[component.space.slug, component.pk, meeting.pk, *extra])


def person(org: Organization, name: str = "", **extra: Any) -> User:
    user = make_user(org, f"p{next(_numbers)}", **extra)
    if name:
        user.legal_name = name
        user.save()
    return user


@pytest.fixture
def full(component: Component, org: Organization) -> Meeting:
    """Capacity 1: Ana registered (wishes to speak), Ion waiting, Eva cancelled."""
    meeting = make_meeting(component, capacity=1, ask_to_speak=True, questions=QUESTIONS)
    services.registration_create(acting_user=person(org, "Ana Pop"), meeting=meeting,
                                 wants_to_speak=True, speech_topic="Trees",
                                 accessibility_needs="Wheelchair",
                                 answers={"q1": "Fabric", "q2": "yes"})
    services.registration_create(acting_user=person(org, "Ion Ionescu"), meeting=meeting)
    registration = services.registration_create(acting_user=person(org, "Eva Nagy"),
                                                meeting=meeting)
    services.registration_cancel(acting_user=None, registration=registration)
    return meeting


def test_only_those_who_run_the_space_see_the_participants(client_for: Any, full: Meeting,
                                                            resident: User, manager: User,
                                                            outsider: User) -> None:
    anonymous = client_for(None).get(manage_url("manage_participants", full))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    for user in (resident, outsider):
        assert client_for(user).get(manage_url("manage_participants", full)).status_code == 404
        assert client_for(user).get(
            manage_url("manage_participants_export", full, "csv")).status_code == 404
        assert client_for(user).get(manage_url("manage_check_in", full)).status_code == 404
    assert client_for(manager).get(manage_url("manage_participants", full)).status_code == 200


def test_the_participants_page_lists_everyone_in_order(client_for: Any, full: Meeting,
                                                       manager: User) -> None:
    html = client_for(manager).get(manage_url("manage_participants", full)).content.decode()
    assert html.index("Ana Pop") < html.index("Ion Ionescu") < html.index("Eva Nagy")
    assert "Waiting list No. 1" in html
    assert "Yes: Trees" in html and "Wheelchair" in html
    assert "Your district: Fabric" in html and "Parking?: yes" in html
    assert "1 person registered of 1 places." in html
    detail = client_for(manager).get(manage_url("manage_detail", full)).content.decode()
    assert manage_url("manage_participants", full) in detail
    assert manage_url("manage_check_in", full) in detail


def test_the_participants_page_runs_a_fixed_number_of_queries(client_for: Any,
                                                              component: Component,
                                                              org: Organization,
                                                              manager: User) -> None:
    meeting = make_meeting(component, capacity=3, questions=QUESTIONS)

    def grow() -> None:
        for _ in range(4):
            services.registration_create(acting_user=person(org, "Someone"), meeting=meeting,
                                         answers={"q1": "Nord"})

    grow()
    before, after = assert_constant_queries(client_for(manager),
                                            manage_url("manage_participants", meeting), grow)
    assert before.content.decode().count("Waiting list No.") == 1
    assert after.content.decode().count("Waiting list No.") == 5


def test_the_csv_export_has_the_exact_header_and_rows(client_for: Any, full: Meeting,
                                                      manager: User) -> None:
    response = client_for(manager).get(manage_url("manage_participants_export", full, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="participants-')
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Name", "E-mail", "State", "Registered on", "Checked in at",
                       "Wishes to speak", "Topic of the intervention", "Accessibility needs",
                       "Your district", "Parking?"]
    people = {r.user.legal_name: r for r in Registration.objects.filter(meeting=full)}
    ana, ion, eva = (people["Ana Pop"], people["Ion Ionescu"], people["Eva Nagy"])

    def when(registration: Registration) -> str:
        from django.utils import timezone

        return timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M")

    assert rows[1:] == [
        ["Ana Pop", ana.user.email, "Registered", when(ana), "", "yes", "Trees", "Wheelchair",
         "Fabric", "yes"],
        ["Ion Ionescu", ion.user.email, "Waiting list No. 1", when(ion), "", "no", "", "", "",
         ""],
        ["Eva Nagy", eva.user.email, "Cancelled", when(eva), "", "no", "", "", "", ""],
    ]


def test_the_xlsx_export_has_the_same_rows(client_for: Any, full: Meeting,
                                           manager: User) -> None:
    response = client_for(manager).get(manage_url("manage_participants_export", full, "xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell if cell is not None else "" for cell in row]
            for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["Name", "E-mail", "State"]
    assert [row[0] for row in rows[1:]] == ["Ana Pop", "Ion Ionescu", "Eva Nagy"]
    assert rows[1][5:] == ["yes", "Trees", "Wheelchair", "Fabric", "yes"]
    assert client_for(manager).get(
        manage_url("manage_participants_export", full, "pdf")).status_code == 404


def test_a_formula_in_an_answer_is_defused_in_the_csv(client_for: Any, component: Component,
                                                     org: Organization, manager: User) -> None:
    meeting = make_meeting(component, questions=QUESTIONS)
    services.registration_create(acting_user=person(org, "Mara"), meeting=meeting,
                                 answers={"q1": "=HYPERLINK(\"http://x\")"})
    text = client_for(manager).get(
        manage_url("manage_participants_export", meeting, "csv")).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_formulas_typed_by_residents_are_defused_in_the_xlsx(
        client_for: Any, component: Component, org: Organization, manager: User) -> None:
    meeting = make_meeting(component, questions=QUESTIONS, ask_to_speak=True)
    services.registration_create(acting_user=person(org, "=cmd|' /C calc'!A0"),
                                 meeting=meeting, wants_to_speak=True,
                                 speech_topic="+SUM(1,2)", accessibility_needs="@here",
                                 answers={"q1": "=HYPERLINK(\"http://x\")"})
    response = client_for(manager).get(manage_url("manage_participants_export", meeting,
                                                  "xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    cells = [cell for row in book.active.iter_rows() for cell in row]
    assert not [cell.value for cell in cells if cell.data_type == "f"]
    values = [cell.value for cell in cells]
    assert "'=HYPERLINK(\"http://x\")" in values
    assert "'+SUM(1,2)" in values and "'@here" in values


def test_staff_invite_by_address_from_the_page(client_for: Any, meeting: Meeting,
                                               manager: User, resident: User) -> None:
    client = client_for(manager)
    response = client.post(manage_url("manage_invite", meeting),
                           {"emails": f"{resident.email}, nobody@example.org"})
    assert response.status_code == 200
    assert ("Nobody of this organization has these addresses: nobody@example.org."
            in response.content.decode())
    assert "nobody@example.org</textarea>" in response.content.decode()

    response = client.post(manage_url("manage_invite", meeting), {"emails": resident.email})
    assert response.status_code == 302
    assert Registration.objects.get(user=resident).state == "invited"


def test_check_in_at_the_door_with_search_confirmation_and_undo(client_for: Any,
                                                                full: Meeting,
                                                                manager: User) -> None:
    client = client_for(manager)
    page = client.get(manage_url("manage_check_in", full) + "?q=ana").content.decode()
    assert "Check in Ana Pop" in page
    assert "Ion Ionescu" not in page  # waiting: not at the door
    assert "0 of 1 checked in." in page
    ana = Registration.objects.get(user__legal_name="Ana Pop")

    response = client.post(manage_url("manage_check_in_person", full, ana.pk),
                           {"action": "in", "q": "ana"}, follow=True)
    assert response.redirect_chain[-1][0] == manage_url("manage_check_in", full) + "?q=ana"
    html = response.content.decode()
    assert "Ana Pop is checked in." in html
    assert "Undo the check-in of Ana Pop" in html
    assert "1 of 1 checked in." in html
    ana.refresh_from_db()
    assert ana.checked_in_at is not None

    again = client.post(manage_url("manage_check_in_person", full, ana.pk), {"action": "in"},
                        follow=True)
    assert "Ana Pop is already checked in." in again.content.decode()

    undone = client.post(manage_url("manage_check_in_person", full, ana.pk),
                         {"action": "undo"}, follow=True)
    assert "Check-in of Ana Pop undone." in undone.content.decode()
    ana.refresh_from_db()
    assert ana.checked_in_at is None
    assert client.get(manage_url("manage_check_in_person", full, ana.pk)).status_code == 405


def test_the_check_in_search_says_when_nobody_matches(client_for: Any, full: Meeting,
                                                      manager: User) -> None:
    page = client_for(manager).get(manage_url("manage_check_in", full) + "?q=zzz")
    assert "Nobody registered matches “zzz”." in page.content.decode()


def test_the_door_page_starts_with_the_check_in_not_the_back_office_menu(
        client_for: Any, full: Meeting, manager: User) -> None:
    html = client_for(manager).get(manage_url("manage_check_in", full)).content.decode()
    assert 'class="manage-nav"' not in html
    assert "<h1>Check-in</h1>" in html
    assert manage_url("manage_participants", full) in html


def test_nobody_is_checked_in_at_a_cancelled_meeting(client_for: Any, full: Meeting,
                                                     manager: User) -> None:
    ana = Registration.objects.get(user__legal_name="Ana Pop")
    Meeting.objects.filter(pk=full.pk).update(state="cancelled", cancelled_at=timezone.now(),
                                              cancel_reason="The room is not available.")
    response = client_for(manager).post(manage_url("manage_check_in_person", full, ana.pk),
                                        {"action": "in"}, follow=True)
    assert ("Nobody can be checked in: the meeting is cancelled or not announced."
            in response.content.decode())
    ana.refresh_from_db()
    assert ana.checked_in_at is None
