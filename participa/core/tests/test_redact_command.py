"""`manage.py redact`: standard input to standard output, per language, names and placeholder."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

LETTER = ("Mă numesc Ion Popescu, tel. 0722 123 456, ion.popescu@gmail.com.\n"
          "Propun piste de biciclete pe Calea Aradului.\nCu stimă,\nIon Popescu\n")


def run(text: str, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("redact", *args, stdin=io.StringIO(text), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_redacts_standard_input_to_standard_output() -> None:
    out, _err = run(LETTER, "--lang", "ro")
    assert out == ("Mă numesc =anonimizat=, tel. =anonimizat=, =anonimizat=.\n"
                   "Propun piste de biciclete pe Calea Aradului.\nCu stimă,\n=anonimizat=\n")


def test_it_uses_the_placeholder_of_the_language_or_the_one_given() -> None:
    assert run("Kontakt: jan@wp.pl", "--lang", "pl")[0] == "Kontakt: [dane usunięte]"
    assert run("Mail: jan@wp.pl", "--lang", "en", "--placeholder", "XXX")[0] == "Mail: XXX"


def test_it_removes_the_names_given_wherever_they_appear() -> None:
    text = "Jak mówi Kowalski, a potem pani Zofia, trzeba sadzić drzewa."
    out, _err = run(text, "--lang", "pl", "--name", "Jan Kowalski", "--name", "Zofia Nowak")
    assert "Kowalski" not in out and "Zofia" not in out
    assert out.count("[dane usunięte]") == 2


def test_it_summarises_what_it_removed_on_standard_error() -> None:
    _out, err = run(LETTER, "--lang", "ro", "--summary")
    assert "email: 1" in err and "phone: 1" in err and "name: 2" in err


def test_it_refuses_an_unknown_language() -> None:
    with pytest.raises(CommandError):
        run("text", "--lang", "de")
