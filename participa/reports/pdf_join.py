"""Join tagged PDFs written by WeasyPrint (the chunks of a long report, see
``participa.reports.pdf``) into one tagged PDF (PDF/UA-1), in memory bounded by one part whatever
the number of parts.

pikepdf (qpdf) reads each part; its objects are written straight to the output with new
numbers, and the part is closed before the next one is opened. Only small lists of numbers
grow with the report (the object offsets, the pages, the top structure elements, the
parent-tree keys), never the objects themselves: joining them in a qpdf document held every
part's objects in memory (about 17 structure elements per contribution), which grew with the
report.

The first part gives the catalogue (language, MarkInfo, viewer preferences, the metadata with
the PDF/UA identifier) and the document information. The top structure elements of every
part become children of one /Document element; each part's parent-tree keys (the pages'
/StructParents, the annotations' /StructParent) are shifted after the keys already used. The
outline is built once from every part's bookmarks, and the page labels count on from 1.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import pikepdf

ObjGen = tuple[int, int]


@dataclass(frozen=True)
class Bookmark:
    """One outline entry: a heading on a page (0-based) at (x, y) points from bottom-left."""

    level: int
    label: str
    page: int
    x: float
    y: float
    closed: bool = False


@dataclass
class _OutlineNode:
    bookmark: Bookmark
    children: list[_OutlineNode] = field(default_factory=list)
    number: int = 0


def _number(value: float | Decimal) -> bytes:
    text = format(Decimal(str(value)).normalize(), "f") if not isinstance(value, int) else \
        str(value)
    return text.encode()


def _string(text: str) -> bytes:
    """A PDF text string (UTF-16BE with a byte-order mark), hexadecimal."""
    return b"<feff" + text.encode("utf-16-be").hex().encode() + b">"


class _Output:
    """Objects written in order to a file, their offsets kept for the cross-reference table."""

    def __init__(self, file: IO[bytes], version: str) -> None:
        self.file = file
        self.offsets = array("q", [0])
        file.write(b"%PDF-" + version.encode() + b"\n%\xe2\xe3\xcf\xd3\n")

    def reserve(self) -> int:
        self.offsets.append(0)
        return len(self.offsets) - 1

    def write(self, number: int, body: bytes, stream: bytes | None = None) -> None:
        self.offsets[number] = self.file.tell()
        self.file.write(b"%d 0 obj\n" % number)
        self.file.write(body)
        if stream is not None:
            self.file.write(b"\nstream\n")
            self.file.write(stream)
            self.file.write(b"\nendstream")
        self.file.write(b"\nendobj\n")

    def finish(self, trailer: bytes) -> None:
        start = self.file.tell()
        self.file.write(b"xref\n0 %d\n0000000000 65535 f \n" % len(self.offsets))
        for offset in self.offsets[1:]:
            self.file.write(b"%010d 00000 n \n" % offset if offset else
                            b"0000000000 65535 f \n")
        self.file.write(b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % start)


class _Part:
    """Serializes the objects of one part with the output's numbers."""

    def __init__(self, numbers: dict[ObjGen, int], shift: int) -> None:
        self.numbers = numbers
        self.shift = shift

    def ref(self, objgen: ObjGen) -> bytes:
        return b"%d 0 R" % self.numbers[objgen]

    def value(self, value: Any) -> bytes:
        if isinstance(value, bool):
            return b"true" if value else b"false"
        if isinstance(value, int | float | Decimal):
            return _number(value)
        if value is None:
            return b"null"
        if value.is_indirect:
            return self.ref(value.objgen)
        if isinstance(value, pikepdf.Array):
            return b"[" + b" ".join(self.value(item) for item in value) + b"]"
        if isinstance(value, pikepdf.Dictionary):
            return self.dictionary(value)
        return bytes(value.unparse())

    def body(self, obj: Any) -> bytes:
        """An indirect object's own content (not a reference to it)."""
        if isinstance(obj, pikepdf.Dictionary):
            return self.dictionary(obj)
        if isinstance(obj, pikepdf.Array):
            return b"[" + b" ".join(self.value(item) for item in obj) + b"]"
        return bytes(obj.unparse())

    def dictionary(self, value: Any, *, skip: Sequence[str] = (),
                   extra: bytes = b"") -> bytes:
        parts = [b"<<"]
        for key, item in value.items():
            if key in skip:
                continue
            name = bytes(pikepdf.Name(key).unparse())
            if key in ("/StructParents", "/StructParent") and isinstance(item, int):
                parts.append(name + b" " + _number(item + self.shift))
            else:
                parts.append(name + b" " + self.value(item))
        if extra:
            parts.append(extra)
        parts.append(b">>")
        return b" ".join(parts)


def _outline_objects(root: int, nodes: list[_OutlineNode], out: _Output,
                     pages: array[int]) -> int:
    """Write the outline items under ``root``; returns how many of them are visible."""
    for node in nodes:
        node.number = out.reserve()
    visible = 0
    for index, node in enumerate(nodes):
        mark = node.bookmark
        below = _outline_objects(node.number, node.children, out, pages)
        entries = [b"/Title " + _string(mark.label), b"/Parent %d 0 R" % root,
                   b"/Dest [%d 0 R /XYZ %s %s 0]" % (pages[mark.page], _number(mark.x),
                                                      _number(mark.y))]
        if index:
            entries.append(b"/Prev %d 0 R" % nodes[index - 1].number)
        if index + 1 < len(nodes):
            entries.append(b"/Next %d 0 R" % nodes[index + 1].number)
        if node.children:
            entries += [b"/First %d 0 R" % node.children[0].number,
                        b"/Last %d 0 R" % node.children[-1].number,
                        b"/Count %d" % (-below if mark.closed else below)]
        out.write(node.number, b"<< " + b" ".join(entries) + b" >>")
        visible += 1 + (0 if mark.closed else below)
    return visible


def _nest(bookmarks: list[Bookmark]) -> list[_OutlineNode]:
    """The bookmarks nested by level (a heading holds the lower-level headings after it)."""
    roots: list[_OutlineNode] = []
    stack: list[_OutlineNode] = []
    for mark in bookmarks:
        node = _OutlineNode(mark)
        while stack and stack[-1].bookmark.level >= mark.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots


def _outline_items(outlines: Any) -> list[ObjGen]:
    """The object numbers of a part's outline items (left out: the outline is rebuilt)."""
    found: list[ObjGen] = []
    todo = [outlines.get("/First")] if outlines is not None else []
    while todo:
        item = todo.pop()
        if item is None or item.objgen in found:
            continue
        found.append(item.objgen)
        todo += [item.get("/Next"), item.get("/First")]
    return found


def join_pdf_parts(parts: list[Path], bookmarks: list[Bookmark], target: Path, *,
                   on_part: Callable[[int], None] | None = None) -> None:
    """Join ``parts`` (tagged PDFs from WeasyPrint) into one tagged PDF at ``target``."""
    with target.open("wb") as file:
        first = pikepdf.open(parts[0])
        out = _Output(file, first.pdf_version)
        first.close()
        catalog, pages_root, tree_root, document, parent_tree, outline_root, info = (
            out.reserve() for _ in range(7))
        pages = array("q")
        document_kids = array("q")
        parent_keys: list[tuple[int, int]] = []
        next_key = 0
        head: dict[str, bytes] = {}
        for index, path in enumerate(parts):
            with pikepdf.open(path) as pdf:
                root = pdf.Root
                tree = root.StructTreeRoot
                top = tree.K[0] if isinstance(tree.K, pikepdf.Array) else tree.K
                numbers: dict[ObjGen, int] = {
                    root.Pages.objgen: pages_root, tree.objgen: tree_root,
                    top.objgen: document}
                left_out = {root.objgen, *_outline_items(root.get("/Outlines"))}
                for name in ("/Outlines", "/PageLabels"):
                    if name in root and root[name].is_indirect:
                        left_out.add(root[name].objgen)
                if tree.ParentTree.is_indirect:
                    left_out.add(tree.ParentTree.objgen)
                if "/Info" in pdf.trailer and pdf.trailer.Info.is_indirect:
                    left_out.add(pdf.trailer.Info.objgen)
                if index and "/Metadata" in root:
                    left_out.add(root.Metadata.objgen)
                objects = []
                for obj in pdf.objects:
                    if obj.objgen in numbers or obj.objgen in left_out or obj.objgen[0] == 0:
                        continue
                    if isinstance(obj, pikepdf.Stream) and \
                            obj.stream_dict.get("/Type") in ("/ObjStm", "/XRef"):
                        continue
                    numbers[obj.objgen] = out.reserve()
                    objects.append(obj)
                part = _Part(numbers, next_key)
                for obj in objects:
                    if isinstance(obj, pikepdf.Stream):
                        raw = obj.read_raw_bytes()
                        body = part.dictionary(obj.stream_dict, skip=("/Length",),
                                               extra=b"/Length %d" % len(raw))
                        out.write(numbers[obj.objgen], body, raw)
                    else:
                        out.write(numbers[obj.objgen], part.body(obj))
                pages.extend(numbers[page.obj.objgen] for page in pdf.pages)
                kids = top.K if isinstance(top.K, pikepdf.Array) else [top.K]
                for kid in kids:
                    if isinstance(kid, pikepdf.Dictionary) and kid.is_indirect:
                        document_kids.append(numbers[kid.objgen])
                nums = tree.ParentTree.Nums
                for i in range(0, len(nums), 2):
                    key = int(nums[i]) + part.shift
                    value = nums[i + 1]
                    if value.is_indirect:
                        number = numbers[value.objgen]
                    else:  # an array of elements: an object of its own
                        number = out.reserve()
                        out.write(number, part.value(value))
                    parent_keys.append((key, number))
                    next_key = max(next_key, key + 1)
                if index == 0:
                    head["catalog"] = part.dictionary(root, skip=(
                        "/Pages", "/StructTreeRoot", "/Outlines", "/PageLabels"))[2:-2]
                    head["tree"] = part.dictionary(tree, skip=(
                        "/K", "/ParentTree", "/ParentTreeNextKey"))[2:-2]
                    head["document"] = part.dictionary(top, skip=("/K", "/P"))[2:-2]
                    trailer_info = pdf.trailer.get("/Info")
                    head["info"] = (part.dictionary(trailer_info) if trailer_info is not None
                                    else b"<< >>")
            if on_part is not None:
                on_part(index)

        out.write(pages_root, b"<< /Type /Pages /Count %d /Kids [%s] >>" % (
            len(pages), b" ".join(b"%d 0 R" % number for number in pages)))
        out.write(document, b"<<" + head["document"] + b" /P %d 0 R /K [%s] >>" % (
            tree_root, b" ".join(b"%d 0 R" % number for number in document_kids)))
        out.write(parent_tree, b"<< /Nums [%s] >>" % b" ".join(
            b"%d %d 0 R" % pair for pair in sorted(parent_keys)))
        out.write(tree_root, b"<<" + head["tree"] + (
            b" /K [%d 0 R] /ParentTree %d 0 R /ParentTreeNextKey %d >>"
            % (document, parent_tree, next_key)))
        nodes = _nest(bookmarks)
        visible = _outline_objects(outline_root, nodes, out, pages)
        outline = [b"/Type /Outlines", b"/Count %d" % visible]
        if nodes:
            outline += [b"/First %d 0 R" % nodes[0].number, b"/Last %d 0 R" % nodes[-1].number]
        out.write(outline_root, b"<< " + b" ".join(outline) + b" >>")
        out.write(catalog, b"<<" + head["catalog"] + (
            b" /Pages %d 0 R /StructTreeRoot %d 0 R /Outlines %d 0 R"
            b" /PageLabels << /Nums [0 << /S /D >>] >> >>" % (pages_root, tree_root,
                                                                outline_root)))
        out.write(info, head["info"])
        identifier = hashlib.md5(  # noqa: S324 - a file identifier, not security
            b"%d:%d:%s" % (len(pages), len(out.offsets), target.name.encode())).hexdigest()
        out.finish(b"<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>" % (
            len(out.offsets), catalog, info, identifier.encode(), identifier.encode()))
