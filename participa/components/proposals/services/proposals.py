"""Proposals written online: draft, publish, change, withdraw. Every write keyword-only,
atomic and audited.

Rules every proposal keeps:

- its register number is taken under the component's row lock (no gap, never twice; the
  database refuses a duplicate);
- what is public is the redacted title and text (``title_public``, ``body_public``): the
  redaction engine runs at publication (the author's names included) and staff may review it;
- once published, a proposal is never silently changed: the author may correct it only while
  nobody supports it and no answer is published, and every change is audited; after that it
  stays as published;
- a withdrawn proposal stays visible, marked withdrawn.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.answers.models import AnswerState
from participa.components.proposals import permissions
from participa.components.proposals.actions import ProposalAction, ProposalJournalAction
from participa.components.proposals.models import (
    Channel,
    Proposal,
    ProposalState,
    Publication,
)
from participa.core.audit import Notice, audited_create, audited_update
from participa.core.journal import Public
from participa.core.models import GroupMembership, User
from participa.notifications.services import follow_automatically
from participa.redaction import engine as redaction
from participa.spaces.models import Component

# What an author may set on a proposal.
EDITABLE = frozenset({"title", "body", "scope", "area", "category", "address", "latitude",
                      "longitude", "group", "publication"})


def _org(proposal: Proposal) -> Any:
    return proposal.component.space.organization


def proposal_line(proposal: Proposal, action: ProposalJournalAction,
                  **params: Any) -> Public:
    """A public journal line about ``proposal`` (its public title only)."""
    component = proposal.component
    return Public(action=action, item=proposal, url=proposal.get_absolute_url(),
                  space_id=component.space_id, component_id=component.pk,
                  params={"title": proposal.title_public or proposal.title,
                          "number": str(proposal.number), **params})


def next_number(component: Component) -> int:
    """The next register number of ``component`` (call inside the registering transaction:
    the component's row stays locked until it commits)."""
    Component.objects.select_for_update().filter(pk=component.pk).first()
    last = Proposal.objects.filter(component=component).aggregate(last=Max("number"))["last"]
    return int(last or 0) + 1


def author_names(proposal: Proposal) -> list[str]:
    """The names the redaction engine hides in the author's own text."""
    names = [proposal.author_name]
    author = proposal.author
    if author is not None:
        names += [author.display_name, author.get_full_name()]
    return [name for name in names if name and name.strip()]


def redact(proposal: Proposal) -> dict[str, Any]:
    """The public title and text and the redactions over the originals."""
    org = _org(proposal)
    names = author_names(proposal)
    title = redaction.redact_for(org, proposal.title, names=names)
    body = redaction.redact_for(org, proposal.body, names=names)
    return {
        "title_public": title.text.strip() or proposal.title_public,
        "body_public": body.text,
        "redactions": {"title": redaction.spans_to_json(title.spans),
                       "body": redaction.spans_to_json(body.spans)},
    }


def _checked(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(data) - EDITABLE)
    if unknown:
        raise TypeError(f"Not editable on a proposal: {', '.join(unknown)}")
    values = dict(data)
    for name in ("title", "body", "address"):
        if isinstance(values.get(name), str):
            values[name] = values[name].strip()
    return values


def _check(proposal: Proposal, acting_user: User) -> None:
    """Sentences for what the database would refuse, in the person's language."""
    errors: dict[str, str] = {}
    if not proposal.title:
        errors["title"] = _("Give your proposal a title.")
    if not proposal.body:
        errors["body"] = _("Describe your proposal.")
    if (proposal.latitude is None) != (proposal.longitude is None):
        errors["latitude"] = _("Give both the latitude and the longitude of the map point, or "
                               "neither.")
    if proposal.publication == Publication.GROUP and proposal.group is None:
        errors["group"] = _("Choose the group in whose name you propose it.")
    if proposal.group is not None and not (
            proposal.group.is_verified
            and proposal.group.memberships.filter(
                user=acting_user, status=GroupMembership.Status.ACCEPTED).exists()):
        errors["group"] = _("You can propose only in the name of a verified group you are a "
                            "member of.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def proposal_create(*, acting_user: User, component: Component, data: Mapping[str, Any],
                    publish: bool = False) -> Proposal:
    """A resident's new proposal: a draft to finish later, or published at once."""
    if not permissions.can_create_proposal(acting_user, component):
        raise ValidationError(_("New proposals are not accepted here at the moment."),
                              code="closed")
    values = _checked(data)
    proposal = Proposal(component=component, author=acting_user, channel=Channel.ONLINE,
                        **values)
    _check(proposal, acting_user)
    values.update(component=component, author=acting_user, channel=Channel.ONLINE,
                  number=next_number(component), received_at=timezone.now(),
                  author_name=acting_user.display_name or acting_user.get_full_name())
    created: Proposal = audited_create(
        Proposal, organization=component.space.organization, actor=acting_user,
        action=ProposalAction.PROPOSAL_CREATE, values=values)
    if publish:
        proposal_publish(acting_user=acting_user, proposal=created)
    return created


@transaction.atomic
def proposal_update(*, acting_user: User, proposal: Proposal,
                    data: Mapping[str, Any]) -> Proposal:
    """The author changes a draft, or corrects a published proposal nobody supports yet and
    that has no published answer (the public text is redacted again)."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not permissions.is_author(acting_user, locked):
        raise ValidationError(_("Only its authors can change a proposal."), code="author")
    if locked.state in (ProposalState.WITHDRAWN, ProposalState.MERGED):
        raise ValidationError(_("A withdrawn or merged proposal can no longer change."),
                              code="final")
    if locked.state == ProposalState.PUBLISHED and (
            locked.supports_count
            or locked.answers.filter(state=AnswerState.PUBLISHED).exists()):
        raise ValidationError(_("Residents already support this proposal or the city has "
                                "answered it: it stays as published."), code="supported")
    values = _checked(data)
    for name, value in values.items():
        setattr(proposal, name, value)
    _check(proposal, acting_user)
    if locked.state == ProposalState.PUBLISHED:
        values.update(redact(proposal))
    values["updated_at"] = timezone.now()
    audited_update(proposal, organization=_org(proposal), actor=acting_user,
                   action=ProposalAction.PROPOSAL_UPDATE, values=values)
    return proposal


@transaction.atomic
def proposal_publish(*, acting_user: User, proposal: Proposal) -> Proposal:
    """Publish a draft: redacted, numbered in the journal, its author follows it."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not permissions.is_author(acting_user, locked):
        raise ValidationError(_("Only its authors can publish a proposal."), code="author")
    if locked.state != ProposalState.DRAFT:
        raise ValidationError(_("This proposal is already published."), code="published")
    if not permissions.can_create_proposal(acting_user, locked.component):
        raise ValidationError(_("New proposals are not accepted here at the moment."),
                              code="closed")
    now = timezone.now()
    values = {"state": ProposalState.PUBLISHED, "published_at": now, "updated_at": now,
              **redact(proposal)}
    # The values are applied by audited_update (applied before, it would see no change and
    # record nothing: no audit entry, no journal line); the line names the redacted title.
    audited_update(
        proposal, organization=_org(proposal), actor=acting_user,
        action=ProposalAction.PROPOSAL_PUBLISH, values=values,
        public=[proposal_line(proposal, ProposalJournalAction.PROPOSAL_PUBLISHED,
                              title=values["title_public"])],
        notice=Notice(event="proposal.published", target=proposal),
    )
    follow_automatically(user=acting_user, target=proposal)
    return proposal


@transaction.atomic
def proposal_withdraw(*, acting_user: User, proposal: Proposal) -> Proposal:
    """The author withdraws a published proposal: it stays visible, marked withdrawn, and
    takes no more supports."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not permissions.is_author(acting_user, locked):
        raise ValidationError(_("Only its authors can withdraw a proposal."), code="author")
    if locked.state != ProposalState.PUBLISHED:
        raise ValidationError(_("Only a published proposal can be withdrawn."), code="state")
    now = timezone.now()
    audited_update(
        proposal, organization=_org(proposal), actor=acting_user,
        action=ProposalAction.PROPOSAL_WITHDRAW,
        values={"state": ProposalState.WITHDRAWN, "withdrawn_at": now, "updated_at": now},
        public=[proposal_line(proposal, ProposalJournalAction.PROPOSAL_WITHDRAWN)],
        notice=Notice(event="proposal.withdrawn", target=proposal),
    )
    return proposal
