"""The public text of a meeting's minutes: the original with its reviewed redactions applied.

The original (``Meeting.minutes_text``) never leaves the back office; every page, report and
export that shows the minutes calls :func:`public_minutes`.
"""

from __future__ import annotations

from participa.components.meetings.models import Meeting
from participa.redaction.engine import apply_json


def public_minutes(meeting: Meeting) -> str:
    """The redacted minutes once published; "" before."""
    if meeting.minutes_published_at is None or not meeting.minutes_text:
        return ""
    org = meeting.component.space.organization
    return apply_json(org, meeting.minutes_text, meeting.minutes_redactions)
