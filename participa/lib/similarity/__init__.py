"""Near-duplicate grouping of short texts (campaigns), fast on tens of thousands (no Django).

API (stable; other code depends on it):

    group_near_duplicates(texts: Sequence[str], threshold: float = 0.8) -> list[list[int]]
        # groups (lists of indices into ``texts``, each of 2 or more, sorted) whose members are
        # at least ``threshold`` similar to one another; every index in at most one group
    similarity(a: str, b: str) -> float   # the measure used, in [0, 1]

The measure
-----------
Both texts are normalised (Unicode compatibility decomposition, diacritics removed — ``ș`` and
``ş`` are both ``s``, ``ł`` is ``l`` —, case folded, every run of punctuation and white space
made one space), cut into words, and compared as the **sets of their word bigrams** (two
consecutive words; a text of one word is that word): the similarity is the Jaccard index
(shared bigrams over all the bigrams of the two texts). Two texts equal after normalisation
have similarity 1.

Why this measure for campaign letters: a campaign letter of 50 words with one word changed
keeps 0.92; one with a personal sentence of 15 words added to 100 keeps 0.86; but short texts
that differ in the word that carries the position ("I support the project" / "I oppose the
project", 0.2) stay apart — a character measure such as edit distance would put those
together (0.85) and a collective answer would then answer opposite opinions at once.

A *group* is a connected component (of 2 texts or more) of the graph whose edges join the
texts at least ``threshold`` similar: A and C are in one group when A is close to B and B to
C, even if A and C are less similar.

How it stays fast
-----------------
1. Exact duplicates after normalisation (most of a campaign) are hashed together first.
2. Few distinct texts (at most ``EXHAUSTIVE_LIMIT``): every pair is compared — exact.
3. Otherwise candidate pairs come from MinHash locality-sensitive hashing over the bigram sets
   (``NUM_PERM`` permutations, signatures computed with numpy, bit for bit those of
   ``datasketch``'s default scheme, which it replaced — a pinned test keeps them; banding
   chosen for ``threshold`` so that a pair exactly at the threshold becomes a candidate with
   probability at least ``RECALL_AT_THRESHOLD``, a more similar pair even more surely: at 0.8,
   a pair at 0.85 is missed with probability 4e-7); every candidate is verified with the exact
   measure and joined with union-find. Groups are therefore always connected by verified
   pairs; a campaign of many members stays whole even if one pair is missed, since its members
   are linked through many others. ``bench/campaigns.py`` measures it on 20,000 texts.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np

__all__ = ["group_near_duplicates", "normalize", "shingles", "similarity"]

EXHAUSTIVE_LIMIT = 400
NUM_PERM = 128
# A pair exactly at the threshold must become a candidate in at least one band with this
# probability (see ``_bands``).
RECALL_AT_THRESHOLD = 1 - 1e-4
_SEED = 20_240_601
_CHUNK = 1 << 16  # bigrams per block of permuted hashes

# Letters that carry no combining mark to strip but read as a plain Latin letter.
_EXTRA = str.maketrans({
    "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ø": "o", "Ø": "o", "\u0131": "i",
    "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ð": "d", "þ": "th",
})
_NON_WORD = re.compile(r"[\W_]+")
_WORD = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=200_000)
def _normalize_word(word: str) -> str:
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.translate(_EXTRA))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return _NON_WORD.sub(" ", plain).strip()


@functools.lru_cache(maxsize=200_000)
def _normalize_token(token: str) -> str:
    return " ".join(filter(None, map(_normalize_word, _WORD.findall(token))))


def normalize(text: str) -> str:
    """Case folded, without diacritics, words separated by single spaces."""
    # Tokens are cut on white space of the composed text, then each distinct token is
    # normalised once (the caches): texts share most of their words.
    tokens = unicodedata.normalize("NFC", text).split()
    return " ".join(filter(None, map(_normalize_token, tokens)))


def shingles(text: str) -> frozenset[tuple[str, ...]]:
    """The word bigrams of the normalised text (its only word when it has one)."""
    words = normalize(text).split()
    if len(words) < 2:
        return frozenset([tuple(words)]) if words else frozenset()
    return frozenset(itertools.pairwise(words))


def _jaccard(a: frozenset[int] | frozenset[tuple[str, ...]],
             b: frozenset[int] | frozenset[tuple[str, ...]]) -> float:
    if not a and not b:
        return 1.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


def similarity(a: str, b: str) -> float:
    """Jaccard index of the word bigram sets of the normalised texts, in [0, 1]."""
    if normalize(a) == normalize(b):
        return 1.0
    return _jaccard(shingles(a), shingles(b))


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        parent = self.parent
        root = item
        while parent[root] != root:
            root = parent[root]
        while parent[item] != root:
            parent[item], item = root, parent[item]
        return root

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


class _Shingled:
    """Normalised texts as sorted arrays of distinct integers, one per word bigram.

    A text of one word has one negative number for that word. ``values[starts[i]:starts[i] +
    sizes[i]]`` are the numbers of text ``i``; ``set_of(i)`` gives them as a frozenset.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        split = [text.split() for text in texts]
        counts = np.fromiter(map(len, split), dtype=np.int64, count=len(split))
        chain = list(itertools.chain.from_iterable(split))
        vocabulary = dict(zip(dict.fromkeys(chain), itertools.count(), strict=False))
        ids = np.fromiter(map(vocabulary.__getitem__, chain), dtype=np.int64, count=len(chain))
        docs = np.repeat(np.arange(len(split), dtype=np.int64), counts)
        width = len(vocabulary) + 1
        pairs = docs[:-1] == docs[1:]
        single = np.flatnonzero(counts[docs] == 1)
        values = np.concatenate((ids[:-1][pairs] * width + ids[1:][pairs], -1 - ids[single]))
        owners = np.concatenate((docs[:-1][pairs], docs[single]))
        order = np.lexsort((values, owners))
        values, owners = values[order], owners[order]
        keep = np.ones(len(values), dtype=bool)
        keep[1:] = (values[1:] != values[:-1]) | (owners[1:] != owners[:-1])
        self.values, owners = values[keep], owners[keep]
        self.sizes = np.bincount(owners, minlength=len(split))
        self.starts = np.concatenate(([0], np.cumsum(self.sizes)[:-1])).astype(np.int64)
        self._sets: dict[int, frozenset[int]] = {}

    def __len__(self) -> int:
        return len(self.sizes)

    def set_of(self, index: int) -> frozenset[int]:
        found = self._sets.get(index)
        if found is None:
            start = int(self.starts[index])
            found = frozenset(self.values[start:start + int(self.sizes[index])].tolist())
            self._sets[index] = found
        return found


def _bands(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows): the most selective banding that keeps recall at the threshold."""
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        missed = (1 - threshold ** rows) ** bands
        if 1 - missed >= RECALL_AT_THRESHOLD:
            best = (bands, rows)
        else:
            break
    return best


def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """The affine maps ``h -> a * h + b (mod 2**32)``, ``a`` odd (a bijection), one per row.

    Drawn exactly as ``datasketch`` 2.x draws its default ``affine32`` scheme from the same
    seed, so signatures (and hence groups) are the ones it gave before it was replaced.
    """
    generator = np.random.RandomState(_SEED)  # the legacy generator: stable across numpy
    a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _hash32(values: np.ndarray) -> np.ndarray:
    """The first 4 bytes (little-endian) of the SHA-1 of each value's 8 bytes, MurmurHash3
    finalised (an avalanching bijection of 32-bit integers)."""
    sha1 = hashlib.sha1
    hashed = np.fromiter(
        (int.from_bytes(sha1(value.to_bytes(8, "little", signed=True)).digest()[:4], "little")
         for value in values.tolist()),
        dtype=np.uint32, count=len(values),
    )
    with np.errstate(over="ignore"):
        hashed ^= hashed >> np.uint32(16)
        hashed *= np.uint32(0x85EBCA6B)
        hashed ^= hashed >> np.uint32(13)
        hashed *= np.uint32(0xC2B2AE35)
        hashed ^= hashed >> np.uint32(16)
    return hashed


def _minhashes(shingled: _Shingled, num_perm: int = NUM_PERM) -> np.ndarray:
    """(texts, num_perm) MinHash signatures of the bigram sets, as ``uint32``.

    Each distinct bigram is hashed once; a text's signature is, per permutation, the least
    permuted hash of its bigrams (an empty set keeps the largest value).
    """
    a, b = _permutations(num_perm)
    distinct, inverse = np.unique(shingled.values, return_inverse=True)
    hashes = _hash32(distinct)[inverse]
    sizes, starts = shingled.sizes, shingled.starts
    signatures = np.full((len(sizes), num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    filled = np.flatnonzero(sizes > 0)
    # Texts in chunks of about _CHUNK bigrams: a (bigrams, num_perm) block stays small.
    bounds = np.cumsum(sizes[filled])
    first = 0
    with np.errstate(over="ignore"):
        while first < len(filled):
            done = int(bounds[first - 1]) if first else 0
            last = max(first + 1, int(np.searchsorted(bounds, done + _CHUNK, side="right")))
            rows = filled[first:last]
            begin = int(starts[rows[0]])
            end = int(starts[rows[-1]] + sizes[rows[-1]])
            permuted = hashes[begin:end, None] * a + b
            signatures[rows] = np.minimum.reduceat(permuted, starts[rows] - begin, axis=0)
            first = last
    return signatures


def _buckets(signatures: np.ndarray, bands: int, rows: int) -> Iterable[np.ndarray]:
    """Per band, the indices of texts whose rows of the band are equal (2 or more)."""
    rng = np.random.default_rng(_SEED + 1)
    mixers = rng.integers(1, 2**63, size=rows, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    with np.errstate(over="ignore"):
        for band in range(bands):
            part = signatures[:, band * rows:(band + 1) * rows]
            keys = (part * mixers).sum(axis=1, dtype=np.uint64)
            order = np.argsort(keys, kind="stable")
            ordered = keys[order]
            cuts = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
            bounds = np.concatenate(([0], cuts, [len(ordered)]))
            sizes = np.diff(bounds)
            for start, size in zip(bounds[:-1][sizes > 1], sizes[sizes > 1], strict=True):
                yield order[start:start + size]


def _link_candidates(shingled: _Shingled, threshold: float, union_find: _UnionFind) -> None:
    """Join the texts whose MinHash LSH buckets meet and whose exact similarity passes."""
    sizes = shingled.sizes.tolist()
    set_of = shingled.set_of
    checked: set[tuple[int, int]] = set()

    def close(i: int, j: int) -> bool:
        key = (i, j) if i < j else (j, i)
        if key in checked:
            return False
        checked.add(key)
        size_i, size_j = sizes[i], sizes[j]
        # The length filter: the Jaccard index is at most the smaller size over the larger.
        if size_i < threshold * size_j or size_j < threshold * size_i:
            return False
        common = len(set_of(i) & set_of(j))
        return common / (size_i + size_j - common) >= threshold

    bands, rows = _bands(threshold)
    for bucket in _buckets(_minhashes(shingled), bands, rows):
        # Members grouped by their component so far: a new member is compared with the
        # members of each other component until one is close enough, not with every member.
        by_root: dict[int, list[int]] = {}
        for item in bucket.tolist():
            root = union_find.find(item)
            joined = [root] if root in by_root else []
            for other_root in list(by_root):
                if other_root != root and any(close(item, other)
                                              for other in by_root[other_root]):
                    joined.append(other_root)
            if len(joined) > 1 or (joined and joined[0] != root):
                for other_root in joined:
                    union_find.union(item, other_root)
                lists = sorted((by_root.pop(key) for key in joined), key=len, reverse=True)
                merged = lists[0]
                for rest in lists[1:]:
                    merged.extend(rest)
                root = union_find.find(item)
                by_root[root] = merged
            by_root.setdefault(root, []).append(item)


def _link_all_pairs(shingled: _Shingled, threshold: float, union_find: _UnionFind) -> None:
    sizes = shingled.sizes.tolist()
    for i in range(len(sizes)):
        for j in range(i + 1, len(sizes)):
            if sizes[i] < threshold * sizes[j] or sizes[j] < threshold * sizes[i]:
                continue
            if _jaccard(shingled.set_of(i), shingled.set_of(j)) >= threshold:
                union_find.union(i, j)


def group_near_duplicates(texts: Sequence[str], threshold: float = 0.8, *,
                          exhaustive: bool | None = None) -> list[list[int]]:
    """Connected components (2 texts or more) of the "similarity ≥ threshold" graph.

    Each group is a sorted list of indices into ``texts``; groups are ordered by their first
    index. ``exhaustive`` forces (True) or forbids (False) comparing every pair of distinct
    texts; by default it is used only for few distinct texts.
    """
    if not 0 < threshold <= 1:
        raise ValueError("The threshold must be in (0, 1].")
    positions: dict[str, list[int]] = {}
    normalized: dict[str, str] = {}  # texts sent unchanged are normalised once
    for index, text in enumerate(texts):
        key = normalized.get(text)
        if key is None:
            key = normalized[text] = normalize(text)
        positions.setdefault(key, []).append(index)
    # The empty text (nothing but punctuation) is an exact duplicate of itself only.
    distinct = [text for text in positions if text]
    union_find = _UnionFind(len(distinct))
    if threshold >= 1 and len(distinct) > 1:
        # Similarity 1: the same word bigrams ("parc parc" and "parc parc parc" too).
        first_with: dict[frozenset[tuple[str, ...]], int] = {}
        for number, text in enumerate(distinct):
            union_find.union(first_with.setdefault(shingles(text), number), number)
    elif len(distinct) > 1:
        shingled = _Shingled(distinct)
        if exhaustive or (exhaustive is None and len(distinct) <= EXHAUSTIVE_LIMIT):
            _link_all_pairs(shingled, threshold, union_find)
        else:
            _link_candidates(shingled, threshold, union_find)
    members: dict[int, list[int]] = {}
    for number, text in enumerate(distinct):
        members.setdefault(union_find.find(number), []).extend(positions[text])
    groups = [sorted(group) for group in members.values() if len(group) > 1]
    if len(positions.get("", [])) > 1:
        groups.append(positions[""])
    return sorted(groups, key=lambda group: group[0])
