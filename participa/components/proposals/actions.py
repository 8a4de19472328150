"""The proposals component's audit and journal actions, declared in its manifest."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ProposalAction(models.TextChoices):
    """The audit actions only proposals record."""

    PROPOSAL_CREATE = "proposal.create"
    PROPOSAL_UPDATE = "proposal.update"
    PROPOSAL_PUBLISH = "proposal.publish"
    PROPOSAL_WITHDRAW = "proposal.withdraw"
    PROPOSAL_COAUTHOR_INVITE = "proposal.coauthor_invite"
    PROPOSAL_COAUTHOR_ACCEPT = "proposal.coauthor_accept"
    PROPOSAL_REGISTER = "proposal.register"
    PROPOSAL_FROM_CONTRIBUTION = "proposal.from_contribution"
    PROPOSAL_REDACT = "proposal.redact"
    PROPOSAL_ASSIGN = "proposal.assign"
    PROPOSAL_EVALUATE = "proposal.evaluate"
    PROPOSAL_MERGE = "proposal.merge"
    PROPOSAL_SPLIT = "proposal.split"
    PROPOSAL_THRESHOLD = "proposal.threshold"
    PROPOSAL_COMMITMENT = "proposal.commitment"
    PROPOSAL_DEBATE = "proposal.debate"
    PROPOSAL_ANSWER_DUE_SOON = "proposal.answer_due_soon"
    PROPOSAL_ANSWER_OVERDUE = "proposal.answer_overdue"
    PROPOSAL_NOTE_CREATE = "proposal_note.create"
    PROPOSAL_ANSWER_PUBLISH = "proposal_answer.publish"
    PROPOSAL_CATEGORY_CREATE = "proposal_category.create"
    PROPOSAL_CATEGORY_UPDATE = "proposal_category.update"
    PROPOSAL_CATEGORY_DELETE = "proposal_category.delete"
    SUPPORT_CREATE = "support.create"
    SUPPORT_WITHDRAW = "support.withdraw"


class ProposalJournalAction(models.TextChoices):
    """What the public journal says about proposals."""

    PROPOSAL_PUBLISHED = "proposal_published", _("Proposal published")
    PROPOSAL_WITHDRAWN = "proposal_withdrawn", _("Proposal withdrawn")
    PROPOSAL_THRESHOLD = "proposal_threshold", _("Support threshold reached")
    PROPOSAL_MERGED = "proposal_merged", _("Proposals merged")
    PROPOSAL_COMMITMENT = "proposal_commitment", _("Proposal linked to a commitment")
    PROPOSAL_ANSWERED = "proposal_answered", _("Proposal answered")


JOURNAL_SENTENCES: dict[str, Promise] = {
    ProposalJournalAction.PROPOSAL_PUBLISHED: _("Published the proposal “%(title)s”."),
    ProposalJournalAction.PROPOSAL_WITHDRAWN: _("The author withdrew the proposal "
                                                "“%(title)s”."),
    ProposalJournalAction.PROPOSAL_THRESHOLD: _("The proposal “%(title)s” reached the support "
                                                "threshold: the city must answer it."),
    ProposalJournalAction.PROPOSAL_MERGED: _("Merged a duplicate into the proposal "
                                             "“%(title)s”."),
    ProposalJournalAction.PROPOSAL_COMMITMENT: _("Linked the proposal “%(title)s” to a "
                                                 "commitment of the action plan."),
    ProposalJournalAction.PROPOSAL_ANSWERED: _("Answered the proposal “%(title)s”: "
                                               "%(outcome)s."),
}
