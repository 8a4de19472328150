"""Meetings as iCalendar feeds calendar applications subscribe to: the organization's
(cached), a component's, one meeting's ("add to calendar") and a person's, at a secret
address shown on "My calendar" and renewed there (the old address then stops working).

Feeds carry announced meetings only (never a draft), as an anonymous visitor sees them —
except a person's own feed, which carries what that person may see — and never an online
link: that goes to registered participants only, by e-mail and on the meeting page."""

from __future__ import annotations

import gzip
from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participa.components.meetings.ical import calendar_bytes
from participa.components.meetings.models import CalendarFeed, Meeting, MeetingState
from participa.components.meetings.selectors import (
    meeting_get_for_user,
    meetings_in_feed,
    meetings_of_person,
    meetings_public,
)
from participa.components.meetings.services.calendar_feeds import (
    calendar_feed_get_or_create,
    calendar_feed_renew,
)
from participa.core.http import AuthedRequest, OrgRequest, login_required, org_view
from participa.core.i18n import translated
from participa.core.models import Organization
from participa.core.pagecache import generations, page_cache
from participa.spaces.decorators import component_view
from participa.spaces.models import Component

CONTENT_TYPE = "text/calendar; charset=utf-8"
# The organization's feed is kept until a write changes the organization's generation (every
# write that can change a public page does); the time bounds how long the year window lags.
FEED_CACHE_SECONDS = 3600


def ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _base_url(request: OrgRequest) -> str:
    return request.build_absolute_uri("/")


def _bytes(request: OrgRequest, meetings: Iterable[Meeting], name: str) -> bytes:
    org = request.organization
    return calendar_bytes(meetings, name=name, base_url=_base_url(request),
                          time_zone=org.time_zone)


def organization_feed_gzip(request: OrgRequest) -> bytes:
    """The organization's feed, gzip-compressed, from the cache while no public page of the
    organization changed (its generation, ``participa/core/pagecache.py``). Kept compressed:
    a city's feed of thousands of meetings is megabytes of repetitive text, a tenth of that
    compressed, and cheaper to read from the cache and to send."""
    org: Organization = request.organization
    every, own = generations(org.pk)
    key = ":".join(["meetings:feed", str(org.pk), str(every), str(own), get_language() or "",
                    request.get_host()])
    cache = page_cache()
    body = cache.get(key)
    if body is None:
        meetings = meetings_in_feed(meetings_public(AnonymousUser(), org))
        body = gzip.compress(_bytes(request, meetings, _("Meetings · %(organization)s") % {
            "organization": org.name}), compresslevel=6, mtime=0)
        cache.set(key, body, FEED_CACHE_SECONDS)
    return bytes(body)


def accepts_gzip(request: OrgRequest) -> bool:
    return any(part.split(";")[0].strip().lower() == "gzip"
               for part in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","))


@org_view
def organization_feed(request: OrgRequest) -> HttpResponse:
    """Every announced meeting of the organization, as an anonymous visitor sees them; sent
    compressed to calendar applications that accept it (all common ones do)."""
    body = organization_feed_gzip(request)
    if accepts_gzip(request):
        response = ics_response(body, "meetings.ics")
        response["Content-Encoding"] = "gzip"
    else:
        response = ics_response(gzip.decompress(body), "meetings.ics")
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


@component_view("meetings")
def component_feed(request: OrgRequest, component: Component) -> HttpResponse:
    """The announced meetings of one component."""
    meetings = meetings_in_feed(meetings_public(AnonymousUser(), request.organization,
                                                component=component))
    space = component.space
    name = f"{translated(component.name) or _('Meetings')} · {translated(space.title)}"
    return ics_response(_bytes(request, meetings, name),
                        f"{slugify(space.slug) or 'meetings'}-{component.pk}.ics")


@component_view("meetings", item=meeting_get_for_user, item_arg="meeting_id")
def meeting_feed(request: OrgRequest, component: Component, meeting: Meeting) -> HttpResponse:
    """"Add to calendar": one announced meeting as an ``.ics`` file."""
    if meeting.state == MeetingState.DRAFT:
        raise Http404
    return ics_response(_bytes(request, [meeting], str(meeting)), f"meeting-{meeting.pk}.ics")


@org_view
def personal_feed(request: OrgRequest, token: str) -> HttpResponse:
    """A person's feed at its secret address (a renewed address answers 404)."""
    feed = CalendarFeed.objects.select_related("user").filter(
        token=token, user__organization=request.organization, user__is_active=True,
        user__deleted_at__isnull=True).first()
    if feed is None:
        raise Http404
    meetings = meetings_in_feed(meetings_of_person(feed.user, request.organization))
    response = ics_response(_bytes(request, meetings, _("My meetings · %(organization)s") % {
        "organization": request.organization.name}), "my-meetings.ics")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def personal_feed_url(request: OrgRequest, feed: CalendarFeed) -> str:
    return request.build_absolute_uri(reverse("meetings_personal_feed", args=[feed.token]))


@login_required
def my_calendar(request: AuthedRequest) -> HttpResponse:
    """The person's secret calendar address, with the button that renews it."""
    feed = calendar_feed_get_or_create(acting_user=request.user)
    return render(request, "meetings/my_calendar.html", {
        "feed_url": personal_feed_url(request, feed),
        "organization_feed_url": request.build_absolute_uri(
            reverse("meetings_organization_feed")),
        "nav": "meetings",
    })


@require_http_methods(["GET", "POST"])
@login_required
def my_calendar_renew(request: AuthedRequest) -> HttpResponse:
    """Renew the secret address: a confirmation page (the calendars subscribed to the old
    address stop receiving meetings), then the POST."""
    if request.method != "POST":
        return render(request, "meetings/my_calendar_renew.html", {"nav": "meetings"})
    calendar_feed_renew(acting_user=request.user)
    messages.success(request, _("Your calendar has a new address: the old one no longer "
                                "works. Subscribe again with the new address."))
    return redirect("meetings_my_calendar")
