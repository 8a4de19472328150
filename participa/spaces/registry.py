"""The one manifest: every component declares itself, and each of its item models, here.

A component lives in ``participa/components/<name>/`` and exposes ``SPEC`` in its
``component.py``::

    SPEC = ComponentSpec(
        name="pages", label=_("Pages"), app_label="pages",
        items=(ItemSpec(
            model=Page, kind="page", visibility=ItemRule(component="component"),
            url=lambda page: page.get_absolute_url(), title=lambda page: page.title,
            contribution=False,                       # not counted as participation
            comments=CommentPolicy(can_comment=can_comment_page),
            search=SearchPolicy(text=..., date=...),
            attachments=AttachmentPolicy(can_manage=...),
            follows=True,
        ),),
        nav=NavEntry(...), urls=UrlMount(...),
    )

``discover()`` imports those modules for every installed component app at start-up
(``SpacesConfig.ready``), so adding a component means adding its app to INSTALLED_APPS.
Spaces themselves are declared by the spaces app (``SPACE_ITEM`` in ``spaces/items.py``); comments
declare their own model the same way (``comments/items.py``) through :func:`register_items`.

The shared services never get registrations: they READ the specs —
``all_item_specs()`` (every declared item model, e.g. for a cache to subscribe to their writes),
``item_spec(kind)``, ``item_spec_for(model)`` — and take the policy they care about
(``spec.comments``, ``spec.reports``, ``spec.search``, ``spec.attachments``, ``spec.follows``,
``spec.stats``, ``spec.events``, ...); None means the item does not take part. Who may see an
item is ``spec.visibility`` (see ``participa/spaces/visibility.py``). Signal wiring that follows
the declarations (search indexing, comment/report/attachment cleanup) is connected once from
the specs by each shared app's ``ready()``.
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from participa.core import actions, journal, pagecache
from participa.spaces.visibility import ItemRule

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.utils.functional import Promise

    from participa.spaces.models import Component

__all__ = [
    "AttachmentPolicy", "CommentPolicy", "ComponentSpec", "ExportSpec", "ItemRule", "ItemSpec",
    "NavEntry", "PersonalDataPolicy", "ReportPolicy", "ReportVersion", "SearchPolicy",
    "SettingSpec", "StatsPolicy", "UpcomingEvent", "UrlMount", "all_item_specs", "all_specs",
    "get_spec", "item_spec", "item_spec_for", "nav_entries", "register_items", "url_mounts",
]


@dataclass(frozen=True)
class SettingSpec:
    """One component setting: its type (bool, int, str), default and label."""

    type: type
    default: Any
    label: str | Promise
    help_text: str | Promise = ""


@dataclass(frozen=True)
class ExportSpec:
    """A dataset the component offers: rows for staff exports and, if open_data, the public ZIP."""

    name: str
    label: str | Promise
    rows: Callable[[Component], QuerySet[Any] | list[dict[str, Any]]]
    open_data: bool = False


@dataclass(frozen=True)
class UpcomingEvent:
    """A dated public event a component lists on the home page (a debate, a meeting)."""

    starts_at: datetime.datetime
    title: str
    url: str
    place: str = ""
    online_url: str = ""
    # What the event belongs to (e.g. "Consultation", its title and address).
    context_label: str = ""
    context: str = ""
    context_url: str = ""
    # The language of ``context`` when it is not the page's (a fallback translation).
    context_lang: str = ""


@dataclass(frozen=True)
class CommentPolicy:
    """The item can be commented on while ``can_comment(user, obj)``; ``threshold(obj)`` may
    override how many reports hide a comment on it (None: the organization's setting)."""

    can_comment: Callable[[Any, Any], bool]
    threshold: Callable[[Any], int | None] | None = None


@dataclass(frozen=True)
class ReportVersion:
    """One published version of a reported object's text."""

    published_at: datetime.datetime
    text: str


@dataclass(frozen=True)
class ReportPolicy:
    """The item can be reported to the moderators: its author, an excerpt, the full published
    text kept with each report and its published versions (oldest first)."""

    author: Callable[[Any], Any]
    excerpt: Callable[[Any], str]
    text: Callable[[Any], str] | None = None
    versions: Callable[[Any], list[ReportVersion]] | None = None
    threshold: Callable[[Any], int | None] | None = None
    # Who may report it (default: whoever may see it).
    can_view: Callable[[Any, Any], bool] | None = None


@dataclass(frozen=True)
class SearchPolicy:
    """What ``search`` indexes of the item (see ``participa/search/registry.py`` for each hook).

    Who may find it is the item's visibility, narrowed to published components unless
    ``preview`` (those who run the space find items of an unpublished component)."""

    text: Callable[[Any], dict[str, Any]]
    date: Callable[[Any], datetime.datetime | datetime.date | None]
    label: str | Promise | None = None
    scope: Callable[[Any], Any] | None = None
    area: Callable[[Any], Any] | None = None
    indexable: Callable[[Any], bool] | None = None
    published: Callable[[Any], bool] | None = None
    preview: bool = False
    parent: Callable[[Any], models.Model | None] | None = None
    children: Callable[[models.Model], QuerySet[Any] | None] | None = None
    queryset: Callable[[], QuerySet[Any]] | None = None
    heading: Callable[[dict[str, str]], str] | None = None
    facts: Callable[[Any], dict[str, Any]] | None = None


@dataclass(frozen=True)
class AttachmentPolicy:
    """The item carries attachments; ``can_view`` narrows who sees them (default: whoever may
    see the item), ``manage_url`` is the item's back-office page; ``can_view_file(user, item,
    attachment)`` narrows it further for one file (e.g. minutes not published yet)."""

    can_manage: Callable[[Any, Any], bool]
    manage_url: Callable[[Any], str] | None = None
    can_view: Callable[[Any, Any], bool] | None = None
    can_view_file: Callable[[Any, Any, Any], bool] | None = None


@dataclass(frozen=True)
class StatsPolicy:
    """How the item counts in the participation statistics: ``queryset(org)`` returns the
    organization's public contributions of this kind; the fields name the author's and the
    space's ids and the date."""

    kind: str
    label: str | Promise
    queryset: Callable[[Any], QuerySet[Any]]
    author_field: str = "author_id"
    space_field: str = "space_id"
    date_field: str = "created_at"


@dataclass(frozen=True)
class PersonalDataPolicy:
    """What one person gave through this item: ``export(user)`` for "download my data" (merged
    into its component's section, after ``ComponentSpec.personal_data``), ``erase(user)`` for
    the account's deletion (called by ``user_delete_account`` in ``participa/spaces/people.py``,
    inside its transaction)."""

    export: Callable[[Any], dict[str, Any]] | None = None
    erase: Callable[[Any], None] | None = None


@dataclass(frozen=True)
class ItemSpec:
    """One item model of a component and the policies it takes part in (None: not at all).

    ``contribution`` is required: True for what residents contribute (then ``stats`` must say
    how it is counted), False for what the city publishes (then ``stats`` stays None).
    ``answers`` is the slot for official answers (filled by the answers app's policy type).
    ``delete_blockers(obj)`` returns the reasons the object may not be deleted (empty: may).
    ``events`` maps notification events to their sentence (``%(actor)s``, ``%(title)s``).
    """

    model: type[models.Model]
    kind: str
    visibility: ItemRule
    url: Callable[[Any], str]
    title: Callable[[Any], Any]
    contribution: bool
    stats: StatsPolicy | None = None
    comments: CommentPolicy | None = None
    reports: ReportPolicy | None = None
    search: SearchPolicy | None = None
    attachments: AttachmentPolicy | None = None
    follows: bool = False
    answers: Any = None
    personal_data: PersonalDataPolicy | None = None
    delete_blockers: Callable[[Any], list[str]] | None = None
    events: dict[str, str | Promise] = field(default_factory=dict)
    # The objects with what the policies read (select_related), for loading one target.
    queryset: Callable[[], QuerySet[Any]] | None = None

    def __post_init__(self) -> None:
        if self.contribution and self.stats is None:
            raise ImproperlyConfigured(
                f"{self.model._meta.label} is a contribution: declare its statistics kind.")
        if not self.contribution and self.stats is not None:
            raise ImproperlyConfigured(
                f"{self.model._meta.label} is counted in the statistics: mark it a contribution.")

    @property
    def label(self) -> str:
        """``"app_label.model"``, as content types and target keys spell it."""
        return self.model._meta.label_lower

    @property
    def component_path(self) -> str:
        return self.visibility.component

    def component_of(self, obj: Any) -> Component | None:
        """The component ``obj`` belongs to (None for a space or an item outside components)."""
        if not self.visibility.in_component:
            return None
        target: Any = obj
        for step in self.visibility.component.split("__"):
            target = getattr(target, step)
        return target

    def space_of(self, obj: Any) -> Any:
        """The space ``obj`` belongs to (the space itself for a space)."""
        if self.visibility.space:
            return obj
        if self.visibility.custom is not None:
            return getattr(obj, self.visibility.space_field)
        component = self.component_of(obj)
        return component.space if component is not None else None

    def organization_of(self, obj: Any) -> Any:
        if self.visibility.custom is not None:
            return getattr(obj, self.visibility.organization_field)
        space = self.space_of(obj)
        return space.organization if space is not None else None


@dataclass(frozen=True)
class NavEntry:
    """A main-menu link: ``url_name`` (reversed without arguments), its label, and the ``nav``
    context value that marks it current."""

    label: str | Promise
    url_name: str
    key: str


@dataclass(frozen=True)
class UrlMount:
    """Site-wide URLs of a component, included at ``prefix`` (e.g. ``"consultations/"``)."""

    prefix: str
    module: str


@dataclass(frozen=True)
class ComponentSpec:
    name: str
    label: str | Promise
    app_label: str
    description: str | Promise = ""
    settings: dict[str, SettingSpec] = field(default_factory=dict)
    phase_switches: dict[str, bool] = field(default_factory=dict)
    phase_switch_labels: dict[str, str | Promise] = field(default_factory=dict)
    exports: tuple[ExportSpec, ...] = ()
    seeds: Callable[[Component], None] | None = None
    # What one person contributed through this component, for "download my data".
    personal_data: Callable[[Any], dict[str, Any]] | None = None
    public_url_name: str = ""
    manage_url_name: str = ""
    # upcoming(user, organization, limit): the next public events the visitor may see, soonest
    # first, in a fixed number of queries (listed on the home page).
    upcoming: Callable[[Any, Any, int], list[UpcomingEvent]] | None = None
    items: tuple[ItemSpec, ...] = ()
    # Other models of the component whose rows show on public pages ("app.Model" → attribute
    # path from a row to its organization's id): their writes refresh visitors' cached pages,
    # as the items' writes do.
    public_models: dict[str, str] = field(default_factory=dict)
    # Offline intake (participa/intake): batch kind → dotted path of the adapter that turns an
    # uploaded item (a letter, a paper form) into a record of the component.
    intake_adapters: dict[str, str] = field(default_factory=dict)
    # What the component's writes record: its audit actions (those only it records; core's and
    # the shared services' stay in ``participa.core.actions.AuditAction``), its public journal
    # actions and the public sentence of each (``participa.core.journal``).
    audit_actions: type[models.TextChoices] | None = None
    journal_actions: type[models.TextChoices] | None = None
    journal_sentences: dict[str, Promise] = field(default_factory=dict)
    nav: NavEntry | None = None
    urls: UrlMount | None = None

    def default_settings(self) -> dict[str, Any]:
        return {name: spec.default for name, spec in self.settings.items()}


_REGISTRY: dict[str, ComponentSpec] = {}
# Items by kind, filled from the component specs and by ``register_items`` (spaces, comments).
_ITEMS: dict[str, ItemSpec] = {}


def register(spec: ComponentSpec) -> ComponentSpec:
    existing = _REGISTRY.get(spec.name)
    if existing is not None and existing != spec:
        raise ImproperlyConfigured(f"Two components are named {spec.name!r}.")
    register_items(*spec.items)
    # Declaring actions declares that the audit log and the journal accept them.
    if spec.audit_actions is not None:
        actions.register_actions(spec.audit_actions)
    if spec.journal_actions is not None:
        journal.register_journal(spec.journal_actions, spec.journal_sentences)
    elif spec.journal_sentences:
        raise ImproperlyConfigured(f"{spec.name} has journal sentences but no journal actions.")
    for label, path in spec.public_models.items():
        pagecache.invalidate_on(apps.get_model(label), organization=pagecache.via(path))
    _REGISTRY[spec.name] = spec
    return spec


def register_items(*items: ItemSpec) -> None:
    """Declare item models that are not a component's (spaces, comments). Idempotent."""
    for item in items:
        existing = _ITEMS.get(item.kind)
        if existing is not None and existing.model is not item.model:
            raise ImproperlyConfigured(f"Two item models use the kind {item.kind!r}.")
        _ITEMS[item.kind] = item
        # Declaring an item declares that its writes refresh visitors' cached pages.
        organization_id = item.visibility.organization_path().replace("__", ".") + "_id"
        pagecache.invalidate_on(item.model, organization=pagecache.via(organization_id))


def all_item_specs() -> list[ItemSpec]:
    """Every declared item, by kind."""
    return sorted(_ITEMS.values(), key=lambda item: item.kind)


def item_spec(kind: str) -> ItemSpec | None:
    return _ITEMS.get(kind)


def item_spec_for(model: type[models.Model] | models.Model | str) -> ItemSpec | None:
    """The spec of a model, an instance or an ``"app_label.model"`` label."""
    if isinstance(model, str):
        label = model.lower()
    else:
        meta = model._meta
        label = (meta.concrete_model or model)._meta.label_lower
    for item in _ITEMS.values():
        if item.label == label:
            return item
    return None


def nav_entries() -> list[NavEntry]:
    """The components' main-menu links, in the order of the component names."""
    return [spec.nav for spec in all_specs() if spec.nav is not None]


def url_mounts() -> list[UrlMount]:
    return [spec.urls for spec in all_specs() if spec.urls is not None]


def discover() -> None:
    for config in apps.get_app_configs():
        if config.name.startswith("participa.components."):
            module = importlib.import_module(f"{config.name}.component")
            spec = getattr(module, "SPEC", None)
            if not isinstance(spec, ComponentSpec):
                raise ImproperlyConfigured(f"{config.name}.component must define SPEC.")
            register(spec)


def get_spec(name: str) -> ComponentSpec | None:
    return _REGISTRY.get(name)


def all_specs() -> list[ComponentSpec]:
    return sorted(_REGISTRY.values(), key=lambda spec: spec.name)


def upcoming_events(user: Any, organization: Any, limit: int) -> list[UpcomingEvent]:
    """The next ``limit`` public events of every component, soonest first."""
    events: list[UpcomingEvent] = []
    for spec in all_specs():
        if spec.upcoming is not None:
            events.extend(spec.upcoming(user, organization, limit))
    return sorted(events, key=lambda event: event.starts_at)[:limit]
