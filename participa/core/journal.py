"""The public journal: what the city did and answered, and when.

A journal entry is a public sentence about a public item ("announced “Parks plan” for public
consultation"), written by ``participa.core.audit.record`` in the same transaction as the audit
entry of the write. Entries are redacted by construction: their parameters are public values
only — titles staff gave to public things, dates, numbers, outcome labels — never a
contribution's text, a comment or a person's name. They belong to an organization and, when
the item sits in a space, to that space and component, so that the journal shows them only to
people who may see the space (``participa.journal.selectors``).

This module sits in ``core``: it names the space and component by id and never imports
``spaces`` or a component.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from participa.core.action_tables import ActionTable
from participa.core.i18n import translated

# The journal's actions are declared by the components that write them
# (``ComponentSpec.journal_actions`` and ``journal_sentences``), fed here by the spaces registry
# through :func:`register_journal`. Each action has a public sentence: ``%(title)s`` is the
# item's public title; the other parameters are listed beside each sentence (a plural sentence
# is an ``ngettext_lazy`` keyed by its count parameter). Dates are ISO strings in the parameters
# and are shown in the reader's language.
_TABLE = ActionTable("journal action")
_SENTENCES: dict[str, Promise] = {}


def register_journal(enum: type[models.TextChoices], sentences: Mapping[str, Promise]) -> None:
    """Declare the journal actions of ``enum`` and their public sentences. Idempotent; every
    action needs a sentence, and a value may belong to one enumeration only."""
    if enum in _TABLE.enums:
        return
    missing = [value for value in enum.values if value not in sentences]
    if missing:
        raise ImproperlyConfigured(
            f"{enum.__qualname__} has journal actions without a sentence: {missing}.")
    unknown = [value for value in sentences if value not in enum.values]
    if unknown:
        raise ImproperlyConfigured(
            f"Sentences of {enum.__qualname__} name no action of it: {unknown}.")
    _TABLE.register(enum)
    _SENTENCES.update({value: sentences[value] for value in enum.values})


def known_journal_action(value: str) -> bool:
    """Whether a registered enumeration declares the journal action ``value``."""
    return _TABLE.known(value)


def journal_enums() -> list[type[models.TextChoices]]:
    """The registered journal enumerations."""
    return list(_TABLE.enums)


def journal_choices() -> list[tuple[str, str]]:
    """``(value, label)`` of every registered journal action (the field's choices)."""
    return _TABLE.choices()


def journal_label(value: str) -> str:
    """The action's label in the active language (the value itself when unknown)."""
    return _TABLE.label(value)


@dataclass(frozen=True)
class Public:
    """One public journal line about ``item``, written by ``record()``.

    ``params`` holds public values only: strings, numbers, ISO dates, or a text per language
    (``{"ro": …, "pl": …}``, shown in the reader's language).
    """

    action: str  # a member of a registered journal enumeration
    item: models.Model
    url: str = ""
    space_id: int | None = None
    component_id: int | None = None
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Notice:
    """Notifications ``record()`` sends to the followers of ``target`` (see
    ``participa.notifications.services.notify``): the rows in the caller's transaction, the
    e-mails once it commits.

    ``also`` names people who hear of it too without following anything (e.g. the staff of
    the target's department); ``followers=False`` tells only them. Each still hears only of
    what they may see, at the e-mail frequency they chose."""

    event: str
    target: models.Model
    extra: Mapping[str, Any] | None = None
    also: tuple[int, ...] = ()
    followers: bool = True


def in_languages(label: Any, languages: Sequence[str]) -> dict[str, str]:
    """A translatable label as a text per language, ready to store in ``params``."""
    texts: dict[str, str] = {}
    for language in languages or ["en"]:
        with translation.override(language):
            texts[language] = str(label)
    return texts


def _shown(name: str, value: Any) -> Any:
    if isinstance(value, dict):
        return translated(value)
    if isinstance(value, str) and (name.endswith("_at") or name.endswith("_on")):
        moment = parse_datetime(value)
        if moment is not None:
            return date_format(moment, "DATETIME_FORMAT")
        day = parse_date(value)
        if day is not None:
            return date_format(day, "DATE_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value  # a number stays one: a plural sentence picks its form by it
    return str(value)


def sentence(action: str, params: Mapping[str, Any]) -> str:
    """The entry's public sentence in the active language."""
    values: dict[str, Any] = {name: _shown(name, value) for name, value in params.items()}
    values.setdefault("title", "")
    template: Any = _SENTENCES.get(action, _("Updated “%(title)s”."))
    try:
        return str(template % values)
    except (KeyError, TypeError, ValueError):
        return journal_label(action)
