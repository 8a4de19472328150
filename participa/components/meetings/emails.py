"""The e-mails of registration: confirmation (with the meeting's ``.ics`` file and the
cancellation link), waiting list, "you have a place", invitation and the reminder the day
before. Written in the person's language and the organization's time zone; the online link is
written only for registered participants."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from participa.components.meetings.ical import calendar_bytes
from participa.components.meetings.models import Registration, RegistrationState
from participa.core.i18n import translated
from participa.notifications import emails

KINDS = ("registered", "waiting", "promoted", "invited", "reminder")


def cancel_path(registration: Registration) -> str:
    """The secret cancellation link (works without signing in)."""
    component = registration.meeting.component
    return reverse("spaces:meetings:registration_link",
                   args=[component.space.slug, component.pk, registration.token])


def registration_message(registration: Registration, kind: str) -> EmailMultiAlternatives:
    """The e-mail ``kind`` to the person of ``registration``."""
    if kind not in KINDS:
        raise ValueError(f"Unknown registration e-mail {kind!r}")
    meeting = registration.meeting
    user = registration.user
    org = meeting.component.space.organization
    language = emails.user_language(user, org)
    registered = registration.state == RegistrationState.REGISTERED
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(org.time_zone)):
        context: dict[str, Any] = {
            "kind": kind, "organization": org, "recipient": user,
            "registration": registration, "meeting": meeting,
            "title": translated(meeting.title, language) or str(meeting),
            "meeting_url": emails.absolute_url(org, meeting.get_absolute_url()),
            "cancel_url": emails.absolute_url(org, cancel_path(registration)),
            "online_url": meeting.online_url if registered and meeting.is_online else "",
        }
        subject = " ".join(render_to_string("meetings/emails/registration_subject.txt",
                                            context).split())
        text = str.__str__(render_to_string("meetings/emails/registration.txt", context))
        html = str.__str__(render_to_string("meetings/emails/registration.html", context))
        calendar_name = context["title"]
    message = EmailMultiAlternatives(subject=subject[:300], body=text,
                                     from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email])
    message.attach_alternative(html, "text/html")
    if registered:
        ics = calendar_bytes([meeting], name=calendar_name,
                             base_url=emails.absolute_url(org, "/"),
                             time_zone=org.time_zone, with_link=True)
        message.attach("meeting.ics", ics, "text/calendar; method=PUBLISH")
    return message


def registration_email_send(registration_id: int, kind: str) -> bool:
    """Send the e-mail ``kind`` about one registration; nothing when the registration is
    gone, cancelled since, or the person has no address. Answers whether it was sent."""
    registration = (Registration.objects.filter(pk=registration_id)
                    .select_related("user", "meeting__component__space__organization")
                    .first())
    if registration is None or not registration.user.email:
        return False
    if registration.state == RegistrationState.CANCELLED:
        return False
    if kind in ("registered", "promoted", "reminder") \
            and registration.state != RegistrationState.REGISTERED:
        return False
    registration_message(registration, kind).send()
    return True
