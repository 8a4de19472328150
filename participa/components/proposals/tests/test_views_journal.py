"""The public journal of proposals: what it shows (redacted text, published answers only,
author as published), its filters, its exports and feeds, and its query count."""

from __future__ import annotations

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from participa.answers.models import AnswerState
from participa.components.proposals.models import (
    Channel,
    Proposal,
    ProposalAnswer,
    ProposalState,
    Publication,
)
from participa.components.proposals.tests.conftest import make_component, make_proposal, make_space
from participa.conftest import make_user
from participa.core.models import User
from participa.testing import assert_constant_queries

pytestmark = pytest.mark.django_db
URL = "/proposals/journal/"


def answer(proposal: Proposal, drafter: User, reviewer: User, *, outcome: str,
           published: bool = True, justification: str = "", days_ago: int = 0) -> ProposalAnswer:
    when = timezone.now() - datetime.timedelta(days=days_ago)
    return ProposalAnswer.objects.create(
        proposal=proposal, outcome=outcome, justification=justification, drafted_by=drafter,
        reviewed_by=reviewer, reviewed_at=when,
        state=AnswerState.PUBLISHED if published else AnswerState.APPROVED,
        published_at=when if published else None)


@pytest.fixture
def reviewer(org) -> User:
    return make_user(org, "reviewer")


@pytest.fixture
def letter(component) -> Proposal:
    """A letter: its original names the sender; only the redacted text is public."""
    return make_proposal(
        component, author=None, channel=Channel.LETTER, title="Crossing for Ion Popescu",
        body="Ion Popescu, 0722 123 456, asks for a crossing.",
        title_public="Crossing for [redacted]", body_public="[redacted], [redacted], asks "
        "for a crossing.", author_name="Ion Popescu", author_email="ion@example.org",
        received_at=timezone.now() - datetime.timedelta(days=3))


def test_it_shows_only_redacted_text_and_published_answers(client, component, letter, manager,
                                                          reviewer, resident):
    answer(letter, manager, reviewer, outcome="accepted", days_ago=1)
    answer(letter, manager, reviewer, outcome="rejected", published=False,
           justification="SECRET DRAFT REASON")
    make_proposal(component, author=resident, state=ProposalState.DRAFT, title="My draft idea")
    page = client.get(URL).content.decode()
    assert "Crossing for [redacted]" in page
    assert "asks for a crossing." in page
    assert "Crossing for Ion Popescu" not in page and "0722" not in page
    assert "ion@example.org" not in page
    assert "by Ion Popescu" in page  # the sender asked to be named
    assert "<strong>Accepted</strong>" in page and "<strong>Rejected</strong>" not in page
    assert "SECRET DRAFT REASON" not in page
    assert "My draft idea" not in page


def test_it_shows_the_author_as_published(client, component, resident, org):
    named = make_proposal(component, author=resident, title="Named one")
    anonymous = make_proposal(component, author=make_user(org, "shy_person"),
                              title="Anonymous one", publication=Publication.ANONYMOUS)
    page = client.get(URL).content.decode()
    assert f"by {resident.display_name}" in page
    assert "Shy Person" not in page
    assert named.title in page and anonymous.title in page
    assert "by Anonymous" in page


def test_it_filters(client, component, letter, resident, manager, reviewer, org):
    online = make_proposal(component, author=resident, title="Online idea")
    answer(online, manager, reviewer, outcome="accepted")
    other = make_proposal(make_component(make_space(org, slug="other-space")),
                          author=resident, title="Elsewhere")
    by_channel = client.get(URL, {"channel": "letter"}).content.decode()
    assert "Crossing for [redacted]" in by_channel and "Online idea" not in by_channel
    by_answer = client.get(URL, {"answer": "accepted"}).content.decode()
    assert "Online idea" in by_answer and "Crossing" not in by_answer
    no_answer = client.get(URL, {"answer": "none"}).content.decode()
    assert "Online idea" not in no_answer and "Crossing" in no_answer
    by_space = client.get(URL, {"space": "other-space"}).content.decode()
    assert other.title in by_space and "Online idea" not in by_space
    today = timezone.localdate().isoformat()
    by_date = client.get(URL, {"date_from": today}).content.decode()
    assert "Online idea" in by_date and "Crossing" not in by_date
    wrong = client.get(URL, {"date_from": today, "date_to": "2000-01-01"})
    assert "The end date is before the start date" in wrong.content.decode()


def test_it_exports_the_journal_as_shown_in_csv(client, letter, manager, reviewer):
    answer(letter, manager, reviewer, outcome="rejected", justification="No budget.")
    response = client.get("/proposals/journal.csv", {"channel": "letter"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["number"] == "1"
    assert row["registration"] == letter.registration_label
    assert row["channel"] == "Letter"
    assert row["author"] == "Ion Popescu"
    assert row["title"] == "Crossing for [redacted]"
    assert row["text"] == "[redacted], [redacted], asks for a crossing."
    assert row["answer"] == "Rejected" and row["answer_justification"] == "No budget."
    assert row["url"] == f"http://testserver{letter.get_absolute_url()}"
    content = response.content.decode()
    assert "0722" not in content and "ion@example.org" not in content


def test_it_exports_the_journal_as_json(client, letter, component, resident):
    make_proposal(component, author=resident, title="Online idea", state=ProposalState.WITHDRAWN)
    data = json.loads(client.get("/proposals/journal.json").content)
    rows = data["proposals"]
    assert [row["title"] for row in rows] == ["Online idea", "Crossing for [redacted]"]
    assert rows[0]["state"] == "Withdrawn by its author" and rows[0]["withdrawn_at"]
    assert rows[1]["answer"] == "" and rows[1]["answered_at"] is None
    assert set(rows[1]) == {
        "number", "registration", "space", "received_at", "channel", "author", "title", "text",
        "district", "area", "category", "state", "supports", "answer", "answer_justification",
        "published_at", "threshold_reached_at", "answer_due_on", "answered_at",
        "withdrawn_at", "url"}


@pytest.mark.parametrize("path", ["/proposals/journal/feed/", "/proposals/journal/rss/"])
def test_its_feeds_parse(client, letter, manager, reviewer, path):
    answer(letter, manager, reviewer, outcome="accepted")
    response = client.get(path)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    text = response.content.decode()
    assert "Crossing for [redacted]" in text and "Answer: Accepted" in text
    assert "Crossing for Ion" not in text and "0722" not in text
    assert root.tag in ("{http://www.w3.org/2005/Atom}feed", "rss")


@pytest.mark.parametrize("url", [URL, "/proposals/journal.csv", "/proposals/journal.json",
                                 "/proposals/journal/feed/"])
def test_it_runs_a_fixed_number_of_queries(client, component, resident, manager, reviewer,
                                           org, url):
    make_proposal(component, author=resident)

    def grow() -> None:
        other = make_component(make_space(org, slug="more-ideas"))
        for index in range(5):
            proposal = make_proposal(other, author=make_user(org, f"author{index}"),
                                     title=f"Idea {index}", channel=Channel.EMAIL)
            answer(proposal, manager, reviewer, outcome="accepted")

    _first, second = assert_constant_queries(client, url, grow)
    assert "Idea 4" in second.content.decode()
