"""The list of assemblies and working groups."""

from __future__ import annotations

from django.urls import reverse

from participa.spaces.models import SpaceMembership, Visibility
from participa.spaces.tests.conftest import make_space

URL = reverse("spaces:assembly_list")


def test_it_lists_assemblies_only(client_for, org):
    make_space(org, "ogp-group", title="Open government group", kind="assembly")
    make_space(org, "plan", title="Action plan")
    response = client_for(None).get(URL)
    assert response.status_code == 200
    assert "<h1>Assemblies</h1>" in response.text
    assert "Open government group" in response.text
    assert "Action plan" not in response.text


def test_it_has_no_state_filter(client_for, org):
    response = client_for(None).get(URL)
    assert 'name="scope"' in response.text
    assert 'name="area"' in response.text
    assert 'name="state"' not in response.text


def test_it_shows_members_only_assemblies_to_their_members(client_for, org, resident,
                                                          ngo_member):
    space = make_space(org, "council", title="Seniors council", kind="assembly",
                       visibility=Visibility.MEMBERS)
    SpaceMembership.objects.create(space=space, user=ngo_member)
    assert "Seniors council" not in client_for(None).get(URL).text
    assert "Seniors council" not in client_for(resident).get(URL).text
    text = client_for(ngo_member).get(URL).text
    assert "Seniors council" in text
    assert "Members only" in text


def test_it_filters_by_area(client_for, org, area):
    make_space(org, "urban", title="Urban forum", kind="assembly", area=area)
    make_space(org, "youth", title="Youth council", kind="assembly")
    text = client_for(None).get(URL, {"area": area.pk}).text
    assert "Urban forum" in text and "Youth council" not in text


def test_it_says_when_there_is_nothing_yet(client_for, org):
    assert "There is nothing here yet." in client_for(None).get(URL).text
