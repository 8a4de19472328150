"""Spaces in the back office: list, create, edit, publish, delete."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from participa.core.models import AuditEntry
from participa.spaces.models import Phase, Space, SpaceKind, SpaceMembership, Visibility
from participa.testing import assert_constant_queries

pytestmark = pytest.mark.django_db

URL = "/manage/spaces/"


def space_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": SpaceKind.PROCESS, "slug": "new-park", "title__en": "A new park",
        "subtitle__en": "", "description__en": "Where should it go?", "scope": "", "area": "",
        "hero_image_alt__en": "", "visibility": Visibility.PUBLIC,
    }
    data.update(changes)
    return data


# --- list ---------------------------------------------------------------------------------------


def test_it_lists_every_space_to_an_administrator(client_for, admin, process,
                                                  other_area_process, assembly):
    html = client_for(admin).get(URL).content.decode()
    for title in ("Budget 2027", "Green city", "Youth council"):
        assert title in html


def test_it_lists_only_an_officials_area(client_for, official, process, other_area_process):
    html = client_for(official).get(URL).content.decode()
    assert "Budget 2027" in html
    assert "Green city" not in html


def test_it_lists_only_a_space_managers_spaces(client_for, space_manager, process):
    html = client_for(space_manager).get(URL).content.decode()
    assert "Youth council" in html
    assert "Budget 2027" not in html


def test_it_filters_by_kind(client_for, admin, process, assembly):
    html = client_for(admin).get(URL, {"kind": "assembly"}).content.decode()
    assert "Youth council" in html
    assert "Budget 2027" not in html


def test_it_never_lists_spaces_of_another_organization(client_for, admin, other_org):
    Space.objects.create(organization=other_org, kind=SpaceKind.PROCESS, slug="obcy",
                         title={"en": "Obcy budżet"})
    assert "Obcy budżet" not in client_for(admin).get(URL).content.decode()


def test_it_is_404_for_residents(client_for, resident):
    assert client_for(resident).get(URL).status_code == 404


def add_spaces(org, area, scope, start: int, count: int) -> None:
    """Processes in every state (with phases) and assemblies, some in a scope, an area, for
    members only, not published."""
    plans = [[], [(-5, 5)], [(3, 9)], [(-20, -10)], [(-9, -7), (7, 9)]]
    for index in range(start, start + count):
        kind = SpaceKind.ASSEMBLY if index % 6 == 5 else SpaceKind.PROCESS
        space = Space.objects.create(
            organization=org, kind=kind, slug=f"s{index}", title={"en": f"Space {index}"},
            area=area, scope=scope if index % 2 else None,
            visibility=Visibility.MEMBERS if index % 3 == 0 else Visibility.PUBLIC,
            published_at=timezone.now() if index % 4 else None,
        )
        if kind == SpaceKind.PROCESS:
            for position, (begin, end) in enumerate(plans[index % len(plans)]):
                Phase.objects.create(space=space, title={"en": f"Phase {position}"},
                                     start_date=days(begin), end_date=days(end),
                                     position=position)


def days(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def rows(response) -> int:
    return response.content.decode().count('<th scope="row">')


@pytest.mark.parametrize("persona", ["admin", "official"])
@pytest.mark.parametrize("query", ["", "?kind=process&state=active", "?scope={city}&area={area}"])
def test_it_runs_a_fixed_number_of_queries(client_for, request, persona, org, area, scope,
                                           query):
    client = client_for(request.getfixturevalue(persona))
    add_spaces(org, area, scope, 0, 6)
    url = URL + query.format(city=scope.parent_id, area=area.pk)
    few, many = assert_constant_queries(client, url, lambda: add_spaces(org, area, scope, 6, 30))
    assert rows(many) > rows(few) > 0


def test_it_filters_by_scope_with_the_scopes_inside_area_and_state(client_for, admin, org,
                                                                    area, other_area, scope):
    add_spaces(org, area, scope, 0, 12)
    add_spaces(org, other_area, None, 12, 6)
    client = client_for(admin)
    in_city = client.get(URL, {"scope": scope.parent_id}).context["page_obj"]
    assert {space.slug for space in in_city} == {f"s{index}" for index in range(1, 12, 2)}
    in_area = client.get(URL, {"area": other_area.pk}).context["page_obj"]
    assert {space.slug for space in in_area} == {f"s{index}" for index in range(12, 18)}
    every = {space.slug: space.state() for space in client.get(URL).context["page_obj"]}
    for state in ("active", "upcoming", "past"):
        response = client.get(URL, {"state": state})
        found = {space.slug: space.state() for space in response.context["page_obj"]}
        assert found == {slug: value for slug, value in every.items() if value == state}
        assert found, state


# --- create -------------------------------------------------------------------------------------


def test_it_lets_an_administrator_create_a_space(client_for, admin, area):
    response = client_for(admin).post(f"{URL}new/", space_data(area=area.pk))
    assert response.status_code == 302
    space = Space.objects.get(slug="new-park")
    assert response["Location"] == f"/manage/spaces/{space.slug}/"
    assert space.title == {"en": "A new park"}
    assert not space.is_published
    assert AuditEntry.objects.get(action="space.create").actor == admin


def test_it_lets_an_official_create_a_space_in_their_area_only(client_for, official, area,
                                                              other_area):
    client = client_for(official)
    html = client.get(f"{URL}new/").content.decode()
    assert "Urbanism" in html
    assert "Environment" not in html
    refused = client.post(f"{URL}new/", space_data(area=other_area.pk))
    assert refused.status_code == 200
    assert not Space.objects.filter(slug="new-park").exists()
    missing = client.post(f"{URL}new/", space_data())
    assert "There is a problem" in missing.content.decode()
    assert client.post(f"{URL}new/", space_data(area=area.pk)).status_code == 302
    assert Space.objects.get(slug="new-park").area == area


@pytest.mark.parametrize("persona", ["space_manager", "moderator", "district_rep"])
def test_it_is_404_to_create_for_others(client_for, request, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(f"{URL}new/").status_code == 404
    assert client.post(f"{URL}new/", space_data()).status_code == 404
    assert not Space.objects.filter(slug="new-park").exists()


def test_it_refuses_a_short_name_already_used(client_for, admin, process):
    response = client_for(admin).post(f"{URL}new/", space_data(slug=process.slug))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Another space already uses this short name." in html
    assert 'value="A new park"' in html


# --- edit ---------------------------------------------------------------------------------------


def test_it_shows_the_space_home_with_its_sections(client_for, admin, process, phases,
                                                   component):
    html = client_for(admin).get(f"{URL}{process.slug}/").content.decode()
    assert "<h1>Budget 2027</h1>" in html
    assert "Proposals" in html
    assert "About" in html
    assert f"/manage/spaces/{process.slug}/phases/" in html
    assert f"/manage/spaces/{process.slug}/components/" in html
    assert f"/manage/spaces/{process.slug}/members/" in html
    assert 'name="active_phase_manual"' in html


def test_it_saves_every_field_of_a_space(client_for, admin, process, phases, scope, area):
    response = client_for(admin).post(f"{URL}{process.slug}/", space_data(
        kind=SpaceKind.PROCESS, slug="budget-2028", title__en="Budget 2028",
        title__ro="Buget 2028", subtitle__en="Your money", scope=scope.pk, area=area.pk,
        visibility=Visibility.MEMBERS, active_phase_manual=phases[1].pk,
        hero_image_alt__en="A park"))
    assert response.status_code == 302
    assert response["Location"] == "/manage/spaces/budget-2028/"
    process.refresh_from_db()
    assert process.slug == "budget-2028"
    assert process.title == {"en": "Budget 2028", "ro": "Buget 2028"}
    assert process.scope == scope
    assert process.visibility == Visibility.MEMBERS
    assert process.active_phase() == phases[1]
    changes = AuditEntry.objects.get(action="space.update").changes
    assert changes["slug"] == ["budget-2027", "budget-2028"]
    assert changes["active_phase_manual"] == [None, phases[1].pk]


def test_it_lets_an_official_edit_a_space_of_their_area(client_for, official, process, area):
    response = client_for(official).post(f"{URL}{process.slug}/", space_data(
        slug=process.slug, title__en="Renamed", area=area.pk))
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.title == {"en": "Renamed"}


@pytest.mark.parametrize("persona", ["official", "moderator", "district_rep", "resident",
                                     "space_manager"])
def test_it_is_404_for_a_space_the_person_may_not_manage(client_for, request, persona,
                                                         other_area_process):
    client = client_for(request.getfixturevalue(persona))
    url = f"{URL}{other_area_process.slug}/"
    assert client.get(url).status_code == 404
    assert client.post(url, space_data(slug="hijacked")).status_code == 404
    assert client.post(f"{url}publish/").status_code == 404
    assert client.post(f"{url}delete/").status_code == 404
    assert Space.objects.filter(slug="green-city", published_at__isnull=True).exists()


def test_it_is_404_for_another_organizations_administrator(client_for, outsider, process):
    assert client_for(outsider).get(f"{URL}{process.slug}/").status_code == 404
    assert client_for(outsider, host="other.test").get(
        f"{URL}{process.slug}/").status_code == 404


def test_it_lets_a_space_manager_edit_without_changing_the_area(client_for, space_manager,
                                                                assembly):
    client = client_for(space_manager)
    html = client.get(f"{URL}{assembly.slug}/").content.decode()
    assert 'name="area"' not in html
    response = client.post(f"{URL}{assembly.slug}/", space_data(
        kind=SpaceKind.ASSEMBLY, slug=assembly.slug, title__en="Youth council 2027"))
    assert response.status_code == 302
    assembly.refresh_from_db()
    assert assembly.title == {"en": "Youth council 2027"}


# --- publish and delete -------------------------------------------------------------------------


def test_it_publishes_and_unpublishes(client_for, admin, other_area_process):
    client = client_for(admin)
    url = f"{URL}{other_area_process.slug}/publish/"
    response = client.post(url, {"publish": "1"}, follow=True)
    assert "The space is published." in response.content.decode()
    other_area_process.refresh_from_db()
    assert other_area_process.is_published
    client.post(url, {"publish": "0"})
    other_area_process.refresh_from_db()
    assert not other_area_process.is_published
    assert AuditEntry.objects.filter(action="space.unpublish").exists()


def test_it_deletes_a_space_after_confirmation(client_for, admin, process):
    client = client_for(admin)
    page = client.get(f"{URL}{process.slug}/delete/").content.decode()
    assert "Yes, delete" in page
    assert Space.objects.filter(pk=process.pk).exists()
    response = client.post(f"{URL}{process.slug}/delete/", follow=True)
    assert "The space is deleted." in response.content.decode()
    assert not Space.objects.filter(pk=process.pk).exists()


def test_it_does_not_let_a_space_manager_delete_the_space(client_for, space_manager, assembly):
    client = client_for(space_manager)
    assert "Delete this space" not in client.get(f"{URL}{assembly.slug}/").content.decode()
    assert client.post(f"{URL}{assembly.slug}/delete/").status_code == 404
    assert Space.objects.filter(pk=assembly.pk).exists()


def test_it_keeps_the_published_date(client_for, admin, process):
    published = process.published_at
    client_for(admin).post(f"{URL}{process.slug}/publish/", {"publish": "1"})
    process.refresh_from_db()
    assert process.published_at == published
    assert published <= timezone.now()


def test_it_uploads_a_hero_image_with_its_description(client_for, admin, process, settings,
                                                      tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (8, 4), "#336699").save(buffer, "PNG")
    image = SimpleUploadedFile("hero.png", buffer.getvalue(), content_type="image/png")
    response = client_for(admin).post(f"{URL}{process.slug}/", {
        **space_data(slug=process.slug, title__en="Budget 2027",
                     hero_image_alt__en="Children in a park"), "hero_image": image})
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.hero_image.name.startswith("spaces/hero/hero")
    assert process.hero_image_alt == {"en": "Children in a park"}


def test_it_explains_a_hero_image_that_is_not_an_image(client_for, admin, process):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("hero.png", b"<svg></svg>", content_type="image/png")
    response = client_for(admin).post(f"{URL}{process.slug}/", {
        **space_data(slug=process.slug, title__en="Budget 2027"), "hero_image": fake})
    assert response.status_code == 200
    assert "This file is not an image" in response.content.decode()


def test_it_puts_the_error_summary_first_and_keeps_what_was_typed(client_for, admin, process,
                                                                  other_area_process):
    response = client_for(admin).post(f"{URL}{process.slug}/", space_data(
        slug=other_area_process.slug, title__en="Typed title"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Another space already uses this short name." in html
    assert html.index("There is a problem") < html.index("Publication")
    assert 'value="Typed title"' in html
    process.refresh_from_db()
    assert process.slug == "budget-2027"


def test_it_keeps_the_area_of_a_space_an_official_manages_as_member(client_for, official,
                                                                    other_area_process,
                                                                    other_area):
    SpaceMembership.objects.create(space=other_area_process, user=official,
                                   role=SpaceMembership.Role.MANAGER)
    client = client_for(official)
    assert 'name="area"' not in client.get(f"{URL}{other_area_process.slug}/").content.decode()
    response = client.post(f"{URL}{other_area_process.slug}/", space_data(
        slug=other_area_process.slug, title__en="Green city"))
    assert response.status_code == 302
    other_area_process.refresh_from_db()
    assert other_area_process.area == other_area
