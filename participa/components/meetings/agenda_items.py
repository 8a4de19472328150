"""What the shared services read of agenda items and residents' questions (their policies in
the manifest, ``component.py``): documents of an item, statistics, reports and personal data of
the questions. Only a question's redacted text ever leaves the back office."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from participa.components.meetings import permissions
from participa.components.meetings.models import (
    AgendaItem,
    AgendaQuestion,
    MeetingState,
    QuestionState,
)
from participa.core.i18n import translated
from participa.core.models import Organization, User
from participa.redaction.engine import apply_json
from participa.spaces.registry import (
    AttachmentPolicy,
    PersonalDataPolicy,
    ReportPolicy,
    StatsPolicy,
)
from participa.spaces.selectors import public_spaces


def question_text(question: AgendaQuestion) -> str:
    """The question as published: the original with its redactions applied."""
    org = question.agenda_item.meeting.component.space.organization
    return apply_json(org, question.body, question.redactions)


def _agenda_url(item: AgendaItem) -> str:
    component = item.meeting.component
    return reverse("manage:meetings:manage_agenda",
                   args=[component.space.slug, component.pk, item.meeting_id])


def questions_counted(org: Organization) -> QuerySet[AgendaQuestion]:
    """Questions on announced meetings of published components in public spaces."""
    return AgendaQuestion.objects.filter(
        agenda_item__meeting__component__space__in=public_spaces(org).values("pk"),
        agenda_item__meeting__component__published_at__isnull=False,
        state=QuestionState.PUBLISHED,
    ).exclude(agenda_item__meeting__state=MeetingState.DRAFT)


def _export(user: Any) -> dict[str, Any]:
    if not isinstance(user, User) or user.pk is None:
        return {}
    questions = (AgendaQuestion.objects.filter(author=user)
                 .select_related("agenda_item__meeting__component__space__organization")
                 .order_by("created_at", "id"))
    return {"agenda_questions": [
        {"meeting": str(question.agenda_item.meeting),
         "agenda_item": translated(question.agenda_item.title),
         "sent_at": question.created_at.isoformat(),
         "text": question.body,
         "published_text": question_text(question)}
        for question in questions]}


def _erase(user: Any) -> None:
    """The questions stay on the meetings' pages (redacted), no longer linked to the person."""
    AgendaQuestion.objects.filter(author=user).update(author=None)


AGENDA_ITEM_ATTACHMENTS = AttachmentPolicy(
    can_manage=lambda user, item: permissions.can_manage_meetings(user, item.meeting.component),
    manage_url=_agenda_url,
)

QUESTION_STATS = StatsPolicy(
    "meeting_questions", _("Questions on meeting agendas"), questions_counted,
    author_field="author_id", space_field="agenda_item__meeting__component__space_id",
    date_field="created_at",
)

QUESTION_REPORTS = ReportPolicy(
    author=lambda question: question.author,
    excerpt=lambda question: Truncator(question_text(question)).chars(300),
    text=question_text,
)

QUESTION_PERSONAL_DATA = PersonalDataPolicy(export=_export, erase=_erase)
