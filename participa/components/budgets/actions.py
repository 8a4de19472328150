"""The budgets component's audit and journal actions, declared in its manifest."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


class BudgetAction(models.TextChoices):
    """The audit actions only budgets record."""

    EDITION_CREATE = "budget_edition.create"
    EDITION_UPDATE = "budget_edition.update"
    POOL_CREATE = "budget_pool.create"
    POOL_UPDATE = "budget_pool.update"
    POOL_DELETE = "budget_pool.delete"
    CATEGORY_CREATE = "budget_category.create"
    CATEGORY_UPDATE = "budget_category.update"
    CATEGORY_DELETE = "budget_category.delete"
    CHECKLIST_CREATE = "budget_checklist.create"
    CHECKLIST_UPDATE = "budget_checklist.update"
    CHECKLIST_DELETE = "budget_checklist.delete"
    PROJECT_CREATE = "budget_project.create"
    PROJECT_UPDATE = "budget_project.update"
    PROJECT_SUBMIT = "budget_project.submit"
    PROJECT_WITHDRAW = "budget_project.withdraw"
    PROJECT_COAUTHOR_INVITE = "budget_project.coauthor_invite"
    PROJECT_COAUTHOR_ACCEPT = "budget_project.coauthor_accept"
    SUPPORT_CREATE = "budget_support.create"
    SUPPORT_WITHDRAW = "budget_support.withdraw"
    # Formal review and appeals (services/review.py, services/appeals.py).
    ASSESSMENT_SAVE = "budget_assessment.save"
    ASSESSMENT_PUBLISH = "budget_assessment.publish"
    CORRECTION_REQUEST = "budget_project.correction_request"
    PROJECT_CORRECT = "budget_project.correct"
    MERGE_CONSENT = "budget_project.merge_consent"
    PROJECT_MERGE = "budget_project.merge"
    APPEAL_FILE = "budget_appeal.file"
    APPEAL_DECIDE = "budget_appeal.decide"
    # Voting (services/voting.py): never the choices, never a voter and a ballot together.
    ELECTION_KEY_SET = "budget_election_key.set"
    VOTE_CAST = "budget_voter.cast"
    BALLOT_CHANGE = "budget_ballot.change"
    VOTE_ANNUL = "budget_voter.annul"
    # The edition report (services/report.py).
    REPORT_REQUEST = "budget_report.request"
    REPORT_BUILD = "budget_report.build"
    REPORT_PUBLISH = "budget_report.publish"
    # Opening and closing the vote, results and their publication (services/results.py).
    VOTING_OPEN = "budget_edition.voting_open"
    VOTING_CLOSE = "budget_edition.voting_close"
    RESULTS_REQUEST = "budget_results.request"
    RESULTS_COUNT = "budget_results.count"
    RESULTS_PUBLISH = "budget_results.publish"


class BudgetJournalAction(models.TextChoices):
    """What the public journal says about participatory budgets."""

    EDITION_ANNOUNCED = "budget_edition_announced", _("Participatory budget announced")
    POOLS_SET = "budget_pools_set", _("District pools set")
    PROJECT_SUBMITTED = "budget_project_submitted", _("Project submitted")
    PROJECT_WITHDRAWN = "budget_project_withdrawn", _("Project withdrawn")
    # Formal review and appeals.
    PROJECT_ADMITTED = "budget_project_admitted", _("Project admitted to the vote")
    PROJECT_NOT_ADMITTED = "budget_project_not_admitted", _("Project not admitted to the vote")
    PROJECTS_MERGED = "budget_projects_merged", _("Projects merged")
    APPEAL_FILED = "budget_appeal_filed", _("Appeal filed")
    APPEAL_UPHELD = "budget_appeal_upheld", _("Appeal upheld")
    APPEAL_DISMISSED = "budget_appeal_dismissed", _("Appeal dismissed")
    # Results (services/results.py).
    PROJECT_SELECTED = "budget_project_selected", _("Project selected for funding")
    PROJECT_NOT_SELECTED = "budget_project_not_selected", _("Project not selected")


JOURNAL_SENTENCES: dict[str, Promise] = {
    BudgetJournalAction.EDITION_ANNOUNCED: _(
        "Announced the participatory budget “%(title)s”: submission opens on "
        "%(starts_at)s."),
    BudgetJournalAction.POOLS_SET: ngettext_lazy(
        "Split the participatory budget “%(title)s” into %(count)s district pool of equal "
        "amounts.",
        "Split the participatory budget “%(title)s” into %(count)s district pools of equal "
        "amounts.", "count"),
    BudgetJournalAction.PROJECT_SUBMITTED: _(
        "Project No. %(number)s “%(title)s” was submitted to the participatory budget."),
    BudgetJournalAction.PROJECT_WITHDRAWN: _(
        "The author withdrew project No. %(number)s “%(title)s” from the participatory "
        "budget."),
}

# --- formal review and appeals -------------------------------------------------------------
JOURNAL_SENTENCES.update({
    BudgetJournalAction.PROJECT_ADMITTED: _(
        "Project No. %(number)s “%(title)s” was admitted to the vote after the formal "
        "review."),
    BudgetJournalAction.PROJECT_NOT_ADMITTED: _(
        "Project No. %(number)s “%(title)s” was not admitted to the vote after the formal "
        "review."),
    BudgetJournalAction.PROJECTS_MERGED: _(
        "Another project was merged into project No. %(number)s “%(title)s” with the consent "
        "of both authors."),
    BudgetJournalAction.APPEAL_FILED: _(
        "The author appealed the exclusion of project No. %(number)s “%(title)s” from the "
        "vote."),
    BudgetJournalAction.APPEAL_UPHELD: _(
        "The appeal for project No. %(number)s “%(title)s” was upheld: the project is "
        "admitted to the vote."),
    BudgetJournalAction.APPEAL_DISMISSED: _(
        "The appeal for project No. %(number)s “%(title)s” was dismissed."),
})


# --- voting on paper (services/paper.py) ----------------------------------------------------
from participa.core.actions import register_actions  # noqa: E402


class PaperAction(models.TextChoices):
    """The audit actions of voting on paper."""

    POLLING_POINT_CREATE = "budget_polling_point.create"
    POLLING_POINT_UPDATE = "budget_polling_point.update"
    PAPER_BALLOT_KEY = "budget_paper_ballot.key"
    PAPER_BALLOT_ACCEPT = "budget_paper_ballot.accept"
    PAPER_BALLOT_MISMATCH = "budget_paper_ballot.mismatch"


register_actions(PaperAction)


# --- fraud signals and "someone voted as me" (services/fraud.py) ----------------------------
from participa.core.actions import register_actions  # noqa: E402


class FraudAction(models.TextChoices):
    """Audit actions of the fraud review: never a ballot's choices, never the statement."""

    AUTHOR_ADDRESS = "budget_project.author_address"
    VOTER_SIGNAL = "budget_voter.signal"
    VOTE_QUARANTINE = "budget_voter.quarantine"
    BALLOT_QUARANTINE = "budget_ballot.quarantine"
    VOTE_AS_ME_REPORT = "budget_vote_as_me.report"
    VOTE_AS_ME_UPHOLD = "budget_vote_as_me.uphold"
    VOTE_AS_ME_DISMISS = "budget_vote_as_me.dismiss"


register_actions(FraudAction)


# --- results (services/results.py) ----------------------------------------------------------
JOURNAL_SENTENCES.update({
    BudgetJournalAction.PROJECT_SELECTED: _(
        "Project No. %(number)s “%(title)s” was selected for funding by the vote."),
    BudgetJournalAction.PROJECT_NOT_SELECTED: _(
        "Project No. %(number)s “%(title)s” was not selected for funding by the vote."),
})
