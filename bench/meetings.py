"""A city with 5,000 meetings and 200,000 registrations: the organization's iCalendar feed
(cached) against a trivial view, and the list and month calendar pages.

Seeds, in bulk, one organization with 50 working groups, each with a meetings component, and
100 meetings each (from six months ago to a year ahead; 40 registrations each, from 4,000
people). Then times with the test client, as an anonymous visitor (a calendar application),
the median of ``--repeat`` requests after one warm-up:

- the health view (the trivial reference);
- the organization's feed ``/meetings/calendar.ics`` served from its cache, compressed as
  calendar applications accept it (target: within 2x the health view), and once uncached (its
  first build);
- the list ``/meetings/``, the list filtered by district, and the month calendar.

Prints ratios to the health view, measured in this one run. ``--meetings`` and
``--registrations`` choose other sizes.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import statistics
import time
from typing import Any


def _seed(meetings: int, registrations: int) -> dict[str, Any]:
    from django.utils import timezone

    from participa.components.meetings.models import (
        Meeting,
        MeetingState,
        MeetingType,
        Registration,
    )
    from participa.core.models import Organization, Scope, User
    from participa.spaces.models import Component, Space, SpaceKind

    now = timezone.now()
    org = Organization.objects.create(name="Bench", host="bench.test",
                                      languages=["ro", "pl", "en"], default_language="ro",
                                      time_zone="Europe/Bucharest")
    scopes = [Scope.objects.create(organization=org, code=f"d{n}", name={"ro": f"Cartier {n}"})
              for n in range(10)]
    groups = 50
    components = []
    for n in range(groups):
        space = Space.objects.create(organization=org, kind=SpaceKind.ASSEMBLY,
                                     slug=f"grup-{n}", title={"ro": f"Grupul de lucru {n}"},
                                     scope=scopes[n % len(scopes)], published_at=now)
        components.append(Component.objects.create(space=space, type="meetings",
                                                   name={"ro": "Întâlniri"}, published_at=now))
    types = list(MeetingType.values)
    start = now - datetime.timedelta(days=180)
    span = 545 * 24 * 3600
    rows = []
    for n in range(meetings):
        starts = start + datetime.timedelta(seconds=span * n // meetings)
        rows.append(Meeting(
            component=components[n % groups], type=types[n % len(types)],
            title={"ro": f"Întâlnirea {n} despre piste de biciclete"},
            description={"ro": "Discutăm traseele, parcările și siguranța."},
            state=MeetingState.SCHEDULED, starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2), address="Piața Libertății 1",
            scope=scopes[n % len(scopes)], published_at=starts - datetime.timedelta(days=10),
            capacity=100, registered_count=0))
    created = Meeting.objects.bulk_create(rows, batch_size=1000)
    people_count = max(registrations // max(meetings, 1) * 100, 1)
    User.objects.bulk_create([
        User(username=f"bench-{n}", email=f"p{n}@example.org", organization=org,
             display_name=f"Persoana {n}", password="!") for n in range(people_count)],
        batch_size=2000)
    people = list(User.objects.filter(organization=org).values_list("pk", flat=True))
    per_meeting = registrations // max(meetings, 1)
    batch: list[Registration] = []
    for index, meeting in enumerate(created):
        for k in range(per_meeting):
            batch.append(Registration(meeting_id=meeting.pk,
                                      user_id=people[(index * 37 + k) % len(people)]))
        if len(batch) >= 20000:
            Registration.objects.bulk_create(batch, batch_size=5000)
            batch = []
    Registration.objects.bulk_create(batch, batch_size=5000)
    Meeting.objects.update(registered_count=per_meeting)
    return {"scope": scopes[0].pk}


def _time(client: Any, url: str, repeat: int) -> float:
    """Median seconds of ``repeat`` GETs (after one warm-up)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--meetings", type=int, default=5000)
    parser.add_argument("--registrations", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()

    from bench import django_env

    django_env.setup()
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from participa.components.meetings.models import Meeting, Registration

    settings.PAGE_CACHE_SECONDS = 60  # as in production
    started = time.perf_counter()
    seeded = _seed(args.meetings, args.registrations)
    print(f"database: {connection.vendor}; {Meeting.objects.count():,} meetings, "
          f"{Registration.objects.count():,} registrations (seeded in "
          f"{time.perf_counter() - started:.0f} s)", flush=True)
    client = Client(HTTP_HOST="bench.test", HTTP_ACCEPT_LANGUAGE="ro",
                    HTTP_ACCEPT_ENCODING="gzip")  # as calendar applications send

    for alias in ("pages", "default"):
        if alias in settings.CACHES:
            caches[alias].clear()
    started = time.perf_counter()
    feed = client.get("/meetings/calendar.ics")
    first_build = time.perf_counter() - started
    assert feed.status_code == 200
    body = gzip.decompress(feed.content)
    events = body.count(b"BEGIN:VEVENT")

    health = _time(client, "/health/", args.repeat)
    cached_feed = _time(client, "/meetings/calendar.ics", args.repeat)
    month = timezone.localdate().strftime("%Y-%m")
    pages = {
        "list /meetings/": _time(client, "/meetings/", args.repeat),
        "list filtered by district": _time(client, f"/meetings/?scope={seeded['scope']}",
                                           args.repeat),
        "month calendar": _time(client, f"/meetings/calendar/?month={month}", args.repeat),
    }
    # The same pages without the visitors' page cache (a signed-in person's view of them).
    settings.PAGE_CACHE_SECONDS = 0
    uncached = {
        "list /meetings/": _time(client, "/meetings/", args.repeat),
        "month calendar": _time(client, f"/meetings/calendar/?month={month}", args.repeat),
    }
    print(f"organization feed: {events:,} events, {len(body) / 1024:,.0f} KiB "
          f"({len(feed.content) / 1024:,.0f} KiB compressed); first "
          f"build / health = {first_build / health:.0f}x", flush=True)
    ratio = cached_feed / health
    print(f"organization feed (cached) / health = {ratio:.2f} (target <= 2.00: "
          f"{'met' if ratio <= 2 else 'NOT met'})", flush=True)
    for name, seconds in pages.items():
        print(f"{name} (page cache) / health = {seconds / health:.2f}", flush=True)
    for name, seconds in uncached.items():
        print(f"{name} (no page cache) / health = {seconds / health:.2f}", flush=True)


if __name__ == "__main__":
    main()
