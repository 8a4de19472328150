"""View decorators that resolve a space, a component and optionally one of its items, check
the permission, and hand the view the resolved objects.

Public views (``component_view``) see what the visitor may see; staff views (``staff_view``)
what the person may run. "Missing", "in another organization", "of another component type" and
"not visible" all answer 404, the same way, before the view runs; so does a failed permission,
as the back office does today ("missing" and "forbidden" look the same).

    @component_view("pages", item=page_get_for_user)
    def page_detail(request: OrgRequest, component: Component, page: Page) -> HttpResponse: ...

    @staff_view("pages", permission=can_manage_pages, item=page_of, item_arg="page_id")
    def manage_edit(request: AuthedRequest, component: Component, page: Page) -> HttpResponse:

The URL's ``space_slug`` and ``component_id`` (and the item's argument) are consumed; any other
URL argument is passed on by name.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, TypeVar

from django.http import Http404, HttpRequest, HttpResponseBase

from participa.core.http import (
    AuthedRequest,
    OrgRequest,
    as_authed_request,
    as_org_request,
    is_authenticated,
)
from participa.core.models import Organization
from participa.spaces import permissions
from participa.spaces.models import Component, Space

R = TypeVar("R", bound=HttpResponseBase)

# (user, component, value of the URL argument) -> the item, or None when it is missing or the
# person may not see it.
ItemLookup = Callable[[Any, Component, Any], Any]
# (user, component or item) -> whether the person may do what the view does.
Permission = Callable[[Any, Any], bool]


def _component_in(space: Space, component_id: Any, component_type: str | None) -> Component:
    """The space's component with this id (and type); 404 otherwise."""
    try:
        pk = int(component_id)
    except (TypeError, ValueError):
        raise Http404 from None
    qs = Component.objects.filter(space=space, pk=pk)
    if component_type is not None:
        qs = qs.filter(type=component_type)
    component = qs.first()
    if component is None:
        raise Http404
    component.space = space  # the loaded space, already checked
    return component


def visible_component_or_404(request: OrgRequest, space_slug: str, component_id: Any,
                             component_type: str) -> Component:
    """The component of ``component_type`` if the visitor may see it (its space too): the
    component, its space and the space's phases read in two queries."""
    try:
        pk = int(component_id)
    except (TypeError, ValueError):
        raise Http404 from None
    component = (Component.objects
                 .filter(pk=pk, type=component_type, space__organization=request.organization,
                         space__slug=space_slug)
                 .select_related("space__scope", "space__area", "space__organization")
                 .prefetch_related("space__phases")
                 .first())
    if component is None or not permissions.can_view_component(request.user, component):
        raise Http404
    return component


SpacePermission = Callable[[Any, Space], bool]


def managed_space_or_404(user: Any, org: Organization, slug: str,
                         space_permission: SpacePermission = permissions.can_manage_space
                         ) -> Space:
    """The organization's space ``slug`` if ``space_permission(user, space)`` (by default: the
    person may run it)."""
    space = (
        Space.objects.filter(organization=org, slug=slug)
        .select_related("organization", "scope", "area", "active_phase_manual")
        .first()
    )
    if space is None or not space_permission(user, space):
        raise Http404
    return space


def managed_component_or_404(request: AuthedRequest, space_slug: str, component_id: Any,
                             component_type: str | None,
                             space_permission: SpacePermission = permissions.can_manage_space,
                             ) -> Component:
    """The component (of ``component_type``, or of any type for None) if the person may run
    its space (or passes ``space_permission``)."""
    space = managed_space_or_404(request.user, request.organization, space_slug,
                                 space_permission)
    return _component_in(space, component_id, component_type)


def _item(lookup: ItemLookup | None, user: Any, component: Component, value: Any) -> Any:
    if lookup is None:
        return None
    item = lookup(user, component, value)
    if item is None:
        raise Http404
    return item


def _checked(user: Any, component: Component, args: tuple[Any, ...], kwargs: dict[str, Any],
             *, permission: Permission | None, item: ItemLookup | None, item_arg: str,
             item_permission: Permission | None) -> tuple[Any, ...]:
    """Check ``permission`` on the component, resolve the item (from ``kwargs[item_arg]``) and
    check ``item_permission`` on it; the view's positional arguments (the item first). 404 on
    every refusal."""
    if permission is not None and not permission(user, component):
        raise Http404
    if item is None:
        return args
    found = _item(item, user, component, kwargs.pop(item_arg))
    if item_permission is not None and not item_permission(user, found):
        raise Http404
    return (found, *args)


def component_view(
    component_type: str, *, permission: Permission | None = None,
    item: ItemLookup | None = None, item_arg: str = "slug",
    item_permission: Permission | None = None,
) -> Callable[[Callable[Concatenate[OrgRequest, Component, ...], R]], Callable[..., R]]:
    """A public view of one component (and one of its items when ``item`` is given).

    The visitor must see the space and the component and pass ``permission(user, component)``;
    ``item(user, component, value)`` returns the item the visitor may see or None, and
    ``item_permission(user, item)`` is checked last. Every refusal is a 404.
    """

    def decorate(view: Callable[Concatenate[OrgRequest, Component, ...], R]
                 ) -> Callable[..., R]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, space_slug: str, component_id: Any,
                    **kwargs: Any) -> R:
            typed = as_org_request(request)
            component = visible_component_or_404(typed, space_slug, component_id,
                                                 component_type)
            args = _checked(typed.user, component, args, kwargs, permission=permission,
                            item=item, item_arg=item_arg, item_permission=item_permission)
            return view(typed, component, *args, **kwargs)

        return wrapper

    return decorate


def staff_view(
    component_type: str | None, *, permission: Permission | None = None,
    item: ItemLookup | None = None, item_arg: str = "pk",
    item_permission: Permission | None = None,
    space_permission: SpacePermission = permissions.can_manage_space,
    space_arg: str = "space_slug", component_arg: str = "component_id",
) -> Callable[[Callable[Concatenate[AuthedRequest, Component, ...], R]], Callable[..., R]]:
    """A back-office view of one component (of ``component_type``; None: any type), and one of
    its items when ``item`` is given.

    The person must run the component's space (``space_permission``, by default
    ``spaces.permissions.can_manage_space``; moderators use another), pass
    ``permission(user, component)``, and ``item_permission(user, item)`` for the item. Every
    refusal, anonymous visitors included, is a 404, as in the rest of the back office. The
    view gets an ``AuthedRequest``.
    """

    def decorate(view: Callable[Concatenate[AuthedRequest, Component, ...], R]
                 ) -> Callable[..., R]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> R:
            as_org_request(request)
            if not is_authenticated(request):
                raise Http404
            typed = as_authed_request(request)
            component = managed_component_or_404(typed, kwargs.pop(space_arg),
                                                 kwargs.pop(component_arg), component_type,
                                                 space_permission)
            args = _checked(typed.user, component, args, kwargs, permission=permission,
                            item=item, item_arg=item_arg, item_permission=item_permission)
            return view(typed, component, *args, **kwargs)

        return wrapper

    return decorate


def staff_space_view(
    *, space_arg: str = "slug", space_permission: SpacePermission = permissions.can_manage_space,
) -> Callable[[Callable[Concatenate[AuthedRequest, Space, ...], R]], Callable[..., R]]:
    """A back-office view of one space the person may run (``space_permission``); 404
    otherwise, anonymous visitors included. The view gets an ``AuthedRequest`` and the space."""

    def decorate(view: Callable[Concatenate[AuthedRequest, Space, ...], R]
                 ) -> Callable[..., R]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> R:
            as_org_request(request)
            if not is_authenticated(request):
                raise Http404
            typed = as_authed_request(request)
            space = managed_space_or_404(typed.user, typed.organization, kwargs.pop(space_arg),
                                         space_permission)
            return view(typed, space, *args, **kwargs)

        return wrapper

    return decorate
