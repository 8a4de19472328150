"""Throughput of the pages anonymous visitors read most, against the health view, under wrk.

Seeds, on PostgreSQL (DATABASE_URL), one organization with an open process whose consultation
holds 20,000 contributions (written in bulk), starts gunicorn with a few workers on it, and
runs wrk against the health view, the home page and the consultation's page, first with the
page cache for visitors (participa/core/pagecache.py) and then without it
(``PAGE_CACHE_SECONDS=0``, the behaviour before it). Prints, for each, the ratios home / health
and consultation / health measured in this one run (target with the cache: at least 0.30 each).

Skips with a message when wrk, gunicorn or PostgreSQL is missing (``apt-get install wrk``;
gunicorn comes with the ``dev`` extra). Options: ``--contributions``, ``--workers``,
``--seconds`` (per address), ``--connections``, ``--cache-only``.
"""

from __future__ import annotations

import argparse
import datetime
import uuid

from bench._load import load_tools, serve_and_measure

TEXT = ("Propun ca tariful de parcare din zona centrală să fie redus la 3 lei pe oră. "
        "Contribuția {n}.")


def _seed(host: str, count: int) -> str:
    """An organization at ``host`` with an open process and a consultation of ``count``
    published contributions; returns the consultation's address."""
    from django.utils import timezone

    from participa.components.consultations.models import (
        Article,
        Channel,
        Consultation,
        ConsultationState,
        Contribution,
        DraftVersion,
        Publication,
    )
    from participa.core.models import Organization
    from participa.spaces.models import Component, Phase, Space, SpaceKind

    now = timezone.now()
    today = timezone.localdate()
    org = Organization.objects.create(name="Bench", host=host, languages=["ro", "pl", "en"],
                                      default_language="ro", time_zone="Europe/Bucharest")
    space = Space.objects.create(organization=org, kind=SpaceKind.PROCESS, slug="parcare",
                                 title={"ro": "Parcare"}, published_at=now)
    Phase.objects.create(space=space, title={"ro": "Consultare"}, position=0,
                         start_date=today - datetime.timedelta(days=20),
                         end_date=today + datetime.timedelta(days=10))
    component = Component.objects.create(space=space, type="consultations",
                                         name={"ro": "Consultări"}, published_at=now)
    consultation = Consultation.objects.create(
        component=component, slug="parcare", title={"ro": "Regulament de parcare"},
        legal_profile="ro-law-52-2003", state=ConsultationState.PUBLISHED,
        announced_on=today - datetime.timedelta(days=30),
        opens_on=today - datetime.timedelta(days=20),
        closes_on=today + datetime.timedelta(days=10), published_at=now,
        contact_name="Ioana Popescu", next_number=count + 1,
    )
    version = DraftVersion.objects.create(consultation=consultation, number=1)
    articles = Article.objects.bulk_create([
        Article(version=version, key=f"art-{n}", number=f"Art. {n}", heading=f"Articolul {n}",
                body="Tariful de parcare.", position=n) for n in range(1, 21)])
    publications = [Publication.NAMED, Publication.ANONYMOUS, Publication.NAMED,
                    Publication.NOT_PUBLISHED]
    Contribution.objects.bulk_create([
        Contribution(
            consultation=consultation, number=n, article=articles[n % len(articles)],
            type="proposal", channel=Channel.EMAIL, body=TEXT.format(n=n),
            body_redacted=TEXT.format(n=n), author_name=f"Persoana {n}",
            publication=publications[n % 4], received_at=now, redaction_approved_at=now)
        for n in range(1, count + 1)], batch_size=2000)
    return consultation.get_absolute_url()


def _measure(args: argparse.Namespace, wrk: str, gunicorn: str, host: str, consultation: str,
             page_cache_seconds: int) -> dict[str, float]:
    return serve_and_measure(
        wrk=wrk, gunicorn=gunicorn, host=host, workers=args.workers, seconds=args.seconds,
        connections=args.connections, page_cache_seconds=page_cache_seconds,
        paths=(("health", "/health/"), ("home", "/"), ("consultation", consultation)))


def _report(label: str, rates: dict[str, float]) -> None:
    health = rates["health"]
    print(f"{label}: health {health:,.0f} req/s; home / health = {rates['home'] / health:.2f}, "
          f"consultation / health = {rates['consultation'] / health:.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contributions", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--cache-only", action="store_true")
    args = parser.parse_args()

    tools = load_tools()
    if tools is None:
        return
    wrk, gunicorn = tools

    host = f"bench-{uuid.uuid4().hex[:8]}.test"
    consultation = _seed(host, args.contributions)
    print(f"PostgreSQL, {args.contributions:,} contributions in one consultation, "
          f"gunicorn with {args.workers} workers, wrk with {args.connections} connections "
          f"for {args.seconds} s per address", flush=True)
    try:
        _report("with the page cache", _measure(args, wrk, gunicorn, host, consultation, 60))
        if not args.cache_only:
            _report("without it", _measure(args, wrk, gunicorn, host, consultation, 0))
    finally:
        _delete(host)


def _delete(host: str) -> None:
    """Remove the seeded organization (contributions first: their articles are protected)."""
    from participa.components.consultations.models import Contribution
    from participa.core.models import Organization
    from participa.spaces.models import Space

    Contribution.objects.filter(consultation__component__space__organization__host=host).delete()
    Space.objects.filter(organization__host=host).delete()
    Organization.objects.filter(host=host).delete()


if __name__ == "__main__":
    main()
