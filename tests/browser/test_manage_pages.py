"""Every back-office page, and its error states, passes axe-core and fits 320 px."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from participa.core.actions import AuditAction
from participa.core.models import Area, AuditEntry, GroupKind, Scope, UserGroup
from participa.spaces.models import Component, Phase, Space, SpaceKind, SpaceMembership

from .conftest import PASSWORD, make_person

pytestmark = [pytest.mark.browser]


def test_it_shows_every_back_office_page_accessibly(
    journey: Any, site: Any, administrator: Any
) -> None:
    page = journey.page
    city = Scope.objects.create(organization=site, code="city", name={"en": "City"})
    Scope.objects.create(organization=site, code="north", name={"en": "North"}, parent=city)
    area = Area.objects.create(organization=site, code="urb", name={"en": "Urbanism"})
    UserGroup.objects.create(organization=site, name="NGO", slug="ngo", kind=GroupKind.NGO)
    space = Space.objects.create(organization=site, kind=SpaceKind.PROCESS, slug="p",
                                 title={"en": "Process"}, area=area)
    today = timezone.localdate()
    phase = Phase.objects.create(space=space, title={"en": "One"}, start_date=today,
                                 end_date=today + datetime.timedelta(days=3))
    Phase.objects.create(space=space, title={"en": "Two"}, start_date=today,
                         end_date=today + datetime.timedelta(days=3), position=1)
    comp = Component.objects.create(space=space, type="pages", name={"en": "About"})
    member = make_person(site, "Mia Member", "mia@example.org")
    membership = SpaceMembership.objects.create(space=space, user=member, position="chair")
    AuditEntry.objects.create(organization=site, actor=administrator,
                              action=AuditAction.SCOPE_UPDATE, object_type="core.scope",
                              changes={"code": ["a", "b"]})
    journey.goto("account_login")
    form = page.locator("main form:has([name='password'])")
    form.locator("[name='login']").fill(administrator.email)
    form.locator("[name='password']").fill(PASSWORD)
    journey.follow(form.locator("[type='submit']"))
    back_office: list[tuple[str, list[Any]]] = [
        ("manage:organization_edit", []), ("manage:scope_list", []),
        ("manage:scope_create", []), ("manage:scope_edit", [city.pk]),
        ("manage:scope_delete", [city.pk]), ("manage:area_list", []),
        ("manage:area_edit", [area.pk]), ("manage:area_delete", [area.pk]),
        ("manage:role_list", []), ("manage:role_assign", []), ("manage:group_list", []),
        ("manage:audit_log", []), ("manage:space_list", []), ("manage:space_edit", ["p"]),
        ("manage:space_delete", ["p"]), ("manage:phase_list", ["p"]),
        ("manage:phase_edit", ["p", phase.pk]), ("manage:phase_delete", ["p", phase.pk]),
        ("manage:component_edit", ["p", comp.pk]), ("manage:component_phases", ["p", comp.pk]),
        ("manage:component_delete", ["p", comp.pk]), ("manage:member_list", ["p"]),
        ("manage:member_remove", ["p", membership.pk]),
        ("manage:verifications:list", []), ("manage:verifications:settings", []),
        ("manage:verifications:register", []), ("manage:transparency_report", []),
    ]
    for name, args in back_office:
        journey.goto(name, *args)
    # error states
    journey.goto("manage:organization_edit")
    form = page.locator("main form:has([name='time_zone'])")
    form.locator("[name='time_zone']").fill("Mars/Olympus")
    form.locator("[name='accent_colour']").fill("#ffff00")
    journey.follow(form.locator("[type='submit']"))
    assert "There is a problem" in page.content()
    assert form.locator("[name='time_zone']").input_value() == "Mars/Olympus"  # nothing lost
    journey.goto("manage:space_edit", "p")
    form = page.locator("main form:has([name='slug'])")
    form.locator("[name='title__en']").fill("")
    journey.follow(form.locator("[type='submit']"))
    assert "There is a problem" in page.content()
    journey.goto("manage:member_list", "p")
    form = page.locator("main form:has([name='email'])")
    form.locator("[name='email']").fill("nobody@example.org")
    journey.follow(form.locator("[type='submit']"))
    journey.goto("manage:audit_log")
    form = page.locator("main form:has([name='date_to'])")
    form.locator("[name='date_from']").fill("2030-02-01")
    form.locator("[name='date_to']").fill("2030-01-01")
    journey.follow(form.locator("[type='submit']"))
    # the transparency report: built in the background (in-process here), then downloadable
    journey.goto("manage:transparency_report")
    journey.follow(page.get_by_role("button", name="Build the report"))
    assert "Download the" in page.content()
