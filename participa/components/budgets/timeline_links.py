"""The edition page's timeline with a link to each phase's page: the projects (submission,
formal review), the appeals and their outcomes, the voting page, the results (where the
results pages are installed) and the selected projects (implementation).

A phase links its page once it has started (current or finished): before that the page has
nothing of that phase to show."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from participa.components.budgets.models import Edition, ProjectState
from participa.components.budgets.phases import EditionPhase, Step, edition_timeline
from participa.spaces.models import Component

__all__ = ["LinkedStep", "linked_timeline", "phase_url"]


@dataclass(frozen=True)
class LinkedStep(Step):
    """A step of the timeline and the address of its page ("": no link)."""

    url: str = ""


def _url(name: str, component: Component, query: dict[str, str] | None = None) -> str:
    url = reverse(f"spaces:budgets:{name}", args=[component.space.slug, component.pk])
    return f"{url}?{urlencode(query)}" if query else url


def phase_url(phase: str, component: Component) -> str:
    """The page of ``phase`` ("" when the component has none)."""
    if phase in (EditionPhase.SUBMISSION, EditionPhase.REVIEW):
        return _url("projects", component)
    if phase == EditionPhase.APPEALS:
        return _url("appeals", component)
    if phase == EditionPhase.VOTING:
        return _url("voting", component)
    if phase == EditionPhase.RESULTS:
        try:  # the results pages may not be installed
            return _url("results", component)
        except NoReverseMatch:
            return ""
    if phase == EditionPhase.IMPLEMENTATION:
        return _url("projects", component, {"state": ProjectState.SELECTED})
    return ""


def linked_timeline(edition: Edition, component: Component,
                    now: datetime.datetime | None = None) -> list[LinkedStep]:
    """``edition_timeline`` with the page of each phase that has started."""
    return [LinkedStep(phase=step.phase, label=step.label, starts=step.starts, ends=step.ends,
                       current=step.current, done=step.done,
                       url=phase_url(step.phase, component)
                       if step.current or step.done else "")
            for step in edition_timeline(edition, now)]
