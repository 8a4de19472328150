"""Romanian and Polish wording the walk-through found wrong."""

from __future__ import annotations

import pytest
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext


@pytest.mark.parametrize(("language", "expected"), [
    ("ro", ["2,4 MB", "2,9 KB", "10 octeți", "1 octet"]),
    ("pl", ["2,4 MB", "2,9 KB", "10 bajtów", "1 bajt"]),
    ("en", ["2.4 MB", "2.9 KB", "10 bytes", "1 byte"]),
])
def test_it_writes_file_sizes_as_people_read_them(language, expected):
    with translation.override(language):
        shown = [filesizeformat(size).replace("\xa0", " ") for size in (2_500_000, 3000, 10, 1)]
        assert shown == expected


def test_it_labels_changes_and_reports_with_nouns_in_romanian():
    with translation.override("ro"):
        assert gettext("Change") == "Modificare"
        assert gettext("Report") == "Raportare"


@pytest.mark.parametrize(("language", "expected"), [
    ("ro", "Preambul"), ("pl", "Preambuła"), ("en", "Preamble")])
def test_it_names_the_preamble_instead_of_its_key(language, expected):
    from participa.components.consultations.models import Article

    with translation.override(language):
        assert str(Article(key="preamble", level=0)) == expected
        assert str(Article(key="art-1", number="Art. 1", level=1)) == "Art. 1"
