"""Writing a proposal on the site: the form, preview, draft, publication, editing, withdrawal."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from participa.answers.models import AnswerState
from participa.components.proposals.models import (
    Proposal,
    ProposalAnswer,
    ProposalCategory,
    ProposalState,
    Publication,
)
from participa.components.proposals.selectors import drafts_of
from participa.components.proposals.tests.conftest import make_component, make_proposal
from participa.core.models import AuditEntry, Scope, User, UserGroup
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db


def url(component: Component, name: str, *args: Any) -> str:
    return reverse(f"spaces:proposals:{name}", args=[component.space.slug, component.pk, *args])


def form_data(**values: Any) -> dict[str, Any]:
    data = {"title": "Pistă de biciclete pe strada Mare",
            "body": "O pistă de biciclete separată de trotuar, pe toată strada.",
            "scope": "", "area": "", "address": "", "latitude": "", "longitude": "",
            "publication": Publication.NAMED, "action": "draft"}
    data.update(values)
    return data


class TestProposeForm:
    def test_it_shows_the_propose_button_to_people_of_the_organization(
            self, client_for: Any, component: Component, resident: User) -> None:
        page = client_for(resident).get(url(component, "index")).content.decode()
        assert url(component, "propose") in page
        assert url(component, "propose") not in client_for(None).get(
            url(component, "index")).content.decode()

    def test_it_sends_visitors_to_sign_in(self, client_for: Any, component: Component) -> None:
        response = client_for(None).get(url(component, "propose"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))

    def test_it_refuses_when_the_phase_takes_no_new_proposals(
            self, client_for: Any, space: Any, resident: User) -> None:
        closed = make_component(space, switches={"creation_enabled": False})
        client = client_for(resident)
        response = client.get(url(closed, "propose"), follow=True)
        assert "New proposals are not accepted here at the moment." in (
            response.content.decode())
        assert url(closed, "propose") not in client.get(url(closed, "index")).content.decode()

    def test_it_offers_the_component_categories_and_the_verified_groups_only(
            self, client_for: Any, component: Component, ngo_member: User,
            ngo: UserGroup) -> None:
        ProposalCategory.objects.create(component=component, name={"en": "Mobility"})
        page = client_for(ngo_member).get(url(component, "propose")).content.decode()
        assert "Mobility" in page
        assert 'name="group"' not in page  # not verified yet
        assert 'value="group"' not in page
        ngo.verified_at = ngo.created_at
        ngo.save()
        page = client_for(ngo_member).get(url(component, "propose")).content.decode()
        assert 'name="group"' in page and "Asociația Test" in page

    def test_it_previews_without_saving_and_keeps_what_was_typed(
            self, client_for: Any, component: Component, resident: User) -> None:
        response = client_for(resident).post(url(component, "propose"), form_data(
            body="Un **drum** nou.", action="preview"))
        page = response.content.decode()
        assert response.status_code == 200
        assert "<strong>drum</strong>" in page
        assert "Pistă de biciclete pe strada Mare" in page
        assert not Proposal.objects.exists()

    def test_it_saves_a_draft_the_author_finds_again(
            self, client_for: Any, component: Component, resident: User) -> None:
        client = client_for(resident)
        response = client.post(url(component, "propose"), form_data(
            latitude="45.753721", longitude="21.225678", address="Strada Mare 1"))
        proposal = Proposal.objects.get()
        assert response.status_code == 302
        assert response["Location"] == url(component, "edit", proposal.number)
        assert proposal.state == ProposalState.DRAFT
        assert str(proposal.latitude) == "45.753721"
        assert list(drafts_of(resident, component)) == [proposal]
        index = client.get(url(component, "index")).content.decode()
        assert url(component, "edit", proposal.number) in index
        edit = client.get(url(component, "edit", proposal.number)).content.decode()
        assert "Strada Mare 1" in edit
        assert reverse("attachments:manage", args=["proposals.proposal", proposal.pk]) in edit

    def test_it_keeps_everything_typed_and_explains_each_error(
            self, client_for: Any, component: Component, resident: User) -> None:
        response = client_for(resident).post(url(component, "propose"), form_data(
            title="", latitude="95", longitude="200", address="Piața Unirii"))
        page = response.content.decode()
        assert response.status_code == 400
        assert "Give your proposal a title." in page
        assert "The latitude is a number from -90 to 90." in page
        assert "The longitude is a number from -180 to 180." in page
        assert "O pistă de biciclete separată de trotuar" in page
        assert "Piața Unirii" in page
        assert not Proposal.objects.exists()

    def test_it_refuses_half_a_map_point_with_a_sentence(
            self, client_for: Any, component: Component, resident: User) -> None:
        response = client_for(resident).post(url(component, "propose"), form_data(
            latitude="45.75"))
        assert response.status_code == 400
        assert ("Give both the latitude and the longitude of the map point, or neither."
                in response.content.decode())

    def test_it_refuses_coordinates_that_are_not_numbers(
            self, client_for: Any, component: Component, resident: User) -> None:
        response = client_for(resident).post(url(component, "propose"), form_data(
            latitude="north", longitude="21"))
        assert "Write the coordinate as a number with a dot, e.g. 45.753721." in (
            response.content.decode())

    def test_it_refuses_a_scope_of_another_organization(
            self, client_for: Any, component: Component, resident: User,
            other_org: Any) -> None:
        elsewhere = Scope.objects.create(organization=other_org, code="x", name={"en": "X"})
        response = client_for(resident).post(url(component, "propose"), form_data(
            scope=str(elsewhere.pk)))
        assert response.status_code == 400
        assert not Proposal.objects.exists()


class TestPublish:
    def test_it_publishes_the_redacted_text_only(
            self, client_for: Any, component: Component, resident: User) -> None:
        client = client_for(resident)
        client.post(url(component, "propose"), form_data(
            body="Scrieți-mi la ana.pop@example.org sau sunați la 0722 123 456 pentru detalii."))
        proposal = Proposal.objects.get()
        response = client.post(url(component, "edit", proposal.number), form_data(
            body=proposal.body, action="publish"))
        assert response.status_code == 302
        assert response["Location"] == proposal.get_absolute_url()
        proposal.refresh_from_db()
        assert proposal.state == ProposalState.PUBLISHED
        public = client_for(None).get(proposal.get_absolute_url()).content.decode()
        assert "pentru detalii" in public
        assert "ana.pop@example.org" not in public
        assert "0722 123 456" not in public
        assert "722" not in public

    def test_it_publishes_at_once_from_the_form(
            self, client_for: Any, component: Component, resident: User) -> None:
        response = client_for(resident).post(url(component, "propose"),
                                             form_data(action="publish"))
        proposal = Proposal.objects.get()
        assert proposal.state == ProposalState.PUBLISHED
        assert response["Location"] == proposal.get_absolute_url()
        assert AuditEntry.objects.filter(action="proposal.publish").count() == 1

    def test_it_keeps_a_draft_from_other_people(
            self, client_for: Any, component: Component, resident: User, admin: User,
            ngo_member: User) -> None:
        draft = make_proposal(component, author=resident, state=ProposalState.DRAFT)
        assert client_for(None).get(draft.get_absolute_url()).status_code == 404
        assert client_for(ngo_member).get(draft.get_absolute_url()).status_code == 404
        assert client_for(ngo_member).get(url(component, "edit", draft.number)).status_code \
            == 404


class TestEdit:
    def test_it_corrects_a_published_proposal_nobody_supports(
            self, client_for: Any, component: Component, resident: User) -> None:
        proposal = make_proposal(component, author=resident)
        response = client_for(resident).post(url(component, "edit", proposal.number),
                                             form_data(title="Bănci noi în parc"))
        assert response["Location"] == proposal.get_absolute_url()
        proposal.refresh_from_db()
        assert proposal.title_public == "Bănci noi în parc"
        entry = AuditEntry.objects.get(action="proposal.update")
        assert "title" in entry.changes and "title_public" in entry.changes

    def test_it_explains_why_a_supported_proposal_can_no_longer_change(
            self, client_for: Any, component: Component, resident: User) -> None:
        proposal = make_proposal(component, author=resident, supports_count=3)
        client = client_for(resident)
        page = client.get(url(component, "edit", proposal.number)).content.decode()
        assert ("Residents already support this proposal or the city has answered it: it "
                "stays as published.") in page
        assert 'name="title"' not in page
        client.post(url(component, "edit", proposal.number), form_data(title="Changed"))
        proposal.refresh_from_db()
        assert proposal.title == "More benches in the park"

    def test_it_explains_why_an_answered_proposal_can_no_longer_change(
            self, client_for: Any, component: Component, resident: User,
            admin: User, official: User) -> None:
        proposal = make_proposal(component, author=resident)
        ProposalAnswer.objects.create(proposal=proposal, outcome="accepted",
                                      state=AnswerState.PUBLISHED, drafted_by=official,
                                      published_at=proposal.published_at,
                                      reviewed_by=admin, reviewed_at=proposal.published_at)
        page = client_for(resident).get(url(component, "edit", proposal.number))
        assert "it stays as published." in page.content.decode()

    def test_it_sends_others_back_to_the_proposal(
            self, client_for: Any, component: Component, resident: User,
            ngo_member: User) -> None:
        proposal = make_proposal(component, author=resident)
        response = client_for(ngo_member).post(url(component, "edit", proposal.number),
                                               form_data(title="Mine now"))
        assert response["Location"] == proposal.get_absolute_url()
        proposal.refresh_from_db()
        assert proposal.title == "More benches in the park"


class TestWithdraw:
    def test_it_asks_then_withdraws_and_the_proposal_stays_visible(
            self, client_for: Any, component: Component, resident: User) -> None:
        proposal = make_proposal(component, author=resident)
        client = client_for(resident)
        confirm = client.get(url(component, "withdraw", proposal.number)).content.decode()
        assert "Withdraw your proposal?" in confirm
        proposal.refresh_from_db()
        assert proposal.state == ProposalState.PUBLISHED
        response = client.post(url(component, "withdraw", proposal.number))
        assert response["Location"] == proposal.get_absolute_url()
        proposal.refresh_from_db()
        assert proposal.state == ProposalState.WITHDRAWN
        public = client_for(None).get(proposal.get_absolute_url())
        assert public.status_code == 200
        assert "Withdrawn by its author" in public.content.decode()

    def test_it_refuses_a_draft_with_a_sentence(
            self, client_for: Any, component: Component, resident: User) -> None:
        draft = make_proposal(component, author=resident, state=ProposalState.DRAFT)
        response = client_for(resident).post(url(component, "withdraw", draft.number))
        assert response.status_code == 400
        assert "Only a published proposal can be withdrawn." in response.content.decode()

    def test_it_lets_only_authors_withdraw(
            self, client_for: Any, component: Component, resident: User,
            ngo_member: User) -> None:
        proposal = make_proposal(component, author=resident)
        client_for(ngo_member).post(url(component, "withdraw", proposal.number))
        proposal.refresh_from_db()
        assert proposal.state == ProposalState.PUBLISHED
