"""The consultations component's actions: what its writes record in the audit log and in the
public journal. Declared in its manifest (``component.py``); the values are the strings stored
before the component declared them, so stored rows stay valid."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


class ConsultationAction(models.TextChoices):
    """The audit actions only consultations record."""

    CAMPAIGN_DETECT = "campaign.detect"
    CAMPAIGN_DISSOLVE = "campaign.dissolve"
    CAMPAIGN_MERGE = "campaign.merge"
    CAMPAIGN_REMOVE_MEMBER = "campaign.remove_member"
    CAMPAIGN_RENAME = "campaign.rename"

    CONSULTATION_ARTICLE_CREATE = "consultation.article_create"
    CONSULTATION_ARTICLE_DELETE = "consultation.article_delete"
    CONSULTATION_ARTICLE_MOVE = "consultation.article_move"
    CONSULTATION_ARTICLE_UPDATE = "consultation.article_update"
    CONSULTATION_CHANGE_LINK = "consultation.change_link"
    CONSULTATION_CLOSE_FINAL = "consultation.close_final"
    CONSULTATION_CREATE = "consultation.create"
    CONSULTATION_DATE_CHANGE = "consultation.date_change"
    CONSULTATION_DOCUMENT_ROLE = "consultation.document_role"
    CONSULTATION_DRAFT_IMPORT = "consultation.draft_import"
    CONSULTATION_MARK_ADOPTED = "consultation.mark_adopted"
    CONSULTATION_PUBLISH = "consultation.publish"
    CONSULTATION_UPDATE = "consultation.update"
    CONSULTATION_URGENCY = "consultation.urgency"
    CONSULTATION_VERSION_CREATE = "consultation.version_create"

    CONTRIBUTION_CREATE = "contribution.create"
    CONTRIBUTION_REDACTION_APPROVE = "contribution.redaction_approve"
    CONTRIBUTION_REDACTION_UPDATE = "contribution.redaction_update"

    # A debate linked to the consultation (the meeting itself records ``meeting.*``). The
    # other two were recorded before debates became meetings: kept for the stored rows.
    DEBATE_CREATE = "debate.create"
    DEBATE_MINUTES_PUBLISH = "debate.minutes_publish"
    DEBATE_UPDATE = "debate.update"

    DEBATE_REQUEST_CREATE = "debate_request.create"
    DEBATE_REQUEST_SCHEDULE = "debate_request.schedule"

    MAILBOX_IMPORT_CONFIRM = "mailbox_import.confirm"
    MAILBOX_IMPORT_DISCARD = "mailbox_import.discard"
    MAILBOX_IMPORT_RESUME = "mailbox_import.resume"
    MAILBOX_IMPORT_UPLOAD = "mailbox_import.upload"

    REPORT_BUILD = "report.build"
    REPORT_PUBLISH = "report.publish"
    REPORT_REQUEST = "report.request"

    TRANSPARENCY_BUILD = "transparency.build"
    TRANSPARENCY_REQUEST = "transparency.request"


class ConsultationJournalAction(models.TextChoices):
    """What the city did in a consultation, as the journal says it publicly."""

    ANNOUNCED = "announced", _("Announced")
    DATES_CHANGED = "dates_changed", _("Dates changed")
    ANSWERS_PUBLISHED = "answers_published", _("Answers published")
    CONTRIBUTION_ANSWERED = "contribution_answered", _("Contribution answered")
    CAMPAIGN_ANSWERED = "campaign_answered", _("Collective answer published")
    REPORT_PUBLISHED = "report_published", _("Report published")
    DEBATE_SCHEDULED = "debate_scheduled", _("Debate scheduled")


# The public sentence of each journal action. ``%(title)s`` is the consultation's public title;
# the other parameters are listed beside each sentence.
JOURNAL_SENTENCES: dict[str, Promise] = {
    ConsultationJournalAction.ANNOUNCED: _("Announced “%(title)s” for public consultation."),
    ConsultationJournalAction.DATES_CHANGED: _("Changed the dates of “%(title)s”."),
    # count: how many answers were published at once.
    ConsultationJournalAction.ANSWERS_PUBLISHED: ngettext_lazy(
        "Published %(count)d answer on “%(title)s”.",
        "Published %(count)d answers on “%(title)s”.", "count"),
    # number: the contribution's public number; outcome: its outcome's label per language.
    ConsultationJournalAction.CONTRIBUTION_ANSWERED: _(
        "Answered contribution %(number)s on “%(title)s”: %(outcome)s."),
    ConsultationJournalAction.CAMPAIGN_ANSWERED: _(
        "Published the collective answer to a campaign on “%(title)s”: %(outcome)s."),
    ConsultationJournalAction.REPORT_PUBLISHED: _(
        "Published the synthesis report of “%(title)s”."),
    # starts_at: the debate's start (ISO), shown in the reader's language.
    ConsultationJournalAction.DEBATE_SCHEDULED: _(
        "Scheduled a public debate on “%(title)s” for %(starts_at)s."),
}
