"""An organization can require two-factor authentication of its staff before /manage/."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value
from django.utils import timezone

from participa.conftest import PASSWORD
from participa.core.auth import MFAAdapter

pytestmark = pytest.mark.django_db

MESSAGE = ("Municipiul Test asks its staff to use two-factor authentication. Set up an "
           "authenticator app or a security key to open the back office.")


@pytest.fixture
def strict(org):
    org.require_staff_2fa = True
    org.save()
    return org


def with_totp(user):
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.mark.parametrize(("persona", "url"), [
    ("admin", "/manage/"),
    ("official", "/manage/"),
    ("moderator", "/manage/moderation/"),
    ("admin", "/manage/organization/"),
])
def test_staff_without_a_second_step_are_sent_to_set_it_up(strict, client_for, request,
                                                           persona, url):
    client = client_for(request.getfixturevalue(persona))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert MESSAGE in page.text
    assert "/accounts/2fa/totp/activate/" in page.text


def test_staff_with_an_authenticator_app_open_the_back_office(strict, official, client_for):
    assert client_for(with_totp(official)).get("/manage/").status_code == 200


def test_recovery_codes_alone_are_not_a_second_step(strict, official, client_for):
    Authenticator.objects.create(user=official, type=Authenticator.Type.RECOVERY_CODES,
                                 data={"seed": "00", "used_mask": 0})
    assert client_for(official).get("/manage/").status_code == 302


def test_residents_are_not_affected(strict, resident, client_for):
    client = client_for(resident)
    assert client.get("/manage/").status_code == 404  # as before: no back office for them
    assert client.get("/account/").status_code == 200
    assert client.get("/").status_code == 200


def test_staff_open_the_back_office_when_the_organization_does_not_require_it(
        org, official, client_for):
    assert not org.require_staff_2fa
    assert client_for(official).get("/manage/").status_code == 200


def test_staff_pages_outside_the_back_office_are_not_blocked(strict, official, client_for):
    assert client_for(official).get("/account/").status_code == 200


def test_staff_who_must_use_it_cannot_remove_their_last_second_step(strict, official, rf,
                                                                    resident):
    from allauth.core.context import request_context

    with_totp(official)
    request = rf.get("/accounts/2fa/totp/deactivate/")
    request.organization = strict
    authenticator = Authenticator.objects.get(user=official, type="totp")
    with request_context(request):
        assert not MFAAdapter().can_delete_authenticator(authenticator)
        Authenticator.objects.create(user=official, type=Authenticator.Type.WEBAUTHN,
                                     data={"credential": {}, "name": "Key"})
        assert MFAAdapter().can_delete_authenticator(authenticator)
        with_totp(resident)
        assert MFAAdapter().can_delete_authenticator(
            Authenticator.objects.get(user=resident, type="totp"))


def test_logging_in_asks_for_the_code_and_then_opens_the_back_office(strict, official,
                                                                     client):
    with_totp(official)
    secret = TOTP(Authenticator.objects.get(user=official, type="totp")).instance.data["secret"]
    response = client.post("/accounts/login/", {"login": official.email,
                                                "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    not_yet = client.get("/manage/")  # not logged in yet: sent to the login page, as visitors
    assert (not_yet.status_code, not_yet["Location"]) == (302, "/accounts/login/?next=%2Fmanage%2F")
    counter = int(timezone.now().timestamp()) // 30
    code = f"{hotp_value(secret, counter):06d}"
    done = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert done.status_code == 302
    assert client.get("/manage/").status_code == 200


def test_the_authenticator_app_shows_the_organization_name(strict, official, client_for):
    client = client_for(official)
    # allauth asks for the password again before a second step is added.
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    assert "issuer=Municipiul%20Test" in page.context["totp_url"]
    assert 'src="data:image/svg+xml;base64,' in page.text  # the QR code to scan
