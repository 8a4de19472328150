"""After the announcement, an edit of an article never changes the announced text: it makes a
new public version, listed on the page and shown in the comparison."""

from __future__ import annotations

import pytest
from django.urls import reverse

from participa.components.consultations.models import Article, DraftVersion, VersionKind
from participa.components.consultations.services import consultations as services
from participa.core.models import AuditEntry


def edit_url(consultation, article) -> str:
    component = consultation.component
    return reverse("manage:consultations:manage_article_edit",
                   args=[component.space.slug, component.pk, consultation.pk, article.pk])


def diff_url(consultation, a: int, b: int) -> str:
    component = consultation.component
    return reverse("spaces:consultations:version_diff",
                   args=[component.space.slug, component.pk, consultation.slug, a, b])


def fees(consultation) -> Article:
    return Article.objects.get(version__consultation=consultation, version__number=1,
                               key="art-2")


def test_an_edit_after_the_announcement_makes_a_new_version(consultation, manager):
    revised = services.article_update(acting_user=manager, article=fees(consultation),
                                      number="Art. 2", heading="Fees",
                                      body="Parking costs 4 lei per hour.", level=1)
    assert fees(consultation).body == "Parking costs 5 lei per hour between 8:00 and 20:00."
    version = revised.version
    assert (version.number, version.kind) == (2, VersionKind.REVISED)
    assert version.note == "Art. 2 Fees changed after the announcement."
    assert revised.body == "Parking costs 4 lei per hour."
    assert sorted(version.articles.values_list("key", flat=True)) == ["art-1", "art-2",
                                                                       "art-3"]
    assert AuditEntry.objects.filter(action="consultation.version_create").exists()
    # Saving the same text again makes no further version.
    services.article_update(acting_user=manager, article=fees(consultation), number="Art. 2",
                            heading="Fees", body="Parking costs 4 lei per hour.", level=1)
    assert DraftVersion.objects.filter(consultation=consultation).count() == 2


def test_the_new_version_is_public_and_compared(client_for, consultation, manager):
    client = client_for(manager)
    response = client.post(edit_url(consultation, fees(consultation)), {
        "number": "Art. 2", "heading": "Fees", "body": "Parking costs 4 lei per hour.",
        "level": "1"})
    assert response.status_code == 302
    page = client_for(None).get(consultation.get_absolute_url()).text
    assert diff_url(consultation, 1, 2) in page
    comparison = client_for(None).get(diff_url(consultation, 1, 2)).text
    assert "One article changed." in comparison
    assert "Parking costs" in comparison
    assert "between 8:00 and 20:00" in comparison  # the removed words are shown
    # The edit form now starts from the latest public text.
    form = client.get(edit_url(consultation, fees(consultation))).text
    assert "Parking costs 4 lei per hour." in form


def test_a_deletion_after_the_announcement_makes_a_new_version(consultation, manager):
    third = Article.objects.get(version__consultation=consultation, key="art-3")
    services.article_delete(acting_user=manager, article=third)
    assert Article.objects.filter(pk=third.pk).exists()
    latest = DraftVersion.objects.filter(consultation=consultation).order_by("-number").first()
    assert latest is not None and latest.number == 2
    assert sorted(latest.articles.values_list("key", flat=True)) == ["art-1", "art-2"]


def test_the_order_of_an_announced_text_is_not_moved_silently(consultation, manager):
    with pytest.raises(services.ArticleLocked):
        services.article_move(acting_user=manager, article=fees(consultation), direction="up")
    assert list(Article.objects.filter(version__number=1, version__consultation=consultation)
                .order_by("position").values_list("key", flat=True)) == ["art-1", "art-2",
                                                                        "art-3"]
