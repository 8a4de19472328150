"""Public journal pages: what the city did and answered, and when (per organization and per
space), with an Atom feed for each."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from participa.core.http import organization_of
from participa.core.i18n import translated
from participa.core.models import JournalEntry, Organization
from participa.journal.selectors import journal_list_visible
from participa.spaces.models import Space
from participa.spaces.selectors import space_get_for_user

ENTRIES_PER_PAGE = 30
FEED_ENTRIES = 50


def _organization(request: HttpRequest) -> Organization:
    """The organization the middleware chose by host name (404 where none is served)."""
    return organization_of(request)


def _space_or_404(request: HttpRequest, slug: str) -> Space:
    space = space_get_for_user(request.user, _organization(request), slug)
    if space is None:
        raise Http404
    return space


def _page(request: HttpRequest, space: Space | None) -> HttpResponse:
    org = _organization(request)
    entries = journal_list_visible(request.user, org, space)
    page_obj = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    feed_url = (reverse("journal:space_feed", args=[space.slug]) if space is not None
                else reverse("journal:feed"))
    return render(request, "journal/journal.html", {
        "space": space, "page_obj": page_obj, "entries": list(page_obj),
        "feed_url": feed_url, "nav": "journal",
    })


def organization_journal(request: HttpRequest) -> HttpResponse:
    return _page(request, None)


def space_journal(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, _space_or_404(request, slug))


class OrganizationJournalFeed(Feed):
    """The organization's journal as an Atom feed (public entries the reader may see)."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.request = request
        return None

    def title(self, obj: Any) -> str:
        org = _organization(self.request)
        return _("Journal of %(organization)s") % {"organization": org.name}

    def subtitle(self, obj: Any) -> str:
        return _("What the city did and answered, and when.")

    def link(self, obj: Any) -> str:
        return reverse("journal:index")

    def items(self, obj: Any) -> list[JournalEntry]:
        org = _organization(self.request)
        return list(journal_list_visible(self.request.user, org)[:FEED_ENTRIES])

    def item_title(self, item: JournalEntry) -> str:
        return item.sentence

    def item_description(self, item: JournalEntry) -> str:
        if item.space is None:
            return item.sentence
        return f"{translated(item.space.title)}: {item.sentence}"

    def item_link(self, item: JournalEntry) -> str:
        return item.url or reverse("journal:index")

    def item_guid(self, item: JournalEntry) -> str:
        return f"journal-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: JournalEntry) -> Any:
        return item.created_at

    def item_updateddate(self, item: JournalEntry) -> Any:
        return item.created_at


class SpaceJournalFeed(OrganizationJournalFeed):
    """One space's journal as an Atom feed."""

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.request = request
        return _space_or_404(request, kwargs["slug"])

    def title(self, obj: Any) -> str:
        return _("Journal of %(space)s") % {"space": translated(obj.title)}

    def link(self, obj: Any) -> str:
        return reverse("journal:space", args=[obj.slug])

    def items(self, obj: Any) -> list[JournalEntry]:
        org = _organization(self.request)
        return list(journal_list_visible(self.request.user, org, obj)[:FEED_ENTRIES])
