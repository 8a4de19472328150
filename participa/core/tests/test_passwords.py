"""No password close to the public name: at sign-up, on password change and reset."""

from __future__ import annotations

import html

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from participa.conftest import PASSWORD
from participa.core.models import User
from participa.core.passwords import PublicNameSimilarityValidator, too_close_to_name

MESSAGE = ("The password is too close to your public name. Choose a password that does not "
           "contain your name.")


@pytest.mark.parametrize(("password", "name"), [
    ("MariaPopescu2024!", "Maria Popescu"),
    ("popescu-likes-parks", "Maria Popescu"),
    ("P0pe$cu-and-friends", "Maria Popescu"),        # swapped characters
    ("stefanescu-sibiu-1990", "Ștefănescu"),          # diacritics
    ("zoliborz-warszawa", "Żoliborz"),               # Polish letters
    ("fabric_ana_fabric", "Ana from Fabric"),
])
def test_it_refuses_passwords_containing_or_resembling_the_name(password, name):
    assert too_close_to_name(password, name)


@pytest.mark.parametrize(("password", "name"), [
    ("correct-horse-battery-staple", "Maria Popescu"),
    ("a-long-and-unusual-passphrase", "Ana"),          # "ana" is too short to be searched for
    ("trees-along-the-river-bega", "Ion"),
    ("anything-at-all", ""),
])
def test_it_accepts_passwords_unrelated_to_the_name(password, name):
    assert not too_close_to_name(password, name)


def test_the_configured_validators_refuse_it_with_a_clear_message(db):
    user = User(display_name="Maria Popescu", email="mp@example.org")
    with pytest.raises(ValidationError) as error:
        password_validation.validate_password("Popescu-Maria-77", user)
    assert MESSAGE in error.value.messages
    assert any(isinstance(v, PublicNameSimilarityValidator)
               for v in password_validation.get_default_password_validators())


def test_signup_refuses_a_password_like_the_public_name_and_keeps_what_was_typed(client, org):
    password = "Maria.Popescu.1985"
    response = client.post("/accounts/signup/", {
        "display_name": "Maria Popescu", "email": "maria@example.org",
        "password1": password, "password2": password,
    })
    assert response.status_code == 200
    text = html.unescape(response.text)
    assert MESSAGE in text
    assert 'value="maria@example.org"' in text and 'value="Maria Popescu"' in text
    assert not User.objects.filter(email="maria@example.org").exists()


def test_signup_names_the_public_name_when_the_password_resembles_it(client, org):
    response = client.post("/accounts/signup/", {
        "display_name": "Bogdanovici", "email": "b@example.org",
        "password1": "bogdanovic1", "password2": "bogdanovic1",
    })
    assert "The password is too similar to the public name." in html.unescape(response.text)
    assert not User.objects.filter(email="b@example.org").exists()


def test_signup_accepts_an_unrelated_password(client, org):
    response = client.post("/accounts/signup/", {
        "display_name": "Maria Popescu", "email": "maria@example.org",
        "password1": PASSWORD, "password2": PASSWORD, "accept_terms": "on",
    })
    assert response.status_code == 302
    assert User.objects.filter(email="maria@example.org").exists()


def test_changing_the_password_refuses_one_like_the_public_name(client_for, resident):
    resident.display_name = "Gheorghe Lazăr"
    resident.save()
    response = client_for(resident).post("/accounts/password/change/", {
        "oldpassword": PASSWORD, "password1": "gheorghe-lazar-1", "password2": "gheorghe-lazar-1",
    })
    assert response.status_code == 200
    assert MESSAGE in html.unescape(response.text)
    resident.refresh_from_db()
    assert resident.check_password(PASSWORD)
