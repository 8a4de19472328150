"""Support thresholds: when a proposal gathers ``threshold_supports`` supports within
``threshold_days`` of its publication, the city must answer it within ``answer_days`` and,
where the component says so (``threshold_debate``), hold a public debate on it.

The deadline (``answer_due_on``) is set once, in the transaction of the support that reached
the threshold, and no service ever changes it afterwards: a withdrawn support does not undo
the obligation, and nothing staff can edit moves the date. It is shown on the proposal page
like a legal deadline ("The city must answer by …", then "overdue since …") and the staff
register lists overdue proposals first.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participa.answers.models import AnswerState
from participa.components.meetings.models import Meeting, MeetingFormat, MeetingType
from participa.components.meetings.services.meetings import meeting_create
from participa.components.proposals.actions import ProposalAction, ProposalJournalAction
from participa.components.proposals.models import Proposal, ProposalAnswer
from participa.components.proposals.services.proposals import proposal_line
from participa.components.proposals.services.staff import staff_ids
from participa.core.audit import Notice, audited_update, record
from participa.core.models import AuditEntry
from participa.spaces.models import Component
from participa.spaces.services import component_create, component_publish

# When the draft debate is first placed (staff choose the real date): the evening of the
# answer's due date, for two hours.
DEBATE_HOUR = 18
DEBATE_DURATION = datetime.timedelta(hours=2)
# The staff are reminded this many days before an answer is due (and once when it is late).
REMINDER_DAYS = 7


@dataclass(frozen=True)
class Threshold:
    """What the proposal page and the cards show of a proposal's threshold."""

    supports: int  # supports needed (never 0: no threshold means no ``Threshold``)
    until: datetime.date  # the last day supports count towards it
    open: bool  # today is within the period and the threshold is not reached yet


def threshold_of(proposal: Proposal) -> Threshold | None:
    """The component's threshold as it applies to ``proposal``; None when the component has
    none or the proposal is not published."""
    component = proposal.component
    needed = int(component.setting("threshold_supports") or 0)
    if needed <= 0 or proposal.published_at is None:
        return None
    until = threshold_deadline(proposal, component)
    return Threshold(supports=needed, until=until,
                     open=(proposal.threshold_reached_at is None
                           and timezone.localdate() <= until))


def threshold_deadline(proposal: Proposal, component: Component) -> datetime.date:
    """The last day a support counts towards the threshold."""
    assert proposal.published_at is not None
    days = int(component.setting("threshold_days") or 0)
    return timezone.localdate(proposal.published_at) + datetime.timedelta(days=days)


def has_published_answer(proposal: Proposal) -> bool:
    return ProposalAnswer.objects.filter(proposal=proposal,
                                         state=AnswerState.PUBLISHED).exists()


def overdue_q(today: datetime.date | None = None) -> Q:
    """Proposals whose answer is due before ``today`` and not published yet."""
    published = ProposalAnswer.objects.filter(proposal=OuterRef("pk"),
                                              state=AnswerState.PUBLISHED)
    return Q(answer_due_on__lt=today or timezone.localdate()) & ~Q(Exists(published))


def overdue_first(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """``proposals`` with the overdue ones first (earliest due date first), then the rest in
    their order; each carries ``is_overdue``."""
    flag = Case(When(overdue_q(), then=Value(True)), default=Value(False),
                output_field=BooleanField())
    return proposals.annotate(is_overdue=flag).order_by(
        "-is_overdue", F("answer_due_on").asc(nulls_last=True), *proposals.query.order_by)


def reach_if_due(*, locked: Proposal, proposal: Proposal,
                 now: datetime.datetime) -> bool:
    """Inside the support's transaction, with ``locked`` the proposal under its row lock and
    its ``supports_count`` already counted: when this support is the N-th within the period,
    set the threshold and its deadline, tell the author, the followers and the staff, and
    create the public debate where the component wants one. Answers whether it was reached."""
    component = proposal.component
    needed = int(component.setting("threshold_supports") or 0)
    if (needed <= 0 or locked.threshold_reached_at is not None
            or locked.published_at is None or locked.supports_count < needed
            or timezone.localdate(now) > threshold_deadline(locked, component)):
        return False
    due = timezone.localdate(now) + datetime.timedelta(
        days=int(component.setting("answer_days") or 0))
    proposal.supports_count = locked.supports_count
    staff = staff_ids(proposal)
    values: dict[str, Any] = {"threshold_reached_at": now, "answer_due_on": due}
    # Nobody in particular reached it: the actor stays empty, so no notice names a supporter.
    audited_update(
        proposal, organization=component.space.organization, actor=None,
        action=ProposalAction.PROPOSAL_THRESHOLD, values=values,
        public=[proposal_line(proposal, ProposalJournalAction.PROPOSAL_THRESHOLD,
                              supports=needed, answer_due_on=due)],
        notice=Notice(event="proposal.threshold", target=proposal, also=staff),
    )
    if component.setting("threshold_debate"):
        debate_create(proposal=proposal, staff=staff)
    return True


def _meetings_component(proposal: Proposal) -> Component:
    """The first meetings component of the proposal's space; where there is none, a published
    one named "Public debates" is added (as consultations do)."""
    component = proposal.component
    found = (Component.objects.filter(space_id=component.space_id, type="meetings")
             .order_by("position", "id").first())
    if found is not None:
        return found
    org = component.space.organization
    names = {}
    for language in org.languages or [org.default_language]:
        with translation.override(language):
            names[language] = _("Public debates")
    created = component_create(space=component.space, acting_user=None,
                               component_type="meetings", name=names)
    if component.published_at is not None:
        created = component_publish(component=created, acting_user=None)
    return created


def debate_create(*, proposal: Proposal, staff: tuple[int, ...]) -> Meeting:
    """A draft public debate on ``proposal`` (staff set its date and place, then announce
    it), linked by ``Proposal.debate``; the staff are asked to schedule it."""
    org = proposal.component.space.organization
    title = proposal.title_public or proposal.title
    titles, descriptions = {}, {}
    for language in org.languages or [org.default_language]:
        with translation.override(language):
            titles[language] = _("Public debate on the proposal “%(title)s”") % {"title": title}
            descriptions[language] = _(
                "The proposal reached its support threshold: the city holds a public debate "
                "on it before answering.")
    assert proposal.answer_due_on is not None
    starts_at = timezone.make_aware(datetime.datetime.combine(
        proposal.answer_due_on, datetime.time(DEBATE_HOUR)))
    meeting = meeting_create(
        acting_user=None, component=_meetings_component(proposal),
        data={"type": MeetingType.PUBLIC_DEBATE, "title": titles,
              "description": descriptions, "starts_at": starts_at,
              "ends_at": starts_at + DEBATE_DURATION, "format": MeetingFormat.IN_PERSON,
              "address": proposal.address or _("To be announced"),
              "scope": proposal.scope},
    )
    audited_update(
        proposal, organization=org, actor=None, action=ProposalAction.PROPOSAL_DEBATE,
        values={"debate": meeting},
        notice=Notice(event="proposal.debate", target=proposal, also=staff, followers=False),
    )
    return meeting


def answer_reminders_send(today: datetime.date | None = None) -> int:
    """Remind the staff of each proposal whose answer is due within ``REMINDER_DAYS``, and
    tell them once when it is overdue (each reminder once per proposal: the audit log keeps
    which were sent). Run daily. Returns the number of reminders recorded."""
    today = today or timezone.localdate()
    pending = (Proposal.objects.filter(answer_due_on__isnull=False,
                                       answer_due_on__lte=today + datetime.timedelta(
                                           days=REMINDER_DAYS))
               .exclude(Exists(ProposalAnswer.objects.filter(
                   proposal=OuterRef("pk"), state=AnswerState.PUBLISHED)))
               .select_related("component__space__organization").order_by("pk"))
    sent = 0
    for proposal in pending.iterator():
        assert proposal.answer_due_on is not None
        if proposal.answer_due_on < today:
            action, event = ProposalAction.PROPOSAL_ANSWER_OVERDUE, "proposal.answer_overdue"
        else:
            action, event = ProposalAction.PROPOSAL_ANSWER_DUE_SOON, "proposal.answer_due_soon"
        if AuditEntry.objects.filter(action=action, object_type="proposals.proposal",
                                     object_id=str(proposal.pk)).exists():
            continue
        with transaction.atomic():
            record(organization=proposal.component.space.organization, actor=None,
                   action=action, obj=proposal,
                   changes={"answer_due_on": [None, proposal.answer_due_on.isoformat()]},
                   notice=Notice(event=event, target=proposal, also=staff_ids(proposal),
                                 followers=False))
        sent += 1
    return sent
