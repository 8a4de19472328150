"""Romanian and Polish ship complete: every interface string is translated, nothing fuzzy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[3]
LOCALES = ("ro", "pl")


def po_path(root: Path, language: str) -> Path:
    return root / "participa" / "locale" / language / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("language", LOCALES)
def test_it_has_no_empty_or_fuzzy_entry(language: str) -> None:
    catalog = polib.pofile(str(po_path(ROOT, language)))
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert len(catalog.translated_entries()) > 100
    assert untranslated == [], f"{language}: {len(untranslated)} untranslated: {untranslated[:20]}"
    assert fuzzy == [], f"{language}: {len(fuzzy)} fuzzy: {fuzzy[:20]}"


PLURAL_FORMS = {"ro": 3, "pl": 4}


@pytest.mark.parametrize("language", LOCALES)
def test_every_plural_has_all_the_forms_of_its_language(language: str) -> None:
    # Polish needs four forms (the fourth for fractions), Romanian three: gettext refuses
    # (msgfmt --check) a catalogue with fewer, and the missing form would show empty.
    catalog = polib.pofile(str(po_path(ROOT, language)))
    short = [entry.msgid for entry in catalog if entry.msgid_plural and not entry.obsolete
             and sorted(entry.msgstr_plural) != list(range(PLURAL_FORMS[language]))]
    assert short == []


@pytest.mark.parametrize("language", LOCALES)
def test_it_ships_compiled_catalogs_matching_the_po_files(language: str) -> None:
    po = polib.pofile(str(po_path(ROOT, language)))
    mo = polib.mofile(str(po_path(ROOT, language).with_suffix(".mo")))
    compiled = {(entry.msgctxt, entry.msgid): entry for entry in mo}
    stale = [
        entry.msgid
        for entry in po.translated_entries()
        if (entry.msgctxt, entry.msgid) not in compiled
        or compiled[(entry.msgctxt, entry.msgid)].msgstr != entry.msgstr
        or compiled[(entry.msgctxt, entry.msgid)].msgstr_plural != entry.msgstr_plural
    ]
    assert stale == [], f"{language}: run `make messages`; stale: {stale[:10]}"


def test_it_has_a_translation_for_every_string_in_the_code(tmp_path: Path) -> None:
    """Extract the strings again (makemessages on a copy of the tree): nothing may be missing."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (xgettext) is required in CI")
        pytest.skip("GNU gettext (xgettext) is not installed: cannot re-extract strings")
    for name in ("participa", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "lib"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    env = {**os.environ, "SECRET_KEY": "x", "DEBUG": "1", "DATABASE_URL": "sqlite:///:memory:",
           "PYTHONPATH": str(tmp_path)}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--no-obsolete", "--no-location",
         *[arg for language in LOCALES for arg in ("-l", language)]],
        cwd=tmp_path, env=env, check=True, capture_output=True,
    )
    for language in LOCALES:
        catalog = polib.pofile(str(po_path(tmp_path, language)))
        missing = [entry.msgid for entry in catalog.untranslated_entries()]
        fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
        assert missing == [], (
            f"{language}: not translated yet (run `make messages`): {missing[:20]}"
        )
        assert fuzzy == [], f"{language}: fuzzy after extraction: {fuzzy[:20]}"
