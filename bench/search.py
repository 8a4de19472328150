"""Site search with 2,000 and with 20,000 contributions, and the speed of ``search_reindex``.

Seeds one consultation per size (contributions written in bulk, then indexed by the bulk
re-index, which is timed), then times, with the test client and as an anonymous visitor:

- the search page for a word found in almost every contribution (every match is ranked) and
  for a rare word;
- the consultation's public page (the reference: target, search within 3x of it).

Prints the ratios search / consultation page at each size, 20k / 2k for each page, and the
re-index rate in bulk against indexing the same objects one at a time (the signal path, which
is how ``search_reindex`` worked before: one object, its queries and one upsert at a time).
``--sizes 500,5000`` chooses other sizes; ``--repeat`` the number of timed requests.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time

TEXT = ("Propun ca tariful de parcare din zona centrală să fie redus la 3 lei pe oră și ca "
        "abonamentul pentru locuitori să fie lunar. Proszę też o więcej miejsc dla rowerów "
        "i drzew przy ulicach. Contribution {n}, {word}.")
RARE = "hipopotam"


def _seed(org_id: int, slug: str, count: int) -> tuple[int, str]:
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
    from participa.spaces.models import Component, Space, SpaceKind

    now = timezone.now()
    today = timezone.localdate()
    space = Space.objects.create(organization_id=org_id, kind=SpaceKind.PROCESS, slug=slug,
                                 title={"ro": slug}, published_at=now)
    component = Component.objects.create(space=space, type="consultations",
                                         name={"ro": "Consultări"}, published_at=now)
    consultation = Consultation.objects.create(
        component=component, slug=slug, title={"ro": "Regulament de parcare"},
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
            type="proposal", channel=Channel.EMAIL,
            body=TEXT.format(n=n, word=RARE if n % 1000 == 0 else "bine"),
            body_redacted=TEXT.format(n=n, word=RARE if n % 1000 == 0 else "bine"),
            author_name=f"Persoana {n}", publication=publications[n % 4], received_at=now,
            redaction_approved_at=now)
        for n in range(1, count + 1)], batch_size=2000)
    return consultation.pk, consultation.get_absolute_url()


def _time(client: object, url: str, params: dict[str, str], repeat: int) -> float:
    """Median seconds of ``repeat`` GETs (after one warm-up)."""
    get = client.get  # type: ignore[attr-defined]
    response = get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        get(url, params)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    from bench import django_env

    django_env.setup()
    from django.db import connection
    from django.test import Client

    from participa.components.consultations.models import Contribution
    from participa.core.models import Organization
    from participa.search.models import SearchDocument
    from participa.search.services import index_object, reindex_all

    org = Organization.objects.create(name="Bench", host="bench.test",
                                      languages=["ro", "pl", "en"], default_language="ro",
                                      time_zone="Europe/Bucharest")
    client = Client(HTTP_HOST="bench.test", HTTP_ACCEPT_LANGUAGE="ro")
    print(f"database: {connection.vendor}; sizes: {sizes}", flush=True)
    results: dict[int, dict[str, float]] = {}
    for size in sizes:
        consultation_id, detail_url = _seed(org.pk, f"c{size}", size)
        started, cpu_started = time.perf_counter(), time.process_time()
        indexed = reindex_all(kinds=["contribution"])
        bulk_seconds = time.perf_counter() - started
        bulk_cpu = time.process_time() - cpu_started
        sample = list(Contribution.objects.filter(consultation_id=consultation_id)
                      .order_by("pk")[:300])
        started, cpu_started = time.perf_counter(), time.process_time()
        for contribution in sample:
            index_object(contribution)
        one_seconds = time.perf_counter() - started
        one_cpu = time.process_time() - cpu_started
        common = _time(client, "/search/", {"q": "parcarea locuitorilor"}, args.repeat)
        rare = _time(client, "/search/", {"q": RARE}, args.repeat)
        page = _time(client, detail_url, {}, args.repeat)
        results[size] = {"common": common, "rare": rare, "page": page}
        matches = SearchDocument.objects.filter(kind="contribution").count()
        print(f"{size:>6} contributions ({matches} indexed, all match the common query): "
              f"search common / consultation page = {common / page:.2f}, "
              f"search rare / consultation page = {rare / page:.2f}", flush=True)
        print(f"{'':>6} re-index: bulk {indexed / bulk_seconds:,.0f} objects/s, one at a time "
              f"{len(sample) / one_seconds:,.0f} objects/s; bulk / one at a time = "
              f"{(indexed / bulk_seconds) / (len(sample) / one_seconds):.1f}x (CPU time of this "
              f"process: bulk {indexed / bulk_cpu:,.0f} objects/s, one at a time "
              f"{len(sample) / one_cpu:,.0f} objects/s; on a busy machine wall-clock rates "
              "understate both)", flush=True)
        # Only the current size's contributions, so that each size is measured alone.
        Contribution.objects.filter(consultation_id=consultation_id).delete()
    if len(sizes) >= 2:
        small, large = results[sizes[0]], results[sizes[-1]]
        print(f"{sizes[-1]} / {sizes[0]}: search common {large['common'] / small['common']:.2f}, "
              f"search rare {large['rare'] / small['rare']:.2f}, "
              f"consultation page {large['page'] / small['page']:.2f}", flush=True)


if __name__ == "__main__":
    sys.argv[0] = "bench/search.py"
    main()
