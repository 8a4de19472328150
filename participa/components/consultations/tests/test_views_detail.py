"""The public page of a consultation."""

from __future__ import annotations

import datetime

from django.utils import timezone

from participa.components.consultations.models import (
    Answer,
    AnswerState,
    Campaign,
    ConsultationState,
    DebateRequest,
    Outcome,
    Publication,
)
from participa.components.consultations.tests.conftest import (
    days,
    make_consultation,
    make_contribution,
    make_debate,
)


def url(consultation):
    return consultation.get_absolute_url()


def publish_answer(consultation, manager, second_official, **target):
    return Answer.objects.create(
        consultation=consultation,
        outcome=Outcome.REJECTED, justification="The fee covers the maintenance costs.",
        state=AnswerState.PUBLISHED, drafted_by=manager, reviewed_by=second_official,
        reviewed_at=timezone.now(), published_at=timezone.now(), **target,
    )


def test_it_shows_the_consultation_to_visitors(client_for, consultation, articles):
    response = client_for(None).get(url(consultation))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Parking rules" in content
    assert "New parking fees in the centre." in content
    assert "Open for recommendations" in content
    assert "11 days left" in content
    assert "Ioana Popescu" in content
    assert "consultare@primaria.example" in content
    assert "Bd. C.D. Loga 1, Timișoara" in content
    for article in articles:
        assert article.body in content


def test_it_marks_the_current_step_of_the_timeline(client_for, consultation):
    content = client_for(None).get(url(consultation)).content.decode()
    assert 'aria-current="step"' in content
    assert content.count('aria-current="step"') == 1
    assert "Current step" in content
    current = content.split('aria-current="step"')[1].split("</li>")[0]
    assert "Recommendations accepted" in current


def test_it_counts_contributions_per_article_and_links_to_comment(client_for, consultation,
                                                                 articles, resident):
    make_contribution(consultation, author=resident, article=articles[1])
    make_contribution(consultation, author=resident, article=articles[1],
                      publication=Publication.NOT_PUBLISHED)
    content = client_for(None).get(url(consultation)).content.decode()
    assert "2 contributions on this article" in content
    assert "contribute/?article=art-2" in content


def test_it_hides_the_comment_links_once_closed(client_for, component):
    closed = make_consultation(component, slug="closed", opens=-20, closes=-1)
    content = client_for(None).get(url(closed)).content.decode()
    assert "?article=" not in content
    assert "Closed" in content


def test_it_is_404_for_drafts_except_for_staff(client_for, component, resident, manager):
    draft = make_consultation(component, slug="draft", state=ConsultationState.DRAFT)
    assert client_for(None).get(url(draft)).status_code == 404
    assert client_for(resident).get(url(draft)).status_code == 404
    assert client_for(manager).get(url(draft)).status_code == 200


def test_it_is_404_in_another_organization(client_for, consultation, outsider):
    assert client_for(outsider, "other.test").get(url(consultation)).status_code == 404


def test_it_shows_only_published_contributions(client_for, consultation, resident):
    make_contribution(consultation, author=resident, body="Named text shown")
    make_contribution(consultation, author=resident, body="Hidden text never shown",
                      publication=Publication.NOT_PUBLISHED)
    make_contribution(consultation, author=resident, body="Waiting for the moderator",
                      approved=False)
    content = client_for(None).get(url(consultation)).content.decode()
    assert "Named text shown" in content
    assert "Hidden text never shown" not in content
    assert "Waiting for the moderator" not in content


def test_it_shows_only_the_redacted_text(client_for, consultation, resident):
    contribution = make_contribution(consultation, author=resident,
                                     body="Call me at 0722 123 456.")
    contribution.body_redacted = "Call me at [redacted]."
    contribution.save()
    content = client_for(None).get(url(consultation)).content.decode()
    assert "Call me at [redacted]." in content
    assert "0722 123 456" not in content


def test_it_hides_the_name_of_anonymous_contributors(client_for, consultation, resident, ngo,
                                                     ngo_member):
    resident.legal_name = "Ion Legalname"
    resident.save()
    make_contribution(consultation, author=resident, publication=Publication.ANONYMOUS,
                      body="Anonymous text")
    make_contribution(consultation, author=ngo_member, group=ngo, body="Group text")
    make_contribution(consultation, author=None, channel="post", author_name="Maria Offline",
                      author_email="maria@example.ro", body="Letter text")
    content = client_for(None).get(url(consultation)).content.decode()
    assert "Anonymous contributor" in content
    # (After the filters, whose article choices include "Art. 3 Residents".)
    assert "Resident" not in content.split('class="contribution-list"')[1]
    assert "Ion Legalname" not in content
    assert "Asociația Test" in content
    assert "Maria Offline" in content
    assert "maria@example.ro" not in content


def test_it_shows_published_answers_only(client_for, consultation, resident, manager,
                                         second_official):
    answered = make_contribution(consultation, author=resident, body="First")
    publish_answer(consultation, manager, second_official, contribution=answered)
    drafted = make_contribution(consultation, author=resident, body="Second")
    Answer.objects.create(consultation=consultation, contribution=drafted,
                          outcome=Outcome.REJECTED, justification="Draft justification",
                          drafted_by=manager)
    content = client_for(None).get(url(consultation)).content.decode()
    assert "The fee covers the maintenance costs." in content
    assert "Not accepted" in content
    assert "Draft justification" not in content


def test_it_shows_the_collective_answer_of_a_campaign(client_for, consultation, resident,
                                                      manager, second_official):
    campaign = Campaign.objects.create(consultation=consultation, label="Lower fees")
    make_contribution(consultation, author=resident, campaign=campaign)
    publish_answer(consultation, manager, second_official, campaign=campaign)
    content = client_for(None).get(url(consultation)).content.decode()
    assert "The fee covers the maintenance costs." in content
    assert "collective answer" in content


def test_it_shows_debate_requests_and_debates(client_for, consultation, ngo, manager):
    debate = make_debate(consultation, place="Sala de consiliu",
                         online_url="https://meet.example/secret-room",
                         starts_at=timezone.now() + datetime.timedelta(days=3))
    DebateRequest.objects.create(consultation=consultation, group=ngo, reason="We ask.",
                                 respond_by=days(5), debate=debate, state="scheduled")
    content = client_for(None).get(url(consultation)).content.decode()
    assert "Asociația Test" in content
    assert "Debate scheduled" in content
    assert "Sala de consiliu" in content
    assert "Public debate" in content
    # Registration happens on the meeting's page; the online link is for those registered.
    assert f'<a href="{debate.get_absolute_url()}">' in content
    assert "secret-room" not in content


def test_it_paginates_contributions_with_a_fixed_number_of_queries(
        client_for, consultation, resident, ngo, django_assert_max_num_queries, component):
    component.settings = {**(component.settings or {}), "contributions_per_page": 50}
    component.save()
    client = client_for(None)
    for _ in range(3):
        make_contribution(consultation, author=resident)
    with django_assert_max_num_queries(40) as few:
        client.get(url(consultation))
    for index in range(27):
        make_contribution(consultation, author=resident if index % 2 else None,
                          channel="online" if index % 2 else "post",
                          group=ngo if index % 3 else None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url(consultation))
    assert response.content.decode().count('class="contribution-item"') == 30


def test_it_links_to_the_report_once_published(client_for, component):
    done = make_consultation(component, slug="done", opens=-40, closes=-10,
                             report_published_at=timezone.now())
    content = client_for(None).get(url(done)).content.decode()
    assert "Report published" in content


def test_it_offers_the_contribution_form_to_residents(client_for, consultation, resident):
    content = client_for(resident).get(url(consultation)).content.decode()
    assert "Send a contribution" in content


def test_it_asks_visitors_to_log_in(client_for, consultation):
    content = client_for(None).get(url(consultation)).content.decode()
    assert "Log in to contribute" in content
    assert "next=" in content
