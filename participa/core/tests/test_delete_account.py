from allauth.account.models import EmailAddress

from participa.conftest import PASSWORD
from participa.core import services
from participa.core.models import AuditEntry, GroupMembership, User
from participa.spaces.models import Space, SpaceKind, SpaceMembership


def delete(client, password=PASSWORD):
    return client.post("/account/delete/", {"password": password})


def test_it_asks_for_confirmation_first(client_for, resident, accessible_page):
    client = client_for(resident)
    page = client.get("/account/delete/")
    assert page.status_code == 200
    assert "This cannot be undone" in page.text
    accessible_page(page.text)
    resident.refresh_from_db()
    assert resident.deleted_at is None


def test_it_refuses_a_wrong_password(client_for, resident):
    response = delete(client_for(resident), "not-my-password")
    assert response.status_code == 200
    assert "The password is not correct." in response.text
    resident.refresh_from_db()
    assert resident.deleted_at is None and resident.is_active


def test_it_anonymises_the_person_and_logs_them_out(client_for, resident):
    resident.legal_name = "Ana Popescu"
    resident.about = "Cyclist."
    resident.save()
    client = client_for(resident)
    response = delete(client)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    resident.refresh_from_db()
    assert resident.deleted_at is not None
    assert not resident.is_active
    assert (resident.display_name, resident.legal_name, resident.about) == ("", "", "")
    assert resident.email == f"deleted-{resident.pk}@invalid"
    assert not resident.has_usable_password()
    assert not EmailAddress.objects.filter(user=resident).exists()
    # The row stays so contributions keep their author, shown as "Deleted participant".
    assert str(User.objects.get(pk=resident.pk)) == "Deleted participant"
    assert "Your account has been deleted" in client.get("/").text


def test_it_records_the_deletion_without_keeping_personal_values(client_for, resident):
    services.user_update_profile(acting_user=resident, user=resident, display_name="Ana Pop",
                                 about="", preferred_language="en")
    delete(client_for(resident))
    entry = AuditEntry.objects.get(action="user.delete_account")
    assert entry.actor == resident
    assert "resident@example.org" not in str(entry.changes)
    earlier = AuditEntry.objects.get(action="user.update_profile")
    assert "Ana Pop" not in str(earlier.changes) and "Ana Pop" not in earlier.object_repr


def test_it_stops_the_old_email_from_logging_in(client_for, resident):
    delete(client_for(resident))
    client = client_for(None)
    response = client.post("/accounts/login/", {"login": "resident@example.org",
                                                "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_removes_the_public_profile(client_for, resident):
    username = resident.username
    delete(client_for(resident))
    assert client_for(None).get(f"/people/{username}/").status_code == 404


def test_it_removes_the_person_from_groups_and_spaces(client_for, org, ngo, ngo_member,
                                                     resident):
    GroupMembership.objects.create(group=ngo, user=resident,
                                   status=GroupMembership.Status.ACCEPTED)
    space = Space.objects.create(organization=org, kind=SpaceKind.ASSEMBLY, slug="council",
                                 title={"en": "Council"})
    SpaceMembership.objects.create(space=space, user=resident)
    assert "Resident" in client_for(None).get(f"/groups/{ngo.slug}/").text
    delete(client_for(resident))
    assert "Resident" not in client_for(None).get(f"/groups/{ngo.slug}/").text
    assert not GroupMembership.objects.filter(user=resident).exists()
    assert not SpaceMembership.objects.filter(user=resident).exists()


def test_it_hands_a_group_to_another_member_when_its_only_admin_leaves(client_for, ngo,
                                                                       ngo_member, resident):
    GroupMembership.objects.create(group=ngo, user=resident,
                                   status=GroupMembership.Status.ACCEPTED)
    delete(client_for(ngo_member))
    assert GroupMembership.objects.get(group=ngo, user=resident).role == "admin"


def test_it_is_available_only_to_the_person_themselves(client, org):
    assert client.get("/account/delete/").status_code == 302


def test_it_removes_organization_roles(client_for, official):
    delete(client_for(official))
    assert not official.roles.exists()
    assert AuditEntry.objects.filter(action="role.removed_account_deleted").exists()


def test_it_is_not_offered_to_people_of_another_organization(client_for, outsider):
    assert client_for(outsider).get("/account/delete/").status_code == 404
    outsider.refresh_from_db()
    assert outsider.deleted_at is None


def test_it_frees_the_email_address_for_a_new_account(client_for, resident, org):
    delete(client_for(resident))
    response = client_for(None).post("/accounts/signup/", {
        "display_name": "Ana again", "email": "resident@example.org",
        "password1": "a-long-and-unusual-passphrase", "password2": "a-long-and-unusual-passphrase",
        "accept_terms": "on"})
    assert response.status_code == 302
    assert User.objects.get(email="resident@example.org").display_name == "Ana again"
