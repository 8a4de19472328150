"""The staff answers page: counters, filters, inline drafts, four-eyes review, publish all."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from participa.components.consultations.models import (
    Answer,
    AnswerState,
    Campaign,
    Channel,
    Outcome,
)
from participa.components.consultations.services.answers import (
    answer_review,
    answer_save_draft,
    answers_publish_all,
)
from participa.components.consultations.tests.conftest import make_contribution as _make
from participa.testing import assert_constant_queries

pytestmark = pytest.mark.django_db


def make_contribution(consultation, **extra):
    return _make(consultation, channel=Channel.EMAIL, **extra)


def url(consultation, name="manage_answers", query=""):
    component = consultation.component
    return reverse(f"manage:consultations:{name}",
                   args=[component.space.slug, component.pk, consultation.pk]) + query


def draft(user, contribution, outcome=Outcome.REJECTED, justification="Not possible."):
    return answer_save_draft(acting_user=user, contribution=contribution, outcome=outcome,
                             justification=justification)


def test_it_shows_the_counters_and_the_contributions(consultation, articles, manager,
                                                      second_official, client_for):
    first = make_contribution(consultation, body="Lower the fee.", article=articles[1])
    second = make_contribution(consultation, body="Add bicycle parking.")
    make_contribution(consultation, body="Why 5 lei?")
    answer = draft(manager, first)
    answer_review(acting_user=second_official, answer=answer, approve=True)
    draft(manager, second)
    response = client_for(manager).get(url(consultation))
    html = response.content.decode()
    assert response.status_code == 200
    counters = re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", html)
    assert counters == [("Contributions", "3"), ("Without an answer", "1"),
                        ("Drafts waiting for review", "1"),
                        ("Approved, not yet published", "1"), ("Published", "0")]
    assert "3 contributions still lack a published answer." in html
    assert "?state=missing" in html
    assert "Lower the fee." in html and "Art. 2" in html
    assert "Publish all approved answers (1)" in html


@pytest.mark.parametrize("person", ["resident", "outsider", "moderator"])
def test_it_is_for_managers_only(consultation, person, request, client_for):
    user = request.getfixturevalue(person)
    client = client_for(user)
    assert client.get(url(consultation)).status_code == 404
    assert client.get(url(consultation, "manage_answers_publish")).status_code == 404
    assert client.post(url(consultation, "manage_answers_publish")).status_code == 404


def test_the_official_of_the_area_may_answer(consultation, official, client_for):
    assert client_for(official).get(url(consultation)).status_code == 200


def test_it_saves_a_draft_from_the_inline_form(consultation, manager, client_for):
    contribution = make_contribution(consultation)
    response = client_for(manager).post(url(consultation, query="?state=none"), {
        "action": "draft", "contribution": contribution.number,
        f"c{contribution.number}-outcome": Outcome.PARTIAL,
        f"c{contribution.number}-justification": "Only on weekdays.",
    })
    assert response.status_code == 302
    assert response["Location"].endswith(f"?state=none#c-{contribution.number}")
    answer = Answer.objects.get()
    assert (answer.outcome, answer.justification, answer.state) == (
        Outcome.PARTIAL, "Only on weekdays.", AnswerState.DRAFT)
    assert answer.drafted_by == manager


def test_a_missing_justification_is_explained_and_the_choice_kept(consultation, manager,
                                                                  client_for):
    contribution = make_contribution(consultation)
    response = client_for(manager).post(url(consultation), {
        "action": "draft", "contribution": contribution.number,
        f"c{contribution.number}-outcome": Outcome.REJECTED,
        f"c{contribution.number}-justification": "",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert "required unless the contribution is accepted" in html
    assert re.search(r'value="rejected"[^>]*checked', html)
    assert not Answer.objects.exists()


def test_the_drafter_sees_no_approve_button(consultation, manager, second_official,
                                            client_for):
    contribution = make_contribution(consultation)
    answer = draft(manager, contribution)
    html = client_for(manager).get(url(consultation)).content.decode()
    assert 'value="approve"' not in html
    assert "another official must review your answer" in html
    html = client_for(second_official).get(url(consultation)).content.decode()
    assert 'value="approve"' in html and 'value="send_back"' in html
    assert f'name="answer" value="{answer.pk}"' in html


def test_a_forged_approval_by_the_drafter_is_refused(consultation, manager, client_for):
    answer = draft(manager, make_contribution(consultation))
    response = client_for(manager).post(url(consultation), {"action": "approve",
                                                            "answer": answer.pk}, follow=True)
    assert "another official must review it" in response.content.decode()
    answer.refresh_from_db()
    assert answer.state == AnswerState.DRAFT
    assert answer.reviewed_by is None


def test_a_second_official_approves_or_sends_back(consultation, manager, second_official,
                                                  client_for):
    one, two = make_contribution(consultation), make_contribution(consultation)
    first, second = draft(manager, one), draft(manager, two)
    client = client_for(second_official)
    client.post(url(consultation), {"action": "approve", "answer": first.pk})
    client.post(url(consultation), {"action": "send_back", "answer": second.pk,
                                    f"review-c{two.number}-comment": "Explain the fee."})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == AnswerState.APPROVED and first.reviewed_by == second_official
    assert second.state == AnswerState.DRAFT
    # The drafter reads the comment beside the draft.
    html = client_for(manager).get(url(consultation)).content.decode()
    assert ('<strong>Comment of the reviewing official:</strong> Explain the fee.</p>'
            in html)


def test_publish_all_confirms_then_publishes_only_approved(consultation, manager,
                                                           second_official, client_for):
    one, two = make_contribution(consultation), make_contribution(consultation)
    answer_review(acting_user=second_official, answer=draft(manager, one), approve=True)
    draft(manager, two)
    client = client_for(manager)
    html = client.get(url(consultation, "manage_answers_publish")).content.decode()
    assert "1 approved answer will be published now" in html
    assert "1 draft answer is not approved yet and stays a draft" in html
    response = client.post(url(consultation, "manage_answers_publish"), follow=True)
    assert "1 answer was published" in response.content.decode()
    assert Answer.objects.get(contribution=one).state == AnswerState.PUBLISHED
    assert Answer.objects.get(contribution=two).state == AnswerState.DRAFT


def test_publish_all_with_nothing_approved_says_so(consultation, manager, client_for):
    draft(manager, make_contribution(consultation))
    response = client_for(manager).post(url(consultation, "manage_answers_publish"))
    assert "no approved answers to publish" in response.content.decode()


def test_published_answers_show_no_form(consultation, manager, second_official, client_for):
    contribution = make_contribution(consultation)
    answer_review(acting_user=second_official, answer=draft(manager, contribution),
                  approve=True)
    answers_publish_all(acting_user=manager, consultation=consultation)
    html = client_for(manager).get(url(consultation)).content.decode()
    assert f'name="c{contribution.number}-outcome"' not in html
    assert "Published on" in html


def test_filters_by_state_outcome_and_article(consultation, articles, manager, client_for):
    on_fee = make_contribution(consultation, body="About the fee", article=articles[1])
    make_contribution(consultation, body="About residents", article=articles[2])
    draft(manager, on_fee, outcome=Outcome.ACCEPTED, justification="")
    client = client_for(manager)
    html = client.get(url(consultation, query="?state=draft")).content.decode()
    assert "About the fee" in html and "About residents" not in html
    html = client.get(url(consultation, query="?state=none")).content.decode()
    assert "About the fee" not in html and "About residents" in html
    html = client.get(url(consultation, query="?outcome=accepted")).content.decode()
    assert "About the fee" in html and "About residents" not in html
    html = client.get(url(consultation, query=f"?article={articles[2].pk}")).content.decode()
    assert "About the fee" not in html and "About residents" in html
    html = client.get(url(consultation, query="?state=missing")).content.decode()
    assert "About the fee" in html and "About residents" in html


def test_a_campaign_gets_one_collective_answer(consultation, manager, client_for):
    campaign = Campaign.objects.create(consultation=consultation, label="Save the trees")
    members = [make_contribution(consultation, campaign=campaign, body=f"Trees {i}")
               for i in range(2)]
    make_contribution(consultation, body="Something else")
    client = client_for(manager)
    html = client.get(url(consultation, query=f"?campaign={campaign.pk}")).content.decode()
    assert "Collective answer to the campaign “Save the trees” (2 contributions)" in html
    assert "Something else" not in html
    client.post(url(consultation, query=f"?campaign={campaign.pk}"), {
        "action": "draft", "campaign": campaign.pk,
        f"k{campaign.pk}-outcome": Outcome.REJECTED,
        f"k{campaign.pk}-justification": "The trees stay; this is about parking.",
    })
    answer = Answer.objects.get()
    assert answer.campaign == campaign and answer.contribution is None
    html = client.get(url(consultation)).content.decode()
    assert html.count("Answered collectively with the campaign “Save the trees”") == 2
    assert f'name="c{members[0].number}-outcome"' not in html


def test_an_unknown_campaign_is_404(consultation, manager, client_for):
    assert client_for(manager).get(url(consultation, query="?campaign=999")).status_code == 404


def test_it_says_what_to_do_when_there_is_nothing_yet(consultation, manager, client_for):
    html = client_for(manager).get(url(consultation)).content.decode()
    assert "There are no contributions to answer yet" in html


def test_it_paginates_with_a_fixed_number_of_queries(consultation, articles, manager,
                                                     second_official, client_for):
    client = client_for(manager)
    campaign = Campaign.objects.create(consultation=consultation, label="Letters")

    def add(n):
        for i in range(n):
            # Campaign members are answered by the campaign only (never drafted below).
            contribution = make_contribution(consultation, article=articles[i % 3],
                                             campaign=campaign if i % 3 == 1 else None)
            if i % 3 == 0:
                answer = draft(second_official if i % 2 else manager, contribution)
                if i % 4 == 0:
                    answer_review(acting_user=second_official if answer.drafted_by == manager
                                  else manager, answer=answer, approve=True)

    add(3)
    few, many = assert_constant_queries(client, url(consultation), lambda: add(27))
    assert few.content.decode().count('class="card" id="c-') == 3
    assert many.content.decode().count('class="card" id="c-') == 25


def test_the_justification_may_be_written_in_the_other_languages(consultation, manager,
                                                                 client_for):
    contribution = make_contribution(consultation)
    client = client_for(manager)
    html = client.get(url(consultation)).content.decode()
    assert f'name="c{contribution.number}-justification_ro"' in html
    assert f'name="c{contribution.number}-justification_pl"' in html
    assert f'name="c{contribution.number}-justification_en"' not in html  # the default one
    client.post(url(consultation), {
        "action": "draft", "contribution": contribution.number,
        f"c{contribution.number}-outcome": "rejected",
        f"c{contribution.number}-justification": "The law sets the fee.",
        f"c{contribution.number}-justification_pl": "Opłatę ustala ustawa.",
    })
    answer = Answer.objects.get(contribution=contribution)
    assert answer.justification_translations == {"pl": "Opłatę ustala ustawa."}
