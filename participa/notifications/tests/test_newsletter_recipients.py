from __future__ import annotations

from typing import Any

from participa.components.pages.tests.conftest import make_space
from participa.conftest import make_user
from participa.core.models import Area, Scope
from participa.notifications.audience import newsletter_recipients
from participa.notifications.models import Newsletter
from participa.notifications.services import follow_create
from participa.spaces.models import Visibility


def subscriber(org: Any, name: str, opted_in: bool = True) -> Any:
    return make_user(org, name, notification_preferences={"newsletter": opted_in})


def letter(org: Any, **values: Any) -> Newsletter:
    return Newsletter.objects.create(organization=org, subject={"en": "News"},
                                     body={"en": "Hello"}, **values)


def names(newsletter: Newsletter) -> set[str]:
    return set(newsletter_recipients(newsletter).values_list("username", flat=True))


def test_it_sends_only_to_people_who_opted_in(org, other_org):
    subscriber(org, "yes")
    subscriber(org, "no", opted_in=False)
    make_user(org, "never_asked")
    subscriber(other_org, "elsewhere")
    assert names(letter(org)) == {"user-yes"}


def test_it_leaves_out_deleted_and_inactive_people(org):
    subscriber(org, "inactive").__class__.objects.filter(username="user-inactive").update(
        is_active=False)
    assert names(letter(org)) == set()


def test_it_sends_to_the_followers_of_a_space(org, space):
    follower = subscriber(org, "follower")
    not_opted = subscriber(org, "not_opted", opted_in=False)
    subscriber(org, "other")
    follow_create(user=follower, target=space)
    follow_create(user=not_opted, target=space)
    assert names(letter(org, audience="space", space=space)) == {"user-follower"}


def test_it_leaves_out_followers_who_lost_access_to_the_space(org, space):
    follower = subscriber(org, "follower")
    follow_create(user=follower, target=space)
    space.visibility = Visibility.MEMBERS
    space.save()
    assert names(letter(org, audience="space", space=space)) == set()


def test_it_sends_by_scope_including_the_scopes_inside(org, scope):
    city = scope.parent
    south = Scope.objects.create(organization=org, code="south", name={"en": "South"},
                                 parent=city)
    north_space = make_space(org, slug="north-park", scope=scope)
    south_space = make_space(org, slug="south-park", scope=south)
    north_fan, south_fan = subscriber(org, "north_fan"), subscriber(org, "south_fan")
    follow_create(user=north_fan, target=north_space)
    follow_create(user=south_fan, target=south_space)
    assert names(letter(org, audience="scope", scope=scope)) == {"user-north_fan"}
    assert names(letter(org, audience="scope", scope=city)) == {"user-north_fan",
                                                                "user-south_fan"}


def test_it_sends_by_area(org, area):
    other_area = Area.objects.create(organization=org, code="env", name={"en": "Environment"})
    urban = make_space(org, slug="urban", area=area)
    green = make_space(org, slug="green", area=other_area)
    urban_fan, green_fan = subscriber(org, "urban_fan"), subscriber(org, "green_fan")
    follow_create(user=urban_fan, target=urban)
    follow_create(user=green_fan, target=green)
    assert names(letter(org, audience="area", area=area)) == {"user-urban_fan"}
