"""Staff writes on participatory spaces, their phases, components and members.

Every function is keyword-only, takes ``acting_user``, runs in a transaction and records an
audit entry. Bad input raises ``ValidationError`` with a message a person can act on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.core.actions import AuditAction
from participa.core.audit import audit_record, audited_create, audited_delete, audited_update
from participa.core.models import Organization, User
from participa.core.signals import created_by_person
from participa.spaces.models import Component, Phase, Space, SpaceMembership
from participa.spaces.registry import get_spec

SPACE_FIELDS = (
    "kind", "slug", "title", "subtitle", "description", "scope", "area", "hero_image",
    "hero_image_alt", "visibility", "active_phase_manual",
)


def _check_space_values(organization: Organization, values: Mapping[str, Any],
                        space: Space | None = None) -> None:
    unknown = set(values) - set(SPACE_FIELDS)
    if unknown:
        raise ValueError(f"Not a space field: {', '.join(sorted(unknown))}")
    for name in ("scope", "area"):
        related = values.get(name)
        if related is not None and related.organization_id != organization.pk:
            raise ValidationError({name: _("Choose one of this organization.")})
    phase = values.get("active_phase_manual")
    if phase is not None and (space is None or phase.space_id != space.pk):
        raise ValidationError({"active_phase_manual": _("Choose a phase of this space.")})
    slug = values.get("slug")
    if slug is not None:
        taken = Space.objects.filter(organization=organization, slug=slug)
        if space is not None:
            taken = taken.exclude(pk=space.pk)
        if taken.exists():
            raise ValidationError({"slug": _("Another space already uses this short name.")})


# --- Spaces -----------------------------------------------------------------------------------


@transaction.atomic
def space_create(*, organization: Organization, acting_user: User,
                 values: Mapping[str, Any]) -> Space:
    """Create an unpublished space."""
    _check_space_values(organization, values)
    space: Space = audited_create(Space, organization=organization, actor=acting_user,
                                  action=AuditAction.SPACE_CREATE,
                                  values={**values, "organization": organization})
    created_by_person.send(sender=Space, user=acting_user, target=space)
    return space


@transaction.atomic
def space_update(*, space: Space, acting_user: User,
                 values: Mapping[str, Any]) -> dict[str, list[Any]]:
    fresh = Space.objects.select_for_update().select_related("organization").get(pk=space.pk)
    _check_space_values(fresh.organization, values, fresh)
    return audited_update(fresh, organization=fresh.organization, actor=acting_user,
                          action=AuditAction.SPACE_UPDATE, values=values)


@transaction.atomic
def space_publish(*, space: Space, acting_user: User) -> Space:
    fresh = Space.objects.select_for_update().select_related("organization").get(pk=space.pk)
    if fresh.published_at is None:
        audited_update(fresh, organization=fresh.organization, actor=acting_user,
                       action=AuditAction.SPACE_PUBLISH, values={"published_at": timezone.now()})
    return fresh


@transaction.atomic
def space_unpublish(*, space: Space, acting_user: User) -> Space:
    fresh = Space.objects.select_for_update().select_related("organization").get(pk=space.pk)
    if fresh.published_at is not None:
        audited_update(fresh, organization=fresh.organization, actor=acting_user,
                       action=AuditAction.SPACE_UNPUBLISH, values={"published_at": None})
    return fresh


@transaction.atomic
def space_delete(*, space: Space, acting_user: User) -> None:
    """Delete the space with its phases, components (and their content) and members."""
    fresh = Space.objects.select_for_update().select_related("organization").get(pk=space.pk)
    audited_delete(fresh, organization=fresh.organization, actor=acting_user,
                   action=AuditAction.SPACE_DELETE)


# --- Phases -----------------------------------------------------------------------------------


def _check_phase_dates(values: Mapping[str, Any], phase: Phase | None = None) -> None:
    start = values.get("start_date", phase.start_date if phase else None)
    end = values.get("end_date", phase.end_date if phase else None)
    if start and end and end < start:
        raise ValidationError({"end_date": _("The end date can't be before the start date.")})


def _renumber(space: Space) -> list[Phase]:
    """The space's phases in order, with positions 0..n-1 saved (no audit: order only)."""
    phases = list(Phase.objects.select_for_update().filter(space=space)
                  .order_by("position", "start_date", "id"))
    for index, phase in enumerate(phases):
        if phase.position != index:
            Phase.objects.filter(pk=phase.pk).update(position=index)
            phase.position = index
    return phases


@transaction.atomic
def phase_create(*, space: Space, acting_user: User, values: Mapping[str, Any]) -> Phase:
    """Add a phase at the end of the space's phases."""
    _check_phase_dates(values)
    fresh = Space.objects.select_for_update().select_related("organization").get(pk=space.pk)
    if not fresh.is_process:
        raise ValidationError(_("Only participatory processes have phases."))
    position = len(_renumber(fresh))
    phase: Phase = audited_create(Phase, organization=fresh.organization, actor=acting_user,
                                  action=AuditAction.PHASE_CREATE,
                                  values={**values, "space": fresh, "position": position})
    return phase


@transaction.atomic
def phase_update(*, phase: Phase, acting_user: User,
                 values: Mapping[str, Any]) -> dict[str, list[Any]]:
    fresh = Phase.objects.select_for_update().select_related("space__organization").get(
        pk=phase.pk)
    _check_phase_dates(values, fresh)
    return audited_update(fresh, organization=fresh.space.organization, actor=acting_user,
                          action=AuditAction.PHASE_UPDATE, values=values)


@transaction.atomic
def phase_move(*, phase: Phase, acting_user: User, direction: str) -> None:
    """Move the phase one place "up" (earlier) or "down" (later) in the list."""
    if direction not in ("up", "down"):
        raise ValueError(direction)
    space = Space.objects.select_for_update().select_related("organization").get(
        pk=phase.space_id)
    phases = _renumber(space)
    index = next(i for i, p in enumerate(phases) if p.pk == phase.pk)
    other_index = index - 1 if direction == "up" else index + 1
    if not 0 <= other_index < len(phases):
        return
    current, other = phases[index], phases[other_index]
    Phase.objects.filter(pk=current.pk).update(position=other_index)
    Phase.objects.filter(pk=other.pk).update(position=index)
    audit_record(organization=space.organization, actor=acting_user, action=AuditAction.PHASE_MOVE,
                 obj=current, changes={"position": [index, other_index]})


@transaction.atomic
def phase_delete(*, phase: Phase, acting_user: User) -> None:
    """Delete the phase, and forget its per-phase switches in the space's components."""
    fresh = Phase.objects.select_for_update().select_related("space__organization").get(
        pk=phase.pk)
    space = fresh.space
    key = str(fresh.pk)
    for component in Component.objects.select_for_update().filter(space=space):
        if key in (component.phase_settings or {}):
            Component.objects.filter(pk=component.pk).update(phase_settings={
                k: v for k, v in component.phase_settings.items() if k != key
            })
    audited_delete(fresh, organization=space.organization, actor=acting_user,
                   action=AuditAction.PHASE_DELETE)
    _renumber(space)


# --- Components -------------------------------------------------------------------------------


def _clean_settings(component_type: str, settings: Mapping[str, Any]) -> dict[str, Any]:
    spec = get_spec(component_type)
    if spec is None:
        raise ValidationError({"type": _("Choose a type of component.")})
    unknown = set(settings) - set(spec.settings)
    if unknown:
        raise ValidationError(_("Unknown setting: %(names)s."),
                              params={"names": ", ".join(sorted(unknown))})
    cleaned = spec.default_settings()
    for name, value in settings.items():
        expected = spec.settings[name].type
        if expected is bool:
            value = bool(value)
        elif not isinstance(value, expected):
            try:
                value = expected(value)
            except (TypeError, ValueError) as error:
                raise ValidationError(
                    _("%(label)s: enter a valid value."),
                    params={"label": spec.settings[name].label},
                ) from error
        cleaned[name] = value
    return cleaned


@transaction.atomic
def component_create(*, space: Space, acting_user: User | None, component_type: str,
                     name: Mapping[str, str]) -> Component:
    """Add an unpublished component of a registered type, with its default settings
    (``acting_user`` None: the platform itself, e.g. for a proposal's public debate)."""
    fresh = Space.objects.select_for_update().select_related("organization").get(pk=space.pk)
    settings = _clean_settings(component_type, {})
    position = Component.objects.filter(space=fresh).count()
    component: Component = audited_create(
        Component, organization=fresh.organization, actor=acting_user,
        action=AuditAction.COMPONENT_CREATE,
        values={"space": fresh, "type": component_type, "name": dict(name),
                "settings": settings, "position": position},
    )
    return component


@transaction.atomic
def component_update(*, component: Component, acting_user: User,
                     name: Mapping[str, str] | None = None,
                     settings: Mapping[str, Any] | None = None) -> dict[str, list[Any]]:
    """Change the component's name and/or settings (values checked against its spec)."""
    fresh = Component.objects.select_for_update().select_related("space__organization").get(
        pk=component.pk)
    values: dict[str, Any] = {}
    if name is not None:
        values["name"] = dict(name)
    if settings is not None:
        values["settings"] = _clean_settings(fresh.type, {**fresh.settings, **settings})
    return audited_update(fresh, organization=fresh.space.organization, actor=acting_user,
                          action=AuditAction.COMPONENT_UPDATE, values=values)


@transaction.atomic
def component_set_phase_settings(
    *, component: Component, acting_user: User,
    phase_settings: Mapping[int | str, Mapping[str, bool]],
) -> dict[str, list[Any]]:
    """Store the per-phase switches: {phase id: {switch: on/off}} for phases of the space."""
    fresh = Component.objects.select_for_update().select_related("space__organization").get(
        pk=component.pk)
    spec = get_spec(fresh.type)
    switches = set(spec.phase_switches) if spec else set()
    phase_ids = {str(pk) for pk in Phase.objects.filter(space_id=fresh.space_id)
                 .values_list("pk", flat=True)}
    stored: dict[str, dict[str, bool]] = {}
    for phase_id, values in phase_settings.items():
        key = str(phase_id)
        if key not in phase_ids:
            raise ValidationError(_("This phase is not part of the space."))
        unknown = set(values) - switches
        if unknown:
            raise ValidationError(_("Unknown switch: %(names)s."),
                                  params={"names": ", ".join(sorted(unknown))})
        stored[key] = {name: bool(values.get(name, False)) for name in sorted(switches)}
    return audited_update(fresh, organization=fresh.space.organization, actor=acting_user,
                          action=AuditAction.COMPONENT_PHASE_SETTINGS,
                          values={"phase_settings": stored})


@transaction.atomic
def component_publish(*, component: Component, acting_user: User | None) -> Component:
    fresh = Component.objects.select_for_update().select_related("space__organization").get(
        pk=component.pk)
    if fresh.published_at is None:
        audited_update(fresh, organization=fresh.space.organization, actor=acting_user,
                       action=AuditAction.COMPONENT_PUBLISH,
                       values={"published_at": timezone.now()})
    return fresh


@transaction.atomic
def component_unpublish(*, component: Component, acting_user: User) -> Component:
    fresh = Component.objects.select_for_update().select_related("space__organization").get(
        pk=component.pk)
    if fresh.published_at is not None:
        audited_update(fresh, organization=fresh.space.organization, actor=acting_user,
                       action=AuditAction.COMPONENT_UNPUBLISH, values={"published_at": None})
    return fresh


@transaction.atomic
def component_delete(*, component: Component, acting_user: User) -> None:
    """Delete the component and everything inside it."""
    fresh = Component.objects.select_for_update().select_related("space__organization").get(
        pk=component.pk)
    audited_delete(fresh, organization=fresh.space.organization, actor=acting_user,
                   action=AuditAction.COMPONENT_DELETE)


# --- Members ----------------------------------------------------------------------------------


@transaction.atomic
def membership_add(*, space: Space, acting_user: User, user: User, role: str,
                   position: str = "", is_public: bool = True) -> SpaceMembership:
    """Make ``user`` (a person of the space's organization) a member or manager of the space."""
    fresh = Space.objects.select_for_update().select_related("organization").get(pk=space.pk)
    if user.organization_id != fresh.organization_id or user.deleted_at is not None:
        raise ValidationError({"email": _("No person with this e-mail address is registered "
                                          "here.")})
    if SpaceMembership.objects.filter(space=fresh, user=user).exists():
        raise ValidationError({"email": _("This person is already a member of this space.")})
    membership: SpaceMembership = audited_create(
        SpaceMembership, organization=fresh.organization, actor=acting_user,
        action=AuditAction.SPACE_MEMBERSHIP_ADD,
        values={"space": fresh, "user": user, "role": role, "position": position,
                "is_public": is_public},
    )
    return membership


@transaction.atomic
def membership_update(*, membership: SpaceMembership, acting_user: User,
                      values: Mapping[str, Any]) -> dict[str, list[Any]]:
    unknown = set(values) - {"role", "position", "is_public"}
    if unknown:
        raise ValueError(f"Not a membership field: {', '.join(sorted(unknown))}")
    fresh = SpaceMembership.objects.select_for_update().select_related(
        "space__organization").get(pk=membership.pk)
    return audited_update(fresh, organization=fresh.space.organization, actor=acting_user,
                          action=AuditAction.SPACE_MEMBERSHIP_UPDATE, values=values)


@transaction.atomic
def membership_remove(*, membership: SpaceMembership, acting_user: User) -> None:
    fresh = SpaceMembership.objects.select_for_update().select_related(
        "space__organization").get(pk=membership.pk)
    audited_delete(fresh, organization=fresh.space.organization, actor=acting_user,
                   action=AuditAction.SPACE_MEMBERSHIP_REMOVE)
