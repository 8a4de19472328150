"""Personal-data redaction: recall and precision on the labelled corpus, and throughput.

Prints, per language and kind, recall (labelled entities fully covered) and precision (detected
spans overlapping a labelled entity), then the throughput in contributions per second of the
full redaction and of a trivial baseline measured in the same run (one e-mail regular expression
over the same texts), with their ratio; and the memory a worker needs for the redactor (peak
resident size of a fresh process that imports it, loads the name tables and Polish morphology and
redacts the corpus, against a bare interpreter measured the same way).
Run: ``python -m bench redaction``.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from participa.lib.redaction import DEFAULT_PLACEHOLDERS, redact
from participa.lib.redaction.evaluate import LANGUAGES, load_all, report

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _rate(work: Callable[[], int], runs: int) -> float:
    """Median contributions per second over ``runs`` runs."""
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        count = work()
        rates.append(count / (time.perf_counter() - start))
    return statistics.median(rates)


# VmHWM (peak resident size of this program), not ru_maxrss, which Linux carries over from
# the benchmark process across fork and exec.
_MEMORY_PROBE = """
import sys
if sys.argv[1] == "redactor":
    from participa.lib.redaction import redact
    from participa.lib.redaction.evaluate import load_all
    for record in load_all() + load_all(corpus="heldout"):
        redact(record["text"], lang=record["lang"], names=record["names"])
with open("/proc/self/status") as status:
    print(next(line.split()[1] for line in status if line.startswith("VmHWM")))
"""


def _peak_kib(what: str) -> int:
    completed = subprocess.run(  # noqa: S603 - our own probe, no shell
        [sys.executable, "-c", _MEMORY_PROBE, what], check=True,
        capture_output=True, text=True)
    return int(completed.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=10,
                        help="how many times the corpus is redacted per run (default 10)")
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()

    print(report(LANGUAGES))
    print()
    print(report(LANGUAGES, corpus="heldout"))
    records = load_all()
    texts = [(r["text"], r["lang"], r["names"]) for r in records] * options.repeat

    def full() -> int:
        for text, lang, names in texts:
            redact(text, lang=lang, names=names, placeholder=DEFAULT_PLACEHOLDERS[lang])
        return len(texts)

    def baseline() -> int:
        for text, lang, _names in texts:
            _EMAIL.sub(DEFAULT_PLACEHOLDERS[lang], text)
        return len(texts)

    full()  # warm up caches of compiled name patterns
    full_rate = _rate(full, options.runs)
    base_rate = _rate(baseline, options.runs)
    average = statistics.mean(len(text) for text, _lang, _names in texts)
    print(f"\nthroughput on {len(texts)} contributions (average {average:.0f} characters), "
          f"median of {options.runs} runs:")
    print(f"  full redaction:        {full_rate:10,.0f} contributions/s")
    print(f"  e-mail regex baseline: {base_rate:10,.0f} contributions/s")
    print(f"  ratio baseline / full: {base_rate / full_rate:.1f}x slower than one regex")
    bare, redactor = _peak_kib("bare"), _peak_kib("redactor")
    print("\nmemory of a worker (peak resident size of a fresh process):")
    print(f"  bare interpreter:          {bare / 1024:8.0f} MiB")
    print(f"  with the redactor loaded:  {redactor / 1024:8.0f} MiB "
          f"(+{(redactor - bare) / 1024:.0f} MiB, {redactor / bare:.1f}x the bare interpreter)")


if __name__ == "__main__":
    main()
