"""Debate requests (public form, services) and public debates (staff page, minutes)."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from participa.components.consultations.models import (
    ConsultationState,
    DebateRequest,
    DebateRequestState,
)
from participa.components.consultations.services import debates as services
from participa.components.consultations.tests.conftest import make_consultation, make_debate
from participa.components.meetings.models import Meeting
from participa.conftest import make_user
from participa.core.models import AuditEntry, GroupKind, GroupMembership, UserGroup
from participa.lib import legal

COUNTER = itertools.count()


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Any) -> None:
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"


@pytest.fixture
def verified_ngo(ngo: UserGroup) -> UserGroup:
    ngo.verified_at = timezone.now()
    ngo.save(update_fields=["verified_at"])
    return ngo


def request_url(consultation: Any) -> str:
    component = consultation.component
    return reverse("spaces:consultations:request_debate",
                   args=[component.space.slug, component.pk, consultation.slug])


def manage_url(consultation: Any) -> str:
    component = consultation.component
    return reverse("manage:consultations:manage_debates",
                   args=[component.space.slug, component.pk, consultation.pk])


def starts(days: int = 5) -> str:
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.strftime("%Y-%m-%dT18:00")


# --- who may request --------------------------------------------------------------------------

def test_it_lets_a_member_of_a_verified_ngo_request_a_debate(
        client_for: Any, consultation: Any, verified_ngo: Any, ngo_member: Any) -> None:
    client = client_for(ngo_member)
    page = client.get(request_url(consultation))
    assert page.status_code == 200
    assert "Asociația Test" in page.content.decode()
    response = client.post(request_url(consultation),
                           {"group": verified_ngo.pk, "reason": "The fees affect everyone."})
    assert response.status_code == 302
    assert response["Location"].startswith(consultation.get_absolute_url())
    created = DebateRequest.objects.get(consultation=consultation)
    assert created.group == verified_ngo
    assert created.requested_by == ngo_member
    assert created.state == DebateRequestState.PENDING
    assert AuditEntry.objects.filter(action="debate_request.create").exists()


def test_it_computes_the_legal_deadline(consultation: Any, verified_ngo: Any,
                                        ngo_member: Any) -> None:
    created = services.debate_request_create(acting_user=ngo_member, consultation=consultation,
                                             group=verified_ngo, reason="Needed.")
    org = consultation.component.space.organization
    assert created.respond_by == legal.debate_request_deadline(
        consultation.legal_profile, timezone.localdate(), overrides=org.legal_parameters)
    assert created.respond_by > timezone.localdate()


def test_it_refuses_a_resident_without_a_group(client_for: Any, consultation: Any,
                                               resident: Any) -> None:
    client = client_for(resident)
    response = client.get(request_url(consultation))
    assert response.status_code == 403
    assert "verified" in response.content.decode()
    client.post(request_url(consultation), {"reason": "Please"})
    assert not DebateRequest.objects.exists()


def test_it_refuses_a_group_that_is_not_verified(client_for: Any, consultation: Any,
                                                 ngo: Any, ngo_member: Any) -> None:
    response = client_for(ngo_member).post(request_url(consultation),
                                           {"group": ngo.pk, "reason": "Please"})
    assert response.status_code == 403
    assert not DebateRequest.objects.exists()
    with pytest.raises(ValidationError):
        services.debate_request_create(acting_user=ngo_member, consultation=consultation,
                                       group=ngo, reason="Please")


def test_it_refuses_an_informal_group(client_for: Any, org: Any, consultation: Any,
                                      resident: Any) -> None:
    informal = UserGroup.objects.create(organization=org, name="Vecinii", slug="vecinii",
                                        kind=GroupKind.INFORMAL, verified_at=timezone.now())
    GroupMembership.objects.create(group=informal, user=resident,
                                   status=GroupMembership.Status.ACCEPTED)
    assert client_for(resident).get(request_url(consultation)).status_code == 403


def test_it_refuses_a_group_the_person_is_not_member_of(consultation: Any, org: Any,
                                                        verified_ngo: Any,
                                                        ngo_member: Any) -> None:
    other = UserGroup.objects.create(organization=org, name="Other NGO", slug="other",
                                     kind=GroupKind.NGO, verified_at=timezone.now())
    with pytest.raises(ValidationError):
        services.debate_request_create(acting_user=ngo_member, consultation=consultation,
                                       group=other, reason="Please")


def test_it_hides_the_form_from_outsiders_and_sends_visitors_to_log_in(
        client_for: Any, consultation: Any, outsider: Any) -> None:
    assert client_for(outsider, "other.test").get(request_url(consultation)).status_code == 404
    response = client_for(None).get(request_url(consultation))
    assert response.status_code == 302 and "login" in response["Location"]


def test_it_hides_the_form_of_a_draft_consultation(client_for: Any, component: Any,
                                                   verified_ngo: Any, ngo_member: Any) -> None:
    draft = make_consultation(component, slug="draft", state=ConsultationState.DRAFT)
    assert client_for(ngo_member).get(request_url(draft)).status_code == 404


def test_it_accepts_one_request_per_group(client_for: Any, consultation: Any, org: Any,
                                          verified_ngo: Any, ngo_member: Any) -> None:
    services.debate_request_create(acting_user=ngo_member, consultation=consultation,
                                   group=verified_ngo, reason="First")
    colleague = make_user(org, "colleague")
    GroupMembership.objects.create(group=verified_ngo, user=colleague,
                                   status=GroupMembership.Status.ACCEPTED)
    with pytest.raises(ValidationError, match="already asked"):
        services.debate_request_create(acting_user=colleague, consultation=consultation,
                                       group=verified_ngo, reason="Second")
    page = client_for(colleague).get(request_url(consultation)).content.decode()
    assert "already asked" in page
    assert DebateRequest.objects.count() == 1


def test_it_keeps_the_reason_when_it_is_missing(client_for: Any, consultation: Any,
                                                verified_ngo: Any, ngo_member: Any) -> None:
    response = client_for(ngo_member).post(request_url(consultation),
                                           {"group": verified_ngo.pk, "reason": "  "})
    assert response.status_code == 400
    assert not DebateRequest.objects.exists()


# --- staff: scheduling and minutes ------------------------------------------------------------

@pytest.mark.parametrize("persona", ["resident", "ngo_member", "moderator"])
def test_it_hides_the_staff_page(client_for: Any, consultation: Any, persona: str,
                                 request: Any) -> None:
    user = request.getfixturevalue(persona)
    assert client_for(user).get(manage_url(consultation)).status_code == 404


def test_it_shows_pending_requests_with_their_deadline(client_for: Any, manager: Any,
                                                       consultation: Any, verified_ngo: Any,
                                                       ngo_member: Any) -> None:
    created = services.debate_request_create(acting_user=ngo_member,
                                             consultation=consultation,
                                             group=verified_ngo, reason="Fees matter.")
    text = client_for(manager).get(manage_url(consultation)).content.decode()
    assert "Asociația Test" in text and "Fees matter." in text
    assert created.respond_by.isoformat() in text
    assert "Overdue" not in text
    DebateRequest.objects.filter(pk=created.pk).update(
        respond_by=timezone.localdate() - datetime.timedelta(days=1))
    text = client_for(manager).get(manage_url(consultation)).content.decode()
    assert "Overdue" in text


def test_it_schedules_the_requested_debate(client_for: Any, manager: Any, consultation: Any,
                                           verified_ngo: Any, ngo_member: Any) -> None:
    created = services.debate_request_create(acting_user=ngo_member,
                                             consultation=consultation,
                                             group=verified_ngo, reason="Fees matter.")
    response = client_for(manager).post(manage_url(consultation), {
        "action": "schedule", "requests": [created.pk], "starts_at": starts(),
        "place": "Sala de consiliu, Bd. C.D. Loga 1", "online_url": ""})
    assert response.status_code == 302
    debate = Meeting.objects.get(consultation=consultation)
    created.refresh_from_db()
    assert created.state == DebateRequestState.SCHEDULED and created.debate == debate
    assert debate.address.startswith("Sala de consiliu")
    page = client_for(ngo_member).get(consultation.get_absolute_url()).content.decode()
    assert "Sala de consiliu" in page
    # Residents register on the meeting's page, linked from the consultation.
    assert f'<a href="{debate.get_absolute_url()}">' in page


def test_it_needs_a_place_or_a_link_and_keeps_what_was_typed(
        client_for: Any, manager: Any, consultation: Any, verified_ngo: Any,
        ngo_member: Any) -> None:
    created = services.debate_request_create(acting_user=ngo_member,
                                             consultation=consultation,
                                             group=verified_ngo, reason="Fees matter.")
    response = client_for(manager).post(manage_url(consultation), {
        "action": "schedule", "requests": [created.pk], "starts_at": starts(),
        "place": "", "online_url": ""})
    assert response.status_code == 400
    assert "place of the debate" in response.content.decode()
    assert not Meeting.objects.exists()


def test_it_adds_a_debate_without_a_request(client_for: Any, manager: Any,
                                            consultation: Any) -> None:
    response = client_for(manager).post(manage_url(consultation), {
        "action": "create", "new-starts_at": starts(), "new-place": "",
        "new-online_url": "https://meet.example/consultare"})
    assert response.status_code == 302
    debate = Meeting.objects.get()
    assert debate.online_url == "https://meet.example/consultare"
    assert AuditEntry.objects.filter(action="debate.create").exists()


def test_it_publishes_the_minutes(client_for: Any, manager: Any, consultation: Any,
                                  resident: Any) -> None:
    debate = make_debate(consultation, starts_at=timezone.now() - datetime.timedelta(days=1),
                         place="Sala mare")
    minutes = SimpleUploadedFile("minuta.pdf", b"%PDF-1.4\nminuta\n",
                                 content_type="application/pdf")
    response = client_for(manager).post(manage_url(consultation), {
        "action": "minutes", "debate": debate.pk, f"minutes-{debate.pk}-file": minutes,
        f"minutes-{debate.pk}-participants": "42"})
    assert response.status_code == 302
    debate.refresh_from_db()
    assert debate.minutes is not None and debate.minutes_published_at is not None
    assert debate.participants == 42
    # Public: the consultation page links to the minutes and anyone may download them.
    page = client_for(resident).get(consultation.get_absolute_url()).content.decode()
    download = reverse("attachments:download", args=[debate.minutes.pk])
    assert download in page
    assert client_for(None).get(download).status_code == 200


def test_it_refuses_minutes_of_a_wrong_type(client_for: Any, manager: Any,
                                            consultation: Any) -> None:
    debate = make_debate(consultation, starts_at=timezone.now() - datetime.timedelta(hours=1),
                         place="Sala mare")
    fake = SimpleUploadedFile("minuta.pdf", b"not a pdf at all \x00\x01",
                              content_type="application/pdf")
    response = client_for(manager).post(manage_url(consultation), {
        "action": "minutes", "debate": debate.pk, f"minutes-{debate.pk}-file": fake})
    assert response.status_code == 400
    debate.refresh_from_db()
    assert debate.minutes_published_at is None


def test_it_edits_a_debate(client_for: Any, manager: Any, consultation: Any) -> None:
    debate = services.debate_create(acting_user=manager, consultation=consultation,
                                    starts_at=timezone.now() + datetime.timedelta(days=4),
                                    place="Sala mare")
    component = consultation.component
    url = reverse("manage:consultations:manage_debate_edit",
                  args=[component.space.slug, component.pk, consultation.pk, debate.pk])
    assert client_for(manager).get(url).status_code == 200
    response = client_for(manager).post(url, {"starts_at": starts(6), "place": "Sala mică",
                                              "online_url": "", "participants": "12"})
    assert response.status_code == 302
    debate.refresh_from_db()
    assert debate.address == "Sala mică" and debate.participants == 12
    assert timezone.localtime(debate.starts_at).strftime("%Y-%m-%dT%H:%M") == starts(6)
    assert debate.sequence == 1  # an announced meeting moved: calendars take it in
    # Too close to be announced in time (Romania: 3 days' notice): refused, with a sentence.
    response = client_for(manager).post(url, {"starts_at": starts(1), "place": "Sala mică",
                                              "online_url": "", "participants": "12"})
    assert response.status_code == 200
    assert "must be announced at least 3 days before" in response.content.decode()


def test_the_staff_page_links_each_debate_to_its_meeting(client_for: Any, manager: Any,
                                                         consultation: Any) -> None:
    debate = services.debate_create(acting_user=manager, consultation=consultation,
                                    starts_at=timezone.now() + datetime.timedelta(days=4),
                                    place="Sala mare")
    page = client_for(manager).get(manage_url(consultation)).content.decode()
    meeting_url = reverse("manage:meetings:manage_detail",
                          args=[debate.component.space.slug, debate.component_id, debate.pk])
    assert f'href="{meeting_url}"' in page


# --- the staff page's query count -------------------------------------------------------------

def test_the_staff_page_runs_a_fixed_number_of_queries(client_for: Any, consultation: Any,
                                                       org: Any, manager: Any) -> None:
    from participa.testing import assert_constant_queries

    def add(count: int) -> None:
        for _ in range(count):
            number = next(COUNTER)
            group = UserGroup.objects.create(organization=org, name=f"Group {number}",
                                             slug=f"group-{number}", kind=GroupKind.NGO,
                                             verified_at=timezone.now())
            member = make_user(org, f"member-{number}")
            GroupMembership.objects.create(group=group, user=member,
                                           role=GroupMembership.Role.ADMIN,
                                           status=GroupMembership.Status.ACCEPTED)
            request = services.debate_request_create(
                acting_user=member, consultation=consultation, group=group,
                reason=f"Reason {number}")
            services.debate_create(
                acting_user=manager, consultation=consultation,
                starts_at=timezone.now() + datetime.timedelta(days=3, hours=number),
                place=f"Hall {number}", requests=[request])

    add(2)
    few, many = assert_constant_queries(client_for(manager), manage_url(consultation),
                                        lambda: add(6))
    # Each debate shows its place once; each request names its group twice (the request and
    # the debate answering it).
    assert [few.content.decode().count("Hall "), many.content.decode().count("Hall ")] == [2, 8]
    assert [few.content.decode().count("Group "),
            many.content.decode().count("Group ")] == [4, 16]


def test_the_debate_s_page_links_back_to_its_consultation(client_for: Any, manager: Any,
                                                          consultation: Any) -> None:
    debate = services.debate_create(acting_user=manager, consultation=consultation,
                                    starts_at=timezone.now() + datetime.timedelta(days=4),
                                    place="Sala mare")
    page = client_for(None).get(debate.get_absolute_url()).content.decode()
    assert f'<dd><a href="{consultation.get_absolute_url()}"' in page
    assert "<dt>Consultation</dt>" in page


@pytest.mark.parametrize(("tampered", "said"), [
    ("99999999999999999999999", "Select a valid choice"),
    ("-1", "Select a valid choice"),
    ("abc", "“abc” is not a valid value."),
])
def test_a_tampered_request_id_is_refused_with_a_sentence(client_for: Any, manager: Any,
                                                          consultation: Any, verified_ngo: Any,
                                                          ngo_member: Any, tampered: str,
                                                          said: str) -> None:
    """A request id no database holds (far too large, negative, not a number) is a choice
    not offered, said next to the field with what was typed kept; never an error page."""
    services.debate_request_create(acting_user=ngo_member, consultation=consultation,
                                   group=verified_ngo, reason="Fees matter.")
    response = client_for(manager).post(manage_url(consultation), {
        "action": "schedule", "requests": [tampered], "starts_at": starts(),
        "place": "Sala de consiliu", "online_url": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert said in page
    assert 'value="Sala de consiliu"' in page
    assert not Meeting.objects.exists()
