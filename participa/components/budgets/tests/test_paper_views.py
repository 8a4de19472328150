"""The pages of voting on paper: who reaches them (a point's officials and administrators;
404 for everyone else), keying twice, the mismatch beside the scanned ballot resolved by a
third official, the refusals shown to the official, the polling points' set-up and the
tallies in a fixed number of queries."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import FileResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from participa.components.budgets.models import Ballot, Edition, Pool, Project, Voter
from participa.components.budgets.models_paper import (
    PaperBallot,
    PaperBallotState,
    PollingPoint,
)
from participa.components.budgets.services.voting import ballot_cast
from participa.components.budgets.tests.paper_support import (
    approval_pool,
    clerks,
    polling_point,
)
from participa.components.budgets.tests.voting_support import voting_edition
from participa.conftest import login, make_user
from participa.core.models import Organization, User
from participa.spaces.models import Component
from participa.verifications.hashing import identifier_hash
from participa.verifications.models import Authorization, Method, Status

pytestmark = pytest.mark.django_db

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00"
       b"\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05"
       b"\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def text(response: Any) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


@pytest.fixture
def edition(component: Component) -> Edition:
    return voting_edition(component)[0]


@pytest.fixture
def staff(org: Organization) -> tuple[User, User, User]:
    return clerks(org)


@pytest.fixture
def point(edition: Edition, staff: tuple[User, User, User]) -> PollingPoint:
    return polling_point(edition, list(staff))


@pytest.fixture
def ballot_pool(component: Component, edition: Edition) -> tuple[Pool, list[Project]]:
    return approval_pool(component, edition)


def url(component: Component, name: str, *args: Any) -> str:
    return reverse(f"manage:budgets:{name}", args=[component.space.slug, component.pk, *args])


def key(user: User, component: Component, point: PollingPoint, pool: Pool,
        project_ids: list[int], **values: Any) -> Any:
    data = {"serial": "A-0001", "identifier": "1850101123456", "project": project_ids,
            **values}
    return login(user).post(url(component, "paper_key", point.pk, pool.pk), data)


def test_it_shows_the_pages_to_the_points_officials_and_administrators_only(
        org: Organization, component: Component, edition: Edition, point: PollingPoint,
        ballot_pool: Any, staff: Any, admin: User, official: User, resident: User,
        outsider: User):
    pool, _projects = ballot_pool
    other = polling_point(edition, [official], name="Library")
    pages = [url(component, "paper_point", point.pk),
             url(component, "paper_key", point.pk, pool.pk)]
    for page in pages:
        assert login(staff[0]).get(page).status_code == 200
        assert login(admin).get(page).status_code == 200
        for person in (official, resident):
            assert login(person).get(page).status_code == 404
        assert login(outsider, host="other.test").get(page).status_code == 404
    # An official sees the index and the tallies of their own polling point only.
    index = text(login(official).get(url(component, "paper_index")))
    assert "Library" in index and "School No. 5" not in index
    assert "Add a polling point" not in index
    assert login(official).get(url(component, "paper_point", other.pk)).status_code == 200
    for page in (url(component, "paper_index"), url(component, "paper_tallies")):
        assert login(resident).get(page).status_code == 404


def test_it_accepts_a_ballot_keyed_twice_alike(component: Component, point: PollingPoint,
                                               ballot_pool: Any, staff: Any):
    pool, projects = ballot_pool
    page = url(component, "paper_key", point.pk, pool.pk)
    first, second = login(staff[0]), login(staff[1])
    data = {"serial": "A-0001", "identifier": "1850101123456", "project": [projects[0].pk]}
    response = first.post(page, data, follow=True)
    assert response.redirect_chain == [(page, 302)]
    assert ("Ballot A-0001: first keying saved. Another official must enter it a second "
            "time.") in text(response)
    response = second.post(page, {**data, "serial": "a-0001"}, follow=True)
    assert "Ballot A-0001: both keyings agree, the vote is accepted." in text(response)
    assert Ballot.objects.get().choices == [[projects[0].pk, 1]]
    assert Voter.objects.get().channel == "paper"


def test_it_tells_the_official_who_keys_twice(component: Component, point: PollingPoint,
                                              ballot_pool: Any, staff: Any):
    pool, projects = ballot_pool
    key(staff[0], component, point, pool, [projects[0].pk])
    response = key(staff[0], component, point, pool, [projects[0].pk])
    assert response.status_code == 400
    assert "You have already keyed this ballot: another official must enter it." in text(
        response)
    assert PaperBallot.objects.get().entries.count() == 1


def test_it_shows_the_ballots_limits_and_keeps_what_was_typed(
        component: Component, point: PollingPoint, ballot_pool: Any, staff: Any):
    pool, projects = ballot_pool
    response = key(staff[0], component, point, pool, [p.pk for p in projects],
                   serial="Z-9")
    body = text(response)
    assert response.status_code == 400
    assert "You chose 3 projects: choose at most 2 projects." in body
    assert 'value="Z-9"' in body
    assert body.count("checked") == 3
    assert PaperBallot.objects.count() == 0


def test_a_mismatch_is_resolved_by_a_third_official_beside_the_scan(
        component: Component, point: PollingPoint, ballot_pool: Any, staff: Any,
        settings: Any, tmp_path: Any):
    settings.MEDIA_ROOT = str(tmp_path)
    pool, projects = ballot_pool
    key(staff[0], component, point, pool, [projects[0].pk],
        scan=SimpleUploadedFile("ballot.png", PNG, content_type="image/png"))
    key(staff[1], component, point, pool, [projects[1].pk])
    ballot = PaperBallot.objects.get()
    assert ballot.state == PaperBallotState.MISMATCH
    listed = text(login(staff[2]).get(url(component, "paper_point", point.pk)))
    assert "Resolve ballot A-0001" in listed
    page = login(staff[2]).get(url(component, "paper_resolve", point.pk, ballot.pk))
    body = text(page)
    assert page.status_code == 200
    assert f"1. {projects[0]}" in body and f"2. {projects[1]}" in body
    assert 'alt="Scan of paper ballot A-0001"' in body
    scan = login(staff[2]).get(url(component, "paper_scan", point.pk, ballot.pk))
    assert isinstance(scan, FileResponse)
    assert b"".join(scan.streaming_content) == PNG
    # The first two officials may not decide it.
    assert ("You keyed this ballot already: an official who keyed neither of the two "
            "resolves it.") in text(login(staff[0]).get(
                url(component, "paper_resolve", point.pk, ballot.pk)))
    decided = login(staff[2]).post(url(component, "paper_resolve", point.pk, ballot.pk),
                                   {"identifier": "1850101123456",
                                    "project": [projects[1].pk]})
    assert decided.status_code == 302
    ballot.refresh_from_db()
    assert ballot.state == PaperBallotState.ACCEPTED
    assert Ballot.objects.get().choices == [[projects[1].pk, 1]]
    assert login(staff[2]).get(url(component, "paper_resolve", point.pk,
                                   ballot.pk)).status_code == 404


def test_the_official_is_told_the_person_voted_online(
        org: Organization, component: Component, edition: Edition, point: PollingPoint,
        ballot_pool: Any, staff: Any):
    pool, projects = ballot_pool
    person = make_user(org, "registered")
    Authorization.objects.create(organization=org, user=person, method=Method.REGISTER,
                                 status=Status.GRANTED, granted_at=timezone.now(),
                                 identifier_hash=identifier_hash(org.pk, "register_id",
                                                                 "1850101123456"))
    ballot_cast(acting_user=person, edition=edition, pool=pool, choices={projects[0].pk: 1})
    key(staff[0], component, point, pool, [projects[1].pk])
    response = key(staff[1], component, point, pool, [projects[1].pk])
    assert response.status_code == 400
    assert ("This person has already voted online in this participatory budget: their paper "
            "ballot cannot be accepted. Set it aside for the electoral commission."
            ) in text(response)
    assert Ballot.objects.count() == 1


def test_minors_fields_follow_the_editions_rules(component: Component, edition: Edition,
                                                 point: PollingPoint, ballot_pool: Any,
                                                 staff: Any):
    pool, projects = ballot_pool
    page = url(component, "paper_key", point.pk, pool.pk)
    assert 'name="parent_name"' not in login(staff[0]).get(page).content.decode()
    Edition.objects.filter(pk=edition.pk).update(min_age=14, minors_with_consent=True)
    assert 'name="parent_name"' in login(staff[0]).get(page).content.decode()
    response = key(staff[0], component, point, pool, [projects[0].pk],
                   birth_year=timezone.localdate().year - 15)
    body = text(response)
    assert response.status_code == 400
    assert ('<p class="error" id="id_parent_name_error">The voter is a minor: check the '
            "parent's consent on the ballot and type the parent's name as written there.</p>"
            ) in body


def test_administrators_add_polling_points(component: Component, edition: Edition,
                                           admin: User, official: User, staff: Any):
    client = login(admin)
    response = client.post(url(component, "paper_index"),
                           {"name": "Town hall", "address": "Square 1",
                            "officials": [official.pk]})
    assert response.status_code == 302
    point = PollingPoint.objects.get(name="Town hall")
    assert list(point.officials.all()) == [official]
    assert login(staff[0]).post(url(component, "paper_index"),
                                {"name": "X", "address": "Y"}).status_code == 404


def test_tallies_take_a_fixed_number_of_queries(component: Component, edition: Edition,
                                                point: PollingPoint, ballot_pool: Any,
                                                staff: Any, admin: User):
    pool, projects = ballot_pool
    client = login(admin)
    client.get(url(component, "paper_tallies"))
    with CaptureQueriesContext(connection) as few:
        client.get(url(component, "paper_tallies"))
    for index in range(3):
        extra = polling_point(edition, list(staff), name=f"Point {index}")
        for serial in ("1", "2"):
            key(staff[0], component, extra, pool, [projects[0].pk],
                serial=f"{index}-{serial}", identifier=f"{index}{serial}")
            key(staff[1], component, extra, pool, [projects[0].pk],
                serial=f"{index}-{serial}", identifier=f"{index}{serial}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url(component, "paper_tallies"))
    assert len(many) == len(few)
    body = text(response)
    assert "<th scope=\"row\">Point 0</th><td>0</td><td>0</td><td>2</td><td>0</td>" in body
    assert "<th scope=\"row\">Total</th><td>0</td><td>0</td><td>6</td><td>0</td>" in body


def test_it_offers_no_keying_until_the_vote_is_opened(component: Component, edition: Edition,
                                                      point: PollingPoint, ballot_pool: Any,
                                                      staff: Any):
    pool, projects = ballot_pool
    Edition.objects.filter(pk=edition.pk).update(frozen_at=None)
    notice = ("Paper ballots are entered once the organizers have opened the vote: every "
              "project must be reviewed and every appeal decided first.")
    point_page = text(login(staff[0]).get(url(component, "paper_point", point.pk)))
    assert notice in point_page
    assert "Enter a ballot of “Approval”" not in point_page
    page = login(staff[0]).get(url(component, "paper_key", point.pk, pool.pk))
    assert page.status_code == 200
    assert notice in text(page) and "Save this keying" not in text(page)
    response = key(staff[0], component, point, pool, [projects[0].pk])
    assert response.status_code == 400
    assert notice in text(response)
    assert not PaperBallot.objects.exists()
