"""Redaction review: a moderator checks what is hidden in a contribution, then approves it.

Redactions are spans ``[start, end, kind]`` over the original text (``Contribution.body``);
``body_redacted`` is always recomputed from them with the organization's placeholder. Only an
approved contribution's redacted text is ever public. Changing the redactions of an approved
contribution keeps it approved (the public text changes at once) and is audited again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.components.consultations import permissions
from participa.components.consultations.actions import ConsultationAction
from participa.components.consultations.models import Consultation, Contribution, Publication
from participa.core.audit import audit_record
from participa.core.models import User
from participa.redaction import engine as redaction
from participa.redaction.review import (
    ALL_KINDS,
    find_occurrences,
    merge_span,
    validate_spans,
)


def _check(acting_user: User, consultation: Consultation) -> None:
    if not permissions.can_moderate_contributions(acting_user, consultation):
        raise PermissionDenied


def _lock(contribution: Contribution) -> Contribution:
    return Contribution.objects.select_for_update(of=("self",)).select_related(
        "consultation__component__space__organization").get(pk=contribution.pk)


def _sync(target: Contribution, source: Contribution) -> None:
    for name in ("redactions", "body_redacted", "redaction_approved_at",
                 "redaction_approved_by_id"):
        setattr(target, name, getattr(source, name))


@transaction.atomic
def redaction_update(*, acting_user: User, contribution: Contribution,
                     spans: Sequence[Any]) -> Contribution:
    """Replace the redactions of ``contribution`` and recompute its published text."""
    _check(acting_user, contribution.consultation)
    locked = _lock(contribution)
    cleaned = validate_spans(locked.body, list(spans))
    before = locked.redactions or []
    org = locked.consultation.organization
    locked.redactions = cleaned
    locked.body_redacted = redaction.apply_json(org, locked.body, cleaned)
    locked.save(update_fields=["redactions", "body_redacted"])
    if before != cleaned:
        # Offsets only: the audit log never copies personal data.
        audit_record(organization=org, actor=acting_user,
                     action=ConsultationAction.CONTRIBUTION_REDACTION_UPDATE,
                     obj=locked, changes={"redactions": [before, cleaned],
                                          "approved": locked.redaction_approved_at is not None})
    _sync(contribution, locked)
    return locked


@transaction.atomic
def redaction_hide_words(*, acting_user: User, contribution: Contribution, words: str,
                         kind: str = "name", all_occurrences: bool = False) -> int:
    """Hide the words the moderator typed (the first or every occurrence); returns how many
    places were hidden."""
    _check(acting_user, contribution.consultation)
    words = (words or "").strip()
    if not words:
        raise ValidationError(_("Type the words to hide, exactly as they appear in the text."))
    if kind not in ALL_KINDS:
        raise ValidationError(_("Choose what kind of personal data these words are."))
    locked = _lock(contribution)
    places = find_occurrences(locked.body, words, all_occurrences=all_occurrences)
    if not places:
        raise ValidationError(_("“%(words)s” does not appear in the original text. Copy the "
                                "words exactly as they are written.") % {"words": words})
    spans = validate_spans(locked.body, locked.redactions or [])
    for start, end in places:
        spans = merge_span(spans, start, end, kind)
    redaction_update(acting_user=acting_user, contribution=locked, spans=spans)
    _sync(contribution, locked)
    return len(places)


@transaction.atomic
def redaction_remove(*, acting_user: User, contribution: Contribution, start: int,
                     end: int) -> bool:
    """Keep visible the words at ``start``-``end``: remove that redaction. False when it is
    no longer there (someone else removed it)."""
    _check(acting_user, contribution.consultation)
    locked = _lock(contribution)
    spans = validate_spans(locked.body, locked.redactions or [])
    kept = [span for span in spans if not (span[0] == start and span[1] == end)]
    if len(kept) == len(spans):
        return False
    redaction_update(acting_user=acting_user, contribution=locked, spans=kept)
    _sync(contribution, locked)
    return True


def _approve_locked(acting_user: User, locked: Contribution) -> bool:
    if locked.redaction_approved_at is not None:
        return False
    org = locked.consultation.organization
    fields = ["redaction_approved_at", "redaction_approved_by"]
    if not locked.body_redacted:
        locked.body_redacted = redaction.apply_json(org, locked.body, locked.redactions or [])
        fields.append("body_redacted")
    locked.redaction_approved_at = timezone.now()
    locked.redaction_approved_by = acting_user
    locked.save(update_fields=fields)
    audit_record(organization=org, actor=acting_user,
                 action=ConsultationAction.CONTRIBUTION_REDACTION_APPROVE,
                 obj=locked, changes={"redactions": locked.redactions or [],
                                      "redaction_approved_at": [
                                          None, locked.redaction_approved_at.isoformat()]})
    return True


@transaction.atomic
def redaction_approve(*, acting_user: User, contribution: Contribution) -> bool:
    """Approve the redacted text: from now on it may be published. False if already approved."""
    _check(acting_user, contribution.consultation)
    locked = _lock(contribution)
    approved = _approve_locked(acting_user, locked)
    _sync(contribution, locked)
    return approved


@transaction.atomic
def redaction_approve_many(*, acting_user: User, consultation: Consultation,
                           contribution_ids: Iterable[int]) -> int:
    """Approve several contributions of ``consultation`` at once (a page of the review list);
    returns how many were approved now (those already approved are skipped)."""
    _check(acting_user, consultation)
    ids = sorted({int(pk) for pk in contribution_ids})
    rows = list(
        Contribution.objects.select_for_update(of=("self",))
        .select_related("consultation__component__space__organization")
        .filter(consultation=consultation, pk__in=ids, redaction_approved_at__isnull=True)
        .order_by("pk")
    )
    return sum(1 for row in rows if _approve_locked(acting_user, row))


def awaiting_review(consultation: Consultation, *, approved: bool = False) -> Any:
    """Contributions whose redaction waits for approval (or, with ``approved``, is approved).

    Contributions their authors chose not to publish are left out: their text is never public.
    """
    return (Contribution.objects.filter(consultation=consultation,
                                        redaction_approved_at__isnull=not approved)
            .exclude(publication=Publication.NOT_PUBLISHED)
            .order_by("number"))
