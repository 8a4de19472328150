"""Public views of registration: register (or accept an invitation), cancel from the meeting
page, and cancel through the secret link of the e-mail (no sign-in needed)."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from participa.components.meetings.forms_registration import RegistrationForm
from participa.components.meetings.models import Meeting, Registration, RegistrationState
from participa.components.meetings.selectors import meeting_get_for_user
from participa.components.meetings.services.registrations import (
    ACTIVE,
    registration_cancel,
    registration_create,
)
from participa.core.form_errors import apply_service_errors
from participa.core.http import OrgRequest, as_org_request, is_authenticated, signed_in_user
from participa.spaces.decorators import component_view
from participa.spaces.models import Component


def _box_url(meeting: Meeting) -> str:
    return f"{meeting.get_absolute_url()}#registration"


def _done_message(registration: Registration) -> str:
    if registration.state == RegistrationState.WAITING:
        return _("The meeting is full: you are No. %(number)s on the waiting list. We sent you "
                 "an e-mail.") % {"number": registration.waiting_number}
    return _("You are registered. We sent you an e-mail with the details and a calendar file.")


@component_view("meetings", item=meeting_get_for_user, item_arg="meeting_id")
def register(request: OrgRequest, component: Component, meeting: Meeting) -> HttpResponse:
    """Register for the meeting (the form of the meeting page); on a refusal the form comes
    back with its errors and everything typed."""
    if not is_authenticated(request):
        login = reverse("account_login")
        return HttpResponseRedirect(f"{login}?{urlencode({'next': _box_url(meeting)})}")
    if request.method != "POST":
        return redirect(_box_url(meeting))
    form = RegistrationForm(meeting, request.POST)
    if form.is_valid():
        try:
            registration = registration_create(acting_user=signed_in_user(request), meeting=meeting,
                                               **form.service_values())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _done_message(registration))
            return redirect(_box_url(meeting))
    meeting.refresh_from_db(fields=["registered_count"])
    return render(request, "meetings/register.html", {
        "component": component, "space": component.space, "meeting": meeting, "form": form,
        "full": meeting.capacity is not None and meeting.registered_count >= meeting.capacity,
    })


def _render_cancel(request: HttpRequest, registration: Registration, error: str = "",
                   component: Component | None = None) -> HttpResponse:
    meeting = registration.meeting
    component = component or meeting.component
    return render(request, "meetings/registration_cancel.html", {
        "component": component, "space": component.space, "meeting": meeting,
        "registration": registration, "error": error,
        "someone_waiting": Registration.objects.filter(
            meeting=meeting, state=RegistrationState.WAITING).exists(),
    })


@component_view("meetings", item=meeting_get_for_user, item_arg="meeting_id")
def cancel(request: OrgRequest, component: Component, meeting: Meeting) -> HttpResponse:
    """Cancel one's own registration: a confirmation page, then the POST."""
    if not is_authenticated(request):
        raise Http404
    user = signed_in_user(request)
    registration = Registration.objects.filter(meeting=meeting, user=user,
                                               state__in=ACTIVE).first()
    if registration is None:
        messages.info(request, _("You are not registered for this meeting."))
        return redirect(_box_url(meeting))
    registration.meeting = meeting
    if request.method == "POST":
        try:
            registration_cancel(acting_user=user, registration=registration)
        except ValidationError as error:
            return _render_cancel(request, registration, " ".join(error.messages), component)
        messages.success(request, _("Your registration is cancelled."))
        return redirect(_box_url(meeting))
    return _render_cancel(request, registration, component=component)


def cancel_by_link(request: HttpRequest, space_slug: str, component_id: int,
                   token: uuid.UUID) -> HttpResponse:
    """The cancellation link of the e-mail: works without signing in; asks to confirm (the
    link alone, opened by a mail scanner, changes nothing)."""
    org_request = as_org_request(request)
    registration = (Registration.objects.filter(
        token=token, meeting__component_id=component_id,
        meeting__component__space__slug=space_slug,
        meeting__component__space__organization=org_request.organization)
        .select_related("meeting__component__space__organization").first())
    if registration is None:
        raise Http404
    if request.method == "POST" and registration.state != RegistrationState.CANCELLED:
        signed_in = is_authenticated(request) and request.user.pk == registration.user_id
        try:
            registration_cancel(acting_user=registration.user if signed_in else None,
                                registration=registration)
        except ValidationError as error:
            return _render_cancel(request, registration, " ".join(error.messages))
        return redirect(request.path)
    return _render_cancel(request, registration)
