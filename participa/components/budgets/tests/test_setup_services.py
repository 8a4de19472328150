"""The set-up of an edition: its services (who may, what they refuse and say), the validation
that lists what stops voting from opening (each problem), the freeze once voting opens (every
set-up service refuses) and the district pools of equal amounts (cents exact)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from participa.components.budgets.models import (
    BudgetCategory,
    ChecklistItem,
    Edition,
    Pool,
    VotingMethod,
)
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.services import setup
from participa.components.budgets.services.setup import split_evenly
from participa.components.budgets.tests.conftest import dates, make_edition, make_pool, move_to
from participa.components.budgets.validation import edition_validate
from participa.core.models import AuditEntry, JournalEntry, Scope, User
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db

POOL: dict[str, Any] = {"name": {"en": "City"}, "amount": Decimal("100000"),
                        "min_project_cost": Decimal("1000"),
                        "max_project_cost": Decimal("50000"), "method": VotingMethod.APPROVAL,
                        "max_projects": 3, "rule": "greedy"}


def codes(edition: Edition, **kwargs: Any) -> list[str]:
    return [problem.code for problem in edition_validate(edition, **kwargs)]


# --- the edition ---------------------------------------------------------------------------


def test_it_creates_the_edition_with_an_audit_entry_and_a_journal_line(component: Component,
                                                                        manager: User):
    edition = setup.edition_create(acting_user=manager, component=component,
                                   data={**dates(), "tie_breaking": ["votes", "seed:7"]})
    assert component.budget_edition == edition
    assert AuditEntry.objects.filter(action="budget_edition.create",
                                     object_id=str(edition.pk)).count() == 1
    line = JournalEntry.objects.get(action="budget_edition_announced")
    assert line.params["starts_at"] == edition.submission_opens_at.isoformat()


def test_it_refuses_a_resident_setting_up_the_edition(component: Component, resident: User):
    with pytest.raises(ValidationError, match="Only those who run the space"):
        setup.edition_create(acting_user=resident, component=component, data=dates())


def test_it_refuses_dates_out_of_order_next_to_each_date(component: Component, manager: User):
    values = dates()
    values["submission_closes_at"] = values["submission_opens_at"]
    values["voting_closes_at"] = values["voting_opens_at"]
    with pytest.raises(ValidationError) as refused:
        setup.edition_create(acting_user=manager, component=component, data=values)
    assert refused.value.message_dict == {
        "submission_closes_at": ["Submission must close after it opens."],
        "voting_closes_at": ["Voting must close after it opens."]}


def test_it_refuses_an_unknown_tie_break_step(component: Component, manager: User):
    with pytest.raises(ValidationError) as refused:
        setup.edition_create(acting_user=manager, component=component,
                             data={**dates(), "tie_breaking": ["votes", "luck"]})
    assert refused.value.message_dict["tie_breaking"] == [
        "The tie-break order has an unknown step: use votes, cost, -cost, id or seed: "
        "followed by a number."]


def test_the_database_refuses_dates_out_of_order(component: Component):
    values = dates()
    values["review_ends_on"] = values["voting_opens_at"].date()
    with pytest.raises(IntegrityError), transaction.atomic():
        Edition.objects.create(component=component, **values)


def test_the_database_refuses_no_day_to_appeal(component: Component):
    with pytest.raises(IntegrityError), transaction.atomic():
        Edition.objects.create(component=component, appeal_days=0, **dates())


# --- pools ---------------------------------------------------------------------------------


def test_it_adds_a_pool_whose_maximum_cost_defaults_to_its_amount(edition: Edition,
                                                                  manager: User):
    pool = setup.pool_create(acting_user=manager, edition=edition,
                             data={**POOL, "max_project_cost": None})
    assert pool.max_project_cost == Decimal("100000")
    assert AuditEntry.objects.filter(action="budget_pool.create").count() == 1


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"amount": Decimal("0")}, "amount", "Give the pool an amount above zero."),
    ({"min_project_cost": Decimal("60000")}, "min_project_cost",
     "The minimum cost of a project is above its maximum cost."),
    ({"max_project_cost": Decimal("150000")}, "max_project_cost",
     "The maximum cost of a project cannot be above the pool's amount."),
    ({"max_projects": None}, "max_projects", "Say how many projects a voter may choose."),
    ({"method": VotingMethod.CUMULATIVE}, "points_total",
     "Say how many points a voter distributes."),
    ({"rule": "greedy-threshold"}, "threshold",
     "Give the minimum number of votes a project must get to be funded."),
    ({"rule": "lottery"}, "rule", "Choose a counting rule the counting engine knows."),
])
def test_it_refuses_a_pool_with_a_clear_message(edition: Edition, manager: User,
                                                 change: dict[str, Any], field: str,
                                                 message: str):
    with pytest.raises(ValidationError) as refused:
        setup.pool_create(acting_user=manager, edition=edition, data={**POOL, **change})
    assert refused.value.message_dict[field] == [message]
    assert not Pool.objects.exists()


def test_it_refuses_a_second_pool_for_one_district(edition: Edition, manager: User,
                                                  scope: Scope):
    setup.pool_create(acting_user=manager, edition=edition, data={**POOL, "scope": scope})
    with pytest.raises(ValidationError) as refused:
        setup.pool_create(acting_user=manager, edition=edition, data={**POOL, "scope": scope})
    assert refused.value.message_dict["scope"] == ["This district already has a pool."]


@pytest.mark.parametrize("values", [
    {"amount": Decimal("0")},
    {"max_project_cost": Decimal("2000000")},
    {"min_project_cost": Decimal("300000")},
    {"method": VotingMethod.APPROVAL, "max_projects": None},
    {"method": VotingMethod.CUMULATIVE, "points_total": None},
    {"method": VotingMethod.CUMULATIVE, "points_total": 5, "max_points_per_project": 6},
    {"rule": "lottery"},
    {"rule": "greedy-threshold", "threshold": None},
])
def test_the_database_refuses_a_pool_breaking_its_rules(edition: Edition,
                                                        values: dict[str, Any]):
    with pytest.raises(IntegrityError), transaction.atomic():
        Pool.objects.bulk_create([Pool(edition=edition, name={"en": "X"},
                                       **{"amount": Decimal("1000000"),
                                          "min_project_cost": Decimal("0"),
                                          "max_project_cost": Decimal("200000"),
                                          "max_projects": 3, **values})])


def test_the_database_refuses_two_pools_for_one_district(edition: Edition, scope: Scope):
    make_pool(edition, scope=scope)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_pool(edition, name="Again", scope=scope)


def test_it_refuses_to_delete_a_pool_with_projects(edition: Edition, manager: User,
                                                   project: Any):
    with pytest.raises(ValidationError, match="Projects are filed under this pool"):
        setup.pool_delete(acting_user=manager, pool=project.pool)


# --- district pools of equal amounts -------------------------------------------------------


@pytest.mark.parametrize(("total", "parts", "expected"), [
    ("100.00", 3, ["33.34", "33.33", "33.33"]),
    ("1000000.00", 7, ["142857.15", "142857.15", "142857.14", "142857.14", "142857.14",
                       "142857.14", "142857.14"]),
    ("0.05", 5, ["0.01"] * 5),
    ("10.07", 4, ["2.52", "2.52", "2.52", "2.51"]),
])
def test_it_splits_a_total_evenly_to_the_cent(total: str, parts: int, expected: list[str]):
    amounts = split_evenly(Decimal(total), parts)
    assert [str(amount) for amount in amounts] == expected
    assert sum(amounts) == Decimal(total)


def test_it_creates_one_pool_per_district_adding_up_to_the_total(edition: Edition,
                                                                 manager: User, org: Any):
    city = Scope.objects.create(organization=org, code="tm", name={"en": "Timișoara"})
    zones = [Scope.objects.create(organization=org, code=f"z{n}", name={"en": f"Zone {n}"},
                                  parent=city) for n in range(1, 4)]
    pools = setup.pools_create_per_district(
        acting_user=manager, edition=edition, total=Decimal("1000000.00"), scopes=zones,
        data={"method": VotingMethod.APPROVAL, "max_projects": 2, "rule": "greedy",
              "min_project_cost": Decimal("100"), "max_project_cost": Decimal("500000")})
    assert [(pool.name, str(pool.amount), str(pool.max_project_cost)) for pool in pools] == [
        ({"en": "Zone 1"}, "333333.34", "333333.34"),
        ({"en": "Zone 2"}, "333333.33", "333333.33"),
        ({"en": "Zone 3"}, "333333.33", "333333.33")]
    assert sum(pool.amount for pool in Pool.objects.filter(edition=edition)) == Decimal(
        "1000000.00")
    line = JournalEntry.objects.get(action="budget_pools_set")
    assert line.params["count"] == 3


def test_it_refuses_district_pools_of_a_total_in_fractions_of_a_cent(edition: Edition,
                                                                    manager: User,
                                                                    scope: Scope):
    with pytest.raises(ValidationError) as refused:
        setup.pools_create_per_district(acting_user=manager, edition=edition,
                                        total=Decimal("100.005"), scopes=[scope],
                                        data={"max_projects": 1})
    assert refused.value.message_dict["total"] == ["Give the total amount in whole cents."]


# --- categories and checklist --------------------------------------------------------------


def test_it_refuses_category_quotas_above_100_percent(edition: Edition, manager: User):
    setup.category_create(acting_user=manager, edition=edition, name={"en": "Parks"},
                          quota_percent=60)
    with pytest.raises(ValidationError) as refused:
        setup.category_create(acting_user=manager, edition=edition, name={"en": "Streets"},
                              quota_percent=50)
    assert refused.value.message_dict["quota_percent"] == [
        "The categories' shares would add up to 110%: at most 100% in all."]


def test_the_database_refuses_a_quota_above_100(edition: Edition):
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetCategory.objects.create(edition=edition, name={"en": "X"}, quota_percent=101)


# --- validation: each problem ---------------------------------------------------------------


@pytest.fixture
def ready(edition: Edition, pool: Pool, categories: list[BudgetCategory],
          checklist: list[ChecklistItem]) -> Edition:
    return edition


def test_a_complete_set_up_has_no_problem(ready: Edition):
    assert edition_validate(ready) == []


def test_it_says_when_there_is_no_pool(edition: Edition, checklist: list[ChecklistItem]):
    assert codes(edition) == ["no_pools"]


def test_it_says_when_the_checklist_is_empty(edition: Edition, pool: Pool):
    assert codes(edition) == ["no_checklist"]


@pytest.mark.parametrize(("values", "code"), [
    ({"amount": Decimal("0")}, "pool_amount"),
    ({"max_project_cost": Decimal("2000000")}, "pool_max_cost"),
    ({"min_project_cost": Decimal("300000")}, "pool_min_cost"),
    ({"method": VotingMethod.APPROVAL, "max_projects": None}, "pool_max_projects"),
    ({"method": VotingMethod.RANKED, "max_projects": None}, "pool_max_projects"),
    ({"method": VotingMethod.CUMULATIVE, "points_total": None}, "pool_points"),
    ({"method": VotingMethod.CUMULATIVE, "points_total": 5, "max_points_per_project": 6},
     "pool_points_per_project"),
    ({"method": "lottery"}, "pool_method"),
    ({"rule": "lottery"}, "pool_rule"),
    ({"rule": "greedy-threshold", "threshold": None}, "pool_threshold"),
])
def test_it_says_what_is_wrong_with_a_pool(ready: Edition, values: dict[str, Any],
                                           code: str):
    pool = Pool(edition=ready, name={"en": "Wrong"},
                **{"amount": Decimal("1000000"), "min_project_cost": Decimal("0"),
                   "max_project_cost": Decimal("200000"), "method": VotingMethod.APPROVAL,
                   "max_projects": 3, "rule": "greedy", **values})
    assert codes(ready, pools=[pool]) == [code]
    assert "“Wrong”" in edition_validate(ready, pools=[pool])[0].message


def test_it_says_when_category_quotas_add_up_above_100(ready: Edition):
    quotas = [BudgetCategory(edition=ready, name={"en": "A"}, quota_percent=70),
              BudgetCategory(edition=ready, name={"en": "B"}, quota_percent=40)]
    problems = edition_validate(ready, categories=quotas)
    assert [(problem.code, problem.message) for problem in problems] == [
        ("quotas", "The categories' shares of the money add up to 110%: at most 100% in all.")]


@pytest.mark.parametrize("order", [["votes", "luck"], ["seed:"], ["votes,cost"], "votes"])
def test_it_says_when_the_tie_break_order_is_invalid(ready: Edition, order: Any):
    ready.tie_breaking = order
    assert codes(ready) == ["tie_breaking"]


def test_it_accepts_every_tie_break_step_the_engine_knows(ready: Edition):
    ready.tie_breaking = ["votes", "cost", "-cost", "id", "seed:2026"]
    assert codes(ready) == []


def test_it_says_when_a_verification_method_is_unknown(ready: Edition):
    ready.verification_methods = ["email_code", "horoscope"]
    assert codes(ready) == ["verification"]


def test_it_says_when_the_appeals_do_not_fit_before_voting(ready: Edition):
    ready.appeal_days, ready.appeal_decision_days = 20, 20
    assert codes(ready) == ["dates_appeals"]


@pytest.mark.parametrize(("change", "code"), [
    ({"submission_closes_at": -10}, "dates_submission"),
    ({"review_ends_on": -40}, "dates_review"),
    ({"voting_closes_at": 80}, "dates_voting_order"),
    ({"results_on": 50}, "dates_results"),
])
def test_it_says_when_dates_are_out_of_order(ready: Edition, change: dict[str, int],
                                             code: str):
    import datetime

    for name, days in change.items():
        value = getattr(ready, name)
        if isinstance(value, datetime.datetime):
            setattr(ready, name, timezone.now() + datetime.timedelta(days=days))
        else:
            setattr(ready, name, timezone.localdate() + datetime.timedelta(days=days))
    assert code in codes(ready)


def test_it_says_when_voting_opens_before_the_review_ends(ready: Edition):
    ready.review_ends_on = timezone.localdate(ready.voting_opens_at)
    assert codes(ready) == ["dates_voting"]


# --- frozen once voting opens ---------------------------------------------------------------

FROZEN = ("Voting opened on {date}: the rules, pools, categories and checklist of this "
          "edition are frozen and can no longer change.")


@pytest.fixture
def frozen(ready: Edition) -> Edition:
    return move_to(ready, EditionPhase.VOTING)


def _frozen_message(edition: Edition) -> str:
    from django.utils import formats

    return FROZEN.format(date=formats.date_format(timezone.localtime(edition.voting_opens_at),
                                                  "DATETIME_FORMAT"))


SET_UP_CALLS = {
    "edition_update": lambda user, e: setup.edition_update(acting_user=user, edition=e,
                                                           data={"appeal_days": 8}),
    "edition_update_age_band": lambda user, e: setup.edition_update(
        acting_user=user, edition=e, data={"publish_age_band": True}),
    "pool_create": lambda user, e: setup.pool_create(acting_user=user, edition=e,
                                                     data=dict(POOL)),
    "pool_update": lambda user, e: setup.pool_update(acting_user=user,
                                                     pool=e.pools.first(),
                                                     data={"amount": Decimal("5")}),
    "pool_delete": lambda user, e: setup.pool_delete(acting_user=user, pool=e.pools.first()),
    "pools_create_per_district": lambda user, e: setup.pools_create_per_district(
        acting_user=user, edition=e, total=Decimal("100"),
        scopes=list(Scope.objects.filter(parent__isnull=False)), data={"max_projects": 1}),
    "category_create": lambda user, e: setup.category_create(acting_user=user, edition=e,
                                                             name={"en": "New"}),
    "category_update": lambda user, e: setup.category_update(
        acting_user=user, category=e.categories.first(), name={"en": "Renamed"}),
    "category_delete": lambda user, e: setup.category_delete(
        acting_user=user, category=e.categories.first()),
    "checklist_item_create": lambda user, e: setup.checklist_item_create(
        acting_user=user, edition=e, text={"en": "New"}),
    "checklist_item_update": lambda user, e: setup.checklist_item_update(
        acting_user=user, item=e.checklist.first(), text={"en": "Changed"}),
    "checklist_item_delete": lambda user, e: setup.checklist_item_delete(
        acting_user=user, item=e.checklist.first()),
}


@pytest.mark.parametrize("call", sorted(SET_UP_CALLS))
def test_every_set_up_service_refuses_once_voting_has_opened(frozen: Edition, manager: User,
                                                             scope: Scope, call: str):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        SET_UP_CALLS[call](manager, frozen)
    assert refused.value.messages == [_frozen_message(frozen)]
    assert refused.value.code == "frozen"
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("call", sorted(SET_UP_CALLS))
def test_every_set_up_service_refuses_once_frozen_at_is_set(ready: Edition, manager: User,
                                                            scope: Scope, call: str):
    Edition.objects.filter(pk=ready.pk).update(frozen_at=timezone.now())
    ready.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        SET_UP_CALLS[call](manager, ready)
    assert refused.value.code == "frozen"


def test_the_set_up_still_changes_the_day_before_voting_opens(ready: Edition, manager: User):
    move_to(ready, EditionPhase.APPEALS)
    setup.edition_update(acting_user=manager, edition=ready, data={"appeal_days": 8})
    ready.refresh_from_db()
    assert ready.appeal_days == 8


def test_a_new_edition_fits_every_rule(component: Component):
    make_edition(component, **{})
    assert Edition.objects.count() == 1
