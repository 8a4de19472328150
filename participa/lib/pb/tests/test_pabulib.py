from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from participa.lib.pb import pabulib
from participa.lib.pb.model import Ballots, Election, Project
from participa.lib.pb.pabulib import PabulibError, read_bytes, read_string, same_election, write

from .conftest import all_files, data_file

SMALL = """META
key;value
description;Test
country;Poland
unit;Testowo
instance;2024
num_projects;3
num_votes;3
budget;1000,5
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;votes;name;category;selected;latitude;longitude
a;500;2;"Park ""Zielony""; etap 1";green,sport;1;50.1;19.9
b;400.25;2;Library;culture;1;;
c;300;1;None;None;0;None;None
VOTES
voter_id;vote;age;sex
1;a,b;34;F
2;a,c;61;M
3;b;19;F
"""


def test_it_reads_quotes_comma_decimals_none_and_optional_columns():
    e = read_string(SMALL).election
    assert e.budget == Fraction(20010, 20)
    a, b, c = e.projects
    assert a.name == 'Park "Zielony"; etap 1'
    assert a.categories == ("green", "sport")
    assert (a.latitude, a.longitude) == (50.1, 19.9)
    assert b.cost == Fraction("400.25") and b.latitude is None
    assert c.name == "" and c.selected == 0
    assert e.ballots.ballot(1) == [0, 2]
    assert e.voter_extra["age"] == ["34", "61", "19"]


def test_it_accepts_bom_and_crlf():
    data = ("\ufeff" + SMALL.replace("\n", "\r\n")).encode()
    e = read_bytes(data).election
    assert same_election(e, read_string(SMALL).election)
    assert e.sha256 != read_string(SMALL).election.sha256  # the hash is of the bytes


def test_it_writes_what_it_reads():
    e = read_string(SMALL).election
    text = write(e)
    assert same_election(e, read_string(text).election)
    assert text.startswith("META\n") and "\r" not in text and not text.startswith("\ufeff")
    assert '"Park ""Zielony""; etap 1"' in text


def test_it_publishes_without_personal_data():
    e = read_string(SMALL.replace("1;a,b;34;F", "P-7734;a,b;34;F")).election
    text = write(e, publish=True)
    votes = text.split("VOTES\n")[1].splitlines()
    assert votes[0] == "voter_id;vote"
    assert "P-7734" not in text and ";34" not in text and ";F" not in text
    published = read_string(text).election
    assert sorted(published.voter_ids) == ["1", "2", "3"]
    assert published.vote_counts() == e.vote_counts()


@pytest.mark.parametrize(
    ("vote_type", "header", "rows", "extra_meta"),
    [
        ("approval", "voter_id;vote", ["1;a,b", "2;c"], ""),
        ("choose-1", "voter_id;vote", ["1;a", "2;c"], ""),
        ("cumulative", "voter_id;vote;points", ["1;a,b;3,2", "2;c;5"], "max_sum_points;5\n"),
        ("scoring", "voter_id;vote;points", ["1;a,b;2.5,-1", "2;c;4"], ""),
        ("ordinal", "voter_id;vote", ["1;b,a", "2;c,a,b"], ""),
    ],
)
def test_it_reads_every_vote_type(vote_type, header, rows, extra_meta):
    text = (
        f"META\nkey;value\nbudget;100\nvote_type;{vote_type}\n{extra_meta}"
        "PROJECTS\nproject_id;cost\na;10\nb;20\nc;30\n"
        f"VOTES\n{header}\n" + "\n".join(rows) + "\n"
    )
    e = read_string(text).election
    assert e.vote_type == vote_type
    assert e.num_voters == 2
    assert same_election(e, read_string(write(e)).election)
    if vote_type == "scoring":
        assert e.ballots.points_denominator == 2
        assert e.scores() == [Fraction(5, 2), Fraction(-1), Fraction(4)]
    if vote_type == "ordinal":
        assert e.ballots.ballot(0) == [1, 0]  # order kept: most preferred first


def _problems(text: str) -> list[pabulib.Problem]:
    with pytest.raises(PabulibError) as info:
        read_string(text)
    lenient = read_string(text, strict=False)
    assert all(p.severity == "warning" for p in lenient.problems)
    assert {(p.line, p.message) for p in info.value.problems} <= {
        (p.line, p.message) for p in lenient.problems
    }
    return info.value.problems


def test_it_reports_every_problem_with_its_line():
    text = """META
key;value
num_projects;4
num_votes;2
budget;100
vote_type;cumulative
max_sum_points;5
max_points;4
PROJECTS
project_id;cost;votes
a;10;1
a;20;
b;30;7
VOTES
voter_id;vote;points
1;a,x;3,2
1;a,b,a;5,1,1
"""
    problems = _problems(text)
    found = {(p.line, p.message.split(" ")[0] + " " + p.message.split(" ")[-1]) for p in problems}
    messages = " | ".join(f"{p.line}:{p.message}" for p in problems)
    assert (3, "num_projects rows") in found, messages
    assert "12:project id 'a' already used on line 11" in messages
    assert "16:vote for unknown project 'x'" in messages
    assert "17:project 'a' appears twice in one ballot" in messages
    assert "17:5 points, max_points is 4" in messages
    assert "17:ballot gives 6 points, max_sum_points is 5" in messages
    assert "17:voter id '1' already used on line 16" in messages
    assert "13:project 'b' has votes 7, the ballots give 1" in messages


def test_it_stops_without_a_budget():
    text = SMALL.replace("budget;1000,5\n", "")
    with pytest.raises(PabulibError, match="no budget"):
        read_string(text, strict=False)


def test_it_reports_num_votes_mismatch():
    problems = _problems(SMALL.replace("num_votes;3", "num_votes;4"))
    assert [(p.line, p.message) for p in problems] == [
        (8, "num_votes is 4 but the VOTES section has 3 rows")
    ]


def test_it_drops_bad_entries_in_lenient_mode():
    text = SMALL.replace("3;b;19;F", "3;b,zz;19;F")
    result = read_string(text, strict=False)
    assert [p.message for p in result.problems] == ["vote for unknown project 'zz'"]
    assert result.election.ballots.ballot(2) == [1]


@pytest.mark.parametrize("name", all_files())
def test_it_reads_every_shared_file_strictly(name):
    path = data_file(name)
    result = pabulib.read(path)
    e = result.election
    assert not [p for p in result.problems if p.severity == "error"]
    assert len(e.projects) == int(e.meta["num_projects"])
    assert e.num_voters == int(e.meta["num_votes"])
    assert same_election(e, read_string(write(e)).election)


def _random_election(draw) -> Election:
    m = draw(st.integers(1, 6))
    ids = draw(
        st.lists(
            st.text('abcXYZ019/;", ', min_size=1, max_size=6)
            .map(str.strip)
            .filter(lambda s: s and "," not in s and s.lower() != "none"),
            min_size=m,
            max_size=m,
            unique=True,
        )
    )
    costs = [Fraction(draw(st.integers(0, 10**6)), draw(st.sampled_from([1, 2, 100]))) for _ in ids]
    n = draw(st.integers(0, 8))
    vote_type = draw(st.sampled_from(["approval", "cumulative", "ordinal"]))
    indptr: list[int] = [0]
    indices: list[int] = []
    points: list[int] = []
    for _ in range(n):
        ballot = draw(st.lists(st.integers(0, m - 1), unique=True, max_size=m))
        indices.extend(ballot)
        points.extend(draw(st.integers(1, 9)) for _ in ballot)
        indptr.append(len(indices))
    names = draw(
        st.lists(
            st.text(max_size=8).filter(
                lambda s: s == s.strip() and s.lower() != "none" and "\r" not in s and "\n" not in s
            ),
            min_size=m,
            max_size=m,
        )
    )
    projects = [Project(id=i, cost=c, name=nm) for i, c, nm in zip(ids, costs, names, strict=True)]
    ballots = Ballots(
        np.array(indptr, dtype=np.int64),
        np.array(indices, dtype=np.int64),
        np.array(points, dtype=np.int64) if vote_type == "cumulative" else None,
    )
    meta = {"description": "random", "budget": "1000.5", "vote_type": vote_type}
    if vote_type == "cumulative":
        meta["max_sum_points"] = "100"
    return Election(
        meta, projects, ballots, [f"v{k}" for k in range(n)], {}, ["project_id", "cost", "name"]
    )


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_it_round_trips_random_elections(data):
    e = _random_election(data.draw)
    again = read_string(write(e), strict=False).election
    assert same_election(e, again)
