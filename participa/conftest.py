"""Shared test fixtures: two organizations and the personas of STYLE.md.

resident, ngo_member, official (area "urbanism"), district_rep (scope "north"), moderator,
admin belong to ``org`` (served at host "testserver"); ``outsider`` belongs to ``other_org``
(host "other.test").
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache, caches
from django.test import Client

from participa.core.models import (
    Area,
    GroupKind,
    GroupMembership,
    Organization,
    Role,
    RoleKind,
    Scope,
    User,
    UserGroup,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # sync Playwright + ORM in one thread

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _plain_http(settings: Any) -> None:
    """Tests talk plain HTTP to the test client and the live server."""
    settings.ALLOWED_HOSTS = ["*"]  # organizations are chosen by host; unknown hosts get 404
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """Tests create many people: a fast password hasher keeps them quick (never in production,
    where Django's default, PBKDF2, applies)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache(settings: Any) -> None:
    cache.clear()
    caches["pages"].clear()  # database ids come back after each test's rollback
    # Views are tested (query counts above all) without the page cache for visitors in front of
    # them; the tests of the cache itself ask for it with the ``page_cache`` fixture.
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def page_cache(settings: Any) -> None:
    """Serve anonymous visitors' pages from the page cache, as in production."""
    settings.PAGE_CACHE_SECONDS = 60


def make_org(host: str, name: str, languages: list[str] | None = None) -> Organization:
    return Organization.objects.create(
        name=name, host=host, languages=languages or ["ro", "pl", "en"], default_language="en",
        time_zone="Europe/Bucharest",
    )


def make_user(org: Organization | None, name: str, **extra: Any) -> User:
    user = User.objects.create_user(
        username=f"user-{name}", email=f"{name}@example.org", password=PASSWORD,
        organization=org, display_name=name.replace("_", " ").title(), **extra,
    )

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def org(db: Any) -> Organization:
    return make_org("testserver", "Municipiul Test")


@pytest.fixture
def other_org(db: Any) -> Organization:
    return make_org("other.test", "Miasto Inne", ["pl", "en"])


@pytest.fixture
def area(org: Organization) -> Area:
    return Area.objects.create(organization=org, code="urbanism", name={"en": "Urbanism"})


@pytest.fixture
def scope(org: Organization) -> Scope:
    city = Scope.objects.create(organization=org, code="city", name={"en": "City"})
    return Scope.objects.create(organization=org, code="north", name={"en": "North"}, parent=city)


@pytest.fixture
def resident(org: Organization) -> User:
    return make_user(org, "resident")


@pytest.fixture
def ngo(org: Organization) -> UserGroup:
    return UserGroup.objects.create(organization=org, name="Asociația Test", slug="asociatia-test",
                                    kind=GroupKind.NGO)


@pytest.fixture
def ngo_member(org: Organization, ngo: UserGroup) -> User:
    user = make_user(org, "ngo_member")
    GroupMembership.objects.create(group=ngo, user=user, role=GroupMembership.Role.ADMIN,
                                   status=GroupMembership.Status.ACCEPTED)
    return user


@pytest.fixture
def official(org: Organization, area: Area) -> User:
    user = make_user(org, "official")
    Role.objects.create(organization=org, user=user, kind=RoleKind.OFFICIAL, area=area)
    return user


@pytest.fixture
def district_rep(org: Organization, scope: Scope) -> User:
    user = make_user(org, "district_rep")
    Role.objects.create(organization=org, user=user, kind=RoleKind.DISTRICT_REPRESENTATIVE,
                        scope=scope)
    return user


@pytest.fixture
def moderator(org: Organization) -> User:
    user = make_user(org, "moderator")
    Role.objects.create(organization=org, user=user, kind=RoleKind.MODERATOR)
    return user


@pytest.fixture
def admin(org: Organization) -> User:
    user = make_user(org, "admin")
    Role.objects.create(organization=org, user=user, kind=RoleKind.ADMIN)
    return user


@pytest.fixture
def outsider(other_org: Organization) -> User:
    user = make_user(other_org, "outsider")
    Role.objects.create(organization=other_org, user=user, kind=RoleKind.ADMIN)
    return user


def login(user: User, host: str = "testserver") -> Client:
    client = Client(HTTP_HOST=host)
    client.force_login(user, backend="participa.core.auth.OrganizationAuthenticationBackend")
    return client


@pytest.fixture
def client_for() -> Any:
    """client_for(user) -> a test client logged in as ``user`` (None: anonymous)."""

    def make(user: User | None, host: str = "testserver") -> Client:
        return login(user, host) if user is not None else Client(HTTP_HOST=host)

    return make
