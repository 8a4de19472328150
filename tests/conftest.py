"""Fixtures for the suite-level tests (settings, browser journeys).

The personas of ``participa/conftest.py`` are only collected for tests inside ``participa/``;
these tests build their own organization (served at "localhost", the live server's host).
"""

from __future__ import annotations

import os
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # sync Playwright + ORM in one thread


@pytest.fixture(autouse=True)
def _plain_http(settings: Any) -> None:
    """Tests talk plain HTTP to the live server, with static files served from the finders."""
    settings.ALLOWED_HOSTS = ["*"]
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    """Rate limits live in the cache: every test starts with none used."""
    from django.core.cache import cache

    cache.clear()
