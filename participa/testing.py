"""Helpers shared by the tests of every app (the application never imports this module)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection


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
