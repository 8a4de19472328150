"""Services of the consultation set-up: create, update, articles of the draft, import,
documents."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from participa.components.consultations.models import (
    Article,
    Consultation,
    ConsultationState,
    DraftVersion,
    VersionKind,
)
from participa.components.consultations.services import consultations as services
from participa.components.consultations.tests.conftest import days, make_consultation
from participa.core.models import Area, AuditEntry

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _attachment_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"


def attach(consultation: Consultation, user: Any, role: str = "justification") -> Any:
    return services.document_upload(
        acting_user=user, consultation=consultation, file=io.BytesIO(PDF),
        file_name="referat.pdf", size=len(PDF), title={"en": "Justification report"},
        role=role,
    )


def draft(component: Any, **extra: Any) -> Consultation:
    """A draft consultation with three articles."""
    extra.setdefault("slug", "draft-rules")
    extra.setdefault("opens", 0)
    extra.setdefault("closes", 30)
    return make_consultation(component, state=ConsultationState.DRAFT, **extra)


def test_it_creates_a_draft_with_the_organizations_profile(component, manager, org, area):
    org.legal_profile = "pl-art-5a"
    org.save()
    consultation = services.consultation_create(
        acting_user=manager, component=component,
        title={"en": "Tree protection", "ro": "Protecția arborilor"},
        summary={"en": "  New rules.  "}, department=area, contact_name="Ioana Popescu",
        channels={"online": True, "email": "trees@city.example", "post": "", "in_person": " "},
        opens_on=days(10), closes_on=days(50),
    )
    assert consultation.state == ConsultationState.DRAFT
    assert consultation.legal_profile == "pl-art-5a"
    assert consultation.slug == "tree-protection"
    assert consultation.summary == {"en": "New rules."}
    assert consultation.channels == {"online": True, "email": "trees@city.example",
                                     "post": "", "in_person": ""}
    version = DraftVersion.objects.get(consultation=consultation)
    assert (version.number, version.kind) == (1, VersionKind.DRAFT)
    assert AuditEntry.objects.filter(action="consultation.create",
                                     object_id=str(consultation.pk)).exists()


def test_it_makes_slugs_unique_in_the_component(component, manager, consultation):
    other = services.consultation_create(acting_user=manager, component=component,
                                         title={"en": "Parking rules"})
    assert other.slug == "parking-rules-2"


def test_it_refuses_urgency_without_a_reason(component, manager):
    with pytest.raises(ValidationError) as error:
        services.consultation_create(acting_user=manager, component=component,
                                     title={"en": "Urgent"}, urgency=True)
    assert "urgency_reason" in error.value.message_dict


def test_it_records_the_urgency_and_its_reason(component, manager):
    consultation = services.consultation_create(
        acting_user=manager, component=component, title={"en": "Urgent"}, urgency=True,
        urgency_reason="Flood damage must be repaired before winter.")
    entry = AuditEntry.objects.get(action="consultation.urgency", object_id=str(consultation.pk))
    assert "urgency_reason" in entry.changes and entry.changes["urgency_reason"] is None
    assert consultation.urgency_reason == "Flood damage must be repaired before winter."


def test_it_refuses_a_department_of_another_organization(component, manager, other_org):
    foreign = Area.objects.create(organization=other_org, code="x", name={"en": "X"})
    with pytest.raises(ValidationError):
        services.consultation_create(acting_user=manager, component=component,
                                     title={"en": "T"}, department=foreign)


def test_it_refuses_a_period_that_ends_before_it_starts(component, manager):
    with pytest.raises(ValidationError):
        services.consultation_create(acting_user=manager, component=component,
                                     title={"en": "T"}, opens_on=days(10), closes_on=days(5))


def test_it_updates_texts_and_channels_with_an_audit_entry(component, manager):
    consultation = draft(component)
    services.consultation_update(acting_user=manager, consultation=consultation,
                                 title={"en": "New title"},
                                 channels={"online": False, "post": "Str. Mare 1"})
    consultation.refresh_from_db()
    assert consultation.title == {"en": "New title"}
    assert consultation.channels["post"] == "Str. Mare 1"
    assert consultation.channels["online"] is False
    assert AuditEntry.objects.filter(action="consultation.update").exists()


def test_it_keeps_the_address_of_an_announced_consultation(consultation, manager):
    with pytest.raises(ValidationError):
        services.consultation_update(acting_user=manager, consultation=consultation,
                                     slug="another-address")


def test_it_refuses_unknown_fields(consultation, manager):
    with pytest.raises(TypeError):
        services.consultation_update(acting_user=manager, consultation=consultation,
                                     state="final")


# --- articles -------------------------------------------------------------------------------


def keys(consultation: Consultation) -> list[str]:
    return list(Article.objects.filter(version__consultation=consultation,
                                       version__kind=VersionKind.DRAFT)
                .order_by("position").values_list("key", flat=True))


def test_it_adds_articles_at_the_end_or_after_another(component, manager):
    consultation = draft(component)
    article = services.article_create(acting_user=manager, consultation=consultation,
                                      number="Art. 4", heading="Penalties",
                                      body="Fines of 200 lei.")
    assert article.key == "art-4"
    assert keys(consultation) == ["art-1", "art-2", "art-3", "art-4"]
    first = Article.objects.get(version__consultation=consultation, key="art-1")
    paragraph = services.article_create(acting_user=manager, consultation=consultation,
                                        number="(2)", body="Also on Sundays.", level=2,
                                        after=first)
    assert paragraph.key == "art-1.2"
    assert keys(consultation) == ["art-1", "art-1.2", "art-2", "art-3", "art-4"]


def test_it_refuses_an_article_without_text(component, manager):
    with pytest.raises(ValidationError):
        services.article_create(acting_user=manager, consultation=draft(component),
                                number="Art. 9")


def test_it_updates_moves_and_deletes_draft_articles(component, manager):
    consultation = draft(component)
    second = Article.objects.get(version__consultation=consultation, key="art-2")
    services.article_update(acting_user=manager, article=second, number="Art. 2",
                            heading="Fees", body="Parking costs 4 lei.", level=1)
    second.refresh_from_db()
    assert second.body == "Parking costs 4 lei."
    assert services.article_move(acting_user=manager, article=second, direction="up")
    assert keys(consultation) == ["art-2", "art-1", "art-3"]
    assert not services.article_move(acting_user=manager, article=second, direction="up")
    services.article_delete(acting_user=manager, article=second)
    assert keys(consultation) == ["art-1", "art-3"]
    assert AuditEntry.objects.filter(action="consultation.article_delete").exists()


def test_it_locks_announced_articles_with_contributions(consultation, articles, manager):
    from participa.components.consultations.tests.conftest import make_contribution

    make_contribution(consultation, article=articles[0], channel="email", author_name="Ion")
    with pytest.raises(services.ArticleLocked):
        services.article_update(acting_user=manager, article=articles[0], number="Art. 1",
                                heading="Scope", body="Changed.", level=1)
    with pytest.raises(services.ArticleLocked):
        services.article_delete(acting_user=manager, article=articles[0])
    # An article nobody commented on can still be corrected.
    services.article_update(acting_user=manager, article=articles[1], number="Art. 2",
                            heading="Fees", body="Typo corrected.", level=1)
    # New articles go into a revised version, not into the announced draft.
    with pytest.raises(services.ArticleLocked):
        services.article_create(acting_user=manager, consultation=consultation,
                                number="Art. 9", body="New.")


def test_it_replaces_the_draft_only_while_a_draft(component, consultation, manager):
    units = [services.Unit(key="art-1", number="Art. 1", heading="", body="Only one.",
                           level=1)]
    with pytest.raises(services.ArticleLocked):
        services.draft_replace(acting_user=manager, consultation=consultation, units=units)
    fresh = draft(component)
    count = services.draft_replace(acting_user=manager, consultation=fresh, units=units,
                                   source_name="hcl.docx")
    assert count == 1
    assert keys(fresh) == ["art-1"]
    assert DraftVersion.objects.get(consultation=fresh).source_name == "hcl.docx"
    entry = AuditEntry.objects.get(action="consultation.draft_import")
    assert entry.changes["articles"] == [3, 1]


def test_it_imports_the_draft_from_markdown(component, manager):
    fresh = draft(component)
    text = "# Art. 1 Scope\n\nThe rules.\n\n# Art. 2 Fees\n\nFive lei.\n"
    count = services.draft_import(acting_user=manager, consultation=fresh,
                                  data=text.encode(), filename="draft.md")
    assert count == len(keys(fresh)) >= 2


# --- documents ------------------------------------------------------------------------------


def test_it_attaches_documents_with_their_role(component, manager):
    consultation = draft(component)
    report = attach(consultation, manager)
    annex = attach(consultation, manager, role="annex")
    consultation.refresh_from_db()
    assert consultation.document_roles == {str(report.pk): "justification",
                                           str(annex.pk): "annex"}
    assert services.has_document(consultation, "justification")
    services.document_set_role(acting_user=manager, consultation=consultation,
                               attachment=report, role="impact_study")
    consultation.refresh_from_db()
    assert not services.has_document(consultation, "justification")


def test_it_refuses_an_unknown_document_role(component, manager):
    with pytest.raises(ValidationError):
        attach(draft(component), manager, role="poster")


def test_a_paragraph_reads_with_the_number_of_its_article(component, manager):
    from participa.components.consultations.services.consultations import (
        consultation_create,
        draft_replace,
    )
    from participa.lib.documents import parse_markdown

    consultation = consultation_create(acting_user=manager, component=component,
                                       title={"en": "Fees"})
    draft_replace(acting_user=manager, consultation=consultation, units=parse_markdown(
        "Art. 1. Scope\nThe rules.\n\nArt. 2. Fees\n(1) Five lei an hour.\n(2) Free on Sundays.\n"))
    labels = [str(article) for article in
              consultation.versions.get(number=1).articles.order_by("position")]
    assert "Art. 2 (1)" in labels and "Art. 2 (2)" in labels
