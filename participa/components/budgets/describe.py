"""An edition's rules in plain words, for the public edition page: each pool's voting method
and counting rule, the tie-break order and who may vote."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.components.budgets.forms import RULE_LABELS
from participa.components.budgets.models import Edition, Pool, Residence, VotingMethod
from participa.verifications.models import Method


def method_words(pool: Pool) -> str:
    if pool.method == VotingMethod.APPROVAL:
        count = pool.max_projects or 0
        return ngettext("Each voter chooses up to %(count)d project.",
                        "Each voter chooses up to %(count)d projects.", count) % {
            "count": count}
    if pool.method == VotingMethod.RANKED:
        count = pool.max_projects or 0
        return ngettext("Each voter ranks up to %(count)d project in order of preference.",
                        "Each voter ranks up to %(count)d projects in order of preference.",
                        count) % {"count": count}
    if pool.method == VotingMethod.CUMULATIVE:
        count = pool.points_total or 0
        text = ngettext("Each voter distributes %(count)d point among the projects.",
                        "Each voter distributes %(count)d points among the projects.",
                        count) % {"count": count}
        if pool.max_points_per_project:
            text += " " + ngettext("At most %(count)d point to one project.",
                                   "At most %(count)d points to one project.",
                                   pool.max_points_per_project) % {
                "count": pool.max_points_per_project}
        return text
    return _("Each voter chooses projects whose total cost fits within the pool's amount.")


def rule_words(pool: Pool) -> str:
    text = str(RULE_LABELS.get(pool.rule, pool.rule))
    if pool.rule == "greedy-threshold" and pool.threshold is not None:
        text += " " + ngettext("(at least %(count)d vote).", "(at least %(count)d votes).",
                               pool.threshold) % {"count": pool.threshold}
    else:
        text += "."
    return text


def tie_break_words(edition: Edition) -> list[str]:
    """The tie-break steps in order, the project number settling what is left."""
    words: list[str] = []
    for part in edition.tie_breaking or []:
        if part == "votes":
            words.append(_("the project with more votes first"))
        elif part == "cost":
            words.append(_("the cheaper project first"))
        elif part == "-cost":
            words.append(_("the more expensive project first"))
        elif part == "id":
            words.append(_("the lower project number first"))
        elif part.startswith("seed:"):
            words.append(_("a published random order (seed %(seed)s)") % {"seed": part[5:]})
    words.append(_("the lower project number first"))
    return list(dict.fromkeys(words))


def voter_words(edition: Edition) -> list[str]:
    """Who may vote, one sentence per rule."""
    lines = [str(Residence(edition.residence).label) + "."]
    if edition.min_age is not None:
        lines.append(ngettext("Aged %(count)d year or more.", "Aged %(count)d years or more.",
                              edition.min_age) % {"count": edition.min_age})
    if edition.minors_with_consent:
        lines.append(_("Minors vote with a parent's consent."))
    methods = [str(Method(value).label) for value in edition.verification_methods or []
               if value in Method.values]
    if methods:
        lines.append(_("Verified by one of: %(methods)s.") % {"methods": ", ".join(methods)})
    else:
        lines.append(_("With an account of the city's site; no verification is asked."))
    if edition.publish_age_band:
        lines.append(_("The published ballot files give each voter's age band (for example "
                       "25-34), never their age or name; a band of fewer than 10 voters is "
                       "left blank."))
    return lines


def pool_facts(pools: list[Pool]) -> list[dict[str, Any]]:
    return [{"pool": pool, "method": method_words(pool), "rule": rule_words(pool)}
            for pool in pools]


def _number_list(numbers: list[int]) -> str:
    return ", ".join(_("No. %(number)s") % {"number": n} for n in numbers)


def tie_sentences(ties: list[dict[str, Any]], numbers: dict[str, int]) -> list[str]:
    """A pool result's tie-break log (``PoolResult.ties``) in plain words; ``numbers`` maps
    the projects' keys to their public numbers (the results page and the edition report)."""
    sentences = []
    for tie in ties:
        tied = sorted(numbers.get(str(pid), 0) for pid in tie.get("projects", []))
        chosen = tie.get("chosen")
        if chosen is None:
            sentences.append(_("Projects %(projects)s were exactly equal; none of them could be "
                               "funded.") % {"projects": _number_list(tied)})
        else:
            sentences.append(_("Projects %(projects)s were exactly equal; the tie-break order "
                               "chose project No. %(chosen)s.")
                             % {"projects": _number_list(tied),
                                "chosen": numbers.get(str(chosen), chosen)})
    return sentences
