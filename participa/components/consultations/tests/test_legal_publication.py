"""Announcing a consultation: refused when its dates break its legal profile, with a message
that names the rule and the earliest allowed date; accepted when every rule is satisfied."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import translation

from participa.components.consultations import legal_messages
from participa.components.consultations.models import Consultation, ConsultationState
from participa.components.consultations.services import consultations as services
from participa.components.consultations.tests.test_services_consultations import (
    _attachment_root,  # noqa: F401  (autouse fixture: attachments in a temporary folder)
    attach,
)
from participa.core.models import AuditEntry
from participa.notifications.models import Notification
from participa.notifications.services import follow_create

D = datetime.date
TODAY = D(2026, 11, 2)  # a Monday


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def ready(component: Any, manager: Any, *, profile: str = "ro-law-52-2003",
          justification: bool = True, slug: str = "draft", **values: Any) -> Consultation:
    """A draft with its text, which ``values`` (dates, channels, urgency) complete."""
    values.setdefault("opens_on", TODAY)
    values.setdefault("closes_on", TODAY + datetime.timedelta(days=29))
    consultation = services.consultation_create(
        acting_user=manager, component=component, title={"en": "Parking rules"}, slug=slug,
        legal_profile=profile, **values)
    services.article_create(acting_user=manager, consultation=consultation, number="Art. 1",
                            heading="Scope", body="Parking in the centre.")
    if justification:
        attach(consultation, manager)
    return consultation


def refused(consultation: Consultation, manager: Any,
            today: datetime.date = TODAY) -> list[str]:
    with pytest.raises(services.PublicationRefused) as error:
        services.consultation_publish(acting_user=manager, consultation=consultation,
                                      today=today)
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.DRAFT
    return list(error.value.messages)


def publish(consultation: Consultation, manager: Any,
            today: datetime.date = TODAY) -> Consultation:
    services.consultation_publish(acting_user=manager, consultation=consultation, today=today)
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.PUBLISHED
    return consultation


# --- Romania: Law 52/2003 -------------------------------------------------------------------


def test_ro_it_refuses_fewer_than_ten_days_for_recommendations(component, manager):
    consultation = ready(component, manager, closes_on=TODAY + datetime.timedelta(days=5))
    assert refused(consultation, manager) == [
        "Law 52/2003 requires at least 10 days for written recommendations: the period must "
        "end on 11 November 2026 or later."
    ]
    services.consultation_update(acting_user=manager, consultation=consultation,
                                 closes_on=D(2026, 11, 11))
    publish(consultation, manager)


def test_ro_it_refuses_recommendations_before_the_announcement(component, manager):
    consultation = ready(component, manager, announced_on=D(2026, 11, 4))
    (message,) = refused(consultation, manager)
    assert "Law 52/2003" in message and "4 November 2026" in message
    services.consultation_update(acting_user=manager, consultation=consultation,
                                 opens_on=D(2026, 11, 4))
    assert publish(consultation, manager).announced_on == D(2026, 11, 4)


def test_ro_it_refuses_an_endorsement_before_thirty_working_days(component, manager):
    consultation = ready(component, manager, endorsement_on=D(2026, 12, 1))
    (message,) = refused(consultation, manager)
    assert message.startswith("Law 52/2003 requires at least 30 working days")
    # 30 full working days after Monday 2 November 2026, without 30 November (St Andrew) and
    # 1 December (National Day): the 30th is Wednesday 16 December, so 17 December.
    assert "17 December 2026 or later" in message
    services.consultation_update(acting_user=manager, consultation=consultation,
                                 endorsement_on=D(2026, 12, 16))
    (message,) = refused(consultation, manager)
    services.consultation_update(acting_user=manager, consultation=consultation,
                                 endorsement_on=D(2026, 12, 17))
    publish(consultation, manager)


def test_ro_it_counts_working_days_around_the_winter_holidays(component, manager):
    # Announced on 1 December (a holiday); Christmas, New Year, 6-7 January are holidays too:
    # the 30th working day is 18 January 2027, so the draft may be sent on 19 January.
    announced = D(2026, 12, 1)
    consultation = ready(component, manager, opens_on=announced,
                         closes_on=D(2026, 12, 20), endorsement_on=D(2027, 1, 18))
    (message,) = refused(consultation, manager, today=announced)
    assert "19 January 2027 or later" in message
    services.consultation_update(acting_user=manager, consultation=consultation,
                                 endorsement_on=D(2027, 1, 19))
    assert publish(consultation, manager, today=announced).announced_on == announced


def test_ro_it_requires_the_justification_report(component, manager):
    consultation = ready(component, manager, justification=False)
    (message,) = refused(consultation, manager)
    assert "justification report" in message
    attach(consultation, manager, role="annex")
    assert refused(consultation, manager) == [message]
    attach(consultation, manager, role="justification")
    publish(consultation, manager)


def test_ro_urgency_with_a_reason_skips_the_deadlines_and_is_recorded(component, manager):
    consultation = ready(component, manager, justification=False,
                         closes_on=TODAY + datetime.timedelta(days=2),
                         endorsement_on=TODAY + datetime.timedelta(days=3), urgency=True,
                         urgency_reason="The bridge is unsafe and must close this week.")
    publish(consultation, manager)
    entries = AuditEntry.objects.filter(action="consultation.urgency",
                                        object_id=str(consultation.pk))
    entry = entries.last()
    assert entry is not None
    # The audit log names the field; the reason itself is the consultation's published text.
    assert "urgency_reason" in entry.changes and entry.changes["urgency_reason"] is None
    consultation.refresh_from_db()
    assert consultation.urgency_reason.startswith("The bridge is unsafe")


def test_ro_urgency_without_a_reason_is_refused(component, manager):
    with pytest.raises(services.ValidationError):
        ready(component, manager, urgency=True, urgency_reason="  ")
    consultation = ready(component, manager)
    with pytest.raises(services.ValidationError):
        services.consultation_update(acting_user=manager, consultation=consultation,
                                     urgency=True)


def test_ro_organization_overrides_change_the_minimum(component, manager, org):
    org.legal_parameters = {"min_comment_days": 15}
    org.save()
    consultation = ready(component, manager, closes_on=TODAY + datetime.timedelta(days=10))
    (message,) = refused(consultation, manager)
    assert "at least 15 days" in message and "16 November 2026" in message


# --- Poland: art. 5a ------------------------------------------------------------------------

PL_CHANNELS = {"online": True, "email": "konsultacje@miasto.example",
               "post": "ul. Śląska 11/13", "in_person": ""}


def test_pl_it_refuses_a_consultation_shorter_than_thirty_days(component, manager):
    consultation = ready(component, manager, profile="pl-art-5a", justification=False,
                         channels=PL_CHANNELS, announced_on=TODAY - datetime.timedelta(days=7),
                         closes_on=TODAY + datetime.timedelta(days=20))
    (message,) = refused(consultation, manager)
    assert message == (
        "The council's resolution on consultations requires them to last at least 30 days: "
        "the period must end on 1 December 2026 or later.")
    services.consultation_update(acting_user=manager, consultation=consultation,
                                 closes_on=D(2026, 12, 1))
    published = publish(consultation, manager)
    assert published.report_due_on == D(2026, 12, 31)


def test_pl_it_refuses_a_notice_shorter_than_seven_days(component, manager):
    consultation = ready(component, manager, profile="pl-art-5a", justification=False,
                         channels=PL_CHANNELS, opens_on=TODAY + datetime.timedelta(days=3),
                         closes_on=TODAY + datetime.timedelta(days=40))
    (message,) = refused(consultation, manager)
    assert "at least 7 days before" in message and "9 November 2026" in message
    services.consultation_update(acting_user=manager, consultation=consultation,
                                 opens_on=D(2026, 11, 9))
    assert publish(consultation, manager).announced_on == TODAY


def test_pl_it_refuses_fewer_than_two_channels(component, manager):
    consultation = ready(component, manager, profile="pl-art-5a", justification=False,
                         channels={"online": True, "email": "konsultacje@miasto.example"},
                         announced_on=TODAY - datetime.timedelta(days=7))
    (message,) = refused(consultation, manager)
    assert "at least 2 ways to take part" in message
    services.consultation_update(acting_user=manager, consultation=consultation,
                                 channels=PL_CHANNELS)
    publish(consultation, manager)


# --- EU Better Regulation -------------------------------------------------------------------


def test_eu_it_refuses_fewer_than_twelve_weeks(component, manager):
    consultation = ready(component, manager, profile="eu-better-regulation",
                         justification=False)
    (message,) = refused(consultation, manager)
    assert message == (
        "The Better Regulation guidelines require at least 12 weeks of consultation: the "
        "period must end on 24 January 2027 or later.")
    services.consultation_update(acting_user=manager, consultation=consultation,
                                 closes_on=D(2027, 1, 24))
    publish(consultation, manager)


# --- everything else ------------------------------------------------------------------------


def test_it_lists_every_broken_rule(component, manager):
    consultation = ready(component, manager, justification=False,
                         announced_on=D(2026, 11, 4),
                         closes_on=TODAY + datetime.timedelta(days=3))
    messages = refused(consultation, manager)
    assert len(messages) == 3
    assert any("justification report" in m for m in messages)


def test_it_refuses_a_draft_without_dates_or_text(component, manager):
    consultation = services.consultation_create(
        acting_user=manager, component=component, title={"en": "Empty"},
        legal_profile="eu-better-regulation")
    messages = refused(consultation, manager)
    assert any("Enter the dates" in m for m in messages)
    assert any("no text yet" in m for m in messages)


def test_it_names_unknown_rules_generically():
    message = legal_messages.message_for("xx.min_something", D(2027, 3, 5), {})
    assert "xx.min_something" in message and "5 March 2027" in message
    assert "xx.other" in legal_messages.message_for("xx.other")


def test_it_writes_the_rule_in_the_persons_language():
    with translation.override("ro"):
        message = legal_messages.message_for("ro.min_comment_days", D(2026, 12, 4),
                                             {"days": 10})
    assert "2026" in message and "4" in message


def test_it_announces_and_tells_the_followers(component, manager, resident):
    follow_create(user=resident, target=component)
    consultation = ready(component, manager)
    published = publish(consultation, manager)
    assert published.published_at is not None
    assert published.announced_on == TODAY
    assert published.report_due_on is None  # Law 52/2003 sets no deadline for the report
    notification = Notification.objects.get(recipient=resident)
    assert notification.event == "consultation.published"
    assert AuditEntry.objects.filter(action="consultation.publish",
                                     object_id=str(consultation.pk)).exists()


def test_it_refuses_to_announce_twice(consultation, manager):
    with pytest.raises(services.PublicationRefused) as error:
        services.consultation_publish(acting_user=manager, consultation=consultation)
    assert error.value.messages == ["This consultation has already been announced."]


def test_it_checks_new_dates_of_an_announced_consultation(component, manager):
    consultation = publish(ready(component, manager), manager)
    with pytest.raises(services.PublicationRefused) as error:
        services.consultation_update(acting_user=manager, consultation=consultation,
                                     closes_on=TODAY + datetime.timedelta(days=3))
    assert "Law 52/2003" in error.value.messages[0]
