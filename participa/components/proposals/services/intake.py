"""Proposals received offline: staff register a letter, an e-mail or a visit, review the
redactions the engine proposes, and publish. Every write keyword-only, atomic and audited.

- the sender is kept as typed (``author_name``, ``author_email``: staff only); the original
  title and text stay private, the public ones are recomputed from them and the reviewed
  redactions;
- the register number comes from ``next_number`` (under the component's row lock: no gap,
  never twice) and is printed on the receipt (``Proposal.registration_label``);
- an imported message is never registered twice (``source_id``: a sentence here, a unique
  constraint in the database).
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.components.proposals import permissions
from participa.components.proposals.actions import ProposalAction, ProposalJournalAction
from participa.components.proposals.models import (
    Channel,
    Proposal,
    ProposalCategory,
    ProposalState,
    Publication,
)
from participa.components.proposals.services.proposals import next_number, proposal_line, redact
from participa.core.audit import audited_create, audited_update
from participa.core.models import Area, Scope, User
from participa.redaction import engine as redaction
from participa.redaction import review
from participa.spaces.models import Component

OFFLINE_CHANNELS = (Channel.LETTER, Channel.EMAIL, Channel.IN_PERSON)
# What a sender may ask for: their name or nothing (a group is chosen online only).
OFFLINE_PUBLICATIONS = (Publication.NAMED, Publication.ANONYMOUS)


def _check_place(component: Component, scope: Scope | None, area: Area | None,
                 category: ProposalCategory | None) -> dict[str, str]:
    org = component.space.organization
    errors: dict[str, str] = {}
    if scope is not None and scope.organization_id != org.pk:
        errors["scope"] = _("Choose a district of this city.")
    if area is not None and area.organization_id != org.pk:
        errors["area"] = _("Choose an area of this city.")
    if category is not None and category.component_id != component.pk:
        errors["category"] = _("Choose one of this component's categories.")
    return errors


@transaction.atomic
def proposal_register(
    *,
    acting_user: User,
    component: Component,
    channel: str,
    received_at: datetime.datetime,
    author_name: str,
    title: str,
    body: str,
    author_email: str = "",
    publication: str = Publication.NAMED,
    scope: Scope | None = None,
    area: Area | None = None,
    category: ProposalCategory | None = None,
    source_id: str = "",
) -> Proposal:
    """Register a proposal received by letter, e-mail or in person. It gets its number at
    once (the receipt) and waits, unpublished, for staff to review its redactions."""
    if not permissions.can_manage_proposals(acting_user, component):
        raise PermissionDenied
    org = component.space.organization
    if timezone.is_naive(received_at):
        received_at = timezone.make_aware(received_at, zoneinfo.ZoneInfo(org.time_zone))
    title, body = (title or "").strip(), (body or "").strip()
    author_name, author_email = (author_name or "").strip(), (author_email or "").strip()
    source_id = (source_id or "").strip()[:300]
    errors = _check_place(component, scope, area, category)
    if channel not in OFFLINE_CHANNELS:
        errors["channel"] = _("Choose how the proposal arrived: letter, e-mail or in person.")
    if publication not in OFFLINE_PUBLICATIONS:
        errors["publication"] = _("Choose whether the sender asked to be named or to stay "
                                  "anonymous.")
    if received_at > timezone.now():
        errors["received_at"] = _("The date received cannot be in the future.")
    if not author_name:
        errors["author_name"] = _("Type the sender's name as it appears on the proposal.")
    if not title:
        errors["title"] = _("Type the title of the proposal (or a short one of your own).")
    if not body:
        errors["body"] = _("Type or paste the text of the proposal as received.")
    if errors:
        raise ValidationError(errors)
    number = next_number(component)  # locks the component: the duplicate check below holds
    if source_id:
        existing = (Proposal.objects.filter(component=component, source_id=source_id)
                    .values_list("number", flat=True).first())
        if existing is not None:
            raise ValidationError(_("This message is already registered as proposal "
                                    "No. %(number)s.") % {"number": existing})
    proposal = Proposal(component=component, title=title[:200], body=body,
                        author_name=author_name[:200])
    values: dict[str, Any] = {
        "component": component, "number": number, "state": ProposalState.DRAFT,
        "title": title[:200], "body": body, "author": None, "author_name": author_name[:200],
        "author_email": author_email, "publication": publication, "channel": channel,
        "received_at": received_at, "registered_by": acting_user, "source_id": source_id,
        "scope": scope, "area": area, "category": category,
        **redact(proposal),
    }
    created: Proposal = audited_create(
        Proposal, organization=org, actor=acting_user,
        action=ProposalAction.PROPOSAL_REGISTER, values=values)
    return created


def _registered(acting_user: User, proposal: Proposal) -> Proposal:
    if not permissions.can_manage_proposals(acting_user, proposal.component):
        raise PermissionDenied
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.channel == Channel.ONLINE:
        raise ValidationError(_("Only proposals registered by staff are reviewed here."))
    return locked


@transaction.atomic
def proposal_redact(*, acting_user: User, proposal: Proposal, title_spans: Any,
                    body_spans: Any) -> Proposal:
    """Staff set the reviewed redactions of a registered proposal; its public title and text
    are recomputed from the original (never typed by hand)."""
    locked = _registered(acting_user, proposal)
    if locked.state == ProposalState.PUBLISHED and locked.answers.exists():
        raise ValidationError(_("This proposal has an answer: its published text no longer "
                                "changes."))
    org = proposal.component.space.organization
    title = review.validate_spans(locked.title, title_spans)
    body = review.validate_spans(locked.body, body_spans)
    title_public = redaction.apply_json(org, locked.title, title).strip()
    body_public = redaction.apply_json(org, locked.body, body).strip()
    if not title_public or not body_public:
        raise ValidationError(_("Something must remain of the title and of the text once "
                                "redacted."))
    audited_update(
        proposal, organization=org, actor=acting_user,
        action=ProposalAction.PROPOSAL_REDACT,
        values={"redactions": {"title": title, "body": body}, "title_public": title_public,
                "body_public": body_public, "updated_at": timezone.now()})
    return proposal


@transaction.atomic
def proposal_publish_registered(*, acting_user: User, proposal: Proposal) -> Proposal:
    """Publish a registered proposal once its redactions are reviewed: it enters the public
    journal under the sender's name or anonymously, as they asked."""
    locked = _registered(acting_user, proposal)
    if locked.state != ProposalState.DRAFT:
        raise ValidationError(_("This proposal is already published."), code="published")
    now = timezone.now()
    audited_update(
        proposal, organization=proposal.component.space.organization, actor=acting_user,
        action=ProposalAction.PROPOSAL_PUBLISH,
        values={"state": ProposalState.PUBLISHED, "published_at": now, "updated_at": now},
        public=[proposal_line(proposal, ProposalJournalAction.PROPOSAL_PUBLISHED)])
    return proposal


def _spans(proposal: Proposal) -> dict[str, list[list[Any]]]:
    data = proposal.redactions or {}
    return {"title": list(data.get("title") or []), "body": list(data.get("body") or [])}


@transaction.atomic
def proposal_hide_words(*, acting_user: User, proposal: Proposal, words: str,
                        kind: str = "name", all_occurrences: bool = True) -> int:
    """Hide the words staff typed in the title and the text of a registered proposal (the
    first or every occurrence); returns in how many places."""
    words = (words or "").strip()
    if not words:
        raise ValidationError({"words": _("Type the words to hide, exactly as they appear in "
                                          "the text.")})
    if kind not in review.ALL_KINDS:
        raise ValidationError({"kind": _("Choose what kind of personal data these words "
                                         "are.")})
    locked = _registered(acting_user, proposal)
    spans = _spans(locked)
    count = 0
    for field in ("title", "body"):
        text = getattr(locked, field)
        places = review.find_occurrences(text, words, all_occurrences=all_occurrences)
        current = review.validate_spans(text, spans[field])
        for start, end in places:
            current = review.merge_span(current, start, end, kind)
        spans[field] = current
        count += len(places)
    if not count:
        raise ValidationError({"words": _(
            "“%(words)s” does not appear in the original text. Copy the words exactly as they "
            "are written.") % {"words": words}})
    proposal_redact(acting_user=acting_user, proposal=proposal, title_spans=spans["title"],
                    body_spans=spans["body"])
    return count


@transaction.atomic
def proposal_redaction_remove(*, acting_user: User, proposal: Proposal, field: str,
                              start: int, end: int) -> bool:
    """Keep visible the words at ``start``-``end`` of the title or the text; False when that
    redaction is already gone."""
    if field not in ("title", "body"):
        raise ValidationError(_("The redaction to remove was not understood. Reload the page."))
    locked = _registered(acting_user, proposal)
    spans = _spans(locked)
    kept = [span for span in spans[field] if (span[0], span[1]) != (start, end)]
    if len(kept) == len(spans[field]):
        return False
    spans[field] = kept
    proposal_redact(acting_user=acting_user, proposal=proposal, title_spans=spans["title"],
                    body_spans=spans["body"])
    return True
