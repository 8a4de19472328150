"""Public side of the agenda, speakers and record of a meeting: what the meeting page shows
(``agenda_context``, read by ``_agenda.html`` and ``_after.html``), residents' questions and
their reports to the moderators."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from participa.answers.models import AnswerState
from participa.attachments.models import Attachment
from participa.components.meetings import permissions
from participa.components.meetings.agenda_items import question_text
from participa.components.meetings.forms_agenda import QuestionForm
from participa.components.meetings.minutes import public_minutes
from participa.components.meetings.models import (
    AgendaItem,
    AgendaQuestion,
    Meeting,
    MeetingType,
    QuestionAnswer,
    QuestionState,
)
from participa.components.meetings.selectors import meeting_get_for_user
from participa.components.meetings.services import agenda as services
from participa.components.meetings.services.speakers import speakers
from participa.core.form_errors import apply_service_errors
from participa.core.http import OrgRequest, signed_in_user
from participa.moderation.selectors import hidden_filter, moderation_annotations
from participa.moderation.views import report_object
from participa.redaction.engine import redact_for
from participa.spaces.decorators import component_view
from participa.spaces.models import Component


def public_questions(meeting: Meeting) -> list[AgendaQuestion]:
    """The published questions of the meeting's agenda not hidden by moderation, with their
    answers (one query)."""
    annotations = moderation_annotations(
        AgendaQuestion, organization_field="agenda_item__meeting__component__space__"
        "organization_id")
    return list(AgendaQuestion.objects.filter(agenda_item__meeting=meeting,
                                              state=QuestionState.PUBLISHED)
                .annotate(**annotations).filter(hidden_filter())
                .select_related("answer").order_by("created_at", "id"))


def public_speakers(meeting: Meeting) -> list[dict[str, Any]]:
    """The speakers of a public debate in order: a number and the topic, redacted. Names are
    never shown (the registration form does not ask for consent to publish them)."""
    if meeting.type != MeetingType.PUBLIC_DEBATE:
        return []
    org = meeting.component.space.organization
    return [{"number": number, "topic": redact_for(org, row.speech_topic).text,
             "state": row.speaker_state}
            for number, row in enumerate(speakers(meeting), start=1)]


@dataclass
class QuestionRow:
    question: AgendaQuestion
    text: str
    answer: QuestionAnswer | None


@dataclass
class AgendaRow:
    item: AgendaItem
    open: bool
    form: QuestionForm | None
    questions: list[QuestionRow] = field(default_factory=list)
    documents: list[Attachment] = field(default_factory=list)


def agenda_context(request: OrgRequest, meeting: Meeting,
                   form_for: tuple[int, QuestionForm] | None = None) -> dict[str, Any]:
    """What ``_agenda.html`` and ``_after.html`` show; ``form_for`` is a bound question form
    with its errors, for the item it was posted on."""
    may_ask = request.user.is_authenticated and permissions.can_take_part(request.user, meeting)
    rows: dict[int, AgendaRow] = {}
    for item in AgendaItem.objects.filter(meeting=meeting).order_by("position", "id"):
        item.meeting = meeting
        is_open = services.questions_open(item)
        form = None
        if is_open and may_ask:
            form = (form_for[1] if form_for and form_for[0] == item.pk
                    else QuestionForm(auto_id=f"id_q{item.pk}_%s"))
        rows[item.pk] = AgendaRow(item=item, open=is_open, form=form)
    documents = Attachment.objects.filter(
        content_type__app_label="meetings", content_type__model="agendaitem",
        object_id__in=list(rows)).order_by("position", "id") if rows else []
    for document in documents:
        rows[document.object_id].documents.append(document)
    for question in public_questions(meeting):
        row = rows.get(question.agenda_item_id)
        if row is None:
            continue
        question.agenda_item = row.item
        answer = getattr(question, "answer", None)
        row.questions.append(QuestionRow(
            question=question, text=question_text(question),
            answer=answer if answer is not None and answer.state == AnswerState.PUBLISHED
            else None))
    return {
        "agenda_rows": list(rows.values()),
        "may_ask": may_ask,
        "public_speakers": public_speakers(meeting),
        "minutes_public": public_minutes(meeting),
        "minutes_file": meeting.minutes if meeting.minutes_published_at else None,
        "meeting_links": list(meeting.links.order_by("created_at", "id")),
    }


def _item_for(meeting: Meeting, item_id: int) -> AgendaItem:
    item = AgendaItem.objects.filter(meeting=meeting, pk=item_id).first()
    if item is None:
        raise Http404
    item.meeting = meeting
    return item


@component_view("meetings", item=meeting_get_for_user, item_arg="meeting_id")
def question_create(request: OrgRequest, component: Component, meeting: Meeting,
                    item_id: int) -> HttpResponse:
    """POST a question on an agenda item; errors are shown on the meeting's page."""
    item = _item_for(meeting, item_id)
    if request.method != "POST":
        return HttpResponseRedirect(item.get_absolute_url())
    if not request.user.is_authenticated:
        return redirect_to_login(meeting.get_absolute_url())
    form = QuestionForm(request.POST, auto_id=f"id_q{item.pk}_%s")
    if form.is_valid():
        try:
            question = services.question_create(acting_user=signed_in_user(request),
                                                item=item, body=form.cleaned_data["body"])
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # Closed or refused: the form is gone from the page; say why there.
                messages.error(request, " ".join(error.messages))
                return HttpResponseRedirect(item.get_absolute_url())
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Thank you. Your question is published on the "
                                        "agenda."))
            return HttpResponseRedirect(question.get_absolute_url())
    return render(request, "meetings/detail.html", {
        "component": component, "space": component.space, "meeting": meeting,
        "can_manage": permissions.can_manage_meetings(request.user, component),
        "nav": "processes" if component.space.is_process else "assemblies",
        **agenda_context(request, meeting, form_for=(item.pk, form)),
    }, status=400)


@component_view("meetings", item=meeting_get_for_user, item_arg="meeting_id")
def question_report(request: OrgRequest, component: Component, meeting: Meeting,
                    question_id: int) -> HttpResponse:
    """Report a question to the moderators (the shared report form)."""
    question = (AgendaQuestion.objects.filter(pk=question_id, agenda_item__meeting=meeting,
                                              state=QuestionState.PUBLISHED)
                .select_related("agenda_item", "author").first())
    if question is None:
        raise Http404
    question.agenda_item.meeting = meeting
    if not request.user.is_authenticated:
        return redirect_to_login(request.path)
    return report_object(request, question, back_url=question.get_absolute_url(),
                         heading=_("Report a question on the agenda of “%(meeting)s”")
                         % {"meeting": meeting})
