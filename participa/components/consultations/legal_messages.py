"""Sentences for the legal rules a consultation's timeline must follow.

``participa.lib.legal.check`` returns violations with a stable rule code, the earliest date that
would satisfy the rule and the rule's parameters; this module turns each into one translated
sentence that names the rule and says what to do. Unknown codes get a generic sentence.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

# Codes raised by the consultation services themselves (not by participa.lib.legal).
DATES_MISSING = "consultation.dates_missing"
PERIOD_REVERSED = "consultation.period_reversed"
JUSTIFICATION_MISSING = "ro.justification_missing"
URGENCY_WITHOUT_REASON = "consultation.urgency_without_reason"
NOT_A_DRAFT = "consultation.not_a_draft"
NO_ARTICLES = "consultation.no_articles"

# Sentences with a date: %(date)s is the earliest allowed date, written out.
_WITH_DATE: dict[str, Promise] = {
    "ro.min_comment_days": ngettext_lazy(
        "Law 52/2003 requires at least %(days)s day for written recommendations: the period "
        "must end on %(date)s or later.",
        "Law 52/2003 requires at least %(days)s days for written recommendations: the period "
        "must end on %(date)s or later.", "days"
    ),
    "ro.opens_before_announcement": _(
        "Law 52/2003 requires the draft to be announced before recommendations are accepted: "
        "the period must start on %(date)s or later."
    ),
    "ro.closes_before_opens": _(
        "The period for recommendations ends before it starts: under Law 52/2003 it must end "
        "on %(date)s or later."
    ),
    "ro.endorsement_before_announcement": _(
        "The draft cannot be sent for endorsement before it is announced: the endorsement "
        "date must be %(date)s or later."
    ),
    "ro.min_working_days_to_endorsement": ngettext_lazy(
        "Law 52/2003 requires at least %(days)s working day between the announcement and "
        "sending the draft for endorsement: the endorsement date must be %(date)s or later.",
        "Law 52/2003 requires at least %(days)s working days between the announcement and "
        "sending the draft for endorsement: the endorsement date must be %(date)s or later.", "days"
    ),
    "pl.min_duration_days": ngettext_lazy(
        "The council's resolution on consultations requires them to last at least %(days)s "
        "day: the period must end on %(date)s or later.",
        "The council's resolution on consultations requires them to last at least %(days)s "
        "days: the period must end on %(date)s or later.", "days"
    ),
    "pl.notice_days": ngettext_lazy(
        "The council's resolution on consultations requires an announcement at least "
        "%(days)s day before they start: the period must start on %(date)s or later.",
        "The council's resolution on consultations requires an announcement at least "
        "%(days)s days before they start: the period must start on %(date)s or later.", "days"
    ),
    "eu.min_duration_weeks": ngettext_lazy(
        "The Better Regulation guidelines require at least %(weeks)s week of consultation: "
        "the period must end on %(date)s or later.",
        "The Better Regulation guidelines require at least %(weeks)s weeks of consultation: "
        "the period must end on %(date)s or later.", "weeks"
    ),
}

# Sentences without a date.
_WITHOUT_DATE: dict[str, Promise] = {
    "pl.min_channels": ngettext_lazy(
        "The council's resolution on consultations requires at least %(count)s way to take "
        "part besides online comments: add an e-mail address, a postal address or a place to "
        "come in person.",
        "The council's resolution on consultations requires at least %(count)s ways to take "
        "part besides online comments: add an e-mail address, a postal address or a place to "
        "come in person.", "count"
    ),
    DATES_MISSING: _(
        "Enter the dates from and until which recommendations are accepted before announcing "
        "the consultation."
    ),
    PERIOD_REVERSED: _(
        "The period for recommendations ends before it starts: correct the dates."
    ),
    JUSTIFICATION_MISSING: _(
        "Law 52/2003 requires the justification report to be announced with the draft: upload "
        "it on the documents page with the role “justification report”, or use the urgency "
        "procedure with a reason."
    ),
    URGENCY_WITHOUT_REASON: _(
        "The urgency procedure needs a recorded reason: write why the usual deadlines cannot "
        "be kept."
    ),
    NOT_A_DRAFT: _("This consultation has already been announced."),
    NO_ARTICLES: _(
        "The draft has no text yet: add its articles or import them from a document before "
        "announcing it."
    ),
}

_GENERIC_WITH_DATE = _(
    "The dates break the rule “%(rule)s” of the legal profile: the earliest allowed date is "
    "%(date)s."
)
_GENERIC = _("The dates break the rule “%(rule)s” of the legal profile.")

# Parameters the sentences need, with the default when a violation does not carry them.
_DEFAULTS: dict[str, Any] = {"days": "", "weeks": "", "count": 2}


def format_date(day: datetime.date) -> str:
    """A date written out in the current language, e.g. "4 December 2026"."""
    return formats.date_format(day, "j F Y")


def message_for(rule: str, earliest: datetime.date | None = None,
                params: Mapping[str, Any] | None = None) -> str:
    """The sentence for one broken rule, in the current language."""
    values: dict[str, Any] = {**_DEFAULTS, **dict(params or {}), "rule": rule}
    if earliest is not None:
        values["date"] = format_date(earliest)
    template: Promise | None = None
    if rule in _WITH_DATE and earliest is not None:
        template = _WITH_DATE[rule]
    elif rule in _WITHOUT_DATE:
        template = _WITHOUT_DATE[rule]
    if template is not None:
        try:
            return str(template % values)  # plural messages pick their form here
        except (KeyError, TypeError, ValueError):
            pass
    if earliest is not None:
        return str(_GENERIC_WITH_DATE) % values
    return str(_GENERIC) % values


def violation_message(violation: Any) -> str:
    """The sentence for a ``participa.lib.legal.Violation`` (or anything shaped like one)."""
    return message_for(getattr(violation, "rule", ""), getattr(violation, "earliest", None),
                       getattr(violation, "params", None))
