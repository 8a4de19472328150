"""Transitions of a background build (``participa.reports.models.BackgroundBuild``).

* ``build_queue`` creates a queued build for a scope, unless one is already queued or running
  there (then ``BuildAlreadyRunning``); a build stuck for longer than ``stale_after`` (its
  worker died) is marked failed first, which frees the database's one-at-a-time constraint.
  The constraint settles requests that race past the check.
* ``build_claim`` moves a queued build to running with a conditional UPDATE: of two workers
  handed the same build, exactly one builds it.
* ``build_progress``, ``build_done`` and ``build_fail`` write straight to the row (not in the
  caller's transaction's snapshot), so that a page shows the progress while the build runs.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone

from participa.reports.models import ACTIVE_STATES, BackgroundBuild, BuildState

B = TypeVar("B", bound=BackgroundBuild)


class BuildAlreadyRunning(Exception):
    """A build of the same scope is queued or running."""


def build_active(model: type[B], *, scope: Mapping[str, Any],
                 stale_after: datetime.timedelta) -> B | None:
    """The scope's build queued or running (and not stale), if any."""
    return (model._default_manager
            .filter(**scope, state__in=ACTIVE_STATES,
                    created_at__gte=timezone.now() - stale_after)
            .order_by("-created_at").first())


def build_queue(model: type[B], *, scope: Mapping[str, Any], stale_after: datetime.timedelta,
                stale_error: str, **values: Any) -> B:
    """A new queued build of ``model`` for ``scope`` (the constrained field(s) and values)."""
    if build_active(model, scope=scope, stale_after=stale_after) is not None:
        raise BuildAlreadyRunning
    now = timezone.now()
    model._default_manager.filter(**scope, state__in=ACTIVE_STATES,
                                  created_at__lt=now - stale_after).update(
        state=BuildState.FAILED, finished_at=now, error=stale_error)
    try:
        with transaction.atomic():
            return model._default_manager.create(**scope, **values, state=BuildState.QUEUED)
    except IntegrityError:
        raise BuildAlreadyRunning from None


def _set(build: BackgroundBuild, **values: Any) -> None:
    type(build)._default_manager.filter(pk=build.pk).update(**values)
    for name, value in values.items():
        setattr(build, name, value)


def build_claim(build: BackgroundBuild, *, total: int, **values: Any) -> bool:
    """queued → running with ``total`` rows to do; False when another worker has it (or it is
    no longer queued)."""
    claimed = type(build)._default_manager.filter(pk=build.pk, state=BuildState.QUEUED).update(
        state=BuildState.RUNNING, progress=0, total=total, error="", **values)
    if not claimed:
        build.refresh_from_db()
        return False
    for name, value in {"state": BuildState.RUNNING, "progress": 0, "total": total,
                        "error": "", **values}.items():
        setattr(build, name, value)
    return True


def build_progress(build: BackgroundBuild, done: int) -> None:
    _set(build, progress=min(done, build.total))


def build_done(build: BackgroundBuild, **values: Any) -> None:
    _set(build, state=BuildState.DONE, progress=build.total, finished_at=timezone.now(),
         **values)


def build_fail(build: BackgroundBuild, error: BaseException | str) -> None:
    text = f"{type(error).__name__}: {error}" if isinstance(error, BaseException) else error
    _set(build, state=BuildState.FAILED, error=text[:2000], finished_at=timezone.now())
