"""Answers to contributions: drafts, four-eyes review, publication of all at once, closing.

Every write here is typed, keyword-only, atomic and audited. The rules:

* a draft answer concerns one contribution, or a whole campaign (a collective answer; the
  members then need no answer of their own);
* a justification is mandatory unless the outcome is "accepted" (the database backs it);
* a second official, never the drafter, approves a draft (four eyes; the database backs it);
  changing an approved answer sends it back for review; a published answer never changes;
* all approved answers are published at once, with the same time, and the followers are told;
* a consultation is closed as final only after its comment period, and — when its legal
  profile asks for a written answer to every recommendation — only once every contribution
  has a published answer (its own or its campaign's).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, When
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.answers.services import (
    answer_clean,
    answer_translations_clean,
    answers_count_by,
    answers_publish_approved,
    review_refusal,
)
from participa.components.consultations import permissions
from participa.components.consultations.actions import ConsultationAction, ConsultationJournalAction
from participa.components.consultations.models import (
    CONTRIBUTION_ANSWERS,
    Answer,
    AnswerState,
    Campaign,
    Consultation,
    ConsultationState,
    Contribution,
    Outcome,
)
from participa.components.consultations.services.debates import debates_pending_refusal
from participa.components.consultations.services.journal import consultation_line
from participa.core.actions import AuditAction
from participa.core.audit import Notice, audit_record, audited_create, diff, record, snapshot
from participa.core.journal import Public, in_languages
from participa.core.models import User
from participa.lib import legal

# The legal parameter (see participa.lib.legal) that makes closing wait for an answer to
# every contribution; true unless the profile or the organization says otherwise.
ANSWER_EVERY_CONTRIBUTION = "answer_every_contribution"


def _save_audited(obj: models.Model, *, actor: User | None,
                  action: AuditAction | ConsultationAction, values: dict[str, Any],
                  organization: Any) -> dict[str, list[Any]]:
    """Set ``values`` on ``obj``, save only those fields and audit what changed."""
    fields = list(values)
    before = snapshot(obj, fields)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save(update_fields=fields)
    changes = diff(before, snapshot(obj, fields))
    if changes:
        audit_record(organization=organization, actor=actor, action=action, obj=obj,
                     changes=changes)
    return changes


def requires_answer_to_every_contribution(consultation: Consultation) -> bool:
    """Whether closing as final waits for a published answer to every contribution.

    Law 52/2003 (ro) asks for a written justification of every recommendation not adopted;
    art. 5a resolutions (pl) ask for the city's position on every comment; the EU guidelines
    ask for feedback on the contributions received, which Participa gives as an answer to each.
    An organization may switch it off with the legal parameter ``answer_every_contribution``.
    """
    org = consultation.organization
    params = legal.parameters(consultation.legal_profile, org.legal_parameters or {})
    return bool(params.get(ANSWER_EVERY_CONTRIBUTION, True))


# --- reads ---------------------------------------------------------------------------------

def _published_answers() -> QuerySet[Answer]:
    return Answer.objects.filter(state=AnswerState.PUBLISHED)


def unanswered(consultation: Consultation) -> QuerySet[Contribution]:
    """Contributions without a published answer: neither their own nor their campaign's."""
    published = _published_answers()
    return (
        Contribution.objects.filter(consultation=consultation)
        .exclude(Exists(published.filter(contribution_id=OuterRef("pk"))))
        .exclude(Exists(published.filter(campaign_id=OuterRef("campaign_id"))))
        .order_by("number")
    )


def with_effective_answer(queryset: QuerySet[Contribution]) -> QuerySet[Contribution]:
    """Annotate ``answer_state`` and ``answer_outcome``: the contribution's own answer, or
    else its campaign's collective answer (None when there is neither)."""
    # An own answer superseded by the campaign's (kept for the record) does not count.
    own = Q(answer__isnull=False) & ~Q(answer__state=AnswerState.SUPERSEDED)
    return queryset.annotate(
        answer_state=Case(When(own, then=F("answer__state")),
                          default=F("campaign__answer__state")),
        answer_outcome=Case(When(own, then=F("answer__outcome")),
                            default=F("campaign__answer__outcome")),
    )


def answer_counts(consultation: Consultation) -> dict[str, int]:
    """Counters for the answers page: total, without_answer, drafts, approved, published
    (own or collective answers) and missing (without a published answer)."""
    base = with_effective_answer(Contribution.objects.filter(consultation=consultation))
    counts = base.aggregate(
        total=Count("pk"),
        without_answer=Count("pk", filter=Q(answer_state__isnull=True)),
        drafts=Count("pk", filter=Q(answer_state=AnswerState.DRAFT)),
        approved=Count("pk", filter=Q(answer_state=AnswerState.APPROVED)),
        published=Count("pk", filter=Q(answer_state=AnswerState.PUBLISHED)),
    )
    result = {key: int(value or 0) for key, value in counts.items()}
    result["missing"] = unanswered(consultation).count()
    return result


def answers_waiting(consultation: Consultation) -> dict[str, int]:
    """Answers (own and collective) by state: what publishing all would do."""
    return answers_count_by(Answer.objects.filter(consultation=consultation))["state"]


def out_of_scope_for_action_plan(consultation: Consultation, *,
                                 published_only: bool = True) -> QuerySet[Answer]:
    """Answers "out of scope (noted for the action plan)", for the action-plan component."""
    answers = Answer.objects.filter(consultation=consultation, outcome=Outcome.OUT_OF_SCOPE)
    if published_only:
        answers = answers.filter(state=AnswerState.PUBLISHED)
    return answers.select_related("contribution", "campaign").order_by("id")


# --- drafting and review -------------------------------------------------------------------

def _clean_answer(outcome: str, justification: str) -> tuple[str, str]:
    return answer_clean(CONTRIBUTION_ANSWERS, outcome=outcome, justification=justification)


@transaction.atomic
def answer_save_draft(
    *,
    acting_user: User,
    contribution: Contribution | None = None,
    campaign: Campaign | None = None,
    outcome: str,
    justification: str,
    justification_translations: Mapping[str, str] | None = None,
) -> Answer:
    """Create or change the draft answer of one contribution, or a campaign's collective answer.

    Changing an approved answer sends it back to draft: a second official reviews it again.
    A published answer cannot be changed.
    """
    if (contribution is None) == (campaign is None):
        raise ValueError("Answer either one contribution or one campaign.")
    if contribution is not None and Contribution.objects.filter(
            pk=contribution.pk, campaign__isnull=False).exists():
        raise ValidationError(_(
            "Contribution %(number)s belongs to a campaign: write the campaign's collective "
            "answer, or take the contribution out of the campaign first.") % {
                "number": contribution.number})
    target: Contribution | Campaign = contribution if contribution is not None else campaign  # type: ignore[assignment]
    consultation = Consultation.objects.select_related("component__space__organization").get(
        pk=target.consultation_id)
    if not permissions.can_draft_answer(acting_user, consultation):
        raise PermissionDenied
    if consultation.state == ConsultationState.FINAL:
        raise ValidationError(_("The consultation is closed as final: its answers can no "
                                "longer change."))
    outcome, justification = _clean_answer(outcome, justification)
    org = consultation.organization
    translations = answer_translations_clean(justification_translations,
                                             languages=org.languages,
                                             default=org.default_language)
    # Lock the contribution (or campaign) so that two officials never create two answers.
    type(target).objects.select_for_update().filter(pk=target.pk).first()
    lookup = {"contribution": target} if contribution is not None else {"campaign": target}
    answer = Answer.objects.select_for_update().filter(**lookup).first()
    now = timezone.now()
    if answer is None:
        created: Answer = audited_create(
            Answer, organization=org, actor=acting_user, action=AuditAction.ANSWER_DRAFT,
            values={"consultation": consultation, **lookup, "outcome": outcome,
                    "justification": justification,
                    "justification_translations": translations, "state": AnswerState.DRAFT,
                    "drafted_by": acting_user, "drafted_at": now},
        )
        return created
    if answer.state == AnswerState.PUBLISHED:
        raise ValidationError(_("This answer is published and can no longer be changed. "
                                "A new answer after publication is not possible."))
    if (answer.outcome == outcome and answer.justification == justification
            and (answer.justification_translations or {}) == translations):
        return answer  # nothing changed: an approval stays valid
    values: dict[str, Any] = {
        "outcome": outcome, "justification": justification,
        "justification_translations": translations, "drafted_by": acting_user,
        "drafted_at": now,
    }
    if answer.state == AnswerState.APPROVED:
        values.update({"state": AnswerState.DRAFT, "reviewed_by": None, "reviewed_at": None})
    _save_audited(answer, actor=acting_user, action=AuditAction.ANSWER_UPDATE, values=values,
                  organization=org)
    return answer


def _two_answers_refusal(answer: Answer) -> str | None:
    """Why approving ``answer`` would let a contribution publish two different answers, or
    None. A campaign member is answered by the campaign; a campaign's answer cannot be approved
    while a member keeps a different approved or published answer of its own."""
    if answer.contribution_id is not None:
        number = (Contribution.objects.filter(pk=answer.contribution_id, campaign__isnull=False)
                  .values_list("number", flat=True).first())
        if number is not None:
            return _("Contribution %(number)s belongs to a campaign: it is answered by the "
                     "campaign's collective answer, not by this one.") % {"number": number}
        return None
    different = (Answer.objects.filter(contribution__campaign=answer.campaign,
                                       state__in=(AnswerState.APPROVED, AnswerState.PUBLISHED))
                 .exclude(outcome=answer.outcome, justification=answer.justification)
                 .order_by("contribution__number")
                 .values_list("contribution__number", flat=True))
    numbers = list(different)
    if not numbers:
        return None
    return ngettext(
        "Contribution %(numbers)s of this campaign has a different answer of its own: it would "
        "publish two answers. Take it out of the campaign first.",
        "Contributions %(numbers)s of this campaign have different answers of their own: they "
        "would publish two answers. Take them out of the campaign first.",
        len(numbers)) % {"numbers": ", ".join(str(number) for number in numbers)}


@transaction.atomic
def answer_review(*, acting_user: User, answer: Answer, approve: bool,
                  comment: str = "") -> Answer:
    """A second official approves a draft answer, or sends it back with a comment.

    Four eyes: the official who drafted the answer never approves it.
    """
    locked = Answer.objects.select_for_update().select_related(
        "consultation__component__space__organization").get(pk=answer.pk)
    consultation = locked.consultation
    if not permissions.can_draft_answer(acting_user, consultation):
        raise PermissionDenied
    refusal = review_refusal(CONTRIBUTION_ANSWERS, locked, reviewer_pk=acting_user.pk)
    if refusal:
        raise ValidationError(refusal)
    if not permissions.can_review_answer(acting_user, locked):
        raise PermissionDenied
    org = consultation.organization
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ValidationError({"comment": _(
            "Write what should change before sending the answer back: the official who drafted "
            "it reads this comment.")}, code="comment")
    if comment:
        locked.review_comment = comment
        locked.save(update_fields=["review_comment"])
    if approve:
        conflict = _two_answers_refusal(locked)
        if conflict:
            raise ValidationError(conflict, code="two_answers")
        _save_audited(locked, actor=acting_user, action=AuditAction.ANSWER_APPROVE, values={
            "state": AnswerState.APPROVED, "reviewed_by": acting_user,
            "reviewed_at": timezone.now(),
        }, organization=org)
        if comment:
            audit_record(organization=org, actor=acting_user,
                         action=AuditAction.ANSWER_REVIEW_COMMENT,
                         obj=locked, changes={"comment": comment})
    else:
        audit_record(organization=org, actor=acting_user, action=AuditAction.ANSWER_SEND_BACK,
                     obj=locked, changes={"comment": comment, "state": AnswerState.DRAFT})
    answer.refresh_from_db()
    return locked


# --- publication and closing ---------------------------------------------------------------

def _lock_consultation(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update(of=("self",)).select_related(
        "component__space__organization").get(pk=consultation.pk)


@transaction.atomic
def answers_publish_all(*, acting_user: User, consultation: Consultation) -> int:
    """Publish every approved answer at once (one publication time); drafts stay drafts.

    Two officials clicking at once publish once: the second finds nothing left to publish.
    """
    if not permissions.can_publish_answers(acting_user, consultation):
        raise PermissionDenied
    locked = _lock_consultation(consultation)
    if locked.state == ConsultationState.DRAFT:
        raise ValidationError(_("Announce the consultation before publishing answers."))
    now = timezone.now()
    numbers = dict(Answer.objects.filter(consultation=locked, state=AnswerState.APPROVED)
                   .values_list("pk", "contribution__number"))
    published = [(row["pk"], row["outcome"], numbers.get(row["pk"])) for row in
                 answers_publish_approved(Answer.objects.filter(consultation=locked), now=now)]
    published.sort(key=lambda row: (row[2] is None, row[2] or 0, row[0]))
    count = len(published)
    if not count:
        raise ValidationError(_("There are no approved answers to publish. A second official "
                                "must first approve the draft answers."))
    drafts = Answer.objects.filter(consultation=locked, state=AnswerState.DRAFT).count()
    org = locked.organization
    before = locked.answers_published_at
    locked.answers_published_at = now
    locked.save(update_fields=["answers_published_at"])
    record(organization=org, actor=acting_user,
           action=AuditAction.ANSWER_PUBLISH_ALL, obj=locked,
           changes={"published": count, "drafts_left": drafts,
                    "answers_published_at": [before.isoformat() if before else None,
                                             now.isoformat()]},
           public=[consultation_line(locked, ConsultationJournalAction.ANSWERS_PUBLISHED,
                                     count=count),
                   *_answer_lines(locked, published)],
           notice=Notice(event="consultation.answers_published", target=locked,
                         extra={"count": count}))
    consultation.answers_published_at = now
    return count


def _answer_lines(consultation: Consultation,
                  published: Sequence[tuple[int, str, int | None]]) -> list[Public]:
    """One public journal line per published answer: the contribution's number (or the
    campaign's collective answer) and the outcome, never the contribution's text."""
    languages = consultation.organization.languages
    labels = {value: in_languages(Outcome(value).label, languages) for value in Outcome.values}
    lines = []
    for pk, outcome, number in published:
        item = Answer(pk=pk)
        if number is None:
            lines.append(consultation_line(
                consultation, ConsultationJournalAction.CAMPAIGN_ANSWERED,
                item=item, outcome=labels[outcome]))
        else:
            lines.append(consultation_line(
                consultation, ConsultationJournalAction.CONTRIBUTION_ANSWERED,
                item=item, number=number, outcome=labels[outcome]))
    return lines


def close_refusal(consultation: Consultation, today: Any = None) -> str | None:
    """Why the consultation cannot be closed as final now (a sentence), or None."""
    if consultation.state == ConsultationState.DRAFT:
        return _("The consultation has not been announced yet.")
    if consultation.state == ConsultationState.FINAL:
        return _("The consultation is already closed as final.")
    today = today or timezone.localdate()
    if consultation.closes_on is None or today <= consultation.closes_on:
        when = (formats.date_format(consultation.closes_on, "DATE_FORMAT")
                if consultation.closes_on else "")
        return _("Recommendations are accepted until %(date)s: close the consultation after "
                 "that date.") % {"date": when}

    debate_refusal = debates_pending_refusal(consultation)
    if debate_refusal:
        return debate_refusal
    if requires_answer_to_every_contribution(consultation):
        missing = unanswered(consultation).count()
        if missing:
            return ngettext(
                "%(count)d contribution still lacks a published answer. Answer it, have the "
                "answer approved and publish it, then close the consultation.",
                "%(count)d contributions still lack a published answer. Answer them, have the "
                "answers approved and publish them, then close the consultation.",
                missing,
            ) % {"count": missing}
    return None


@transaction.atomic
def consultation_close_final(*, acting_user: User, consultation: Consultation) -> Consultation:
    """Close the consultation as final (after its period; every contribution answered)."""
    if not permissions.can_manage_consultations(acting_user, consultation.component):
        raise PermissionDenied
    locked = _lock_consultation(consultation)
    reason = close_refusal(locked)
    if reason:
        raise ValidationError(reason)
    now = timezone.now()
    _save_audited(locked, actor=acting_user, action=ConsultationAction.CONSULTATION_CLOSE_FINAL,
                  values={"state": ConsultationState.FINAL, "closed_at": now, "updated_at": now},
                  organization=locked.organization)
    consultation.state = locked.state
    consultation.closed_at = locked.closed_at
    return locked


@transaction.atomic
def consultation_mark_adopted(*, acting_user: User, consultation: Consultation,
                              adopted: bool = True) -> Consultation:
    """Record that the decision was (or was not) adopted; only once closed as final."""
    if not permissions.can_manage_consultations(acting_user, consultation.component):
        raise PermissionDenied
    locked = _lock_consultation(consultation)
    if locked.state != ConsultationState.FINAL:
        raise ValidationError(_("Close the consultation as final before recording the "
                                "adoption of the decision."))
    _save_audited(locked, actor=acting_user, action=ConsultationAction.CONSULTATION_MARK_ADOPTED,
                  values={"adopted": adopted, "updated_at": timezone.now()},
                  organization=locked.organization)
    consultation.adopted = adopted
    return locked
