"""Tracking the implementation of an accepted proposal: the staff's "Track implementation"
(a confirmation, then a tracked item with the proposal as its source), its refusals, and the
public page's link to the tracked item."""

from __future__ import annotations

import decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from participa.components.proposals.services.tracking import proposal_track
from participa.components.proposals.tests.conftest import make_proposal
from participa.components.proposals.tests.test_public_list import answer
from participa.core.models import AuditEntry
from participa.notifications.models import Notification
from participa.notifications.services import follow_create
from participa.tracking.models import TrackedItem
from participa.tracking.services import tracked_for, tracked_item_publish, tracked_item_update


@pytest.fixture
def accepted(component, resident, official, area, scope):
    proposal = make_proposal(component, author=resident, title="Shade sails on the square",
                             body="Sails over the benches.", department=area, scope=scope,
                             cost_estimate=decimal.Decimal("80000.00"))
    answer(proposal, "accepted", official=official)
    return proposal


def track_url(proposal) -> str:
    component = proposal.component
    return (f"/manage/spaces/{component.space.slug}/proposals/{component.pk}/"
            f"{proposal.number}/track/")


def test_an_official_tracks_an_accepted_proposal_after_confirming(client_for, accepted,
                                                                 official, area, scope):
    staff = client_for(official)
    detail = staff.get(track_url(accepted).replace("track/", "")).content.decode()
    assert f'<a href="{track_url(accepted)}">Track implementation</a>' in detail
    confirm = staff.get(track_url(accepted)).content.decode()
    assert f"Track the implementation of proposal No. {accepted.number}?" in confirm
    assert TrackedItem.objects.count() == 0
    response = staff.post(track_url(accepted))
    item = tracked_for(accepted)
    assert item is not None
    assert response["Location"] == f"/manage/tracking/{item.pk}/"
    assert (item.title, item.description) == ("Shade sails on the square",
                                              "Sails over the benches.")
    assert (item.department, item.scope, item.component) == (area, scope, accepted.component)
    assert item.planned_cost == decimal.Decimal("80000.00")
    assert item.published_at is None
    assert AuditEntry.objects.filter(action="tracking.create", object_id=str(item.pk)).exists()
    detail = staff.get(track_url(accepted).replace("track/", "")).content.decode()
    assert "Its tracked implementation" in detail and "Track implementation" not in detail


def test_an_integrated_proposal_is_trackable_too(accepted, official):
    answer(accepted, "integrated", official=official)
    assert proposal_track(acting_user=official, proposal=accepted).title == (
        "Shade sails on the square")


@pytest.mark.parametrize("outcome", [None, "rejected", "evaluating"])
def test_a_proposal_not_accepted_is_not_trackable(client_for, component, resident, official,
                                                  area, outcome):
    proposal = make_proposal(component, author=resident, department=area)
    if outcome:
        answer(proposal, outcome, official=official)
    with pytest.raises(ValidationError) as refusal:
        proposal_track(acting_user=official, proposal=proposal)
    assert refusal.value.code == "not_accepted"
    staff = client_for(official)
    assert "Track implementation" not in staff.get(
        track_url(proposal).replace("track/", "")).content.decode()
    html = staff.post(track_url(proposal)).content.decode()
    assert "can be tracked." in html
    assert TrackedItem.objects.count() == 0


def test_an_unpublished_answer_does_not_count(component, resident, official, area):
    proposal = make_proposal(component, author=resident, department=area)
    answer(proposal, "accepted", official=official, published=False)
    with pytest.raises(ValidationError):
        proposal_track(acting_user=official, proposal=proposal)


def test_a_proposal_is_tracked_once(client_for, accepted, official):
    proposal_track(acting_user=official, proposal=accepted)
    html = client_for(official).post(track_url(accepted)).content.decode()
    assert "The implementation of this proposal is already tracked." in html
    assert TrackedItem.objects.count() == 1


def test_a_space_manager_who_is_not_of_the_department_cannot_track(client_for, accepted,
                                                                    manager, resident):
    with pytest.raises(PermissionDenied):
        proposal_track(acting_user=manager, proposal=accepted)
    html = client_for(manager).post(track_url(accepted)).content.decode()
    assert "Only the administrators and the officials of the proposal" in html
    assert client_for(resident).get(track_url(accepted)).status_code == 404
    assert TrackedItem.objects.count() == 0


def test_the_public_page_links_to_the_published_tracked_item(client_for, accepted, official,
                                                             resident):
    item = proposal_track(acting_user=official, proposal=accepted)
    public = client_for(None)
    assert "Its implementation is tracked" not in public.get(
        accepted.get_absolute_url()).content.decode()
    # Those who follow the proposal hear that its implementation is tracked.
    follow_create(user=resident, target=accepted)
    tracked_item_publish(acting_user=official, item=item)
    assert Notification.objects.filter(recipient=resident, event="tracked_item.published",
                                       object_id=accepted.pk).count() == 1
    tracked_item_update(acting_user=official, item=item, status="in_progress", progress=30,
                        note="The sails are ordered.")
    html = public.get(accepted.get_absolute_url()).content.decode()
    assert ("Its implementation is tracked in public: "
            f'<a href="/tracking/{item.pk}/">In progress, 30% done</a>.') in html
    page = public.get(item.get_absolute_url()).content.decode()
    assert ("Comes from: Proposal "
            f'<a href="{accepted.get_absolute_url()}">Shade sails on the square</a>') in page
