"""The list of published contributions on a consultation page: filters, pages, article links
and the outline of the draft."""

from __future__ import annotations

import re

import pytest

from participa.components.consultations.models import (
    Answer,
    Article,
    Campaign,
    ContributionType,
    Outcome,
    Publication,
)
from participa.components.consultations.tests.conftest import make_contribution
from participa.components.consultations.tests.test_views_detail import publish_answer
from participa.testing import assert_constant_queries


def _numbers(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'id="contribution-(\d+)"', html)]


def _get(client, consultation, query: str = "") -> str:
    response = client.get(consultation.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


def test_it_filters_contributions_by_article(client_for, consultation, articles, resident):
    make_contribution(consultation, author=resident, article=articles[0])  # 1
    make_contribution(consultation, author=resident, article=articles[1])  # 2
    make_contribution(consultation, author=resident, article=articles[1])  # 3
    make_contribution(consultation, author=resident)  # 4: the whole draft
    client = client_for(None)
    assert _numbers(_get(client, consultation, "?article=art-2")) == [2, 3]
    html = _get(client, consultation, "?article=whole")
    assert _numbers(html) == [4]
    assert "1 published contribution" in html
    assert _numbers(_get(client, consultation)) == [1, 2, 3, 4]


def test_it_filters_contributions_by_type(client_for, consultation, resident):
    make_contribution(consultation, author=resident, type=ContributionType.QUESTION)
    make_contribution(consultation, author=resident, type=ContributionType.OBJECTION)
    make_contribution(consultation, author=resident, type=ContributionType.QUESTION)
    html = _get(client_for(None), consultation, "?type=question")
    assert _numbers(html) == [1, 3]
    assert "2 published contributions" in html


def test_it_filters_contributions_by_published_outcome(client_for, consultation, resident,
                                                       manager, second_official):
    rejected = make_contribution(consultation, author=resident)  # 1
    publish_answer(consultation, manager, second_official, contribution=rejected)
    drafted = make_contribution(consultation, author=resident)  # 2: answer not published
    Answer.objects.create(consultation=consultation, contribution=drafted,
                          outcome=Outcome.REJECTED, justification="Not yet", drafted_by=manager)
    campaign = Campaign.objects.create(consultation=consultation, label="Lower fees")
    make_contribution(consultation, author=resident, campaign=campaign)  # 3: collective answer
    publish_answer(consultation, manager, second_official, campaign=campaign)
    make_contribution(consultation, author=resident)  # 4
    client = client_for(None)
    assert _numbers(_get(client, consultation, "?outcome=rejected")) == [1, 3]
    assert _numbers(_get(client, consultation, "?outcome=none")) == [2, 4]
    assert _numbers(_get(client, consultation, "?outcome=accepted")) == []


def test_it_combines_filters_and_keeps_them_in_the_form(client_for, consultation, articles,
                                                        resident):
    make_contribution(consultation, author=resident, article=articles[1],
                      type=ContributionType.QUESTION)
    make_contribution(consultation, author=resident, article=articles[1])
    make_contribution(consultation, author=resident, article=articles[0],
                      type=ContributionType.QUESTION)
    html = _get(client_for(None), consultation, "?article=art-2&type=question")
    assert _numbers(html) == [1]
    assert '<option value="art-2" selected>Art. 2 Fees</option>' in html
    assert '<option value="question" selected>Question</option>' in html
    assert 'href="?#contributions">Clear filters</a>' in html


def test_it_says_when_no_contribution_matches(client_for, consultation, resident):
    make_contribution(consultation, author=resident)
    html = _get(client_for(None), consultation, "?type=objection")
    assert _numbers(html) == []
    assert "No published contribution matches these filters." in html


def test_it_shows_nothing_for_an_unknown_filter_value(client_for, consultation, resident):
    make_contribution(consultation, author=resident)
    html = _get(client_for(None), consultation, "?type=bribe")
    assert _numbers(html) == []
    assert "Select a valid choice." in html


def test_it_never_lists_unpublished_contributions_when_filtered(client_for, consultation,
                                                                articles, resident):
    make_contribution(consultation, author=resident, article=articles[1],
                      publication=Publication.NOT_PUBLISHED)
    make_contribution(consultation, author=resident, article=articles[1], approved=False)
    html = _get(client_for(None), consultation, "?article=art-2")
    assert _numbers(html) == []


def test_it_links_the_count_of_an_article_to_its_contributions(client_for, consultation,
                                                               articles, resident):
    make_contribution(consultation, author=resident, article=articles[1])
    make_contribution(consultation, author=resident, article=articles[1])
    html = _get(client_for(None), consultation)
    assert ('<a href="?article=art-2#contributions">2 contributions on this article'
            '<span class="visually-hidden"> (Art. 2 Fees)</span></a>') in html
    # No link to an empty list.
    assert '?article=art-1#contributions' not in html
    assert "0 contributions on this article" in html


def test_it_names_the_article_of_every_repeated_link(client_for, consultation, articles):
    html = _get(client_for(None), consultation)
    links = re.findall(r'<a href="[^"]*contribute/\?article=[^"]*">(.*?)</a>', html)
    assert links == [f'Comment on this article<span class="visually-hidden"> ({label})</span>'
                     for label in ("Art. 1 Scope", "Art. 2 Fees", "Art. 3 Residents")]


def test_it_keeps_filters_and_the_anchor_across_pages(client_for, consultation, component,
                                                      resident):
    component.settings = {**(component.settings or {}), "contributions_per_page": 2}
    component.save()
    for _ in range(5):
        make_contribution(consultation, author=resident, type=ContributionType.QUESTION)
    make_contribution(consultation, author=resident)
    client = client_for(None)
    html = _get(client, consultation, "?type=question")
    assert _numbers(html) == [1, 2]
    assert 'href="?type=question&amp;page=2#contributions" rel="next"' in html
    assert _numbers(_get(client, consultation, "?type=question&page=3")) == [5]


@pytest.mark.parametrize("query", ["", "?article=art-2&type=proposal&outcome=rejected"])
def test_it_lists_in_a_fixed_number_of_queries(client_for, consultation, articles, resident,
                                               ngo, manager, second_official, query):
    first = make_contribution(consultation, author=resident, article=articles[1])
    publish_answer(consultation, manager, second_official, contribution=first)

    def grow() -> None:
        for index in range(12):
            contribution = make_contribution(
                consultation, author=resident if index % 2 else None,
                channel="online" if index % 2 else "post", group=ngo if index % 3 else None,
                article=articles[1])
            publish_answer(consultation, manager, second_official, contribution=contribution)

    few, many = assert_constant_queries(client_for(None), consultation.get_absolute_url() + query,
                                        grow)
    assert len(_numbers(few.content.decode())) == 1
    assert len(_numbers(many.content.decode())) == 13


def test_it_puts_paragraph_headings_below_their_article(client_for, consultation, articles):
    version = articles[0].version
    Article.objects.filter(version=version).update(position=models_position())
    Article.objects.create(version=version, key="ch-1", number="Chapter I", heading="General",
                           level=0, position=0)
    Article.objects.create(version=version, key="art-2.1", number="(1)", parent_number="Art. 2",
                           body="The fee is paid by card.", level=2, position=25)
    html = _get(client_for(None), consultation)
    outline = re.findall(r"<h(\d)>(?:<span[^>]*>[^<]*</span>)?([^<]*)</h\1>", html)
    draft = [(int(level), text) for level, text in outline
             if text.startswith(("Chapter", "Art.", "(1)"))]
    assert draft == [(3, "Chapter I · General"), (4, "Art. 1 · Scope"), (4, "Art. 2 · Fees"),
                     (5, "(1)"), (4, "Art. 3 · Residents")]
    assert '<h5><span class="visually-hidden">Art. 2 </span>(1)</h5>' in html


def models_position():
    from django.db.models import F

    return F("position") * 10 + 10


def test_it_leaves_a_preamble_without_heading_out_of_the_outline(client_for, consultation,
                                                                  articles):
    version = articles[0].version
    Article.objects.filter(version=version).update(position=models_position())
    Article.objects.create(version=version, key="preamble", body="Având în vedere ...",
                           level=0, position=0)
    html = _get(client_for(None), consultation)
    assert "<h3>Art. 1 · Scope</h3>" in html
    assert "<h4>" not in html.split('id="draft-heading"', 1)[1].split("</section>", 1)[0]


def test_it_shows_the_justification_in_the_readers_language_when_written(
        client_for, consultation, manager, second_official):
    contribution = make_contribution(consultation, author=manager)
    answer = publish_answer(consultation, manager, second_official, contribution=contribution)
    answer.justification_translations = {"pl": "Opłata pokrywa koszty utrzymania."}
    answer.save(update_fields=["justification_translations"])
    client = client_for(None)
    client.cookies["django_language"] = "pl"
    assert "Opłata pokrywa koszty utrzymania." in _get(client, consultation)
    client.cookies["django_language"] = "ro"  # not written in Romanian: the default text
    html = _get(client, consultation)
    assert "The fee covers the maintenance costs." in html
    assert "Opłata pokrywa" not in html
