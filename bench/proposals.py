"""Proposals at the size of the peer's comparison (2,000 proposals, 10,000 comments): the
component's list and a proposal's page (its comments rendered on the server) against the
health view, under wrk, in the same run.

Seeds, on PostgreSQL (DATABASE_URL), one organization with a process whose proposals component
holds ``--proposals`` published proposals (with districts, categories, supports counts, places
and published answers) and ``--comments`` comments spread over them, the commented proposal
getting 50. Starts gunicorn with 3 workers and runs wrk against the health view, the list
(sorted by supports), and the most commented proposal's page: as an anonymous visitor with the
page cache for visitors, then without it (``PAGE_CACHE_SECONDS=0``), then signed in (a session
cookie: never cached). Prints each page's throughput as a share of the health view's, measured
in this run. The target (at least 0.30, the peer's visitors measured 0.003 and 0.01) is for
visitors as the site serves them, page cache on; the two other runs show, for information, what
rendering the pages costs when no cached copy may be used (a signed-in person's own page).

Skips with a message when wrk, gunicorn or PostgreSQL is missing (``apt-get install wrk``).
Options: ``--proposals``, ``--comments``, ``--workers``, ``--seconds``, ``--connections``.
"""

from __future__ import annotations

import argparse
import datetime
import uuid
from typing import Any

from bench._load import load_tools, serve_and_measure


def _seed(host: str, proposals: int, comments: int) -> dict[str, Any]:
    from django.contrib.contenttypes.models import ContentType
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from participa.answers.models import AnswerState
    from participa.comments.models import Comment
    from participa.components.proposals.models import (
        Proposal,
        ProposalAnswer,
        ProposalCategory,
        ProposalState,
    )
    from participa.core.models import Organization, Scope, User
    from participa.spaces.models import Component, Phase, Space, SpaceKind

    now = timezone.now()
    today = timezone.localdate()
    org = Organization.objects.create(name="Bench", host=host, languages=["ro", "pl", "en"],
                                      default_language="ro", time_zone="Europe/Bucharest")
    scopes = [Scope.objects.create(organization=org, code=f"d{n}", name={"ro": f"Cartier {n}"})
              for n in range(10)]
    space = Space.objects.create(organization=org, kind=SpaceKind.PROCESS, slug="idei",
                                 title={"ro": "Idei pentru oraș"}, published_at=now)
    Phase.objects.create(space=space, title={"ro": "Propuneri"}, position=0,
                         start_date=today - datetime.timedelta(days=20),
                         end_date=today + datetime.timedelta(days=60))
    component = Component.objects.create(space=space, type="proposals",
                                         name={"ro": "Propuneri"}, published_at=now)
    categories = [ProposalCategory.objects.create(component=component,
                                                  name={"ro": f"Categoria {n}"}, position=n)
                  for n in range(8)]
    people = User.objects.bulk_create([
        User(username=f"bench-{host}-{n}", email=f"p{n}@{host}", organization=org,
             display_name=f"Persoana {n}", password="!") for n in range(500)])
    text = "Propun bănci noi și umbră pe aleea principală a parcului. Propunerea {n}."
    Proposal.objects.bulk_create([
        Proposal(component=component, number=n, state=ProposalState.PUBLISHED,
                 title=f"Propunerea {n}", body=text.format(n=n),
                 title_public=f"Propunerea {n}", body_public=text.format(n=n),
                 scope=scopes[n % 10], category=categories[n % 8], author=people[n % 500],
                 author_name=people[n % 500].display_name, supports_count=(n * 37) % 400,
                 latitude=45.70 + (n % 100) / 1000, longitude=21.20 + (n // 100) / 1000,
                 published_at=now - datetime.timedelta(minutes=n), received_at=now)
        for n in range(1, proposals + 1)], batch_size=1000)
    rows = list(Proposal.objects.filter(component=component).order_by("number"))
    ProposalAnswer.objects.bulk_create([
        ProposalAnswer(proposal=proposal, outcome="accepted", state=AnswerState.PUBLISHED,
                       drafted_by=people[0], reviewed_by=people[1], reviewed_at=now,
                       published_at=now) for proposal in rows[::5]])
    content_type = ContentType.objects.get_for_model(Proposal)
    commented = rows[0]
    Comment.objects.bulk_create([
        Comment(organization=org, space=space, target_type=content_type,
                target_id=(commented if n < 50 else rows[n % len(rows)]).pk,
                author=people[n % 500], body=f"Comentariul {n}, cu **text** îngroșat.",
                created_at=now) for n in range(comments)], batch_size=2000)
    client = Client()
    client.force_login(people[7])
    return {"list": reverse("spaces:proposals:index", args=[space.slug, component.pk]),
            "proposal": commented.get_absolute_url(),
            "session": client.cookies["sessionid"].value}


def _measure(args: argparse.Namespace, wrk: str, gunicorn: str, host: str,
             urls: dict[str, str], page_cache_seconds: int, cookie: str = "") -> dict[str, float]:
    return serve_and_measure(
        wrk=wrk, gunicorn=gunicorn, host=host, workers=args.workers, seconds=args.seconds,
        connections=args.connections, page_cache_seconds=page_cache_seconds,
        headers=[f"Cookie: sessionid={cookie}"] if cookie else [],
        paths=(("health", "/health/"), ("list", urls["list"] + "?sort=supported"),
               ("proposal", urls["proposal"])))


def _report(label: str, rates: dict[str, float], *, target: bool = False) -> None:
    health = rates["health"]
    parts = []
    for name in ("list", "proposal"):
        ratio = rates[name] / health
        verdict = f" (target 0.30: {'met' if ratio >= 0.30 else 'NOT met'})" if target else ""
        parts.append(f"{name} {rates[name]:,.0f} req/s = {ratio:.2f} of health{verdict}")
    print(f"{label}: health {health:,.0f} req/s; " + "; ".join(parts), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--proposals", type=int, default=2000)
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()

    tools = load_tools()
    if tools is None:
        return
    wrk, gunicorn = tools

    host = f"bench-{uuid.uuid4().hex[:8]}.test"
    urls = _seed(host, args.proposals, args.comments)
    print(f"PostgreSQL, {args.proposals:,} proposals and {args.comments:,} comments, gunicorn "
          f"with {args.workers} workers, wrk with {args.connections} connections for "
          f"{args.seconds} s per address", flush=True)
    try:
        _report("visitor (as served: page cache on)",
                _measure(args, wrk, gunicorn, host, urls, 60), target=True)
        _report("for information, visitor with the page cache off",
                _measure(args, wrk, gunicorn, host, urls, 0))
        _report("for information, signed in (never cached)",
                _measure(args, wrk, gunicorn, host, urls, 60, urls["session"]))
    finally:
        _delete(host)


def _delete(host: str) -> None:
    from participa.comments.models import Comment
    from participa.core.models import Organization
    from participa.spaces.models import Space

    Comment.objects.filter(organization__host=host).delete()
    Space.objects.filter(organization__host=host).delete()
    Organization.objects.filter(host=host).delete()


if __name__ == "__main__":
    main()
