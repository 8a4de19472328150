"""The page of a space: texts, phase timeline, components and assembly members."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from participa.conftest import make_user
from participa.spaces.models import Component, SpaceMembership, Visibility
from participa.spaces.tests.conftest import make_space


def url(space):
    return reverse("spaces:space_detail", args=[space.slug])


def test_it_shows_the_timeline_and_marks_the_active_phase(client_for, org):
    space = make_space(org, "plan", title="Action plan", state="active")
    response = client_for(None).get(url(space))
    assert response.status_code == 200
    text = response.text
    assert "<h1>Action plan</h1>" in text
    assert text.index("Phase 1") < text.index("Phase 2") < text.index("Phase 3")
    current = text.split('aria-current="step"', 1)[1].split("</li>", 1)[0]
    assert "Phase 2" in current
    assert "Current phase" in current
    assert text.count('aria-current="step"') == 1
    assert "Finished" in text and "Upcoming" in text


def test_it_marks_the_phase_chosen_by_hand(client_for, org):
    space = make_space(org, "plan", state="set_by_hand")
    text = client_for(None).get(url(space)).text
    current = text.split('aria-current="step"', 1)[1].split("</li>", 1)[0]
    assert "Phase 2" in current


def test_it_says_when_no_phase_is_announced(client_for, org):
    space = make_space(org, "plan", state=None)
    assert "The phases have not been announced yet." in client_for(None).get(url(space)).text


def test_it_lists_the_published_components(client_for, org, area, official):
    space = make_space(org, "plan", area=area)
    info = Component.objects.create(space=space, type="pages", name={"en": "Information"},
                                    published_at=timezone.now())
    Component.objects.create(space=space, type="pages", name={"en": "Draft notes"})
    Component.objects.create(space=space, type="retired-type", name={"en": "Old tool"},
                             published_at=timezone.now())
    text = client_for(None).get(url(space)).text
    assert "Information" in text
    assert info.get_absolute_url() in text
    assert "Draft notes" not in text
    assert "Old tool" not in text
    staff_text = client_for(official).get(url(space)).text
    assert "Draft notes" in staff_text
    assert "Not published" in staff_text


def test_it_says_when_there_is_nothing_to_take_part_in(client_for, org):
    space = make_space(org, "plan")
    assert "Nothing to take part in yet." in client_for(None).get(url(space)).text


def test_it_lists_the_public_members_of_an_assembly(client_for, org):
    space = make_space(org, "ogp-group", kind="assembly", title="OGP group")
    chair = make_user(org, "ana_popescu")
    hidden = make_user(org, "hidden_person")
    gone = make_user(org, "gone_person", deleted_at=timezone.now())
    SpaceMembership.objects.create(space=space, user=chair, position="Chair")
    SpaceMembership.objects.create(space=space, user=hidden, is_public=False)
    SpaceMembership.objects.create(space=space, user=gone, position="Secretary")
    text = client_for(None).get(url(space)).text
    assert "Ana Popescu" in text and "Chair" in text
    assert "Hidden Person" not in text
    assert "Gone Person" not in text and "Secretary" not in text
    assert "Phases" not in text


def test_it_never_shows_legal_names(client_for, org):
    space = make_space(org, "ogp-group", kind="assembly")
    member = make_user(org, "member", legal_name="Ionescu Maria-Elena")
    SpaceMembership.objects.create(space=space, user=member, position="Member")
    assert "Ionescu Maria-Elena" not in client_for(None).get(url(space)).text


def test_it_answers_404_for_members_only_spaces_to_others(client_for, org, resident,
                                                          ngo_member):
    space = make_space(org, "council", kind="assembly", visibility=Visibility.MEMBERS)
    SpaceMembership.objects.create(space=space, user=ngo_member)
    assert client_for(None).get(url(space)).status_code == 404
    assert client_for(resident).get(url(space)).status_code == 404
    assert client_for(ngo_member).get(url(space)).status_code == 200


def test_it_answers_404_for_unpublished_spaces_to_residents(client_for, org, area, resident,
                                                            official):
    space = make_space(org, "draft", published=False, area=area)
    assert client_for(None).get(url(space)).status_code == 404
    assert client_for(resident).get(url(space)).status_code == 404
    response = client_for(official).get(url(space))
    assert response.status_code == 200
    assert "This space is not published" in response.text


def test_it_answers_404_on_the_other_organizations_host(client_for, org, other_org, outsider):
    space = make_space(org, "plan")
    assert client_for(None, host="other.test").get(url(space)).status_code == 404
    assert client_for(outsider, host="other.test").get(url(space)).status_code == 404


def test_it_offers_the_manage_link_to_those_who_run_the_space(client_for, org, area, official,
                                                              moderator):
    space = make_space(org, "plan", area=area)
    manage_url = reverse("manage:space_edit", args=[space.slug])
    assert manage_url in client_for(official).get(url(space)).text
    assert manage_url not in client_for(moderator).get(url(space)).text


def test_it_answers_404_for_an_unknown_space(client_for, org):
    assert client_for(None).get("/spaces/nowhere/").status_code == 404


def test_it_manages_members_with_a_space_role(client_for, org):
    space = make_space(org, "council", kind="assembly")
    manager = make_user(org, "coordinator")
    SpaceMembership.objects.create(space=space, user=manager,
                                   role=SpaceMembership.Role.MANAGER)
    assert "Space manager" in client_for(None).get(url(space)).text
