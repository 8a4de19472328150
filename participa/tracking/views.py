"""Public pages of tracked items, site-wide at /tracking/: the list (filters, pages) and an
item's page (status, progress, money, milestones, history, photos, where it comes from)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from participa.core.http import OrgRequest, org_view
from participa.core.pagecache import cache_for_visitors
from participa.tracking.forms import TrackedItemFilterSet
from participa.tracking.permissions import can_manage_tracked_item, can_manage_tracking
from participa.tracking.selectors import (
    source_link,
    tracked_item_get_for_user,
    tracked_items_visible,
)

ITEMS_PER_PAGE = 20


@cache_for_visitors
@org_view
def index(request: OrgRequest) -> HttpResponse:
    """Every tracked item the visitor may see, latest change first, filtered."""
    org = request.organization
    items = tracked_items_visible(request.user, org).order_by("-updated_at", "-id")
    filterset = TrackedItemFilterSet.from_request(request, items, organization=org)
    page_obj = Paginator(filterset.filtered_qs, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "tracking/index.html", {
        "form": filterset.form, "filtered": filterset.is_bound, "page_obj": page_obj,
        "items": list(page_obj.object_list), "organization": org,
        "can_manage": can_manage_tracking(request.user, org), "nav": "tracking",
    })


@cache_for_visitors
@org_view
def detail(request: OrgRequest, pk: int) -> HttpResponse:
    item = tracked_item_get_for_user(request.user, request.organization, pk)
    if item is None:
        raise Http404
    return render(request, "tracking/detail.html", {
        "item": item, "organization": request.organization,
        "source": source_link(item),
        "milestones": list(item.milestones.all()),
        "expenses": list(item.expenses.all()),
        "updates": list(item.updates.all()),
        "can_manage": can_manage_tracked_item(request.user, item), "nav": "tracking",
    })
