"""Support thresholds: reached exactly at the N-th support inside the period (never after it),
the answer's deadline set once and never moved, the journal line, the notices to the author,
the followers and the staff of the department, and the public debate where configured."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from participa.components.meetings.models import Meeting, MeetingState, MeetingType
from participa.components.proposals.models import Proposal, ProposalState
from participa.components.proposals.services import proposals as proposal_services
from participa.components.proposals.services.supports import support_create, support_withdraw
from participa.components.proposals.services.thresholds import overdue_first
from participa.components.proposals.tests.conftest import make_component, make_proposal
from participa.conftest import make_user
from participa.core.models import Area, JournalEntry, Organization, Role, RoleKind, User
from participa.notifications.models import Notification
from participa.notifications.services import follow_create
from participa.notifications.tasks import send_digest
from participa.spaces.models import Component, Space

pytestmark = pytest.mark.django_db

SETTINGS = {"threshold_supports": 3, "threshold_days": 90, "answer_days": 30}


@pytest.fixture
def component(space: Space) -> Component:
    return make_component(space, settings=SETTINGS)


def supporters(org: Organization, count: int, prefix: str = "supporter") -> list[User]:
    return [make_user(org, f"{prefix}{index}") for index in range(count)]


def support_all(proposal: Proposal, people: list[User]) -> Proposal:
    for person in people:
        support_create(acting_user=person, proposal=Proposal.objects.get(pk=proposal.pk))
    return Proposal.objects.get(pk=proposal.pk)


def test_it_is_reached_exactly_at_the_n_th_support(proposal: Proposal,
                                                   org: Organization) -> None:
    people = supporters(org, 3)

    two = support_all(proposal, people[:2])
    assert (two.threshold_reached_at, two.answer_due_on) == (None, None)

    reached = support_all(proposal, people[2:])

    assert reached.supports_count == 3
    assert reached.threshold_reached_at is not None
    assert reached.answer_due_on == timezone.localdate() + datetime.timedelta(days=30)
    line = JournalEntry.objects.get(action="proposal_threshold")
    assert line.params["title"] == proposal.title_public
    assert line.params["supports"] == 3


def test_it_counts_only_supports_within_the_period(component: Component, resident: User,
                                                   org: Organization) -> None:
    published = timezone.now() - datetime.timedelta(days=91)
    proposal = make_proposal(component, author=resident, published_at=published)

    late = support_all(proposal, supporters(org, 4))

    assert late.supports_count == 4
    assert (late.threshold_reached_at, late.answer_due_on) == (None, None)
    assert not JournalEntry.objects.filter(action="proposal_threshold").exists()


def test_the_last_day_of_the_period_still_counts(component: Component, resident: User,
                                                 org: Organization) -> None:
    published = timezone.now() - datetime.timedelta(days=90)
    proposal = make_proposal(component, author=resident, published_at=published)

    reached = support_all(proposal, supporters(org, 3))

    assert reached.threshold_reached_at is not None


def test_no_threshold_when_the_setting_is_zero(space: Space, resident: User,
                                               org: Organization) -> None:
    component = make_component(space, settings={**SETTINGS, "threshold_supports": 0})
    proposal = make_proposal(component, author=resident)

    supported = support_all(proposal, supporters(org, 5))

    assert (supported.threshold_reached_at, supported.answer_due_on) == (None, None)


def test_withdrawn_supports_never_undo_a_reached_threshold(proposal: Proposal,
                                                           org: Organization) -> None:
    people = supporters(org, 4)
    reached = support_all(proposal, people[:3])
    due, at = reached.answer_due_on, reached.threshold_reached_at

    for person in people[:3]:
        support_withdraw(acting_user=person, proposal=Proposal.objects.get(pk=proposal.pk))
    after = support_all(proposal, people)  # and supported again, past N once more

    assert after.supports_count == 4
    # The obligation to answer stays, with its first deadline: it is reached once.
    assert (after.threshold_reached_at, after.answer_due_on) == (at, due)
    assert JournalEntry.objects.filter(action="proposal_threshold").count() == 1


def test_no_editable_path_moves_the_deadline(proposal: Proposal, resident: User,
                                             org: Organization) -> None:
    reached = support_all(proposal, supporters(org, 3))
    due = reached.answer_due_on
    assert due is not None

    # The author's edits cannot touch it (it is not an editable field) …
    assert "answer_due_on" not in proposal_services.EDITABLE
    assert "threshold_reached_at" not in proposal_services.EDITABLE
    with pytest.raises((TypeError, ValidationError)):
        proposal_services.proposal_update(acting_user=resident, proposal=reached,
                                          data={"answer_due_on": due + datetime.timedelta(1)})
    with pytest.raises(TypeError):
        proposal_services._checked({"answer_due_on": due + datetime.timedelta(1)})
    # … withdrawing the proposal keeps it …
    proposal_services.proposal_withdraw(acting_user=resident, proposal=reached)
    reached.refresh_from_db()
    assert reached.state == ProposalState.WITHDRAWN
    assert reached.answer_due_on == due


def test_it_tells_the_author_the_followers_and_the_staff(
        proposal: Proposal, resident: User, official: User, manager: User,
        org: Organization, area: Area,
        django_capture_on_commit_callbacks: Any) -> None:
    follower = make_user(org, "follower")
    follow_create(user=follower, target=proposal)
    follow_create(user=resident, target=proposal)
    other_area = Area.objects.create(organization=org, code="culture", name={"en": "Culture"})
    elsewhere = make_user(org, "elsewhere")
    Role.objects.create(organization=org, user=elsewhere, kind=RoleKind.OFFICIAL,
                        area=other_area)
    official.notification_preferences = {"email_frequency": "immediately"}
    official.save()
    manager.notification_preferences = {"email_frequency": "daily"}
    manager.save()
    people = supporters(org, 3)

    with django_capture_on_commit_callbacks(execute=True):
        support_all(proposal, people)

    told = set(Notification.objects.filter(event="proposal.threshold")
               .values_list("recipient_id", flat=True))
    assert told == {resident.pk, follower.pk, official.pk, manager.pk}
    # Nobody is named as having reached it (the actor of the notice stays empty).
    assert not Notification.objects.filter(event="proposal.threshold",
                                           actor__isnull=False).exists()
    # The "immediately" official has an e-mail now; the "daily" manager's waits for the
    # daily digest.
    assert [message.to for message in mail.outbox] == [[official.email]]
    assert "reached its support threshold" in mail.outbox[0].body
    assert Notification.objects.get(event="proposal.threshold",
                                     recipient=manager).email_pending is True


def test_the_daily_digest_sends_the_staff_notice(
        proposal: Proposal, manager: User, org: Organization,
        django_capture_on_commit_callbacks: Any) -> None:
    manager.notification_preferences = {"email_frequency": "daily"}
    manager.save()
    support_all(proposal, supporters(org, 3))
    assert mail.outbox == []

    send_digest.call(manager.pk, "daily")

    assert [message.to for message in mail.outbox] == [[manager.email]]
    assert "reached its support threshold" in mail.outbox[0].body
    assert not Notification.objects.filter(recipient=manager, email_pending=True).exists()


def test_staff_of_the_department_hear_of_new_proposals(
        component: Component, resident: User, official: User, manager: User) -> None:
    draft = make_proposal(component, author=resident, state=ProposalState.DRAFT)

    proposal_services.proposal_publish(acting_user=resident, proposal=draft)

    told = set(Notification.objects.filter(event="proposal.published")
               .values_list("recipient_id", flat=True))
    assert told == {official.pk, manager.pk}


class TestPublicDebate:
    @pytest.fixture
    def component(self, space: Space) -> Component:
        return make_component(space, settings={**SETTINGS, "threshold_debate": True})

    def test_it_creates_a_draft_debate_and_asks_the_staff_to_schedule_it(
            self, proposal: Proposal, org: Organization, manager: User, official: User,
            resident: User) -> None:
        follow_create(user=resident, target=proposal)

        reached = support_all(proposal, supporters(org, 3))

        debate = reached.debate
        assert debate is not None
        assert debate.state == MeetingState.DRAFT
        assert debate.type == MeetingType.PUBLIC_DEBATE
        assert debate.title["en"] == "Public debate on the proposal “More benches in the park”"
        assert debate.component.type == "meetings"
        assert debate.component.space_id == proposal.component.space_id
        assert debate.component.published_at is not None
        told = set(Notification.objects.filter(event="proposal.debate")
                   .values_list("recipient_id", flat=True))
        assert told == {manager.pk, official.pk}  # not the author: it is the staff's work

    def test_it_uses_the_space_s_meetings_component(self, proposal: Proposal, space: Space,
                                                    org: Organization) -> None:
        meetings = Component.objects.create(space=space, type="meetings",
                                            name={"en": "Meetings"},
                                            published_at=timezone.now())

        reached = support_all(proposal, supporters(org, 3))

        assert reached.debate is not None
        assert reached.debate.component == meetings
        assert Meeting.objects.count() == 1

    def test_no_debate_unless_configured(self, space: Space, resident: User,
                                         org: Organization) -> None:
        component = make_component(space, settings=SETTINGS)
        proposal = make_proposal(component, author=resident)

        reached = support_all(proposal, supporters(org, 3))

        assert reached.threshold_reached_at is not None
        assert reached.debate is None
        assert not Meeting.objects.exists()


def test_the_register_lists_overdue_answers_first(component: Component, resident: User) -> None:
    today = timezone.localdate()
    plain = make_proposal(component, author=resident)
    due_later = make_proposal(component, author=resident,
                              threshold_reached_at=timezone.now(),
                              answer_due_on=today + datetime.timedelta(days=5))
    overdue = make_proposal(component, author=resident,
                            threshold_reached_at=timezone.now(),
                            answer_due_on=today - datetime.timedelta(days=2))
    newest = make_proposal(component, author=resident)

    ordered = list(overdue_first(Proposal.objects.filter(component=component)
                                 .order_by("-number")))

    assert ordered == [overdue, due_later, newest, plain]
    assert [getattr(p, "is_overdue") for p in ordered] == [True, False, False, False]
