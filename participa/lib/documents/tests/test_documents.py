"""Drafts read from DOCX, ODT, Markdown and text keep their numbering and diacritics."""

from __future__ import annotations

import io
import zipfile

import pytest

from participa.lib.documents import (
    DocumentError,
    Unit,
    extract_text,
    parse_document,
    parse_markdown,
)
from participa.lib.documents.testing import make_docx, make_odt

RO_ITEMS = [
    ("h1", "Proiect de hotărâre privind parcările din municipiu"),
    ("p", "Consiliul Local al Municipiului Brașov hotărăște:"),
    ("h2", "Capitolul I"),
    ("p", "Dispoziții generale"),
    ("p", "**Art. 1.** - (1) Se aprobă Regulamentul de parcare în țară."),
    ("p", "(2) Regulamentul se aplică în zonele:"),
    ("p", "a) centrală, lângă Piața Sfatului;"),
    ("p", "b) cartierele Tractorul și Răcădău."),
    ("p", "Articolul 2"),
    ("p", "Tarife"),
    ("p", "alin. (1) Tariful orar este de 3 lei."),
    ("p", "alin. (2) Abonamentul lunar se plătește în avans."),
    ("h2", "Capitolul II - Dispoziții finale"),
    ("p", "Art. 3. Prezenta hotărâre intră în vigoare la data publicării."),
]

PL_ITEMS = [
    ("h1", "Uchwała nr XII/120/2026 Rady Miasta Łodzi"),
    ("p", "w sprawie zasad konsultacji społecznych"),
    ("p", "Rozdział 1"),
    ("p", "Przepisy ogólne"),
    ("p", "§ 1. 1. Konsultacje przeprowadza się w formie:"),
    ("p", "1) ankiety źródłowej;"),
    ("p", "2) spotkania z mieszkańcami."),
    ("p", "2. Ogłoszenie zamieszcza się w Biuletynie Informacji Publicznej."),
    ("p", "§ 2. Wykonanie uchwały powierza się Prezydentowi Miasta Łodzi."),
    ("p", "Art. 3 ust. 1 to cytat, nie artykuł."),
]


def as_rows(units: list[Unit]) -> list[tuple[str, str, str, int]]:
    return [(u.key, u.number, u.heading, u.level) for u in units]


def by_key(units: list[Unit]) -> dict[str, Unit]:
    return {u.key: u for u in units}


def check_romanian(units: list[Unit]) -> None:
    assert as_rows(units) == [
        ("preamble", "", "Proiect de hotărâre privind parcările din municipiu", 0),
        ("cap-1", "Capitolul I", "Dispoziții generale", 0),
        ("art-1", "Art. 1.", "", 1),
        ("art-1.1", "(1)", "", 2),
        ("art-1.2", "(2)", "", 2),
        ("art-2", "Articolul 2", "Tarife", 1),
        ("art-2.1", "alin. (1)", "", 2),
        ("art-2.2", "alin. (2)", "", 2),
        ("cap-2", "Capitolul II", "Dispoziții finale", 0),
        ("art-3", "Art. 3.", "", 1),
    ]
    units_by_key = by_key(units)
    assert units_by_key["preamble"].body == "Consiliul Local al Municipiului Brașov hotărăște:"
    assert units_by_key["art-1.1"].body == "Se aprobă Regulamentul de parcare în țară."
    # Letters stay, as written, in the paragraph that lists them.
    assert units_by_key["art-1.2"].body == (
        "Regulamentul se aplică în zonele:\n"
        "a) centrală, lângă Piața Sfatului;\n"
        "b) cartierele Tractorul și Răcădău."
    )
    assert units_by_key["art-3"].body == (
        "Prezenta hotărâre intră în vigoare la data publicării."
    )


def check_polish(units: list[Unit]) -> None:
    assert as_rows(units) == [
        ("preamble", "", "Uchwała nr XII/120/2026 Rady Miasta Łodzi", 0),
        ("cap-1", "Rozdział 1", "Przepisy ogólne", 0),
        ("par-1", "§ 1.", "", 1),
        ("par-1.1", "1.", "", 2),
        ("par-1.2", "2.", "", 2),
        ("par-2", "§ 2.", "", 1),
    ]
    units_by_key = by_key(units)
    assert units_by_key["preamble"].body == "w sprawie zasad konsultacji społecznych"
    assert units_by_key["par-1.1"].body == (
        "Konsultacje przeprowadza się w formie:\n1) ankiety źródłowej;\n"
        "2) spotkania z mieszkańcami."
    )
    # A citation at the start of a sentence is text, not a new article.
    assert units_by_key["par-2"].body.endswith("Łodzi.\nArt. 3 ust. 1 to cytat, nie artykuł.")


def markdown_of(items: list[tuple[str, str]]) -> str:
    lines = []
    for kind, text in items:
        prefix = "#" * int(kind[1]) + " " if kind.startswith("h") else ""
        lines.append(prefix + text)
    return "\n".join(lines)


def test_it_reads_a_romanian_docx_with_its_numbering():
    check_romanian(parse_document(make_docx(RO_ITEMS), "proiect.docx"))


def test_it_reads_a_romanian_odt_with_its_numbering():
    check_romanian(parse_document(make_odt(RO_ITEMS), "proiect.ODT"))


def test_it_reads_romanian_markdown_with_its_numbering():
    check_romanian(parse_markdown(markdown_of(RO_ITEMS)))


def test_it_reads_a_polish_docx_with_paragraph_signs():
    check_polish(parse_document(make_docx(PL_ITEMS), "uchwała.docx"))


def test_it_reads_a_polish_odt_with_paragraph_signs():
    check_polish(parse_document(make_odt(PL_ITEMS), "uchwała.odt"))


def test_it_reads_polish_text_files_in_utf8_with_bom_and_in_cp1250():
    text = markdown_of(PL_ITEMS)
    check_polish(parse_document(b"\xef\xbb\xbf" + text.encode("utf-8"), "u.txt"))
    check_polish(parse_document(text.replace("\n", "\r\n").encode("cp1250"), "u.txt"))


def test_it_keeps_polish_articles_and_their_numbered_paragraphs():
    units = parse_markdown(
        "Art. 1. 1. Rada Miasta ogłasza konsultacje.\n"
        "2. Konsultacje trwają 30 dni.\n"
        "Art. 2 ust. 1 stosuje się odpowiednio po ogłoszeniu.\n"
        "Art. 2a. Przepis przejściowy.\n"
    )
    assert as_rows(units) == [
        ("art-1", "Art. 1.", "", 1),
        ("art-1.1", "1.", "", 2),
        ("art-1.2", "2.", "", 2),
        ("art-2a", "Art. 2a.", "", 1),
    ]
    # "Art. 2 ust. 1 …" cites a provision: it stays in the text of paragraph 2.
    assert by_key(units)["art-1.2"].body.endswith("ogłoszeniu.")


def test_it_reads_english_articles_sections_and_numbered_paragraphs():
    units = parse_markdown(
        "# Draft policy on street trading\n\n"
        "The council adopts the following.\n\n"
        "## Article 1 — Scope\n"
        "1. This policy applies to the whole city.\n"
        "2. It does not apply to markets.\n\n"
        "Section 2. Definitions\n"
        "In this policy, a trader is any person who sells goods in a street.\n"
    )
    assert as_rows(units) == [
        ("preamble", "", "Draft policy on street trading", 0),
        ("art-1", "Article 1", "Scope", 1),
        ("art-1.1", "1.", "", 2),
        ("art-1.2", "2.", "", 2),
        ("sec-2", "Section 2.", "Definitions", 1),
    ]


def test_it_takes_top_level_numbers_as_articles_when_nothing_else_numbers_them():
    units = parse_markdown(
        "Rules for the community garden.\n"
        "1. Plots are allocated for one year.\n"
        "(1) Requests are made in writing.\n"
        "(2) The list is public.\n"
        "2. Each plot holder keeps the paths clean:\n"
        "1. weekly;\n"
        "3. Disputes go to the committee.\n"
    )
    assert as_rows(units) == [
        ("preamble", "", "", 0),
        ("art-1", "1.", "", 1),
        ("art-1.1", "(1)", "", 2),
        ("art-1.2", "(2)", "", 2),
        ("art-2", "2.", "", 1),
        ("art-3", "3.", "", 1),
    ]
    # "1. weekly;" is not the next article number: it stays a point of article 2.
    assert by_key(units)["art-2"].body == "Each plot holder keeps the paths clean:\n1. weekly;"


def test_it_makes_keys_unique_when_numbering_repeats():
    units = parse_markdown(
        "Art. 1. Se aprobă anexa.\n"
        "Anexa nr. 1\n"
        "Art. 1. Primul articol al anexei.\n"
        "Art. 1. Încă unul.\n"
    )
    assert [u.key for u in units] == ["art-1", "annex-1", "art-1-2", "art-1-3"]
    assert len({u.key for u in units}) == len(units)


def test_it_slugs_romanian_superscript_and_single_articles_and_roman_chapters():
    units = parse_markdown(
        "TITLUL II\n"
        "Secțiunea a 3-a\n"
        "Capitolul XIV\n"
        "Art. 5^1. - Articol introdus ulterior.\n"
        "Art. 5². - Alt articol.\n"
        "Articolul unic. - Se aprobă.\n"
    )
    assert [u.key for u in units] == [
        "part-2", "sect-3", "cap-14", "art-5_1", "art-5_2", "art-unic",
    ]
    assert units[3].number == "Art. 5^1."


def test_it_starts_units_at_markdown_headings():
    units = parse_markdown(
        "# Proiect\n\nText introductiv.\n\n## Motivare\n\nDe ce.\n\n## Anexe\n\nLista.\n"
    )
    assert as_rows(units) == [
        ("preamble", "", "Proiect", 0),
        ("h-motivare", "", "Motivare", 0),
        ("h-anexe", "", "Anexe", 0),
    ]
    assert by_key(units)["h-motivare"].body == "De ce."


def test_it_joins_hard_wrapped_markdown_lines():
    units = parse_markdown(
        "Art. 1. - Consiliul Local aprobă regulamentul de organizare și funcționare a\n"
        "serviciului public de transport.\n"
    )
    assert units[0].body == (
        "Consiliul Local aprobă regulamentul de organizare și funcționare a serviciului "
        "public de transport."
    )


def test_it_writes_out_the_numbers_of_word_numbered_lists():
    data = make_docx([
        ("p", "Art. 1. Regulamentul are următoarele obiective:"),
        ("li", "siguranța pietonilor;"),
        ("li", "fluidizarea traficului."),
    ])
    units = parse_document(data, "p.docx")
    assert as_rows(units) == [
        ("art-1", "Art. 1.", "", 1),
        ("art-1.1", "1.", "", 2),
        ("art-1.2", "2.", "", 2),
    ]
    assert units[1].body == "siguranța pietonilor;"


def test_extract_text_gives_the_paragraphs_of_each_format():
    items = [("h1", "Cerere"), ("p", "Mă numesc Ștefan Țăranu, str. Ăâî nr. 5."),
             ("p", "Z poważaniem, Łukasz Żółć")]
    expected = "Cerere\nMă numesc Ștefan Țăranu, str. Ăâî nr. 5.\nZ poważaniem, Łukasz Żółć"
    assert extract_text(make_docx(items), "c.docx") == expected
    assert extract_text(make_odt(items), "c.odt") == expected
    assert extract_text(expected.encode("utf-8-sig"), "c.txt") == expected
    assert extract_text(expected.encode(), "c.md") == expected


def test_extract_text_falls_back_to_central_european_encodings():
    text = "Zażółć gęślą jaźń; Țară, știință"
    # cp1250 has no comma-below Ș/Ț: legacy Romanian files use the cedilla forms.
    legacy = text.replace("Ț", "Ţ").replace("ș", "ş").replace("ț", "ţ")
    assert extract_text(legacy.encode("cp1250"), "a.txt") == legacy
    assert extract_text("Zażółć\r\nźdźbło".encode("iso-8859-2"), "b.txt") == "Zażółć\nźdźbło"
    assert extract_text("Știință".encode("utf-16"), "c.txt") == "Știință"


def test_extract_text_normalises_decomposed_diacritics():
    decomposed = "S\u0326tefan a\u0306"  # S + comma below, a + breve
    assert extract_text(decomposed.encode(), "a.txt") == "Ștefan ă"


@pytest.mark.parametrize("filename", ["a.pdf", "a.doc", "a", "a.docx.exe"])
def test_it_refuses_unsupported_files(filename):
    with pytest.raises(DocumentError) as error:
        parse_document(b"whatever", filename)
    assert error.value.code == "unsupported"
    with pytest.raises(DocumentError) as error:
        extract_text(b"whatever", filename)
    assert error.value.code == "unsupported"


def broken_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document><unclosed>")
    return buffer.getvalue()


@pytest.mark.parametrize("data", [b"not a zip at all", b"PK\x03\x04garbage", broken_zip()])
@pytest.mark.parametrize("filename", ["a.docx", "a.odt"])
def test_it_reports_corrupt_files_as_unreadable(data, filename):
    with pytest.raises(DocumentError) as error:
        parse_document(data, filename)
    assert error.value.code == "unreadable"


def test_it_reports_empty_documents():
    for data, filename in [(b"", "a.txt"), (b"  \n\n ", "a.md"),
                           (make_docx([("p", " ")]), "a.docx"), (make_odt([]), "a.odt")]:
        with pytest.raises(DocumentError) as error:
            parse_document(data, filename)
        assert error.value.code == "empty"


def test_document_error_is_a_value_error():
    assert issubclass(DocumentError, ValueError)


def test_word_footnotes_and_line_breaks_are_handled():
    from participa.lib.documents.readers import _HtmlBlocks

    parser = _HtmlBlocks()
    parser.feed(
        '<h1>Proiect</h1><p>Art. 1. - Text<sup><a href="#footnote-1" id="footnote-ref-1">[1]'
        '</a></sup> cu notă.<br />(1) Alineat pe rând nou.</p>'
        '<table><tr><td><p>Celulă ă</p></td></tr></table>'
        '<ol><li id="footnote-1"><p>Nota de subsol <br /> ascunsă. <a href="#footnote-ref-1">↑'
        '</a></p></li></ol><p>Final ț.</p>'
    )
    parser.close()
    assert [(b.text, b.heading_level) for b in parser.blocks] == [
        ("Proiect", 1), ("Art. 1. - Text cu notă.", 0), ("(1) Alineat pe rând nou.", 0),
        ("Celulă ă", 0), ("Final ț.", 0),
    ]


def test_amending_acts_number_articles_in_roman_and_quote_others():
    units = parse_markdown(
        "Art. I. - Hotărârea nr. 10/2020 se modifică după cum urmează:\n"
        "1. Articolul 5 se modifică și va avea următorul cuprins:\n"
        "„Art. 5. - Tariful este de 5 lei.”\n"
        "Art. II. - Hotărârea intră în vigoare la 1 ianuarie.\n"
        "Art civil, nu un articol.\n"
    )
    assert as_rows(units) == [
        ("art-i", "Art. I.", "", 1),
        ("art-i.1", "1.", "", 2),
        ("art-ii", "Art. II.", "", 1),
    ]
    assert by_key(units)["art-i.1"].body == (
        "Articolul 5 se modifică și va avea următorul cuprins:\n"
        "„Art. 5. - Tariful este de 5 lei.”"
    )
    assert by_key(units)["art-ii"].body.endswith("ianuarie.\nArt civil, nu un articol.")


def test_a_sentence_starting_with_se_after_the_article_number_is_its_text():
    units = parse_markdown("Art. 1. Se aprobă bugetul.\nArt. 2 - Se abrogă HCL 5/2020.\n")
    assert as_rows(units) == [("art-1", "Art. 1.", "", 1), ("art-2", "Art. 2", "", 1)]
    assert units[0].body == "Se aprobă bugetul."
    assert units[1].body == "Se abrogă HCL 5/2020."
