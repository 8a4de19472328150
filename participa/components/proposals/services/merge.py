"""Merging duplicates and splitting proposals (staff only).

Merge B into A (same component): B becomes ``merged`` with ``merged_into=A``; B's supports
move to A except those of people who already support A (nobody is counted twice: the
database's one-support-per-person constraint backs it); both proposals' ``supports_count`` are
recounted from the rows under both row locks, taken in a stable order (lower id first) so that
two merges never deadlock; B's followers follow A; the journal says so; the followers of both
(their authors among them) are told.

Split: a new proposal made from part of an existing one (``split_from``), with the text staff
choose, redacted like any proposal; the original stays as it is.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.components.proposals import permissions
from participa.components.proposals.actions import ProposalAction, ProposalJournalAction
from participa.components.proposals.models import Proposal, ProposalState, Support
from participa.components.proposals.services.proposals import next_number, proposal_line, redact
from participa.core.audit import Notice, audited_create, audited_update, record
from participa.core.models import User
from participa.notifications.models import Follow


def _lock_both(first: Proposal, second: Proposal) -> dict[int, Proposal]:
    """Both proposals' rows locked, lower id first."""
    locked = Proposal.objects.select_for_update().filter(
        pk__in=sorted([first.pk, second.pk])).order_by("pk")
    return {proposal.pk: proposal for proposal in locked}


@transaction.atomic
def proposal_merge(*, acting_user: User, source: Proposal, target: Proposal) -> Proposal:
    """Merge the duplicate ``source`` into ``target``; returns ``target``."""
    if not permissions.can_manage_proposals(acting_user, target.component):
        raise PermissionDenied
    if source.component_id != target.component_id:
        raise ValidationError(_("Only proposals of the same component can be merged."))
    if source.pk == target.pk:
        raise ValidationError(_("A proposal cannot be merged into itself."))
    locked = _lock_both(source, target)
    b, a = locked[source.pk], locked[target.pk]
    if b.state not in (ProposalState.PUBLISHED, ProposalState.WITHDRAWN):
        raise ValidationError(_("Only a published or withdrawn proposal can be merged into "
                                "another one."))
    if a.state != ProposalState.PUBLISHED:
        raise ValidationError(_("A proposal can be merged only into a published proposal."))
    # Supports of people who do not support A yet go to A; the others stay on B (counted
    # once, on A).
    moved = (Support.objects.filter(proposal=b)
             .exclude(user_id__in=Support.objects.filter(proposal=a).values("user_id"))
             .update(proposal=a))
    now = timezone.now()
    org = target.component.space.organization
    a_count = Support.objects.filter(proposal=a).count()
    b_count = Support.objects.filter(proposal=b).count()
    # B's followers follow A.
    content_type = ContentType.objects.get_for_model(Proposal)
    already = set(Follow.objects.filter(content_type=content_type, object_id=a.pk)
                  .values_list("user_id", flat=True))
    Follow.objects.bulk_create([
        Follow(organization=org, user_id=user_id, content_type=content_type, object_id=a.pk,
               automatic=True, created_at=now)
        for user_id in Follow.objects.filter(content_type=content_type, object_id=b.pk)
        .values_list("user_id", flat=True).order_by("user_id") if user_id not in already
    ], ignore_conflicts=True)
    source.refresh_from_db()
    target.refresh_from_db()
    audited_update(source, organization=org, actor=acting_user,
                   action=ProposalAction.PROPOSAL_MERGE,
                   values={"state": ProposalState.MERGED, "merged_into": target,
                           "merged_at": now, "supports_count": b_count, "updated_at": now},
                   notice=Notice(event="proposal.merged", target=source))
    values: dict[str, Any] = {"supports_count": a_count, "updated_at": now}
    for name, value in values.items():
        setattr(target, name, value)
    target.save(update_fields=list(values))
    record(organization=org, actor=acting_user, action=ProposalAction.PROPOSAL_MERGE,
           obj=target, changes={"merged": [None, source.pk], "supports_moved": [0, moved]},
           public=[proposal_line(target, ProposalJournalAction.PROPOSAL_MERGED,
                                 merged_number=str(source.number))],
           notice=Notice(event="proposal.merged_into", target=target))
    return target


@transaction.atomic
def proposal_split(*, acting_user: User, proposal: Proposal, title: str,
                   body: str) -> Proposal:
    """A new published proposal from part of ``proposal`` (same author, place and
    classification), with the title and text staff chose, redacted like any proposal."""
    component = proposal.component
    if not permissions.can_manage_proposals(acting_user, component):
        raise PermissionDenied
    title, body = (title or "").strip(), (body or "").strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Give the new proposal a title.")
    if not body:
        errors["body"] = _("Write the text of the new proposal.")
    if errors:
        raise ValidationError(errors)
    if proposal.state == ProposalState.DRAFT:
        raise ValidationError(_("A draft proposal cannot be split."))
    now = timezone.now()
    new = Proposal(
        component=component, title=title, body=body, scope=proposal.scope,
        area=proposal.area, category=proposal.category, address=proposal.address,
        latitude=proposal.latitude, longitude=proposal.longitude, author=proposal.author,
        author_name=proposal.author_name, author_email=proposal.author_email,
        group=proposal.group, publication=proposal.publication, channel=proposal.channel,
        received_at=proposal.received_at, split_from=proposal)
    values: dict[str, Any] = {
        name: getattr(new, name) for name in (
            "component", "title", "body", "scope", "area", "category", "address", "latitude",
            "longitude", "author", "author_name", "author_email", "group", "publication",
            "channel", "received_at", "split_from")}
    values.update(redact(new), number=next_number(component), state=ProposalState.PUBLISHED,
                  published_at=now, registered_by=acting_user, created_at=now,
                  updated_at=now)
    created: Proposal = audited_create(
        Proposal, organization=component.space.organization, actor=acting_user,
        action=ProposalAction.PROPOSAL_SPLIT, values=values)
    created.component = component
    record(organization=component.space.organization, actor=acting_user,
           action=ProposalAction.PROPOSAL_SPLIT, obj=created, changes={},
           public=[proposal_line(created, ProposalJournalAction.PROPOSAL_PUBLISHED)])
    return created
