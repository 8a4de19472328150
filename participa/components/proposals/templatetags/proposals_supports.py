"""``{% support_box proposal %}`` and ``{% support_count item %}``: what the proposal page
and the cards show of supports, the threshold and the answer's deadline."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.components.proposals.models import Proposal, ProposalState
from participa.components.proposals.services.supports import (
    support_refusal,
    viewer_supports,
)
from participa.components.proposals.services.thresholds import (
    Threshold,
    has_published_answer,
    threshold_of,
)

register = template.Library()


def localized_date(day: Any) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def supports_sentence(proposal: Proposal, threshold: Threshold | None) -> str:
    """"123 of 300 supports, until 5 March 2027", or "123 supports"."""
    count = proposal.supports_count
    if threshold is None or proposal.threshold_reached_at is not None:
        return ngettext("%(count)s support", "%(count)s supports", count) % {"count": count}
    if not threshold.open:
        return ngettext("%(count)s of %(total)s support (the period ended on %(date)s)",
                        "%(count)s of %(total)s supports (the period ended on %(date)s)",
                        threshold.supports) % {
            "count": count, "total": threshold.supports, "date": localized_date(threshold.until)}
    return ngettext("%(count)s of %(total)s support, until %(date)s",
                    "%(count)s of %(total)s supports, until %(date)s",
                    threshold.supports) % {
        "count": count, "total": threshold.supports, "date": localized_date(threshold.until)}


def deadline_state(proposal: Proposal, *, answered: bool) -> dict[str, Any]:
    """The answer's deadline as the proposal page shows it (None when there is none)."""
    due = proposal.answer_due_on
    if due is None:
        return {"deadline": None}
    overdue = not answered and due < timezone.localdate()
    if overdue:
        text = _("The answer is overdue since %(date)s.") % {"date": localized_date(due)}
    else:
        text = _("The city must answer by %(date)s.") % {"date": localized_date(due)}
    return {"deadline": text, "overdue": overdue, "answered": answered}


@register.inclusion_tag("proposals/_support_box.html", takes_context=True)
def support_box(context: template.Context, proposal: Proposal) -> dict[str, Any]:
    """The supports box of the proposal page: counts, threshold, deadline and the button."""
    user = context["request"].user
    threshold = threshold_of(proposal)
    supporting = viewer_supports(user, proposal)
    refusal = None if supporting else support_refusal(user, proposal)
    answered = proposal.answer_due_on is not None and has_published_answer(proposal)
    return {
        "request": context["request"], "csrf_token": context.get("csrf_token"),
        "proposal": proposal, "threshold": threshold,
        "progress": supports_sentence(proposal, threshold),
        "percent": (min(100, proposal.supports_count * 100 // threshold.supports)
                    if threshold else None),
        "supporting": supporting,
        "can_support": refusal is None,
        "refusal": refusal.messages[0] if refusal is not None else "",
        "signed_in": getattr(user, "is_authenticated", False),
        "supports_open": (proposal.state == ProposalState.PUBLISHED
                          and proposal.component.phase_switch("supports_enabled")),
        **deadline_state(proposal, answered=answered),
    }


@register.simple_tag
def support_count(item: Proposal) -> str:
    """The compact line of a card (no query: the component is loaded with the list)."""
    return supports_sentence(item, threshold_of(item))
