"""The one rule for who sees what: spaces, components and every declared item.

The rule is built from shared blocks, each a ``Q`` relative to any model through a ``prefix``
(the ORM path from that model to the space or the component, ending in ``__``):

- :func:`space_visible_q` — the space belongs to the organization and is published and public,
  or the visitor is a member of a published members-only space, or runs it (space manager,
  official of its area), or is staff who sees every space (administrator, moderator, official
  of its area, district representative of its scope);
- :func:`space_managed_q` — the visitor runs the space (administrator, space manager, official
  of its area): they also see unpublished components and items in any state;
- :func:`component_visible_q` — the space is visible and the component is published, or the
  visitor runs the space.

Each item declares its rule once in its component's manifest (``ItemSpec.visibility``, an
:class:`ItemRule`): the ORM path to its component and the state in which the public sees it
(a ``Q``). :func:`visible_q` combines them::

    visible_q(spec, user, org) = component_visible_q(path)
                                 & (spec.state | space_managed_q(path + "space"))

and :func:`can_view` asks the database the same question for one object, so predicate and
queryset cannot drift (``participa/spaces/tests/test_visibility_agreement.py`` checks every
item x persona x state). List pages filter with ``visible(...)`` (one query, whatever the data
size); detail pages and the shared services (follow, report, comment, attach, search) resolve a
target with :func:`resolve` so that "missing" and "not visible" are the same ``None`` (404).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Model, Q, QuerySet

from participa.core import permissions as core_permissions
from participa.core.models import Organization
from participa.spaces.models import SpaceMembership, Visibility

if TYPE_CHECKING:
    from participa.spaces.registry import ItemSpec


def _q(prefix: str, **lookups: Any) -> Q:
    return Q(**{f"{prefix}{name}": value for name, value in lookups.items()})


def _nothing() -> Q:
    return Q(pk__in=[])


def space_visible_q(user: Any, org: Organization, prefix: str = "") -> Q:
    """The spaces of ``org`` the visitor may see (``prefix`` leads to the space: ``"space__"``)."""
    in_org = _q(prefix, organization=org)
    if core_permissions.is_moderator(user, org):
        return in_org
    visible = _q(prefix, published_at__isnull=False, visibility=Visibility.PUBLIC)
    if core_permissions.belongs_to(user, org):
        memberships = SpaceMembership.objects.filter(user=user, space__organization=org)
        visible |= _q(prefix, published_at__isnull=False,
                      id__in=memberships.values("space_id"))
        visible |= _q(prefix, id__in=memberships.filter(
            role=SpaceMembership.Role.MANAGER).values("space_id"))
        areas = core_permissions.official_area_ids(user, org)
        scopes = core_permissions.representative_scope_ids(user, org)
        if areas:
            visible |= _q(prefix, area_id__in=areas)
        if scopes:
            visible |= _q(prefix, scope_id__in=scopes)
    return in_org & visible


def space_managed_q(user: Any, org: Organization, prefix: str = "") -> Q:
    """The spaces of ``org`` the visitor runs (as ``permissions.can_manage_space``)."""
    in_org = _q(prefix, organization=org)
    if core_permissions.is_admin(user, org):
        return in_org
    if not core_permissions.belongs_to(user, org):
        return _nothing()
    managed = SpaceMembership.objects.filter(
        user=user, role=SpaceMembership.Role.MANAGER, space__organization=org
    ).values("space_id")
    condition = _q(prefix, id__in=managed)
    areas = core_permissions.official_area_ids(user, org)
    if areas:
        condition |= _q(prefix, area_id__in=areas)
    return in_org & condition


def component_visible_q(user: Any, org: Organization, prefix: str = "") -> Q:
    """Components of visible spaces that are published or run by the visitor (``prefix`` leads
    to the component: ``"consultation__component__"``)."""
    space = f"{prefix}space__"
    return space_visible_q(user, org, space) & (
        _q(prefix, published_at__isnull=False) | space_managed_q(user, org, space)
    )


@dataclass(frozen=True)
class ItemRule:
    """Who sees an item: the path to its component and the state the public sees it in.

    ``component`` is the ORM path from the item to ``spaces.Component`` (``"component"``,
    ``"consultation__component"``); ``state`` a ``Q`` on the item (``~Q(state="draft")``), or
    None when the item has no state of its own. Those who run the space see every state.
    ``space`` marks the rule of spaces themselves (no component).

    An item that is not inside one component (a comment: on any item, or on none) gives its
    own ``custom(user, org) -> Q`` built from the rules of what it belongs to, and the names of
    its ``organization`` and ``space`` foreign keys.
    """

    component: str = "component"
    state: Q | None = field(default=None)
    space: bool = False
    custom: Callable[[Any, Organization], Q] | None = None
    organization_field: str = "organization"
    space_field: str = "space"

    def q(self, user: Any, org: Organization) -> Q:
        if self.custom is not None:
            return Q(**{self.organization_field: org}) & self.custom(user, org)
        if self.space:
            return space_visible_q(user, org)
        prefix = f"{self.component}__"
        condition = component_visible_q(user, org, prefix)
        if self.state is not None:
            condition &= self.state | space_managed_q(user, org, f"{prefix}space__")
        return condition

    @property
    def in_component(self) -> bool:
        return self.custom is None and not self.space

    def organization_path(self) -> str:
        if self.custom is not None:
            return self.organization_field
        return "organization" if self.space else f"{self.component}__space__organization"


def visible_q(spec: ItemSpec, user: Any, org: Organization) -> Q:
    """What the visitor may see of ``spec``'s model in ``org`` (a ``Q`` on that model)."""
    return spec.visibility.q(user, org)


def visible(spec: ItemSpec, user: Any, org: Organization) -> QuerySet[Any]:
    """The queryset of ``spec``'s objects the visitor may see in ``org``."""
    return spec.model._default_manager.filter(visible_q(spec, user, org))


def organization_of(obj: Model) -> Organization | None:
    """The organization ``obj`` (a declared item) belongs to, read through its rule's path."""
    # Local import: cycle: the registry imports ItemRule from this module.
    from participa.spaces.registry import item_spec_for

    spec = item_spec_for(type(obj))
    if spec is None:
        return None
    target: Any = obj
    for step in spec.visibility.organization_path().split("__"):
        target = getattr(target, step, None)
        if target is None:
            return None
    return target if isinstance(target, Organization) else None


_VISIBLE_TO = "_participa_visible_to"


def _visitor_key(user: Any) -> int | None:
    return user.pk if getattr(user, "is_authenticated", False) else None


def remember_visible(user: Any, obj: Model) -> None:
    """Note on ``obj`` that it was just read through :func:`visible` for ``user``, so that
    :func:`can_view` (asked again by the page's comments, follow button, ...) answers without
    a query for this loaded object."""
    obj.__dict__[_VISIBLE_TO] = _visitor_key(user)


def can_view(user: Any, obj: Model) -> bool:
    """The visitor may see ``obj``: the same rule as :func:`visible_q`, asked for one row
    (no query when ``obj`` was read through that rule for this visitor:
    :func:`remember_visible`)."""
    # Local import: cycle: the registry imports ItemRule from this module.
    from participa.spaces.registry import item_spec_for

    if _VISIBLE_TO in obj.__dict__ and obj.__dict__[_VISIBLE_TO] == _visitor_key(user):
        return True
    spec = item_spec_for(type(obj))
    org = organization_of(obj)
    if spec is None or org is None:
        return False
    return visible(spec, user, org).filter(pk=obj.pk).exists()


def resolve(spec: ItemSpec, user: Any, org: Organization, pk: Any) -> Any | None:
    """Object ``pk`` of ``spec`` in ``org`` if the visitor may see it, else None — "missing",
    "not visible" and "another organization's" are the same answer (the caller's 404)."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        return None
    qs = visible(spec, user, org)
    if spec.queryset is not None:
        qs = spec.queryset().filter(pk__in=qs.values("pk"))
    return qs.filter(pk=key).first()
