"""Reads shared by views, exports and reports."""

from __future__ import annotations

import datetime

from django.utils import timezone

from participa.components.consultations import selectors
from participa.components.consultations.models import (
    Answer,
    AnswerState,
    Campaign,
    ConsultationState,
    Outcome,
    Publication,
)
from participa.components.consultations.services.contributions import (
    contribution_submit_online,
)
from participa.components.consultations.tests.conftest import (
    days,
    make_consultation,
    make_contribution,
    make_debate,
)
from participa.components.meetings.models import MeetingState


def test_public_contributions_leave_out_hidden_and_unapproved(consultation, resident):
    shown = make_contribution(consultation, author=resident)
    anonymous = make_contribution(consultation, author=resident,
                                  publication=Publication.ANONYMOUS)
    make_contribution(consultation, author=resident, publication=Publication.NOT_PUBLISHED)
    make_contribution(consultation, author=resident, approved=False)
    assert list(selectors.public_contributions(consultation)) == [shown, anonymous]


def test_published_author_label_follows_the_choice(consultation, resident, ngo, ngo_member):
    resident.legal_name = "Ion Legal"
    resident.save()
    named = make_contribution(consultation, author=resident)
    anonymous = make_contribution(consultation, author=resident,
                                  publication=Publication.ANONYMOUS)
    group = make_contribution(consultation, author=ngo_member, group=ngo)
    letter = make_contribution(consultation, author=None, channel="post",
                               author_name="Maria Ionescu")
    anonymous_letter = make_contribution(consultation, author=None, channel="post",
                                         author_name="Maria Ionescu",
                                         publication=Publication.ANONYMOUS)
    assert selectors.published_author_label(named) == "Resident"
    assert selectors.published_author_label(anonymous) == "Anonymous contributor"
    assert selectors.published_author_label(group) == "Asociația Test"
    assert selectors.published_author_label(letter) == "Maria Ionescu"
    assert selectors.published_author_label(anonymous_letter) == "Anonymous contributor"


def test_published_answer_is_the_own_or_the_campaigns(consultation, resident, manager,
                                                      second_official):
    own = make_contribution(consultation, author=resident)
    campaign = Campaign.objects.create(consultation=consultation)
    grouped = make_contribution(consultation, author=resident, campaign=campaign)
    drafted = make_contribution(consultation, author=resident)
    now = timezone.now()
    common = {"consultation": consultation, "outcome": Outcome.ACCEPTED, "drafted_by": manager}
    answer = Answer.objects.create(contribution=own, state=AnswerState.PUBLISHED,
                                   reviewed_by=second_official, published_at=now, **common)
    collective = Answer.objects.create(campaign=campaign, state=AnswerState.PUBLISHED,
                                       reviewed_by=second_official, published_at=now, **common)
    Answer.objects.create(contribution=drafted, **common)
    by_number = {c.number: c for c in selectors.public_contributions(consultation)}
    assert selectors.published_answer(by_number[own.number]) == answer
    assert selectors.published_answer(by_number[grouped.number]) == collective
    assert selectors.published_answer(by_number[drafted.number]) is None


def test_contribution_counts_by_article(consultation, articles, resident):
    make_contribution(consultation, author=resident, article=articles[0])
    make_contribution(consultation, author=resident, article=articles[0],
                      publication=Publication.NOT_PUBLISHED)
    make_contribution(consultation, author=resident, article=articles[2])
    make_contribution(consultation, author=resident)
    counts = selectors.contribution_counts_by_article(articles[0].version)
    assert counts == {articles[0].pk: 2, articles[2].pk: 1}


def test_consultations_visible_filters_by_status(org, component):
    make_consultation(component, slug="open")
    make_consultation(component, slug="soon", announced=-1, opens=3, closes=30)
    make_consultation(component, slug="past", opens=-30, closes=-1)
    make_consultation(component, slug="final", opens=-60, closes=-40, state=ConsultationState.FINAL,
                      closed_at=timezone.now())
    make_consultation(component, slug="reported", opens=-60, closes=-40,
                      report_published_at=timezone.now())
    make_consultation(component, slug="draft", state=ConsultationState.DRAFT)

    def slugs(status):
        return {c.slug for c in selectors.consultations_visible(None, org).filter_status(status)}

    assert {c.slug for c in selectors.consultations_visible(None, org)} == {
        "open", "soon", "past", "final", "reported"}
    assert slugs("open") == {"open"}
    assert slugs("upcoming") == {"soon"}
    assert slugs("closed") == {"past", "final"}
    assert slugs("report") == {"reported"}
    for consultation in selectors.consultations_visible(None, org):
        assert consultation.status() != "draft"
        for status in ("open", "upcoming", "closed", "report"):
            assert (consultation.slug in slugs(status)) == (consultation.status() == status)


def test_timeline_marks_one_current_step(consultation):
    consultation.endorsement_on = days(30)
    consultation.adoption_on = days(60)
    steps = selectors.timeline(consultation)
    assert [step.key for step in steps] == ["announcement", "comments", "endorsement",
                                            "adoption"]
    assert [step.state for step in steps] == ["past", "current", "future", "future"]
    later = selectors.timeline(consultation, today=timezone.localdate()
                               + datetime.timedelta(days=45))
    assert [step.state for step in later] == ["past", "past", "current", "future"]


def test_timeline_shows_the_debates_but_not_a_cancelled_one(consultation):
    make_debate(consultation, place="Sala mare",
                starts_at=timezone.now() + datetime.timedelta(days=4))
    make_debate(consultation, place="Sala mică", state=MeetingState.CANCELLED,
                starts_at=timezone.now() + datetime.timedelta(days=6),
                cancelled_at=timezone.now(), cancel_reason="Merged with the first one.")
    debates = selectors.debates(consultation)
    assert [debate.address for debate in debates] == ["Sala mare", "Sala mică"]
    steps = selectors.timeline(consultation, debates)
    assert [step.start for step in steps if step.key == "debate"] == [days(4)]


def test_timeline_of_a_draft_has_no_current_step(component):
    draft = make_consultation(component, slug="draft", state=ConsultationState.DRAFT)
    assert not any(step.is_current for step in selectors.timeline(draft))


def test_personal_data_lists_the_persons_contributions(consultation, resident, ngo_member):
    mine = contribution_submit_online(
        acting_user=resident, consultation=consultation, body="My own words.",
        type="question", publication=Publication.NOT_PUBLISHED)
    make_contribution(consultation, author=ngo_member, body="Not mine")
    data = selectors.personal_data(resident)
    assert len(data["contributions"]) == 1
    entry = data["contributions"][0]
    assert entry["registration_number"] == mine.registration_label
    assert entry["consultation"] == "Parking rules"
    assert entry["type"] == "question"
    assert entry["publication"] == "hidden"
    assert entry["text"] == "My own words."
    assert entry["received_at"]
