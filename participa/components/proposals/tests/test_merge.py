"""Merging duplicates (supports counted once) and splitting proposals."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from participa.components.proposals.actions import ProposalJournalAction
from participa.components.proposals.models import Proposal, ProposalState, Support
from participa.components.proposals.services.merge import proposal_merge, proposal_split
from participa.components.proposals.tests.conftest import make_component, make_proposal
from participa.conftest import make_user
from participa.core.models import JournalEntry, Organization, User
from participa.notifications.models import Follow, Notification
from participa.notifications.services import follow_create
from participa.spaces.models import Component


def _support(proposal: Proposal, *users: User) -> None:
    for user in users:
        Support.objects.create(proposal=proposal, user=user)
    proposal.supports_count = Support.objects.filter(proposal=proposal).count()
    proposal.save(update_fields=["supports_count"])


def _followers(proposal: Proposal) -> set[int]:
    return set(Follow.objects.filter(content_type=ContentType.objects.get_for_model(Proposal),
                                     object_id=proposal.pk).values_list("user_id", flat=True))


def test_it_merges_supports_once(org: Organization, component: Component,
                                 resident: User, manager: User) -> None:
    a = make_proposal(component, author=resident, title="Benches")
    author_b = make_user(org, "author_b")
    b = make_proposal(component, author=author_b, title="Benches again")
    both, only_a, only_b = (make_user(org, name) for name in ("both", "only_a", "only_b"))
    _support(a, both, only_a)
    _support(b, both, only_b)
    follow_create(user=author_b, target=b)
    follow_create(user=resident, target=a)
    proposal_merge(acting_user=manager, source=b, target=a)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.supports_count == 3
    assert set(Support.objects.filter(proposal=a).values_list("user_id", flat=True)) == {
        both.pk, only_a.pk, only_b.pk}
    assert (b.state, b.merged_into, b.supports_count) == (ProposalState.MERGED, a, 1)
    assert b.merged_at is not None
    assert _followers(a) == {resident.pk, author_b.pk}
    line = JournalEntry.objects.get(action=ProposalJournalAction.PROPOSAL_MERGED)
    assert line.params["merged_number"] == str(b.number)
    assert Notification.objects.filter(recipient=author_b, event="proposal.merged").exists()
    assert Notification.objects.filter(recipient=resident,
                                       event="proposal.merged_into").exists()


def test_it_refuses_merges_it_cannot_make(org: Organization, component: Component,
                                          resident: User, manager: User) -> None:
    a = make_proposal(component, author=resident)
    with pytest.raises(ValidationError) as error:
        proposal_merge(acting_user=manager, source=a, target=a)
    assert error.value.messages == ["A proposal cannot be merged into itself."]
    other = make_component(component.space)
    elsewhere = make_proposal(other, author=resident)
    with pytest.raises(ValidationError) as error:
        proposal_merge(acting_user=manager, source=elsewhere, target=a)
    assert error.value.messages == ["Only proposals of the same component can be merged."]
    draft = make_proposal(component, author=resident, state=ProposalState.DRAFT)
    with pytest.raises(ValidationError):
        proposal_merge(acting_user=manager, source=draft, target=a)
    with pytest.raises(ValidationError):
        proposal_merge(acting_user=manager, source=a, target=draft)
    with pytest.raises(PermissionDenied):
        proposal_merge(acting_user=resident, source=elsewhere, target=a)


def test_a_merged_proposal_cannot_take_more_merges(component: Component, resident: User,
                                                   manager: User) -> None:
    a, b, c = (make_proposal(component, author=resident) for _ in range(3))
    proposal_merge(acting_user=manager, source=b, target=a)
    b.refresh_from_db()
    with pytest.raises(ValidationError):
        proposal_merge(acting_user=manager, source=c, target=b)
    with pytest.raises(ValidationError):
        proposal_merge(acting_user=manager, source=b, target=c)


def test_it_splits_a_proposal(component: Component, resident: User, manager: User) -> None:
    original = make_proposal(component, author=resident, body="Benches. And a fountain.")
    new = proposal_split(acting_user=manager, proposal=original, title="A fountain",
                         body="A fountain, proposed by Ion Popescu, phone 0722 123 456.")
    original.refresh_from_db()
    assert original.body == "Benches. And a fountain." and original.state == "published"
    assert (new.split_from, new.number, new.state) == (original, 2, ProposalState.PUBLISHED)
    assert new.author == resident and new.title == "A fountain"
    assert "0722 123 456" not in new.body_public  # redacted like any proposal
    assert "0722 123 456" in new.body


def test_a_split_needs_title_and_text(proposal: Proposal, manager: User) -> None:
    with pytest.raises(ValidationError) as error:
        proposal_split(acting_user=manager, proposal=proposal, title=" ", body="")
    assert error.value.message_dict == {"title": ["Give the new proposal a title."],
                                        "body": ["Write the text of the new proposal."]}
