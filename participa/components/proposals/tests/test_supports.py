"""Supports: one per resident, every refusal in a sentence, the count kept with the rows, the
verified-district rule, and nothing public that says who supports what."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from participa.components.proposals.models import Proposal, ProposalState, Support
from participa.components.proposals.services.supports import (
    is_resident_of_district,
    support_create,
    support_withdraw,
)
from participa.components.proposals.tests.conftest import make_component, make_proposal
from participa.conftest import make_user
from participa.core.models import AuditEntry, JournalEntry, Organization, Scope, User
from participa.notifications.models import Notification
from participa.spaces.models import Space
from participa.verifications.models import Authorization, Method, Status

pytestmark = pytest.mark.django_db


def refusal(call, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return " ".join(caught.value.messages)


def verify(user: User, *, method: str = Method.ADDRESS, scope: Scope | None = None) -> None:
    assert user.organization is not None
    Authorization.objects.create(
        organization=user.organization, user=user, method=method, status=Status.GRANTED,
        scope=scope, granted_at=timezone.now(),
        identifier_hash="" if method == Method.ADDRESS else f"hash-{user.pk}-{method}")


def test_it_counts_one_support_per_resident(proposal: Proposal, org: Organization) -> None:
    supporter = make_user(org, "supporter")

    support = support_create(acting_user=supporter, proposal=proposal)

    assert support.user == supporter
    proposal.refresh_from_db()
    assert proposal.supports_count == 1
    assert refusal(support_create, acting_user=supporter,
                   proposal=proposal) == "You already support it."
    proposal.refresh_from_db()
    assert proposal.supports_count == 1
    assert Support.objects.filter(proposal=proposal).count() == 1


def test_it_withdraws_a_support_and_counts_it_off(proposal: Proposal,
                                                  org: Organization) -> None:
    supporter = make_user(org, "supporter")
    support_create(acting_user=supporter, proposal=proposal)

    support_withdraw(acting_user=supporter, proposal=proposal)

    proposal.refresh_from_db()
    assert proposal.supports_count == 0
    assert not Support.objects.filter(proposal=proposal).exists()
    assert refusal(support_withdraw, acting_user=supporter,
                   proposal=proposal) == "You do not support this proposal."
    # Supporting again after withdrawing is allowed.
    support_create(acting_user=supporter, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.supports_count == 1


def test_it_refuses_the_proposal_s_own_authors(proposal: Proposal, resident: User,
                                               org: Organization) -> None:
    coauthor = make_user(org, "coauthor")
    proposal.coauthors.add(coauthor)

    for author in (resident, coauthor):
        assert refusal(support_create, acting_user=author, proposal=proposal) == (
            "You cannot support your own proposal: as its author you already stand behind "
            "it.")
    assert proposal.supports.count() == 0


@pytest.mark.parametrize(("state", "message"), [
    (ProposalState.DRAFT, "A draft cannot be supported: it is not published yet."),
    (ProposalState.WITHDRAWN, "Its author withdrew this proposal: it takes no more supports."),
])
def test_it_refuses_a_proposal_that_is_not_published(component, resident, org, state,
                                                     message) -> None:
    proposal = make_proposal(component, author=resident, state=state)
    assert refusal(support_create, acting_user=make_user(org, "supporter"),
                   proposal=proposal) == message


def test_it_refuses_a_merged_proposal(component, resident, org) -> None:
    target = make_proposal(component, author=resident)
    merged = make_proposal(component, author=resident, state=ProposalState.MERGED,
                           merged_into=target, merged_at=timezone.now())
    assert refusal(support_create, acting_user=make_user(org, "supporter"),
                   proposal=merged) == (
        "This proposal was merged into another one: support that one instead.")


def test_it_refuses_supports_and_withdrawals_while_supports_are_closed(
        space: Space, resident: User, org: Organization) -> None:
    component = make_component(space)
    proposal = make_proposal(component, author=resident)
    supporter = make_user(org, "supporter")
    support_create(acting_user=supporter, proposal=proposal)
    phase = space.active_phase()
    assert phase is not None
    component.phase_settings[str(phase.pk)]["supports_enabled"] = False
    component.save()
    proposal = Proposal.objects.get(pk=proposal.pk)

    assert refusal(support_create, acting_user=make_user(org, "late"),
                   proposal=proposal) == "Supports are closed at the moment."
    assert refusal(support_withdraw, acting_user=supporter, proposal=proposal) == (
        "Supports are closed: a support can no longer be withdrawn.")
    proposal.refresh_from_db()
    assert proposal.supports_count == 1


def test_it_refuses_people_of_another_organization(proposal: Proposal, outsider: User) -> None:
    assert refusal(support_create, acting_user=outsider, proposal=proposal) == (
        "Sign in with an account of this organization to support a proposal.")


def test_it_says_nothing_in_public_of_who_supports_what(proposal: Proposal,
                                                        org: Organization) -> None:
    supporter = make_user(org, "supporter")
    support = support_create(acting_user=supporter, proposal=proposal)
    support_withdraw(acting_user=supporter, proposal=proposal)

    assert not JournalEntry.objects.exists()
    assert not Notification.objects.exists()
    # The audit log (administrators only) keeps both acts.
    assert list(AuditEntry.objects.filter(object_id=str(support.pk)).order_by("pk")
                .values_list("action", "actor_id")) == [
        ("support.create", supporter.pk), ("support.withdraw", supporter.pk)]


def test_the_database_refuses_a_negative_count(proposal: Proposal) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(supports_count=-1)


class TestVerifiedResidentsOnly:
    """``supports_verified_only``: a confirmed address in the proposal's district (or in a
    neighbourhood inside it); any verification for a proposal without a district."""

    @pytest.fixture
    def component(self, space: Space):
        return make_component(space, settings={"supports_verified_only": True})

    def test_it_accepts_a_confirmed_address_in_the_district(self, proposal, org, scope
                                                            ) -> None:
        proposal.scope = scope
        proposal.save()
        neighbour = make_user(org, "neighbour")
        verify(neighbour, scope=scope)
        inside = Scope.objects.create(organization=org, code="north-a", name={"en": "North A"},
                                      parent=scope)
        street = make_user(org, "street")
        verify(street, scope=inside)

        support_create(acting_user=neighbour, proposal=proposal)
        support_create(acting_user=street, proposal=proposal)

        proposal.refresh_from_db()
        assert proposal.supports_count == 2

    def test_it_refuses_another_district_and_unplaced_verifications(
            self, proposal, org, scope) -> None:
        proposal.scope = scope
        proposal.save()
        south = Scope.objects.create(organization=org, code="south", name={"en": "South"},
                                     parent=scope.parent)
        elsewhere = make_user(org, "elsewhere")
        verify(elsewhere, scope=south)
        registered = make_user(org, "registered")
        verify(registered, method=Method.REGISTER)
        unverified = make_user(org, "unverified")
        message = ("Only residents verified as living in North can support this proposal: "
                   "confirm your address in your account's verifications.")

        for person in (elsewhere, registered, unverified):
            assert refusal(support_create, acting_user=person, proposal=proposal) == message
        assert not is_resident_of_district(registered, proposal)

    def test_it_refuses_a_revoked_or_pending_address(self, proposal, org, scope
                                                     ) -> None:
        proposal.scope = scope
        proposal.save()
        person = make_user(org, "person")
        Authorization.objects.create(organization=org, user=person, method=Method.ADDRESS,
                                     status=Status.PENDING, scope=scope)
        assert not is_resident_of_district(person, proposal)

    def test_without_a_district_any_verified_resident_may_support(
            self, proposal, org) -> None:
        assert proposal.scope is None
        registered = make_user(org, "registered")
        verify(registered, method=Method.REGISTER)
        unverified = make_user(org, "unverified")

        support_create(acting_user=registered, proposal=proposal)

        assert refusal(support_create, acting_user=unverified, proposal=proposal) == (
            "Only verified residents can support this proposal: verify your account first.")
