"""The authoring services: every refusal, in the sentence the person reads, and the audit."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from participa.components.proposals.models import ProposalState, Publication
from participa.components.proposals.services import proposals as services
from participa.components.proposals.tests.conftest import make_component, make_proposal
from participa.core.models import AuditEntry, JournalEntry, User, UserGroup
from participa.spaces.models import Component, Space

pytestmark = pytest.mark.django_db

DATA = {"title": "Bănci în parc", "body": "Bănci la fiecare 100 de metri."}


def refused(call: Any, **kwargs: Any) -> dict[str, list[str]] | list[str]:
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    if hasattr(error.value, "error_dict"):
        return error.value.message_dict
    return error.value.messages


def test_it_refuses_a_proposal_when_the_phase_takes_none(space: Space, resident: User) -> None:
    closed = make_component(space, switches={"creation_enabled": False})
    assert refused(services.proposal_create, acting_user=resident, component=closed,
                   data=DATA) == ["New proposals are not accepted here at the moment."]


def test_it_asks_for_a_title_a_text_and_a_whole_map_point(component: Component,
                                                          resident: User) -> None:
    assert refused(services.proposal_create, acting_user=resident, component=component,
                   data={"title": " ", "body": "", "latitude": 45}) == {
        "title": ["Give your proposal a title."],
        "body": ["Describe your proposal."],
        "latitude": ["Give both the latitude and the longitude of the map point, or neither."],
    }


def test_it_refuses_a_group_the_person_may_not_speak_for(
        component: Component, resident: User, ngo_member: User, ngo: UserGroup) -> None:
    assert refused(services.proposal_create, acting_user=resident, component=component,
                   data={**DATA, "publication": Publication.GROUP}) == {
        "group": ["Choose the group in whose name you propose it."]}
    message = {"group": ["You can propose only in the name of a verified group you are a "
                         "member of."]}
    # Not verified yet.
    assert refused(services.proposal_create, acting_user=ngo_member, component=component,
                   data={**DATA, "group": ngo}) == message
    ngo.verified_at = timezone.now()
    ngo.save()
    assert refused(services.proposal_create, acting_user=resident, component=component,
                   data={**DATA, "group": ngo}) == message
    proposal = services.proposal_create(acting_user=ngo_member, component=component,
                                        data={**DATA, "group": ngo,
                                              "publication": Publication.GROUP})
    assert proposal.group == ngo


def test_it_lets_only_authors_change_publish_and_withdraw(
        component: Component, resident: User, ngo_member: User) -> None:
    draft = make_proposal(component, author=resident, state=ProposalState.DRAFT)
    assert refused(services.proposal_update, acting_user=ngo_member, proposal=draft,
                   data=DATA) == ["Only its authors can change a proposal."]
    assert refused(services.proposal_publish, acting_user=ngo_member, proposal=draft) == [
        "Only its authors can publish a proposal."]
    published = make_proposal(component, author=resident)
    assert refused(services.proposal_withdraw, acting_user=ngo_member,
                   proposal=published) == ["Only its authors can withdraw a proposal."]


def test_it_refuses_to_publish_twice_or_when_the_phase_closed(
        space: Space, component: Component, resident: User) -> None:
    published = make_proposal(component, author=resident)
    assert refused(services.proposal_publish, acting_user=resident, proposal=published) == [
        "This proposal is already published."]
    closed = make_component(space, switches={"creation_enabled": False})
    draft = make_proposal(closed, author=resident, state=ProposalState.DRAFT)
    assert refused(services.proposal_publish, acting_user=resident, proposal=draft) == [
        "New proposals are not accepted here at the moment."]


def test_it_keeps_a_supported_or_final_proposal_as_published(
        component: Component, resident: User) -> None:
    supported = make_proposal(component, author=resident, supports_count=1)
    assert refused(services.proposal_update, acting_user=resident, proposal=supported,
                   data=DATA) == ["Residents already support this proposal or the city has "
                                  "answered it: it stays as published."]
    withdrawn = make_proposal(component, author=resident, state=ProposalState.WITHDRAWN)
    assert refused(services.proposal_update, acting_user=resident, proposal=withdrawn,
                   data=DATA) == ["A withdrawn or merged proposal can no longer change."]
    assert refused(services.proposal_withdraw, acting_user=resident, proposal=withdrawn) == [
        "Only a published proposal can be withdrawn."]


def test_it_audits_and_journals_the_publication_with_the_public_title(
        component: Component, resident: User) -> None:
    draft = services.proposal_create(
        acting_user=resident, component=component,
        data={"title": "Sunați la 0722 123 456", "body": "Text."})
    services.proposal_publish(acting_user=resident, proposal=draft)
    entry = AuditEntry.objects.get(action="proposal.publish")
    assert entry.changes["state"] == [ProposalState.DRAFT, ProposalState.PUBLISHED]
    line = JournalEntry.objects.get(action="proposal_published")
    assert "0722" not in line.params["title"]
