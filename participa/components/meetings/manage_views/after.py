"""Staff views after the meeting: the record (minutes text and file, video, attendees,
conclusions, links to what it produced), the redaction review of the minutes, publication and
closing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.components.meetings.forms_agenda import (
    HideWordsForm,
    LinkForm,
    MinutesFileForm,
    MinutesForm,
    kind_label,
)
from participa.components.meetings.manage_views.meetings import (
    meeting_staff_view,
    render_meetings,
)
from participa.components.meetings.manage_views.posted import posted_id
from participa.components.meetings.models import Meeting, MeetingLink
from participa.components.meetings.services import minutes as services
from participa.components.meetings.services.speakers import speakers_waiting
from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest
from participa.redaction import engine, review
from participa.spaces.models import Component


def _url(name: str, meeting: Meeting) -> str:
    component = meeting.component
    return reverse(f"manage:meetings:{name}",
                   args=[component.space.slug, component.pk, meeting.pk])


def _initial(meeting: Meeting) -> dict[str, Any]:
    return {"minutes_text": meeting.minutes_text, "video_url": meeting.video_url,
            "participants": meeting.participants, "conclusions": meeting.conclusions}


def _fail(form: forms.Form, error: ValidationError) -> None:
    apply_service_errors(form, error)


def _waiting_sentence(meeting: Meeting) -> str:
    """Why the meeting cannot be closed yet ("" when it can), as the closing service says."""
    waiting = speakers_waiting(meeting)
    if not waiting:
        return ""
    return ngettext("%(count)d speaker is not marked heard or absent yet.",
                    "%(count)d speakers are not marked heard or absent yet.",
                    waiting) % {"count": waiting}


@meeting_staff_view
def manage_minutes(request: AuthedRequest, component: Component,
                   meeting: Meeting) -> HttpResponse:
    """The record after the meeting, its links, publication and closing (POST ``action``)."""
    here = _url("manage_minutes", meeting)
    published = meeting.minutes_published_at is not None
    form = MinutesForm(initial=_initial(meeting), published=published)
    file_form = MinutesFileForm(published=published)
    link_form = LinkForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        status = 400
        try:
            if action == "record":
                form = MinutesForm(request.POST, published=published)
                if form.is_valid():
                    try:
                        services.minutes_update(acting_user=request.user, meeting=meeting,
                                                data=form.values(),
                                                reason=form.cleaned_data.get("reason", ""))
                    except ValidationError as error:
                        _fail(form, error)
                    else:
                        messages.success(request, _("The record of the meeting is saved."))
                        return HttpResponseRedirect(here)
            elif action == "file":
                file_form = MinutesFileForm(request.POST, request.FILES, published=published)
                if file_form.is_valid():
                    upload = file_form.cleaned_data["file"]
                    try:
                        services.minutes_file_attach(
                            acting_user=request.user, meeting=meeting, file=upload,
                            file_name=upload.name, size=upload.size,
                            reason=file_form.cleaned_data.get("reason", ""))
                    except ValidationError as error:
                        _fail(file_form, error)
                    else:
                        messages.success(request, _("The minutes file is uploaded."))
                        return HttpResponseRedirect(here)
            elif action == "link":
                link_form = LinkForm(request.POST)
                if link_form.is_valid():
                    try:
                        services.meeting_link_create(
                            acting_user=request.user, meeting=meeting,
                            title=link_form.cleaned_data["title"],
                            url=link_form.cleaned_data["url"])
                    except ValidationError as error:
                        _fail(link_form, error)
                    else:
                        messages.success(request, _("The link is added."))
                        return HttpResponseRedirect(here)
            elif action == "link_delete":
                link = MeetingLink.objects.filter(meeting=meeting,
                                                  pk=posted_id(request, "link")).first()
                if link is None:
                    raise Http404
                link.meeting = meeting
                services.meeting_link_delete(acting_user=request.user, link=link)
                messages.success(request, _("The link is removed."))
                return HttpResponseRedirect(here)
            elif action == "publish":
                services.minutes_publish(acting_user=request.user, meeting=meeting)
                messages.success(request, _("The minutes are published."))
                return HttpResponseRedirect(here)
            elif action == "close":
                services.meeting_close(acting_user=request.user, meeting=meeting)
                messages.success(request, _("The meeting is closed."))
                return HttpResponseRedirect(here)
            else:
                messages.error(request, _("Choose what to do."))
                return HttpResponseRedirect(here)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(here)
    meeting.refresh_from_db()
    response = render_meetings(
        request, "meetings/manage/minutes.html", component, meeting=meeting, form=form,
        file_form=file_form, link_form=link_form,
        links=list(meeting.links.order_by("created_at", "id")),
        minutes_file=meeting.minutes,
        redacted=engine.apply_json(component.space.organization, meeting.minutes_text,
                                   meeting.minutes_redactions),
        hidden_count=len(meeting.minutes_redactions or []),
        speakers_waiting=_waiting_sentence(meeting),
    )
    response.status_code = status
    return response


@meeting_staff_view
def manage_minutes_review(request: AuthedRequest, component: Component,
                          meeting: Meeting) -> HttpResponse:
    """The minutes as written (staff only) beside the text the public will read; hide more
    words, keep some visible."""
    here = _url("manage_minutes_review", meeting)
    published = meeting.minutes_published_at is not None
    form = HideWordsForm(published=published)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        reason = request.POST.get("reason", "")
        if action == "hide":
            form = HideWordsForm(request.POST, published=published)
            status = 400
            if form.is_valid():
                try:
                    count = services.minutes_hide_words(
                        acting_user=request.user, meeting=meeting,
                        words=form.cleaned_data["words"], kind=form.cleaned_data["kind"],
                        all_occurrences=form.cleaned_data["all_occurrences"],
                        reason=form.cleaned_data.get("reason", ""))
                except ValidationError as error:
                    _fail(form, error)
                else:
                    messages.success(request, ngettext(
                        "The words are hidden in %(count)d place.",
                        "The words are hidden in %(count)d places.", count) % {"count": count})
                    return HttpResponseRedirect(here)
        elif action == "remove":
            try:
                start = int(request.POST.get("start", "-1"))
                end = int(request.POST.get("end", "-1"))
                if services.minutes_redaction_remove(acting_user=request.user,
                                                     meeting=meeting, start=start, end=end,
                                                     reason=reason):
                    messages.success(request, _("The words are visible again in the "
                                                "published text."))
                else:
                    messages.info(request, _("That redaction was already removed."))
            except ValueError:
                messages.error(request, _("The redaction to remove was not understood. "
                                          "Reload the page."))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(here)
        else:
            messages.error(request, _("Choose what to do."))
            return HttpResponseRedirect(here)
    meeting.refresh_from_db()
    response = render_meetings(
        request, "meetings/manage/minutes_review.html", component, meeting=meeting, form=form,
        segments=review.segments(meeting.minutes_text, meeting.minutes_redactions,
                                 label=kind_label),
        redacted=engine.apply_json(component.space.organization, meeting.minutes_text,
                                   meeting.minutes_redactions),
        back_url=_url("manage_minutes", meeting),
    )
    response.status_code = status
    return response
