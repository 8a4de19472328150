"""The draw algorithm ``sha256-rank-v1`` (participa/lib/lottery.py), on its own."""

from __future__ import annotations

import hashlib
import random

import pytest

from participa.lib import lottery

CODES = ["K7M2QX", "3HRT9W", "PZ4N8C", "A2B3C4", "WX7Y9Z", "M3N4P5"]


def test_it_computes_the_seed_as_the_documented_sha256():
    expected = hashlib.sha256(b"48213|17").hexdigest()

    assert lottery.seed("48213", "17") == expected


def test_it_ranks_codes_by_the_hash_of_seed_and_code():
    seed = lottery.seed("48213", "17")
    expected = sorted(CODES, key=lambda code: hashlib.sha256(
        f"{seed}|{code}".encode()).hexdigest())

    result = lottery.draw("48213", "17", CODES, seats=2)

    assert result.algorithm == "sha256-rank-v1"
    assert result.seed == seed
    assert result.ranking == expected
    assert result.drawn == expected[:2]


def test_the_ranking_does_not_depend_on_the_order_of_the_applications():
    shuffled = list(CODES)
    random.Random(5).shuffle(shuffled)

    assert lottery.ranking("48213", "17", shuffled) == lottery.ranking("48213", "17", CODES)


def test_different_public_values_give_different_rankings():
    rankings = {tuple(lottery.ranking("48213", str(value), CODES)) for value in range(1, 11)}

    assert len(rankings) > 1


def test_it_draws_everyone_when_fewer_applied_than_seats():
    assert sorted(lottery.draw("1", "2", ["AAAAAA", "BBBBBB"], seats=3).drawn) == [
        "AAAAAA", "BBBBBB"]


def test_it_refuses_a_draw_without_seats():
    with pytest.raises(ValueError):
        lottery.draw("1", "2", CODES, seats=0)


def test_the_published_snippet_draws_the_same_seats(capsys):
    program = lottery.snippet('48"213', "17", CODES, seats=3)

    exec(compile(program, "<snippet>", "exec"), {})

    printed = capsys.readouterr().out
    result = lottery.draw('48"213', "17", CODES, seats=3)
    assert f"seed: {result.seed}" in printed
    assert f"drawn: {result.drawn!r}" in printed
