"""The synthesis report of a consultation with 2,000 and with 20,000 contributions.

Each format (HTML, XLSX, CSV, PDF) is built alone in a forked child process, so that its peak
memory is its own: the child's peak resident memory minus its memory when it started. Prints
seconds per 1,000 contributions (wall-clock, and the CPU time of the child, which a busy machine
does not inflate) and the peak memory of each, then the 20k/2k ratios (target: time within
12x, i.e. linear growth; memory too, and within 2x for the PDF, built in bounded memory).
``--sizes 500,5000`` and ``--formats html,csv`` choose other sizes and formats (``none``: no
file); ``--no-pdf`` leaves the (slow) PDF out.

Then the public report page of each consultation, published: its median time over the
consultation page's median time in the same run (target: within 3x whatever the size), served
from the stored build, and the same ratio when the report is computed live (before the build
stored it). ``--no-page`` leaves this part out.
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import statistics
import sys
import time
from typing import Any

FORMATS = ("html", "xlsx", "csv", "pdf")
TEXT = ("Propun ca tariful de parcare din zona centrală să fie redus la 3 lei pe oră și ca "
        "abonamentul pentru locuitori să fie lunar. Proszę też o więcej miejsc dla rowerów "
        "(łóżko, żółw). Contribution {n}.")


def _rss_kib() -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _build(slug: str, count: int) -> int:
    from django.utils import timezone

    from participa.components.consultations.models import (
        Answer,
        AnswerState,
        Article,
        Campaign,
        Channel,
        Consultation,
        ConsultationState,
        Contribution,
        DraftVersion,
        Publication,
    )
    from participa.core.models import Organization, User
    from participa.spaces.models import Component, Space, SpaceKind

    org = Organization.objects.get(host="bench.test")
    official, reviewer = list(User.objects.filter(organization=org).order_by("pk")[:2])
    now = timezone.now()
    today = timezone.localdate()
    space = Space.objects.create(organization=org, kind=SpaceKind.PROCESS, slug=slug,
                                 title={"ro": slug}, published_at=now)
    component = Component.objects.create(space=space, type="consultations",
                                         name={"ro": "Consultări"}, published_at=now)
    consultation = Consultation.objects.create(
        component=component, slug=slug, title={"ro": "Regulament de parcare"},
        legal_profile="ro-law-52-2003", state=ConsultationState.FINAL,
        announced_on=today - datetime.timedelta(days=60),
        opens_on=today - datetime.timedelta(days=50),
        closes_on=today - datetime.timedelta(days=20), published_at=now, closed_at=now,
        contact_name="Ioana Popescu", next_number=count + 1,
    )
    version = DraftVersion.objects.create(consultation=consultation, number=1)
    articles = Article.objects.bulk_create([
        Article(version=version, key=f"art-{n}", number=f"Art. {n}", heading=f"Articolul {n}",
                body="Text", position=n) for n in range(1, 21)])
    campaigns = Campaign.objects.bulk_create([
        Campaign(consultation=consultation, label=f"Campaign {n}")
        for n in range(max(count // 200, 1))])
    channels = [Channel.EMAIL, Channel.POST, Channel.IN_PERSON]
    publications = [Publication.NAMED, Publication.ANONYMOUS, Publication.NAMED,
                    Publication.NOT_PUBLISHED]
    rows = []
    for n in range(1, count + 1):
        campaign = campaigns[n % len(campaigns)] if n % 10 == 0 else None
        rows.append(Contribution(
            consultation=consultation, number=n, article=articles[n % len(articles)],
            type="proposal", channel=channels[n % 3], body=TEXT.format(n=n),
            body_redacted=TEXT.format(n=n), author_name=f"Persoana {n}",
            publication=publications[n % 4], received_at=now, redaction_approved_at=now,
            campaign=campaign))
    contributions = Contribution.objects.bulk_create(rows, batch_size=2000)
    outcomes = ["accepted", "partial", "rejected", "out_of_scope", "answered"]
    answers = [
        Answer(consultation=consultation, contribution=contribution,
               outcome=outcomes[contribution.number % 5],
               justification="" if contribution.number % 5 == 0 else
               "Motivarea: bugetul local nu permite această modificare în acest an.",
               state=AnswerState.PUBLISHED, drafted_by=official, reviewed_by=reviewer,
               reviewed_at=now, published_at=now)
        for contribution in contributions if contribution.campaign_id is None]
    answers += [
        Answer(consultation=consultation, campaign=campaign, outcome="rejected",
               justification="Răspuns colectiv: nu se poate.", state=AnswerState.PUBLISHED,
               drafted_by=official, reviewed_by=reviewer, reviewed_at=now, published_at=now)
        for campaign in campaigns]
    Answer.objects.bulk_create(answers, batch_size=2000)
    return consultation.pk


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _measure_in_child(consultation_id: int, fmt: str) -> tuple[float, float, int, float]:
    """(seconds, peak MiB above the child's start, rows, CPU seconds) of one format, in a
    fork."""
    from django.db import connections

    connections.close_all()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child builds the file and reports through the pipe
        os.close(read_fd)
        code = 0
        try:
            import tempfile
            from pathlib import Path

            from django.utils import translation

            from participa.components.consultations import report_data, report_render
            from participa.components.consultations.models import Consultation

            start_kib = _rss_kib()
            consultation = Consultation.objects.get(pk=consultation_id)
            started = time.perf_counter()
            cpu_started = _cpu_seconds()
            rows = 0

            def progress(done: int) -> None:
                nonlocal rows
                rows = done

            with translation.override("ro"), tempfile.TemporaryDirectory() as directory:
                data = report_data.gather(consultation, final=True)
                report_render.write_report(data, "ro", Path(directory), formats=[fmt],
                                           progress=progress)
            seconds = time.perf_counter() - started
            cpu = _cpu_seconds() - cpu_started
            peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            message = f"{seconds} {(peak_kib - start_kib) / 1024} {rows} {cpu}"
        except Exception as error:  # reported by the parent
            message = f"error {error!r}"
            code = 1
        os.write(write_fd, message.encode())
        os.close(write_fd)
        os._exit(code)
    os.close(write_fd)
    chunks = []
    while True:
        chunk = os.read(read_fd, 4096)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_fd)
    os.waitpid(pid, 0)
    text = b"".join(chunks).decode()
    if text.startswith("error"):
        raise RuntimeError(text)
    parts = text.split()
    return float(parts[0]), float(parts[1]), int(parts[2]), float(parts[3])


def _median_seconds(client: Any, url: str, repeat: int) -> float:
    client.get(url)  # warm the caches
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    return statistics.median(times)


def _page_ratios(ids: dict[int, int], repeat: int) -> None:
    """Report page / consultation page, stored and live, for each size."""
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from participa.components.consultations.models import Consultation, SynthesisReport
    from participa.components.consultations.services.reports import report_build

    client = Client(HTTP_HOST="bench.test")
    ratios: dict[int, tuple[float, float]] = {}
    for size, pk in ids.items():
        consultation = Consultation.objects.select_related("component__space").get(pk=pk)
        component = consultation.component
        report = SynthesisReport.objects.create(consultation=consultation, is_final=True,
                                                language="ro")
        report = report_build(report_id=report.pk, formats=["html"])
        now = timezone.now()
        SynthesisReport.objects.filter(pk=report.pk).update(published_at=now)
        Consultation.objects.filter(pk=pk).update(report_published_at=now)
        page_url = consultation.get_absolute_url()
        report_url = reverse("spaces:consultations:report",
                             args=[component.space.slug, component.pk, consultation.slug])
        page = _median_seconds(client, page_url, repeat)
        stored = _median_seconds(client, report_url, repeat)
        fragments = report.fragments
        SynthesisReport.objects.filter(pk=report.pk).update(fragments={})  # computed live
        live = _median_seconds(client, report_url, max(repeat // 4, 2))
        SynthesisReport.objects.filter(pk=report.pk).update(fragments=fragments)
        ratios[size] = (stored / page, live / page)
        print(f"report page {size:>6} contributions: stored x{stored / page:.2f} of the "
              f"consultation page, computed live x{live / page:.2f}", flush=True)
    for size, (stored_ratio, _live) in ratios.items():
        verdict = "ok" if stored_ratio <= 3 else "ABOVE TARGET"
        print(f"report page {size}: x{stored_ratio:.2f} of the consultation page "
              f"(target: within x3) {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--no-page", action="store_true")
    parser.add_argument("--repeat", type=int, default=20)
    options = parser.parse_args(sys.argv[1:])
    sizes = [int(size) for size in options.sizes.split(",")]
    formats = [fmt for fmt in options.formats.split(",")
               if fmt in FORMATS and not (options.no_pdf and fmt == "pdf")]
    if options.formats == "none":
        formats = []

    from bench.django_env import setup

    setup()
    from participa.core.models import Organization, User

    org = Organization.objects.create(name="Bench", host="bench.test", languages=["ro", "en"],
                                      default_language="ro")
    for n in range(2):
        User.objects.create(username=f"bench-official-{n}", organization=org,
                            display_name=f"Official {n}")
    ids = {}
    for size in sizes:
        started = time.perf_counter()
        ids[size] = _build(f"c{size}", size)
        print(f"seeded {size} contributions in {time.perf_counter() - started:.1f} s",
              flush=True)
    results: dict[tuple[int, str], tuple[float, float, int, float]] = {}
    for fmt in formats:
        for size in sizes:
            seconds, mib, rows, cpu = _measure_in_child(ids[size], fmt)
            results[size, fmt] = (seconds, mib, rows, cpu)
            print(f"{fmt:5} {size:>6} contributions ({rows} table rows): "
                  f"{seconds:8.2f} s, {1000 * seconds / size:7.3f} s per 1,000 "
                  f"(CPU {cpu:8.2f} s, {1000 * cpu / size:7.3f} s per 1,000), "
                  f"peak memory +{mib:8.1f} MiB", flush=True)
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        factor = large / small
        for fmt in formats:
            s_small, m_small, _, c_small = results[small, fmt]
            s_large, m_large, _, c_large = results[large, fmt]
            memory_ratio = m_large / m_small if m_small > 0 else float("nan")
            cpu_ratio = c_large / c_small if c_small > 0 else float("nan")
            target = 12 * factor / 10
            # The PDF is laid out and written chunk by chunk: its memory must stay bounded.
            memory_target = 2.0 if fmt == "pdf" else target
            verdict = ("ok" if memory_ratio <= memory_target and cpu_ratio <= target
                       else "ABOVE TARGET")
            print(f"{fmt:5} {large}/{small}: time x{s_large / s_small:.1f}, "
                  f"CPU time x{cpu_ratio:.1f} (target: within x{target:.0f}), "
                  f"memory x{memory_ratio:.1f} (target: within x{memory_target:.0f}) "
                  f"{verdict}")
    if not options.no_page:
        _page_ratios(ids, options.repeat)


if __name__ == "__main__":
    main()
