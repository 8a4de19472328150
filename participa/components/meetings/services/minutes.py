"""After the meeting: the record (minutes text and file, video, attendees, conclusions, links to
what it produced), the redaction review of the minutes, their publication and the closing.

- The minutes text is written by the staff; the redaction engine proposes what to hide as soon
  as it is saved, the staff review it (``participa.redaction.review``) and publish. Only the
  redacted text is ever public (``participa.components.meetings.minutes.public_minutes``).
- Once published, the record still changes, never silently: every change needs a reason, is
  audited, and the public page shows "corrected on <date>" with the reason.
- A meeting closes once it has started and every speaker who asked to speak is marked heard
  or absent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.attachments.services import attachment_create, attachment_delete
from participa.components.meetings import permissions
from participa.components.meetings.actions import MeetingAction, MeetingJournalAction
from participa.components.meetings.models import Meeting, MeetingLink, MeetingState
from participa.components.meetings.services.meetings import meeting_line
from participa.components.meetings.services.speakers import speakers_waiting
from participa.core.audit import (
    Notice,
    audit_record,
    audited_create,
    audited_delete,
    audited_update,
)
from participa.core.models import Organization, User
from participa.redaction import engine as redaction
from participa.redaction.review import ALL_KINDS, find_occurrences, merge_span, validate_spans

# What the staff write on the record after the meeting.
RECORD_FIELDS = frozenset({"minutes_text", "video_url", "participants", "conclusions"})


def _org(meeting: Meeting) -> Organization:
    return meeting.component.space.organization


def _check_manager(acting_user: User | None, meeting: Meeting) -> None:
    if acting_user is not None and not permissions.can_manage_meetings(acting_user,
                                                                       meeting.component):
        raise PermissionDenied


def _held(meeting: Meeting) -> Meeting:
    """The meeting, locked, once it has started (and was not cancelled)."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.state in (MeetingState.DRAFT, MeetingState.CANCELLED):
        raise ValidationError(_("Only a meeting that was announced and held has a record."),
                              code="not_held")
    if locked.starts_at > timezone.now():
        raise ValidationError(_("The record of a meeting is written once it has started."),
                              code="not_started")
    return locked


def _correction(locked: Meeting, reason: str) -> dict[str, Any]:
    """After publication: the correction's date and reason (required); before: nothing."""
    if locked.minutes_published_at is None:
        return {}
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _(
            "The minutes are published: write the reason for this correction. It is shown "
            "with them.")}, code="reason")
    return {"minutes_corrected_at": timezone.now(), "minutes_correction_reason": reason}


def proposed_spans(meeting: Meeting, text: str) -> list[list[Any]]:
    """What the redaction engine would hide in ``text``."""
    found = redaction.redact_for(_org(meeting), text)
    return validate_spans(text, redaction.spans_to_json(found.spans))


@transaction.atomic
def minutes_update(*, acting_user: User | None, meeting: Meeting, data: Mapping[str, Any],
                   reason: str = "") -> Meeting:
    """Write the record: minutes text, video link, attendee count, conclusions. A new minutes
    text gets the redactions the engine proposes (to review before publication)."""
    _check_manager(acting_user, meeting)
    unknown = sorted(set(data) - RECORD_FIELDS)
    if unknown:
        raise TypeError(f"Not part of a meeting's record: {', '.join(unknown)}")
    locked = _held(meeting)
    values = dict(data)
    for name in ("minutes_text", "video_url", "conclusions"):
        if isinstance(values.get(name), str):
            values[name] = values[name].strip()
    if values.get("video_url"):
        try:
            URLValidator(schemes=["http", "https"])(values["video_url"])
        except ValidationError:
            raise ValidationError({"video_url": _(
                "Give the address of the recording, starting with https://.")},
                code="video_url") from None
    participants = values.get("participants")
    if participants is not None and participants < 0:
        raise ValidationError({"participants": _("The number of attendees cannot be "
                                                 "negative.")}, code="participants")
    changed = {name: value for name, value in values.items()
               if getattr(locked, name) != value}
    if not changed:
        return meeting
    if "minutes_text" in changed:
        changed["minutes_redactions"] = proposed_spans(meeting, changed["minutes_text"])
    changed.update(_correction(locked, reason))
    action = (MeetingAction.MEETING_MINUTES_CORRECT if locked.minutes_published_at
              else MeetingAction.MEETING_MINUTES_UPDATE)
    audited_update(meeting, organization=_org(meeting), actor=acting_user, action=action,
                   values={**changed, "updated_at": timezone.now()})
    return meeting


@transaction.atomic
def minutes_file_attach(*, acting_user: User | None, meeting: Meeting,
                        file: IO[bytes] | File[Any], file_name: str, size: int,
                        reason: str = "") -> Meeting:
    """Upload the minutes file (checked by the shared attachments service); it replaces the
    previous one. Shown in public once the minutes are published."""
    _check_manager(acting_user, meeting)
    locked = _held(meeting)
    correction = _correction(locked, reason)
    previous = locked.minutes
    attachment = attachment_create(acting_user=acting_user, target=meeting, file=file,
                                   file_name=file_name, size=size,
                                   title={_org(meeting).default_language: _("Minutes")})
    audited_update(meeting, organization=_org(meeting), actor=acting_user,
                   action=(MeetingAction.MEETING_MINUTES_CORRECT if correction
                           else MeetingAction.MEETING_MINUTES_UPDATE),
                   values={"minutes": attachment, **correction, "updated_at": timezone.now()})
    if previous is not None and locked.minutes_published_at is None:
        # A draft file nobody saw in public: the new one replaces it (after publication the
        # earlier file stays with the meeting's documents for the record).
        attachment_delete(acting_user=acting_user, attachment=previous)
    return meeting


def _set_spans(acting_user: User | None, meeting: Meeting, locked: Meeting,
               spans: list[list[Any]], reason: str) -> None:
    correction = _correction(locked, reason)
    before = locked.minutes_redactions or []
    for target in (locked, meeting):
        target.minutes_redactions = spans
        for name, value in correction.items():
            setattr(target, name, value)
    locked.save(update_fields=["minutes_redactions", *correction])
    # Offsets and kinds only: the audit log never copies personal data.
    audit_record(organization=_org(meeting), actor=acting_user,
                 action=(MeetingAction.MEETING_MINUTES_CORRECT if correction
                         else MeetingAction.MEETING_MINUTES_REDACTION),
                 obj=locked, changes={"minutes_redactions": [before, spans],
                                      **{name: [None, str(value)] for name, value
                                         in correction.items() if name.endswith("_at")}})


@transaction.atomic
def minutes_hide_words(*, acting_user: User | None, meeting: Meeting, words: str,
                       kind: str = "name", all_occurrences: bool = True,
                       reason: str = "") -> int:
    """Hide the words the staff typed in the minutes (the first or every occurrence); returns
    how many places were hidden."""
    _check_manager(acting_user, meeting)
    words = (words or "").strip()
    if not words:
        raise ValidationError({"words": _(
            "Type the words to hide, exactly as they appear in the text.")}, code="empty")
    if kind not in ALL_KINDS:
        raise ValidationError({"kind": _("Choose what kind of personal data these words "
                                         "are.")}, code="kind")
    locked = _held(meeting)
    places = find_occurrences(locked.minutes_text, words, all_occurrences=all_occurrences)
    if not places:
        raise ValidationError({"words": _(
            "“%(words)s” does not appear in the original text. Copy the words exactly as they "
            "are written.") % {"words": words}}, code="missing")
    spans = validate_spans(locked.minutes_text, locked.minutes_redactions or [])
    for start, end in places:
        spans = merge_span(spans, start, end, kind)
    _set_spans(acting_user, meeting, locked, spans, reason)
    return len(places)


@transaction.atomic
def minutes_redaction_remove(*, acting_user: User | None, meeting: Meeting, start: int,
                             end: int, reason: str = "") -> bool:
    """Keep visible the words at ``start``-``end``; False when that redaction is gone."""
    _check_manager(acting_user, meeting)
    locked = _held(meeting)
    spans = validate_spans(locked.minutes_text, locked.minutes_redactions or [])
    kept = [span for span in spans if not (span[0] == start and span[1] == end)]
    if len(kept) == len(spans):
        return False
    _set_spans(acting_user, meeting, locked, kept, reason)
    return True


@transaction.atomic
def minutes_publish(*, acting_user: User | None, meeting: Meeting) -> Meeting:
    """Publish the reviewed minutes: the redacted text and the file appear on the meeting's
    page, in the journal, and the meeting's followers are told."""
    _check_manager(acting_user, meeting)
    locked = _held(meeting)
    if locked.minutes_published_at is not None:
        raise ValidationError(_("The minutes of this meeting are already published."),
                              code="published")
    if not locked.minutes_text.strip() and locked.minutes_id is None:
        raise ValidationError(_("Write the minutes or upload the minutes file before "
                                "publishing them."), code="empty")
    now = timezone.now()
    audited_update(
        meeting, organization=_org(meeting), actor=acting_user,
        action=MeetingAction.MEETING_MINUTES_PUBLISH,
        values={"minutes_published_at": now, "updated_at": now},
        public=[meeting_line(meeting, MeetingJournalAction.MINUTES_PUBLISHED)],
        notice=Notice(event="meeting.minutes_published", target=meeting),
    )
    return meeting


def _check_site_path(url: str) -> str:
    """``url`` if it is an address of a page of this site (a path, not another site's)."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if not url.startswith("/") or url.startswith("//") or parts.scheme or parts.netloc:
        raise ValidationError({"url": _(
            "Give the address of a page of this site, starting with “/” (copy it from the "
            "browser without the site's name).")}, code="not_path")
    try:
        resolve(parts.path)
    except Resolver404:
        raise ValidationError({"url": _("No page of this site has the address “%(url)s”.")
                               % {"url": parts.path}}, code="no_page") from None
    return url


@transaction.atomic
def meeting_link_create(*, acting_user: User | None, meeting: Meeting, title: str,
                        url: str) -> MeetingLink:
    """Link a proposal, a contribution or another page of this site the meeting produced."""
    _check_manager(acting_user, meeting)
    _held(meeting)
    title = (title or "").strip()
    errors: dict[str, Any] = {}
    if not title:
        errors["title"] = _("Give the link a title.")
    try:
        url = _check_site_path(url)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    link: MeetingLink = audited_create(
        MeetingLink, organization=_org(meeting), actor=acting_user,
        action=MeetingAction.MEETING_LINK_CREATE,
        values={"meeting": meeting, "title": title, "url": url})
    return link


@transaction.atomic
def meeting_link_delete(*, acting_user: User | None, link: MeetingLink) -> None:
    meeting = link.meeting
    _check_manager(acting_user, meeting)
    audited_delete(link, organization=_org(meeting), actor=acting_user,
                   action=MeetingAction.MEETING_LINK_DELETE)


def check_speakers_done(meeting: Meeting) -> None:
    """Refuse to close ``meeting`` while anyone who asked to speak is not marked heard or
    absent (the rule of every way a meeting closes)."""
    waiting = speakers_waiting(meeting)
    if waiting:
        raise ValidationError(ngettext(
            "%(count)d speaker is not marked heard or absent yet.",
            "%(count)d speakers are not marked heard or absent yet.", waiting)
            % {"count": waiting}, code="speakers")


@transaction.atomic
def meeting_close(*, acting_user: User | None, meeting: Meeting) -> Meeting:
    """Close a held meeting: refused before it starts and while any speaker who asked to speak
    is not marked heard or absent."""
    _check_manager(acting_user, meeting)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.state != MeetingState.SCHEDULED:
        raise ValidationError(_("Only an announced meeting that is not cancelled can be "
                                "closed."), code="state")
    if locked.starts_at > timezone.now():
        raise ValidationError(_("A meeting is closed once it has started."),
                              code="not_started")
    check_speakers_done(locked)
    now = timezone.now()
    audited_update(meeting, organization=_org(meeting), actor=acting_user,
                   action=MeetingAction.MEETING_CLOSE,
                   values={"state": MeetingState.CLOSED, "closed_at": now, "updated_at": now})
    return meeting
