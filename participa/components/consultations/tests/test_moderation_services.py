"""Redaction review: spans edited by a moderator, the published text recomputed, approval."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from participa.components.consultations import selectors
from participa.components.consultations.models import Channel, Publication
from participa.components.consultations.services.moderation import (
    awaiting_review,
    redaction_approve,
    redaction_approve_many,
    redaction_hide_words,
    redaction_remove,
    redaction_update,
)
from participa.components.consultations.tests.conftest import make_contribution
from participa.core.models import AuditEntry

pytestmark = pytest.mark.django_db

BODY = "Mă numesc Ion Popescu, ion.popescu@example.ro. Ion Popescu cere parcări."
EMAIL = (23, 45, "email")  # "ion.popescu@example.ro"


def pending(consultation, body=BODY, **extra):
    contribution = make_contribution(consultation, channel=Channel.EMAIL, body=body,
                                     approved=False, **extra)
    contribution.redactions = [list(EMAIL)]
    contribution.body_redacted = body[:23] + "[redacted]" + body[45:]
    contribution.save()
    return contribution


def test_the_fixture_span_is_the_email():
    assert BODY[EMAIL[0]:EMAIL[1]] == "ion.popescu@example.ro"


def test_a_moderator_replaces_the_spans_and_the_text_is_recomputed(consultation, moderator):
    contribution = pending(consultation)
    redaction_update(acting_user=moderator, contribution=contribution,
                     spans=[[10, 21, "name"], list(EMAIL)])
    contribution.refresh_from_db()
    assert contribution.redactions == [[10, 21, "name"], list(EMAIL)]
    assert contribution.body_redacted == (
        "Mă numesc [redacted], [redacted]. Ion Popescu cere parcări.")
    entry = AuditEntry.objects.get(action="contribution.redaction_update")
    assert entry.changes["redactions"] == [[list(EMAIL)], [[10, 21, "name"], list(EMAIL)]]
    assert "Popescu" not in str(entry.changes)  # the audit log keeps offsets, not data


def test_it_uses_the_organization_placeholder(consultation, moderator, org):
    org.redaction_placeholders = {"en": "=anonimizat="}
    org.save()
    contribution = pending(consultation)
    redaction_update(acting_user=moderator, contribution=contribution, spans=[list(EMAIL)])
    contribution.refresh_from_db()
    assert "=anonimizat=" in contribution.body_redacted


@pytest.mark.parametrize("spans, message", [
    ([[0, 500, "name"]], "outside the text"),
    ([[-1, 3, "name"]], "outside the text"),
    ([[5, 5, "name"]], "outside the text"),
    ([[0, 10, "name"], [5, 12, "name"]], "overlap"),
    ([[0, 10, "secret"]], "not a known kind"),
    ([["a", 1]], "expected form"),
])
def test_it_refuses_bad_spans(consultation, moderator, spans, message):
    contribution = pending(consultation)
    with pytest.raises(ValidationError, match=message):
        redaction_update(acting_user=moderator, contribution=contribution, spans=spans)
    contribution.refresh_from_db()
    assert contribution.redactions == [list(EMAIL)]


def test_hiding_typed_words_finds_every_occurrence(consultation, moderator):
    contribution = pending(consultation)
    assert redaction_hide_words(acting_user=moderator, contribution=contribution,
                                words="ion  popescu", kind="name", all_occurrences=True) == 2
    contribution.refresh_from_db()
    assert "Popescu" not in contribution.body_redacted.replace("popescu@", "")
    assert contribution.body_redacted == (
        "Mă numesc [redacted], [redacted]. [redacted] cere parcări.")


def test_hiding_only_the_first_occurrence(consultation, moderator):
    contribution = pending(consultation)
    redaction_hide_words(acting_user=moderator, contribution=contribution,
                         words="Ion Popescu", all_occurrences=False)
    contribution.refresh_from_db()
    assert contribution.body_redacted.endswith("Ion Popescu cere parcări.")


def test_hiding_words_that_overlap_a_redaction_merges_them(consultation, moderator):
    contribution = pending(consultation)
    redaction_hide_words(acting_user=moderator, contribution=contribution,
                         words="Popescu, ion.popescu", kind="name")
    contribution.refresh_from_db()
    assert contribution.redactions == [[14, 45, "email"]]


def test_hiding_words_that_are_not_there_says_so(consultation, moderator):
    contribution = pending(consultation)
    with pytest.raises(ValidationError, match="does not appear in the original text"):
        redaction_hide_words(acting_user=moderator, contribution=contribution,
                             words="Maria Ionescu")
    with pytest.raises(ValidationError, match="Type the words"):
        redaction_hide_words(acting_user=moderator, contribution=contribution, words="  ")


def test_keep_visible_removes_one_redaction(consultation, moderator):
    contribution = pending(consultation)
    assert redaction_remove(acting_user=moderator, contribution=contribution,
                            start=EMAIL[0], end=EMAIL[1])
    contribution.refresh_from_db()
    assert contribution.redactions == []
    assert contribution.body_redacted == BODY
    assert not redaction_remove(acting_user=moderator, contribution=contribution,
                                start=EMAIL[0], end=EMAIL[1])


def test_approval_makes_the_redacted_text_public(consultation, moderator):
    contribution = pending(consultation)
    assert contribution not in selectors.public_contributions(consultation)
    assert redaction_approve(acting_user=moderator, contribution=contribution)
    contribution.refresh_from_db()
    assert contribution.redaction_approved_by == moderator
    assert contribution.redaction_approved_at is not None
    public = list(selectors.public_contributions(consultation))
    assert public == [contribution]
    assert "ion.popescu@example.ro" not in public[0].body_redacted
    assert AuditEntry.objects.filter(action="contribution.redaction_approve").count() == 1
    assert not redaction_approve(acting_user=moderator, contribution=contribution)
    assert AuditEntry.objects.filter(action="contribution.redaction_approve").count() == 1


def test_approval_computes_a_missing_redacted_text(consultation, moderator):
    contribution = pending(consultation)
    contribution.body_redacted = ""
    contribution.save()
    redaction_approve(acting_user=moderator, contribution=contribution)
    contribution.refresh_from_db()
    assert contribution.body_redacted == BODY[:23] + "[redacted]" + BODY[45:]


def test_editing_after_approval_keeps_it_approved_and_audits_again(consultation, moderator):
    contribution = pending(consultation)
    redaction_approve(acting_user=moderator, contribution=contribution)
    redaction_hide_words(acting_user=moderator, contribution=contribution, words="Ion Popescu",
                         all_occurrences=True)
    contribution.refresh_from_db()
    assert contribution.redaction_approved_at is not None
    public = selectors.public_contributions(consultation).get()
    assert "Popescu" not in public.body_redacted.replace("[redacted]", "")
    entry = AuditEntry.objects.filter(action="contribution.redaction_update").latest("pk")
    assert entry.changes["approved"] is True


def test_approve_many_approves_a_page_at_once(consultation, moderator, component):
    rows = [pending(consultation) for _ in range(3)]
    already = pending(consultation)
    redaction_approve(acting_user=moderator, contribution=already)
    from participa.components.consultations.tests.conftest import make_consultation

    other = make_consultation(component, slug="other")
    stranger = pending(other)
    count = redaction_approve_many(acting_user=moderator, consultation=consultation,
                                   contribution_ids=[r.pk for r in rows] + [already.pk,
                                                                           stranger.pk])
    assert count == 3
    stranger.refresh_from_db()
    assert stranger.redaction_approved_at is None
    assert not awaiting_review(consultation).exists()


def test_awaiting_review_leaves_out_unpublished_contributions(consultation):
    shown = pending(consultation)
    pending(consultation, publication=Publication.NOT_PUBLISHED)
    assert list(awaiting_review(consultation)) == [shown]


def test_only_moderators_and_managers_review(consultation, resident, official, manager):
    contribution = pending(consultation)
    with pytest.raises(PermissionDenied):
        redaction_approve(acting_user=resident, contribution=contribution)
    with pytest.raises(PermissionDenied):
        redaction_update(acting_user=resident, contribution=contribution, spans=[])
    with pytest.raises(PermissionDenied):
        redaction_approve_many(acting_user=resident, consultation=consultation,
                               contribution_ids=[contribution.pk])
    assert redaction_approve(acting_user=manager, contribution=contribution)


def test_the_search_index_gets_only_the_approved_redacted_text(consultation, moderator):
    from participa.search.models import SearchDocument

    contribution = pending(consultation)
    kind = {"kind": "contribution", "object_id": contribution.pk}
    assert not SearchDocument.objects.filter(**kind).exists()
    redaction_approve(acting_user=moderator, contribution=contribution)
    document = SearchDocument.objects.get(**kind)
    assert "ion.popescu@example.ro" not in str(document.excerpt) + document.normalized
    redaction_hide_words(acting_user=moderator, contribution=contribution, words="Ion Popescu",
                         all_occurrences=True)
    document = SearchDocument.objects.get(**kind)
    assert "popescu" not in (str(document.excerpt) + document.normalized).lower()
