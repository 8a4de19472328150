"""The page cache for anonymous visitors (participa/core/pagecache.py): what it serves, to whom,
and that the declared writes make the next visit show the new content."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from participa.conftest import login
from participa.core import pagecache
from participa.core.models import Organization, User
from participa.spaces import services as space_services
from participa.spaces.models import Phase, Space, SpaceKind

# A cached page costs no query: the organization served at the host is cached too
# (participa/core/middleware.py).
CACHED_PAGE_QUERIES = 0

pytestmark = pytest.mark.usefixtures("page_cache")


def make_process(org: Organization, title: str = "Bike lanes") -> Space:
    """An open process: the home page lists it."""
    space = Space.objects.create(
        organization=org, kind=SpaceKind.PROCESS, slug="bike-lanes",
        title={"en": title, "ro": "Piste de biciclete"}, published_at=timezone.now(),
    )
    today = timezone.localdate()
    Phase.objects.create(space=space, title={"en": "Proposals"}, position=0,
                         start_date=today - datetime.timedelta(days=1),
                         end_date=today + datetime.timedelta(days=10))
    return space


def page_keys() -> list[str]:
    """The pages stored, in local memory (the default) or in Redis (with REDIS_URL)."""
    store = caches[pagecache.CACHE_ALIAS]._cache  # type: ignore[attr-defined]
    if hasattr(store, "get_client"):
        store = [key.decode() for key in store.get_client().keys("*:pagecache:page:*")]
    return sorted(key for key in store if ":pagecache:page:" in key)


def test_it_serves_the_second_anonymous_visit_of_home_from_the_cache(
        org: Organization, django_assert_num_queries: Any) -> None:
    make_process(org)
    client = Client()
    first = client.get("/")
    assert first.status_code == 200
    assert len(page_keys()) == 1
    with django_assert_num_queries(CACHED_PAGE_QUERIES):
        second = client.get("/")
    assert second.status_code == 200
    assert second.content == first.content
    assert "Bike lanes" in second.content.decode()


def test_it_serves_head_requests_from_the_stored_page(
        org: Organization, django_assert_num_queries: Any) -> None:
    client = Client()
    client.get("/")
    with django_assert_num_queries(CACHED_PAGE_QUERIES):
        assert client.head("/").status_code == 200
    assert len(page_keys()) == 1


def test_it_keeps_each_language_apart(org: Organization) -> None:
    make_process(org)
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/").content.decode()
    romanian = Client(HTTP_ACCEPT_LANGUAGE="ro").get("/").content.decode()
    assert '<html lang="en"' in english and "Bike lanes" in english
    assert '<html lang="ro"' in romanian and "Piste de biciclete" in romanian
    assert len(page_keys()) == 2
    chosen = Client(HTTP_ACCEPT_LANGUAGE="en")
    chosen.cookies["django_language"] = "ro"
    assert chosen.get("/").content.decode() == romanian


def test_it_keeps_each_organization_apart(org: Organization, other_org: Organization) -> None:
    ours = Client().get("/").content.decode()
    theirs = Client(HTTP_HOST="other.test").get("/").content.decode()
    assert "Municipiul Test" in ours and "Miasto Inne" not in ours
    assert "Miasto Inne" in theirs and "Municipiul Test" not in theirs
    assert len(page_keys()) == 2


def test_it_never_serves_or_stores_pages_of_signed_in_people(
        org: Organization, resident: User) -> None:
    anonymous = Client()
    anonymous.get("/")
    signed_in = login(resident)
    page = signed_in.get("/").content.decode()
    assert resident.public_name in page
    assert "csrfmiddlewaretoken" in page  # the language form of signed-in people keeps its token
    assert len(page_keys()) == 1
    assert resident.public_name not in anonymous.get("/").content.decode()


def test_it_never_caches_flash_messages(org: Organization, resident: User) -> None:
    Client().get("/")  # the anonymous home page is now cached
    client = login(resident)
    after_logout = client.post("/accounts/logout/", follow=True)
    assert after_logout.redirect_chain == [("/", 302)]
    assert "You have signed out." in after_logout.content.decode()
    assert "You have signed out." not in client.get("/").content.decode()
    assert "You have signed out." not in Client().get("/").content.decode()
    assert len(page_keys()) == 1


def test_it_does_not_store_error_pages(org: Organization,
                                       django_assert_num_queries: Any) -> None:
    client = Client()
    assert client.get("/spaces/missing/").status_code == 404
    assert page_keys() == []
    with django_assert_num_queries(1):  # the space again (the organization is cached)
        assert client.get("/spaces/missing/").status_code == 404


def test_it_neither_serves_nor_stores_pages_for_visitors_with_a_session(
        org: Organization, django_assert_num_queries: Any) -> None:
    Client().get("/")
    client = Client()
    client.cookies["sessionid"] = "stale-session"
    with django_assert_num_queries(CACHED_PAGE_QUERIES + 4):  # the home page made again
        client.get("/")
    assert len(page_keys()) == 1


def storable(response: HttpResponseBase, **meta: Any) -> bool:
    request = RequestFactory().get("/", **meta)
    request.user = AnonymousUser()
    return pagecache._storable(request, response)


def test_it_stores_only_responses_that_hold_nothing_of_one_visitor() -> None:
    assert storable(HttpResponse("page"))
    with_cookie = HttpResponse("page")
    with_cookie.set_cookie("csrftoken", "secret")
    assert not storable(with_cookie)
    assert not storable(HttpResponse("page"), CSRF_COOKIE_NEEDS_UPDATE=True)
    assert not storable(HttpResponse("page", status=302))
    assert not storable(HttpResponse("page", status=404))
    private = HttpResponse("page", headers={"Cache-Control": "private"})
    assert not storable(private)
    never = HttpResponse("page", headers={"Cache-Control": "max-age=0"})
    assert not storable(never)
    assert storable(HttpResponse("page", headers={"Vary": "Accept-Language, Cookie"}))
    assert not storable(HttpResponse("page", headers={"Vary": "Accept-Encoding"}))
    assert not storable(StreamingHttpResponse(iter([b"page"])))
    request = RequestFactory().post("/")
    request.user = AnonymousUser()
    assert not pagecache._storable(request, HttpResponse("page"))


def test_it_shows_a_changed_space_at_the_next_visit(org: Organization, admin: User) -> None:
    space = make_process(org)
    client = Client()
    assert "Bike lanes" in client.get("/").content.decode()
    assert "Bike lanes" in client.get("/spaces/bike-lanes/").content.decode()
    space_services.space_update(space=space, acting_user=admin,
                                values={"title": {"en": "Safe bike lanes"}})
    assert "Safe bike lanes" in client.get("/").content.decode()
    assert "Safe bike lanes" in client.get("/spaces/bike-lanes/").content.decode()


def test_it_invalidates_again_when_the_write_commits(
        org: Organization, django_capture_on_commit_callbacks: Any) -> None:
    key = f"pagecache:generation:{org.pk}"
    before = pagecache.generations(org.pk)[1]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        Space.objects.create(organization=org, kind=SpaceKind.ASSEMBLY, slug="council",
                             title={"en": "Council"})
        assert caches[pagecache.CACHE_ALIAS].get(key) == before + 1
    assert len(callbacks) == 1
    assert caches[pagecache.CACHE_ALIAS].get(key) == before + 2


def test_it_leaves_other_organizations_cached(org: Organization, other_org: Organization,
                                              django_assert_num_queries: Any) -> None:
    other = Client(HTTP_HOST="other.test")
    other.get("/")
    make_process(org)
    with django_assert_num_queries(CACHED_PAGE_QUERIES):
        other.get("/")


def test_it_ignores_a_login_stamp(org: Organization, resident: User) -> None:
    before = pagecache.generations(org.pk)
    resident.last_login = timezone.now()
    resident.save(update_fields=["last_login"])
    assert pagecache.generations(org.pk) == before
    resident.display_name = "Renamed Resident"
    resident.save(update_fields=["display_name"])
    assert pagecache.generations(org.pk)[1] == before[1] + 1


def test_it_is_off_with_zero_seconds(org: Organization, settings: Any) -> None:
    settings.PAGE_CACHE_SECONDS = 0
    Client().get("/")
    assert page_keys() == []


def test_it_makes_pages_and_keeps_writes_when_the_cache_is_unreachable(
        org: Organization, monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable() -> Any:
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(pagecache, "page_cache", unreachable)
    make_process(org)
    assert Space.objects.filter(slug="bike-lanes").exists()
    response = Client().get("/")
    assert response.status_code == 200
    assert "Bike lanes" in response.content.decode()


def test_every_audited_write_makes_the_organizations_pages_stale(
        org: Organization, other_org: Organization,
        django_capture_on_commit_callbacks: Any) -> None:
    """Services record every write with ``audit_record``, also those that bypass model
    signals (publishing all answers is one UPDATE): that call refreshes visitors' pages."""
    from participa.core.actions import AuditAction
    from participa.core.audit import audit_record

    before = pagecache.generations(org.pk)[1]
    other_before = pagecache.generations(other_org.pk)[1]
    with django_capture_on_commit_callbacks(execute=True):
        audit_record(organization=org, actor=None, action=AuditAction.PHASE_MOVE, obj=org)
        assert pagecache.generations(org.pk)[1] == before + 1
    assert pagecache.generations(org.pk)[1] == before + 2
    assert pagecache.generations(other_org.pk)[1] == other_before
