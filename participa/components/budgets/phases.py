"""The phases of a budget edition, computed from its dates in one function
(:func:`edition_phase`), and the timeline the edition page shows.

submission (``submission_opens_at`` → ``submission_closes_at``) → formal review (to the end of
``review_ends_on``) → appeals (to ``voting_opens_at``) → voting (→ ``voting_closes_at``) →
results (counted and published by the end of ``results_on``) → implementation. Before
submission opens the edition is *upcoming*. Dates (``…_on``) are days of the organization's
time zone (the active one).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from participa.components.budgets.models import Edition


class EditionPhase(models.TextChoices):
    UPCOMING = "upcoming", _("Not open yet")
    SUBMISSION = "submission", _("Submission of projects")
    REVIEW = "review", _("Formal review")
    APPEALS = "appeals", _("Appeals")
    VOTING = "voting", _("Voting")
    RESULTS = "results", _("Results")
    IMPLEMENTATION = "implementation", _("Implementation")


ORDER = list(EditionPhase)


def edition_phase(edition: Edition, now: datetime.datetime | None = None) -> EditionPhase:
    """The phase ``edition`` is in at ``now`` (default: now)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if now < edition.submission_opens_at:
        return EditionPhase.UPCOMING
    if now < edition.submission_closes_at:
        return EditionPhase.SUBMISSION
    if today <= edition.review_ends_on:
        return EditionPhase.REVIEW
    if now < edition.voting_opens_at:
        return EditionPhase.APPEALS
    if now < edition.voting_closes_at:
        return EditionPhase.VOTING
    if today <= edition.results_on:
        return EditionPhase.RESULTS
    return EditionPhase.IMPLEMENTATION


@dataclass(frozen=True)
class Step:
    """One phase on the timeline: when it starts and ends (None: open-ended)."""

    phase: EditionPhase
    label: str | Promise
    starts: datetime.datetime | datetime.date | None
    ends: datetime.datetime | datetime.date | None
    current: bool
    done: bool


def edition_timeline(edition: Edition, now: datetime.datetime | None = None) -> list[Step]:
    """The six phases in order (the upcoming state is not a step), the current one marked."""
    current = edition_phase(edition, now)
    bounds: list[tuple[EditionPhase, datetime.datetime | datetime.date | None,
                       datetime.datetime | datetime.date | None]] = [
        (EditionPhase.SUBMISSION, edition.submission_opens_at, edition.submission_closes_at),
        (EditionPhase.REVIEW, edition.submission_closes_at, edition.review_ends_on),
        (EditionPhase.APPEALS, edition.review_ends_on + datetime.timedelta(days=1),
         edition.voting_opens_at),
        (EditionPhase.VOTING, edition.voting_opens_at, edition.voting_closes_at),
        (EditionPhase.RESULTS, edition.voting_closes_at, edition.results_on),
        (EditionPhase.IMPLEMENTATION, edition.results_on + datetime.timedelta(days=1), None),
    ]
    position = ORDER.index(current)
    return [Step(phase=phase, label=phase.label, starts=starts, ends=ends,
                 current=phase == current, done=ORDER.index(phase) < position)
            for phase, starts, ends in bounds]


def is_frozen(edition: Edition, now: datetime.datetime | None = None) -> bool:
    """Whether the set-up of ``edition`` is frozen: voting has opened (or it was frozen)."""
    return edition.frozen_at is not None or (now or timezone.now()) >= edition.voting_opens_at
