"""Public pages of participatory spaces: lists with filters, and the space page."""

from __future__ import annotations

from typing import Any, cast

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.core.http import OrgRequest, as_org_request, org_view
from participa.core.pagecache import cache_for_visitors
from participa.spaces import permissions
from participa.spaces.decorators import visible_component_or_404
from participa.spaces.filters import ListFilterSet, StatusFilter
from participa.spaces.models import (
    SpaceKind,
    SpaceMembership,
    SpaceQuerySet,
)
from participa.spaces.selectors import (
    component_list_for_space,
    space_get_for_user,
    space_list_visible,
)

SPACES_PER_PAGE = 12

STATE_CHOICES = [
    ("active", _("Open now")),
    ("upcoming", _("Upcoming")),
    ("past", _("Finished")),
]


class SpaceFilterSet(ListFilterSet):
    """Assemblies: scope (with the scopes inside it) and area."""


class ProcessFilterSet(ListFilterSet):
    """Processes: scope, area and state (``SpaceQuerySet.with_status()``)."""

    state = StatusFilter(choices=STATE_CHOICES, label=_("State"))


def _space_list(request: OrgRequest, kind: str, nav: str) -> HttpResponse:
    org = request.organization
    visible = cast(SpaceQuerySet, space_list_visible(request.user, org))
    filter_class = ProcessFilterSet if kind == SpaceKind.PROCESS else SpaceFilterSet
    filterset = filter_class.from_request(request, visible.filter(kind=kind).with_status(),
                                          organization=org)
    page_obj = Paginator(filterset.filtered_qs, SPACES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "spaces/space_list.html", {
        "form": filterset.form, "page_obj": page_obj, "spaces": page_obj.object_list,
        "nav": nav, "kind": kind, "filtered": filterset.is_bound,
    })


@cache_for_visitors
@org_view
def process_list(request: OrgRequest) -> HttpResponse:
    return _space_list(request, SpaceKind.PROCESS, "processes")


@cache_for_visitors
@org_view
def assembly_list(request: OrgRequest) -> HttpResponse:
    return _space_list(request, SpaceKind.ASSEMBLY, "assemblies")


@cache_for_visitors
@org_view
def space_detail(request: OrgRequest, slug: str) -> HttpResponse:
    org = request.organization
    space = space_get_for_user(request.user, org, slug)
    if space is None:
        raise Http404
    members: list[SpaceMembership] = []
    if not space.is_process:
        members = list(
            SpaceMembership.objects.filter(space=space, is_public=True, user__is_active=True,
                                           user__deleted_at__isnull=True)
            .select_related("user")
            .order_by("role", "id")
        )
    components = [
        component for component in component_list_for_space(request.user, space)
        if component.spec is not None  # a component whose app was removed has no pages
    ]
    return render(request, "spaces/space_detail.html", {
        "space": space,
        "phases": list(space.phases.all()),
        "active_phase": space.active_phase(),
        "components": components,
        "members": members,
        "can_manage": permissions.can_manage_space(request.user, space),
        "today": timezone.localdate(),
        "nav": "processes" if space.is_process else "assemblies",
    })


def get_component_or_404(request: HttpRequest, space_slug: str, component_id: int,
                         component_type: str) -> Any:
    """The component if the visitor may see it; otherwise 404 (missing and forbidden alike).
    Views use ``spaces.decorators.component_view``, which does this."""
    return visible_component_or_404(as_org_request(request), space_slug, component_id,
                                    component_type)
