"""Whole-page cache for anonymous visitors, invalidated by declared writes.

The pages visitors read most (home, public lists, a space, a consultation, a page) are marked
with :func:`cache_for_visitors`. :class:`VisitorCacheMiddleware` serves them from the ``pages``
cache (Redis with ``REDIS_URL``, local memory otherwise) to visitors who carry no session and no
pending messages, and stores the response when nothing in it belongs to one visitor: status 200,
no cookie set (a CSRF token used by the page sets one, so such pages are never shared), nothing
queued in the messages framework, nothing written to the session, no ``private`` or zero
``max-age`` cache control.

A page's key holds the host and full address, the language, the local date (day-dependent
dates and countdowns change at midnight) and the organization's *generation*: a counter that
every write able to change a public page increments. Which writes those are is declared, never
guessed: :func:`invalidate_on` connects ``post_save``/``post_delete`` of one model with a
function giving the organization of a row; :mod:`participa.core.apps` declares the core models,
the component manifests declare every item and their ``public_models``
(``participa/spaces/registry.py``), and every audited write invalidates its organization too
(``participa/core/audit.py``, for writes that bypass model signals). Old entries are
never deleted, they simply stop being read and expire after ``PAGE_CACHE_SECONDS`` (60 by
default), which also bounds how long anything time-dependent on a page can lag.

The generation is bumped twice: at once, so that later reads inside the same transaction see the
change, and again on commit, so that a visitor's request that read the old rows while the write
was still uncommitted cannot keep its stale page under the new generation.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone, translation
from django.utils.cache import get_max_age

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
DEFAULT_SECONDS = 60
ALL_ORGANIZATIONS = "all"
# Vary headers the key already accounts for: the language is part of the key, and requests
# carrying a session or pending messages (the cookies that change a page) are never served.
ACCOUNTED_VARY = {"accept-language", "cookie"}
MESSAGES_COOKIE = "messages"  # django.contrib.messages.storage.cookie.CookieStorage.cookie_name

OrganizationOf = Callable[[Any], "int | models.Model | None"]
View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def page_cache() -> BaseCache:
    return caches[CACHE_ALIAS] if CACHE_ALIAS in settings.CACHES else caches["default"]


def timeout() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", DEFAULT_SECONDS))


# --- Generations -------------------------------------------------------------------------------

def _generation_key(organization_id: int | str) -> str:
    return f"pagecache:generation:{organization_id}"


def _fresh_generation() -> int:
    # A counter that vanished (eviction, restart) restarts from the clock, never from a value
    # an older entry may still be stored under.
    return time.time_ns()


def generations(organization_id: int) -> tuple[int, int]:
    """The deployment-wide and the organization's generation, in one cache round trip."""
    cache = page_cache()
    keys = [_generation_key(ALL_ORGANIZATIONS), _generation_key(organization_id)]
    found = cache.get_many(keys)
    values: list[int] = []
    for key in keys:
        value = found.get(key)
        if value is None:
            cache.add(key, _fresh_generation(), None)
            value = cache.get(key)
        values.append(int(value or 0))
    return values[0], values[1]


def _bump(organization_id: int | str) -> None:
    key = _generation_key(organization_id)
    try:
        cache = page_cache()
        try:
            cache.incr(key)
        except ValueError:  # missing: any new value is newer than every stored page
            cache.set(key, _fresh_generation(), None)
    except Exception:  # an unreachable cache must not undo the write; it serves no page either
        logger.exception("Could not invalidate the cached pages of %s", organization_id)


def invalidate(organization: int | models.Model | None) -> None:
    """Make every cached page of ``organization`` (of all organizations when None) stale, now
    and again when the current transaction commits. For writes that bypass model signals
    (``QuerySet.update``, ``bulk_create``)."""
    target: int | str
    if organization is None:
        target = ALL_ORGANIZATIONS
    elif isinstance(organization, models.Model):
        target = int(organization.pk)
    else:
        target = int(organization)
    _bump(target)
    transaction.on_commit(lambda: _bump(target))


# --- Declarations ------------------------------------------------------------------------------

def via(path: str) -> OrganizationOf:
    """The organization of a row found by following attributes, e.g.
    ``via("consultation.component.space.organization_id")``."""
    return attrgetter(path)


def invalidate_on(model: type[models.Model], *, organization: OrganizationOf,
                  unless_only: frozenset[str] = frozenset()) -> None:
    """Declare that saving or deleting a ``model`` row can change public pages of the
    organization ``organization(row)`` returns (an id or an Organization). When the row's
    organization cannot be found any more (a cascade removed its parent first), every
    organization's pages are invalidated. A save limited (``update_fields``) to fields of
    ``unless_only``, which no public page shows, invalidates nothing."""

    def receiver(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
        if kwargs.get("raw"):  # fixtures loading
            return
        fields = kwargs.get("update_fields")
        if fields and unless_only and set(fields) <= unless_only:
            return
        try:
            found = organization(instance)
        except ObjectDoesNotExist:
            found = None
        invalidate(found)

    uid = f"pagecache:{model._meta.label_lower}"
    post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid)


# --- Serving -----------------------------------------------------------------------------------

def cache_for_visitors(view: View) -> View:
    """Mark a public view whose page may be shared by anonymous visitors (see the module)."""
    view.cache_for_visitors = True  # type: ignore[attr-defined]
    return view


def _may_serve(request: HttpRequest) -> bool:
    return (
        timeout() > 0
        and request.method in ("GET", "HEAD")
        and getattr(request, "organization", None) is not None
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
    )


def page_key(request: HttpRequest) -> str:
    organization = request.organization  # type: ignore[attr-defined]
    every, own = generations(organization.pk)
    address = hashlib.sha256(
        request.build_absolute_uri().encode("utf-8", "surrogateescape")
    ).hexdigest()
    return ":".join([
        "pagecache:page", str(organization.pk), str(every), str(own),
        translation.get_language() or "", timezone.localdate().isoformat(), address,
    ])


def _personal(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether the response holds or depends on something of this visitor."""
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return True
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    session = getattr(request, "session", None)
    if session is not None and (session.modified or (session.accessed and not session.is_empty())):
        return True
    storage = getattr(request, "_messages", None)
    return bool(storage is not None and len(storage))  # messages shown or added


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if _personal(request, response):
        return False
    control = response.get("Cache-Control", "")
    if "private" in control or "no-store" in control or get_max_age(response) == 0:
        return False
    varies = {header.strip().lower() for header in response.get("Vary", "").split(",")}
    return not (varies - ACCOUNTED_VARY - {""})


class VisitorCacheMiddleware:
    """Serve and store the pages of :func:`cache_for_visitors` views. Sits after the
    organization and language middleware (the key needs both) and before the middleware whose
    cookies, headers and messages it must see on the way out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        key = getattr(request, "_pagecache_key", None)
        if (key is not None and not getattr(response, "_pagecache_hit", False)
                and _storable(request, response)):
            try:
                page_cache().set(key, response, timeout())
            except Exception:  # the page was made: an unreachable cache only costs speed
                logger.exception("Could not store a page for visitors")
        return response

    def process_view(self, request: HttpRequest, view_func: Callable[..., Any],
                     view_args: Any, view_kwargs: Any) -> HttpResponseBase | None:
        if not getattr(view_func, "cache_for_visitors", False) or not _may_serve(request):
            return None
        try:
            key = page_key(request)
            cached: HttpResponse | None = page_cache().get(key)
        except Exception:  # an unreachable cache: make the page as if there were none
            logger.exception("Could not read the pages kept for visitors")
            return None
        request._pagecache_key = key  # type: ignore[attr-defined]
        if cached is None:
            return None
        cached._pagecache_hit = True  # type: ignore[attr-defined]
        return cached
