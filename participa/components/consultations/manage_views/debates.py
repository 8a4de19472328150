"""Staff page of public debates: pending requests with their legal deadline, scheduling,
debates organised by the city hall, editing a debate and publishing its minutes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from participa.components.consultations.forms_staff import (
    DebateEditForm,
    DebateForm,
    DebateScheduleForm,
    MinutesForm,
)
from participa.components.consultations.manage_views.contributions import (
    consultation_staff_view,
    consultation_url,
    render_page,
)
from participa.components.consultations.models import (
    Consultation,
    ConsultationState,
    DebateRequest,
    DebateRequestState,
)
from participa.components.consultations.services import debates as services
from participa.components.meetings.models import Meeting
from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest
from participa.spaces.models import Component


def _debate_or_404(consultation: Consultation, debate_id: Any) -> Meeting:
    try:
        pk = int(debate_id)
    except (TypeError, ValueError) as error:
        raise Http404 from error
    debate = (Meeting.objects.filter(consultation=consultation, pk=pk)
              .select_related("component__space__organization").first())
    if debate is None:
        raise Http404
    debate.consultation = consultation
    return debate


def _page(request: AuthedRequest, consultation: Consultation, *, schedule_form: Any = None,
          create_form: Any = None, minutes_forms: dict[int, Any] | None = None,
          status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    requests = list(DebateRequest.objects.filter(consultation=consultation)
                    .select_related("group", "requested_by", "debate")
                    .order_by("received_at", "id"))
    overdue_ids = {item.pk for item in requests if services.overdue(item, today)}
    for item in requests:
        item.is_overdue = item.pk in overdue_ids
    debates = list(Meeting.objects.filter(consultation=consultation)
                   .select_related("minutes", "component__space")
                   .prefetch_related("requests__group").order_by("starts_at", "id"))
    minutes_forms = minutes_forms or {}
    # Each debate with its minutes form (a meeting has no attribute for it).
    debate_rows = [(debate, minutes_forms.get(
        debate.pk, MinutesForm(prefix=f"minutes-{debate.pk}",
                               initial={"participants": debate.participants})))
        for debate in debates]
    pending = [item for item in requests if item.state == DebateRequestState.PENDING]
    response = render_page(
        request, "consultations/manage/debates.html", consultation,
        requests=requests, pending=pending, debates=debate_rows,
        overdue_count=len(overdue_ids),
        schedule_form=schedule_form or (DebateScheduleForm(consultation=consultation)
                                        if pending else None),
        create_form=create_form or DebateForm(prefix="new"),
        is_final=consultation.state == ConsultationState.FINAL,
        today=today,
    )
    response.status_code = status
    return response


@consultation_staff_view
def manage_debates(request: AuthedRequest, component: Component,
                   consultation: Consultation) -> HttpResponse:
    if request.method != "POST":
        return _page(request, consultation)
    action = request.POST.get("action")
    here = consultation_url("manage_debates", consultation)
    user = request.user
    if action == "schedule":
        schedule_form = DebateScheduleForm(request.POST, consultation=consultation)
        if schedule_form.is_valid():
            data = schedule_form.cleaned_data
            try:
                debate = services.debate_schedule(
                    acting_user=user,
                    consultation=consultation, requests=list(data["requests"]),
                    starts_at=data["starts_at"], place=data["place"],
                    online_url=data["online_url"], late_reason=data.get("late_reason") or "")
            except ValidationError as error:
                apply_service_errors(schedule_form, error)
            else:
                messages.success(request, _("The debate of %(date)s is scheduled and shown on "
                                            "the consultation page.") % {
                    "date": formats.date_format(timezone.localtime(debate.starts_at),
                                                "DATETIME_FORMAT")})
                return HttpResponseRedirect(here)
        return _page(request, consultation, schedule_form=schedule_form, status=400)
    if action == "create":
        create_form = DebateForm(request.POST, prefix="new")
        if create_form.is_valid():
            data = create_form.cleaned_data
            try:
                debate = services.debate_create(
                    acting_user=user,
                    consultation=consultation, starts_at=data["starts_at"],
                    place=data["place"], online_url=data["online_url"])
            except ValidationError as error:
                apply_service_errors(create_form, error)
            else:
                messages.success(request, _("The debate of %(date)s is scheduled and shown on "
                                            "the consultation page.") % {
                    "date": formats.date_format(timezone.localtime(debate.starts_at),
                                                "DATETIME_FORMAT")})
                return HttpResponseRedirect(here)
        return _page(request, consultation, create_form=create_form, status=400)
    if action == "minutes":
        debate = _debate_or_404(consultation, request.POST.get("debate"))
        minutes_form = MinutesForm(request.POST, request.FILES, prefix=f"minutes-{debate.pk}")
        if minutes_form.is_valid():
            upload = minutes_form.cleaned_data["file"]
            try:
                services.debate_minutes_upload(
                    acting_user=user,
                    debate=debate, file=upload, file_name=upload.name or "",
                    size=upload.size or 0,
                    participants=minutes_form.cleaned_data["participants"])
            except ValidationError as error:
                minutes_form.add_error("file", error.messages)
            else:
                messages.success(request, _("The minutes are published on the consultation "
                                            "page."))
                return HttpResponseRedirect(here)
        return _page(request, consultation, minutes_forms={debate.pk: minutes_form},
                     status=400)
    messages.error(request, _("Choose what to do: schedule, add a debate or upload minutes."))
    return HttpResponseRedirect(here)


@consultation_staff_view
def manage_debate_edit(request: AuthedRequest, component: Component, consultation: Consultation,
                       debate_id: int) -> HttpResponse:
    debate = _debate_or_404(consultation, debate_id)
    initial = {"starts_at": timezone.localtime(debate.starts_at).replace(tzinfo=None),
               "place": debate.address if debate.is_in_person else "",
               "online_url": debate.online_url if debate.is_online else "",
               "participants": debate.participants, "late_reason": debate.late_reason}
    form = DebateEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.debate_update(
                acting_user=request.user,
                debate=debate, starts_at=data["starts_at"], place=data["place"],
                online_url=data["online_url"], participants=data["participants"],
                late_reason=data.get("late_reason") or "")
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The debate is saved."))
            return HttpResponseRedirect(consultation_url("manage_debates", consultation))
    return render_page(request, "consultations/manage/debates_form.html", consultation,
                       form=form, debate=debate,
                       debates_url=consultation_url("manage_debates", consultation))


urlpatterns: list[URLPattern] = [
    path("<int:consultation_id>/debates/", manage_debates, name="manage_debates"),
    path("<int:consultation_id>/debates/<int:debate_id>/edit/", manage_debate_edit,
         name="manage_debate_edit"),
]
