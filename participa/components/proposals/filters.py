"""The filters and sorts of the public lists of proposals, on the shared ``ListFilterSet``:
district (with the districts inside it; a proposal's own, else its space's), area, category,
state (published, withdrawn, merged, or answered with one outcome: the current answer is the
latest *published* answer), "supported by me", "mine"; sorted by date, by supports or at random
with a seed that stays the visitor's (``random_order``)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import (
    BigIntegerField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from participa.answers.models import AnswerState
from participa.components.proposals.models import (
    PROPOSAL_ANSWERS,
    Proposal,
    ProposalAnswer,
    ProposalCategory,
    ProposalState,
    Support,
)
from participa.spaces.filters import AreaFilter, ListFilterSet, ScopeTreeFilter
from participa.spaces.models import Component

SCOPE_PATHS = ("scope", "component__space__scope")
AREA_PATHS = ("area", "component__space__area")
ANSWERED_PREFIX = "answer-"
RECENT, SUPPORTED, RANDOM = "", "supported", "random"
# The random order: a hash of the id and the visitor's seed, modulo a prime.
PRIME = 2_147_483_647
MULTIPLIERS = (1_103_515_245, 1_664_525_013)
SEED_MAX = 2**31 - 1


def with_current_answer(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Annotate ``current_outcome``: the outcome of the latest published answer (or None)."""
    latest = (ProposalAnswer.objects.filter(proposal=OuterRef("pk"),
                                            state=AnswerState.PUBLISHED)
              .order_by("-published_at", "-id").values("outcome")[:1])
    return proposals.annotate(current_outcome=Subquery(latest))


def with_supported_by(proposals: QuerySet[Proposal], user: Any) -> QuerySet[Proposal]:
    """Annotate ``supported_by_me`` (always False for a visitor who is not signed in)."""
    if not getattr(user, "is_authenticated", False):
        return proposals.annotate(supported_by_me=Value(False))
    return proposals.annotate(supported_by_me=Exists(
        Support.objects.filter(proposal=OuterRef("pk"), user=user)))


def state_choices() -> list[tuple[str, Any]]:
    return [
        (ProposalState.PUBLISHED.value, _("Published, not answered yet")),
        (ProposalState.WITHDRAWN.value, _("Withdrawn")),
        (ProposalState.MERGED.value, _("Merged into another proposal")),
        (str(_("Answered")), [(f"{ANSWERED_PREFIX}{value}", label)
                              for value, label in PROPOSAL_ANSWERS.outcomes]),
    ]


def _xor(expression: Any, value: int) -> Any:
    """``expression`` XOR ``value`` in SQL that SQLite and PostgreSQL both speak."""
    constant = Value(value, BigIntegerField())
    return expression.bitor(constant) - expression.bitand(constant)


def random_order(proposals: QuerySet[Proposal], seed: int) -> QuerySet[Proposal]:
    """The proposals in an order that depends only on ``seed`` (the same on every page, on
    SQLite and PostgreSQL alike; another seed, another order): two rounds of XOR with the seed
    and multiplication modulo a prime (every product stays within 64 bits)."""
    seed = seed % SEED_MAX
    first_key, second_key = seed, (seed * 7919 + 104_729) % SEED_MAX
    prime = Value(PRIME, BigIntegerField())
    mixed = (_xor(Cast(F("pk"), BigIntegerField()), first_key)
             * Value(MULTIPLIERS[0], BigIntegerField())) % prime
    mixed = (_xor(mixed, second_key) * Value(MULTIPLIERS[1], BigIntegerField())) % prime
    return proposals.annotate(shuffle_key=mixed).order_by("shuffle_key", "pk")


class ProposalFilterSet(ListFilterSet):
    """The component's list and the organization's list of proposals."""

    scope = ScopeTreeFilter(label=_("District"), paths=SCOPE_PATHS)
    area = AreaFilter(label=_("Area"), paths=AREA_PATHS)
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=ProposalCategory.objects.none(), empty_label=_("All"))
    state = django_filters.ChoiceFilter(label=_("State"), choices=[], method="filter_state",
                                        empty_label=_("All"))
    supported = django_filters.BooleanFilter(
        label=_("Only proposals I support"), method="filter_supported",
        widget=django_filters.widgets.forms.CheckboxInput)
    mine = django_filters.BooleanFilter(
        label=_("Only my proposals"), method="filter_mine",
        widget=django_filters.widgets.forms.CheckboxInput)
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=[(SUPPORTED, _("Most supported")),
                                     (RANDOM, _("Random order"))],
        empty_label=_("Most recent"), method="filter_sort")

    def __init__(self, *args: Any, component: Component | None = None, user: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["state"].extra["choices"] = state_choices()
        categories = (ProposalCategory.objects.filter(component=component) if component
                      else ProposalCategory.objects.none())
        self.filters["category"].queryset = categories
        if component is None:
            del self.filters["category"]
        if not getattr(user, "is_authenticated", False):
            del self.filters["supported"]
            del self.filters["mine"]

    def filter_state(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value.startswith(ANSWERED_PREFIX):
            return qs.filter(current_outcome=value.removeprefix(ANSWERED_PREFIX))
        if value == ProposalState.PUBLISHED:
            return qs.filter(state=value, current_outcome__isnull=True)
        return qs.filter(state=value)

    def filter_supported(self, qs: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        if not value:
            return qs
        return qs.filter(supports__user=self.user)

    def filter_mine(self, qs: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        if not value:
            return qs
        return qs.filter(Q(author=self.user) | Q(pk__in=Proposal.coauthors.through.objects
                                                    .filter(user=self.user)
                                                    .values("proposal_id")))

    def filter_sort(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs  # applied by ``sorted_qs``

    @property
    def order(self) -> str:
        value = (self.data or {}).get("sort", RECENT)
        return value if value in (RECENT, SUPPORTED, RANDOM) else RECENT

    def sorted_qs(self, seed: int | None) -> QuerySet[Any]:
        qs = self.filtered_qs
        if self.order == SUPPORTED:
            return qs.order_by("-supports_count", "-published_at", "-id")
        if self.order == RANDOM and seed is not None:
            return random_order(qs, seed)
        return qs.order_by("-published_at", "-id")
