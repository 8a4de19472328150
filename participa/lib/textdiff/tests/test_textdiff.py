"""Article-by-article comparison of two versions of a draft."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from participa.lib import textdiff
from participa.lib.documents import Unit, parse_markdown
from participa.lib.textdiff import ArticleDiff, compare, side_by_side, summary, word_diff


def art(n: int | str, body: str, heading: str = "", key: str | None = None) -> Unit:
    return Unit(key or f"art-{n}", f"Art. {n}.", heading, body, 1)


def statuses(diffs: list[ArticleDiff]) -> list[tuple[str, str]]:
    return [(d.key, d.status) for d in diffs]


def new_text(segments) -> str:
    return "".join(text for op, text in segments if op != "delete")


def old_text(segments) -> str:
    return "".join(text for op, text in segments if op != "insert")


OLD = [
    art(1, "Se aprobă Regulamentul de parcare."),
    art(2, "Tariful este de 10 lei pe oră."),
    art(3, "Abonamentele se vând numai la ghișeu."),
    art(4, "Hotărârea intră în vigoare la data publicării."),
]


def test_it_marks_units_same_changed_added_and_removed_in_the_new_order():
    new = [
        art(1, "Se aprobă Regulamentul de parcare."),
        art(2, "Tariful este de 15 lei pe oră."),
        art(4, "Hotărârea intră în vigoare la data publicării."),
        art(5, "Primăria publică raportul anual al parcărilor.", key="art-5"),
    ]
    diffs = compare(OLD, new)
    assert statuses(diffs) == [("art-1", "same"), ("art-2", "changed"), ("art-3", "removed"),
                               ("art-4", "same"), ("art-5", "added")]
    assert summary(diffs) == {"same": 2, "changed": 1, "added": 1, "removed": 1}
    removed = diffs[2]
    assert removed.old is OLD[2] and removed.new is None
    assert removed.segments == [("delete", "Abonamentele se vând numai la ghișeu.")]
    assert diffs[4].old is None
    assert diffs[4].segments == [("insert", "Primăria publică raportul anual al parcărilor.")]
    assert diffs[0].segments == [("equal", "Se aprobă Regulamentul de parcare.")]


def test_it_diffs_changed_units_word_by_word():
    diff = compare([art(2, "Tariful este de 10 lei pe oră.")],
                   [art(2, "Tariful este de 15 lei pe oră, în zona centrală.")])[0]
    assert diff.status == "changed"
    assert diff.segments == [
        ("equal", "Tariful este de "), ("delete", "10"), ("insert", "15"),
        ("equal", " lei pe oră"), ("insert", ", în zona centrală"), ("equal", "."),
    ]


def test_removed_units_come_where_they_were_before_units_added_there():
    new = [OLD[0], art(9, "Un articol cu totul nou despre biciclete."), OLD[3]]
    old = [OLD[0], OLD[2], OLD[3]]
    assert statuses(compare(old, new)) == [
        ("art-1", "same"), ("art-3", "removed"), ("art-9", "added"), ("art-4", "same")]
    # Removed at the very start and at the very end.
    assert statuses(compare(OLD, OLD[1:3])) == [
        ("art-1", "removed"), ("art-2", "same"), ("art-3", "same"), ("art-4", "removed")]


def test_it_keeps_diacritics_whole_in_words():
    diff = compare([art(1, "Consiliul aprobă hotărâre privind piața.")],
                   [art(1, "Consiliul aprobă hotărârea privind piețele.")])[0]
    assert diff.segments == [
        ("equal", "Consiliul aprobă "), ("delete", "hotărâre"), ("insert", "hotărârea"),
        ("equal", " privind "), ("delete", "piața"), ("insert", "piețele"), ("equal", "."),
    ]
    polish = word_diff("Zażółć gęślą jaźń.", "Zażółć gęsią jaźń.")
    assert polish == [("equal", "Zażółć "), ("delete", "gęślą"), ("insert", "gęsią"),
                      ("equal", " jaźń.")]


def test_cedilla_and_comma_below_are_different_letters():
    diff = compare([art(1, "Şcoala şi ţara")], [art(1, "Școala și țara")])[0]
    assert diff.status == "changed"


def test_a_renumbered_article_is_followed_to_its_new_number():
    # A new article 2 is inserted: old 2, 3, 4 become 3, 4, 5; old 3 also changes a little.
    new = [
        OLD[0],
        art(2, "Parcarea este gratuită duminica și în zilele de sărbătoare legală."),
        art(3, OLD[1].body),
        art(4, "Abonamentele se vând numai la ghișeu și online."),
        art(5, OLD[3].body),
    ]
    diffs = compare(OLD, new)
    assert statuses(diffs) == [("art-1", "same"), ("art-2", "added"), ("art-3", "same"),
                               ("art-4", "changed"), ("art-5", "same")]
    assert [d.old_key for d in diffs] == ["art-1", None, "art-2", "art-3", "art-4"]
    assert [d.renumbered for d in diffs] == [False, False, True, True, True]
    assert diffs[3].segments == [("equal", "Abonamentele se vând numai la ghișeu"),
                                 ("insert", " și online"), ("equal", ".")]


def test_an_article_rewritten_in_place_keeps_its_key():
    diffs = compare([art(3, "Abonamentele se vând numai la ghișeu.")],
                    [art(3, "Biletele de parcare se plătesc prin SMS sau aplicație.")])
    assert statuses(diffs) == [("art-3", "changed")]
    assert not diffs[0].renumbered


def test_whitespace_only_differences_leave_a_unit_the_same():
    diffs = compare([art(1, "Se aprobă   regulamentul.\n")], [art(1, "Se aprobă regulamentul.")])
    assert diffs[0].status == "same"
    assert diffs[0].segments == [("equal", "Se aprobă regulamentul.")]


def test_a_changed_heading_is_a_change():
    diff = compare([art(1, "Text.", heading="Obiectul")],
                   [art(1, "Text.", heading="Obiectul și scopul")])[0]
    assert diff.status == "changed"
    assert ("insert", " și scopul") in diff.segments


def test_segments_rebuild_both_texts_exactly():
    old_body = "(1) Tariful: 10 lei/oră;\n(2) abonament 200 lei — lunar.  Plata\tse face în avans."
    new_body = "(1) Tariful: 12 lei/oră;\n(2) abonament lunar 250 lei.\nPlata se face online."
    diff = compare([art(1, old_body)], [art(1, new_body)])[0]
    assert new_text(diff.segments) == new_body
    assert old_text(diff.segments) == old_body
    assert {op for op, _ in diff.segments} == {"equal", "insert", "delete"}


def test_side_by_side_splits_a_diff_into_two_columns():
    diff = compare([art(2, "Tariful este de 10 lei.")], [art(2, "Tariful este de 15 lei.")])[0]
    old_side, new_side = side_by_side(diff)
    assert old_side == [("equal", "Tariful este de "), ("delete", "10"), ("equal", " lei.")]
    assert new_side == [("equal", "Tariful este de "), ("insert", "15"), ("equal", " lei.")]
    added = compare([], [art(1, "Nou.")])[0]
    assert side_by_side(added) == ([], [("insert", "Nou.")])


def test_it_compares_documents_parsed_from_text():
    old = parse_markdown("Art. 1. - (1) Taxa este de 10 lei.\n(2) Se plătește lunar.\n"
                         "Art. 2. - Intră în vigoare.\n")
    new = parse_markdown("Art. 1. - (1) Taxa este de 12 lei.\n(2) Se plătește lunar.\n"
                         "(3) Se poate plăti online.\nArt. 2. - Intră în vigoare.\n")
    assert statuses(compare(old, new)) == [
        ("art-1", "same"), ("art-1.1", "changed"), ("art-1.2", "same"), ("art-1.3", "added"),
        ("art-2", "same")]


def test_it_accepts_any_object_with_key_number_heading_and_body():
    old = [SimpleNamespace(key="art-1", number="Art. 1", heading="", body="Unu.")]
    new = [SimpleNamespace(key="art-1", number="Art. 1", heading="", body="Doi.")]
    assert statuses(compare(old, new)) == [("art-1", "changed")]
    assert compare([], []) == []


def test_units_of_different_levels_are_not_paired_by_similarity():
    old = [Unit("cap-1", "Capitolul I", "Dispoziții generale privind parcarea", "", 0)]
    new = [Unit("art-1", "Art. 1", "Dispoziții generale privind parcarea", "", 1)]
    assert statuses(compare(old, new)) == [("cap-1", "removed"), ("art-1", "added")]


def long_draft(n: int) -> list[Unit]:
    return [art(k, f"Articolul numărul {k} stabilește regula {k * 7 % 13} pentru zona {k} "
                   f"și termenul de {k % 30 + 1} zile pentru cererea nr. {k * 31}.")
            for k in range(1, n + 1)]


def test_500_articles_with_a_few_changes_diff_only_the_changed_ones(monkeypatch):
    old = long_draft(500)
    new = list(old)
    for k in (3, 120, 250, 499):
        new[k] = art(k + 1, old[k].body.replace("zile", "zile lucrătoare"))
    calls = {"word_diff": 0, "cdist": 0}
    real_word_diff, real_cdist = textdiff.word_diff, textdiff.process.cdist

    def counting_word_diff(a, b):
        calls["word_diff"] += 1
        return real_word_diff(a, b)

    def counting_cdist(*args, **kwargs):
        calls["cdist"] += 1
        return real_cdist(*args, **kwargs)

    monkeypatch.setattr(textdiff, "word_diff", counting_word_diff)
    monkeypatch.setattr(textdiff.process, "cdist", counting_cdist)
    diffs = compare(old, new)
    assert summary(diffs) == {"same": 496, "changed": 4, "added": 0, "removed": 0}
    assert calls == {"word_diff": 4, "cdist": 0}


def test_500_renumbered_articles_are_paired_in_bulk(monkeypatch):
    old = long_draft(500)
    new = [art(1, "Un articol nou la început.")] + [
        art(k + 1, u.body.replace("regula", "norma")) for k, u in enumerate(old, 1)]
    calls = {"cdist": 0}
    real_cdist = textdiff.process.cdist

    def counting_cdist(*args, **kwargs):
        calls["cdist"] += 1
        return real_cdist(*args, **kwargs)

    monkeypatch.setattr(textdiff.process, "cdist", counting_cdist)
    diffs = compare(old, new)
    assert summary(diffs) == {"same": 0, "changed": 500, "added": 1, "removed": 0}
    assert all(d.renumbered for d in diffs[1:])
    assert all(d.old_key == f"art-{k}" for k, d in enumerate(diffs[1:], 1))
    # One bulk similarity call per 256 unpaired units, not one per pair.
    assert calls["cdist"] <= 2


def test_very_large_documents_only_look_for_renumbering_nearby(monkeypatch):
    monkeypatch.setattr(textdiff, "MAX_FUZZY_PAIRS", 1)
    monkeypatch.setattr(textdiff, "FUZZY_WINDOW", 5)
    old = long_draft(40)
    moved_far = art(99, old[0].body.replace("regula", "norma"), key="art-99")
    moved_near = art(98, old[30].body.replace("regula", "norma"), key="art-98")
    new = [*old[1:30], moved_near, *old[31:], moved_far]
    by_key = {d.key: d for d in compare(old, new)}
    assert by_key["art-98"].status == "changed" and by_key["art-98"].old_key == "art-31"
    assert by_key["art-99"].status == "added"
    assert by_key["art-1"].status == "removed"


@pytest.mark.parametrize("old_body, new_body", [
    ("", "Text nou."), ("Text vechi.", ""), ("a b c", "a b c d"), ("x", "y"),
])
def test_word_diff_rebuilds_texts(old_body, new_body):
    segments = word_diff(old_body, new_body)
    assert new_text(segments) == new_body
    assert old_text(segments) == old_body


def test_long_texts_are_diffed_line_by_line_then_word_by_word():
    old_body = "\n".join(f"Rândul {k}: tariful este de {k} lei." for k in range(2000))
    new_body = old_body.replace("Rândul 1500: tariful este de 1500 lei.",
                                "Rândul 1500: tariful este de 1600 lei.")
    segments = word_diff(old_body, new_body)
    assert new_text(segments) == new_body and old_text(segments) == old_body
    assert [s for s in segments if s[0] != "equal"] == [("delete", "1500"), ("insert", "1600")]


def test_short_identical_texts_do_not_pair_different_articles():
    old = [art(1, "Tariful este de 10 lei pe oră."), art(2, "Abrogat.")]
    new = [art(1, "Abrogat."), art(2, "Parcarea este gratuită duminica.")]
    assert statuses(compare(old, new)) == [("art-1", "changed"), ("art-2", "changed")]
