"""Legal timelines: one test per rule (pass and fail, with the earliest allowed date)."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from participa.lib import legal
from participa.lib.legal import Timeline, Violation

RO = "ro-law-52-2003"
PL = "pl-art-5a"
EU = "eu-better-regulation"


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def rules(violations: list[Violation]) -> list[str]:
    return [v.rule for v in violations]


def only(violations: list[Violation], rule: str) -> Violation:
    found = [v for v in violations if v.rule == rule]
    assert len(found) == 1, violations
    return found[0]


def ro_timeline(**changes) -> Timeline:
    timeline = Timeline(announced_on=d("2026-02-02"), opens_on=d("2026-02-02"),
                        closes_on=d("2026-02-20"), endorsement_on=d("2026-03-17"))
    return dataclasses.replace(timeline, **changes)


def pl_timeline(**changes) -> Timeline:
    timeline = Timeline(announced_on=d("2026-03-01"), opens_on=d("2026-03-08"),
                        closes_on=d("2026-04-06"), channels=("email", "meeting"))
    return dataclasses.replace(timeline, **changes)


# --- profiles and parameters ------------------------------------------------------------------

def test_profiles_have_their_documented_defaults():
    assert legal.parameters(RO) == {
        "country": "RO", "min_comment_days": 10, "min_working_days_to_endorsement": 30,
        "debate_response_days": 10, "report_days": None, "answer_every_contribution": True,
        "meeting_notice_days": 3,
    }
    pl = legal.parameters(PL)
    assert (pl["min_duration_days"], pl["notice_days"], pl["min_channels"],
            pl["report_days"]) == (30, 7, 2, 30)
    assert legal.parameters(EU)["min_duration_weeks"] == 12
    assert set(legal.RULES) == set(legal.PROFILES)


def test_a_public_meeting_is_announced_three_days_before_only_under_the_romanian_profile():
    assert legal.meeting_notice_days(RO) == 3
    assert legal.earliest_meeting_day(RO, d("2026-12-30")) == d("2027-01-02")
    assert legal.meeting_notice_days(PL) == 0
    assert legal.earliest_meeting_day(PL, d("2026-12-30")) == d("2026-12-30")
    assert legal.meeting_notice_days("xx-unknown") == 0
    # A city's own rule overrides the default, given as a number or as text.
    assert legal.meeting_notice_days(RO, overrides={"meeting_notice_days": "5"}) == 5
    assert legal.earliest_meeting_day(PL, d("2026-12-30"),
                                      overrides={"meeting_notice_days": 2}) == d("2027-01-01")


def test_a_valid_timeline_passes_each_profile():
    assert legal.check(RO, ro_timeline()) == []
    assert legal.check(PL, pl_timeline()) == []
    assert legal.check(EU, Timeline(d("2026-01-01"), d("2026-01-05"), d("2026-03-29"))) == []


def test_an_unknown_profile_has_no_rules():
    broken = Timeline(d("2026-05-10"), d("2026-05-01"), d("2026-04-01"), d("2026-04-02"))
    assert legal.check("xx-unknown", broken) == []
    assert legal.check("", broken) == []
    assert legal.parameters("xx-unknown") == {}
    assert legal.earliest_close("xx-unknown", d("2026-01-01")) is None


def test_missing_dates_are_not_checked():
    assert legal.check(RO, Timeline(None, None, None)) == []
    assert rules(legal.check(PL, Timeline(None, None, None))) == ["pl.min_channels"]


# --- Romania ----------------------------------------------------------------------------------

def test_ro_min_comment_days_fails_with_the_earliest_close():
    violation = only(legal.check(RO, ro_timeline(opens_on=d("2026-11-25"),
                                                 closes_on=d("2026-12-03"),
                                                 announced_on=d("2026-11-25"),
                                                 endorsement_on=None)),
                     "ro.min_comment_days")
    # 25 November to 3 December is 9 days, both counted: close on 4 December or later.
    assert violation.earliest == d("2026-12-04")
    assert violation.params == {"days": 10, "min_comment_days": 10, "actual": 9}


def test_ro_min_comment_days_passes_with_ten_days_counting_both_ends():
    timeline = ro_timeline(announced_on=d("2026-11-25"), opens_on=d("2026-11-25"),
                           closes_on=d("2026-12-04"), endorsement_on=None)
    assert legal.check(RO, timeline) == []
    assert legal.earliest_close(RO, d("2026-11-25")) == d("2026-12-04")


def test_ro_opens_before_announcement_fails_and_names_the_announcement_date():
    violation = only(legal.check(RO, ro_timeline(opens_on=d("2026-02-01"))),
                     "ro.opens_before_announcement")
    assert violation.earliest == d("2026-02-02")
    assert legal.check(RO, ro_timeline(opens_on=d("2026-02-02"))) == []


def test_ro_closes_before_opens_is_reported_instead_of_the_duration():
    violations = legal.check(RO, ro_timeline(closes_on=d("2026-02-01")))
    assert rules(violations) == ["ro.closes_before_opens"]
    assert violations[0].earliest == d("2026-02-11")


def test_ro_min_working_days_to_endorsement_fails_with_the_earliest_endorsement():
    # Announced on Monday 2 February 2026: the 30th working day after it is Monday 16 March,
    # so 30 full working days lie between the announcement and Tuesday 17 March.
    violation = only(legal.check(RO, ro_timeline(endorsement_on=d("2026-03-16"))),
                     "ro.min_working_days_to_endorsement")
    assert violation.earliest == d("2026-03-17")
    assert violation.params == {"days": 30, "min_working_days_to_endorsement": 30,
                                "actual": 29}


def test_ro_min_working_days_to_endorsement_passes_on_the_earliest_day():
    assert legal.check(RO, ro_timeline(endorsement_on=d("2026-03-17"))) == []
    assert legal.earliest_endorsement(RO, d("2026-02-02")) == d("2026-03-17")


def test_ro_endorsement_is_not_checked_while_empty_but_its_earliest_date_is_known():
    assert legal.check(RO, ro_timeline(endorsement_on=None)) == []
    assert legal.earliest_endorsement(RO, d("2026-02-02")) == d("2026-03-17")
    assert legal.earliest_endorsement(PL, d("2026-02-02")) is None


def test_ro_endorsement_before_announcement_counts_as_too_few_working_days():
    violations = legal.check(RO, ro_timeline(endorsement_on=d("2026-01-20")))
    violation = only(violations, "ro.min_working_days_to_endorsement")
    assert violation.earliest == d("2026-03-17")
    assert violation.params["actual"] == 0


def test_ro_endorsement_across_the_winter_holidays():
    # Monday 14 December 2026: Christmas (25-26 Dec), 1-2 Jan, 6-7 Jan are not working days;
    # the 30th working day after is Friday 29 January 2027.
    assert legal.earliest_endorsement(RO, d("2026-12-14")) == d("2027-01-30")
    assert legal.working_days_between(d("2026-12-14"), d("2027-01-29")) == 30
    violation = only(legal.check(RO, Timeline(d("2026-12-14"), d("2026-12-14"),
                                              d("2026-12-31"), d("2027-01-29"))),
                     "ro.min_working_days_to_endorsement")
    assert violation.earliest == d("2027-01-30")


def test_ro_urgency_skips_both_deadlines():
    timeline = ro_timeline(closes_on=d("2026-02-03"), endorsement_on=d("2026-02-05"),
                           urgency=True)
    assert legal.check(RO, timeline) == []
    assert rules(legal.check(RO, ro_timeline(closes_on=d("2026-02-03"),
                                             endorsement_on=d("2026-02-05")))) == [
        "ro.min_comment_days", "ro.min_working_days_to_endorsement"]
    assert legal.earliest_close(RO, d("2026-02-02"), urgency=True) == d("2026-02-02")
    assert legal.earliest_endorsement(RO, d("2026-02-02"), urgency=True) == d("2026-02-02")


def test_ro_urgency_never_skips_the_order_of_the_dates():
    timeline = Timeline(announced_on=d("2026-02-10"), opens_on=d("2026-02-09"),
                        closes_on=d("2026-02-08"), endorsement_on=d("2026-02-01"),
                        urgency=True)
    violations = legal.check(RO, timeline)
    assert rules(violations) == ["ro.opens_before_announcement", "ro.closes_before_opens",
                                 "ro.endorsement_before_announcement"]
    assert [v.earliest for v in violations] == [d("2026-02-10"), d("2026-02-09"),
                                                d("2026-02-10")]


def test_ro_debate_must_be_held_within_ten_days_of_the_request():
    assert legal.debate_request_deadline(RO, d("2026-05-04")) == d("2026-05-14")
    assert legal.debate_request_deadline(RO, d("2026-12-28")) == d("2027-01-07")
    assert legal.debate_request_deadline(
        RO, d("2026-05-04"), overrides={"debate_response_days": 5}) == d("2026-05-09")
    assert legal.debate_request_deadline("xx-unknown", d("2026-05-04")) == d("2026-05-14")


def test_debate_requests_are_accepted_during_the_comment_period():
    timeline = ro_timeline()
    assert not legal.accepts_debate_requests(timeline, d("2026-02-01"))
    assert legal.accepts_debate_requests(timeline, d("2026-02-02"))
    assert legal.accepts_debate_requests(timeline, d("2026-02-20"))
    assert not legal.accepts_debate_requests(timeline, d("2026-02-21"))
    assert not legal.accepts_debate_requests(Timeline(None, None, None), d("2026-02-21"))


# --- Poland -----------------------------------------------------------------------------------

def test_pl_notice_days_fails_with_the_earliest_opening():
    violation = only(legal.check(PL, pl_timeline(opens_on=d("2026-03-07"))), "pl.notice_days")
    assert violation.earliest == d("2026-03-08")
    assert violation.params == {"days": 7, "notice_days": 7, "actual": 6}


def test_pl_notice_days_passes_with_seven_days_notice():
    assert legal.check(PL, pl_timeline(opens_on=d("2026-03-08"))) == []


def test_pl_min_duration_days_fails_with_the_earliest_close():
    violation = only(legal.check(PL, pl_timeline(closes_on=d("2026-04-05"))),
                     "pl.min_duration_days")
    # 8 March to 5 April is 29 days, both counted.
    assert violation.earliest == d("2026-04-06")
    assert violation.params == {"days": 30, "min_duration_days": 30, "actual": 29}


def test_pl_min_duration_days_passes_with_thirty_days_counting_both_ends():
    assert legal.check(PL, pl_timeline(closes_on=d("2026-04-06"))) == []


@pytest.mark.parametrize("channels, ok", [
    (("email", "meeting"), True),
    (("post", "in_person", "survey"), True),
    (("email",), False),
    (("online", "written", "email"), False),
    (("email", "email"), False),
    ((), False),
])
def test_pl_min_channels_counts_ways_besides_written_comments_online(channels, ok):
    violations = legal.check(PL, pl_timeline(channels=channels))
    if ok:
        assert violations == []
    else:
        violation = only(violations, "pl.min_channels")
        assert violation.earliest is None
        assert violation.params["count"] == 2


def test_pl_report_is_due_thirty_days_after_closing():
    assert legal.report_due(PL, d("2026-04-06")) == d("2026-05-06")
    assert legal.report_due(PL, d("2026-04-06"), overrides={"report_days": 14}) == d(
        "2026-04-20")


def test_report_due_is_none_without_a_deadline_unless_the_organization_sets_one():
    assert legal.report_due(RO, d("2026-04-06")) is None
    assert legal.report_due(EU, d("2026-04-06")) is None
    assert legal.report_due(RO, d("2026-04-06"), overrides={"report_days": "20"}) == d(
        "2026-04-26")


# --- EU ---------------------------------------------------------------------------------------

def test_eu_min_duration_weeks_fails_with_the_earliest_close():
    violation = only(legal.check(EU, Timeline(d("2026-01-01"), d("2026-01-05"),
                                              d("2026-03-28"))),
                     "eu.min_duration_weeks")
    assert violation.earliest == d("2026-03-29")
    assert violation.params["weeks"] == 12
    assert violation.params["actual"] == 83


def test_eu_min_duration_weeks_passes_with_84_days():
    assert legal.check(EU, Timeline(None, d("2026-01-05"), d("2026-03-29"))) == []


# --- overrides --------------------------------------------------------------------------------

def test_overrides_change_the_rule_and_its_earliest_date():
    overrides = {"min_comment_days": "15", "min_working_days_to_endorsement": 20}
    violation = only(legal.check(RO, ro_timeline(closes_on=d("2026-02-15")),
                                 overrides=overrides), "ro.min_comment_days")
    assert violation.earliest == d("2026-02-16")
    assert violation.params["days"] == 15
    # 20 working days after 2 February 2026 is 2 March: the draft may go on 3 March.
    assert legal.earliest_endorsement(RO, d("2026-02-02"), overrides=overrides) == d(
        "2026-03-03")
    assert legal.check(RO, ro_timeline(endorsement_on=d("2026-03-03")),
                       overrides=overrides) == []


def test_overrides_nested_under_a_profile_apply_to_that_profile_only():
    overrides = {"pl-art-5a": {"min_duration_days": 21, "notice_days": 0},
                 "ro-law-52-2003": {"min_comment_days": 20}}
    assert legal.check(PL, pl_timeline(opens_on=d("2026-03-01"), closes_on=d("2026-03-21")),
                       overrides=overrides) == []
    assert legal.parameters(EU, overrides) == legal.parameters(EU)
    assert legal.parameters(RO, overrides)["min_comment_days"] == 20


def test_overrides_that_are_not_numbers_are_ignored():
    overrides = {"min_comment_days": "ten", "notice_days": -3, "min_channels": True,
                 "report_days": None, "country": "Romania", "extra": "kept"}
    params = legal.parameters(RO, overrides)
    assert params["min_comment_days"] == 10
    assert params["country"] == "RO"
    assert params["extra"] == "kept"
    assert legal.parameters(PL, overrides)["notice_days"] == 7
    assert legal.parameters(PL, overrides)["min_channels"] == 2
    assert legal.parameters(PL, overrides)["report_days"] is None


def test_answer_every_contribution_can_be_switched_off():
    assert legal.parameters(RO)["answer_every_contribution"] is True
    assert legal.parameters(RO, {"answer_every_contribution": "false"})[
        "answer_every_contribution"] is False
    assert legal.parameters(RO, {"answer_every_contribution": False})[
        "answer_every_contribution"] is False


# --- working days -----------------------------------------------------------------------------

@pytest.mark.parametrize("day", [
    "2026-01-01", "2026-01-02", "2026-01-06", "2026-01-07", "2025-01-24",
    "2026-04-10",  # Orthodox Good Friday
    "2026-04-13",  # Orthodox Easter Monday
    "2026-05-01", "2026-06-01",  # Children's Day and Whit Monday (Rusalii) 2026
    "2025-08-15", "2026-11-30", "2026-12-01", "2026-12-25",
    "2025-12-26",
])
def test_romanian_public_holidays_are_not_working_days(day):
    assert not legal.is_working_day(d(day))
    assert legal.is_working_day(d(day), country=None) == (d(day).weekday() < 5)


def test_working_days_around_christmas():
    # Thu 24 Dec works; Fri 25 Dec holiday; weekend; Mon 28 to Thu 31 work.
    assert legal.working_days_between(d("2026-12-23"), d("2026-12-31")) == 5
    assert legal.add_working_days(d("2026-12-24"), 1) == d("2026-12-28")


def test_working_days_around_st_andrew_and_national_day():
    # Mon 30 Nov and Tue 1 Dec 2026 are holidays.
    assert legal.working_days_between(d("2026-11-27"), d("2026-12-04")) == 3
    assert legal.add_working_days(d("2026-11-27"), 1) == d("2026-12-02")


def test_working_days_around_orthodox_easter_and_whit_monday_2026():
    assert legal.working_days_between(d("2026-04-09"), d("2026-04-14")) == 1
    assert legal.add_working_days(d("2026-04-09"), 1) == d("2026-04-14")
    assert legal.add_working_days(d("2026-05-29"), 1) == d("2026-06-02")


def test_working_days_around_new_year_and_epiphany():
    assert legal.add_working_days(d("2025-12-31"), 1) == d("2026-01-05")
    assert legal.add_working_days(d("2026-01-05"), 1) == d("2026-01-08")


def test_working_days_around_summer_and_may_holidays():
    assert legal.add_working_days(d("2026-04-30"), 1) == d("2026-05-04")   # 1 May, weekend
    assert legal.add_working_days(d("2025-08-14"), 1) == d("2025-08-18")   # 15 Aug, weekend
    assert legal.add_working_days(d("2025-01-23"), 1) == d("2025-01-27")   # 24 Jan, weekend


def test_working_days_count_is_consistent_with_adding_them():
    start = d("2026-11-20")
    for n in range(0, 60):
        assert legal.working_days_between(start, legal.add_working_days(start, n)) == n
    assert legal.working_days_between(start, start) == 0
    assert legal.working_days_between(d("2026-12-31"), d("2026-12-23")) == -5
    assert legal.add_working_days(d("2026-12-28"), -1) == d("2026-12-24")


def test_working_days_match_an_independent_count_over_the_winter():
    # Holidays written out by hand, not taken from the holidays package.
    by_hand = {d(x) for x in ("2026-11-30", "2026-12-01", "2026-12-25", "2026-12-26",
                              "2027-01-01", "2027-01-02", "2027-01-06", "2027-01-07",
                              "2027-01-24")}
    day, count, start = d("2026-11-20"), 0, d("2026-11-20")
    while day < d("2027-02-15"):
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in by_hand:
            count += 1
        assert legal.working_days_between(start, day) == count, day


def test_working_days_in_other_countries():
    # 11 November is a public holiday in Poland, not in Romania.
    assert not legal.is_working_day(d("2026-11-11"), "PL")
    assert legal.is_working_day(d("2026-11-11"), "RO")
    assert legal.working_days_between(d("2026-11-10"), d("2026-11-12"), "pl") == 1
    assert legal.working_days_between(d("2026-11-27"), d("2026-12-04"), None) == 5
