"""The search registry: what is searchable, read from the manifest.

Items declare ``search=SearchPolicy(...)`` in their ``ItemSpec`` (``participa/spaces/registry.py``);
``load_manifest()`` (``SearchConfig.ready``) turns each into a ``SearchSpec`` whose ``visible_to``
is the item's visibility rule (``participa/spaces/visibility.py``), narrowed to published
components unless the item is previewed (items outside components, such as comments, keep
their own rule). ``register()`` below is what ``load_manifest()`` calls for each item.

A registered model gets one ``SearchDocument`` per object, kept up to date by ``post_save`` and
``post_delete`` signals (connected by ``services.connect_signals()``). Who may see a row is
stored in the row (see ``SearchDocument``) so that a search is one indexed query; these are the
hook points that keep it right:

- ``published(obj)``: the object's own state (a comment not hidden, a consultation announced);
- ``parent(obj)``: the object whose visibility it inherits (a contribution's consultation, a
  comment's target); ``children(parent)`` on the child's spec lists the objects of a parent, so
  that publishing, hiding or moving a parent re-indexes them (``services.index_object``);
- ``preview``: those who run the space may see the object while its component is unpublished;
- the component's published state is copied to its rows when the component is saved
  (``_on_component_save`` here); the space is checked live against the visible spaces.

``visible_to(user, org)`` remains the reference rule (a ``Q`` or queryset of the objects the
visitor may see); tests check that the stored visibility agrees with it.

Example (in a component's ``component.py``; the policy's hooks are the ones above)::

    ItemSpec(
        model=Contribution, kind="contribution", visibility=ItemRule(...), ...,
        search=SearchPolicy(
            label=_("Contributions to consultations"),
            text=lambda c: {"title": c.consultation.title, "body": c.body_redacted},
            date=lambda c: c.received_at,
            published=lambda c: c.is_public,
            parent=lambda c: c.consultation,
        ),
    )

``text(obj)`` returns ``{field: text}`` where a text is a plain string or a multilingual dict
``{language: text}``. The ``"title"`` field is shown as the result's title; the other fields are
searched and the first non-empty one gives the excerpt. ``facts(obj)`` are stored with the row
(strings or multilingual dicts) and ``heading(facts)``, called when results are shown (in the
visitor's language, with the facts translated), says what a hit is, e.g. "Contribution No. 12
to “Parking rules”".
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q

from participa.spaces.registry import all_item_specs
from participa.spaces.visibility import visible_q

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from participa.core.models import Area, Organization, Scope
    from participa.spaces.models import Component, Space
    from participa.spaces.registry import ItemSpec

TextValue = str | dict[str, str]
TextFn = Callable[[Any], dict[str, TextValue]]
VisibleFn = Callable[[Any, "Organization"], "Q | models.QuerySet[Any]"]


@dataclass(frozen=True)
class SearchSpec:
    model: type[models.Model]
    kind: str
    label: str | Promise
    text: TextFn
    visible_to: VisibleFn
    url: Callable[[Any], str]
    space: Callable[[Any], Space | None]
    date: Callable[[Any], datetime.datetime | datetime.date | None]
    organization: Callable[[Any], Organization | None]
    scope: Callable[[Any], Scope | None] | None = None
    area: Callable[[Any], Area | None] | None = None
    # False: the object is not indexed at all (e.g. a draft); it is removed from the index.
    indexable: Callable[[Any], bool] | None = None
    published: Callable[[Any], bool] | None = None
    preview: bool = False
    parent: Callable[[Any], models.Model | None] | None = None
    children: Callable[[models.Model], models.QuerySet[Any] | None] | None = None
    component: Callable[[Any], Component | None] | None = None
    # The objects to index in bulk, with what ``text``/``url``/... read (select_related).
    queryset: Callable[[], models.QuerySet[Any]] | None = None
    heading: Callable[[dict[str, str]], str] | None = None
    facts: Callable[[Any], dict[str, TextValue]] | None = None


_REGISTRY: dict[str, SearchSpec] = {}
_BY_MODEL: dict[type[models.Model], SearchSpec] = {}


def _default_organization(obj: Any) -> Organization | None:
    org = getattr(obj, "organization", None)
    if org is not None:
        return org
    space = getattr(obj, "space", None)
    return getattr(space, "organization", None)


def register(
    model: type[models.Model],
    *,
    text: TextFn,
    visible_to: VisibleFn,
    url: Callable[[Any], str],
    kind: str,
    space: Callable[[Any], Space | None],
    date: Callable[[Any], datetime.datetime | datetime.date | None],
    label: str | Promise | None = None,
    organization: Callable[[Any], Organization | None] | None = None,
    scope: Callable[[Any], Scope | None] | None = None,
    area: Callable[[Any], Area | None] | None = None,
    indexable: Callable[[Any], bool] | None = None,
    published: Callable[[Any], bool] | None = None,
    preview: bool = False,
    parent: Callable[[Any], models.Model | None] | None = None,
    children: Callable[[models.Model], models.QuerySet[Any] | None] | None = None,
    component: Callable[[Any], Component | None] | None = None,
    queryset: Callable[[], models.QuerySet[Any]] | None = None,
    heading: Callable[[dict[str, str]], str] | None = None,
    facts: Callable[[Any], dict[str, TextValue]] | None = None,
) -> SearchSpec:
    """Make ``model`` searchable under ``kind`` (a short stable word: "space", "page", ...).

    ``visible_to(user, org)`` returns a ``Q`` on ``model`` (or a queryset of ``model``) that keeps
    only the objects the visitor may see in ``org``; reuse the model's selectors/permissions.
    ``organization``, ``scope`` and ``area`` default to the object's own attributes, then its
    space's. Registering the same model twice with the same kind is allowed (idempotent).
    """
    spec = SearchSpec(
        model=model, kind=kind,
        label=label if label is not None else (model._meta.verbose_name_plural or kind),
        text=text, visible_to=visible_to, url=url, space=space, date=date,
        organization=organization or _default_organization, scope=scope, area=area,
        indexable=indexable, published=published, preview=preview, parent=parent,
        children=children, component=component, queryset=queryset, heading=heading,
        facts=facts,
    )
    existing = _REGISTRY.get(kind)
    if existing is not None and existing.model is not model:
        raise ImproperlyConfigured(f"Two searchable models use the kind {kind!r}.")
    _REGISTRY[kind] = spec
    _BY_MODEL[model] = spec
    return spec


def _manifest_visible_to(item: ItemSpec) -> VisibleFn:
    def visible_to(user: Any, org: Organization) -> Q:
        condition = visible_q(item, user, org)
        policy = item.search
        if policy is not None and not policy.preview and item.visibility.in_component:
            condition &= Q(**{f"{item.component_path}__published_at__isnull": False})
        return condition
    return visible_to


def load_manifest() -> None:
    """Make every declared item with a search policy searchable under its kind."""
    for item in all_item_specs():
        policy = item.search
        if policy is None:
            continue
        register(
            item.model, kind=item.kind, label=policy.label, text=policy.text,
            visible_to=_manifest_visible_to(item), url=item.url, space=item.space_of,
            date=policy.date, organization=item.organization_of, scope=policy.scope,
            area=policy.area, indexable=policy.indexable, published=policy.published,
            preview=policy.preview, parent=policy.parent, children=policy.children,
            queryset=policy.queryset, heading=policy.heading, facts=policy.facts,
        )


def get_spec(kind: str) -> SearchSpec | None:
    return _REGISTRY.get(kind)


def spec_for_model(model: type[models.Model]) -> SearchSpec | None:
    return _BY_MODEL.get(model)


def all_specs() -> list[SearchSpec]:
    return sorted(_REGISTRY.values(), key=lambda spec: spec.kind)
