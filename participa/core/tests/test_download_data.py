import json

from participa.core import services
from participa.core.models import GroupMembership
from participa.spaces import registry
from participa.spaces.models import Space, SpaceKind, SpaceMembership
from participa.spaces.registry import ComponentSpec


def download(client):
    response = client.get("/account/my-data/")
    assert response.status_code == 200
    return response, json.loads(response.content)


def test_it_asks_anonymous_visitors_to_log_in(client, org):
    response = client.get("/account/my-data/")
    assert response.status_code == 302


def test_it_downloads_a_json_file(client_for, resident):
    response, data = download(client_for(resident))
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".json" in response["Content-Disposition"]
    assert data["organization"] == "Municipiul Test"


def test_it_contains_the_profile_including_the_legal_name(client_for, resident):
    resident.legal_name = "Ana Popescu"
    resident.about = "Cyclist."
    resident.save()
    _, data = download(client_for(resident))
    assert data["profile"]["legal_name"] == "Ana Popescu"
    assert data["profile"]["public_name"] == "Resident"
    assert data["profile"]["about"] == "Cyclist."
    assert data["email_addresses"] == [
        {"email": resident.email, "verified": True, "primary": True}]


def test_it_contains_groups_spaces_roles_and_actions(client_for, org, ngo_member, ngo):
    space = Space.objects.create(organization=org, kind=SpaceKind.ASSEMBLY, slug="council",
                                 title={"en": "Youth council"})
    SpaceMembership.objects.create(space=space, user=ngo_member, position="secretary")
    services.user_update_profile(acting_user=ngo_member, user=ngo_member,
                                 display_name="Ngo Member", about="Hello",
                                 preferred_language="en")
    _, data = download(client_for(ngo_member))
    assert [(g["slug"], g["role"], g["status"]) for g in data["groups"]] == [
        ("asociatia-test", "admin", "accepted")]
    assert data["space_memberships"][0]["title"] == "Youth council"
    assert data["space_memberships"][0]["position"] == "secretary"
    assert [entry["action"] for entry in data["actions"]] == ["user.update_profile"]


def test_it_contains_the_roles(client_for, official):
    _, data = download(client_for(official))
    assert data["roles"][0]["role"] == "official"
    assert data["roles"][0]["area"] == "urbanism"


def test_it_asks_every_component_for_the_person_s_contributions(client_for, resident,
                                                                 monkeypatch):
    seen = []

    def personal_data(user):
        seen.append(user.pk)
        return {"proposals": [{"title": "More trees"}]}

    spec = ComponentSpec(name="zz-test", label="Test", app_label="zz",
                         personal_data=personal_data)
    monkeypatch.setitem(registry._REGISTRY, "zz-test", spec)
    _, data = download(client_for(resident))
    assert data["components"]["zz-test"] == {"proposals": [{"title": "More trees"}]}
    assert seen == [resident.pk]


def test_it_adds_what_each_declared_item_exports_to_its_component(client_for, resident,
                                                                  monkeypatch):
    from participa.components.pages.models import Page
    from participa.spaces.registry import ItemRule, ItemSpec, PersonalDataPolicy

    item = ItemSpec(model=Page, kind="zz-item", visibility=ItemRule(), url=str, title=str,
                    contribution=False, personal_data=PersonalDataPolicy(
                        export=lambda user: {"ideas": [user.username]}))
    spec = ComponentSpec(name="zz-test", label="Test", app_label="zz",
                         personal_data=lambda user: {"proposals": []}, items=(item,))
    monkeypatch.setitem(registry._REGISTRY, "zz-test", spec)
    _, data = download(client_for(resident))
    assert data["components"]["zz-test"] == {"proposals": [], "ideas": ["user-resident"]}


def test_it_contains_nothing_about_other_people(client_for, resident, ngo_member, ngo):
    GroupMembership.objects.create(group=ngo, user=resident,
                                   status=GroupMembership.Status.REQUESTED)
    services.user_update_profile(acting_user=ngo_member, user=ngo_member,
                                 display_name="Someone Else", about="Secret",
                                 preferred_language="en")
    response, data = download(client_for(resident))
    assert ngo_member.email not in response.content.decode()
    assert "Someone Else" not in response.content.decode()
    assert data["actions"] == []
    assert [g["status"] for g in data["groups"]] == ["requested"]


def test_it_contains_the_versions_of_the_terms_accepted(client_for, resident, org):
    acceptance = services.user_accept_terms(acting_user=resident, user=resident,
                                            organization=org, version=org.terms_version)
    _response, data = download(client_for(resident))
    assert data["terms_accepted"] == [{"version": "1",
                                       "accepted_at": acceptance.accepted_at.isoformat()}]
