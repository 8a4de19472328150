"""A daily digest for the followers of one space: queued and rendered by the worker path.

N people follow a space; one notification reaches them all (``notify``), then
``send_digests --frequency daily`` queues one task per person, and each task renders the
e-mail (HTML + text), stores its delivery record and sends it. The e-mail backend renders the
full MIME message and drops it (like the locmem backend, without keeping 50,000 messages).

Printed: e-mails per second (measured under tracemalloc, which slows Python down, so real
throughput is higher), peak Python memory (tracemalloc) of each run, and the ratio of the peak at
50,000 followers to the peak at 5,000 (near 1: nobody is loaded all at once).
Set BENCH_DIGEST_FOLLOWERS to change the large size (the small one is a tenth of it).
"""

from __future__ import annotations

import os
import time
import tracemalloc
from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend

from bench import django_env


class CountingBackend(BaseEmailBackend):
    """Builds every message exactly as SMTP would receive it, counts it, keeps nothing."""

    sent = 0

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        for message in email_messages:
            message.message().as_bytes()
        CountingBackend.sent += len(email_messages)
        return len(email_messages)


def _populate(size: int, label: str) -> tuple[Any, Any, Any]:
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from participa.core.models import Organization, User
    from participa.notifications.models import Follow
    from participa.spaces.models import Space, SpaceKind

    org = Organization.objects.create(name=f"Bench {label}", host=f"{label}.bench.test",
                                      languages=["ro", "pl", "en"], default_language="ro")
    space = Space.objects.create(organization=org, kind=SpaceKind.ASSEMBLY, slug="forum",
                                 title={"ro": "Forumul cetățenilor", "en": "Citizens' forum"},
                                 published_at=timezone.now())
    actor = User.objects.create(username=f"{label}-actor", organization=org,
                                display_name="Primăria", email=f"actor@{label}.test")
    space_type = ContentType.objects.get_for_model(Space)
    languages = ["ro", "pl", "en"]
    for start in range(0, size, 5000):
        users = User.objects.bulk_create([
            User(username=f"{label}-{i}", organization=org, password="!",
                 email=f"p{i}@{label}.test", display_name=f"Person {i}",
                 preferred_language=languages[i % 3],
                 notification_preferences={"email_frequency": "daily"})
            for i in range(start, min(start + 5000, size))
        ])
        if not all(u.pk for u in users):
            users = list(User.objects.filter(username__in=[u.username for u in users]))
        Follow.objects.bulk_create([
            Follow(organization=org, user=u, content_type=space_type, object_id=space.pk)
            for u in users
        ])
        del users
    return org, space, actor


def _run(size: int, label: str) -> dict[str, float]:
    from django.conf import settings

    from participa.notifications.services import notify
    from participa.notifications.tasks import enqueue_digests

    _org, space, actor = _populate(size, label)
    settings.EMAIL_BACKEND = "bench.digest.CountingBackend"
    CountingBackend.sent = 0
    tracemalloc.start()
    tracemalloc.reset_peak()
    started = time.perf_counter()
    notified = notify(event="space.updated", target=space, actor=actor)
    queued_at = time.perf_counter()
    queued = enqueue_digests("daily")
    finished = time.perf_counter()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert notified == size, (notified, size)
    assert queued == size and CountingBackend.sent == size, (queued, CountingBackend.sent)
    return {"notify_s": queued_at - started, "digest_s": finished - queued_at,
            "rate": size / (finished - queued_at), "peak": peak}


def main() -> None:
    django_env.setup()
    large = int(os.environ.get("BENCH_DIGEST_FOLLOWERS", "50000"))
    small = max(large // 10, 1)
    _run(min(50, small), "warmup")  # imports, compiled templates, caches: not per follower
    results = {}
    for size, label in ((small, "small"), (large, "large")):
        result = _run(size, label)
        results[size] = result
        print(f"{size:>7} followers: notify {result['notify_s']:.1f} s, "
              f"{result['rate']:.0f} digest e-mails/s (queued, rendered, recorded, sent), "
              f"peak memory {result['peak'] / 1e6:.1f} MB")
    ratio = results[large]["peak"] / results[small]["peak"]
    print(f"peak memory {large} / {small} followers: {ratio:.2f}x "
          f"(near 1 = no step loads every follower)")


if __name__ == "__main__":
    main()
