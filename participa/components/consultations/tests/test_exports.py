"""Open data of consultations: only public rows, redacted text, never personal data."""

from __future__ import annotations

from participa.components.consultations.exports import consultation_rows, contribution_rows
from participa.components.consultations.models import (
    Channel,
    Consultation,
    ConsultationState,
    Publication,
)
from participa.components.consultations.tests.conftest import (
    make_consultation,
    make_contribution,
)
from participa.components.consultations.tests.test_reports import answer
from participa.core.models import User
from participa.redaction.engine import redact_for
from participa.spaces.models import Component, Visibility

EMAIL = "ion.popescu.secret@example.net"
NAME = "Ion Popescu"


def seed(consultation: Consultation, resident: User, manager: User,
         second_official: User) -> None:
    org = consultation.organization
    original = f"Mă numesc {NAME}, e-mail {EMAIL}. Propun piste de biciclete pe strada Mare."
    redacted = redact_for(org, original, names=[NAME]).text
    named = make_contribution(consultation, channel=Channel.EMAIL, author_name="Asociația X",
                              author_email=EMAIL, body=original)
    named.body_redacted = redacted
    named.save(update_fields=["body_redacted"])
    answer(named, outcome="partial", justification="Parțial: doar pe strada Mare.",
           drafted_by=manager, reviewed_by=second_official)
    anonymous = make_contribution(consultation, author=resident, body="Anonim: mai mulți copaci.",
                                  publication=Publication.ANONYMOUS)
    answer(anonymous, outcome="rejected", justification="Draft only.", drafted_by=manager,
           published=False)
    make_contribution(consultation, channel=Channel.POST, author_name=NAME, author_email=EMAIL,
                      publication=Publication.NOT_PUBLISHED, body=f"Secret {NAME} {EMAIL}")
    make_contribution(consultation, channel=Channel.POST, author_name="Pending Person",
                      approved=False, body="Not yet checked by a moderator.")


def test_it_exports_public_contributions_without_personal_data(
        consultation: Consultation, resident: User, manager: User,
        second_official: User) -> None:
    seed(consultation, resident, manager, second_official)
    rows = contribution_rows(consultation.component)
    assert [row["number"] for row in rows] == [1, 2]
    first, second = rows
    assert "piste de biciclete" in first["text"]
    assert first["author"] == "Asociația X"
    assert first["outcome"] == "partial"
    assert first["justification"] == "Parțial: doar pe strada Mare."
    assert second["author"] == "Anonymous contributor"
    assert second["outcome"] == "" and second["justification"] == ""   # not published
    everything = repr(rows) + repr(consultation_rows(consultation.component))
    for secret in (EMAIL, NAME, "Popescu", "Secret", "Pending Person", "Not yet checked",
                   resident.email, resident.display_name, "Draft only"):
        assert secret not in everything, secret


def test_it_exports_announced_consultations_with_counts(
        consultation: Consultation, component: Component, resident: User, manager: User,
        second_official: User) -> None:
    seed(consultation, resident, manager, second_official)
    make_consultation(component, slug="draft-one", state=ConsultationState.DRAFT)
    rows = consultation_rows(component)
    assert len(rows) == 1
    row = rows[0]
    assert row["slug"] == "parking-rules"
    assert row["title_en"] == "Parking rules" and row["title_ro"] == "Regulament parcare"
    assert row["status"] == "open"
    assert row["contributions"] == 4
    assert row["contributions_published"] == 2


def test_nothing_leaves_a_private_or_unpublished_space(
        consultation: Consultation, component: Component, resident: User) -> None:
    make_contribution(consultation, author=resident)
    space = component.space
    space.visibility = Visibility.MEMBERS
    space.save(update_fields=["visibility"])
    assert consultation_rows(component) == [] and contribution_rows(component) == []
    space.visibility = Visibility.PUBLIC
    space.save(update_fields=["visibility"])
    component.published_at = None
    component.save(update_fields=["published_at"])
    assert consultation_rows(component) == [] and contribution_rows(component) == []


