"""The set-up of a budget edition: its dates and eligibility rules, its pools (one city-wide,
one per district, or Timișoara-style zones of equal amounts), its categories and the review
checklist. Every write keyword-only, atomic, audited, by those who run the space.

Frozen once voting opens: from ``voting_opens_at`` (or once ``frozen_at`` is set by the
service that opens voting) every service of this module refuses, with the sentence of
:func:`frozen_refusal`, to change the edition or any of its pools, categories or checklist
items — the rules voters were shown are the rules their ballots are counted by. The refusal is
the services' (every write goes through them); the database keeps the single-row invariants
(amounts, limits, methods, rules, dates in order).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from participa.components.budgets import permissions
from participa.components.budgets.actions import BudgetAction, BudgetJournalAction
from participa.components.budgets.models import (
    BudgetCategory,
    ChecklistItem,
    Edition,
    Pool,
    Residence,
    VotingMethod,
)
from participa.components.budgets.phases import is_frozen
from participa.components.budgets.validation import tie_breaking_problem
from participa.core.audit import audited_create, audited_delete, audited_update, record
from participa.core.journal import Public
from participa.core.models import Scope, User
from participa.lib.pb.rules import RULE_NAMES
from participa.spaces.models import Component
from participa.verifications.models import Method

EDITION_FIELDS = frozenset({
    "submission_opens_at", "submission_closes_at", "review_ends_on", "voting_opens_at",
    "voting_closes_at", "results_on", "appeal_days", "appeal_decision_days", "correction_days",
    "allow_ballot_change", "min_age", "residence", "verification_methods", "tie_breaking",
    "minors_with_consent", "supports_enabled", "publish_age_band",
})
POOL_FIELDS = frozenset({
    "name", "scope", "amount", "min_project_cost", "max_project_cost", "method",
    "max_projects", "points_total", "max_points_per_project", "rule", "threshold",
    "support_threshold",
})
CENT = Decimal("0.01")


def _org(component: Component) -> Any:
    return component.space.organization


def _allowed(acting_user: User, component: Component) -> None:
    if not permissions.can_manage_budget(acting_user, component):
        raise ValidationError(_("Only those who run the space can set up the participatory "
                                "budget."), code="forbidden")


def frozen_refusal(edition: Edition) -> ValidationError | None:
    """The refusal of every set-up change once voting has opened (None: not frozen)."""
    if not is_frozen(edition):
        return None
    opened = timezone.localtime(edition.voting_opens_at)
    return ValidationError(
        _("Voting opened on %(date)s: the rules, pools, categories and checklist of this "
          "edition are frozen and can no longer change.")
        % {"date": formats.date_format(opened, "DATETIME_FORMAT")}, code="frozen")


def _editable(edition: Edition, acting_user: User) -> Edition:
    """The edition locked for the change, after the permission and freeze checks."""
    _allowed(acting_user, edition.component)
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    refusal = frozen_refusal(locked)
    if refusal is not None:
        raise refusal
    return locked


def _checked(data: Mapping[str, Any], allowed: frozenset[str], what: str) -> dict[str, Any]:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise TypeError(f"Not editable on {what}: {', '.join(unknown)}")
    return dict(data)


# --- the edition ---------------------------------------------------------------------------


def _check_edition(values: Mapping[str, Any]) -> None:
    """Sentences for the dates and rules the database would refuse, in the person's
    language."""
    errors: dict[str, str] = {}
    opens, closes = values["submission_opens_at"], values["submission_closes_at"]
    review, voting = values["review_ends_on"], values["voting_opens_at"]
    voting_closes, results = values["voting_closes_at"], values["results_on"]
    if closes <= opens:
        errors["submission_closes_at"] = _("Submission must close after it opens.")
    if review < timezone.localdate(closes):
        errors["review_ends_on"] = _("The formal review must end after submission closes.")
    if timezone.localdate(voting) <= review:
        errors["voting_opens_at"] = _("Voting must open after the formal review ends.")
    if voting_closes <= voting:
        errors["voting_closes_at"] = _("Voting must close after it opens.")
    if results < timezone.localdate(voting_closes):
        errors["results_on"] = _("The results must be published after voting closes.")
    for name in ("appeal_days", "appeal_decision_days", "correction_days"):
        if values.get(name) is not None and values[name] < 1:
            errors[name] = _("Give at least one day.")
    if values.get("residence", Residence.CITY) not in Residence.values:
        errors["residence"] = _("Choose who may vote.")
    methods = values.get("verification_methods") or []
    if any(method not in Method.values for method in methods):
        errors["verification_methods"] = _("Choose verification methods the site offers.")
    problem = tie_breaking_problem(values.get("tie_breaking") or [])
    if problem:
        errors["tie_breaking"] = problem
    if errors:
        raise ValidationError(errors)


def _announcement(edition: Edition) -> Public:
    component = edition.component
    return Public(action=BudgetJournalAction.EDITION_ANNOUNCED, item=edition,
                  url=component.get_absolute_url(), space_id=component.space_id,
                  component_id=component.pk,
                  params={"title": component.name or component.space.title,
                          "starts_at": edition.submission_opens_at.isoformat()})


@transaction.atomic
def edition_create(*, acting_user: User, component: Component,
                   data: Mapping[str, Any]) -> Edition:
    """The edition of a budgets component (one per component), with its dates and rules."""
    _allowed(acting_user, component)
    Component.objects.select_for_update().filter(pk=component.pk).first()
    if Edition.objects.filter(component=component).exists():
        raise ValidationError(_("This participatory budget already has its edition."),
                              code="exists")
    values = _checked(data, EDITION_FIELDS, "an edition")
    _check_edition(values)
    edition = Edition(component=component, **values)
    edition.component = component
    created: Edition = audited_create(
        Edition, organization=_org(component), actor=acting_user,
        action=BudgetAction.EDITION_CREATE, values={"component": component, **values},
        public=[_announcement(edition)])
    return created


@transaction.atomic
def edition_update(*, acting_user: User, edition: Edition,
                   data: Mapping[str, Any]) -> Edition:
    """Change the dates and rules of an edition (refused once voting has opened)."""
    _editable(edition, acting_user)
    values = _checked(data, EDITION_FIELDS, "an edition")
    current = {name: getattr(edition, name) for name in EDITION_FIELDS}
    _check_edition({**current, **values})
    values["updated_at"] = timezone.now()
    audited_update(edition, organization=_org(edition.component), actor=acting_user,
                   action=BudgetAction.EDITION_UPDATE, values=values)
    return edition


# --- pools ---------------------------------------------------------------------------------


def _check_pool(edition: Edition, values: Mapping[str, Any], pool: Pool | None) -> None:
    errors: dict[str, str] = {}
    name = values.get("name") or {}
    if not any(str(text).strip() for text in name.values()):
        errors["name"] = _("Give the pool a name.")
    amount = values.get("amount")
    minimum = values.get("min_project_cost") or Decimal(0)
    maximum = values.get("max_project_cost")
    if amount is None or amount <= 0:
        errors["amount"] = _("Give the pool an amount above zero.")
    if minimum < 0:
        errors["min_project_cost"] = _("The minimum cost cannot be negative.")
    if maximum is None:
        errors["max_project_cost"] = _("Give the maximum cost of a project.")
    elif minimum > maximum:
        errors["min_project_cost"] = _("The minimum cost of a project is above its maximum "
                                       "cost.")
    elif amount is not None and amount > 0 and maximum > amount:
        errors["max_project_cost"] = _("The maximum cost of a project cannot be above the "
                                       "pool's amount.")
    method = values.get("method")
    if method not in VotingMethod.values:
        errors["method"] = _("Choose the voting method.")
    if method in (VotingMethod.APPROVAL, VotingMethod.RANKED) and not values.get(
            "max_projects"):
        errors["max_projects"] = _("Say how many projects a voter may choose.")
    if method == VotingMethod.CUMULATIVE and not values.get("points_total"):
        errors["points_total"] = _("Say how many points a voter distributes.")
    per_project = values.get("max_points_per_project")
    if per_project is not None:
        if method != VotingMethod.CUMULATIVE:
            errors["max_points_per_project"] = _("Points per project apply to cumulative "
                                                 "voting only.")
        elif not 1 <= per_project <= (values.get("points_total") or 0):
            errors["max_points_per_project"] = _("A voter cannot give one project more points "
                                                 "than they have.")
    rule = values.get("rule")
    if rule not in RULE_NAMES:
        errors["rule"] = _("Choose a counting rule the counting engine knows.")
    elif rule == "greedy-threshold" and values.get("threshold") is None:
        errors["threshold"] = _("Give the minimum number of votes a project must get to be "
                                "funded.")
    scope = values.get("scope")
    if scope is not None:
        if scope.organization_id != edition.component.space.organization_id:
            errors["scope"] = _("Choose a district of this organization.")
        elif Pool.objects.filter(edition=edition, scope=scope).exclude(
                pk=pool.pk if pool else 0).exists():
            errors["scope"] = _("This district already has a pool.")
    if errors:
        raise ValidationError(errors)


def _pool_defaults(values: dict[str, Any]) -> dict[str, Any]:
    values.setdefault("min_project_cost", Decimal(0))
    if values.get("min_project_cost") is None:
        values["min_project_cost"] = Decimal(0)
    if values.get("max_project_cost") is None and values.get("amount") is not None:
        values["max_project_cost"] = values["amount"]
    values.setdefault("method", VotingMethod.APPROVAL)
    values.setdefault("rule", "greedy")
    return values


def _next_position(model: Any, edition: Edition) -> int:
    last = model.objects.filter(edition=edition).aggregate(last=Max("position"))["last"]
    return 0 if last is None else int(last) + 1


@transaction.atomic
def pool_create(*, acting_user: User, edition: Edition, data: Mapping[str, Any]) -> Pool:
    """A new pool of the edition, last in the list."""
    locked = _editable(edition, acting_user)
    values = _pool_defaults(_checked(data, POOL_FIELDS, "a pool"))
    _check_pool(locked, values, None)
    pool: Pool = audited_create(
        Pool, organization=_org(edition.component), actor=acting_user,
        action=BudgetAction.POOL_CREATE,
        values={"edition": edition, "position": _next_position(Pool, locked), **values})
    return pool


@transaction.atomic
def pool_update(*, acting_user: User, pool: Pool, data: Mapping[str, Any]) -> Pool:
    edition = pool.edition
    locked = _editable(edition, acting_user)
    values = _checked(data, POOL_FIELDS, "a pool")
    current = {name: getattr(pool, name) for name in POOL_FIELDS}
    merged = _pool_defaults({**current, **values})
    _check_pool(locked, merged, pool)
    audited_update(pool, organization=_org(edition.component), actor=acting_user,
                   action=BudgetAction.POOL_UPDATE, values=values)
    return pool


@transaction.atomic
def pool_delete(*, acting_user: User, pool: Pool) -> None:
    """Delete a pool no project was filed under."""
    edition = pool.edition
    _editable(edition, acting_user)
    if pool.projects.exists():
        raise ValidationError(_("Projects are filed under this pool: it cannot be deleted."),
                              code="in_use")
    audited_delete(pool, organization=_org(edition.component), actor=acting_user,
                   action=BudgetAction.POOL_DELETE)


def split_evenly(total: Decimal, parts: int) -> list[Decimal]:
    """``total`` in ``parts`` amounts that differ by at most one cent, the larger ones first,
    adding up to ``total`` exactly (``total`` is rounded down to the cent)."""
    if parts < 1:
        raise ValueError("At least one part.")
    cents = int((total.quantize(CENT, rounding=ROUND_DOWN) * 100).to_integral_value())
    base, remainder = divmod(cents, parts)
    return [(Decimal(base + (1 if index < remainder else 0)) / 100).quantize(CENT)
            for index in range(parts)]


@transaction.atomic
def pools_create_per_district(*, acting_user: User, edition: Edition, total: Decimal,
                              scopes: Sequence[Scope],
                              data: Mapping[str, Any]) -> list[Pool]:
    """Timișoara-style zones: one pool per district of ``scopes`` (in their order), splitting
    ``total`` evenly (the remainder's cents to the first pools: the amounts add up to
    ``total`` exactly). ``data`` holds what every pool shares (method, rule, limits); each
    pool is named after its district and its maximum project cost is capped at its amount."""
    locked = _editable(edition, acting_user)
    if not scopes:
        raise ValidationError({"scopes": _("Choose at least one district.")}, code="required")
    if total is None or total <= 0:
        raise ValidationError({"total": _("Give the total amount above zero.")},
                              code="amount")
    if total.quantize(CENT) != total:
        raise ValidationError({"total": _("Give the total amount in whole cents.")},
                              code="cents")
    if len(scopes) > int(total * 100):
        raise ValidationError({"total": _("The total is too small to give every district at "
                                          "least one cent.")}, code="amount")
    shared = _checked(data, POOL_FIELDS - {"name", "scope", "amount"}, "a pool")
    amounts = split_evenly(total, len(scopes))
    pools = []
    position = _next_position(Pool, locked)
    for index, (scope, amount) in enumerate(zip(scopes, amounts, strict=True)):
        values = _pool_defaults({**shared, "name": dict(scope.name), "scope": scope,
                                 "amount": amount})
        if values.get("max_project_cost") is None or values["max_project_cost"] > amount:
            values["max_project_cost"] = amount
        if values["min_project_cost"] > values["max_project_cost"]:
            values["min_project_cost"] = Decimal(0)
        _check_pool(locked, values, None)
        pools.append(audited_create(
            Pool, organization=_org(edition.component), actor=acting_user,
            action=BudgetAction.POOL_CREATE,
            values={"edition": edition, "position": position + index, **values}))
    component = edition.component
    # One public line for the whole split: it names the edition, not each pool.
    record(organization=_org(component), actor=acting_user, action=BudgetAction.POOL_CREATE,
           obj=locked, changes={"pools": [None, len(pools)]},
           public=[Public(action=BudgetJournalAction.POOLS_SET, item=locked,
                          url=component.get_absolute_url(), space_id=component.space_id,
                          component_id=component.pk,
                          params={"title": component.name or component.space.title,
                                  "count": len(pools)})])
    return pools


# --- categories and checklist --------------------------------------------------------------


def _named(name: Mapping[str, str], field: str, message: str) -> dict[str, str]:
    cleaned = {code: text.strip() for code, text in name.items() if text and text.strip()}
    if not cleaned:
        raise ValidationError({field: message}, code="required")
    return cleaned


def _quota(edition: Edition, quota: int | None, category: BudgetCategory | None) -> None:
    if quota is None:
        return
    if not 0 <= quota <= 100:
        raise ValidationError({"quota_percent": _("A share is from 0 to 100%.")},
                              code="quota")
    others = BudgetCategory.objects.filter(edition=edition).exclude(
        pk=category.pk if category else 0)
    total = sum(other.quota_percent or 0 for other in others) + quota
    if total > 100:
        raise ValidationError({"quota_percent": _(
            "The categories' shares would add up to %(total)d%%: at most 100%% in all.")
            % {"total": total}}, code="quota")


@transaction.atomic
def category_create(*, acting_user: User, edition: Edition, name: Mapping[str, str],
                    quota_percent: int | None = None) -> BudgetCategory:
    locked = _editable(edition, acting_user)
    cleaned = _named(name, "name", _("Give the category a name."))
    _quota(locked, quota_percent, None)
    category: BudgetCategory = audited_create(
        BudgetCategory, organization=_org(edition.component), actor=acting_user,
        action=BudgetAction.CATEGORY_CREATE,
        values={"edition": edition, "name": cleaned, "quota_percent": quota_percent,
                "position": _next_position(BudgetCategory, locked)})
    return category


@transaction.atomic
def category_update(*, acting_user: User, category: BudgetCategory, name: Mapping[str, str],
                    quota_percent: int | None = None) -> BudgetCategory:
    locked = _editable(category.edition, acting_user)
    cleaned = _named(name, "name", _("Give the category a name."))
    _quota(locked, quota_percent, category)
    audited_update(category, organization=_org(category.edition.component), actor=acting_user,
                   action=BudgetAction.CATEGORY_UPDATE,
                   values={"name": cleaned, "quota_percent": quota_percent})
    return category


@transaction.atomic
def category_delete(*, acting_user: User, category: BudgetCategory) -> None:
    """Delete a category (its projects keep no category)."""
    _editable(category.edition, acting_user)
    audited_delete(category, organization=_org(category.edition.component), actor=acting_user,
                   action=BudgetAction.CATEGORY_DELETE)


@transaction.atomic
def checklist_item_create(*, acting_user: User, edition: Edition,
                          text: Mapping[str, str]) -> ChecklistItem:
    locked = _editable(edition, acting_user)
    cleaned = _named(text, "text", _("Write the point of the checklist."))
    item: ChecklistItem = audited_create(
        ChecklistItem, organization=_org(edition.component), actor=acting_user,
        action=BudgetAction.CHECKLIST_CREATE,
        values={"edition": edition, "text": cleaned,
                "position": _next_position(ChecklistItem, locked)})
    return item


@transaction.atomic
def checklist_item_update(*, acting_user: User, item: ChecklistItem,
                          text: Mapping[str, str]) -> ChecklistItem:
    _editable(item.edition, acting_user)
    cleaned = _named(text, "text", _("Write the point of the checklist."))
    audited_update(item, organization=_org(item.edition.component), actor=acting_user,
                   action=BudgetAction.CHECKLIST_UPDATE, values={"text": cleaned})
    return item


@transaction.atomic
def checklist_item_delete(*, acting_user: User, item: ChecklistItem) -> None:
    _editable(item.edition, acting_user)
    # An assessment's answers keep their points (the formal review is a legal record).
    if item.answers.exists():
        raise ValidationError(_("This point was already answered in an assessment: change its "
                                "text instead of deleting it."), code="answered")
    audited_delete(item, organization=_org(item.edition.component), actor=acting_user,
                   action=BudgetAction.CHECKLIST_DELETE)


def default_dates(now: datetime.datetime | None = None) -> dict[str, Any]:
    """Dates that keep every rule, for a new edition's form: submission for 30 days from
    tomorrow, 30 days of review, 21 days of appeals, 14 days of voting, results a week
    later."""
    start = (now or timezone.now()).replace(minute=0, second=0, microsecond=0) + \
        datetime.timedelta(days=1)
    closes = start + datetime.timedelta(days=30)
    review = timezone.localdate(closes) + datetime.timedelta(days=30)
    voting = closes + datetime.timedelta(days=30 + 22)
    voting_closes = voting + datetime.timedelta(days=14)
    return {"submission_opens_at": start, "submission_closes_at": closes,
            "review_ends_on": review, "voting_opens_at": voting,
            "voting_closes_at": voting_closes,
            "results_on": timezone.localdate(voting_closes) + datetime.timedelta(days=7)}
