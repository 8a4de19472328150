"""Personal calendar addresses: created on first use, renewed (the old address stops working)
on request. The secret itself never enters the audit log."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone

from participa.components.meetings.actions import MeetingAction
from participa.components.meetings.models import CalendarFeed
from participa.core.audit import record
from participa.core.models import User


@transaction.atomic
def calendar_feed_get_or_create(*, acting_user: User) -> CalendarFeed:
    """The person's calendar address, made on first use."""
    feed, created = CalendarFeed.objects.get_or_create(user=acting_user)
    if created:
        record(organization=acting_user.organization, actor=acting_user,
               action=MeetingAction.CALENDAR_FEED_CREATE, obj=feed)
    return feed


@transaction.atomic
def calendar_feed_renew(*, acting_user: User) -> CalendarFeed:
    """A new secret address for the person's calendar; the old one answers 404 from now on."""
    feed = calendar_feed_get_or_create(acting_user=acting_user)
    feed = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
    before = feed.renewed_at
    feed.token = uuid.uuid4()
    feed.renewed_at = timezone.now()
    feed.save(update_fields=["token", "renewed_at"])
    record(organization=acting_user.organization, actor=acting_user,
           action=MeetingAction.CALENDAR_FEED_RENEW, obj=feed,
           changes={"renewed_at": [before.isoformat() if before else None,
                                   feed.renewed_at.isoformat()]})
    return feed
