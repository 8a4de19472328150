"""Public pages of participatory spaces: lists with filters, and the space page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from participa.core.models import Area, Organization, Scope
from participa.spaces import permissions
from participa.spaces.models import Space, SpaceKind, SpaceMembership
from participa.spaces.selectors import component_list_for_space, space_get_for_user, space_list_visible

STATE_CHOICES = [
    ("", _("All")),
    ("active", _("Open now")),
    ("upcoming", _("Upcoming")),
    ("past", _("Finished")),
]


class SpaceFilterForm(forms.Form):
    scope = forms.ModelChoiceField(queryset=Scope.objects.none(), required=False, label=_("Scope"),
                                   empty_label=_("All"))
    area = forms.ModelChoiceField(queryset=Area.objects.none(), required=False, label=_("Area"),
                                  empty_label=_("All"))
    state = forms.ChoiceField(choices=STATE_CHOICES, required=False, label=_("State"))

    def __init__(self, *args: Any, organization: Organization, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = Scope.objects.filter(organization=organization)  # type: ignore[attr-defined]
        self.fields["area"].queryset = Area.objects.filter(organization=organization)  # type: ignore[attr-defined]
        if kind != SpaceKind.PROCESS:
            del self.fields["state"]


def _space_list(request: HttpRequest, kind: str, template: str, nav: str) -> HttpResponse:
    org = request.organization  # type: ignore[attr-defined]
    form = SpaceFilterForm(request.GET or None, organization=org, kind=kind)
    qs = space_list_visible(request.user, org).filter(kind=kind)
    state = ""
    if form.is_valid():
        if form.cleaned_data["scope"]:
            qs = qs.filter(scope_id__in=form.cleaned_data["scope"].descendant_ids())
        if form.cleaned_data["area"]:
            qs = qs.filter(area=form.cleaned_data["area"])
        state = form.cleaned_data.get("state") or ""
    if state:
        # The state follows the phases' dates: filter in Python over the prefetched phases.
        spaces: Any = [space for space in qs if space.state() == state]
    else:
        spaces = qs
    page_obj = Paginator(spaces, 12).get_page(request.GET.get("page"))
    return render(request, template, {
        "form": form, "page_obj": page_obj, "spaces": page_obj.object_list, "nav": nav,
        "kind": kind, "filtered": any(request.GET.get(k) for k in ("scope", "area", "state")),
    })


def process_list(request: HttpRequest) -> HttpResponse:
    return _space_list(request, SpaceKind.PROCESS, "spaces/space_list.html", "processes")


def assembly_list(request: HttpRequest) -> HttpResponse:
    return _space_list(request, SpaceKind.ASSEMBLY, "spaces/space_list.html", "assemblies")


def space_detail(request: HttpRequest, slug: str) -> HttpResponse:
    org = request.organization  # type: ignore[attr-defined]
    space = space_get_for_user(request.user, org, slug)
    if space is None:
        raise Http404
    members = []
    if not space.is_process:
        members = list(
            SpaceMembership.objects.filter(space=space, is_public=True)
            .select_related("user")
            .exclude(user__deleted_at__isnull=False)
        )
    return render(request, "spaces/space_detail.html", {
        "space": space,
        "phases": list(space.phases.all()),
        "active_phase": space.active_phase(),
        "components": component_list_for_space(request.user, space),
        "members": members,
        "can_manage": permissions.can_manage_space(request.user, space),
        "nav": "processes" if space.is_process else "assemblies",
    })


def get_component_or_404(request: HttpRequest, space_slug: str, component_id: int,
                         component_type: str) -> Any:
    """The component if the visitor may see it; otherwise 404 (missing and forbidden alike)."""
    from participa.spaces.models import Component

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


