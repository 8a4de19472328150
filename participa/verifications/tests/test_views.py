"""The resident's pages (choose, enter, result, revoke) and the staff list, settings and
register import: translated, accessible, errors that keep what was typed."""

from __future__ import annotations

import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from participa.conftest import make_user
from participa.core.models import AuditEntry, Scope
from participa.testing import assert_constant_queries
from participa.verifications import services
from participa.verifications.models import Authorization, EnabledMethod, Method, Status
from participa.verifications.permissions import is_verified
from participa.verifications.tests.conftest import VALID_CNP, enable

pytestmark = pytest.mark.django_db

URL = "/verifications/"
MANAGE = "/manage/verifications/"


def test_it_lists_the_methods_offered(client_for, org, resident, accessible_page):
    enable(org, Method.ID_NUMBER, Method.ADDRESS)
    page = client_for(resident).get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="{URL}id_number/"' in html and f'href="{URL}address/"' in html
    assert f'href="{URL}register/"' not in html
    accessible_page(html)


def test_it_sends_anonymous_visitors_to_log_in(client, org):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_is_404_for_a_method_not_offered_and_for_another_organizations_person(
        client_for, org, resident, outsider):
    enable(org, Method.ADDRESS)
    assert client_for(resident).get(f"{URL}id_number/").status_code == 404
    assert client_for(outsider).get(URL).status_code == 404


def test_it_verifies_by_cnp_and_shows_the_result(client_for, org, resident, accessible_page):
    enable(org, Method.ID_NUMBER)
    client = client_for(resident)
    accessible_page(client.get(f"{URL}id_number/").content.decode())
    response = client.post(f"{URL}id_number/", {"kind": "ro_cnp", "number": VALID_CNP},
                           follow=True)
    html = response.content.decode()
    assert "You are verified." in html
    assert "Verified" in html and "Revoke" in html
    assert is_verified(resident, Method.ID_NUMBER)


def test_it_explains_a_wrong_cnp_and_keeps_what_was_typed(client_for, org, resident,
                                                          accessible_page):
    enable(org, Method.ID_NUMBER)
    response = client_for(resident).post(f"{URL}id_number/",
                                         {"kind": "ro_cnp", "number": "1800101221145"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "This is not a valid CNP: check the digits." in html
    assert 'value="1800101221145"' in html
    assert 'href="#id_number"' in html
    accessible_page(html)


def test_it_explains_a_cnp_used_by_another_account(client_for, org, resident, ngo_member):
    enable(org, Method.ID_NUMBER)
    client_for(resident).post(f"{URL}id_number/", {"kind": "ro_cnp", "number": VALID_CNP})
    response = client_for(ngo_member).post(f"{URL}id_number/",
                                           {"kind": "ro_cnp", "number": VALID_CNP})
    assert response.status_code == 400
    assert "This identifier already verifies another account in this organization." in (
        response.content.decode())
    assert not is_verified(ngo_member)


def test_it_verifies_by_a_code_sent_by_email(client_for, org, resident, mailoutbox,
                                            django_capture_on_commit_callbacks):
    import re

    enable(org, Method.EMAIL_CODE)
    client = client_for(resident)
    page = client.get(f"{URL}email_code/").content.decode()
    assert "Send me a code" in page and 'name="code"' not in page
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"{URL}email_code/", {"action": "send_code"}, follow=True)
    assert f"We sent a code to {resident.email}." in sent.content.decode()
    assert 'name="code"' in sent.content.decode()
    match = re.search(r"\b(\d{6})\b", mailoutbox[0].body)
    assert match
    wrong = client.post(f"{URL}email_code/", {"action": "verify", "code": "abc"})
    assert "This code is not right. You have 4 more attempts." in wrong.content.decode()
    client.post(f"{URL}email_code/", {"action": "verify", "code": match.group(1)})
    assert is_verified(resident, Method.EMAIL_CODE)


def test_a_resident_revokes_their_own_verification_only(client_for, org, resident, ngo_member):
    enable(org, Method.ID_NUMBER)
    client_for(resident).post(f"{URL}id_number/", {"kind": "ro_cnp", "number": VALID_CNP})
    authorization = Authorization.objects.get(user=resident)
    assert client_for(ngo_member).post(f"{URL}{authorization.pk}/revoke/").status_code == 404
    assert client_for(resident).get(f"{URL}{authorization.pk}/revoke/").status_code == 405
    response = client_for(resident).post(f"{URL}{authorization.pk}/revoke/")
    assert response.status_code == 302
    assert not is_verified(resident)


def test_staff_list_confirm_and_revoke(client_for, org, admin, resident, scope,
                                       accessible_page):
    enable(org, Method.ADDRESS)
    client_for(resident).post(f"{URL}address/", {"scope": scope.pk, "address": "Str. Mare 1"})
    authorization = Authorization.objects.get(user=resident)
    staff = client_for(admin)
    page = staff.get(f"{MANAGE}?status=pending").content.decode()
    assert "Str. Mare 1" in page and resident.public_name in page
    accessible_page(page)
    assert resident.public_name not in staff.get(f"{MANAGE}?status=granted").content.decode()
    staff.post(f"{MANAGE}{authorization.pk}/confirm/")
    assert is_verified(resident, Method.ADDRESS)
    staff.post(f"{MANAGE}{authorization.pk}/revoke/")
    authorization.refresh_from_db()
    assert authorization.status == Status.REVOKED
    assert AuditEntry.objects.filter(action="verification.revoke", actor=admin).exists()


@pytest.mark.parametrize("persona", ["official", "moderator", "resident", "outsider"])
def test_staff_pages_are_404_for_everybody_but_administrators(client_for, request, persona):
    user = request.getfixturevalue(persona)
    for path in ("", "settings/", "register/"):
        assert client_for(user).get(f"{MANAGE}{path}").status_code == 404


def test_staff_choose_the_methods_offered(client_for, org, admin):
    response = client_for(admin).post(f"{MANAGE}settings/",
                                      {"methods": ["register", "id_number"]})
    assert response.status_code == 302
    assert set(EnabledMethod.objects.filter(organization=org).values_list("method", flat=True)
               ) == {"register", "id_number"}


def test_staff_import_the_register_and_residents_match_it(client_for, org, admin, resident):
    enable(org, Method.REGISTER)
    upload = SimpleUploadedFile("register.csv", b"RX-1\nRX-2\n", content_type="text/csv")
    response = client_for(admin).post(f"{MANAGE}register/", {"file": upload}, follow=True)
    assert "2 residents added to the register." in response.content.decode()
    missing = client_for(resident).post(f"{URL}register/", {"identifier": "RX-3",
                                                            "name": "", "address": ""})
    assert missing.status_code == 400
    assert "We did not find this in the register." in missing.content.decode()
    assert 'value="RX-3"' in missing.content.decode()
    client_for(resident).post(f"{URL}register/", {"identifier": "rx-2"})
    assert is_verified(resident, Method.REGISTER)


def test_the_account_page_links_to_the_verifications(client_for, resident):
    html = client_for(resident).get("/account/").content.decode()
    assert f'<a href="{URL}">Verify that you live here</a>' in html


def test_the_staff_list_runs_a_fixed_number_of_queries(client_for, org, admin, all_methods):
    scope = Scope.objects.create(organization=org, code="south", name={"en": "South"})
    numbers = itertools.count()

    def add(count):
        for _ in range(count):
            person = make_user(org, f"declarer-{next(numbers)}")
            services.verification_address_declare(organization=org, acting_user=person,
                                                   scope=scope, address="Str. Lungă 7")

    add(2)
    few, many = assert_constant_queries(client_for(admin), "/manage/verifications/",
                                        lambda: add(8))
    assert few.content.decode().count("Str. Lungă 7") == 2
    assert many.content.decode().count("Str. Lungă 7") == 10
