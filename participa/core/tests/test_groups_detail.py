from django.utils import timezone

from participa.core.models import GroupMembership


def test_it_shows_the_group(client, ngo, ngo_member, accessible_page):
    ngo.description = "We plant trees."
    ngo.website = "https://example.org/trees"
    ngo.save()
    response = client.get(f"/groups/{ngo.slug}/")
    assert response.status_code == 200
    text = response.text
    assert "<h1>Asociația Test</h1>" in text
    assert "Non-governmental organization" in text
    assert "We plant trees." in text
    assert 'href="https://example.org/trees"' in text
    assert "Ngo Member" in text
    assert ngo_member.email not in text
    accessible_page(text)


def test_it_shows_the_verified_badge(client, ngo):
    ngo.verified_at = timezone.now()
    ngo.save()
    assert "badge-verified" in client.get(f"/groups/{ngo.slug}/").text


def test_it_answers_404_for_a_group_of_another_organization(client, other_group, org):
    assert client.get(f"/groups/{other_group.slug}/").status_code == 404
    assert client.get("/groups/missing/").status_code == 404


def test_it_lists_only_accepted_members_publicly(client_for, ngo, ngo_member,
                                                 group_with_request, neighbour):
    for viewer in (None, neighbour):
        text = client_for(viewer).get(f"/groups/{ngo.slug}/").text
        assert "Ngo Member" in text
        assert "Resident" not in text
        assert "Requests to join" not in text


def test_it_shows_pending_requests_to_group_admins(client_for, ngo, ngo_member,
                                                   group_with_request, accessible_page):
    text = client_for(ngo_member).get(f"/groups/{ngo.slug}/").text
    assert "Requests to join" in text
    assert "Resident" in text
    assert f"/members/{group_with_request.pk}/accept/" in text
    assert f"/members/{group_with_request.pk}/reject/" in text
    accessible_page(text)


def test_it_hides_deleted_people(client, ngo, ngo_member, resident):
    GroupMembership.objects.create(group=ngo, user=resident,
                                   status=GroupMembership.Status.ACCEPTED)
    resident.deleted_at = timezone.now()
    resident.save()
    assert "Deleted participant" not in client.get(f"/groups/{ngo.slug}/").text


def test_it_offers_the_right_buttons(client_for, ngo, ngo_member, resident):
    anonymous = client_for(None).get(f"/groups/{ngo.slug}/").text
    assert "Log in to ask to join" in anonymous
    visitor = client_for(resident).get(f"/groups/{ngo.slug}/").text
    assert "Ask to join" in visitor and "Edit the group" not in visitor
    admin = client_for(ngo_member).get(f"/groups/{ngo.slug}/").text
    assert "Edit the group" in admin and "Ask to join" not in admin
    assert "Leave the group" in admin


def test_it_paginates_the_members(client, ngo, ngo_member):
    from participa.conftest import make_user

    for number in range(55):
        person = make_user(ngo.organization, f"member_{number:02d}")
        GroupMembership.objects.create(group=ngo, user=person,
                                       status=GroupMembership.Status.ACCEPTED)
    first = client.get(f"/groups/{ngo.slug}/")
    assert "Member 53" not in first.text
    assert 'rel="next"' in first.text
    assert "Member 53" in client.get(f"/groups/{ngo.slug}/?page=2").text
