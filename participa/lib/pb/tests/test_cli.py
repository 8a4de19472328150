from __future__ import annotations

import json
from pathlib import Path

from participa.lib.pb.__main__ import run

from .conftest import data_file

ASSEN = "Netherlands_Assen_2024.pb"


def test_it_prints_the_selected_projects(capsys):
    assert run(["results", str(data_file(ASSEN)), "--rule", "equalshares/add1"]) == 0
    assert capsys.readouterr().out.split() == ["3", "9", "11", "2", "13", "14", "5", "6", "12"]


def test_it_prints_votes_costs_payments_and_ties_as_json(capsys):
    assert run(["results", str(data_file(ASSEN)), "--rule", "equalshares/add1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["sha256"].startswith("1161af741c23519f")
    assert out["projects"]["3"] == {
        "cost": 7200,
        "votes": 43,
        "score": 43,
        "selected": True,
        "payment_per_point": out["projects"]["3"]["payment_per_point"],
    }
    assert out["projects"]["3"]["payment_per_point"] > 0
    assert out["ties"] == [
        {"stage": out["ties"][0]["stage"], "projects": ["11", "2"], "chosen": "11"}
    ]
    assert out["mes_runs"] == 845


def test_it_verifies_a_file_against_its_own_rule(capsys):
    path = str(data_file("Poland_Wieliczka_2023_Green_Budget.pb"))
    assert run(["verify", path]) == 0
    out = capsys.readouterr().out
    assert "sha256:  f2d9c4485b3f9205" in out
    assert "rule:    equalshares/add1-comparison" in out
    assert "MATCH" in out


def test_it_reports_a_difference_with_exit_code_1(tmp_path, capsys):
    text = data_file(ASSEN).read_text(encoding="utf-8")
    changed = text.replace("3;7200;43;PopUp Podium;1;", "3;7200;43;PopUp Podium;0;")
    path = tmp_path / "changed.pb"
    path.write_text(changed, encoding="utf-8")
    assert run(["verify", str(path)]) == 1
    out = capsys.readouterr().out
    assert "DIFFER" in out and "only in the recount: 3" in out


def test_it_reports_file_errors_in_one_line_with_exit_code_2(tmp_path, capsys):
    text = (
        data_file(ASSEN)
        .read_text(encoding="utf-8")
        .replace(
            "vote02bb4517-a1b0-4aba-be48-8c195184c058;1,2,10",
            "vote02bb4517-a1b0-4aba-be48-8c195184c058;1,2,99",
        )
    )
    path = tmp_path / "bad.pb"
    path.write_text(text, encoding="utf-8", newline="")
    assert run(["results", str(path), "--rule", "greedy"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"{path}:37: vote for unknown project '99'")


def test_it_reports_an_unknown_rule_with_exit_code_2(capsys):
    assert run(["results", str(data_file(ASSEN)), "--rule", "poznan"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown or unsupported rule 'poznan'" in err


def test_it_prints_statistics(capsys):
    assert run(["stats", str(data_file(ASSEN))]) == 0
    out = capsys.readouterr().out
    assert "turnout: 84 voters" in out
    assert "ballot length: min 2" in out
    assert run(["stats", str(data_file(ASSEN)), "--json"]) == 0
    s = json.loads(capsys.readouterr().out)
    assert s["projects"] == 14 and s["cost"]["max"] == 50000


def test_it_counts_district_budgets_and_category_caps(tmp_path, capsys):
    path = tmp_path / "districts.pb"
    path.write_text(
        "META\nkey;value\nbudget;140\nvote_type;approval\n"
        "PROJECTS\nproject_id;cost;district;category\n"
        "p0;50;north;roads\np1;50;south;roads\np2;30;;green\np3;30;;roads\n"
        "VOTES\nvoter_id;vote\n1;p0,p2\n2;p1,p2\n3;p1,p2\n4;p3\n",
        encoding="utf-8",
    )
    args = ["results", str(path), "--rule", "equalshares/add1"]
    assert run([*args, "--district-budgets", "north=50,south=60", "--citywide-budget", "30"]) == 0
    assert sorted(capsys.readouterr().out.split()) == ["p0", "p1", "p2"]
    assert run(["results", str(path), "--rule", "greedy", "--category-caps", "roads=60"]) == 0
    assert capsys.readouterr().out.split() == ["p2", "p1"]  # p0 and p3 would pass 60 on roads
    assert run([*args, "--district-budgets", "north=50"]) == 2
    assert "no budget for district 'south'" in capsys.readouterr().err


def test_the_recount_guide_shows_what_verify_prints(capsys):
    guide = (Path(__file__).resolve().parents[4] / "docs" / "recount.md").read_text()
    assert run(["verify", str(data_file("Poland_Warszawa_2026.pb"))]) == 0
    printed = capsys.readouterr().out.splitlines()[1:]  # the file name differs
    for line in printed:
        assert line in guide
