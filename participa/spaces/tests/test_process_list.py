"""The list of participatory processes: filters by scope, area and state; pagination."""

from __future__ import annotations

from django.urls import reverse

from participa.core.models import Area, Scope
from participa.spaces.models import Visibility
from participa.spaces.tests.conftest import make_space

URL = reverse("spaces:process_list")


def test_it_lists_published_public_processes(client_for, org):
    make_space(org, "mobility-plan", title="Mobility plan")
    make_space(org, "draft-plan", title="Draft plan", published=False)
    make_space(org, "private-plan", title="Private plan", visibility=Visibility.MEMBERS)
    make_space(org, "council", title="Youth council", kind="assembly")
    response = client_for(None).get(URL)
    assert response.status_code == 200
    assert "Mobility plan" in response.text
    assert "Draft plan" not in response.text
    assert "Private plan" not in response.text
    assert "Youth council" not in response.text
    assert "1 result" in response.text


def test_it_shows_the_state_and_the_current_phase_in_words(client_for, org):
    make_space(org, "open", title="Open plan", state="active")
    make_space(org, "later", title="Later plan", state="upcoming")
    text = client_for(None).get(URL).text
    assert "Open now" in text
    assert "Current phase: Phase 2" in text
    assert "Upcoming" in text


def test_it_filters_by_state(client_for, org):
    make_space(org, "open", title="Open plan", state="active")
    make_space(org, "later", title="Later plan", state="upcoming")
    make_space(org, "done", title="Done plan", state="past")
    make_space(org, "by-hand", title="Chosen plan", state="set_by_hand")
    client = client_for(None)
    text = client.get(URL, {"state": "active"}).text
    assert "Open plan" in text and "Chosen plan" in text
    assert "Later plan" not in text and "Done plan" not in text
    text = client.get(URL, {"state": "past"}).text
    assert "Done plan" in text and "Open plan" not in text and "Chosen plan" not in text
    text = client.get(URL, {"state": "upcoming"}).text
    assert "Later plan" in text and "Open plan" not in text


def test_it_filters_by_scope_including_the_neighbourhoods_inside(client_for, org, scope):
    inner = Scope.objects.create(organization=org, code="north-old-town", parent=scope,
                                 name={"en": "Old town"})
    south = Scope.objects.create(organization=org, code="south", name={"en": "South"})
    make_space(org, "north-plan", title="North plan", scope=scope)
    make_space(org, "old-town-plan", title="Old town plan", scope=inner)
    make_space(org, "south-plan", title="South plan", scope=south)
    text = client_for(None).get(URL, {"scope": scope.pk}).text
    assert "North plan" in text and "Old town plan" in text
    assert "South plan" not in text


def test_it_filters_by_area(client_for, org, area):
    environment = Area.objects.create(organization=org, code="environment",
                                      name={"en": "Environment"})
    make_space(org, "zoning", title="Zoning plan", area=area)
    make_space(org, "trees", title="Trees plan", area=environment)
    text = client_for(None).get(URL, {"area": environment.pk}).text
    assert "Trees plan" in text and "Zoning plan" not in text


def test_it_offers_only_this_organizations_scopes_and_areas(client_for, org, other_org, area):
    Area.objects.create(organization=other_org, code="finance", name={"en": "Finanse"})
    text = client_for(None).get(URL).text
    assert "Urbanism" in text
    assert "Finanse" not in text


def test_it_explains_when_nothing_matches(client_for, org, area):
    make_space(org, "trees", title="Trees plan")
    text = client_for(None).get(URL, {"area": area.pk}).text
    assert "Nothing matches these filters." in text
    assert "Clear filters" in text


def test_it_says_when_there_is_nothing_at_all(client_for, org):
    assert "There is nothing here yet." in client_for(None).get(URL).text


def test_it_ignores_a_scope_of_another_organization(client_for, org, other_org):
    foreign = Scope.objects.create(organization=other_org, code="centrum",
                                   name={"en": "Centrum"})
    make_space(org, "plan", title="Our plan")
    response = client_for(None).get(URL, {"scope": foreign.pk})
    assert response.status_code == 200
    assert "Our plan" not in response.text
    assert "Select a valid choice" in response.text


def test_it_paginates_and_keeps_the_filters(client_for, org, area):
    for number in range(14):
        make_space(org, f"plan-{number:02d}", title=f"Plan {number:02d}", area=area)
    client = client_for(None)
    first = client.get(URL, {"area": area.pk})
    assert "14 results" in first.text
    assert "Page 1 of 2" in first.text
    assert f"?area={area.pk}&amp;page=2" in first.text
    second = client.get(URL, {"area": area.pk, "page": 2})
    assert second.text.count('class="card"') == 2


def test_it_shows_staff_their_unpublished_processes(client_for, org, area, official, resident):
    make_space(org, "draft", title="Draft plan", published=False, area=area)
    assert "Draft plan" in client_for(official).get(URL).text
    assert "Not published" in client_for(official).get(URL).text
    assert "Draft plan" not in client_for(resident).get(URL).text


def test_it_never_shows_another_organizations_processes(client_for, org, other_org):
    make_space(org, "ours", title="Our plan")
    make_space(other_org, "theirs", title="Their plan")
    text = client_for(None).get(URL).text
    assert "Our plan" in text and "Their plan" not in text
    text = client_for(None, host="other.test").get(URL).text
    assert "Their plan" in text and "Our plan" not in text


def test_it_offers_the_scopes_as_a_tree(client_for, org, scope):
    Scope.objects.create(organization=org, code="a-old-town", parent=scope,
                         name={"en": "Old town"})
    Scope.objects.create(organization=org, code="b-south", name={"en": "Aaa south"},
                         parent=scope.parent)
    text = client_for(None).get(URL).text
    options = text.split('id="id_scope"', 1)[1].split("</select>", 1)[0]
    assert options.index(">City<") < options.index("\u00a0Aaa south<")
    assert options.index("\u00a0Aaa south<") < options.index("\u00a0North<")
    assert options.index("\u00a0North<") < options.index("\u00a0\u00a0\u00a0\u00a0Old town<")
