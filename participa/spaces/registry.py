"""The component registry: every component declares itself with a ``ComponentSpec``.

A component lives in ``participa/components/<name>/`` and exposes ``SPEC`` in its
``component.py``. ``discover()`` imports those modules for every installed component app at
start-up (``SpacesConfig.ready``), so adding a component means adding its app to INSTALLED_APPS.
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.utils.functional import Promise

    from participa.spaces.models import Component


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

    def default_settings(self) -> dict[str, Any]:
        return {name: spec.default for name, spec in self.settings.items()}


_REGISTRY: dict[str, ComponentSpec] = {}


def register(spec: ComponentSpec) -> ComponentSpec:
    existing = _REGISTRY.get(spec.name)
    if existing is not None and existing != spec:
        raise ImproperlyConfigured(f"Two components are named {spec.name!r}.")
    _REGISTRY[spec.name] = spec
    return spec


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
