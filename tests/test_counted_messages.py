"""Counted messages go through ngettext (Python) or ``blocktranslate count`` (templates).

"1 messages registered" reads wrong in English, and Romanian and Polish have three plural forms
each: a message that puts a number before a word must let the translator choose the form.

The rule, built for few false positives:

* A placeholder is a **number** when its name says so (``count``, ``n``, ``num``, ``total``,
  ``*_count``, ``number_of_*``, a plural unit of time such as ``seconds``), when it is formatted
  with ``%d``/``%i`` (except dates: ``year``, ``month``, ``day``, ``hour``, ``minute``), or when the
  value given to it is a number: ``len(...)``, ``sum(...)``, ``x.count(...)``, an integer literal,
  ``|length``, or an attribute of a progress, counts, stats or totals object.
* A message breaks the rule when such a number is followed by a word ("%(count)s characters",
  "{{ total }} rows") and it is a plain gettext call or a ``blocktranslate`` without ``count``.
  "Page %(number)s of %(total)s" passes: nothing follows the total, "of" and "to" start a
  range's other end, and a registration number ("Contribution %(number)s") is a name, not a
  quantity.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

GETTEXT = {"gettext", "gettext_lazy", "_", "pgettext", "pgettext_lazy", "gettext_noop"}
COUNT_NAME = re.compile(
    r"^(n|count|counter|total|num|\w+_count|count_\w+|\w+_total|number_of_\w+"
    r"|seconds|minutes|hours|days|weeks|months|years)$"
)
DATE_NAME = re.compile(r"^(year|month|day|hour|minute|second)$")
NUMERIC_EXPRESSION = re.compile(
    r"\|length\b|\.count\b|\b(progress|counts?|stats|totals?)\b|^\d+$"
)
PY_PLACEHOLDER = re.compile(r"%\((?P<name>\w+)\)(?P<kind>[sdi])|\{(?P<brace>\w+)\}|%(?P<bare>[di])")
TEMPLATE_BLOCK = re.compile(
    r"\{%-?\s*(?:blocktrans|blocktranslate)\b(?P<args>.*?)%\}(?P<body>.*?)"
    r"\{%-?\s*end(?:blocktrans|blocktranslate)\s*-?%\}",
    re.S,
)
TEMPLATE_VAR = re.compile(r"\{\{\s*(?P<name>\w+)\s*\}\}")
WITH_BINDING = re.compile(r"(\w+)=(\"[^\"]*\"|'[^']*'|\S+)")
# "2 of 5 rows", "characters 3 to 7": the bound of a range is not what is counted.
FOLLOWED_BY_WORD = re.compile(r"\s+(?!(?:of|to)\b)[^\W\d_]")


# --- Python --------------------------------------------------------------------------------

def _numeric_value(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int) and not isinstance(node.value, bool)
    if isinstance(node, ast.Call):
        function = node.func
        if isinstance(function, ast.Name):
            return function.id in {"len", "sum"}
        return isinstance(function, ast.Attribute) and function.attr == "count"
    name = node.id if isinstance(node, ast.Name) else (
        node.attr if isinstance(node, ast.Attribute) else "")
    return bool(COUNT_NAME.match(name))


def _msgid(node: ast.AST) -> str | None:
    if not isinstance(node, ast.Call) or not node.args:
        return None
    function = node.func
    name = function.id if isinstance(function, ast.Name) else (
        function.attr if isinstance(function, ast.Attribute) else "")
    if name not in GETTEXT:
        return None
    argument = node.args[1] if name.startswith("pgettext") and len(node.args) > 1 else node.args[0]
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return argument.value
    return None


def _values(node: ast.AST) -> dict[int, dict[str, ast.expr]]:
    """Per gettext call (by id), the values given to its placeholders by ``%`` or format()."""
    given: dict[int, dict[str, ast.expr]] = {}
    for parent in ast.walk(node):
        if (isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Mod)
                and isinstance(parent.right, ast.Dict)):
            given[id(parent.left)] = {
                key.value: value for key, value in zip(parent.right.keys, parent.right.values,
                                                       strict=True)
                if isinstance(key, ast.Constant) and isinstance(key.value, str)
            }
        elif (isinstance(parent, ast.Call) and isinstance(parent.func, ast.Attribute)
              and parent.func.attr == "format"):
            given[id(parent.func.value)] = {
                keyword.arg: keyword.value for keyword in parent.keywords if keyword.arg
            }
    return given


def python_violations(source: str) -> list[tuple[int, str]]:
    """(line, msgid) of every plain gettext call whose msgid counts something."""
    tree = ast.parse(source)
    given = _values(tree)
    found = []
    for node in ast.walk(tree):
        text = _msgid(node)
        if text is None or not isinstance(node, ast.Call):
            continue
        values = given.get(id(node), {})
        for match in PY_PLACEHOLDER.finditer(text):
            name = match["name"] or match["brace"] or ""
            kind = match["kind"] or match["bare"] or "s"
            number = (bool(COUNT_NAME.match(name))
                      or (kind in "di" and not DATE_NAME.match(name))
                      or (name in values and _numeric_value(values[name])))
            if number and FOLLOWED_BY_WORD.match(text, match.end()):
                found.append((node.lineno, text))
                break
    return sorted(found)


# --- Templates -----------------------------------------------------------------------------

def template_violations(source: str) -> list[tuple[int, str]]:
    """(line, text) of every ``blocktranslate`` without ``count`` whose text counts something."""
    found = []
    for block in TEMPLATE_BLOCK.finditer(source):
        arguments, body = block["args"], block["body"]
        if re.search(r"\bcount\b", arguments):
            continue
        bound = dict(WITH_BINDING.findall(arguments))
        for variable in TEMPLATE_VAR.finditer(body):
            name = variable["name"]
            number = (bool(COUNT_NAME.match(name))
                      or bool(NUMERIC_EXPRESSION.search(bound.get(name, ""))))
            if number and FOLLOWED_BY_WORD.match(body, variable.end()):
                found.append((source.count("\n", 0, block.start()) + 1, body.strip()))
                break
    return found


# --- The sources ---------------------------------------------------------------------------

def _python_files() -> Iterator[Path]:
    for path in sorted((ROOT / "participa").rglob("*.py")):
        parts = set(path.relative_to(ROOT).parts)
        if not parts & {"tests", "migrations", "lib"}:
            yield path


def _template_files() -> Iterator[Path]:
    for folder in (ROOT / "participa", ROOT / "templates"):
        for path in sorted(folder.rglob("*")):
            if path.suffix in {".html", ".txt"} and "templates" in path.relative_to(ROOT).parts:
                yield path


def test_it_scans_the_python_sources_and_the_templates():
    python = [path.relative_to(ROOT).as_posix() for path in _python_files()]
    templates = [path.relative_to(ROOT).as_posix() for path in _template_files()]
    assert "participa/core/org_services.py" in python
    assert "templates/includes/pagination.html" in templates
    assert not any("/tests/" in path or "/lib/" in path for path in python)


def test_no_counted_message_goes_without_ngettext():
    found = [f"{path.relative_to(ROOT)}:{line}: {text}"
             for path in _python_files()
             for line, text in python_violations(path.read_text(encoding="utf-8"))]
    found += [f"{path.relative_to(ROOT)}:{line}: {text}"
              for path in _template_files()
              for line, text in template_violations(path.read_text(encoding="utf-8"))]
    assert found == []


# --- The rule itself -----------------------------------------------------------------------

def test_the_rule_catches_counts_in_python():
    source = '\n'.join([
        'a = _("%(count)s messages registered.") % {"count": n}',
        'b = gettext_lazy("Use at most %(count)s characters.")',
        'c = _("%(done)s rows exported.") % {"done": len(rows)}',
        'd = _("%d files") % 3',
        'e = _("{n} people were notified").format(n=people)',
        'f = pgettext("mail", "%(pending)s waiting") % {"pending": queue.count()}',
    ])
    assert python_violations(source) == [
        (1, "%(count)s messages registered."),
        (2, "Use at most %(count)s characters."),
        (3, "%(done)s rows exported."),
        (4, "%d files"),
        (5, "{n} people were notified"),
        (6, "%(pending)s waiting"),
    ]


def test_the_rule_lets_names_numbers_and_plurals_pass_in_python():
    source = '\n'.join([
        'a = _("Contribution %(number)s was saved.") % {"number": c.number}',
        'b = _("Page %(number)s of %(total)s") % {"number": page.number, "total": 3}',
        'c = ngettext("%(count)s message", "%(count)s messages", n) % {"count": n}',
        'd = _("%(name)s is blocked.") % {"name": user.name}',
        'e = _("Annual report %(year)d: %(name)s") % {"year": 2026, "name": org}',
        'f = _("Characters left: %(count)s")',
        'g = _("characters %(start)d to %(end)d")',
    ])
    assert python_violations(source) == []


def test_the_rule_catches_counts_in_templates():
    source = "\n".join([
        "{% blocktranslate with done=report.progress total=report.total %}"
        "{{ done }} of {{ total }} rows{% endblocktranslate %}",
        "{% blocktranslate with seconds=refresh_seconds %}every {{ seconds }} seconds"
        "{% endblocktranslate %}",
        "{% blocktrans with n=items|length %}{{ n }} items{% endblocktrans %}",
        "{% blocktranslate with pending=progress.pending %}{{ pending }} waiting"
        "{% endblocktranslate %}",
    ])
    assert [line for line, _ in template_violations(source)] == [1, 2, 3, 4]


def test_the_rule_lets_names_numbers_and_plurals_pass_in_templates():
    source = "\n".join([
        "{% blocktranslate with number=page_obj.number total=page_obj.paginator.num_pages %}"
        "Page {{ number }} of {{ total }}{% endblocktranslate %}",
        "{% blocktranslate with number=c.number %}Contribution {{ number }} saved"
        "{% endblocktranslate %}",
        "{% blocktranslate count counter=items|length %}{{ counter }} item{% plural %}"
        "{{ counter }} items{% endblocktranslate %}",
        "{% blocktranslate with year=year %}Download the {{ year }} report{% endblocktranslate %}",
    ])
    assert template_violations(source) == []
