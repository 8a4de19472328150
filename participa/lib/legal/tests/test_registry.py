"""Legal profiles register themselves; the code reads their properties, never their codes."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from participa.lib import legal

ROOT = Path(legal.__file__).resolve().parents[2]  # the participa package


@pytest.fixture
def county_profile() -> Iterator[legal.Profile]:
    profile = legal.register(legal.Profile(
        code="xx-county-rules", label="A county's own rules", defaults={"min_duration_days": 5},
        period_days=lambda params, urgency: 5, strict_debate_deadline=True,
        report_style=legal.ReportStyle.COMMENTS, report_sections=("header", "table"),
    ))
    yield profile
    legal.unregister(profile.code)


def test_it_lists_the_three_shipped_profiles_with_their_behaviour() -> None:
    ro, pl, eu = (legal.get_profile(code) for code in (legal.RO, legal.PL, legal.EU))
    assert [p.code for p in legal.profiles()][:3] == [legal.RO, legal.PL, legal.EU]
    assert (ro.strict_debate_deadline, pl.strict_debate_deadline,
            eu.strict_debate_deadline) == (True, False, False)
    assert (ro.requires_justification_document, pl.requires_justification_document,
            eu.requires_justification_document) == (True, False, False)
    assert (ro.has_endorsement_rule, pl.has_endorsement_rule) == (True, False)
    assert (ro.report_style, pl.report_style, eu.report_style) == (
        legal.ReportStyle.RECOMMENDATIONS, legal.ReportStyle.COMMENTS, legal.ReportStyle.GENERIC)
    assert legal.PROFILES[legal.PL]["min_duration_days"] == 30
    assert legal.RULES[legal.EU] == ("eu.min_duration_weeks",)


def test_an_unknown_code_has_no_rules_and_no_flags() -> None:
    unknown = legal.get_profile("nowhere")
    assert unknown is legal.NO_PROFILE
    assert not unknown.is_known
    assert legal.check("nowhere", legal.Timeline(None, datetime.date(2026, 1, 1),
                                                  datetime.date(2026, 1, 1))) == []
    assert legal.earliest_close("nowhere", datetime.date(2026, 1, 1)) is None


def test_a_registered_profile_drives_the_shared_functions(county_profile) -> None:
    assert legal.get_profile("xx-county-rules") is county_profile
    assert legal.earliest_close("xx-county-rules", datetime.date(2026, 3, 2)) == datetime.date(
        2026, 3, 6)
    assert legal.parameters("xx-county-rules") == {"min_duration_days": 5}
    assert legal.earliest_endorsement("xx-county-rules", datetime.date(2026, 3, 2)) is None


def test_it_refuses_a_code_that_does_not_fit_the_database() -> None:
    with pytest.raises(ValueError):
        legal.register(legal.Profile(code="x" * 33, label="Too long"))
    with pytest.raises(ValueError):
        legal.register(legal.Profile(code="", label="Empty"))


def test_no_code_compares_profile_codes_outside_lib_legal() -> None:
    """Behaviour per country is a property of the profile, not a string comparison."""
    codes = "|".join(re.escape(code) for code in (legal.RO, legal.PL, legal.EU))
    pattern = re.compile(rf"""["']({codes})["']|RO_LAW_52_2003|PL_ART_5A|EU_BETTER_REGULATION""")
    offenders = []
    for path in ROOT.rglob("*"):
        if path.suffix not in {".py", ".html", ".txt", ".js"} or not path.is_file():
            continue
        relative = path.relative_to(ROOT).as_posix()
        if (relative.startswith("lib/legal/") or "/tests/" in relative
                or "/migrations/" in relative or relative.startswith("locale/")):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
