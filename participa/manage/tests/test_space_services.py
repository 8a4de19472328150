"""Services of participa/spaces/services.py: validation and audit entries."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from participa.core.models import Area
from participa.spaces import services
from participa.spaces.models import Component, Phase, Space, SpaceKind, SpaceMembership

pytestmark = pytest.mark.django_db


def test_it_creates_an_unpublished_space_with_audit(org, admin, area, audit):
    space = services.space_create(organization=org, acting_user=admin, values={
        "kind": SpaceKind.PROCESS, "slug": "parks", "title": {"en": "Parks"}, "area": area})
    assert not space.is_published
    entry = audit("space.create")
    assert entry.actor == admin
    assert entry.organization == org
    assert entry.changes["slug"] == [None, "parks"]
    assert entry.changes["title"] == [None, {"en": "Parks"}]


def test_it_refuses_a_slug_used_in_the_same_organization(org, admin, process):
    with pytest.raises(ValidationError) as caught:
        services.space_create(organization=org, acting_user=admin, values={
            "kind": SpaceKind.PROCESS, "slug": process.slug, "title": {"en": "Again"}})
    assert "slug" in caught.value.message_dict


def test_it_allows_the_same_slug_in_another_organization(other_org, outsider, process):
    space = services.space_create(organization=other_org, acting_user=outsider, values={
        "kind": SpaceKind.PROCESS, "slug": process.slug, "title": {"en": "Same"}})
    assert space.organization == other_org


def test_it_refuses_an_area_of_another_organization(org, other_org, admin):
    foreign = Area.objects.create(organization=other_org, code="x", name={"en": "X"})
    with pytest.raises(ValidationError):
        services.space_create(organization=org, acting_user=admin, values={
            "kind": SpaceKind.PROCESS, "slug": "x", "title": {"en": "X"}, "area": foreign})


def test_it_audits_changed_fields_only(admin, process, audit):
    services.space_update(space=process, acting_user=admin,
                          values={"title": {"en": "Budget 2028"}, "slug": process.slug})
    assert audit("space.update").changes == {
        "title": [{"en": "Budget 2027"}, {"en": "Budget 2028"}]}


def test_it_publishes_and_unpublishes(admin, other_area_process, audit):
    services.space_publish(space=other_area_process, acting_user=admin)
    other_area_process.refresh_from_db()
    assert other_area_process.is_published
    assert audit("space.publish").changes["published_at"][0] is None
    services.space_unpublish(space=other_area_process, acting_user=admin)
    other_area_process.refresh_from_db()
    assert not other_area_process.is_published
    assert audit("space.unpublish").changes["published_at"][1] is None


def test_it_deletes_a_space_with_audit(admin, process, phases, component, audit):
    services.space_delete(space=process, acting_user=admin)
    assert not Space.objects.filter(pk=process.pk).exists()
    assert not Component.objects.filter(pk=component.pk).exists()
    assert audit("space.delete").changes["slug"] == ["budget-2027", None]


def test_it_refuses_a_phase_ending_before_it_starts(admin, process):
    with pytest.raises(ValidationError) as caught:
        services.phase_create(space=process, acting_user=admin, values={
            "title": {"en": "Bad"}, "start_date": datetime.date(2027, 5, 2),
            "end_date": datetime.date(2027, 5, 1)})
    assert "end_date" in caught.value.message_dict
    assert not Phase.objects.exists()


def test_it_adds_phases_at_the_end_and_moves_them(admin, process, phases, audit):
    new = services.phase_create(space=process, acting_user=admin, values={
        "title": {"en": "Report"}, "start_date": datetime.date(2030, 1, 1),
        "end_date": datetime.date(2030, 1, 2)})
    assert new.position == 3
    services.phase_move(phase=new, acting_user=admin, direction="up")
    order = list(Phase.objects.filter(space=process).values_list("title__en", flat=True))
    assert order == ["Proposals", "Voting", "Report", "Results"]
    assert audit("phase.move").changes == {"position": [3, 2]}
    services.phase_move(phase=phases[0], acting_user=admin, direction="up")  # already first
    assert Phase.objects.get(pk=phases[0].pk).position == 0


def test_it_refuses_phases_in_an_assembly(admin, assembly):
    with pytest.raises(ValidationError):
        services.phase_create(space=assembly, acting_user=admin, values={
            "title": {"en": "X"}, "start_date": datetime.date(2030, 1, 1),
            "end_date": datetime.date(2030, 1, 2)})


def test_it_deletes_a_phase_and_its_switches(admin, process, phases, component, audit):
    component.phase_settings = {str(p.pk): {"comments_enabled": True} for p in phases}
    component.save()
    services.phase_delete(phase=phases[1], acting_user=admin)
    component.refresh_from_db()
    assert set(component.phase_settings) == {str(phases[0].pk), str(phases[2].pk)}
    assert list(Phase.objects.filter(space=process).values_list("position", flat=True)) == [0, 1]
    assert audit("phase.delete").object_repr == "Voting"


def test_it_creates_a_component_with_default_settings(admin, process, audit):
    component = services.component_create(space=process, acting_user=admin,
                                          component_type="pages", name={"en": "Rules"})
    assert component.settings == {"show_table_of_contents": True}
    assert not component.is_published
    assert audit("component.create").changes["type"] == [None, "pages"]


def test_it_refuses_an_unknown_component_type(admin, process):
    with pytest.raises(ValidationError):
        services.component_create(space=process, acting_user=admin, component_type="nope",
                                  name={"en": "X"})


def test_it_updates_component_settings_with_audit(admin, component, audit):
    services.component_update(component=component, acting_user=admin, name={"en": "About us"},
                              settings={"show_table_of_contents": False})
    entry = audit("component.update")
    assert entry.changes["name"] == [{"en": "About"}, {"en": "About us"}]
    assert entry.changes["settings"] == [{"show_table_of_contents": True},
                                         {"show_table_of_contents": False}]


def test_it_refuses_an_unknown_setting(admin, component):
    with pytest.raises(ValidationError):
        services.component_update(component=component, acting_user=admin,
                                  settings={"nope": 1})


def test_it_stores_phase_switches_by_phase_id(admin, component, phases, audit):
    services.component_set_phase_settings(component=component, acting_user=admin,
                                          phase_settings={phases[0].pk: {"comments_enabled": True}})
    component.refresh_from_db()
    assert component.phase_settings == {str(phases[0].pk): {"comments_enabled": True}}
    assert component.phase_switch("comments_enabled", phases[0]) is True
    assert audit("component.phase_settings").changes["phase_settings"][0] == {}


def test_it_refuses_switches_for_a_phase_of_another_space(admin, component, assembly):
    other = Phase.objects.create(space=assembly, title={"en": "X"},
                                 start_date=datetime.date(2030, 1, 1),
                                 end_date=datetime.date(2030, 1, 1))
    with pytest.raises(ValidationError):
        services.component_set_phase_settings(component=component, acting_user=admin,
                                              phase_settings={other.pk: {"comments_enabled": True}})


def test_it_publishes_and_deletes_a_component(admin, component, audit):
    services.component_publish(component=component, acting_user=admin)
    component.refresh_from_db()
    assert component.is_published
    services.component_unpublish(component=component, acting_user=admin)
    component.refresh_from_db()
    assert not component.is_published
    services.component_delete(component=component, acting_user=admin)
    assert not Component.objects.filter(pk=component.pk).exists()
    assert audit("component.delete").organization == component.space.organization


def test_it_adds_updates_and_removes_members(admin, assembly, resident, audit):
    membership = services.membership_add(space=assembly, acting_user=admin, user=resident,
                                         role=SpaceMembership.Role.MEMBER, position="chair")
    entry = audit("space_membership.add")
    assert entry.changes["position"] == [None, "chair"]
    assert entry.changes["user"] == [None, resident.pk]
    with pytest.raises(ValidationError, match="already a member"):
        services.membership_add(space=assembly, acting_user=admin, user=resident,
                                role=SpaceMembership.Role.MEMBER)
    services.membership_update(membership=membership, acting_user=admin,
                               values={"is_public": False})
    assert audit("space_membership.update").changes == {"is_public": [True, False]}
    services.membership_remove(membership=membership, acting_user=admin)
    assert not SpaceMembership.objects.filter(pk=membership.pk).exists()
    assert audit("space_membership.remove").actor == admin


def test_it_refuses_members_of_another_organization(admin, assembly, outsider):
    with pytest.raises(ValidationError):
        services.membership_add(space=assembly, acting_user=admin, user=outsider,
                                role=SpaceMembership.Role.MEMBER)
