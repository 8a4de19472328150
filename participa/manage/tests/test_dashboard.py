"""The back-office home: what each role sees, and 404 for everybody else."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/manage/"


def test_it_shows_every_section_to_an_administrator(client_for, admin):
    response = client_for(admin).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("organization_edit", "scope_list", "area_list", "role_list", "group_list",
                 "audit_log", "space_list", "space_create"):
        assert reverse(f"manage:{name}") in html


def test_it_shows_an_official_only_spaces(client_for, official, process, other_area_process):
    response = client_for(official).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Budget 2027" in html
    assert "Green city" not in html
    assert reverse("manage:space_create") in html
    for name in ("organization_edit", "role_list", "audit_log", "group_list"):
        assert reverse(f"manage:{name}") not in html


def test_it_opens_for_a_space_manager(client_for, space_manager):
    response = client_for(space_manager).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Youth council" in html
    assert reverse("manage:space_create") not in html
    assert reverse("manage:role_list") not in html


def test_it_opens_for_a_moderator_without_organization_sections(client_for, moderator):
    response = client_for(moderator).get(URL)
    assert response.status_code == 200
    assert reverse("manage:organization_edit") not in response.content.decode()


@pytest.mark.parametrize("persona", ["resident", "ngo_member"])
def test_it_is_404_for_people_without_a_staff_role(client_for, request, persona):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(URL).status_code == 404


def test_it_sends_anonymous_visitors_to_the_login_page(client_for, org):
    # Also what a member of staff whose session expired sees.
    response = client_for(None).get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL.replace('/', '%2F')}"


def test_it_is_404_for_another_organizations_administrator(client_for, org, outsider):
    assert client_for(outsider).get(URL).status_code == 404


def test_it_works_for_the_outsider_on_their_own_host(client_for, org, outsider):
    assert client_for(outsider, host="other.test").get(URL).status_code == 200


def test_the_side_navigation_shows_on_staff_pages_of_other_apps(client_for, admin, org):
    """Pages extending manage/base.html without ``manage_can`` still get the full navigation."""
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/manage/")
    request.organization = org  # type: ignore[attr-defined]
    request.user = admin
    html = render_to_string("manage/base.html", {}, request=request)
    assert reverse("manage:audit_log") in html
    assert reverse("manage:role_list") in html


def test_it_sends_an_expired_session_back_to_the_page_after_login(client_for, admin):
    client = client_for(admin)
    assert client.get(URL).status_code == 200
    client.logout()  # the session expired
    response = client.get(URL + "?tab=spaces")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fmanage%2F%3Ftab%3Dspaces"
    # An address that does not exist answers the same: nothing is revealed.
    missing = client.get("/manage/spaces/no-such-space/")
    assert missing["Location"] == "/accounts/login/?next=%2Fmanage%2Fspaces%2Fno-such-space%2F"
    # After a POST, the person comes back to the page, not to a resubmission.
    posted = client.post("/manage/spaces/no-such-space/delete/")
    assert posted["Location"] == (
        "/accounts/login/?next=%2Fmanage%2Fspaces%2Fno-such-space%2Fdelete%2F")
