"""Campaigns: near-identical contributions grouped, answered once, reported as one position.

``campaigns_detect`` groups a consultation's contributions by their text (the redacted text
when there is one, since signatures differ) with ``participa.lib.similarity`` and the
consultation's ``similarity_threshold``. A campaign that already has an answer (a draft
included) is never touched by detection: its collective answer stays valid. Campaigns without
an answer are regrouped; one whose members mostly stay together keeps its id and name.

Every write here is typed, keyword-only, atomic and audited; detection writes in bulk and one
audit entry per run, whatever the number of contributions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.components.consultations.actions import ConsultationAction
from participa.components.consultations.models import (
    Answer,
    AnswerState,
    Campaign,
    Consultation,
    Contribution,
)
from participa.core.actions import AuditAction
from participa.core.audit import audit_record, audited_update
from participa.core.models import User
from participa.lib.similarity import group_near_duplicates

BATCH = 900
LABEL_MAX_LENGTH = 200


@dataclass(frozen=True)
class DetectResult:
    """What one detection run did."""

    campaigns: int  # campaigns of the consultation after the run
    created: int  # new campaigns
    updated: int  # campaigns without an answer kept (same id and name), members may change
    dissolved: int  # campaigns without an answer that no longer group anything
    kept_answered: int  # campaigns with an answer, left as they were
    grouped: int  # contributions in a campaign after the run
    threshold: float


def _text(body: str, body_redacted: str) -> str:
    return body_redacted or body


def _answered_ids(consultation: Consultation) -> set[int]:
    return set(
        Answer.objects.filter(consultation=consultation, campaign__isnull=False)
        .values_list("campaign_id", flat=True)
    )


def supersede_member_answers(*, acting_user: User | None,
                             consultation: Consultation) -> list[int]:
    """Mark as superseded the own draft or approved answers of contributions that are now in a
    campaign: the campaign's collective answer answers them. The answers are kept for the
    record; one whose contribution left every campaign is a draft again. Returns the numbers
    of the contributions whose answer was superseded."""
    superseded = Answer.objects.filter(
        consultation=consultation, contribution__campaign__isnull=False,
        state__in=(AnswerState.DRAFT, AnswerState.APPROVED))
    numbers = sorted(superseded.values_list("contribution__number", flat=True))
    if numbers:
        Answer.objects.filter(pk__in=list(superseded.values_list("pk", flat=True))).update(
            state=AnswerState.SUPERSEDED, superseded_at=timezone.now())
        audit_record(organization=consultation.organization, actor=acting_user,
                     action=AuditAction.ANSWER_SUPERSEDE, obj=consultation,
                     changes={"contributions": numbers})
    # A contribution out of any campaign again: its own answer is a draft again, to review.
    restored = Answer.objects.filter(consultation=consultation, state=AnswerState.SUPERSEDED,
                                     contribution__campaign__isnull=True)
    back = sorted(restored.values_list("contribution__number", flat=True))
    if back:
        Answer.objects.filter(pk__in=list(restored.values_list("pk", flat=True))).update(
            state=AnswerState.DRAFT, superseded_at=None, reviewed_by=None, reviewed_at=None)
        audit_record(organization=consultation.organization, actor=acting_user,
                     action=AuditAction.ANSWER_RESTORE, obj=consultation,
                     changes={"contributions": back})
    return numbers


def _with_published_own_answer(consultation: Consultation) -> set[int]:
    return set(Answer.objects.filter(consultation=consultation, contribution__isnull=False,
                                     state=AnswerState.PUBLISHED)
               .values_list("contribution_id", flat=True))


def _lock(consultation: Consultation) -> Consultation:
    """Serialise the writes on a consultation's campaigns."""
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


@transaction.atomic
def campaigns_detect(*, acting_user: User | None, consultation: Consultation) -> DetectResult:
    """Group the contributions not in an answered campaign into campaigns (2 or more each)."""
    consultation = _lock(consultation)
    threshold = consultation.similarity_threshold
    answered = _answered_ids(consultation)
    # A contribution whose own answer is published keeps it: it never gets a second one.
    rows = list(
        Contribution.objects.filter(consultation=consultation, campaign_excluded=False)
        .exclude(campaign_id__in=answered)
        .exclude(pk__in=_with_published_own_answer(consultation))
        .order_by("number")
        .values_list("pk", "campaign_id", "body", "body_redacted")
    )
    groups = group_near_duplicates([_text(body, redacted) for _, _, body, redacted in rows],
                                   threshold)
    previous = set(
        Campaign.objects.filter(consultation=consultation).exclude(pk__in=answered)
        .values_list("pk", flat=True)
    )

    # A new group reuses the unanswered campaign most of its members were in (largest groups
    # choose first), so that names given by staff and links survive a new run.
    wanted: dict[int, int | None] = {pk: None for pk, *_ in rows}
    reused: set[int] = set()
    fresh: list[list[int]] = []
    for group in sorted(groups, key=len, reverse=True):
        members = [rows[index][0] for index in group]
        counts = Counter(rows[index][1] for index in group if rows[index][1] in previous)
        choice = next((pk for pk, _ in counts.most_common() if pk not in reused), None)
        if choice is None:
            fresh.append(members)
            continue
        reused.add(choice)
        for pk in members:
            wanted[pk] = choice
    created = Campaign.objects.bulk_create(
        [Campaign(consultation=consultation) for _ in fresh], batch_size=BATCH)
    for campaign, members in zip(created, fresh, strict=True):
        for pk in members:
            wanted[pk] = campaign.pk

    # One UPDATE ... WHERE id IN (...) per campaign whose members change (cheaper than
    # bulk_update's CASE per row), in chunks that any database accepts.
    current = {pk: campaign_id for pk, campaign_id, *_ in rows}
    moves: dict[int | None, list[int]] = {}
    for pk, campaign_id in wanted.items():
        if current[pk] != campaign_id:
            moves.setdefault(campaign_id, []).append(pk)
    for campaign_id, pks in moves.items():
        for start in range(0, len(pks), BATCH):
            Contribution.objects.filter(pk__in=pks[start:start + BATCH]).update(
                campaign_id=campaign_id)
    changed = sum(len(pks) for pks in moves.values())
    dissolved = previous - reused
    Campaign.objects.filter(pk__in=dissolved).delete()

    result = DetectResult(
        campaigns=len(reused) + len(created) + len(answered),
        created=len(created), updated=len(reused), dissolved=len(dissolved),
        kept_answered=len(answered),
        grouped=sum(len(group) for group in groups) + Contribution.objects.filter(
            consultation=consultation, campaign_id__in=answered).count(),
        threshold=threshold,
    )
    supersede_member_answers(acting_user=acting_user, consultation=consultation)
    audit_record(
        organization=consultation.organization, actor=acting_user,
        action=ConsultationAction.CAMPAIGN_DETECT,
        obj=consultation,
        changes={"threshold": threshold, "contributions_compared": len(rows),
                 "contributions_moved": changed, "campaigns": result.campaigns,
                 "created": result.created, "updated": result.updated,
                 "dissolved": result.dissolved, "kept_answered": result.kept_answered},
    )
    return result


def _is_answered(campaign: Campaign) -> bool:
    return Answer.objects.filter(campaign=campaign).exists()


@transaction.atomic
def campaign_remove_member(*, acting_user: User | None, contribution: Contribution) -> bool:
    """Take ``contribution`` out of its campaign; True when the campaign was dissolved.

    A campaign left with fewer than 2 members is dissolved, unless it has an answer (its
    collective answer then still answers the remaining member).
    """
    _lock(contribution.consultation)
    contribution = Contribution.objects.select_related("consultation").get(pk=contribution.pk)
    campaign_id = contribution.campaign_id
    if campaign_id is None:
        return False
    campaign = Campaign.objects.get(pk=campaign_id)
    org = contribution.consultation.organization
    # Remembered, so that a later detection does not put it back.
    Contribution.objects.filter(pk=contribution.pk).update(campaign=None, campaign_excluded=True)
    supersede_member_answers(acting_user=acting_user, consultation=contribution.consultation)
    audit_record(organization=org, actor=acting_user,
                 action=ConsultationAction.CAMPAIGN_REMOVE_MEMBER, obj=contribution,
                 changes={"campaign": [campaign_id, None]})
    remaining = list(Contribution.objects.filter(campaign=campaign).values_list("pk", flat=True))
    if len(remaining) >= 2 or _is_answered(campaign):
        return False
    Contribution.objects.filter(pk__in=remaining).update(campaign=None)
    supersede_member_answers(acting_user=acting_user, consultation=contribution.consultation)
    audit_record(organization=org, actor=acting_user,
                 action=ConsultationAction.CAMPAIGN_DISSOLVE, obj=campaign,
                 changes={"members": [remaining, []]})
    campaign.delete()
    return True


@transaction.atomic
def campaign_rename(*, acting_user: User | None, campaign: Campaign, label: str) -> Campaign:
    """Give the campaign a name staff recognise (empty: the default "Campaign N")."""
    label = " ".join(label.split())
    if len(label) > LABEL_MAX_LENGTH:
        raise ValidationError(
            {"label": ngettext("Use at most %(count)s character for the name.",
                               "Use at most %(count)s characters for the name.", LABEL_MAX_LENGTH)
             % {"count": LABEL_MAX_LENGTH}})
    audited_update(campaign, organization=campaign.consultation.organization,
                   actor=acting_user, action=ConsultationAction.CAMPAIGN_RENAME,
                   values={"label": label})
    return campaign


@transaction.atomic
def campaign_merge(*, acting_user: User | None, target: Campaign,
                   others: list[Campaign]) -> Campaign:
    """Move the members of ``others`` into ``target`` and delete them.

    Refused when one of ``others`` has an answer (its collective answer would be lost) or
    belongs to another consultation.
    """
    _lock(target.consultation)
    others = [other for other in others if other.pk != target.pk]
    if any(other.consultation_id != target.consultation_id for other in others):
        raise ValidationError(_("Only campaigns of the same consultation can be merged."))
    if Answer.objects.filter(campaign__in=others).exists():
        raise ValidationError(_("A campaign that already has an answer cannot be merged into "
                                "another. Merge the others into it instead."))
    moved = Contribution.objects.filter(campaign__in=others).update(campaign=target)
    audit_record(organization=target.consultation.organization, actor=acting_user,
                 action=ConsultationAction.CAMPAIGN_MERGE, obj=target,
                 changes={"merged": [other.pk for other in others], "contributions": moved})
    Campaign.objects.filter(pk__in=[other.pk for other in others]).delete()
    supersede_member_answers(acting_user=acting_user, consultation=target.consultation)
    return target
