from django.utils import timezone

from participa.core.models import GroupMembership


def profile_url(user):
    return f"/people/{user.username}/"


def test_it_shows_the_public_name_about_and_groups(client_for, ngo_member, ngo,
                                                    accessible_page):
    ngo_member.about = "I look after the park."
    ngo_member.save()
    response = client_for(None).get(profile_url(ngo_member))
    assert response.status_code == 200
    assert "<h1>Ngo Member</h1>" in response.text
    assert "I look after the park." in response.text
    assert "Asociația Test" in response.text
    accessible_page(response.text)


def test_it_never_shows_the_legal_name_or_the_email(client_for, resident, admin):
    resident.legal_name = "Ana Maria Popescu"
    resident.save()
    for viewer in (None, resident, admin):
        text = client_for(viewer).get(profile_url(resident)).text
        assert "Ana Maria Popescu" not in text
        assert resident.email not in text


def test_it_lists_only_accepted_groups(client_for, resident, ngo):
    GroupMembership.objects.create(group=ngo, user=resident,
                                   status=GroupMembership.Status.REQUESTED)
    text = client_for(None).get(profile_url(resident)).text
    assert "Asociația Test" not in text
    assert "Not a member of any group." in text


def test_it_hides_people_of_another_organization(client_for, resident, outsider):
    assert client_for(None).get(profile_url(outsider)).status_code == 404
    assert client_for(None, host="other.test").get(profile_url(resident)).status_code == 404
    assert client_for(None, host="other.test").get(profile_url(outsider)).status_code == 200


def test_it_hides_deleted_and_inactive_people(client_for, resident, neighbour):
    resident.deleted_at = timezone.now()
    resident.save()
    neighbour.is_active = False
    neighbour.save()
    assert client_for(None).get(profile_url(resident)).status_code == 404
    assert client_for(None).get(profile_url(neighbour)).status_code == 404


def test_it_answers_404_for_an_unknown_person(client, org):
    assert client.get("/people/nobody/").status_code == 404


def test_it_links_the_person_to_their_account_settings(client_for, resident):
    own = client_for(resident).get(profile_url(resident)).text
    assert 'href="/account/"' in own
    assert "Edit my profile" in own
    assert "Edit my profile" not in client_for(None).get(profile_url(resident)).text
