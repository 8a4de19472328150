from participa.core.models import AuditEntry, GroupMembership, UserGroup

FORM = {"name": "Prietenii Parcului", "slug": "", "kind": "informal",
        "description": "We look after the park.", "website": "", "registration_number": ""}


def test_it_asks_anonymous_visitors_to_log_in(client, org):
    assert client.get("/groups/new/").status_code == 302


def test_it_shows_the_form(client_for, resident, accessible_page):
    response = client_for(resident).get("/groups/new/")
    assert response.status_code == 200
    accessible_page(response.text)


def test_it_creates_a_group_and_makes_the_creator_its_admin(client_for, resident, org):
    client = client_for(resident)
    response = client.post("/groups/new/", FORM)
    assert response.status_code == 302
    assert response["Location"] == "/groups/prietenii-parcului/"
    group = UserGroup.objects.get(slug="prietenii-parcului")
    assert group.organization == org
    assert GroupMembership.objects.get(group=group, user=resident).role == "admin"
    page = client.get(response["Location"])
    assert "You are its administrator" in page.text
    assert "Edit the group" in page.text


def test_it_explains_a_short_name_already_taken_and_keeps_the_input(client_for, resident,
                                                                     ngo):
    response = client_for(resident).post("/groups/new/", {**FORM, "slug": ngo.slug})
    assert response.status_code == 200
    assert "Another group already uses the short name" in response.text
    assert 'href="#id_slug"' in response.text
    assert "We look after the park." in response.text
    assert UserGroup.objects.count() == 1


def test_it_refuses_people_of_another_organization(client_for, outsider, org):
    assert client_for(outsider).get("/groups/new/").status_code == 404


def test_it_lets_the_group_admin_edit_the_group(client_for, ngo_member, ngo, accessible_page):
    client = client_for(ngo_member)
    page = client.get(f"/groups/{ngo.slug}/edit/")
    assert page.status_code == 200
    assert 'value="Asociația Test"' in page.text
    accessible_page(page.text)
    response = client.post(f"/groups/{ngo.slug}/edit/", {
        **FORM, "name": "Asociația Parcului", "slug": ngo.slug, "kind": "ngo"})
    assert response.status_code == 302
    ngo.refresh_from_db()
    assert ngo.name == "Asociația Parcului"
    entry = AuditEntry.objects.get(action="group.update")
    assert entry.changes["name"] == ["Asociația Test", "Asociația Parcului"]


def test_it_refuses_editing_to_others(client_for, ngo, ngo_member, resident, outsider):
    assert client_for(resident).get(f"/groups/{ngo.slug}/edit/").status_code == 404
    assert client_for(resident).post(f"/groups/{ngo.slug}/edit/", FORM).status_code == 404
    assert client_for(outsider).get(f"/groups/{ngo.slug}/edit/").status_code == 404
    ngo.refresh_from_db()
    assert ngo.name == "Asociația Test"


def test_it_keeps_the_group_unchanged_when_the_edit_is_invalid(client_for, ngo_member, ngo):
    response = client_for(ngo_member).post(f"/groups/{ngo.slug}/edit/", {
        **FORM, "name": "", "slug": ngo.slug, "kind": "ngo"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    ngo.refresh_from_db()
    assert ngo.name == "Asociația Test"
