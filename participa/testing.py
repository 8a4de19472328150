"""Helpers shared by the tests of every app (the application never imports this module)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext


def run_together(*calls: Callable[[], Any], timeout: float = 120) -> list[Any]:
    """Run ``calls`` at the same moment, each in its own thread with its own database
    connection (concurrent requests on PostgreSQL), and return, in order, what each returned
    or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = call()
        except BaseException as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call))
               for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes


def refusals(outcomes: Sequence[Any]) -> list[ValidationError]:
    """The outcomes that are a service's refusal (a ``ValidationError``)."""
    return [outcome for outcome in outcomes if isinstance(outcome, ValidationError)]


def failures(outcomes: Sequence[Any]) -> list[BaseException]:
    """The outcomes that are an error other than a refusal: a test expects none."""
    return [outcome for outcome in outcomes
            if isinstance(outcome, BaseException) and not isinstance(outcome, ValidationError)]


def assert_constant_queries(client: Any, url: str, grow: Callable[[], Any], *,
                            status: int = 200) -> tuple[Any, Any]:
    """Load ``url``, call ``grow()`` (which adds more rows of every kind the page shows),
    load it again, and fail unless both loads ran exactly the same number of queries (the
    queries of both loads are printed on failure).

    A first load warms the session and the caches. Returns the responses before and after
    ``grow()``, so the test can check that the page does show the added rows."""
    warm = client.get(url)
    assert warm.status_code == status, f"{url}: HTTP {warm.status_code}"
    with CaptureQueriesContext(connection) as before:
        first = client.get(url)
    assert first.status_code == status, f"{url}: HTTP {first.status_code}"
    grow()
    with CaptureQueriesContext(connection) as after:
        second = client.get(url)
    assert second.status_code == status, f"{url}: HTTP {second.status_code}"
    if len(before.captured_queries) != len(after.captured_queries):
        raise AssertionError(
            f"{url} ran {len(before.captured_queries)} queries, then "
            f"{len(after.captured_queries)} after grow():\n"
            f"--- before ---\n{_numbered(before.captured_queries)}\n"
            f"--- after ---\n{_numbered(after.captured_queries)}")
    return first, second


def _numbered(queries: Sequence[dict[str, Any]]) -> str:
    return "\n".join(f"{number}. {query['sql']}" for number, query in enumerate(queries, 1))


class QueuedTasks:
    """Stands for a task's queue in concurrency tests: records the ids queued and runs
    nothing. ``delay`` seconds of waiting inside ``enqueue`` widen the window in which a
    second request that did not wait for the first would queue too."""

    def __init__(self, delay: float = 0.0) -> None:
        self.queued: list[int] = []
        self.delay = delay

    def enqueue(self, object_id: int) -> None:
        if self.delay:
            time.sleep(self.delay)
        self.queued.append(object_id)
