"""Staff views: the component's meetings and one meeting's back-office page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.components.meetings.forms import CancelForm, MeetingForm
from participa.components.meetings.models import Meeting, MeetingState
from participa.components.meetings.permissions import can_manage_meetings
from participa.components.meetings.services.meetings import (
    legal_profile,
    meeting_cancel,
    meeting_create,
    meeting_delete,
    meeting_publish,
    meeting_update,
)
from participa.components.meetings.services.series import (
    following_in_series,
    meeting_series_cancel_following,
    meeting_series_create,
)
from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest
from participa.core.models import User
from participa.spaces.decorators import staff_view
from participa.spaces.models import Component
from participa.spaces.staff import render_manage

COMPONENT_TYPE = "meetings"
MEETINGS_PER_SCREEN = 50


def _meeting_for_staff(user: User, component: Component, meeting_id: int) -> Meeting | None:
    meeting = Meeting.objects.filter(component=component, pk=meeting_id).first()
    if meeting is not None:
        meeting.component = component
    return meeting


# The component if the person may run its meetings; 404 otherwise (missing = forbidden).
meetings_staff_view = staff_view(COMPONENT_TYPE, permission=can_manage_meetings)
meeting_staff_view = staff_view(COMPONENT_TYPE, permission=can_manage_meetings,
                                item=_meeting_for_staff, item_arg="meeting_id")


def render_meetings(request: AuthedRequest, template: str, component: Component,
                    **extra: object) -> HttpResponse:
    context = {"component": component, "space": component.space, **extra}
    return render_manage(request, template, context, nav="spaces")


@meetings_staff_view
def manage_index(request: AuthedRequest, component: Component) -> HttpResponse:
    meetings = Meeting.objects.filter(component=component).order_by("-starts_at", "-id")
    page_obj = Paginator(meetings, MEETINGS_PER_SCREEN).get_page(request.GET.get("page"))
    return render_meetings(request, "meetings/manage/index.html", component, page_obj=page_obj)


@meeting_staff_view
def manage_detail(request: AuthedRequest, component: Component,
                  meeting: Meeting) -> HttpResponse:
    """The back-office page of a meeting: its state, the actions, the other dates of its
    series, its documents and the links to what other pages manage of it."""
    series = []
    if meeting.series_id is not None:
        series = list(Meeting.objects.filter(series_id=meeting.series_id)
                      .exclude(pk=meeting.pk).order_by("starts_at", "id"))
    return render_meetings(request, "meetings/manage/detail.html", component, meeting=meeting,
                           series=series)


def _detail_url(component: Component, meeting: Meeting) -> str:
    return reverse("manage:meetings:manage_detail",
                   args=[component.space.slug, component.pk, meeting.pk])


def _index_url(component: Component) -> str:
    return reverse("manage:meetings:manage_index", args=[component.space.slug, component.pk])


def _form(request: AuthedRequest, component: Component,
          meeting: Meeting | None = None) -> MeetingForm:
    org = component.space.organization
    data = request.POST if request.method == "POST" else None
    extra = 1 if data is not None and "more_questions" in data else 0
    profile = legal_profile(meeting) if meeting is not None else None
    return MeetingForm(data, organization=org, instance=meeting, extra_questions=extra,
                       profile=profile)


def _saving(request: AuthedRequest, form: MeetingForm) -> bool:
    """A POST that saves (not one that only adds a question row) with a valid form."""
    return (request.method == "POST" and "more_questions" not in request.POST
            and form.is_valid())


@meetings_staff_view
def manage_create(request: AuthedRequest, component: Component) -> HttpResponse:
    """A new meeting (a draft unless announced at once), or a series of them."""
    form = _form(request, component)
    if _saving(request, form):
        repetition = form.repetition()
        publish = bool(form.cleaned_data.get("publish"))
        try:
            if repetition["repeat"]:
                created = meeting_series_create(
                    acting_user=request.user, component=component, data=form.values(),
                    repeat=repetition["repeat"], until=repetition["until"],
                    count=repetition["count"], publish=publish)
                messages.success(request, ngettext(
                    "%(count)d meeting of the series was created.",
                    "%(count)d meetings of the series were created.", len(created))
                    % {"count": len(created)})
                meeting = created[0]
            else:
                meeting = meeting_create(acting_user=request.user, component=component,
                                         data=form.values(), publish=publish)
                messages.success(request, _("The meeting “%(title)s” was created.")
                                 % {"title": meeting})
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return HttpResponseRedirect(_detail_url(component, meeting))
    return render_meetings(request, "meetings/manage/form.html", component, form=form,
                           meeting=None)


@meeting_staff_view
def manage_edit(request: AuthedRequest, component: Component,
                meeting: Meeting) -> HttpResponse:
    form = _form(request, component, meeting)
    if _saving(request, form):
        try:
            meeting_update(acting_user=request.user, meeting=meeting, data=form.values())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The meeting “%(title)s” was saved.")
                             % {"title": meeting})
            return HttpResponseRedirect(_detail_url(component, meeting))
        meeting = _meeting_for_staff(request.user, component, meeting.pk) or meeting
    return render_meetings(request, "meetings/manage/form.html", component, form=form,
                           meeting=meeting)


@meeting_staff_view
def manage_publish(request: AuthedRequest, component: Component,
                   meeting: Meeting) -> HttpResponse:
    """Announce a draft, after a confirmation."""
    cancel_url = _detail_url(component, meeting)
    blocked = ""
    if meeting.state != MeetingState.DRAFT:
        blocked = _("This meeting is already announced.")
    elif request.method == "POST":
        try:
            meeting_publish(acting_user=request.user, meeting=meeting)
        except ValidationError as error:
            blocked = " ".join(error.messages)
        else:
            messages.success(request, _("The meeting “%(title)s” is announced.")
                             % {"title": meeting})
            return HttpResponseRedirect(cancel_url)
    return render_meetings(
        request, "includes/confirm_delete.html", component, object=meeting,
        cancel_url=cancel_url, blocked_reason=blocked,
        heading=_("Announce “%(title)s”?") % {"title": meeting},
        details=_("The meeting appears on the public pages and in the calendars, and the "
                  "followers of the space are invited."),
        confirm_label=_("Yes, announce it"))


@meeting_staff_view
def manage_cancel(request: AuthedRequest, component: Component,
                  meeting: Meeting) -> HttpResponse:
    """Cancel an announced meeting (and, in a series, the following ones) with a reason."""
    following = following_in_series(meeting) if meeting.series_id else []
    form = CancelForm(request.POST or None)
    if len(following) < 2:
        del form.fields["following"]
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["cancel_reason"]
        try:
            if form.cleaned_data.get("following"):
                count = meeting_series_cancel_following(acting_user=request.user,
                                                        meeting=meeting, reason=reason)
                messages.success(request, ngettext(
                    "%(count)d meeting was cancelled.", "%(count)d meetings were cancelled.",
                    count) % {"count": count})
            else:
                meeting_cancel(acting_user=request.user, meeting=meeting, reason=reason)
                messages.success(request, _("The meeting “%(title)s” is cancelled.")
                                 % {"title": meeting})
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return HttpResponseRedirect(_detail_url(component, meeting))
    return render_meetings(request, "meetings/manage/cancel.html", component, form=form,
                           meeting=meeting, following=following)


@meeting_staff_view
def manage_delete(request: AuthedRequest, component: Component,
                  meeting: Meeting) -> HttpResponse:
    """Delete a draft, after a confirmation."""
    cancel_url = _detail_url(component, meeting)
    blocked = "" if meeting.state == MeetingState.DRAFT else _(
        "Only a draft can be deleted: cancel an announced meeting instead.")
    if request.method == "POST" and not blocked:
        title = str(meeting)
        try:
            meeting_delete(acting_user=request.user, meeting=meeting)
        except ValidationError as error:
            blocked = " ".join(error.messages)
        else:
            messages.success(request, _("The draft “%(title)s” was deleted.") % {"title": title})
            return HttpResponseRedirect(_index_url(component))
    return render_meetings(request, "includes/confirm_delete.html", component, object=meeting,
                           cancel_url=cancel_url, blocked_reason=blocked)
