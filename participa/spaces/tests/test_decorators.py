"""component_view and staff_view: resolve the space, the component and the item, check the
permission, and answer 404 alike for missing, foreign, hidden and forbidden."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from participa.core.http import AuthedRequest, OrgRequest
from participa.core.models import Organization, User
from participa.spaces.decorators import component_view, staff_space_view, staff_view
from participa.spaces.models import Component, Space, SpaceMembership, Visibility
from participa.spaces.tests.conftest import make_space

ITEMS = {"first": 1, "second": 2}


def _item(user: Any, component: Component, value: str) -> int | None:
    return ITEMS.get(value)


@component_view("pages")
def public_index(request: OrgRequest, component: Component) -> HttpResponse:
    return HttpResponse(f"{component.space.slug}/{component.pk}")


@component_view("pages", item=_item, item_permission=lambda user, item: item != 2)
def public_item(request: OrgRequest, component: Component, item: int,
                extra: str = "") -> HttpResponse:
    return HttpResponse(f"{component.pk}:{item}:{extra}")


@component_view("pages", permission=lambda user, component: user.is_authenticated)
def public_for_residents(request: OrgRequest, component: Component) -> HttpResponse:
    return HttpResponse("ok")


@staff_view("pages")
def staff_index(request: AuthedRequest, component: Component) -> HttpResponse:
    return HttpResponse(f"{request.user.pk}:{component.pk}")


@staff_view("pages", item=_item, item_arg="item_id",
            permission=lambda user, component: user.is_superuser is False)
def staff_item(request: AuthedRequest, component: Component, item: int) -> HttpResponse:
    return HttpResponse(f"{component.pk}:{item}")


@staff_space_view()
def staff_space(request: AuthedRequest, space: Space) -> HttpResponse:
    return HttpResponse(space.slug)


def _request(org: Organization | None, user: User | None) -> Any:
    request = RequestFactory().get("/x/")
    request.organization = org  # type: ignore[attr-defined]
    request.user = user if user is not None else AnonymousUser()
    return request


def _component(space: Space, *, type: str = "pages", published: bool = True) -> Component:
    return Component.objects.create(space=space, type=type, name={"en": "C"},
                                    published_at=timezone.now() if published else None)


@pytest.fixture
def space(org: Organization) -> Space:
    return make_space(org, "plan")


@pytest.fixture
def component(space: Space) -> Component:
    return _component(space)


@pytest.fixture
def manager(org: Organization, space: Space) -> User:
    from participa.conftest import make_user

    user = make_user(org, "manager")
    SpaceMembership.objects.create(space=space, user=user, role=SpaceMembership.Role.MANAGER)
    return user


def test_it_passes_the_visible_component(org: Organization, component: Component) -> None:
    response = public_index(_request(org, None), space_slug="plan", component_id=component.pk)
    assert response.content.decode() == f"plan/{component.pk}"


def test_it_passes_the_item_and_the_other_url_arguments(org: Organization,
                                                        component: Component) -> None:
    response = public_item(_request(org, None), space_slug="plan", component_id=component.pk,
                           slug="first", extra="x")
    assert response.content.decode() == f"{component.pk}:1:x"


@pytest.mark.parametrize("case", [
    "missing_space", "missing_component", "other_type", "other_space", "unpublished_component",
    "unpublished_space", "members_only_space", "other_organization", "missing_item",
    "forbidden_item",
])
def test_it_answers_404_to_the_public(case: str, org: Organization, other_org: Organization,
                                      space: Space, component: Component) -> None:
    request_org, slug, pk, item = org, "plan", component.pk, "first"
    if case == "missing_space":
        slug = "nothing"
    elif case == "missing_component":
        pk = component.pk + 1000
    elif case == "other_type":
        pk = _component(space, type="consultations").pk
    elif case == "other_space":
        pk = _component(make_space(org, "other")).pk
    elif case == "unpublished_component":
        pk = _component(space, published=False).pk
    elif case == "unpublished_space":
        pk = _component(make_space(org, "draft", published=False)).pk
        slug = "draft"
    elif case == "members_only_space":
        pk = _component(make_space(org, "club", visibility=Visibility.MEMBERS)).pk
        slug = "club"
    elif case == "other_organization":
        request_org = other_org
    elif case == "missing_item":
        item = "third"
    elif case == "forbidden_item":
        item = "second"
    with pytest.raises(Http404):
        public_item(_request(request_org, None), space_slug=slug, component_id=pk, slug=item)


def test_it_checks_the_component_permission(org: Organization, component: Component,
                                            resident: User) -> None:
    with pytest.raises(Http404):
        public_for_residents(_request(org, None), space_slug="plan", component_id=component.pk)
    response = public_for_residents(_request(org, resident), space_slug="plan",
                                    component_id=component.pk)
    assert response.content.decode() == "ok"


def test_it_answers_404_without_an_organization(component: Component) -> None:
    with pytest.raises(Http404):
        public_index(_request(None, None), space_slug="plan", component_id=component.pk)


def test_it_passes_the_managed_component_to_staff(org: Organization, manager: User,
                                                   component: Component) -> None:
    unpublished = _component(component.space, published=False)
    response = staff_index(_request(org, manager), space_slug="plan",
                           component_id=unpublished.pk)
    assert response.content.decode() == f"{manager.pk}:{unpublished.pk}"
    response = staff_item(_request(org, manager), space_slug="plan",
                          component_id=component.pk, item_id="second")
    assert response.content.decode() == f"{component.pk}:2"


@pytest.mark.parametrize("who", ["anonymous", "resident", "outsider", "admin_elsewhere"])
def test_it_answers_404_to_those_who_do_not_run_the_space(
    who: str, org: Organization, other_org: Organization, component: Component,
    resident: User, outsider: User, admin: User,
) -> None:
    user = {"anonymous": None, "resident": resident, "outsider": outsider,
            "admin_elsewhere": admin}[who]
    request_org = other_org if who in {"outsider", "admin_elsewhere"} else org
    with pytest.raises(Http404):
        staff_index(_request(request_org, user), space_slug="plan", component_id=component.pk)
    with pytest.raises(Http404):
        staff_space(_request(request_org, user), slug="plan")


@pytest.mark.parametrize("case", ["other_type", "missing_item", "permission"])
def test_it_answers_404_to_staff_for_the_wrong_object(case: str, org: Organization,
                                                     manager: User, space: Space,
                                                     component: Component) -> None:
    pk, item = component.pk, "first"
    if case == "other_type":
        pk = _component(space, type="consultations").pk
    elif case == "missing_item":
        item = "third"
    else:
        manager.is_superuser = True
    with pytest.raises(Http404):
        staff_item(_request(org, manager), space_slug="plan", component_id=pk, item_id=item)


def test_it_passes_the_managed_space(org: Organization, admin: User, space: Space) -> None:
    assert staff_space(_request(org, admin), slug="plan").content.decode() == "plan"
