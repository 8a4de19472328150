"""Citizen seats drawn by lot: staff open a draw for a working group, residents apply and get
an anonymous code, staff close the applications, enter the public value and run the draw
(``participa.lib.lottery``, algorithm ``sha256-rank-v1``); the residents drawn become members
of the working group ("citizen observer") and are notified. Every write audited."""

from __future__ import annotations

import datetime
import secrets
from functools import partial
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participa.components.meetings.actions import MeetingAction, MeetingJournalAction
from participa.components.meetings.models import (
    SeatApplication,
    SeatDraw,
    SeatDrawState,
)
from participa.core import permissions as core_permissions
from participa.core.audit import audited_create, audited_delete, audited_update, record
from participa.core.journal import Public
from participa.core.models import User
from participa.lib import lottery
from participa.notifications import tasks as notification_tasks
from participa.notifications.models import Notification
from participa.notifications.services import email_frequency
from participa.spaces.models import Component, Space, SpaceKind, SpaceMembership

# Codes residents read and say aloud: no 0/O, 1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6
CODE_ATTEMPTS = 20
OBSERVER_POSITION = gettext_lazy("citizen observer")
SELECTED_EVENT = "seat_draw.selected"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _org(draw: SeatDraw) -> Any:
    return draw.component.space.organization


def _when(value: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def applications_open(draw: SeatDraw, now: datetime.datetime | None = None) -> bool:
    return (draw.state == SeatDrawState.OPEN
            and (now or timezone.now()) < draw.applications_close_at)


@transaction.atomic
def seat_draw_create(*, acting_user: User | None, component: Component, space: Space,
                     title: dict[str, str], seats: int,
                     applications_close_at: datetime.datetime, committed_number: str,
                     public_value_source: str) -> SeatDraw:
    """Open a draw of ``seats`` observer seats of the working group ``space``."""
    errors: dict[str, str] = {}
    org = component.space.organization
    if space.organization_id != org.pk or space.kind != SpaceKind.ASSEMBLY:
        errors["space"] = _("Choose a working group of this organization.")
    if not title or not any(str(text).strip() for text in title.values()):
        errors["title"] = _("Give the draw a title.")
    if seats < 1:
        errors["seats"] = _("A draw has at least one seat.")
    if applications_close_at <= timezone.now():
        errors["applications_close_at"] = _("Applications must close in the future.")
    committed_number = (committed_number or "").strip()
    if not committed_number:
        errors["committed_number"] = _(
            "Publish a number now: it is half of the seed, the public value the other half.")
    public_value_source = (public_value_source or "").strip()
    if not public_value_source:
        errors["public_value_source"] = _(
            "Say which public value, not known yet, the draw will wait for (for example the "
            "first number drawn in the national lottery of a given day).")
    if errors:
        raise ValidationError(errors)
    draw: SeatDraw = audited_create(
        SeatDraw, organization=org, actor=acting_user, action=MeetingAction.SEAT_DRAW_CREATE,
        values={"component": component, "space": space, "title": title, "seats": seats,
                "applications_close_at": applications_close_at,
                "committed_number": committed_number,
                "public_value_source": public_value_source,
                "algorithm": lottery.ALGORITHM})
    return draw


@transaction.atomic
def seat_application_create(*, acting_user: User, draw: SeatDraw,
                            motivation: str = "") -> SeatApplication:
    """A resident applies; the application gets a random anonymous code, unique in the draw
    (drawn again on the rare collision, under the database's unique constraint)."""
    if not core_permissions.belongs_to(acting_user, _org(draw)):
        raise ValidationError(_("Sign in with an account of this city to apply."),
                              code="outsider")
    locked = SeatDraw.objects.select_for_update().get(pk=draw.pk)
    if not applications_open(locked):
        raise ValidationError(_("Applications for this draw are closed."), code="closed")
    if SeatApplication.objects.filter(draw=locked, user=acting_user).exists():
        raise ValidationError(_("You have already applied for this draw."), code="twice")
    motivation = (motivation or "").strip()
    for _attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                application: SeatApplication = audited_create(
                    SeatApplication, organization=_org(draw), actor=acting_user,
                    action=MeetingAction.SEAT_APPLICATION_CREATE,
                    values={"draw": locked, "user": acting_user, "code": new_code(),
                            "motivation": motivation})
                return application
        except ValidationError as error:
            # full_clean found the code taken (another application has it): draw another.
            if "__all__" not in getattr(error, "error_dict", {}):
                raise
        except IntegrityError:
            if SeatApplication.objects.filter(draw=locked, user=acting_user).exists():
                raise ValidationError(_("You have already applied for this draw."),
                                      code="twice") from None
    raise ValidationError(_("No free code could be found: try again."), code="code")


@transaction.atomic
def seat_application_withdraw(*, acting_user: User, application: SeatApplication) -> None:
    """The applicant withdraws, while applications are open."""
    draw = SeatDraw.objects.select_for_update().get(pk=application.draw_id)
    if application.user_id != acting_user.pk:
        raise ValidationError(_("This is not your application."), code="owner")
    if not applications_open(draw):
        raise ValidationError(_("Applications are closed: the list of codes is published and "
                                "can no longer change."), code="closed")
    audited_delete(application, organization=_org(draw), actor=acting_user,
                   action=MeetingAction.SEAT_APPLICATION_WITHDRAW)


@transaction.atomic
def seat_draw_close(*, acting_user: User | None, draw: SeatDraw) -> SeatDraw:
    """Close the applications (not before the announced time): the codes are published."""
    locked = SeatDraw.objects.select_for_update().get(pk=draw.pk)
    if locked.state != SeatDrawState.OPEN:
        raise ValidationError(_("Applications for this draw are already closed."),
                              code="closed")
    if timezone.now() < locked.applications_close_at:
        raise ValidationError(_("Applications stay open until %(when)s, as announced.")
                              % {"when": _when(locked.applications_close_at)}, code="early")
    audited_update(draw, organization=_org(draw), actor=acting_user,
                   action=MeetingAction.SEAT_DRAW_CLOSE,
                   values={"state": SeatDrawState.CLOSED})
    return draw


@transaction.atomic
def seat_draw_set_public_value(*, acting_user: User | None, draw: SeatDraw,
                               public_value: str) -> SeatDraw:
    """Enter the public value the draw waited for, once applications are closed."""
    public_value = (public_value or "").strip()
    if not public_value:
        raise ValidationError({"public_value": _("Enter the public value.")}, code="empty")
    locked = SeatDraw.objects.select_for_update().get(pk=draw.pk)
    if locked.state == SeatDrawState.DRAWN:
        raise ValidationError(_("The seats are already drawn: the public value can no longer "
                                "change."), code="drawn")
    if locked.state != SeatDrawState.CLOSED:
        raise ValidationError(_("Close the applications before entering the public value."),
                              code="open")
    audited_update(draw, organization=_org(draw), actor=acting_user,
                   action=MeetingAction.SEAT_DRAW_PUBLIC_VALUE,
                   values={"public_value": public_value})
    return draw


def _notify_selected(draw: SeatDraw, users: list[User], actor: User | None) -> None:
    """Tell each resident drawn (in the app, and by e-mail per their preference)."""
    if not users:
        return
    org = _org(draw)
    content_type = ContentType.objects.get_for_model(SeatDraw)
    created = [Notification.objects.create(
        organization=org, recipient=user, actor=actor if actor and actor.pk else None,
        event=SELECTED_EVENT, content_type=content_type, object_id=draw.pk, space=draw.space,
        target_title=dict(draw.title), url=draw.get_absolute_url(),
        email_pending=email_frequency(user.notification_preferences) != "none",
    ) for user in users]
    immediate = [row.pk for row, user in zip(created, users, strict=True)
                 if email_frequency(user.notification_preferences) == "immediately"]
    if immediate:
        transaction.on_commit(partial(notification_tasks.send_notification_emails.enqueue,
                                      immediate))


@transaction.atomic
def seat_draw_run(*, acting_user: User | None, draw: SeatDraw) -> list[SeatApplication]:
    """Run the draw once: rank every code, give the first ``seats`` their seat, make them
    members of the working group and tell them. Returns the applications, first drawn first."""
    locked = SeatDraw.objects.select_for_update().get(pk=draw.pk)
    if locked.state == SeatDrawState.DRAWN:
        raise ValidationError(_("The seats of this draw are already drawn."), code="drawn")
    if timezone.now() < locked.applications_close_at or locked.state == SeatDrawState.OPEN:
        raise ValidationError(_("The draw takes place after the applications close."),
                              code="open")
    if not locked.public_value:
        raise ValidationError(_("Enter the public value before running the draw."),
                              code="no_value")
    applications = {item.code: item for item in
                    SeatApplication.objects.filter(draw=locked).select_related("user")}
    result = lottery.draw(locked.committed_number, locked.public_value, applications,
                          locked.seats)
    org = _org(draw)
    ordered = []
    for rank, code in enumerate(result.ranking, start=1):
        application = applications[code]
        audited_update(application, organization=org, actor=acting_user,
                       action=MeetingAction.SEAT_DRAW_DRAW,
                       values={"rank": rank, "selected": rank <= locked.seats})
        ordered.append(application)
    selected = [item.user for item in ordered if item.selected]
    with translation.override(org.default_language):
        observer_position = str(OBSERVER_POSITION)
    for user in selected:
        if not SpaceMembership.objects.filter(space_id=locked.space_id, user=user).exists():
            audited_create(SpaceMembership, organization=org, actor=acting_user,
                           action=MeetingAction.SEAT_DRAW_DRAW,
                           values={"space_id": locked.space_id, "user": user,
                                   "role": SpaceMembership.Role.MEMBER,
                                   "position": observer_position})
    now = timezone.now()
    audited_update(draw, organization=org, actor=acting_user,
                   action=MeetingAction.SEAT_DRAW_DRAW,
                   values={"state": SeatDrawState.DRAWN, "drawn_at": now})
    record(organization=org, actor=acting_user, action=MeetingAction.SEAT_DRAW_DRAW, obj=draw,
           changes={"drawn": [None, len(selected)]},
           public=[Public(action=MeetingJournalAction.SEATS_DRAWN, item=draw,
                          url=draw.get_absolute_url(), space_id=draw.component.space_id,
                          component_id=draw.component_id, params={"title": draw.title})])
    _notify_selected(draw, selected, acting_user)
    return ordered
