"""The proposals component: residents' proposals from every channel, supported, evaluated and
answered in a public journal — the reference component the next ones copy.

Its items, as the shared services see them:

- ``proposal``: published, withdrawn and merged proposals are public (drafts: their authors and
  those who run the space); a contribution counted in the statistics, commented, reported,
  searched (the redacted text only), followed, with photos and documents, answered through the
  shared four-eyes answers;
- ``proposal_category``: the component's categories;
- ``proposal_support``: one resident's support (never public; counted in the statistics).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participa.components.proposals import permissions
from participa.components.proposals.actions import (
    JOURNAL_SENTENCES,
    ProposalAction,
    ProposalJournalAction,
)
from participa.components.proposals.exports import open_data_rows, staff_rows
from participa.components.proposals.models import (
    PROPOSAL_ANSWERS,
    Proposal,
    ProposalCategory,
    ProposalState,
    Support,
)
from participa.components.proposals.seeds import seed
from participa.spaces import visibility
from participa.spaces.registry import (
    AttachmentPolicy,
    CommentPolicy,
    ComponentSpec,
    ExportSpec,
    ItemRule,
    ItemSpec,
    NavEntry,
    SearchPolicy,
    SettingSpec,
    StatsPolicy,
    UrlMount,
)
from participa.spaces.selectors import public_spaces


def _public_proposals(org: Any) -> Any:
    """Published proposals (withdrawn and merged ones were published too) of published
    components in public spaces: the statistics count them by author."""
    return Proposal.objects.filter(
        component__space__in=public_spaces(org).values("pk"),
        component__published_at__isnull=False,
    ).exclude(state=ProposalState.DRAFT)


def _supports(org: Any) -> Any:
    return Support.objects.filter(
        proposal__component__space__in=public_spaces(org).values("pk"),
        proposal__component__published_at__isnull=False,
    ).exclude(proposal__state=ProposalState.DRAFT)


def _can_attach(user: Any, proposal: Proposal) -> bool:
    """Its authors (while it is a draft) and those who run the space."""
    return (permissions.can_manage_proposals(user, proposal.component)
            or (proposal.state == ProposalState.DRAFT and permissions.is_author(user, proposal)))


PROPOSAL = ItemSpec(
    model=Proposal, kind="proposal",
    visibility=ItemRule(component="component", state=~Q(state=ProposalState.DRAFT)),
    url=lambda proposal: proposal.get_absolute_url(),
    title=lambda proposal: proposal.title_public or proposal.title,
    contribution=True,
    stats=StatsPolicy("proposals", _("Proposals"), _public_proposals,
                      author_field="author_id", space_field="component__space_id",
                      date_field="published_at"),
    comments=CommentPolicy(can_comment=permissions.can_comment_proposal),
    search=SearchPolicy(
        label=_("Proposals"),
        text=lambda proposal: {"title": proposal.title_public, "body": proposal.body_public},
        date=lambda proposal: proposal.published_at,
        scope=lambda proposal: proposal.scope or proposal.component.space.scope,
        area=lambda proposal: proposal.area or proposal.component.space.area,
        indexable=lambda proposal: proposal.state != ProposalState.DRAFT,
        queryset=lambda: Proposal.objects.select_related(
            "component__space__organization", "scope", "area"),
    ),
    attachments=AttachmentPolicy(
        can_manage=_can_attach,
        # Whoever sees the proposal, and the authors of a draft (their own photos).
        can_view=lambda user, proposal: (visibility.can_view(user, proposal)
                                         or _can_attach(user, proposal)),
        manage_url=lambda proposal: reverse(
            "manage:proposals:manage_detail",
            args=[proposal.component.space.slug, proposal.component_id, proposal.number]),
    ),
    follows=True,
    answers=PROPOSAL_ANSWERS,
    events={
        "proposal.published": _("%(actor)s published the proposal “%(title)s”"),
        "proposal.withdrawn": _("The proposal “%(title)s” was withdrawn"),
        "proposal.threshold": _("The proposal “%(title)s” reached its support threshold: the "
                                "city must answer it"),
        "proposal.debate": _("Schedule the public debate on the proposal “%(title)s”"),
        "proposal.answer_due_soon": _("The answer to the proposal “%(title)s” is due within "
                                      "a week"),
        "proposal.answer_overdue": _("The answer to the proposal “%(title)s” is overdue"),
        # Evaluation, answers, merges (services/answers.py, services/merge.py).
        "proposal.answered": _("The city answered the proposal “%(title)s”"),
        "proposal.commitment": _("The proposal “%(title)s” was linked to a commitment of the "
                                 "action plan"),
        "proposal.merged": _("The proposal “%(title)s” was merged into another proposal"),
        "proposal.merged_into": _("A duplicate was merged into the proposal “%(title)s”"),
    },
    queryset=lambda: Proposal.objects.select_related(
        "component__space__organization").prefetch_related("component__space__phases"),
)

CATEGORY = ItemSpec(
    model=ProposalCategory, kind="proposal_category",
    visibility=ItemRule(component="component"),
    url=lambda category: reverse(
        "spaces:proposals:index",
        args=[category.component.space.slug, category.component_id]) + (
        f"?category={category.pk}"),
    title=lambda category: str(category),
    contribution=False,
)

# A support is never public: only those who run the space see who supports what.
SUPPORT = ItemSpec(
    model=Support, kind="proposal_support",
    visibility=ItemRule(component="proposal__component", state=Q(pk__in=[])),
    url=lambda support: support.proposal.get_absolute_url(),
    title=lambda support: str(support.proposal),
    contribution=True,
    stats=StatsPolicy("proposal_supports", _("Supports of proposals"), _supports,
                      author_field="user_id", space_field="proposal__component__space_id",
                      date_field="created_at"),
    queryset=lambda: Support.objects.select_related(
        "proposal__component__space__organization"),
)


SPEC = ComponentSpec(
    name="proposals",
    label=_("Proposals"),
    app_label="proposals",
    audit_actions=ProposalAction,
    journal_actions=ProposalJournalAction,
    journal_sentences=JOURNAL_SENTENCES,
    description=_("Residents' proposals from every channel, supported, evaluated and answered "
                  "in a public journal."),
    settings={
        "threshold_supports": SettingSpec(
            int, 0, _("Supports that oblige the city to answer (0: no threshold)")),
        "threshold_days": SettingSpec(
            int, 90, _("Days after publication in which the supports count")),
        "answer_days": SettingSpec(
            int, 30, _("Days the city has to answer once the threshold is reached")),
        "threshold_debate": SettingSpec(
            bool, False, _("Hold a public debate on a proposal that reaches the threshold")),
        "supports_verified_only": SettingSpec(
            bool, False, _("Only verified residents of the proposal's district may support")),
        # The organization's own answer outcomes (services/answers.py).
        "extra_outcomes": SettingSpec(
            str, "", _("Other outcomes of answers"),
            _("One per line: a short code (lower-case letters, digits, _), a vertical bar, "
              "then the label, e.g. “postponed|Postponed to next year”.")),
    },
    phase_switches={"creation_enabled": True, "supports_enabled": True,
                    "comments_enabled": True},
    phase_switch_labels={"creation_enabled": _("New proposals accepted"),
                         "supports_enabled": _("Supports open"),
                         "comments_enabled": _("Comments enabled")},
    public_url_name="index",
    nav=NavEntry(_("Proposals"), "proposals_list", "proposals"),
    urls=UrlMount("proposals/", "participa.components.proposals.public_urls"),
    manage_url_name="manage_index",
    items=(PROPOSAL, CATEGORY, SUPPORT),
    exports=(
        ExportSpec("proposals", _("Proposals and answers"), open_data_rows, open_data=True),
        ExportSpec("proposals_staff", _("Proposals for the answer report (staff)"),
                   staff_rows),
    ),
    public_models={
        "proposals.ProposalAnswer": "proposal.component.space.organization_id",
    },
    # The demo data and the mailbox import.
    seeds=seed,
    intake_adapters={"proposals.mailbox": "participa.components.proposals.intake.ADAPTER"},
)
