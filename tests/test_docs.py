"""The documentation names only what exists, so that it cannot drift from the code unnoticed.

Checked in README.md and docs/*.md: every repository path (``participa/…``, ``tests/…``,
``bench/…``, ``docs/…``) and every relative link points at a file or folder of the repository;
every dotted ``participa.x.y`` name in code (backticks or code blocks) is a module, or an
attribute of one; every code block marked ``<!-- quoted from PATH -->`` is a verbatim part of
PATH; and every code name docs/components.md mentions occurs in the sources.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# A path starting at the repository root; a placeholder (``participa/<app>/tests/``) ends it.
# Not preceded by a word, a dot or a slash, so that ``/srv/participa/media/`` is not one.
PATH = re.compile(r"(?<![\w./-])((?:participa|tests|bench|docs)/[\w./-]*)")
LINK = re.compile(r"\]\(([^)\s]+)\)")
CODE = re.compile(r"^```[^\n]*\n(.*?)^```|`([^`\n]+)`", re.MULTILINE | re.DOTALL)
DOTTED = re.compile(r"(?<![\w.@/-])participa(?:\.[A-Za-z_]\w*)+")
QUOTE = re.compile(r"<!-- quoted from (\S+) -->\n```[^\n]*\n(.*?)^```",
                   re.MULTILINE | re.DOTALL)
# A code name: one identifier with an underscore or in CamelCase (``record`` or ``SPEC`` alone
# are too common to tell anything).
CODE_NAME = re.compile(r"[A-Za-z_]\w*")


def _doc_ids(docs: list[Path]) -> list[str]:
    return [str(doc.relative_to(ROOT)) for doc in docs]


def _code(text: str) -> list[str]:
    """The inline code spans and code blocks of a Markdown text."""
    return [block or span for block, span in CODE.findall(text)]


def _example_host(name: str) -> bool:
    """``participa.example.ro``: a host name of the examples, not a Python name."""
    return "example" in name.split(".")


def resolves(name: str) -> bool:
    """Whether ``name`` is a module of the repository, or an attribute path inside one."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        module_name = ".".join(parts[:cut])
        try:
            found = importlib.util.find_spec(module_name)
        except ModuleNotFoundError:  # a parent is a module, not a package
            found = None
        if found is None:
            continue
        if cut == len(parts):
            return True
        target: object = importlib.import_module(module_name)
        for attribute in parts[cut:]:
            if not hasattr(target, attribute):
                return False
            target = getattr(target, attribute)
        return True
    return False


@pytest.mark.parametrize("doc", DOCS, ids=_doc_ids(DOCS))
def test_every_path_named_exists(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    missing = sorted({path for path in (match.rstrip(".,:;") for match in PATH.findall(text))
                      if not (ROOT / path).exists()})
    assert missing == []


@pytest.mark.parametrize("doc", DOCS, ids=_doc_ids(DOCS))
def test_every_relative_link_exists(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    targets = {target.split("#")[0] for target in LINK.findall(text)
               if "://" not in target and not target.startswith(("#", "mailto:"))}
    missing = sorted(target for target in targets if not (doc.parent / target).exists())
    assert missing == []


@pytest.mark.parametrize("doc", DOCS, ids=_doc_ids(DOCS))
def test_every_dotted_participa_name_exists(doc: Path) -> None:
    names = {name for code in _code(doc.read_text(encoding="utf-8"))
             for name in DOTTED.findall(code) if not _example_host(name)}
    unknown = sorted(name for name in names if not resolves(name))
    assert unknown == []


@pytest.mark.parametrize("doc", DOCS, ids=_doc_ids(DOCS))
def test_every_quoted_block_is_a_verbatim_part_of_its_file(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    changed = sorted(path for path, block in QUOTE.findall(text)
                     if block not in (ROOT / path).read_text(encoding="utf-8"))
    assert changed == []


@cache
def _sources() -> str:
    files = [*ROOT.joinpath("participa").rglob("*.py"), *ROOT.joinpath("participa").rglob("*.html"),
             *ROOT.joinpath("tests").rglob("*.py"), *ROOT.joinpath("templates").rglob("*.html")]
    return "\n".join(path.read_text(encoding="utf-8") for path in files
                     if ".venv" not in path.parts and path.name != "test_docs.py")


def _is_code_name(span: str) -> bool:
    return bool(CODE_NAME.fullmatch(span)) and (
        "_" in span.strip("_") or re.search(r"[a-z][A-Z]", span) is not None)


def test_every_code_name_of_the_components_guide_exists() -> None:
    text = (ROOT / "docs" / "components.md").read_text(encoding="utf-8")
    names = {span for span in re.findall(r"`([^`\n]+)`", text) if _is_code_name(span)}
    sources = _sources()
    unknown = sorted(name for name in names
                     if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", sources) is None)
    assert unknown == []
    assert len(names) > 50  # the guide does name code: the check is not empty


def test_the_checks_catch_what_does_not_exist() -> None:
    assert resolves("participa.spaces.registry.ItemSpec")
    assert resolves("participa.lib.pb")
    assert not resolves("participa.components.registry")
    assert not resolves("participa.spaces.registry.NoSuchName")
    assert PATH.findall("see participa/components/registry.py.") == [
        "participa/components/registry.py."]
    assert not (ROOT / "participa/components/registry.py").exists()
    assert PATH.findall("/srv/participa/media/ and ./participa/lib/pb") == []
    assert DOTTED.findall("`python -m participa.lib.pb verify`") == ["participa.lib.pb"]
    assert _example_host("participa.example.ro")
    assert _is_code_name("apply_service_errors") and _is_code_name("ItemSpec")
    assert not _is_code_name("record") and not _is_code_name("can_<verb>_<thing>")


def test_the_readme_links_every_document() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    linked = set(LINK.findall(readme))
    unlinked = sorted(str(doc.relative_to(ROOT)) for doc in DOCS[1:]
                      if str(doc.relative_to(ROOT)) not in linked)
    assert unlinked == []
