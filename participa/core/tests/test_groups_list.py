from django.utils import timezone

from participa.core.models import GroupKind, UserGroup


def test_it_lists_the_groups_of_the_organization_only(client, ngo, other_group,
                                                      accessible_page):
    response = client.get("/groups/")
    assert response.status_code == 200
    assert "Asociația Test" in response.text
    assert "Stowarzyszenie Inne" not in response.text
    accessible_page(response.text)


def test_it_shows_an_empty_state(client, org):
    response = client.get("/groups/")
    assert "There are no groups yet." in response.text


def test_it_filters_by_type(client, org, ngo):
    UserGroup.objects.create(organization=org, name="Vecinii", slug="vecinii",
                             kind=GroupKind.INFORMAL)
    response = client.get("/groups/?kind=informal")
    assert "Vecinii" in response.text
    assert "Asociația Test" not in response.text
    empty = client.get("/groups/?kind=authority")
    assert "No group of this type yet." in empty.text


def test_it_shows_the_verified_badge_in_words(client, ngo):
    assert "Verified" not in client.get("/groups/").text
    ngo.verified_at = timezone.now()
    ngo.save()
    assert 'class="badge badge-verified">Verified</span>' in client.get("/groups/").text


def test_it_paginates(client, org, settings):
    for number in range(25):
        UserGroup.objects.create(organization=org, name=f"Group {number:02d}",
                                 slug=f"group-{number}", kind=GroupKind.INFORMAL)
    first = client.get("/groups/")
    assert "Group 00" in first.text and "Group 24" not in first.text
    assert 'rel="next"' in first.text
    second = client.get("/groups/?page=2")
    assert "Group 24" in second.text


def test_it_runs_a_fixed_number_of_queries(client, org, django_assert_max_num_queries):
    for number in range(15):
        UserGroup.objects.create(organization=org, name=f"Group {number:02d}",
                                 slug=f"group-{number}", kind=GroupKind.INFORMAL)
    with django_assert_max_num_queries(6):
        client.get("/groups/")


def test_it_offers_creation_to_people_of_the_organization(client_for, resident, outsider):
    assert 'href="/groups/new/"' in client_for(resident).get("/groups/").text
    anonymous = client_for(None).get("/groups/").text
    assert 'href="/groups/new/"' not in anonymous
    assert 'href="/accounts/login/?next=/groups/new/"' in anonymous
    assert 'href="/groups/new/"' not in client_for(outsider).get("/groups/").text
