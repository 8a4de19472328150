"""Recall and precision of the redaction library on the hand-labelled corpus.

Per kind, recall = labelled entities fully covered by detected spans / labelled entities.
Precision = detected spans overlapping a labelled entity of any kind / detected spans.
Two sets: ``tuning`` (``<lang>.jsonl``, written alongside the detectors) and ``heldout``
(``heldout_<lang>.jsonl``, written afterwards by someone who never read the detection code and
never used to tune it). The held-out figures are the honest ones.
Run: ``python -m participa.lib.redaction.evaluate [--errors] [--heldout]``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from participa.lib.redaction import KINDS, Span, find

CORPUS = Path(__file__).parent / "corpus"
LANGUAGES = ("ro", "pl", "en")
TARGET_RECALL = {"email": 0.99, "phone": 0.99, "national_id": 0.99, "iban": 0.99, "url": 0.99,
                 "address": 0.95, "name": 0.95}
TARGET_PRECISION = 0.95


SETS = ("tuning", "heldout")


def load(lang: str, corpus: str = "tuning") -> list[dict[str, Any]]:
    name = f"{lang}.jsonl" if corpus == "tuning" else f"heldout_{lang}.jsonl"
    with open(CORPUS / name, encoding="utf-8") as source:
        return [json.loads(line) for line in source if line.strip()]


def load_all(languages: Iterable[str] = LANGUAGES,
             corpus: str = "tuning") -> list[dict[str, Any]]:
    return [record for lang in languages for record in load(lang, corpus)]


@dataclass
class Score:
    labelled: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    covered: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    detected: int = 0
    correct: int = 0
    missed: list[tuple[str, str, str]] = field(default_factory=list)
    spurious: list[tuple[str, str, str]] = field(default_factory=list)

    def recall(self, kind: str) -> float | None:
        return self.covered[kind] / self.labelled[kind] if self.labelled[kind] else None

    def recall_all(self) -> float:
        total = sum(self.labelled.values())
        return sum(self.covered.values()) / total if total else 1.0

    def precision(self) -> float:
        return self.correct / self.detected if self.detected else 1.0


def _covered(start: int, end: int, spans: Sequence[Span]) -> bool:
    """Every character of [start, end) lies inside a detected span."""
    position = start
    for span in spans:
        if span.start <= position < span.end:
            position = span.end
            if position >= end:
                return True
    return position >= end


def score(records: Iterable[dict[str, Any]]) -> Score:
    result = Score()
    for record in records:
        text = record["text"]
        spans = sorted(find(text, lang=record["lang"], names=record.get("names", []),
                            officials=record.get("officials", [])))
        entities = record["entities"]
        for entity in entities:
            kind = entity["kind"]
            result.labelled[kind] += 1
            if _covered(entity["start"], entity["end"], spans):
                result.covered[kind] += 1
            else:
                result.missed.append((record["id"], kind, text[entity["start"]:entity["end"]]))
        for span in spans:
            result.detected += 1
            if any(span.start < e["end"] and e["start"] < span.end for e in entities):
                result.correct += 1
            else:
                result.spurious.append((record["id"], span.kind, text[span.start:span.end]))
    return result


def report(languages: Sequence[str] = LANGUAGES, errors: bool = False,
           corpus: str = "tuning") -> str:
    lines = [f"{corpus} corpus"]
    header = f"{'':6}" + "".join(f"{kind:>12}" for kind in KINDS) + f"{'all':>8}{'precision':>11}"
    lines.append("recall per kind (labelled entities in brackets)")
    lines.append(header)
    groups = [(lang, [lang]) for lang in languages] + [("all", list(languages))]
    for label, langs in groups:
        result = score(load_all(langs, corpus))
        cells = []
        for kind in KINDS:
            value = result.recall(kind)
            cell = "-" if value is None else f"{value:.3f}({result.labelled[kind]})"
            cells.append(f"{cell:>12}")
        lines.append(f"{label:6}" + "".join(cells) + f"{result.recall_all():8.3f}"
                     f"{result.precision():11.3f}")
        if errors and label == "all":
            for item in result.missed:
                lines.append(f"  missed   {item}")
            for item in result.spurious:
                lines.append(f"  spurious {item}")
    return "\n".join(lines)


def main(argv: Sequence[str] = ()) -> None:
    print(report(errors="--errors" in argv,
                 corpus="heldout" if "--heldout" in argv else "tuning"))


if __name__ == "__main__":
    main(sys.argv[1:])
