"""A consultation's public debate, end to end in the browser, axe-core on every page visited:
an association asks for it, an official schedules it on the consultation's debates page (it
becomes a meeting), and a resident finds it on the consultation page and opens the meeting's
page, where registration happens; the online link is never listed."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from participa.components.consultations.models import DebateRequest, DebateRequestState
from participa.components.meetings.models import Meeting, MeetingState, MeetingType
from participa.core.models import GroupKind, GroupMembership, UserGroup
from participa.spaces.models import SpaceMembership

from .conftest import make_person
from .test_consultation_journeys import build, form_with, log_in, log_out

pytestmark = [pytest.mark.browser]


def test_it_takes_a_requested_debate_to_the_meetings_page(journey: Any, site: Any) -> None:
    page = journey.page
    space, component, consultation = build(site, opens=-5, closes=20)
    official = make_person(site, "Cristina Dobre", "cristina@example.org")
    SpaceMembership.objects.create(space=space, user=official,
                                   role=SpaceMembership.Role.MANAGER)
    member = make_person(site, "Ioana Marin", "ioana@example.org")
    group = UserGroup.objects.create(organization=site, name="Asociația Pietonilor",
                                     slug="pietoni", kind=GroupKind.NGO,
                                     verified_at=timezone.now())
    GroupMembership.objects.create(group=group, user=member, role=GroupMembership.Role.ADMIN,
                                   status=GroupMembership.Status.ACCEPTED)

    # The association asks for the debate in writing.
    log_in(journey, member.email)
    journey.goto("spaces:consultations:request_debate", space.slug, component.pk,
                 consultation.slug)
    form = form_with(page, "reason")
    form.locator("[name='reason']").fill("The fees concern thousands of residents.")
    journey.follow(form.locator("[type='submit']"))
    request = DebateRequest.objects.get(consultation=consultation)
    log_out(journey)

    # The official schedules it within the legal window: it becomes an announced meeting.
    log_in(journey, official.email)
    args = [space.slug, component.pk, consultation.pk]
    journey.goto("manage:consultations:manage_debates", *args)
    form = form_with(page, "requests")
    form.locator(f"[name='requests'][value='{request.pk}']").check()
    starts = timezone.localtime() + datetime.timedelta(days=5)
    form.locator("[name='starts_at']").fill(starts.strftime("%Y-%m-%dT18:00"))
    form.locator("[name='place']").fill("Sala de consiliu, Bd. C.D. Loga 1")
    form.locator("[name='online_url']").fill("https://meet.example/secret-room")
    journey.follow(form.locator("[type='submit']"))
    meeting = Meeting.objects.get(consultation=consultation)
    assert (meeting.type, meeting.state) == (MeetingType.PUBLIC_DEBATE, MeetingState.SCHEDULED)
    request.refresh_from_db()
    assert request.state == DebateRequestState.SCHEDULED and request.debate == meeting
    assert "is scheduled" in page.inner_text("main")
    # The meeting's back-office page: registrations, speakers and agenda.
    journey.follow(page.locator("main").get_by_role(
        "link", name="Registrations, speakers and agenda on the meeting's page"))
    log_out(journey)

    # A resident finds it on the consultation page and opens the meeting's page.
    journey.goto(consultation.get_absolute_url())
    main = page.inner_text("main")
    assert "Sala de consiliu, Bd. C.D. Loga 1" in main
    assert "secret-room" not in page.content()
    journey.follow(page.locator(f"main a[href='{meeting.get_absolute_url()}']"))
    assert page.url.endswith(meeting.get_absolute_url())
    assert "secret-room" not in page.content()
