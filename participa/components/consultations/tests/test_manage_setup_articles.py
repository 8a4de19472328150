"""The structured editor of the draft's articles and paragraphs."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from participa.components.consultations.models import Article, ConsultationState, VersionKind
from participa.components.consultations.tests.conftest import make_consultation, make_contribution


def url(name: str, consultation: Any, *args: Any) -> str:
    component = consultation.component
    return reverse(f"manage:consultations:{name}",
                   args=[component.space.slug, component.pk, consultation.pk, *args])


@pytest.fixture
def draft(component: Any) -> Any:
    return make_consultation(component, slug="draft-rules", state=ConsultationState.DRAFT,
                             opens=0, closes=30)


def draft_articles(consultation: Any) -> list[Article]:
    return list(Article.objects.filter(version__consultation=consultation,
                                       version__kind=VersionKind.DRAFT).order_by("position"))


def test_it_lists_the_articles_in_order_with_their_actions(client_for, draft, manager):
    text = client_for(manager).get(url("manage_articles", draft)).text
    assert text.index("Art. 1") < text.index("Art. 2") < text.index("Art. 3")
    first = draft_articles(draft)[0]
    assert url("manage_article_edit", draft, first.pk) in text
    assert url("manage_article_delete", draft, first.pk) in text
    assert "Move down" in text
    assert "Add an article or paragraph" in text
    assert url("manage_import", draft) in text


def test_it_adds_a_paragraph_after_an_article(client_for, draft, manager):
    first = draft_articles(draft)[0]
    response = client_for(manager).post(url("manage_articles", draft), {
        "number": "(2)", "heading": "", "body": "Also on Sundays.", "level": "2",
        "after": str(first.pk)})
    assert response.status_code == 302
    assert [a.key for a in draft_articles(draft)] == ["art-1", "art-1.2", "art-2", "art-3"]


def test_it_keeps_the_typed_text_when_the_article_is_empty(client_for, draft, manager):
    response = client_for(manager).post(url("manage_articles", draft), {
        "number": "Art. 9", "heading": "", "body": "", "level": "1"})
    assert response.status_code == 200
    assert "Write the text of the article" in response.text
    assert 'value="Art. 9"' in response.text
    assert len(draft_articles(draft)) == 3


def test_it_edits_an_article(client_for, draft, manager):
    second = draft_articles(draft)[1]
    client = client_for(manager)
    assert "Parking costs 5 lei" in client.get(url("manage_article_edit", draft,
                                                   second.pk)).text
    response = client.post(url("manage_article_edit", draft, second.pk), {
        "number": "Art. 2", "heading": "Fees", "body": "Parking costs 4 lei.", "level": "1"})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.body == "Parking costs 4 lei."


def test_it_moves_an_article(client_for, draft, manager):
    third = draft_articles(draft)[2]
    client_for(manager).post(url("manage_article_move", draft, third.pk), {"direction": "up"})
    assert [a.key for a in draft_articles(draft)] == ["art-1", "art-3", "art-2"]


def test_it_deletes_an_article_after_confirmation(client_for, draft, manager):
    first = draft_articles(draft)[0]
    client = client_for(manager)
    page = client.get(url("manage_article_delete", draft, first.pk))
    assert "This cannot be undone" in page.text
    assert len(draft_articles(draft)) == 3
    response = client.post(url("manage_article_delete", draft, first.pk))
    assert response.status_code == 302
    assert [a.key for a in draft_articles(draft)] == ["art-2", "art-3"]


def test_it_locks_announced_articles_that_have_contributions(client_for, consultation,
                                                             articles, manager):
    make_contribution(consultation, article=articles[0], channel="email")
    client = client_for(manager)
    text = client.get(url("manage_articles", consultation)).text
    assert "upload a revised version" in text
    assert "1 contribution" in text
    assert url("manage_article_edit", consultation, articles[0].pk) not in text
    assert url("manage_article_edit", consultation, articles[1].pk) in text
    assert "Add an article or paragraph" not in text
    response = client.post(url("manage_article_delete", consultation, articles[0].pk))
    assert response.status_code == 200
    assert "People have commented on Art. 1 Scope" in response.text
    assert Article.objects.filter(pk=articles[0].pk).exists()


def test_it_answers_404_for_an_article_of_another_consultation(client_for, component, draft,
                                                               consultation, articles,
                                                               manager):
    response = client_for(manager).get(url("manage_article_edit", draft, articles[0].pk))
    assert response.status_code == 404
