"""Back-office screens of participatory spaces: the space itself, its phases, components and
members. Access through ``spaces.permissions.can_manage_space`` (missing and forbidden: 404)."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.core import permissions as core_permissions
from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest
from participa.manage.filters import ManageSpaceFilterSet
from participa.manage.forms import (
    ComponentAddForm,
    ComponentForm,
    MembershipAddForm,
    PhaseForm,
    SpaceForm,
)
from participa.spaces import permissions as space_permissions
from participa.spaces import services
from participa.spaces.decorators import staff_space_view, staff_view
from participa.spaces.models import Component, Phase, Space, SpaceMembership, SpaceQuerySet
from participa.spaces.registry import get_spec
from participa.spaces.staff import (
    confirm_action,
    manage_view,
    post_only,
    render_manage,
    space_list_manageable,
)

PAGE_SIZE = 25


def _area_limit(request: AuthedRequest) -> set[int] | None:
    """Administrators choose any area; officials only their own."""
    org = request.organization
    if core_permissions.is_admin(request.user, org):
        return None
    return core_permissions.official_area_ids(request.user, org)


# --- Spaces -----------------------------------------------------------------------------------


@manage_view()
def space_list(request: AuthedRequest) -> HttpResponse:
    org = request.organization
    spaces = cast(SpaceQuerySet, space_list_manageable(request.user, org))
    filterset = ManageSpaceFilterSet.from_request(
        request, spaces.with_status().order_by("-created_at", "-id"), organization=org)
    page_obj = Paginator(filterset.filtered_qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_manage(request, "manage/space_list.html", {
        "form": filterset.form, "page_obj": page_obj, "filtered": filterset.is_bound,
    }, "spaces")


@manage_view(space_permissions.can_create_space)
def space_create(request: AuthedRequest) -> HttpResponse:
    org = request.organization
    form = SpaceForm(request.POST or None, request.FILES or None, instance=Space(organization=org),
                     organization=org, area_ids=_area_limit(request))
    if request.method == "POST" and form.is_valid():
        try:
            space = services.space_create(organization=org, acting_user=request.user,
                                          values=form.service_values())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The space is created. It stays hidden from the public "
                                        "until you publish it."))
            return redirect("manage:space_edit", slug=space.slug)
    return render_manage(request, "manage/space_form.html", {
        "form": form, "heading": _("New participatory space"),
    }, "spaces")


@staff_space_view()
def space_edit(request: AuthedRequest, space: Space) -> HttpResponse:
    """The space's back-office home: its settings, and its phases, components and members."""
    org = space.organization
    area_limit = _area_limit(request)
    instance = Space.objects.select_related("organization").get(pk=space.pk)
    form = SpaceForm(request.POST or None, request.FILES or None, instance=instance,
                     organization=org, area_ids=area_limit)
    if area_limit is not None and space.area_id not in area_limit:
        # Only administrators and officials of the space's area move it to another area.
        del form.fields["area"]
    if request.method == "POST" and form.is_valid():
        try:
            changes = services.space_update(space=space, acting_user=request.user,
                                            values=form.service_values())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The space is saved.") if changes
                             else _("Nothing was changed."))
            return redirect("manage:space_edit", slug=form.cleaned_data["slug"])
    phases = list(Phase.objects.filter(space=space))
    components = list(Component.objects.filter(space=space))
    return render_manage(request, "manage/space_edit.html", {
        "space": space, "form": form, "phases": phases, "components": components,
        "member_count": SpaceMembership.objects.filter(space=space).count(),
        "can_delete": space_permissions.can_delete_space(request.user, space),
    }, "spaces")


@staff_space_view()
def space_publish(request: AuthedRequest, space: Space) -> HttpResponse:
    refused = post_only(request)
    if refused:
        return refused
    if request.POST.get("publish") == "0":
        services.space_unpublish(space=space, acting_user=request.user)
        messages.success(request, _("The space is unpublished: only staff can see it now."))
    else:
        services.space_publish(space=space, acting_user=request.user)
        messages.success(request, _("The space is published."))
    return redirect("manage:space_edit", slug=space.slug)


@staff_space_view()
def space_delete(request: AuthedRequest, space: Space) -> HttpResponse:
    if not space_permissions.can_delete_space(request.user, space):
        raise Http404
    return confirm_action(
        request, obj=space, nav="spaces",
        cancel_url=reverse("manage:space_edit", args=[space.slug]),
        details=_("Its phases, components and everything in them are deleted too."),
        perform=lambda: services.space_delete(space=space, acting_user=request.user),
        success_url=reverse("manage:space_list"),
        success_message=_("The space is deleted."),
    )


# --- Phases -----------------------------------------------------------------------------------


def _runs_process(user: Any, space: Space) -> bool:
    return space.is_process and space_permissions.can_manage_space(user, space)


# A process (not an assembly) the person may run; 404 otherwise.
process_staff_view = staff_space_view(space_permission=_runs_process)


def _phase_or_404(space: Space, pk: int) -> Phase:
    phase = Phase.objects.filter(space=space, pk=pk).first()
    if phase is None:
        raise Http404
    phase.space = space
    return phase


@process_staff_view
def phase_list(request: AuthedRequest, space: Space) -> HttpResponse:
    phases = list(Phase.objects.filter(space=space))
    return render_manage(request, "manage/phase_list.html", {
        "space": space, "phases": phases,
        "active_phase": _active_phase(space, phases),
    }, "spaces")


def _active_phase(space: Space, phases: list[Phase]) -> Phase | None:
    if space.active_phase_manual_id:
        return next((p for p in phases if p.pk == space.active_phase_manual_id), None)
    today = timezone.localdate()
    return next((p for p in phases if p.start_date <= today <= p.end_date), None)


@process_staff_view
def phase_form(request: AuthedRequest, space: Space, pk: int | None = None) -> HttpResponse:
    phase = _phase_or_404(space, pk) if pk is not None else Phase(space=space)
    form = PhaseForm(request.POST or None, instance=phase, organization=space.organization)
    if request.method == "POST" and form.is_valid():
        try:
            if pk is None:
                services.phase_create(space=space, acting_user=request.user,
                                      values=form.service_values())
                messages.success(request, _("The phase is added."))
            else:
                services.phase_update(phase=phase, acting_user=request.user,
                                      values=form.service_values())
                messages.success(request, _("The phase is saved."))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("manage:phase_list", slug=space.slug)
    return render_manage(request, "manage/simple_form.html", {
        "form": form, "space": space, "object": phase if pk else None,
        "heading": _("Edit phase") if pk else _("New phase"),
        "cancel_url": reverse("manage:phase_list", args=[space.slug]),
        "delete_url": reverse("manage:phase_delete", args=[space.slug, pk]) if pk else "",
    }, "spaces")


@process_staff_view
def phase_move(request: AuthedRequest, space: Space, pk: int) -> HttpResponse:
    phase = _phase_or_404(space, pk)
    refused = post_only(request)
    if refused:
        return refused
    direction = request.POST.get("direction", "")
    if direction in ("up", "down"):
        services.phase_move(phase=phase, acting_user=request.user,
                            direction=direction)
        messages.success(request, _("“%(phase)s” is moved.") % {"phase": phase})
    return redirect("manage:phase_list", slug=space.slug)


@process_staff_view
def phase_delete(request: AuthedRequest, space: Space, pk: int) -> HttpResponse:
    phase = _phase_or_404(space, pk)
    return confirm_action(
        request, obj=phase, nav="spaces",
        cancel_url=reverse("manage:phase_list", args=[space.slug]),
        details=_("The components' switches for this phase are deleted too."),
        perform=lambda: services.phase_delete(phase=phase, acting_user=request.user),
        success_url=reverse("manage:phase_list", args=[space.slug]),
        success_message=_("The phase is deleted."),
    )


# --- Components -------------------------------------------------------------------------------


# A component of any type in a space the person may run; 404 otherwise.
component_staff_view = staff_view(None, space_arg="slug", component_arg="pk")


def component_links(component: Component) -> dict[str, str]:
    """The component's own staff pages and public page, when they are mounted."""
    links: dict[str, str] = {}
    spec = get_spec(component.type)
    if spec is None:
        return links
    kwargs = {"space_slug": component.space.slug, "component_id": component.pk}
    if spec.manage_url_name:
        with contextlib.suppress(NoReverseMatch):
            links["manage"] = reverse(f"manage:{spec.name}:{spec.manage_url_name}",
                                      kwargs=kwargs)
    if spec.public_url_name:
        with contextlib.suppress(NoReverseMatch):
            links["public"] = reverse(f"spaces:{spec.name}:{spec.public_url_name}",
                                      kwargs=kwargs)
    return links


@staff_space_view()
def component_list(request: AuthedRequest, space: Space) -> HttpResponse:
    rows = []
    for component in Component.objects.filter(space=space):
        component.space = space
        spec = get_spec(component.type)
        rows.append({"component": component, "label": spec.label if spec else component.type,
                     "links": component_links(component)})
    return render_manage(request, "manage/component_list.html", {
        "space": space, "rows": rows,
    }, "spaces")


@staff_space_view()
def component_add(request: AuthedRequest, space: Space) -> HttpResponse:
    form = ComponentAddForm(request.POST or None, instance=Component(space=space),
                            organization=space.organization)
    if request.method == "POST" and form.is_valid():
        try:
            component = services.component_create(
                space=space, acting_user=request.user,
                component_type=form.cleaned_data["type"], name=form.translated_value("name"),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The component is added. It stays hidden until you "
                                        "publish it."))
            return redirect("manage:component_edit", slug=space.slug, pk=component.pk)
    return render_manage(request, "manage/simple_form.html", {
        "form": form, "space": space, "heading": _("Add a component"),
        "submit_label": _("Add the component"),
        "cancel_url": reverse("manage:component_list", args=[space.slug]),
    }, "spaces")


@component_staff_view
def component_edit(request: AuthedRequest, component: Component) -> HttpResponse:
    space = component.space
    spec = get_spec(component.type)
    instance = Component.objects.get(pk=component.pk)
    form = ComponentForm(request.POST or None, instance=instance, spec=spec,
                         organization=space.organization)
    if request.method == "POST" and form.is_valid():
        try:
            changes = services.component_update(
                component=component, acting_user=request.user,
                name=form.translated_value("name"), settings=form.settings_values(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The component is saved.") if changes
                             else _("Nothing was changed."))
            return redirect("manage:component_edit", slug=space.slug, pk=component.pk)
    return render_manage(request, "manage/component_edit.html", {
        "space": space, "component": component, "form": form, "spec": spec,
        "links": component_links(component),
    }, "spaces")


@component_staff_view
def component_phases(request: AuthedRequest, component: Component) -> HttpResponse:
    """A table: one row per phase, one checkbox per switch the component type declares."""
    space = component.space
    spec = get_spec(component.type)
    switches = list(spec.phase_switches) if spec else []
    labels = {name: (spec.phase_switch_labels.get(name, name) if spec else name)
              for name in switches}
    phases = list(Phase.objects.filter(space=space))
    if request.method == "POST":
        values: dict[int | str, Mapping[str, bool]] = {
            phase.pk: {name: f"p{phase.pk}-{name}" in request.POST for name in switches}
            for phase in phases
        }
        services.component_set_phase_settings(component=component, acting_user=request.user,
                                              phase_settings=values)
        messages.success(request, _("The switches are saved."))
        return redirect("manage:component_phases", slug=space.slug, pk=component.pk)
    stored = component.phase_settings or {}
    rows = []
    for phase in phases:
        current = stored.get(str(phase.pk), {})
        rows.append({"phase": phase, "cells": [
            {"name": f"p{phase.pk}-{name}", "label": labels[name],
             "checked": bool(current.get(name, spec.phase_switches[name] if spec else False))}
            for name in switches
        ]})
    return render_manage(request, "manage/component_phases.html", {
        "space": space, "component": component, "switches": [labels[n] for n in switches],
        "rows": rows,
    }, "spaces")


@component_staff_view
def component_publish(request: AuthedRequest, component: Component) -> HttpResponse:
    space = component.space
    refused = post_only(request)
    if refused:
        return refused
    if request.POST.get("publish") == "0":
        services.component_unpublish(component=component, acting_user=request.user)
        messages.success(request, _("The component is unpublished: only staff can see it now."))
    else:
        services.component_publish(component=component, acting_user=request.user)
        messages.success(request, _("The component is published."))
    return redirect("manage:component_edit", slug=space.slug, pk=component.pk)


@component_staff_view
def component_delete(request: AuthedRequest, component: Component) -> HttpResponse:
    space = component.space
    return confirm_action(
        request, obj=component, nav="spaces",
        cancel_url=reverse("manage:component_edit", args=[space.slug, component.pk]),
        details=_("Everything inside the component is deleted too."),
        perform=lambda: services.component_delete(component=component, acting_user=request.user),
        success_url=reverse("manage:component_list", args=[space.slug]),
        success_message=_("The component is deleted."),
    )


# --- Members ----------------------------------------------------------------------------------


@staff_space_view()
def member_list(request: AuthedRequest, space: Space) -> HttpResponse:
    form = MembershipAddForm(request.POST or None, organization=space.organization)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_add(
                space=space, acting_user=request.user,
                user=form.found_person(),
                role=form.cleaned_data["role"], position=form.cleaned_data["position"],
                is_public=form.cleaned_data["is_public"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("%(person)s is added to the space.")
                             % {"person": membership.user.public_name})
            return redirect("manage:member_list", slug=space.slug)
    members = (SpaceMembership.objects.filter(space=space).select_related("user")
               .order_by("role", "user__display_name", "id"))
    page_obj = Paginator(members, 50).get_page(request.GET.get("page"))
    return render_manage(request, "manage/member_list.html", {
        "space": space, "form": form, "page_obj": page_obj,
    }, "spaces")


def _membership_or_404(space: Space, pk: int) -> SpaceMembership:
    membership = SpaceMembership.objects.filter(space=space, pk=pk).select_related("user").first()
    if membership is None:
        raise Http404
    return membership


@staff_space_view()
def member_toggle_public(request: AuthedRequest, space: Space, pk: int) -> HttpResponse:
    membership = _membership_or_404(space, pk)
    refused = post_only(request)
    if refused:
        return refused
    services.membership_update(membership=membership, acting_user=request.user,
                               values={"is_public": not membership.is_public})
    if membership.is_public:
        text = _("%(person)s is no longer shown on the space page.")
    else:
        text = _("%(person)s is now shown on the space page.")
    messages.success(request, text % {"person": membership.user.public_name})
    return redirect("manage:member_list", slug=space.slug)


@staff_space_view()
def member_remove(request: AuthedRequest, space: Space, pk: int) -> HttpResponse:
    membership = _membership_or_404(space, pk)
    label: Any = _("%(person)s (%(role)s)") % {"person": membership.user.public_name,
                                                "role": membership.get_role_display()}
    return confirm_action(
        request, obj=label, nav="spaces",
        cancel_url=reverse("manage:member_list", args=[space.slug]),
        heading=_("Remove %(person)s from the space?") % {"person": label},
        confirm_label=_("Yes, remove"),
        perform=lambda: services.membership_remove(membership=membership,
                                                   acting_user=request.user),
        success_url=reverse("manage:member_list", args=[space.slug]),
        success_message=_("The person is removed from the space."),
    )
