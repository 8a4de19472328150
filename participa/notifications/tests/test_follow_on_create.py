"""People automatically follow what they create (spaces, pages, groups)."""

from participa.components.pages.services import page_create
from participa.core.services import group_create
from participa.notifications.services import is_following
from participa.spaces.models import Component, SpaceKind
from participa.spaces.services import space_create


def test_it_follows_a_space_its_creator_made(org, admin):
    space = space_create(organization=org, acting_user=admin,
                         values={"kind": SpaceKind.PROCESS, "slug": "budget-2027",
                                 "title": {"en": "Budget 2027"}})
    assert is_following(admin, space)


def test_it_follows_a_page_its_author_wrote(org, admin):
    space = space_create(organization=org, acting_user=admin,
                         values={"kind": SpaceKind.PROCESS, "slug": "plan",
                                 "title": {"en": "Plan"}})
    component = Component.objects.create(space=space, type="pages", name={"en": "Info"})
    page = page_create(component=component, acting_user=admin, title={"en": "Rules"},
                       body={"en": "Text"}, slug="rules")
    assert is_following(admin, page)


def test_it_follows_a_group_its_founder_created(org, resident):
    group = group_create(acting_user=resident,
                         values={"name": "Vecinii din Fabric", "kind": "informal"})
    assert is_following(resident, group)
