from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from participa.lib.ballots.methods import (
    BallotError,
    InvalidBallot,
    Method,
    PoolRules,
    ballot_cost,
    normalise,
    projects_in_order,
    tally,
    validate,
)

COSTS = {1: Decimal("250000.00"), 2: Decimal("120000.50"), 3: Decimal("90000"),
         4: Decimal("40000"), 5: Decimal("700000")}


def rules(method: Method, **limits) -> PoolRules:
    return PoolRules(method=method, project_costs=COSTS, amount=Decimal("500000.00"), **limits)


def codes(errors: list[BallotError]) -> list[str]:
    return [error.code for error in errors]


# -- approval ------------------------------------------------------------------------------


def test_it_accepts_an_approval_ballot_within_the_limit():
    assert validate(rules(Method.APPROVAL, max_projects=3), {1: 1, 3: 1, 5: 1}) == []


def test_it_refuses_an_approval_ballot_over_the_limit():
    errors = validate(rules(Method.APPROVAL, max_projects=3), {1: 1, 2: 1, 3: 1, 4: 1})
    assert errors == [BallotError("too_many_projects", {"count": 4, "max": 3})]


def test_it_refuses_an_approval_ballot_under_the_minimum():
    errors = validate(rules(Method.APPROVAL, max_projects=3, min_projects=2), {4: 1})
    assert errors == [BallotError("too_few_projects", {"count": 1, "min": 2})]


def test_it_refuses_an_empty_ballot():
    assert codes(validate(rules(Method.APPROVAL), {})) == ["empty_ballot"]
    assert codes(validate(rules(Method.CUMULATIVE, points_total=5), {1: 0, 2: 0})) == [
        "empty_ballot"]


def test_it_names_each_unknown_project_once_in_order():
    errors = validate(rules(Method.APPROVAL), {9: 1, 1: 1, 7: 1})
    assert errors == [BallotError("unknown_project", {"project": 7}),
                      BallotError("unknown_project", {"project": 9})]


def test_it_refuses_a_project_left_out_of_the_allowed_ones():
    pool = PoolRules(method=Method.APPROVAL, project_costs=COSTS, amount=1000,
                     allowed=frozenset({1, 2}))
    assert validate(pool, {3: 1}) == [BallotError("unknown_project", {"project": 3})]


def test_it_refuses_a_project_sent_twice_by_a_form():
    errors = validate(rules(Method.APPROVAL), [(1, 1), (2, 1), (1, 1), (1, 1)])
    assert errors == [BallotError("duplicate_project", {"project": 1})]


@pytest.mark.parametrize("value", [0, 2, True, "1", 1.0, None])
def test_it_refuses_an_approval_value_other_than_one(value):
    errors = validate(rules(Method.APPROVAL), {2: value})
    assert errors[0] == BallotError("invalid_value", {"project": 2, "value": value})


# -- knapsack ------------------------------------------------------------------------------


def test_it_accepts_a_knapsack_ballot_exactly_at_the_pool_amount():
    pool = PoolRules(method=Method.KNAPSACK, project_costs=COSTS, amount=Decimal("250000.00"))
    assert validate(pool, {1: 1}) == []


def test_it_refuses_a_knapsack_ballot_over_the_pool_amount_by_one_cent():
    pool = PoolRules(method=Method.KNAPSACK, project_costs=COSTS, amount=Decimal("370000.49"))
    errors = validate(pool, {1: 1, 2: 1})
    assert errors == [BallotError("over_budget", {"total": Decimal("370000.50"),
                                                  "amount": Decimal("370000.49")})]
    assert str(errors[0].params["total"]) == "370000.50"


def test_it_refuses_a_knapsack_ballot_with_one_project_above_the_pool():
    assert codes(validate(rules(Method.KNAPSACK), {5: 1})) == ["over_budget"]


# -- cumulative ----------------------------------------------------------------------------


def test_it_accepts_cumulative_points_within_both_limits():
    pool = rules(Method.CUMULATIVE, points_total=10, max_points_per_project=5)
    assert validate(pool, {1: 5, 2: 3, 3: 2, 4: 0}) == []


def test_it_refuses_points_over_the_total():
    pool = rules(Method.CUMULATIVE, points_total=10, max_points_per_project=5)
    errors = validate(pool, {1: 5, 2: 5, 3: 1})
    assert errors == [BallotError("points_over_total", {"total": 11, "max": 10})]


def test_it_refuses_points_over_the_per_project_cap():
    pool = rules(Method.CUMULATIVE, points_total=10, max_points_per_project=5)
    errors = validate(pool, {1: 6, 2: 1})
    assert errors == [BallotError("points_over_per_project",
                                  {"project": 1, "points": 6, "max": 5})]


@pytest.mark.parametrize("value", [-1, 1.5, "3", True])
def test_it_refuses_points_that_are_not_whole_and_positive(value):
    pool = rules(Method.CUMULATIVE, points_total=10)
    errors = validate(pool, {1: 2, 2: value})
    assert errors == [BallotError("invalid_points", {"project": 2, "value": value})]


def test_it_counts_only_projects_given_points_against_max_projects():
    pool = rules(Method.CUMULATIVE, points_total=10, max_projects=2)
    assert validate(pool, {1: 5, 2: 5, 3: 0}) == []
    assert codes(validate(pool, {1: 4, 2: 3, 3: 3})) == ["too_many_projects"]


# -- ranked --------------------------------------------------------------------------------


def test_it_accepts_ranks_one_to_k():
    assert validate(rules(Method.RANKED, max_ranks=3), {4: 1, 2: 2}) == []


def test_it_refuses_a_rank_given_twice():
    errors = validate(rules(Method.RANKED, max_ranks=3), {1: 1, 2: 2, 3: 2})
    assert errors == [BallotError("duplicate_rank", {"rank": 2, "projects": "2, 3"})]


def test_it_refuses_a_gap_in_the_ranks():
    errors = validate(rules(Method.RANKED, max_ranks=3), {1: 1, 2: 3})
    assert errors == [BallotError("ranks_not_contiguous", {"missing": 2})]


def test_it_refuses_ranks_not_starting_at_one():
    errors = validate(rules(Method.RANKED, max_ranks=3), {1: 2})
    assert errors == [BallotError("ranks_not_contiguous", {"missing": 1})]


def test_it_refuses_a_rank_beyond_the_last_one():
    errors = validate(rules(Method.RANKED, max_ranks=3), {1: 1, 2: 2, 3: 3, 4: 4})
    assert codes(errors) == ["invalid_rank", "too_many_projects"]
    assert errors[0].params == {"project": 4, "value": 4, "max": 3}


# -- rules and the stored form -------------------------------------------------------------


def test_it_refuses_rules_a_pool_cannot_vote_with():
    with pytest.raises(ValueError, match="points_total"):
        PoolRules(method=Method.CUMULATIVE, project_costs=COSTS, amount=1)
    with pytest.raises(ValueError, match="max_ranks"):
        PoolRules(method=Method.RANKED, project_costs=COSTS, amount=1)
    with pytest.raises(ValueError, match="min_projects"):
        PoolRules(method=Method.APPROVAL, project_costs=COSTS, amount=1, max_projects=2,
                  min_projects=3)
    with pytest.raises(ValueError, match="negative"):
        PoolRules(method=Method.APPROVAL, project_costs={1: -1}, amount=1)
    with pytest.raises(TypeError, match="float"):
        PoolRules(method=Method.APPROVAL, project_costs={1: 0.1}, amount=1)  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="allowed"):
        PoolRules(method=Method.APPROVAL, project_costs=COSTS, amount=1, allowed=frozenset({9}))


def test_it_keeps_money_exact():
    pool = PoolRules(method="knapsack", project_costs={"a": Decimal("0.10"),
                                                       "b": Fraction(1, 5)},
                     amount=Decimal("0.30"))
    assert pool.method is Method.KNAPSACK
    assert validate(pool, {"a": 1, "b": 1}) == []  # 0.1 + 0.2 == 0.3 exactly
    assert ballot_cost(pool, normalise(pool, {"b": 1, "a": 1})) == Fraction(3, 10)


def test_it_normalises_each_method_to_one_canonical_tuple():
    assert normalise(rules(Method.APPROVAL), {3: 1, 1: 1}) == ((1, 1), (3, 1))
    assert normalise(rules(Method.APPROVAL), [(3, 1), (1, 1)]) == ((1, 1), (3, 1))
    cumulative = rules(Method.CUMULATIVE, points_total=10)
    assert normalise(cumulative, {4: 2, 2: 0, 1: 8}) == ((1, 8), (4, 2))
    assert normalise(rules(Method.RANKED, max_ranks=3), {5: 2, 3: 1}) == ((3, 1), (5, 2))


def test_it_raises_every_error_when_normalising_a_bad_ballot():
    with pytest.raises(InvalidBallot) as caught:
        normalise(rules(Method.APPROVAL, max_projects=1), {1: 1, 9: 1})
    assert codes(caught.value.errors) == ["unknown_project", "too_many_projects"]


def test_it_lists_projects_in_the_order_of_a_pabulib_vote():
    cumulative = rules(Method.CUMULATIVE, points_total=10)
    assert projects_in_order(cumulative, normalise(cumulative, {1: 2, 2: 5, 3: 2, 4: 1})) == [
        2, 1, 3, 4]
    ranked = rules(Method.RANKED, max_ranks=3)
    assert projects_in_order(ranked, normalise(ranked, {1: 3, 2: 1, 3: 2})) == [2, 3, 1]


def test_it_tallies_votes_points_and_positions():
    approval = rules(Method.APPROVAL)
    assert tally(approval, [((1, 1), (2, 1)), ((2, 1),)]) == {1: 1, 2: 2}
    cumulative = rules(Method.CUMULATIVE, points_total=10)
    assert tally(cumulative, [((1, 7), (2, 3)), ((1, 2),)]) == {1: 9, 2: 3}
    ranked = rules(Method.RANKED, max_ranks=3)
    assert tally(ranked, [((1, 1), (2, 2), (3, 3)), ((3, 1),)]) == {1: 3, 2: 2, 3: 4}


# -- properties ----------------------------------------------------------------------------

IDS = list(range(1, 9))


@st.composite
def pools(draw) -> PoolRules:
    method = draw(st.sampled_from(list(Method)))
    costs = {pid: Decimal(draw(st.integers(0, 10_000))) / 100 for pid in IDS}
    amount = Decimal(draw(st.integers(0, 40_000))) / 100
    max_projects = draw(st.none() | st.integers(1, 8))
    min_projects = draw(st.integers(1, max_projects or 8))
    extra = {}
    if method is Method.CUMULATIVE:
        extra["points_total"] = draw(st.integers(max(1, min_projects), 20))
        extra["max_points_per_project"] = draw(st.none() | st.integers(1, 20))
    if method is Method.RANKED:
        extra["max_ranks"] = draw(st.integers(min_projects, 8))
    return PoolRules(method=method, project_costs=costs, amount=amount,
                     max_projects=max_projects, min_projects=min_projects, **extra)


values = st.integers(-2, 12) | st.sampled_from([True, 1.0, "1", None])
ballots = st.dictionaries(st.integers(0, 10), values, max_size=10)


def satisfies_every_limit(pool: PoolRules, ballot: dict) -> bool:
    chosen = {pid: value for pid, value in ballot.items() if value != 0}
    if not chosen or not set(ballot) <= set(IDS):
        return False
    if any(type(value) is not int for value in ballot.values()):
        return False
    if not pool.min_projects <= len(chosen) <= len(IDS):
        return False
    if pool.method in (Method.APPROVAL, Method.KNAPSACK):
        if set(ballot.values()) != {1}:
            return False
        if pool.max_projects is not None and len(chosen) > pool.max_projects:
            return False
        if pool.method is Method.KNAPSACK:
            total = sum(Fraction(pool.project_costs[pid]) for pid in chosen)
            return total <= Fraction(pool.amount)
        return True
    if pool.method is Method.CUMULATIVE:
        cap = pool.max_points_per_project
        return (all(value >= 0 for value in ballot.values())
                and sum(ballot.values()) <= pool.points_total
                and (cap is None or max(ballot.values()) <= cap)
                and (pool.max_projects is None or len(chosen) <= pool.max_projects))
    ranks = sorted(ballot.values())
    assert pool.max_ranks is not None
    return (ranks == list(range(1, len(ranks) + 1))
            and len(ranks) <= min(pool.max_ranks, pool.max_projects or len(IDS)))


@settings(max_examples=400, deadline=None)
@given(pools(), ballots)
def test_it_accepts_exactly_the_ballots_within_every_limit(pool, ballot):
    accepted = validate(pool, ballot) == []
    assert accepted == satisfies_every_limit(pool, ballot)
    if accepted:
        assert sorted(normalise(pool, ballot)) == sorted(
            (pid, value) for pid, value in ballot.items() if value != 0)


@settings(max_examples=200, deadline=None)
@given(pools(), st.data())
def test_it_refuses_random_ballots_over_the_limit(pool, data):
    if pool.method is Method.CUMULATIVE:
        over = data.draw(st.integers(pool.points_total + 1, pool.points_total + 30))
        parts = data.draw(st.lists(st.sampled_from(IDS), min_size=1, max_size=8, unique=True))
        ballot = {pid: 0 for pid in parts}
        for k in range(over):
            ballot[parts[k % len(parts)]] += 1
        assert "points_over_total" in codes(validate(pool, ballot))
    elif pool.method is Method.RANKED:
        count = data.draw(st.integers(pool.max_ranks + 1, 9))
        ballot = {pid: rank for rank, pid in enumerate(range(1, count + 1), start=1)}
        assert "too_many_projects" in codes(validate(pool, ballot))
    elif pool.method is Method.KNAPSACK:
        parts = data.draw(st.lists(st.sampled_from(IDS), min_size=1, unique=True))
        total = sum(Fraction(pool.project_costs[pid]) for pid in parts)
        assume(total > Fraction(pool.amount))
        assert "over_budget" in codes(validate(pool, dict.fromkeys(parts, 1)))
    else:
        assume(pool.max_projects is not None and pool.max_projects < 8)
        assert pool.max_projects is not None
        count = data.draw(st.integers(pool.max_projects + 1, 8))
        ballot = dict.fromkeys(IDS[:count], 1)
        assert codes(validate(pool, ballot)) == ["too_many_projects"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(IDS), min_size=1, unique=True),
       st.lists(st.integers(0, 10_000_000), min_size=8, max_size=8))
def test_it_accepts_a_knapsack_ballot_at_the_amount_and_refuses_it_one_cent_lower(parts, cents):
    costs = {pid: Decimal(c) / 100 for pid, c in zip(IDS, cents, strict=True)}
    total = sum((costs[pid] for pid in parts), Decimal(0))
    at = PoolRules(method=Method.KNAPSACK, project_costs=costs, amount=total)
    assert validate(at, dict.fromkeys(parts, 1)) == []
    assume(total > 0)
    below = PoolRules(method=Method.KNAPSACK, project_costs=costs,
                      amount=total - Decimal("0.01"))
    assert validate(below, dict.fromkeys(parts, 1)) == [BallotError(
        "over_budget", {"total": total, "amount": total - Decimal("0.01")})]


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 20), st.integers(1, 20), st.sampled_from(IDS))
def test_it_accepts_points_up_to_the_cap_and_refuses_one_more(cap, total, pid):
    pool = PoolRules(method=Method.CUMULATIVE, project_costs=dict.fromkeys(IDS, 1), amount=1,
                     points_total=total, max_points_per_project=cap)
    most = min(cap, total)
    assert validate(pool, {pid: most}) == []
    over = validate(pool, {pid: most + 1})
    expected = []
    if most + 1 > cap:
        expected.append(BallotError("points_over_per_project",
                                    {"project": pid, "points": most + 1, "max": cap}))
    if most + 1 > total:
        expected.append(BallotError("points_over_total", {"total": most + 1, "max": total}))
    assert over == expected
