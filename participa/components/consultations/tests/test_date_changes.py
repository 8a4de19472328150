"""A published timeline cannot be bent: the announcement date is fixed, the deadline for
recommendations is extended (never shortened), every change of a date has a reason shown on the
public timeline and the followers hear of it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from participa.components.consultations.models import (
    Consultation,
    ConsultationState,
    DateChange,
)
from participa.components.consultations.services import consultations as services
from participa.components.consultations.tests.conftest import days, make_consultation
from participa.core.models import AuditEntry
from participa.notifications.models import Notification
from participa.notifications.services import follow_create


def edit_url(consultation: Consultation) -> str:
    component = consultation.component
    return reverse("manage:consultations:manage_edit",
                   args=[component.space.slug, component.pk, consultation.pk])


def form_data(consultation: Consultation, **extra: Any) -> dict[str, Any]:
    def iso(value: datetime.date | None) -> str:
        return value.isoformat() if value else ""

    data = {
        "title__en": consultation.title["en"], "title__ro": consultation.title.get("ro", ""),
        "summary__en": "", "slug": consultation.slug, "scope": "", "department": "",
        "contact_name": consultation.contact_name, "contact_email": consultation.contact_email,
        "contact_phone": "", "channel_online": "on",
        "channel_email": consultation.channels.get("email", ""),
        "channel_post": consultation.channels.get("post", ""), "channel_in_person": "",
        "legal_profile": consultation.legal_profile,
        "announced_on": iso(consultation.announced_on), "opens_on": iso(consultation.opens_on),
        "closes_on": iso(consultation.closes_on),
        "endorsement_on": iso(consultation.endorsement_on),
        "adoption_on": iso(consultation.adoption_on), "urgency_reason": "",
        "similarity_threshold": "0.8", "date_change_reason": "",
    }
    data.update(extra)
    return data


# --- the service -----------------------------------------------------------------------------


def test_it_refuses_back_dating_the_announcement(consultation, manager):
    announced = consultation.announced_on
    with pytest.raises(ValidationError) as error:
        services.consultation_update(acting_user=manager, consultation=consultation,
                                     announced_on=announced - datetime.timedelta(days=36),
                                     date_change_reason="Typo in the date.")
    assert "cannot change" in error.value.message_dict["announced_on"][0]
    consultation.refresh_from_db()
    assert consultation.announced_on == announced
    assert not DateChange.objects.exists()


def test_it_keeps_the_endorsement_rule_counted_from_the_real_announcement(component, manager):
    # Announced today: 30 working days later is weeks away. Back-dating the announcement would
    # have allowed an endorsement within days; it is refused, and so is the early endorsement.
    consultation = make_consultation(component, slug="fresh", announced=0, opens=0, closes=30)
    with pytest.raises(ValidationError):
        services.consultation_update(acting_user=manager, consultation=consultation,
                                     announced_on=days(-36), endorsement_on=days(12),
                                     date_change_reason="Earlier.")
    with pytest.raises(services.PublicationRefused) as refused:
        services.consultation_update(acting_user=manager, consultation=consultation,
                                     endorsement_on=days(12), date_change_reason="Earlier.")
    assert [v.rule for v in refused.value.violations] == ["ro.min_working_days_to_endorsement"]
    consultation.refresh_from_db()
    assert (consultation.announced_on, consultation.endorsement_on) == (days(0), None)


def test_it_refuses_shortening_the_deadline(component, manager):
    # Open for 45 days already: cutting the deadline to yesterday would satisfy the minimum
    # period of the law, and would close the consultation at once.
    consultation = make_consultation(component, slug="long", announced=-60, opens=-45,
                                     closes=10)
    with pytest.raises(ValidationError) as error:
        services.consultation_update(acting_user=manager, consultation=consultation,
                                     closes_on=days(-1), date_change_reason="Enough comments.")
    assert "can be extended, never shortened" in error.value.message_dict["closes_on"][0]
    consultation.refresh_from_db()
    assert consultation.closes_on == days(10)
    assert consultation.status() == "open"
    with pytest.raises(ValidationError):
        services.consultation_update(acting_user=manager, consultation=consultation,
                                     closes_on=None, date_change_reason="No deadline.")
    consultation.refresh_from_db()
    assert consultation.closes_on == days(10)
    assert not DateChange.objects.exists()


def test_it_refuses_moving_the_start_once_reached(consultation, manager):
    with pytest.raises(ValidationError) as error:
        services.consultation_update(acting_user=manager, consultation=consultation,
                                     opens_on=days(-3), date_change_reason="Later start.")
    assert "start of the period cannot change" in error.value.message_dict["opens_on"][0]


def test_it_requires_a_reason_to_change_a_published_date(consultation, manager):
    with pytest.raises(ValidationError) as error:
        services.consultation_update(acting_user=manager, consultation=consultation,
                                     closes_on=days(20), date_change_reason="  ")
    assert "date_change_reason" in error.value.message_dict
    consultation.refresh_from_db()
    assert consultation.closes_on == days(10)


def test_it_extends_the_deadline_records_it_and_tells_the_followers(consultation, manager,
                                                                    resident, client):
    follow_create(user=resident, target=consultation)
    services.consultation_update(acting_user=manager, consultation=consultation,
                                 closes_on=days(20),
                                 date_change_reason="The public debate was asked for.")
    consultation.refresh_from_db()
    assert consultation.closes_on == days(20)
    change = DateChange.objects.get()
    assert (change.field, change.old_value, change.new_value) == ("closes_on", days(10),
                                                                  days(20))
    assert change.reason == "The public debate was asked for."
    assert change.changed_by == manager
    assert AuditEntry.objects.filter(action="consultation.date_change").count() == 1
    notification = Notification.objects.get(recipient=resident)
    assert notification.event == "consultation.dates_changed"
    page = client.get(consultation.get_absolute_url())
    assert page.status_code == 200
    text = page.text
    assert "Changes of the dates" in text
    assert "The public debate was asked for." in text
    assert "“Recommendations accepted until” changed from" in text


def test_extending_the_deadline_moves_the_report_due_date(component, manager):
    consultation = make_consultation(component, slug="pl", profile="pl-art-5a", opens=-5,
                                     closes=30, report_due_on=days(60))
    services.consultation_update(acting_user=manager, consultation=consultation,
                                 closes_on=days(40), date_change_reason="More time.")
    consultation.refresh_from_db()
    assert consultation.report_due_on == days(70)


def test_an_unchanged_date_needs_no_reason(consultation, manager):
    services.consultation_update(acting_user=manager, consultation=consultation,
                                 closes_on=consultation.closes_on, contact_phone="0256 123")
    assert not DateChange.objects.exists()


def test_a_draft_changes_its_dates_freely(component, manager):
    draft = make_consultation(component, slug="draft", state=ConsultationState.DRAFT,
                              opens=5, closes=40)
    services.consultation_update(acting_user=manager, consultation=draft, closes_on=days(35),
                                 announced_on=days(1))
    draft.refresh_from_db()
    assert (draft.closes_on, draft.announced_on) == (days(35), days(1))
    assert not DateChange.objects.exists()


def test_it_refuses_adoption_before_endorsement(consultation, manager):
    with pytest.raises(ValidationError) as error:
        services.consultation_update(acting_user=manager, consultation=consultation,
                                     endorsement_on=days(40), adoption_on=days(30),
                                     date_change_reason="Planning.")
    assert "adoption_on" in error.value.message_dict


# --- the database ----------------------------------------------------------------------------


def test_the_database_refuses_a_shorter_deadline_or_a_change_without_reason(consultation,
                                                                           manager):
    bad = [
        {"field": "closes_on", "old_value": days(10), "new_value": days(5), "reason": "x"},
        {"field": "closes_on", "old_value": days(10), "new_value": None, "reason": "x"},
        {"field": "announced_on", "old_value": days(-40), "new_value": days(-70),
         "reason": "x"},
        {"field": "adoption_on", "old_value": days(10), "new_value": days(20), "reason": ""},
        {"field": "adoption_on", "old_value": days(10), "new_value": days(10), "reason": "x"},
    ]
    for values in bad:
        with pytest.raises(IntegrityError), transaction.atomic():
            DateChange.objects.create(consultation=consultation, changed_by=manager, **values)
    DateChange.objects.create(consultation=consultation, field="closes_on",
                              old_value=days(10), new_value=days(11), reason="x")


def test_the_database_refuses_adoption_before_endorsement(consultation):
    with pytest.raises(IntegrityError), transaction.atomic():
        Consultation.objects.filter(pk=consultation.pk).update(endorsement_on=days(40),
                                                               adoption_on=days(30))


# --- the edit page ---------------------------------------------------------------------------


def test_the_edit_page_refuses_a_shorter_deadline_and_keeps_the_typed_reason(
        client_for, component, manager):
    consultation = make_consultation(component, slug="long", announced=-60, opens=-45,
                                     closes=10)
    client = client_for(manager)
    response = client.post(edit_url(consultation), form_data(
        consultation, closes_on=days(-1).isoformat(),
        date_change_reason="Enough recommendations were received."))
    assert response.status_code == 200
    assert "can be extended, never shortened" in response.text
    assert "Enough recommendations were received." in response.text
    consultation.refresh_from_db()
    assert consultation.closes_on == days(10)


def test_the_edit_page_asks_for_a_reason_then_records_the_change(client_for, consultation,
                                                                manager):
    client = client_for(manager)
    response = client.post(edit_url(consultation), form_data(
        consultation, closes_on=days(20).isoformat()))
    assert response.status_code == 200
    assert "Write why the dates of this announced consultation change" in response.text
    assert not DateChange.objects.exists()
    response = client.post(edit_url(consultation), form_data(
        consultation, closes_on=days(20).isoformat(), date_change_reason="More time."))
    assert response.status_code == 302
    assert DateChange.objects.get().reason == "More time."


def test_the_edit_page_keeps_the_announcement_date(client_for, consultation, manager):
    announced = consultation.announced_on
    client = client_for(manager)
    page = client.get(edit_url(consultation))
    assert "it stays the same once announced" in page.text
    client.post(edit_url(consultation), form_data(
        consultation, announced_on=(announced - datetime.timedelta(days=36)).isoformat(),
        date_change_reason="Back-dated."))
    consultation.refresh_from_db()
    assert consultation.announced_on == announced
    assert not DateChange.objects.exists()


def test_the_reason_field_is_only_on_announced_consultations(client_for, component, manager):
    draft = make_consultation(component, slug="draft", state=ConsultationState.DRAFT,
                              opens=5, closes=40)
    page = client_for(manager).get(edit_url(draft))
    assert 'name="date_change_reason"' not in page.text


def test_the_rules_of_an_announced_timeline_stay_the_same(component, manager):
    # Announced today: switching the urgency procedure on afterwards would allow sending the
    # draft for endorsement within days.
    consultation = make_consultation(component, slug="fresh", announced=0, opens=0, closes=30)
    with pytest.raises(ValidationError) as error:
        services.consultation_update(acting_user=manager, consultation=consultation,
                                     urgency=True, urgency_reason="Hurry.",
                                     endorsement_on=days(3), date_change_reason="Hurry.")
    assert "urgency" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.consultation_update(acting_user=manager, consultation=consultation,
                                     legal_profile="eu-better-regulation")
    assert "legal_profile" in error.value.message_dict
    consultation.refresh_from_db()
    assert (consultation.urgency, consultation.legal_profile, consultation.endorsement_on) == (
        False, "ro-law-52-2003", None)


def test_a_date_left_empty_is_set_without_a_reason(component, manager):
    consultation = make_consultation(component, slug="fresh", announced=-60, opens=-45,
                                     closes=10)
    services.consultation_update(acting_user=manager, consultation=consultation,
                                 endorsement_on=days(20))
    consultation.refresh_from_db()
    assert consultation.endorsement_on == days(20)
    assert not DateChange.objects.exists()
    with pytest.raises(ValidationError) as error:
        services.consultation_update(acting_user=manager, consultation=consultation,
                                     endorsement_on=days(25))
    assert "date_change_reason" in error.value.message_dict
