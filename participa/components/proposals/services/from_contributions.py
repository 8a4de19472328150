"""A consultation's contribution answered "out of scope — noted for the action plan" becomes
a proposal with one staff action, so that it does not disappear.

The proposal takes the contribution's published (redacted) text and its author as published
(named or anonymous; a group stays the group), and keeps the link both ways
(``Proposal.from_contribution`` / ``Contribution.proposal``). A contribution becomes a proposal
once (the database's one-to-one link backs the sentence). Proposals read consultations; the
consultations component never imports proposals.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.answers.models import AnswerState
from participa.components.consultations.models import (
    Consultation,
    Contribution,
    Outcome,
)
from participa.components.consultations.models import Publication as ContributionPublication
from participa.components.consultations.selectors import published_answer
from participa.components.proposals import permissions
from participa.components.proposals.actions import ProposalAction, ProposalJournalAction
from participa.components.proposals.models import (
    Channel,
    Proposal,
    ProposalState,
    Publication,
)
from participa.components.proposals.services.proposals import next_number, proposal_line
from participa.core.audit import record
from participa.core.i18n import translated
from participa.core.models import Organization, User
from participa.spaces.models import Component
from participa.spaces.permissions import can_manage_component

TITLE_LENGTH = 200


def _title(text: str) -> str:
    """The proposal's title: the first line of the published text, cut at a word."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if len(first) <= TITLE_LENGTH:
        return first
    cut = first[:TITLE_LENGTH - 1].rsplit(" ", 1)[0]
    return f"{cut}…"


CANDIDATES_SHOWN = 200


def candidates(org: Organization) -> list[Contribution]:
    """The organization's published contributions whose published answer (their own or their
    campaign's) is "out of scope — noted for the action plan", latest first, with the
    proposal each already became (``contribution.proposal``)."""
    out_of_scope = {"state": AnswerState.PUBLISHED, "outcome": Outcome.OUT_OF_SCOPE}
    return list(
        Contribution.objects
        .filter(consultation__component__space__organization=org,
                redaction_approved_at__isnull=False)
        .exclude(publication=ContributionPublication.NOT_PUBLISHED)
        .filter(Q(**{f"answer__{key}": value for key, value in out_of_scope.items()})
                | Q(**{f"campaign__answer__{key}": value for key, value in out_of_scope.items()}))
        .select_related("consultation", "proposal__component__space")
        .order_by("-received_at", "-pk")[:CANDIDATES_SHOWN])


@transaction.atomic
def proposal_from_contribution(*, acting_user: User, contribution: Contribution,
                               component: Component) -> Proposal:
    """Turn a contribution answered "out of scope — noted for the action plan" into a
    published proposal of ``component`` (its published text, its author as published)."""
    consultation: Consultation = contribution.consultation
    source = consultation.component
    org = source.space.organization
    if (component.type != "proposals" or component.space.organization_id != org.pk
            or not permissions.can_manage_proposals(acting_user, component)
            or not can_manage_component(acting_user, source)):
        raise PermissionDenied
    # The contribution's row lock: two officials clicking at once make one proposal.
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    existing = Proposal.objects.filter(from_contribution=locked).first()
    if existing is not None:
        raise ValidationError(_("This contribution already became proposal No. %(number)s.")
                              % {"number": existing.number}, code="twice")
    answer = published_answer(locked)
    if answer is None or answer.outcome != Outcome.OUT_OF_SCOPE:
        raise ValidationError(_("Only a contribution whose published answer is “out of scope "
                                "— noted for the action plan” can become a proposal."),
                              code="outcome")
    text = (locked.body_redacted or "").strip()
    if (locked.redaction_approved_at is None or not text
            or locked.publication == ContributionPublication.NOT_PUBLISHED):
        raise ValidationError(_("This contribution is not published: its sender did not "
                                "agree, or its personal data check is not approved."),
                              code="unpublished")
    if locked.publication == ContributionPublication.ANONYMOUS:
        publication, author_name = Publication.ANONYMOUS, ""
    elif locked.group_id:
        publication, author_name = Publication.GROUP, ""
    else:
        publication = Publication.NAMED
        author_name = (locked.author.public_name if locked.author is not None
                       else locked.author_name)
    title = _title(text)
    now = timezone.now()
    proposal = Proposal(
        component=component, number=next_number(component), state=ProposalState.PUBLISHED,
        channel=Channel.CONSULTATION, title=title, body=text, title_public=title,
        body_public=text, author=locked.author, author_name=author_name[:200],
        group=locked.group, publication=publication, received_at=locked.received_at,
        registered_by=acting_user, from_contribution=locked, published_at=now, created_at=now,
        updated_at=now, scope=source.space.scope, area=source.space.area)
    proposal.full_clean()
    proposal.save()
    # The audit entry names the references only (the text is the contribution's, published).
    record(organization=org, actor=acting_user,
           action=ProposalAction.PROPOSAL_FROM_CONTRIBUTION, obj=proposal,
           changes={"component": [None, component.pk], "number": [None, proposal.number],
                    "from_contribution": [None, locked.pk],
                    "state": [None, ProposalState.PUBLISHED.value]},
           public=[proposal_line(proposal, ProposalJournalAction.PROPOSAL_PUBLISHED,
                                 consultation=translated(consultation.title),
                                 contribution=str(locked.number))])
    return proposal
