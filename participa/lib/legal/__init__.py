"""Legal timelines of public consultations (no Django imports).

API (stable; other code depends on it):

    Profile                                   # a legal profile: code, label, rules, flags
    register(profile) -> Profile              # add a profile (no migration needed)
    get_profile(code) -> Profile              # NO_PROFILE (no rules, no flags) when unknown
    profiles() -> list[Profile]               # registered, in registration order
    PROFILES: dict[str, dict[str, Any]]       # profile code -> default parameters
    RULES: dict[str, tuple[str, ...]]         # profile code -> codes of the rules it checks
    parameters(profile, overrides=None) -> dict[str, Any]
    check(profile, timeline, *, overrides=None) -> list[Violation]
    earliest_close(profile, opens_on, *, urgency=False, overrides=None) -> date | None
    earliest_endorsement(profile, announced_on, *, urgency=False, overrides=None) -> date | None
    debate_request_deadline(profile, received_on, *, overrides=None) -> date
    accepts_debate_requests(timeline, day) -> bool
    report_due(profile, closes_on, *, overrides=None) -> date | None
    add_working_days(day, n, country="RO") -> date
    working_days_between(start, end, country="RO") -> int
    is_working_day(day, country="RO") -> bool

A violation names its rule with a stable code (e.g. "ro.min_comment_days") that the web layer
turns into a translated sentence, the earliest date that would satisfy it and the numbers used
(``params``: always ``days``, ``weeks`` or ``count`` for the sentence, plus the parameter by its
own name and the value found, e.g. ``{"days": 10, "min_comment_days": 10, "actual": 7}``).

Rules (a rule whose dates are missing is not checked; unknown profile: no rules):

``ro-law-52-2003`` — Law 52/2003 on decisional transparency (Romania)
    ro.opens_before_announcement  opens_on before announced_on; earliest: announced_on.
    ro.closes_before_opens        closes_on before opens_on; earliest: the earliest close.
    ro.endorsement_before_announcement  (urgency only; otherwise the working-days rule says it)
    ro.min_comment_days           closes_on - opens_on + 1 >= ``min_comment_days`` (10)
                                  calendar days, both ends counted; earliest: closes_on.
    ro.min_working_days_to_endorsement  at least ``min_working_days_to_endorsement`` (30) full
                                  working days (weekends and Romanian public holidays excluded)
                                  between announced_on and endorsement_on, neither day counted;
                                  earliest: endorsement_on. Not checked while endorsement_on is
                                  empty: see ``earliest_endorsement``.
    The urgency procedure skips the two deadline rules, never the order of the dates.
    A requested public debate must be organised within ``debate_response_days`` (10) calendar
    days of the request (``debate_request_deadline``); requests are accepted during the comment
    period (``accepts_debate_requests``).

``pl-art-5a`` — council resolution under art. 5a of the municipal self-government act (Poland)
    pl.notice_days                announced_on at least ``notice_days`` (7) calendar days before
                                  opens_on; earliest: opens_on.
    pl.min_duration_days          closes_on - opens_on + 1 >= ``min_duration_days`` (30)
                                  calendar days, both ends counted; earliest: closes_on.
    pl.min_channels               at least ``min_channels`` (2) distinct ways to take part
                                  besides written comments online (Timeline.channels, e.g.
                                  "email", "post", "in_person", "meeting", "survey"; "online"
                                  and "written" are not counted); no date.
    The report is due ``report_days`` (30) calendar days after closes_on (``report_due``).

``eu-better-regulation`` — the European Commission's Better Regulation guidelines
    eu.min_duration_weeks         closes_on - opens_on + 1 >= 7 x ``min_duration_weeks`` (12)
                                  calendar days, both ends counted; earliest: closes_on.

Every profile also carries ``answer_every_contribution`` (True): closing as final waits for a
published answer to every contribution.

A profile is a ``Profile`` object in a registry: the code elsewhere never compares profile
codes, it reads the profile's properties (``strict_debate_deadline``,
``requires_justification_document``, ``has_endorsement_rule``, ``report_style``,
``report_sections``, ...). Adding a country is one ``register(Profile(...))`` call; the
database stores the code in a plain text field validated against the registry.

Overrides (an organization's ``legal_parameters``) replace defaults by name; a nested dict under
the profile's code (``{"pl-art-5a": {"min_duration_days": 21}}``) applies to that profile only.
Numbers given as text ("21") are accepted; values that are not numbers are ignored.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .workdays import add_working_days, is_working_day, working_days_between

__all__ = [
    "NO_PROFILE", "PROFILES", "RULES", "Profile", "ReportStyle", "Timeline", "Violation",
    "accepts_debate_requests", "add_working_days", "check", "debate_request_deadline",
    "earliest_close", "earliest_endorsement", "earliest_meeting_day", "get_profile",
    "is_working_day", "meeting_notice_days", "parameters", "profiles", "register", "report_due",
    "working_days_between",
]


def gettext_noop(message: str) -> str:
    """Marks a label as English text to translate: the web layer translates it when it shows
    it (participa/core/models.py lists the shipped labels for extraction)."""
    return message

RO = "ro-law-52-2003"
PL = "pl-art-5a"
EU = "eu-better-regulation"

_DEFAULTS: dict[str, dict[str, Any]] = {
    RO: {
        "country": "RO",
        "min_comment_days": 10,
        "min_working_days_to_endorsement": 30,
        "debate_response_days": 10,
        "report_days": None,
        "answer_every_contribution": True,
        # Law 52/2003, art. 7(9): a public meeting is announced at least 3 days before.
        "meeting_notice_days": 3,
    },
    PL: {
        "country": "PL",
        "min_duration_days": 30,
        "notice_days": 7,
        "min_channels": 2,
        "uncounted_channels": ("online", "written"),
        "report_days": 30,
        "debate_response_days": 10,
        "answer_every_contribution": True,
    },
    EU: {
        "country": None,
        "min_duration_weeks": 12,
        "report_days": None,
        "debate_response_days": 10,
        "answer_every_contribution": True,
    },
}

_RULES: dict[str, tuple[str, ...]] = {
    RO: (
        "ro.opens_before_announcement",
        "ro.closes_before_opens",
        "ro.endorsement_before_announcement",
        "ro.min_comment_days",
        "ro.min_working_days_to_endorsement",
    ),
    PL: ("pl.notice_days", "pl.min_duration_days", "pl.min_channels"),
    EU: ("eu.min_duration_weeks",),
}

# Used when neither the profile nor the overrides give a debate deadline.
DEFAULT_DEBATE_RESPONSE_DAYS = 10


@dataclass(frozen=True)
class Timeline:
    announced_on: datetime.date | None
    opens_on: datetime.date | None
    closes_on: datetime.date | None
    endorsement_on: datetime.date | None = None
    adoption_on: datetime.date | None = None
    urgency: bool = False
    channels: tuple[str, ...] = ()   # channels besides online: "email", "post", "in_person"


@dataclass(frozen=True)
class Violation:
    rule: str
    earliest: datetime.date | None = None
    params: dict[str, Any] = field(default_factory=dict)


class ReportStyle(enum.Enum):
    """How a profile's report presents the contributions (title, table, notes)."""

    RECOMMENDATIONS = "recommendations"  # recommendations with status and justification
    COMMENTS = "comments"                # comments with the city's position
    GENERIC = "generic"


DEFAULT_REPORT_SECTIONS = ("header", "channels", "statistics", "table", "debates", "changes",
                           "urgency")

Checker = Callable[[Timeline, dict[str, Any]], list[Violation]]
PeriodDays = Callable[[Mapping[str, Any], bool], int]


@dataclass(frozen=True)
class Profile:
    """A legal profile: its code (stored by organizations and consultations), its label
    (English, marked for translation), its default parameters and rules, and the behaviour the
    rest of the code branches on."""

    code: str
    label: str
    defaults: Mapping[str, Any] = field(default_factory=dict)
    rules: tuple[str, ...] = ()
    checker: Checker | None = None
    # The minimal comment period in calendar days (both ends counted), from the parameters
    # and the urgency flag; None: the profile sets no minimal period.
    period_days: PeriodDays | None = None
    # The draft may be sent for endorsement only after a number of working days
    # (``earliest_endorsement``).
    has_endorsement_rule: bool = False
    # A debate requested after its legal deadline is refused outright (otherwise it needs a
    # recorded reason).
    strict_debate_deadline: bool = False
    # Publication needs a justification document (the "note of justification") unless urgent.
    requires_justification_document: bool = False
    report_style: ReportStyle = ReportStyle.GENERIC
    report_sections: tuple[str, ...] = DEFAULT_REPORT_SECTIONS

    @property
    def is_known(self) -> bool:
        return bool(self.code)


# The profile of an unknown or empty code: no rules, no flags.
NO_PROFILE = Profile(code="", label="")

_REGISTRY: dict[str, Profile] = {}
# Views of the registry kept for the callers of the first API.
PROFILES: dict[str, dict[str, Any]] = {}
RULES: dict[str, tuple[str, ...]] = {}


def register(profile: Profile) -> Profile:
    """Add (or replace) a profile; it is selectable at once, without a migration."""
    if not profile.code or len(profile.code) > 32:
        raise ValueError("A legal profile's code has 1 to 32 characters.")
    _REGISTRY[profile.code] = profile
    PROFILES[profile.code] = dict(profile.defaults)
    RULES[profile.code] = tuple(profile.rules)
    return profile


def unregister(code: str) -> None:
    """Remove a profile (tests that register their own)."""
    _REGISTRY.pop(code, None)
    PROFILES.pop(code, None)
    RULES.pop(code, None)


def get_profile(code: str | None) -> Profile:
    return _REGISTRY.get(code or "", NO_PROFILE)


def profiles() -> list[Profile]:
    return list(_REGISTRY.values())


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_NUMBERS = {"min_comment_days", "min_working_days_to_endorsement", "debate_response_days",
            "report_days", "min_duration_days", "notice_days", "min_channels",
            "min_duration_weeks", "meeting_notice_days"}
_MAY_BE_NONE = {"report_days", "country"}


def _coerce(key: str, value: Any) -> tuple[bool, Any]:
    """(accepted, value) for an override: numbers as ints (text allowed), flags as bools."""
    if value is None:
        return key in _MAY_BE_NONE, None
    if key in _NUMBERS:
        if isinstance(value, bool):
            return False, None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        return isinstance(value, int) and value >= 0, value
    if key == "answer_every_contribution":
        if isinstance(value, str):
            text = value.strip().lower()
            return text in _TRUE | _FALSE, text in _TRUE
        return isinstance(value, (bool, int)), bool(value)
    if key == "country":
        return isinstance(value, str) and len(value.strip()) == 2, str(value).strip().upper()
    if key == "uncounted_channels":
        ok = isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
        return ok, tuple(value) if ok else None
    return True, value


def parameters(profile: str, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The profile's parameters with the organization's ``overrides`` applied."""
    params = dict(get_profile(profile).defaults)
    if not overrides:
        return params
    merged: dict[str, Any] = {k: v for k, v in overrides.items()
                              if k not in PROFILES and not isinstance(v, Mapping)}
    nested = overrides.get(profile)
    if isinstance(nested, Mapping):
        merged.update(nested)
    for key, value in merged.items():
        accepted, value = _coerce(key, value)
        if accepted:
            params[key] = value
    return params


def _int(params: Mapping[str, Any], key: str, default: int = 0) -> int:
    value = params.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _earliest_close(profile: str, opens_on: datetime.date, urgency: bool,
                    params: Mapping[str, Any]) -> datetime.date | None:
    period_days = get_profile(profile).period_days
    if period_days is None:
        return None
    days = period_days(params, urgency)
    # Both ends count: a period of n days opening on d closes on d + n - 1.
    return opens_on + _days(max(days, 1) - 1)


def earliest_close(profile: str, opens_on: datetime.date, *, urgency: bool = False,
                   overrides: Mapping[str, Any] | None = None) -> datetime.date | None:
    """The earliest ``closes_on`` the profile allows for a period opening on ``opens_on``;
    ``None`` for an unknown profile."""
    return _earliest_close(profile, opens_on, urgency, parameters(profile, overrides))


def _earliest_endorsement(announced_on: datetime.date,
                          params: Mapping[str, Any]) -> datetime.date:
    n = _int(params, "min_working_days_to_endorsement")
    # n full working days between: the n-th working day after the announcement is the last
    # of them; the draft may be sent the next day.
    return add_working_days(announced_on, n, params.get("country") or "RO") + _days(1)


def earliest_endorsement(profile: str, announced_on: datetime.date, *, urgency: bool = False,
                         overrides: Mapping[str, Any] | None = None) -> datetime.date | None:
    """The earliest day the draft may be sent for endorsement (Romania: after
    ``min_working_days_to_endorsement`` full working days, weekends and public holidays
    excluded); ``None`` when the profile has no such rule."""
    if not get_profile(profile).has_endorsement_rule:
        return None
    if urgency:
        return announced_on
    return _earliest_endorsement(announced_on, parameters(profile, overrides))


def debate_request_deadline(profile: str, received_on: datetime.date, *,
                            overrides: Mapping[str, Any] | None = None) -> datetime.date:
    """The day by which a debate requested on ``received_on`` must be held (calendar days)."""
    params = parameters(profile, overrides)
    return received_on + _days(_int(params, "debate_response_days",
                                    DEFAULT_DEBATE_RESPONSE_DAYS))


def meeting_notice_days(profile: str, *, overrides: Mapping[str, Any] | None = None) -> int:
    """How many calendar days before a public meeting its announcement must be published
    (0: the profile sets no minimum)."""
    return _int(parameters(profile, overrides), "meeting_notice_days", 0)


def earliest_meeting_day(profile: str, announced_on: datetime.date, *,
                         overrides: Mapping[str, Any] | None = None) -> datetime.date:
    """The first day a public meeting announced on ``announced_on`` may take place."""
    return announced_on + _days(meeting_notice_days(profile, overrides=overrides))


def accepts_debate_requests(timeline: Timeline, day: datetime.date) -> bool:
    """Whether a public debate may be requested on ``day``: during the comment period."""
    if timeline.opens_on is None or timeline.closes_on is None:
        return False
    return timeline.opens_on <= day <= timeline.closes_on


def report_due(profile: str, closes_on: datetime.date, *,
               overrides: Mapping[str, Any] | None = None) -> datetime.date | None:
    """The day by which the report must be published, when the profile (or the
    organization's ``report_days``) fixes one."""
    days = parameters(profile, overrides).get("report_days")
    if not isinstance(days, int) or isinstance(days, bool):
        return None
    return closes_on + _days(days)


def _check_ro(t: Timeline, params: dict[str, Any]) -> list[Violation]:
    found: list[Violation] = []
    min_days = _int(params, "min_comment_days")
    if t.announced_on and t.opens_on and t.opens_on < t.announced_on:
        found.append(Violation("ro.opens_before_announcement", t.announced_on,
                               {"announced_on": t.announced_on}))
    if t.opens_on and t.closes_on:
        earliest = _earliest_close(RO, t.opens_on, t.urgency, params)
        if t.closes_on < t.opens_on:
            found.append(Violation("ro.closes_before_opens", earliest, {"days": min_days}))
        elif not t.urgency:
            actual = (t.closes_on - t.opens_on).days + 1
            if actual < min_days:
                found.append(Violation("ro.min_comment_days", earliest,
                                       {"days": min_days, "min_comment_days": min_days,
                                        "actual": actual}))
    if t.announced_on and t.endorsement_on:
        if t.urgency:
            if t.endorsement_on < t.announced_on:
                found.append(Violation("ro.endorsement_before_announcement", t.announced_on))
        else:
            n = _int(params, "min_working_days_to_endorsement")
            country = params.get("country") or "RO"
            # Full working days between the two: neither the announcement day nor the day
            # the draft is sent count.
            actual = working_days_between(t.announced_on, t.endorsement_on - _days(1), country)
            if actual < n:
                found.append(Violation(
                    "ro.min_working_days_to_endorsement",
                    _earliest_endorsement(t.announced_on, params),
                    {"days": n, "min_working_days_to_endorsement": n, "actual": max(actual, 0)},
                ))
    return found


def _check_pl(t: Timeline, params: dict[str, Any]) -> list[Violation]:
    found: list[Violation] = []
    notice = _int(params, "notice_days")
    if t.announced_on and t.opens_on and (t.opens_on - t.announced_on).days < notice:
        found.append(Violation("pl.notice_days", t.announced_on + _days(notice),
                               {"days": notice, "notice_days": notice,
                                "actual": (t.opens_on - t.announced_on).days}))
    duration = _int(params, "min_duration_days")
    if t.opens_on and t.closes_on and (t.closes_on - t.opens_on).days + 1 < duration:
        found.append(Violation("pl.min_duration_days",
                               _earliest_close(PL, t.opens_on, False, params),
                               {"days": duration, "min_duration_days": duration,
                                "actual": (t.closes_on - t.opens_on).days + 1}))
    needed = _int(params, "min_channels")
    uncounted = set(params.get("uncounted_channels") or ())
    counted = {c for c in t.channels if c and c not in uncounted}
    if len(counted) < needed:
        found.append(Violation("pl.min_channels", None,
                               {"count": needed, "min_channels": needed,
                                "actual": len(counted)}))
    return found


def _check_eu(t: Timeline, params: dict[str, Any]) -> list[Violation]:
    weeks = _int(params, "min_duration_weeks")
    if t.opens_on and t.closes_on and (t.closes_on - t.opens_on).days + 1 < 7 * weeks:
        return [Violation("eu.min_duration_weeks",
                          _earliest_close(EU, t.opens_on, False, params),
                          {"weeks": weeks, "min_duration_weeks": weeks, "days": 7 * weeks,
                           "actual": (t.closes_on - t.opens_on).days + 1})]
    return []


def check(profile: str, timeline: Timeline, *,
          overrides: Mapping[str, Any] | None = None) -> list[Violation]:
    """The rules of ``profile`` that ``timeline`` breaks (none for an unknown profile)."""
    checker = get_profile(profile).checker
    if checker is None:
        return []
    return checker(timeline, parameters(profile, overrides))


register(Profile(
    code=RO,
    label=gettext_noop("Romania: Law 52/2003 on decisional transparency"),
    defaults=_DEFAULTS[RO], rules=_RULES[RO], checker=_check_ro,
    period_days=lambda params, urgency: 1 if urgency else _int(params, "min_comment_days"),
    has_endorsement_rule=True, strict_debate_deadline=True,
    requires_justification_document=True,
    report_style=ReportStyle.RECOMMENDATIONS,
    report_sections=("header", "urgency", "table", "statistics", "debates", "changes"),
))
register(Profile(
    code=PL,
    label=gettext_noop("Poland: art. 5a of the municipal self-government act"),
    defaults=_DEFAULTS[PL], rules=_RULES[PL], checker=_check_pl,
    period_days=lambda params, urgency: _int(params, "min_duration_days"),
    report_style=ReportStyle.COMMENTS,
    report_sections=("header", "channels", "statistics", "table", "debates", "changes",
                     "urgency"),
))
register(Profile(
    code=EU,
    label=gettext_noop("EU better regulation guidelines"),
    defaults=_DEFAULTS[EU], rules=_RULES[EU], checker=_check_eu,
    period_days=lambda params, urgency: 7 * _int(params, "min_duration_weeks"),
))
