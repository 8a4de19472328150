"""Convert the hand-written marker files (``<lang>.txt``) into ``<lang>.jsonl`` with offsets.

The marker files hold contributions written by hand, one after the other::

    # ro-001 | names: Ion Popescu; I. Popescu | officials: Dominic Fritz
    Text of the contribution, where personal data is marked [[name:Ion Popescu]],
    [[email:ion@example.ro]], [[phone:0722 123 456]], [[id:1850702325803]],
    [[iban:RO78 BTRL ...]], [[addr:Str. Florilor nr. 3]] or [[url:facebook.com/ion]].

This script only removes the markers and records where each marked piece starts and ends;
it never looks for personal data itself. ``officials`` are public officials named in the text
acting in office: by default their names stay, so they are not marked.
Run: ``python -m participa.lib.redaction.corpus.build``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).parent
KINDS = {"name": "name", "email": "email", "phone": "phone", "id": "national_id",
         "iban": "iban", "addr": "address", "url": "url"}
_MARK = re.compile(r"\[\[(\w+):(.+?)\]\]", re.DOTALL)
_HEADER = re.compile(r"^# (?P<id>[a-z]{2}-\d{3}) \|(?: names: (?P<names>[^|]*?))?"
                     r"(?:[ \t]*\|?[ \t]*officials: (?P<officials>.*))?$")


def convert(source: str, lang: str) -> list[dict[str, object]]:
    records: list[dict[str, object]] = []
    current: dict[str, object] | None = None
    lines: list[str] = []

    def close() -> None:
        if current is None:
            return
        marked = "\n".join(lines).strip("\n")
        text_parts: list[str] = []
        entities: list[dict[str, object]] = []
        position = 0
        length = 0
        for match in _MARK.finditer(marked):
            before = marked[position:match.start()]
            text_parts.append(before)
            length += len(before)
            kind = KINDS[match.group(1)]
            value = match.group(2)
            entities.append({"start": length, "end": length + len(value), "kind": kind})
            text_parts.append(value)
            length += len(value)
            position = match.end()
        text_parts.append(marked[position:])
        current["text"] = "".join(text_parts)
        current["entities"] = entities
        records.append(current)

    for line in source.splitlines():
        header = _HEADER.match(line)
        if header:
            close()
            names = [n.strip() for n in (header.group("names") or "").split(";") if n.strip()]
            officials = [n.strip() for n in (header.group("officials") or "").split(";")
                         if n.strip()]
            current = {"id": header.group("id"), "lang": lang, "text": "", "names": names,
                       "entities": []}
            if officials:
                current["officials"] = officials
            lines = []
        elif current is not None:
            lines.append(line)
    close()
    return records


def main() -> None:
    for source in sorted([*HERE.glob("??.txt"), *HERE.glob("heldout_??.txt")]):
        lang = source.stem[-2:]
        records = convert(source.read_text(encoding="utf-8"), lang)
        ids = [record["id"] for record in records]
        assert len(ids) == len(set(ids)), "duplicate ids in " + source.name
        with open(HERE / f"{source.stem}.jsonl", "w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"{source.name}: {len(records)} contributions")


if __name__ == "__main__":
    main()
