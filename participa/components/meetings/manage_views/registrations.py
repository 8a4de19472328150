"""Staff views of registration: the participants (with exports and invitations) and the
check-in at the door, made for a phone."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.components.meetings import participants as people
from participa.components.meetings.forms_registration import InviteForm
from participa.components.meetings.manage_views.meetings import (
    meeting_staff_view,
    render_meetings,
)
from participa.components.meetings.models import Meeting, Registration, RegistrationState
from participa.components.meetings.services.registrations import (
    registration_check_in,
    registration_check_in_undo,
    registration_invite,
)
from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest
from participa.opendata.formats import BOM, safe_cell
from participa.reports.xlsx import CONTENT_TYPE as XLSX_CONTENT_TYPE
from participa.reports.xlsx import XLSXBook
from participa.spaces.models import Component
from participa.spaces.staff import post_only

PARTICIPANTS_PER_SCREEN = 50
CHECK_IN_PER_SCREEN = 30


def _url(name: str, component: Component, meeting: Meeting) -> str:
    return reverse(f"manage:meetings:{name}",
                   args=[component.space.slug, component.pk, meeting.pk])


def _render_participants(request: AuthedRequest, component: Component, meeting: Meeting,
                         form: InviteForm) -> HttpResponse:
    page_obj = Paginator(people.participants(meeting),
                         PARTICIPANTS_PER_SCREEN).get_page(request.GET.get("page"))
    asked = people.questions(meeting)
    rows = []
    for registration in page_obj:
        answers = registration.answers or {}
        rows.append({
            "registration": registration, "name": people.person_name(registration.user),
            "state": people.state_label(registration),
            "answers": [(label, people.answer_label(answers.get(qid)))
                        for qid, label in asked],
        })
    return render_meetings(request, "meetings/manage/participants.html", component,
                           meeting=meeting, page_obj=page_obj, rows=rows,
                           counts=people.counts(meeting), invite_form=form,
                           questions=asked)


@meeting_staff_view
def participants(request: AuthedRequest, component: Component,
                 meeting: Meeting) -> HttpResponse:
    """Registered, waiting (in order), invited and cancelled, with what each person said."""
    return _render_participants(request, component, meeting, InviteForm())


@meeting_staff_view
def invite(request: AuthedRequest, component: Component, meeting: Meeting) -> HttpResponse:
    """Invite people of the organization by their e-mail addresses."""
    refused = post_only(request)
    if refused:
        return refused
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invited = registration_invite(acting_user=request.user, meeting=meeting,
                                          emails=form.addresses())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if invited:
                messages.success(request, _("Invited: %(names)s.") % {
                    "names": ", ".join(people.person_name(r.user) for r in invited)})
            else:
                messages.info(request, _("These people were already invited or registered."))
            return redirect(_url("manage_participants", component, meeting))
    return _render_participants(request, component, meeting, form)


def _filename(meeting: Meeting, extension: str) -> str:
    return f"participants-{meeting.pk}-{timezone.localdate().isoformat()}.{extension}"


@meeting_staff_view
def participants_export(request: AuthedRequest, component: Component, meeting: Meeting,
                        file_format: str) -> HttpResponse:
    """The participants as CSV or XLSX (staff only: it names people)."""
    header = people.export_header(meeting)
    rows = people.export_rows(meeting)
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([safe_cell(cell) for cell in header])
        writer.writerows([[safe_cell(cell) for cell in row] for row in rows])
        response = HttpResponse(BOM + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif file_format == "xlsx":
        book = XLSXBook(title=str(meeting), created=timezone.now())
        sheet = book.sheet(_("Participants"))
        sheet.freeze("A2")
        sheet.append(header, bold=True)
        for row in rows:
            # Names, topics and answers are typed by people: never a formula.
            sheet.append([safe_cell(cell) for cell in row])
        response = HttpResponse(book.to_bytes(), content_type=XLSX_CONTENT_TYPE)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{_filename(meeting, file_format)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@meeting_staff_view
def check_in(request: AuthedRequest, component: Component, meeting: Meeting) -> HttpResponse:
    """The door: registered participants found by name, one big button each."""
    query = request.GET.get("q", "").strip()
    registered = (Registration.objects.filter(meeting=meeting,
                                              state=RegistrationState.REGISTERED)
                  .select_related("user").order_by("user__legal_name", "user__display_name",
                                                    "pk"))
    if query:
        registered = registered.filter(Q(user__legal_name__icontains=query)
                                       | Q(user__display_name__icontains=query)
                                       | Q(user__email__icontains=query))
    page_obj = Paginator(registered, CHECK_IN_PER_SCREEN).get_page(request.GET.get("page"))
    rows = [{"registration": r, "name": people.person_name(r.user)} for r in page_obj]
    return render_meetings(request, "meetings/manage/check_in.html", component,
                           meeting=meeting, page_obj=page_obj, rows=rows, query=query,
                           counts=people.counts(meeting))


@meeting_staff_view
def check_in_person(request: AuthedRequest, component: Component, meeting: Meeting,
                    registration_id: int) -> HttpResponse:
    """Check a person in (``action=in``) or undo it (``action=undo``); back to the door."""
    refused = post_only(request)
    if refused:
        return refused
    registration = Registration.objects.filter(meeting=meeting, pk=registration_id).select_related(
        "user").first()
    if registration is None:
        raise Http404
    registration.meeting = meeting
    name = people.person_name(registration.user)
    try:
        if request.POST.get("action") == "undo":
            registration_check_in_undo(acting_user=request.user, registration=registration)
            messages.success(request, _("Check-in of %(name)s undone.") % {"name": name})
        else:
            registration_check_in(acting_user=request.user, registration=registration)
            messages.success(request, _("%(name)s is checked in.") % {"name": name})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    url = _url("manage_check_in", component, meeting)
    query = request.POST.get("q", "").strip()
    if query:
        url += "?" + urlencode({"q": query})
    return redirect(url)
