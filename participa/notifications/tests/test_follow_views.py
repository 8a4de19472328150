from __future__ import annotations

from participa.components.pages.tests.conftest import make_space
from participa.notifications.models import Follow
from participa.notifications.services import follow_create


def key(obj) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}:{obj.pk}"


def test_it_shows_a_follow_button_on_a_page(client_for, resident, page):
    html = client_for(resident).get(page.get_absolute_url()).content.decode()
    assert 'action="/notifications/follow/"' in html
    assert key(page) in html


def test_it_shows_stop_following_once_followed(client_for, resident, page):
    follow_create(user=resident, target=page)
    html = client_for(resident).get(page.get_absolute_url()).content.decode()
    assert "Stop following" in html and 'action="/notifications/unfollow/"' in html


def test_it_invites_anonymous_visitors_to_sign_in(client_for, page):
    html = client_for(None).get(page.get_absolute_url()).content.decode()
    assert "Sign in to follow" in html


def test_it_shows_follow_buttons_on_space_group_and_profile_pages(client_for, resident, space,
                                                                   ngo, official):
    client = client_for(resident)
    for url, target in ((space.get_absolute_url(), space),
                        (f"/groups/{ngo.slug}/", ngo),
                        (f"/people/{official.username}/", official)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert key(target) in response.content.decode(), url


def test_it_follows_with_a_plain_post_and_goes_back(client_for, resident, page):
    url = page.get_absolute_url()
    response = client_for(resident).post("/notifications/follow/",
                                         {"target": key(page), "next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert Follow.objects.filter(user=resident, object_id=page.pk, automatic=False).exists()


def test_it_stops_following(client_for, resident, page):
    follow_create(user=resident, target=page)
    client_for(resident).post("/notifications/unfollow/", {"target": key(page)})
    assert not Follow.objects.exists()


def test_it_ignores_an_outside_next_address(client_for, resident, page):
    response = client_for(resident).post(
        "/notifications/follow/", {"target": key(page), "next": "https://evil.example/"})
    assert response["Location"] == "/notifications/"


def test_it_answers_404_for_a_space_the_person_cannot_see(client_for, resident, org):
    hidden = make_space(org, slug="draft", published=False)
    response = client_for(resident).post("/notifications/follow/", {"target": key(hidden)})
    assert response.status_code == 404
    assert not Follow.objects.exists()


def test_it_answers_404_for_another_organizations_space(client_for, outsider, space):
    response = client_for(outsider, "other.test").post("/notifications/follow/",
                                                       {"target": key(space)})
    assert response.status_code == 404


def test_it_answers_404_for_things_that_cannot_be_followed(client_for, resident, org):
    response = client_for(resident).post("/notifications/follow/",
                                         {"target": f"core.organization:{org.pk}"})
    assert response.status_code == 404
    response = client_for(resident).post("/notifications/follow/", {"target": "nonsense"})
    assert response.status_code == 404


def test_it_refuses_following_oneself(client_for, resident):
    response = client_for(resident).post("/notifications/follow/", {"target": key(resident)})
    assert response.status_code == 404
