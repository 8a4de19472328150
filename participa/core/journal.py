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

from django.db import models
from django.utils import translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from participa.core.i18n import translated


class JournalAction(models.TextChoices):
    """What the city did, as the journal says it publicly."""

    ANNOUNCED = "announced", _("Announced")
    DATES_CHANGED = "dates_changed", _("Dates changed")
    ANSWERS_PUBLISHED = "answers_published", _("Answers published")
    CONTRIBUTION_ANSWERED = "contribution_answered", _("Contribution answered")
    CAMPAIGN_ANSWERED = "campaign_answered", _("Collective answer published")
    REPORT_PUBLISHED = "report_published", _("Report published")
    DEBATE_SCHEDULED = "debate_scheduled", _("Debate scheduled")


# The public sentence of each action. ``%(title)s`` is the item's public title; the other
# parameters are listed beside each sentence. Dates are ISO strings in the parameters and are
# shown in the reader's language.
SENTENCES: dict[str, Promise] = {
    JournalAction.ANNOUNCED: _("Announced “%(title)s” for public consultation."),
    JournalAction.DATES_CHANGED: _("Changed the dates of “%(title)s”."),
    JournalAction.CONTRIBUTION_ANSWERED: _(
        "Answered contribution %(number)s on “%(title)s”: %(outcome)s."),
    JournalAction.CAMPAIGN_ANSWERED: _(
        "Published the collective answer to a campaign on “%(title)s”: %(outcome)s."),
    JournalAction.REPORT_PUBLISHED: _("Published the synthesis report of “%(title)s”."),
    JournalAction.DEBATE_SCHEDULED: _(
        "Scheduled a public debate on “%(title)s” for %(starts_at)s."),
}


@dataclass(frozen=True)
class Public:
    """One public journal line about ``item``, written by ``record()``.

    ``params`` holds public values only: strings, numbers, ISO dates, or a text per language
    (``{"ro": …, "pl": …}``, shown in the reader's language).
    """

    action: JournalAction
    item: models.Model
    url: str = ""
    space_id: int | None = None
    component_id: int | None = None
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Notice:
    """Notifications ``record()`` sends to the followers of ``target`` (see
    ``participa.notifications.services.notify``): the rows in the caller's transaction, the
    e-mails once it commits."""

    event: str
    target: models.Model
    extra: Mapping[str, Any] | None = None


def in_languages(label: Any, languages: Sequence[str]) -> dict[str, str]:
    """A translatable label as a text per language, ready to store in ``params``."""
    texts: dict[str, str] = {}
    for language in languages or ["en"]:
        with translation.override(language):
            texts[language] = str(label)
    return texts


def _shown(name: str, value: Any) -> str:
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
    return str(value)


def sentence(action: str, params: Mapping[str, Any]) -> str:
    """The entry's public sentence in the active language."""
    values: dict[str, Any] = {name: _shown(name, value) for name, value in params.items()}
    if action == JournalAction.ANSWERS_PUBLISHED:
        count = int(params.get("count") or 0)
        template: Any = ngettext("Published %(count)d answer on “%(title)s”.",
                                 "Published %(count)d answers on “%(title)s”.", count)
        values["count"] = count
    else:
        template = SENTENCES.get(action, _("Updated “%(title)s”."))
    values.setdefault("title", "")
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        return str(JournalAction(action).label) if action in JournalAction.values else action
