from participa.core.models import GroupMembership


def test_it_records_a_request_to_join(client_for, ngo, resident):
    client = client_for(resident)
    response = client.post(f"/groups/{ngo.slug}/join/", follow=True)
    assert "You have asked to join" in response.text
    assert GroupMembership.objects.get(group=ngo, user=resident).status == "requested"


def test_it_joins_only_with_a_post(client_for, ngo, resident):
    assert client_for(resident).get(f"/groups/{ngo.slug}/join/").status_code == 405


def test_it_refuses_joining_from_another_organization(client_for, ngo, outsider):
    response = client_for(outsider).post(f"/groups/{ngo.slug}/join/")
    assert response.status_code == 404
    assert not GroupMembership.objects.filter(user=outsider).exists()


def test_it_tells_a_member_they_already_asked(client_for, ngo, group_with_request, resident):
    response = client_for(resident).post(f"/groups/{ngo.slug}/join/", follow=True)
    assert "already a member of this group or have asked to join" in response.text
    assert GroupMembership.objects.filter(group=ngo, user=resident).count() == 1


def test_it_lets_the_admin_accept_a_request(client_for, ngo, ngo_member, group_with_request):
    response = client_for(ngo_member).post(
        f"/groups/{ngo.slug}/members/{group_with_request.pk}/accept/", follow=True)
    assert "Resident is now a member of the group." in response.text
    group_with_request.refresh_from_db()
    assert group_with_request.status == "accepted"


def test_it_lets_the_admin_decline_a_request(client_for, ngo, ngo_member, group_with_request):
    response = client_for(ngo_member).post(
        f"/groups/{ngo.slug}/members/{group_with_request.pk}/reject/", follow=True)
    assert "has been declined" in response.text
    assert not GroupMembership.objects.filter(pk=group_with_request.pk).exists()


def test_it_refuses_member_actions_to_others(client_for, ngo, ngo_member, group_with_request,
                                             neighbour, outsider):
    for person in (neighbour, outsider, group_with_request.user):
        response = client_for(person).post(
            f"/groups/{ngo.slug}/members/{group_with_request.pk}/accept/")
        assert response.status_code == 404
    group_with_request.refresh_from_db()
    assert group_with_request.status == "requested"


def test_it_asks_before_removing_a_member(client_for, ngo, ngo_member, resident,
                                          accessible_page):
    member = GroupMembership.objects.create(group=ngo, user=resident,
                                            status=GroupMembership.Status.ACCEPTED)
    client = client_for(ngo_member)
    url = f"/groups/{ngo.slug}/members/{member.pk}/remove/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Remove Resident" in page.text
    accessible_page(page.text)
    assert GroupMembership.objects.filter(pk=member.pk).exists()
    response = client.post(url, follow=True)
    assert "Resident has been removed from the group." in response.text
    assert not GroupMembership.objects.filter(pk=member.pk).exists()


def test_it_makes_a_member_admin_and_back(client_for, ngo, ngo_member, resident):
    member = GroupMembership.objects.create(group=ngo, user=resident,
                                            status=GroupMembership.Status.ACCEPTED)
    client = client_for(ngo_member)
    client.post(f"/groups/{ngo.slug}/members/{member.pk}/make_admin/")
    member.refresh_from_db()
    assert member.role == "admin"
    client.post(f"/groups/{ngo.slug}/members/{member.pk}/make_member/")
    member.refresh_from_db()
    assert member.role == "member"


def test_it_explains_why_the_last_admin_cannot_step_down(client_for, ngo, ngo_member):
    own = GroupMembership.objects.get(group=ngo, user=ngo_member)
    client = client_for(ngo_member)
    response = client.post(f"/groups/{ngo.slug}/members/{own.pk}/make_member/", follow=True)
    assert "A group needs at least one group administrator" in response.text
    response = client.post(f"/groups/{ngo.slug}/leave/", follow=True)
    assert "A group needs at least one group administrator" in response.text
    own.refresh_from_db()
    assert own.role == "admin"


def test_it_asks_before_leaving_and_then_leaves(client_for, ngo, ngo_member, resident,
                                                accessible_page):
    GroupMembership.objects.create(group=ngo, user=resident,
                                   status=GroupMembership.Status.ACCEPTED)
    client = client_for(resident)
    page = client.get(f"/groups/{ngo.slug}/leave/")
    assert page.status_code == 200
    assert "Leave the group “Asociația Test”?" in page.text
    accessible_page(page.text)
    response = client.post(f"/groups/{ngo.slug}/leave/", follow=True)
    assert "You have left the group." in response.text
    assert not GroupMembership.objects.filter(group=ngo, user=resident).exists()


def test_it_lets_a_person_withdraw_a_request(client_for, ngo, group_with_request, resident):
    response = client_for(resident).post(f"/groups/{ngo.slug}/leave/", follow=True)
    assert "You have withdrawn your request to join." in response.text
    assert not GroupMembership.objects.filter(pk=group_with_request.pk).exists()


def test_it_answers_404_for_leaving_a_group_one_is_not_in(client_for, ngo, resident):
    assert client_for(resident).get(f"/groups/{ngo.slug}/leave/").status_code == 404
