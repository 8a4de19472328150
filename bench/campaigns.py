"""Grouping near-identical contributions (campaigns): 20,000 texts against 2,000.

Synthetic contributions: 60 % belong to 20 campaign letters (about half sent unchanged, with
different case, spacing or punctuation; the others with a few words replaced or dropped, or a
personal sentence added), 40 % are distinct texts built from varied sentences. Signatures are
already redacted, as they are before grouping in practice. Prints the time of each run, their
ratio (linear would be 10x), the groups found and how many planted campaigns were found
whole (all their members in one group, with nothing else).

The MinHash signatures are computed with numpy; where ``datasketch`` (which computed them
before, no longer a dependency) happens to be installed, its time on the same 20,000 texts is
printed as a ratio, with whether the signatures are identical.
"""

from __future__ import annotations

import random
import time

from bench import django_env

CAMPAIGNS = 20
THRESHOLD = 0.8

SUBJECTS = [
    "the city hall", "the local council", "the mayor", "the district office", "the department",
    "the parking company", "the public transport operator", "the urban planning office",
    "the residents", "our association", "the school board", "the police", "the market",
    "the owners of the shops", "the cyclists", "the parents", "the pensioners",
    "the neighbourhood committee", "the water company", "the street cleaning service",
    "primăria", "consiliul local", "asociația noastră", "locuitorii cartierului",
]
VERBS = [
    "should reconsider", "must postpone", "ought to publish", "could extend", "should reduce",
    "needs to explain", "should not approve", "must protect", "should fund", "could move",
    "has to repair", "should double", "might cancel", "should review", "must clarify",
    "should lower", "should raise", "ought to test", "should limit", "must consult on",
]
OBJECTS = [
    "the parking fee", "the bus line", "the bicycle lane", "the green area", "the playground",
    "the opening hours", "the annual budget", "the night lighting", "the pedestrian zone",
    "the new market hall", "the tree plan", "the noise rules", "the speed limit",
    "the school crossing", "the waste collection", "the public toilets", "the tram depot",
    "the heating network", "the flood barrier", "the library", "taxa de parcare",
    "linia de autobuz", "pista de biciclete", "spațiul verde", "zona pietonală",
]
PLACES = [
    "in the centre", "near the station", "on the main boulevard", "in the old town",
    "next to the river", "around the university", "in our street", "in the north district",
    "by the hospital", "in the industrial zone", "along the canal", "in Iosefin",
    "in Fabric", "în centrul orașului", "lângă gară", "pe bulevardul principal",
]
REASONS = [
    "because families cannot afford it", "since the traffic is already heavy",
    "as the study was never published", "because children walk there every day",
    "since the shops would lose customers", "because the air quality is poor",
    "as nobody asked the neighbours", "because the costs are not justified",
    "since the old trees would be cut", "because elderly people need access",
    "as the deadline is far too short", "because the noise at night is unbearable",
    "deoarece costurile nu sunt justificate", "pentru că locuitorii nu au fost întrebați",
]
OPENINGS = ["Dear Sir or Madam,", "Stimată doamnă primar,", "Hello,", "Good afternoon,", ""]
PERSONAL = [
    "I have lived here for {n} years and I see this every day.",
    "My {n} year old daughter takes this route to school.",
    "Our building has {n} flats and everybody agrees.",
    "Locuiesc aici de {n} ani și văd asta în fiecare zi.",
]
SIGNATURE = "Cu stimă, =anonimizat="


def _sentence(rng: random.Random) -> str:
    text = " ".join([rng.choice(SUBJECTS).capitalize(), rng.choice(VERBS),
                     rng.choice(OBJECTS), rng.choice(PLACES), rng.choice(REASONS)])
    return text + rng.choice([".", ".", "!", "; thank you."])


def _letter(rng: random.Random, sentences: int) -> str:
    body = " ".join(_sentence(rng) for _ in range(sentences))
    return f"{rng.choice(OPENINGS)}\n{body}".strip()


def _variant(rng: random.Random, template: str) -> str:
    roll = rng.random()
    if roll < 0.5:  # sent unchanged, typed or pasted differently
        text = template.upper() if rng.random() < 0.1 else template
        return text.replace(" ", rng.choice([" ", "  ", " \n"]), rng.randint(0, 3))
    words = template.split()
    if roll < 0.85:  # a few words replaced or dropped
        for _ in range(rng.randint(1, 3)):
            position = rng.randrange(len(words))
            if rng.random() < 0.5:
                words[position] = rng.choice(["really", "very", "urgently", "foarte", "now"])
            else:
                del words[position]
        return " ".join(words)
    personal = rng.choice(PERSONAL).format(n=rng.randint(2, 60))
    return f"{template}\n{personal}"


def contributions(count: int, seed: int = 1) -> tuple[list[str], list[int | None]]:
    """``count`` texts (3/5 from campaigns) and, for each, its campaign's number or None."""
    rng = random.Random(seed)
    templates = [_letter(rng, rng.randint(5, 9)) for _ in range(CAMPAIGNS)]
    in_campaigns = count * 3 // 5
    labelled: list[tuple[str, int | None]] = [
        (f"{_variant(rng, templates[n % CAMPAIGNS])}\n{SIGNATURE}", n % CAMPAIGNS)
        for n in range(in_campaigns)
    ]
    labelled += [(f"{_letter(rng, rng.randint(1, 6))}\n{SIGNATURE}", None)
                 for _ in range(count - in_campaigns)]
    rng.shuffle(labelled)
    return [text for text, _ in labelled], [label for _, label in labelled]


def _run(count: int) -> tuple[float, int, int]:
    """Seconds, groups found, campaigns found whole (all their members in one group alone)."""
    from participa.lib.similarity import group_near_duplicates

    texts, labels = contributions(count)
    start = time.perf_counter()
    groups = group_near_duplicates(texts, THRESHOLD)
    elapsed = time.perf_counter() - start
    whole = 0
    for group in groups:
        found = {labels[index] for index in group}
        size = sum(1 for label in labels if label == labels[group[0]])
        if len(found) == 1 and None not in found and len(group) == size:
            whole += 1
    return elapsed, len(groups), whole


def _signatures_against_datasketch(count: int) -> None:
    """numpy MinHash / datasketch MinHash on the same texts: time ratio and identical output."""
    try:
        from datasketch import MinHash
    except ImportError:
        print("MinHash signatures: datasketch not installed, no comparison")
        return
    import numpy as np

    from participa.lib.similarity import _SEED, NUM_PERM, _minhashes, _Shingled, normalize

    texts, _ = contributions(count)
    shingled = _Shingled(list(dict.fromkeys(filter(None, map(normalize, texts)))))
    start = time.perf_counter()
    ours = _minhashes(shingled)
    numpy_seconds = time.perf_counter() - start
    start = time.perf_counter()
    values, starts, sizes = (shingled.values.tolist(), shingled.starts.tolist(),
                             shingled.sizes.tolist())
    sets = [[value.to_bytes(8, "little", signed=True) for value in values[a:a + n]]
            for a, n in zip(starts, sizes, strict=True)]
    theirs = np.vstack([m.hashvalues for m in MinHash.bulk(sets, num_perm=NUM_PERM, seed=_SEED)])
    datasketch_seconds = time.perf_counter() - start
    print(f"MinHash signatures of {len(shingled):,} distinct texts: numpy / datasketch time "
          f"{numpy_seconds / datasketch_seconds:.2f}x; identical: "
          f"{'yes' if np.array_equal(ours, theirs.astype(np.uint32)) else 'NO'}")


def _detect_in_database(count: int, slug: str) -> tuple[float, float, int]:
    """``campaigns_detect`` on a consultation of ``count`` contributions: first run, second
    run (nothing changed), campaigns found."""
    from django.utils import timezone

    from participa.components.consultations.models import Consultation, Contribution
    from participa.components.consultations.services.campaigns import campaigns_detect
    from participa.core.models import Organization
    from participa.spaces.models import Component, Space, SpaceKind

    org = Organization.objects.get(host="campaigns.bench.test")
    space = Space.objects.create(organization=org, kind=SpaceKind.PROCESS, slug=slug,
                                 title={"en": slug}, published_at=timezone.now())
    component = Component.objects.create(space=space, type="consultations",
                                         name={"en": "Consultations"})
    consultation = Consultation.objects.create(component=component, slug=slug,
                                               title={"en": slug},
                                               legal_profile="ro-law-52-2003")
    texts, _ = contributions(count)
    Contribution.objects.bulk_create([
        Contribution(consultation=consultation, number=number, type="proposal", channel="post",
                     body=text.replace("=anonimizat=", f"Persoana {number}"),
                     body_redacted=text, publication="named")
        for number, text in enumerate(texts, start=1)
    ], batch_size=1000)
    start = time.perf_counter()
    result = campaigns_detect(acting_user=None, consultation=consultation)
    first = time.perf_counter() - start
    start = time.perf_counter()
    campaigns_detect(acting_user=None, consultation=consultation)
    return first, time.perf_counter() - start, result.campaigns


def main() -> None:
    small = _run(2_000)
    large = _run(20_000)
    print("library (participa.lib.similarity.group_near_duplicates):")
    for count, (elapsed, found, whole) in ((2_000, small), (20_000, large)):
        print(f"{count:>6,} contributions: {elapsed:.2f} s; {found} groups found, "
              f"{whole} of the {CAMPAIGNS} planted campaigns found whole "
              f"({count * 3 // 5:,} contributions in campaigns)")
    print(f"ratio 20,000 / 2,000: {large[0] / small[0]:.1f}x (linear: 10x)")
    _signatures_against_datasketch(20_000)

    django_env.setup()
    from participa.core.models import Organization

    Organization.objects.create(name="Campaigns bench", host="campaigns.bench.test",
                                languages=["ro", "en"], default_language="ro")
    print("service (campaigns_detect: read, group, write campaigns in bulk, audit):")
    timings = {}
    for count in (2_000, 20_000):
        first, again, found = _detect_in_database(count, f"campaigns-{count}")
        timings[count] = first
        print(f"{count:>6,} contributions: {first:.2f} s ({found} campaigns); "
              f"run again with nothing new: {again:.2f} s")
    print(f"ratio 20,000 / 2,000: {timings[20_000] / timings[2_000]:.1f}x (linear: 10x)")


if __name__ == "__main__":
    main()
