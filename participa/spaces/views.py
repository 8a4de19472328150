"""Public pages of participatory spaces: lists with filters, and the space page."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.core.models import Area, Organization, Scope
from participa.core.pagecache import cache_for_visitors
from participa.spaces import permissions
from participa.spaces.models import Component, Phase, Space, SpaceKind, SpaceMembership
from participa.spaces.selectors import (
    component_list_for_space,
    space_get_for_user,
    space_list_visible,
)

SPACES_PER_PAGE = 12

STATE_CHOICES = [
    ("", _("All")),
    ("active", _("Open now")),
    ("upcoming", _("Upcoming")),
    ("past", _("Finished")),
]


def filter_by_state(qs: QuerySet[Space], state: str,
                    today: datetime.date | None = None) -> QuerySet[Space]:
    """Processes in ``state`` (active / upcoming / past), computed in the database.

    Matches ``Space.state()``: a phase set by hand makes the process active; otherwise it is
    active between the start of its first phase and the end of its last one, upcoming before
    (or while it has no phases) and past after.
    """
    today = today or timezone.localdate()
    phases = Phase.objects.filter(space=OuterRef("pk"))
    qs = qs.annotate(
        first_start=Subquery(phases.order_by("start_date").values("start_date")[:1]),
        last_end=Subquery(phases.order_by("-end_date").values("end_date")[:1]),
    )
    by_hand = Q(active_phase_manual__isnull=False)
    if state == "active":
        return qs.filter(by_hand | Q(first_start__lte=today, last_end__gte=today))
    if state == "upcoming":
        return qs.filter(~by_hand & (Q(first_start__isnull=True) | Q(first_start__gt=today)))
    if state == "past":
        return qs.filter(~by_hand & Q(last_end__lt=today))
    return qs


def scope_tree_choices(scopes: list[Scope]) -> list[tuple[int, str]]:
    """Scopes as a tree (city, then its zones, then their neighbourhoods), sorted by name at
    each level and indented with non-breaking spaces (read aloud as just the name)."""
    children: dict[int | None, list[Scope]] = {}
    known = {scope.pk for scope in scopes}
    for scope in scopes:
        parent = scope.parent_id if scope.parent_id in known else None
        children.setdefault(parent, []).append(scope)
    choices: list[tuple[int, str]] = []
    seen: set[int] = set()

    def walk(parent: int | None, depth: int) -> None:
        for scope in sorted(children.get(parent, []), key=lambda item: str(item).lower()):
            if scope.pk in seen:
                continue
            seen.add(scope.pk)
            choices.append((scope.pk, "\u00a0\u00a0\u00a0" * depth + str(scope)))
            walk(scope.pk, depth + 1)

    walk(None, 0)
    return choices


class SpaceFilterForm(forms.Form):
    scope = forms.ModelChoiceField(queryset=Scope.objects.none(), required=False, label=_("Scope"),
                                   empty_label=_("All"))
    area = forms.ModelChoiceField(queryset=Area.objects.none(), required=False, label=_("Area"),
                                  empty_label=_("All"))
    state = forms.ChoiceField(choices=STATE_CHOICES, required=False, label=_("State"))

    def __init__(self, *args: Any, organization: Organization, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope_field = self.fields["scope"]
        area_field = self.fields["area"]
        assert isinstance(scope_field, forms.ModelChoiceField)
        assert isinstance(area_field, forms.ModelChoiceField)
        scope_field.queryset = Scope.objects.filter(organization=organization)
        area_field.queryset = Area.objects.filter(organization=organization)
        # The options, in a readable order (one query each, whatever the number of spaces).
        scope_field.choices = [("", _("All")), *scope_tree_choices(list(scope_field.queryset))]
        areas = sorted(area_field.queryset, key=lambda area: str(area).lower())
        area_field.choices = [("", _("All")), *((area.pk, str(area)) for area in areas)]
        if kind != SpaceKind.PROCESS:
            del self.fields["state"]


def _space_list(request: HttpRequest, kind: str, nav: str) -> HttpResponse:
    org = request.organization  # type: ignore[attr-defined]
    params = {key: value for key, value in request.GET.items() if key != "page" and value}
    form = SpaceFilterForm(params or None, organization=org, kind=kind)
    qs = space_list_visible(request.user, org).filter(kind=kind)
    if form.is_valid():
        if form.cleaned_data["scope"]:
            qs = qs.filter(scope_id__in=form.cleaned_data["scope"].descendant_ids())
        if form.cleaned_data["area"]:
            qs = qs.filter(area=form.cleaned_data["area"])
        if form.cleaned_data.get("state"):
            qs = filter_by_state(qs, form.cleaned_data["state"])
    elif form.is_bound:
        qs = qs.none()
    page_obj = Paginator(qs, SPACES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "spaces/space_list.html", {
        "form": form, "page_obj": page_obj, "spaces": page_obj.object_list, "nav": nav,
        "kind": kind, "filtered": form.is_bound,
    })


@cache_for_visitors
def process_list(request: HttpRequest) -> HttpResponse:
    return _space_list(request, SpaceKind.PROCESS, "processes")


@cache_for_visitors
def assembly_list(request: HttpRequest) -> HttpResponse:
    return _space_list(request, SpaceKind.ASSEMBLY, "assemblies")


@cache_for_visitors
def space_detail(request: HttpRequest, slug: str) -> HttpResponse:
    org = request.organization  # type: ignore[attr-defined]
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
    """The component if the visitor may see it; otherwise 404 (missing and forbidden alike)."""
    org = request.organization  # type: ignore[attr-defined]
    space = space_get_for_user(request.user, org, space_slug)
    if space is None:
        raise Http404
    component = Component.objects.filter(space=space, pk=component_id, type=component_type).first()
    if component is None:
        raise Http404
    component.space = space
    if not permissions.can_view_component(request.user, component):
        raise Http404
    return component
