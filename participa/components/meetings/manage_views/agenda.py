"""Staff views: a meeting's agenda (items in order, with documents), the residents' questions
(addressed at the meeting, or answered in writing) and the speakers of a public debate."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from participa.components.meetings.agenda_items import question_text
from participa.components.meetings.forms_agenda import (
    AgendaItemForm,
    QuestionAnswerForm,
    SpeakerMinutesForm,
)
from participa.components.meetings.manage_views.meetings import (
    meeting_staff_view,
    render_meetings,
)
from participa.components.meetings.manage_views.posted import posted_id
from participa.components.meetings.models import AgendaItem, AgendaQuestion, Meeting
from participa.components.meetings.services import agenda as services
from participa.components.meetings.services import speakers as speaker_services
from participa.components.meetings.services.meetings import meeting_update
from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest
from participa.spaces.models import Component

QUESTIONS_PER_SCREEN = 50


def _url(name: str, meeting: Meeting) -> str:
    component = meeting.component
    return reverse(f"manage:meetings:{name}",
                   args=[component.space.slug, component.pk, meeting.pk])


def _item_or_404(meeting: Meeting, item_id: int) -> AgendaItem:
    item = AgendaItem.objects.filter(meeting=meeting, pk=item_id).first()
    if item is None:
        raise Http404
    item.meeting = meeting
    return item


@meeting_staff_view
def manage_agenda(request: AuthedRequest, component: Component,
                  meeting: Meeting) -> HttpResponse:
    """The agenda in order, and the form to add an item."""
    org = component.space.organization
    form = AgendaItemForm(request.POST or None, organization=org,
                          instance=AgendaItem(meeting=meeting))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.agenda_item_create(acting_user=request.user, meeting=meeting,
                                            data=form.values())
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The item was added to the agenda."))
                return HttpResponseRedirect(_url("manage_agenda", meeting))
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "id"))
    response = render_meetings(request, "meetings/manage/agenda.html", component,
                               meeting=meeting, items=items, form=form)
    response.status_code = status
    return response


@meeting_staff_view
def manage_agenda_item(request: AuthedRequest, component: Component, meeting: Meeting,
                       item_id: int) -> HttpResponse:
    """Change an item (GET/POST the form), move it or delete it (POST ``action``)."""
    item = _item_or_404(meeting, item_id)
    org = component.space.organization
    back = _url("manage_agenda", meeting)
    action = request.POST.get("action", "save") if request.method == "POST" else ""
    if action in ("up", "down", "delete"):
        try:
            if action == "delete":
                services.agenda_item_delete(acting_user=request.user, item=item)
                messages.success(request, _("The item was removed from the agenda."))
            else:
                services.agenda_item_move(acting_user=request.user, item=item,
                                          direction=action)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(back)
    form = AgendaItemForm(request.POST or None, organization=org, instance=item)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = form.values()
            item = _item_or_404(meeting, item_id)  # the form wrote on its instance
            try:
                services.agenda_item_update(acting_user=request.user, item=item, data=values)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The agenda item was saved."))
                return HttpResponseRedirect(back)
    response = render_meetings(request, "meetings/manage/agenda_item.html", component,
                               meeting=meeting, item=item, form=form, back_url=back)
    response.status_code = status
    return response


@meeting_staff_view
def manage_questions(request: AuthedRequest, component: Component,
                     meeting: Meeting) -> HttpResponse:
    """Residents' questions: the original (staff only) beside the published text; mark those
    the meeting addressed, answer the others."""
    here = _url("manage_questions", meeting)
    forms_by_id: dict[int, QuestionAnswerForm] = {}
    status = 200
    if request.method == "POST":
        question = (AgendaQuestion.objects.filter(pk=posted_id(request, "question"),
                                                  agenda_item__meeting=meeting)
                    .select_related("agenda_item").first())
        if question is None:
            raise Http404
        question.agenda_item.meeting = meeting
        action = request.POST.get("action")
        try:
            if action in ("addressed", "not_addressed"):
                services.question_mark_addressed(acting_user=request.user, question=question,
                                                 addressed=action == "addressed")
                messages.success(request, _("The question is marked addressed at the meeting.")
                                 if action == "addressed"
                                 else _("The question is no longer marked addressed."))
                return HttpResponseRedirect(f"{here}#question-{question.pk}")
            if action in ("draft", "publish"):
                form = QuestionAnswerForm(request.POST, prefix=f"q{question.pk}")
                forms_by_id[question.pk] = form
                status = 400
                if form.is_valid():
                    try:
                        services.question_answer(
                            acting_user=request.user, question=question,
                            outcome=form.cleaned_data["outcome"],
                            justification=form.cleaned_data["justification"],
                            publish=action == "publish")
                    except ValidationError as error:
                        apply_service_errors(form, error)
                    else:
                        messages.success(request, _("The answer is published.")
                                         if action == "publish"
                                         else _("The draft answer is saved."))
                        return HttpResponseRedirect(f"{here}#question-{question.pk}")
            else:
                messages.error(request, _("Choose what to do."))
                return HttpResponseRedirect(here)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(f"{here}#question-{question.pk}")
    questions = (AgendaQuestion.objects.filter(agenda_item__meeting=meeting)
                 .select_related("agenda_item", "answer", "author")
                 .order_by("agenda_item__position", "agenda_item_id", "created_at", "id"))
    page_obj = Paginator(questions, QUESTIONS_PER_SCREEN).get_page(request.GET.get("page"))
    rows = []
    for question in page_obj.object_list:
        question.agenda_item.meeting = meeting
        answer = getattr(question, "answer", None)
        answer_form: QuestionAnswerForm | None = forms_by_id.get(question.pk)
        if answer_form is None and question.addressed_at is None and (
                answer is None or answer.state != "published"):
            answer_form = QuestionAnswerForm(prefix=f"q{question.pk}",
                                             initial=QuestionAnswerForm.initial_for(answer))
        rows.append({"question": question, "text": question_text(question),
                     "answer": answer, "form": answer_form})
    response = render_meetings(request, "meetings/manage/agenda_questions.html", component,
                               meeting=meeting, rows=rows, page_obj=page_obj)
    response.status_code = status
    return response


@meeting_staff_view
def manage_speakers(request: AuthedRequest, component: Component,
                    meeting: Meeting) -> HttpResponse:
    """The people who asked to speak, in order, with their topics: move them, mark them heard
    or absent."""
    here = _url("manage_speakers", meeting)
    minutes_form = SpeakerMinutesForm(initial={"speaker_minutes": meeting.speaker_minutes})
    if request.method == "POST" and request.POST.get("action") == "minutes":
        minutes_form = SpeakerMinutesForm(request.POST, instance=Meeting(
            speaker_minutes=meeting.speaker_minutes))
        if minutes_form.is_valid():
            try:
                meeting_update(acting_user=request.user, meeting=meeting, data={
                    "speaker_minutes": minutes_form.cleaned_data["speaker_minutes"]})
            except ValidationError as error:
                apply_service_errors(minutes_form, error)
            else:
                messages.success(request, _("The time per speaker is saved."))
                return HttpResponseRedirect(here)
    elif request.method == "POST":
        registration = (speaker_services.speakers(meeting)
                        .filter(pk=posted_id(request, "registration")).first())
        if registration is None:
            raise Http404
        action = request.POST.get("action", "")
        try:
            if action in ("up", "down"):
                speaker_services.speaker_move(acting_user=request.user, meeting=meeting,
                                              registration=registration, direction=action)
            else:
                speaker_services.speaker_mark(acting_user=request.user, meeting=meeting,
                                              registration=registration, state=action)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(f"{here}#speaker-{registration.pk}")
    rows = [{"registration": row, "state": speaker_services.speaker_state(row)}
            for row in speaker_services.speakers(meeting)]
    response = render_meetings(request, "meetings/manage/speakers.html", component,
                               meeting=meeting, rows=rows, minutes_form=minutes_form)
    response.status_code = 400 if minutes_form.errors else 200
    return response
