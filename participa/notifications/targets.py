"""What a followable / notifiable object is: its organization, space, title, address and who
may see it. Works for any model: spaces, components, component items (anything with a
``component`` foreign key), user groups, people and objects with ``space`` / ``organization``
fields (comments).

What may be followed is read from the manifest: declared items with ``follows=True`` (spaces,
consultations, pages, ...), whose visibility is their item rule (``spaces/visibility.py``), plus
the organization's components, user groups and people. ``resolve_followable`` turns a posted
``"app_label.model:pk"`` into the object only through those, in one organization.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from participa.core import permissions as core_permissions
from participa.core.models import Organization, Role, RoleKind, Scope, User, UserGroup
from participa.notifications.models import Follow
from participa.spaces import visibility
from participa.spaces.models import Component, Space, SpaceMembership, Visibility
from participa.spaces.permissions import can_view_component, can_view_space
from participa.spaces.registry import item_spec_for


def target_component(target: Any) -> Component | None:
    if isinstance(target, Component):
        return target
    component = getattr(target, "component", None)
    return component if isinstance(component, Component) else None


def target_space(target: Any) -> Space | None:
    if isinstance(target, Space):
        return target
    component = target_component(target)
    if component is not None:
        return component.space
    space = getattr(target, "space", None)
    return space if isinstance(space, Space) else None


def target_scope(target: Any) -> Scope | None:
    """The district (scope) ``target`` concerns: its own, else its space's."""
    if isinstance(target, Scope):
        return target
    own = getattr(target, "scope", None)
    if isinstance(own, Scope):
        return own
    space = target_space(target)
    return space.scope if space is not None and space.scope_id else None


def target_organization(target: Any) -> Organization | None:
    if isinstance(target, Organization):
        return target
    space = target_space(target)
    if space is not None:
        return space.organization
    org = getattr(target, "organization", None)
    return org if isinstance(org, Organization) else None


def target_title(target: Any) -> dict[str, str]:
    if isinstance(target, User):
        return {"und": target.public_name}
    for name in ("title", "name"):
        value = getattr(target, name, None)
        if isinstance(value, dict) and value:
            return {str(k): str(v) for k, v in value.items()}
    return {"und": str(target)[:200]}


def target_url(target: Any) -> str:
    if isinstance(target, User):
        return reverse("core:profile", args=[target.username])
    if isinstance(target, UserGroup):
        return reverse("core:group_detail", args=[target.slug])
    get_url = getattr(target, "get_absolute_url", None)
    if callable(get_url):
        try:
            return str(get_url())
        except Exception:  # a target without an address still notifies
            return ""
    return ""


def can_see_target(user: Any, target: Any) -> bool:
    """The person may see ``target`` (and so follow it and be told about it)."""
    org = target_organization(target)
    if org is None or not core_permissions.belongs_to(user, org):
        return False
    if item_spec_for(type(target)) is not None:
        return visibility.can_view(user, target)
    if isinstance(target, User):
        return core_permissions.can_view_profile(user, target, org) and target.pk != user.pk
    if isinstance(target, UserGroup | Scope):
        return True
    component = target_component(target)
    if component is not None:
        return can_view_component(user, component)
    space = target_space(target)
    if space is not None:
        return can_view_space(user, space)
    return False


# Followable models that are not declared items (a Scope: a district, whose followers hear of
# what happens in it and in the scopes inside it).
_NOT_ITEMS: tuple[type[models.Model], ...] = (Component, UserGroup, User, Scope)


def is_followable(target: Any) -> bool:
    if isinstance(target, _NOT_ITEMS):
        return True
    spec = item_spec_for(type(target))
    return spec is not None and spec.follows


def _parse_key(raw: str) -> tuple[str, int] | None:
    """``"app_label.model:pk"`` → (label, pk), or None when malformed."""
    label, _sep, object_id = raw.partition(":")
    if "." not in label or not object_id.isdigit():
        return None
    return label.lower(), int(object_id)


def _load(user: Any, org: Organization, label: str, pk: int) -> models.Model | None:
    spec = item_spec_for(label)
    if spec is not None:
        return visibility.resolve(spec, user, org, pk) if spec.follows else None
    for model in _NOT_ITEMS:
        if model._meta.label_lower == label:
            target = model._default_manager.filter(pk=pk).first()
            if target is not None and target_organization(target) == org:
                return target
    return None


def resolve_followable(user: Any, org: Organization, raw: str) -> models.Model | None:
    """The followable object ``raw`` names in ``org`` if ``user`` may follow it; None for
    anything else — missing, not visible, not followable and another organization's alike."""
    parsed = _parse_key(raw)
    if parsed is None:
        return None
    target = _load(user, org, *parsed)
    if target is None or not (is_followable(target) and can_see_target(user, target)):
        return None
    return target


def resolve_followed(user: Any, org: Organization, raw: str) -> models.Model | None:
    """What ``user`` may stop following: a followable object they may see, or one they
    already follow in ``org`` even if they may no longer see it; None otherwise."""
    target = resolve_followable(user, org, raw)
    if target is not None:
        return target
    parsed = _parse_key(raw)
    if parsed is None:
        return None
    label, pk = parsed

    app_label, _sep, model_name = label.partition(".")
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model_name)
    except ContentType.DoesNotExist:
        return None
    follows = Follow.objects.filter(user=user, organization=org, content_type=content_type,
                                    object_id=pk)
    model = content_type.model_class()
    if model is None or not follows.exists() or not is_followable_model(model):
        return None
    return model._default_manager.filter(pk=pk).first()


def is_followable_model(model: type[models.Model]) -> bool:
    if issubclass(model, _NOT_ITEMS):
        return True
    spec = item_spec_for(model)
    return spec is not None and spec.follows


def _space_managers_q(space: Space) -> Any:
    org = space.organization
    q: Any = Q(is_superuser=True)
    q |= Exists(Role.objects.filter(user=OuterRef("pk"), organization=org, kind=RoleKind.ADMIN))
    q |= Exists(SpaceMembership.objects.filter(user=OuterRef("pk"), space=space,
                                               role=SpaceMembership.Role.MANAGER))
    if space.area_id:
        q |= Exists(Role.objects.filter(user=OuterRef("pk"), organization=org,
                                        kind=RoleKind.OFFICIAL, area_id=space.area_id))
    return q


def _space_staff_q(space: Space) -> Any:
    org = space.organization
    q: Any = Q(is_superuser=True)
    q |= Exists(Role.objects.filter(user=OuterRef("pk"), organization=org,
                                    kind__in=[RoleKind.ADMIN, RoleKind.MODERATOR]))
    if space.area_id:
        q |= Exists(Role.objects.filter(user=OuterRef("pk"), organization=org,
                                        kind=RoleKind.OFFICIAL, area_id=space.area_id))
    if space.scope_id:
        q |= Exists(Role.objects.filter(user=OuterRef("pk"), organization=org,
                                        kind=RoleKind.DISTRICT_REPRESENTATIVE,
                                        scope_id=space.scope_id))
    return q


def users_who_can_see_q(target: Any) -> Any:
    """A filter on users equal to ``can_see_target`` (for the active people of the target's
    organization), evaluated by the database so nobody is loaded to be checked."""
    space = target_space(target)
    if space is None:
        return Q()
    component = target_component(target)
    q: Any
    if not space.is_published:
        q = _space_managers_q(space) | _space_staff_q(space)
    elif space.visibility == Visibility.PUBLIC:
        q = Q()
    else:
        q = Exists(SpaceMembership.objects.filter(user=OuterRef("pk"), space=space))
        q |= _space_staff_q(space)
    if component is not None and not component.is_published:
        q &= _space_managers_q(space)
    spec = item_spec_for(type(target))
    if spec is not None and spec.visibility.state is not None and not (
            spec.model._default_manager.filter(spec.visibility.state, pk=target.pk).exists()):
        # Not in the state the public sees (a draft): those who run the space only, as the
        # item's rule says.
        q &= _space_managers_q(space)
    return q


def content_type_key(target: models.Model) -> str:
    return target._meta.label_lower
