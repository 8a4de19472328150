"""A page with 5,000 comments against the same page with 10: server time of the page view.

Prints the median time of each and their ratio (target: at most 3x), measured in one run.
"""

from __future__ import annotations

import datetime
import statistics
import time

RUNS = 15


def _build(slug: str, count: int) -> str:
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from participa.comments.models import Comment
    from participa.components.pages.models import Page
    from participa.core.models import Organization, User
    from participa.spaces.models import Component, Phase, Space, SpaceKind

    org = Organization.objects.get(host="bench.test")
    today = timezone.localdate()
    space = Space.objects.create(organization=org, kind=SpaceKind.PROCESS, slug=slug,
                                 title={"en": slug}, published_at=timezone.now())
    phase = Phase.objects.create(space=space, title={"en": "Now"},
                                 start_date=today - datetime.timedelta(days=1),
                                 end_date=today + datetime.timedelta(days=1))
    component = Component.objects.create(
        space=space, type="pages", name={"en": "Info"}, published_at=timezone.now(),
        phase_settings={str(phase.pk): {"comments_enabled": True}},
    )
    page = Page.objects.create(component=component, slug="page", title={"en": "Page"},
                               body={"en": "Text"})
    authors = list(User.objects.filter(organization=org))
    content_type = ContentType.objects.get_for_model(Page)
    now = timezone.now()
    roots = Comment.objects.bulk_create([
        Comment(organization=org, space=space, target_type=content_type, target_id=page.pk,
                author=authors[n % len(authors)], created_at=now - datetime.timedelta(seconds=n),
                body=f"Comment {n} with **bold**, a [link](https://example.org) and a list:\n"
                     "- one\n- two", support_count=n % 11)
        for n in range(count * 4 // 5 or count)
    ], batch_size=1000)
    replies = count - len(roots)
    Comment.objects.bulk_create([
        Comment(organization=org, space=space, target_type=content_type, target_id=page.pk,
                author=authors[n % len(authors)], parent=roots[n % len(roots)],
                thread=roots[n % len(roots)], depth=1, created_at=now,
                body=f"Reply {n}")
        for n in range(replies)
    ], batch_size=1000)
    return page.get_absolute_url()


def _median_ms(client: object, url: str) -> float:
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(timings)


def main() -> None:
    from bench.django_env import setup

    setup()
    from django.test import Client

    from participa.core.models import Organization, User

    org = Organization.objects.create(name="Bench", host="bench.test", languages=["en"],
                                      default_language="en")
    for n in range(50):
        User.objects.create(username=f"bench-{n}", organization=org, display_name=f"Person {n}")
    small = _build("small", 10)
    large = _build("large", 5000)
    viewer = User.objects.create(username="bench-viewer", organization=org,
                                 display_name="Viewer")
    client = Client(HTTP_HOST="bench.test")
    client.force_login(viewer, backend="participa.core.auth.OrganizationAuthenticationBackend")
    client.get(small)  # warm up templates and caches
    small_ms = _median_ms(client, small)
    large_ms = _median_ms(client, large)
    print(f"page with 10 comments:    {small_ms:.1f} ms (median of {RUNS})")
    print(f"page with 5,000 comments: {large_ms:.1f} ms (median of {RUNS})")
    print(f"ratio 5,000 / 10: {large_ms / small_ms:.2f}x (target <= 3x)")


if __name__ == "__main__":
    main()
