from __future__ import annotations

import hashlib
import random
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from participa.lib.ballots.methods import Method, PoolRules, normalise
from participa.lib.ballots.pabulib_export import (
    ExportBallot,
    age_band,
    build_election,
    export,
    with_selected,
)
from participa.lib.pb import count, read, read_string
from participa.lib.pb.pabulib import same_election
from participa.lib.pb.tests import oracle

COSTS = {1: Decimal("120000.00"), 2: Decimal("80000.50"), 3: Decimal("45000"),
         4: Decimal("200000"), 5: Decimal("30000"), 6: Decimal("99999.99"),
         7: Decimal("150000"), 8: Decimal("60000"), 9: Decimal("10000"), 10: Decimal("75000")}
NAMES = {pid: f"Proiect {pid}: Parc „Zielony”; etap {pid}" for pid in COSTS}
AMOUNT = Decimal("400000.00")
META: dict[str, Any] = {
    "description": "Bugetare participativă 2026, Timișoara", "country": "Romania",
    "unit": "Timișoara", "instance": "2026", "date_begin": "01.09.2026",
    "date_end": "30.09.2026", "language": "ro", "currency": "RON"}


def pool(method: Method, **limits) -> PoolRules:
    return PoolRules(method=method, project_costs=COSTS, amount=AMOUNT, **limits)


def random_ballots(rules: PoolRules, n: int, seed: int) -> list[ExportBallot]:
    """Valid ballots with a popularity skew, so that the rules have something to decide."""
    rng = random.Random(seed)
    ids = sorted(COSTS)
    weights = [len(ids) - k for k in range(len(ids))]
    out: list[ExportBallot] = []
    while len(out) < n:
        size = rng.randint(rules.min_projects, rules.max_length)
        chosen: list[int] = []
        while len(chosen) < size:
            pid = rng.choices(ids, weights)[0]
            if pid not in chosen:
                chosen.append(pid)
        if rules.method is Method.CUMULATIVE:
            assert rules.points_total is not None
            ballot = {pid: 1 for pid in chosen}
            for _ in range(rng.randint(0, rules.points_total - size)):
                pid = rng.choice(chosen)
                if ballot[pid] < (rules.max_points_per_project or rules.points_total):
                    ballot[pid] += 1
        elif rules.method is Method.RANKED:
            ballot = {pid: rank for rank, pid in enumerate(chosen, start=1)}
        else:
            ballot = dict.fromkeys(chosen, 1)
        if rules.method is Method.KNAPSACK and sum(COSTS[pid] for pid in ballot) > AMOUNT:
            continue
        out.append(ExportBallot(normalise(rules, ballot), age=rng.randint(16, 90)))
    return out


def naive_greedy(rules: PoolRules, ballots: list[ExportBallot]) -> set[str]:
    """Greedy counted straight from the ballots: votes, points, or 3-2-1 positional points;
    ties by project id as text; skip what does not fit."""
    score: Counter[object] = Counter()
    for ballot in ballots:
        for pid, value in ballot.choices:
            if rules.method is Method.RANKED:
                score[pid] += rules.max_length + 1 - value
            elif rules.method is Method.CUMULATIVE:
                score[pid] += value
            else:
                score[pid] += 1
    left = Fraction(AMOUNT)
    chosen = set()
    for pid in sorted(COSTS, key=lambda pid: (-score[pid], str(pid))):
        if Fraction(COSTS[pid]) <= left:
            chosen.add(str(pid))
            left -= Fraction(COSTS[pid])
    return chosen


def published(rules: PoolRules, ballots: list[ExportBallot], rule: str = "greedy", **options):
    election = build_election(rules=rules, projects=NAMES, ballots=ballots, rule=rule,
                              seed="edition-7", **{**META, **options})
    return export(election)


POOLS = [
    pytest.param(pool(Method.APPROVAL, max_projects=4), id="approval"),
    pytest.param(pool(Method.KNAPSACK), id="knapsack"),
    pytest.param(pool(Method.CUMULATIVE, points_total=10, max_points_per_project=4),
                 id="cumulative"),
    pytest.param(pool(Method.RANKED, max_ranks=3), id="ranked"),
]


@pytest.mark.parametrize("rules", POOLS)
def test_it_writes_a_file_whose_recount_gives_the_winners_of_the_ballots(rules):
    ballots = random_ballots(rules, 400, seed=5)
    out = published(rules, ballots)
    back = read_string(out.text).election  # strict: the Pabulib checks pass
    winners = naive_greedy(rules, ballots)
    assert count(back, "greedy").selected_set == winners
    assert 0 < len(winners) < len(COSTS)
    for rule in ("equalshares", "equalshares/add1"):
        assert count(back, rule).selected == count(out.election, rule).selected


@pytest.mark.parametrize("rules", POOLS)
def test_it_reads_back_as_the_same_election(rules):
    out = published(rules, random_ballots(rules, 50, seed=2))
    back = read_string(out.text).election
    assert same_election(back, out.election)
    assert back.sha256 == out.sha256


def test_it_writes_the_meta_pabulib_requires():
    rules = pool(Method.CUMULATIVE, points_total=10, max_points_per_project=4, max_projects=5)
    out = published(rules, random_ballots(rules, 30, seed=1))
    meta = read_string(out.text).election.meta
    assert meta == {
        **META,
        "num_projects": "10",
        "num_votes": "30",
        "budget": "400000",
        "vote_type": "cumulative",
        "rule": "greedy",
        "min_length": "1",
        "max_length": "5",
        "max_sum_points": "10",
        "max_points": "4",
    }
    assert out.text.startswith("META\nkey;value\ndescription;Bugetare participativă 2026")


def test_it_writes_the_vote_type_and_limits_of_each_method():
    def meta(rules, **options):
        ballots = random_ballots(rules, 5, seed=3)
        return read_string(published(rules, ballots, **options).text).election.meta

    approval = meta(pool(Method.APPROVAL, max_projects=4, min_projects=2))
    assert (approval["vote_type"], approval["min_length"], approval["max_length"]) == (
        "approval", "2", "4")
    assert "max_sum_cost" not in approval
    knapsack = meta(pool(Method.KNAPSACK))
    assert (knapsack["vote_type"], knapsack["max_sum_cost"], knapsack["max_length"]) == (
        "approval", "400000", "10")
    ranked = meta(pool(Method.RANKED, max_ranks=3))
    assert (ranked["vote_type"], ranked["max_length"]) == ("ordinal", "3")
    threshold = meta(pool(Method.APPROVAL), rule="greedy-threshold",
                     min_project_score_threshold=3)
    assert threshold["min_project_score_threshold"] == "3"


def test_it_writes_projects_with_cost_votes_score_name_and_selected():
    rules = pool(Method.RANKED, max_ranks=3)
    ballots = [ExportBallot(normalise(rules, {2: 1, 1: 2})),
               ExportBallot(normalise(rules, {2: 1}))]
    out = published(rules, ballots, selected=[2])
    lines = out.text.splitlines()
    start = lines.index("PROJECTS")
    assert lines[start + 1] == "project_id;cost;votes;score;name;selected"
    assert lines[start + 2] == '1;120000;1;2;"Proiect 1: Parc „Zielony”; etap 1";0'
    assert lines[start + 3] == '2;80000.5;2;6;"Proiect 2: Parc „Zielony”; etap 2";1'
    assert lines[start + 4] == '3;45000;0;0;"Proiect 3: Parc „Zielony”; etap 3";0'
    # most preferred first; the order of the rows comes from the seed (see below)
    assert lines[lines.index("VOTES") + 1:] == ["voter_id;vote", "1;2", "2;2,1"]


@pytest.mark.parametrize("rules", POOLS)
def test_it_fills_the_selected_column_of_a_built_election_as_building_it_does(rules):
    ballots = random_ballots(rules, 60, seed=4)
    counted = build_election(rules=rules, projects=NAMES, ballots=ballots, rule="greedy",
                             seed="edition-7", **META)
    winners = count(counted, "greedy").selected

    filled = export(with_selected(counted, winners))

    assert filled.text == published(rules, ballots, selected=winners).text
    assert "selected" not in counted.project_columns  # the counted election is unchanged
    assert [project.selected for project in counted.projects] == [None] * len(COSTS)


def test_it_writes_cumulative_votes_with_most_points_first():
    rules = pool(Method.CUMULATIVE, points_total=10)
    out = published(rules, [ExportBallot(normalise(rules, {1: 2, 3: 5, 2: 2}))])
    assert out.text.splitlines()[-2:] == ["voter_id;vote;points", "1;3,1,2;5,2,2"]


def test_it_numbers_voters_in_an_order_that_ignores_the_casting_order():
    rules = pool(Method.APPROVAL, max_projects=4)
    ballots = random_ballots(rules, 200, seed=9)
    first = published(rules, ballots)
    shuffled = list(ballots)
    random.Random(4).shuffle(shuffled)
    again = published(rules, shuffled)
    assert again.text == first.text
    assert again.sha256 == first.sha256
    assert first.election.voter_ids == [str(k) for k in range(1, 201)]
    reversed_out = published(rules, ballots[::-1])
    assert reversed_out.text == first.text
    # the order is neither the casting order nor sorted by content
    written = [read_string(first.text).election.ballots.ballot(v) for v in range(200)]
    assert written != sorted(written)
    cast = [[int(pid) - 1 for pid, _ in b.choices] for b in ballots]
    assert written != cast
    assert sorted(written) == sorted(cast)


def test_it_shuffles_differently_with_another_seed():
    rules = pool(Method.APPROVAL, max_projects=4)
    ballots = random_ballots(rules, 100, seed=9)
    one = export(build_election(rules=rules, projects=NAMES, ballots=ballots, rule="greedy",
                                seed="a", **META))
    two = export(build_election(rules=rules, projects=NAMES, ballots=ballots, rule="greedy",
                                seed="b", **META))
    assert one.text != two.text
    assert count(one.election, "greedy").selected == count(two.election, "greedy").selected


def test_it_writes_age_bands_only_when_allowed_and_blanks_small_bands():
    rules = pool(Method.APPROVAL, max_projects=4)
    ballots = [ExportBallot(((1, 1),), age=20 + k % 3) for k in range(12)]  # band 18-24
    ballots += [ExportBallot(((2, 1),), age=81) for _ in range(3)]  # band 75+, too small
    ballots += [ExportBallot(((3, 1),), age=None)]
    plain = published(rules, ballots)
    assert plain.text.splitlines()[-17] == "voter_id;vote"
    banded = published(rules, ballots, with_age_band=True)
    assert banded.text.splitlines()[-17] == "voter_id;vote;age"
    back = read_string(banded.text).election
    assert Counter(back.voter_extra["age"]) == {"18-24": 12, "": 4}
    assert set(back.voter_extra) == {"age"}
    small = published(rules, ballots, with_age_band=True, min_band_size=3)
    assert Counter(read_string(small.text).election.voter_extra["age"]) == {
        "18-24": 12, "75+": 3, "": 1}


def test_it_names_age_bands():
    assert [age_band(a) for a in (None, 16, 17, 18, 24, 25, 59, 60, 74, 75, 103)] == [
        "", "0-17", "0-17", "18-24", "18-24", "25-34", "45-59", "60-74", "60-74", "75+", "75+"]


def test_it_gives_the_sha256_of_the_written_file(tmp_path):
    rules = pool(Method.APPROVAL, max_projects=4)
    out = published(rules, random_ballots(rules, 20, seed=1))
    path = tmp_path / "budget-2026.pb"
    out.write_to(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == out.sha256
    assert read(path).election.sha256 == out.sha256
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")  # no BOM
    assert b"\r\n" not in path.read_bytes()


def test_it_refuses_what_a_pabulib_file_cannot_hold():
    rules = pool(Method.APPROVAL)
    with pytest.raises(ValueError, match="exactly the pool's projects"):
        build_election(rules=rules, projects={1: "A"}, ballots=[], rule="greedy", seed="s",
                       **META)
    with pytest.raises(ValueError, match="min_project_score_threshold"):
        build_election(rules=rules, projects=NAMES, ballots=[], rule="greedy-threshold",
                       seed="s", **META)
    with pytest.raises(ValueError, match="not on the pool's ballot"):
        build_election(rules=rules, projects=NAMES, ballots=[ExportBallot(((11, 1),))],
                       rule="greedy", seed="s", **META)
    comma = PoolRules(method=Method.APPROVAL, project_costs={"a,b": 1}, amount=1)
    with pytest.raises(ValueError, match="cannot be written"):
        build_election(rules=comma, projects={"a,b": "A"}, ballots=[], rule="greedy", seed="s",
                       **META)


def test_it_writes_a_pool_nobody_voted_in():
    rules = pool(Method.CUMULATIVE, points_total=10)
    back = read_string(published(rules, []).text).election
    assert back.num_voters == 0
    assert back.meta["num_votes"] == "0"
    assert [p.votes for p in back.projects] == [0] * 10


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([p.values[0] for p in POOLS]), st.integers(1, 60), st.integers(0, 10**6))
def test_it_recounts_any_published_pool_to_the_winners_of_its_ballots(rules, n, seed):
    ballots = random_ballots(rules, n, seed)
    back = read_string(published(rules, ballots).text).election
    assert count(back, "greedy").selected_set == naive_greedy(rules, ballots)


@pytest.mark.oracle
@pytest.mark.slow
@pytest.mark.parametrize("rules", POOLS)
def test_pabutools_reads_the_published_file_to_the_same_winners(rules, tmp_path):
    ballots = random_ballots(rules, 300, seed=8)
    out = published(rules, ballots)
    path = tmp_path / "pool.pb"
    out.write_to(path)
    instance, profile = oracle.load(str(path))
    assert len(profile) == 300
    back = read(path).election
    sat = oracle.sat_profile(instance, profile)
    assert oracle.greedy(instance, profile, sat) == naive_greedy(rules, ballots)
    assert oracle.mes(instance, profile, sat) == count(back, "equalshares").selected_set


def test_it_writes_the_labels_given_for_the_projects_in_their_order():
    rules = pool(Method.APPROVAL, max_projects=2)
    labels = {pid: f"{pid:02d}" for pid in COSTS}
    election = build_election(rules=rules, projects=NAMES, labels=labels, rule="greedy",
                              seed="s", ballots=[ExportBallot(((9, 1), (10, 1)))], **META)
    text = export(election).text
    assert [p.id for p in election.projects] == [f"{pid:02d}" for pid in range(1, 11)]
    assert text.rstrip("\n").splitlines()[-1] == "1;09,10"
    with pytest.raises(ValueError, match="same label"):
        build_election(rules=rules, projects=NAMES, labels={**labels, 10: "09"},
                       rule="greedy", seed="s", ballots=[], **META)
