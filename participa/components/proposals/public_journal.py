"""The public journal of proposals: every published proposal of the organization (or of one
space), whatever its channel, with its author as published, its redacted title and text, its
current published answer and the date of each step — for the page, its CSV and JSON exports
and its feeds.

Only what is public is ever read here: ``title_public`` and ``body_public`` (never the
originals), the author as they chose to appear (never an e-mail), and published answers only.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participa.answers.models import AnswerState
from participa.components.proposals.models import (
    PROPOSAL_ANSWERS,
    Channel,
    Proposal,
    ProposalAnswer,
    ProposalCategory,
    ProposalState,
    Publication,
)
from participa.components.proposals.selectors import proposals_visible
from participa.core.i18n import translated
from participa.core.models import Organization
from participa.spaces.filters import AreaFilter, ListFilterSet, ScopeTreeFilter
from participa.spaces.models import Space

EXCERPT_WORDS = 40
NO_ANSWER = "none"
PUBLIC_STATES = [(value, label) for value, label in ProposalState.choices
                 if value != ProposalState.DRAFT]


def _local_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class JournalFilterForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date: choose a "
                                        "day on or after %(date)s.") % {
                "date": formats.date_format(start, "DATE_FORMAT")})
        return data


class JournalFilterSet(ListFilterSet):
    """Space, district, area, category, channel, state, current answer and dates received."""

    class Meta:
        form = JournalFilterForm

    space = django_filters.ModelChoiceFilter(
        label=_("Space"), queryset=Space.objects.none(), field_name="component__space",
        to_field_name="slug", empty_label=_("All"))
    scope = ScopeTreeFilter(label=_("District"), paths=("scope", "component__space__scope"))
    area = AreaFilter(label=_("Area"), paths=("area", "component__space__area"))
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=ProposalCategory.objects.none(), empty_label=_("All"))
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices,
                                          empty_label=_("All"))
    state = django_filters.ChoiceFilter(label=_("State"), choices=PUBLIC_STATES,
                                        empty_label=_("All"))
    answer = django_filters.ChoiceFilter(
        label=_("Current answer"), choices=[], empty_label=_("All"), method="filter_answer")
    date_from = django_filters.DateFilter(label=_("Received from"), method="filter_from",
                                          widget=DateInput())
    date_to = django_filters.DateFilter(label=_("Received until"), method="filter_to",
                                        widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = self.organization
        self.filters["space"].queryset = (
            Space.objects.filter(organization=org, published_at__isnull=False,
                                 components__type="proposals").distinct().order_by("slug"))
        self.filters["category"].queryset = (
            ProposalCategory.objects.filter(component__space__organization=org)
            .order_by("position", "pk"))
        self.filters["answer"].extra["choices"] = [
            *PROPOSAL_ANSWERS.outcomes, (NO_ANSWER, _("No answer yet"))]

    def filter_answer(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == NO_ANSWER:
            return qs.filter(answer_outcome__isnull=True)
        return qs.filter(answer_outcome=value)

    def filter_from(self, qs: QuerySet[Any], name: str, value: datetime.date) -> QuerySet[Any]:
        return qs.filter(received_at__gte=_local_start(value))

    def filter_to(self, qs: QuerySet[Any], name: str, value: datetime.date) -> QuerySet[Any]:
        return qs.filter(received_at__lt=_local_start(value + datetime.timedelta(days=1)))


def journal_proposals(user: Any, org: Organization) -> QuerySet[Proposal]:
    """Every public proposal the visitor may see, latest received first, with its current
    published answer (outcome, date, justification) annotated: one query."""
    current = (ProposalAnswer.objects
               .filter(proposal=OuterRef("pk"), state=AnswerState.PUBLISHED)
               .order_by("-published_at", "-pk"))
    return (proposals_visible(user, org)
            .exclude(state=ProposalState.DRAFT)
            .select_related("author", "component__space")
            .annotate(answer_outcome=Subquery(current.values("outcome")[:1]),
                      answer_published_at=Subquery(current.values("published_at")[:1]),
                      answer_justification=Subquery(current.values("justification")[:1]))
            .order_by("-received_at", "-pk"))


def author_as_published(proposal: Proposal) -> str:
    """The author as they chose to appear: their name, their group, or "Anonymous"."""
    if proposal.publication == Publication.ANONYMOUS:
        return gettext("Anonymous")
    if proposal.publication == Publication.GROUP and proposal.group is not None:
        return proposal.group.name
    if proposal.author is not None:
        return str(proposal.author.public_name)
    return proposal.author_name or gettext("Anonymous")


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).isoformat() if isinstance(value, datetime.datetime) \
        else value.isoformat()


def journal_row(proposal: Any, *, base_url: str = "") -> dict[str, Any]:
    """One proposal as the journal shows it (public values only)."""
    outcome = proposal.answer_outcome
    return {
        "number": proposal.number,
        "registration": proposal.registration_label,
        "space": translated(proposal.component.space.title),
        "received_at": _iso(proposal.received_at),
        "channel": str(proposal.get_channel_display()),
        "author": author_as_published(proposal),
        "title": proposal.title_public,
        "text": proposal.body_public,
        "district": str(proposal.scope) if proposal.scope else "",
        "area": str(proposal.area) if proposal.area else "",
        "category": str(proposal.category) if proposal.category else "",
        "state": str(proposal.get_state_display()),
        "supports": proposal.supports_count,
        "answer": str(PROPOSAL_ANSWERS.outcome_label(outcome)) if outcome else "",
        "answer_justification": proposal.answer_justification or "",
        "published_at": _iso(proposal.published_at),
        "threshold_reached_at": _iso(proposal.threshold_reached_at),
        "answer_due_on": _iso(proposal.answer_due_on),
        "answered_at": _iso(proposal.answer_published_at),
        "withdrawn_at": _iso(proposal.withdrawn_at),
        "url": base_url + proposal.get_absolute_url(),
    }


def excerpt(text: str) -> str:
    return Truncator(text).words(EXCERPT_WORDS, truncate="…")
