"""Co-authors: invited by e-mail address, they accept, then edit the draft and withdraw."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from participa.components.proposals.models import (
    CoauthorInvitation,
    Proposal,
    ProposalState,
    Publication,
)
from participa.components.proposals.services import coauthors as services
from participa.components.proposals.tests.conftest import make_proposal
from participa.conftest import make_user
from participa.core.models import AuditEntry, Organization, User
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db


def url(proposal: Proposal, name: str) -> str:
    component = proposal.component
    return reverse(f"spaces:proposals:{name}",
                   args=[component.space.slug, component.pk, proposal.number])


def refusal(error: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return error.value.messages


class TestServices:
    def test_it_invites_and_audits_by_id(self, component: Component, resident: User,
                                         ngo_member: User) -> None:
        draft = make_proposal(component, author=resident, state=ProposalState.DRAFT)
        services.coauthor_invite(acting_user=resident, proposal=draft,
                                 email="NGO_MEMBER@example.org ")
        assert CoauthorInvitation.objects.get().user == ngo_member
        entry = AuditEntry.objects.get(action="proposal.coauthor_invite")
        assert entry.changes == {"invited": [None, ngo_member.pk]}
        assert "example.org" not in str(entry.changes)

    def test_it_refuses_an_address_nobody_of_the_organization_has(
            self, component: Component, resident: User, outsider: User) -> None:
        draft = make_proposal(component, author=resident, state=ProposalState.DRAFT)
        with pytest.raises(ValidationError) as error:
            services.coauthor_invite(acting_user=resident, proposal=draft,
                                     email=outsider.email)
        assert refusal(error) == ["Nobody of this organization has an account with this "
                                  "e-mail address."]

    def test_it_refuses_the_authors_and_a_second_invitation(
            self, component: Component, resident: User, ngo_member: User) -> None:
        draft = make_proposal(component, author=resident, state=ProposalState.DRAFT)
        with pytest.raises(ValidationError) as error:
            services.coauthor_invite(acting_user=resident, proposal=draft,
                                     email=resident.email)
        assert refusal(error) == ["This person is already an author of the proposal."]
        services.coauthor_invite(acting_user=resident, proposal=draft, email=ngo_member.email)
        with pytest.raises(ValidationError) as error:
            services.coauthor_invite(acting_user=resident, proposal=draft,
                                     email=ngo_member.email)
        assert refusal(error) == ["This person is already invited."]

    def test_it_lets_only_authors_invite(self, component: Component, resident: User,
                                         ngo_member: User, org: Organization) -> None:
        draft = make_proposal(component, author=resident, state=ProposalState.DRAFT)
        with pytest.raises(ValidationError) as error:
            services.coauthor_invite(acting_user=ngo_member, proposal=draft,
                                     email=make_user(org, "friend").email)
        assert refusal(error) == ["Only its authors can invite co-authors."]

    def test_it_refuses_a_withdrawn_proposal(self, component: Component, resident: User,
                                             ngo_member: User) -> None:
        proposal = make_proposal(component, author=resident, state=ProposalState.WITHDRAWN)
        with pytest.raises(ValidationError) as error:
            services.coauthor_invite(acting_user=resident, proposal=proposal,
                                     email=ngo_member.email)
        assert refusal(error) == ["A withdrawn or merged proposal takes no more co-authors."]

    def test_it_caps_the_co_authors(self, component: Component, resident: User,
                                    org: Organization) -> None:
        draft = make_proposal(component, author=resident, state=ProposalState.DRAFT)
        for index in range(services.MAX_COAUTHORS):
            services.coauthor_invite(acting_user=resident, proposal=draft,
                                     email=make_user(org, f"friend{index}").email)
        with pytest.raises(ValidationError) as error:
            services.coauthor_invite(acting_user=resident, proposal=draft,
                                     email=make_user(org, "one_more").email)
        assert refusal(error) == ["A proposal has at most 10 co-authors."]

    def test_it_accepts_only_an_invitation(self, component: Component, resident: User,
                                           ngo_member: User) -> None:
        draft = make_proposal(component, author=resident, state=ProposalState.DRAFT)
        with pytest.raises(ValidationError) as error:
            services.coauthor_accept(acting_user=ngo_member, proposal=draft)
        assert refusal(error) == ["You have no invitation to co-author this proposal."]
        services.coauthor_invite(acting_user=resident, proposal=draft, email=ngo_member.email)
        services.coauthor_accept(acting_user=ngo_member, proposal=draft)
        assert list(draft.coauthors.all()) == [ngo_member]
        assert not CoauthorInvitation.objects.exists()
        assert AuditEntry.objects.filter(action="proposal.coauthor_accept",
                                         actor=ngo_member).count() == 1


class TestViews:
    def test_it_invites_accepts_and_the_co_author_edits_the_draft(
            self, client_for: Any, component: Component, resident: User,
            ngo_member: User) -> None:
        draft = make_proposal(component, author=resident, state=ProposalState.DRAFT)
        response = client_for(resident).post(url(draft, "coauthors"),
                                             {"email": ngo_member.email})
        assert response.status_code == 302
        invited = client_for(ngo_member)
        # The invited person sees the invitation on the component page, and can accept it.
        index = invited.get(reverse("spaces:proposals:index",
                                    args=[component.space.slug, component.pk]))
        assert url(draft, "coauthor_join") in index.content.decode()
        assert invited.get(url(draft, "edit")).status_code == 404
        page = invited.get(url(draft, "coauthor_join")).content.decode()
        assert "Resident invites you to co-author this proposal." in page
        response = invited.post(url(draft, "coauthor_join"))
        assert response["Location"] == url(draft, "edit")
        response = invited.post(url(draft, "edit"), {
            "title": "Bănci și umbră", "body": "Text nou.", "publication": "named",
            "action": "draft"})
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.title == "Bănci și umbră"

    def test_it_explains_an_unknown_address_and_keeps_it(
            self, client_for: Any, component: Component, resident: User) -> None:
        draft = make_proposal(component, author=resident, state=ProposalState.DRAFT)
        response = client_for(resident).post(url(draft, "coauthors"),
                                             {"email": "nobody@example.org"})
        page = response.content.decode()
        assert response.status_code == 400
        assert "Nobody of this organization has an account with this e-mail address." in page
        assert 'value="nobody@example.org"' in page

    def test_it_names_co_authors_only_when_published_with_names(
            self, client_for: Any, component: Component, resident: User,
            ngo_member: User) -> None:
        named = make_proposal(component, author=resident)
        named.coauthors.add(ngo_member)
        anonymous = make_proposal(component, author=resident,
                                  publication=Publication.ANONYMOUS)
        anonymous.coauthors.add(ngo_member)
        visitor = client_for(None)
        assert "Ngo Member" in visitor.get(named.get_absolute_url()).content.decode()
        assert "Ngo Member" not in visitor.get(anonymous.get_absolute_url()).content.decode()

    def test_it_lets_a_co_author_withdraw(self, client_for: Any, component: Component,
                                          resident: User, ngo_member: User) -> None:
        proposal = make_proposal(component, author=resident)
        proposal.coauthors.add(ngo_member)
        client_for(ngo_member).post(url(proposal, "withdraw"))
        proposal.refresh_from_db()
        assert proposal.state == ProposalState.WITHDRAWN
