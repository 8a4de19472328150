"""Verification services: each method, the keyed hash, one identifier per account and
organization, revocation, audit entries without personal values."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from participa.conftest import make_user
from participa.core.models import AuditEntry, Scope
from participa.verifications import services
from participa.verifications.hashing import identifier_hash, normalize
from participa.verifications.models import Authorization, Method, RegisterEntry, Status
from participa.verifications.permissions import is_verified
from participa.verifications.tests.conftest import VALID_CNP, VALID_PESEL, enable

pytestmark = pytest.mark.django_db


def messages(error: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return list(error.value.messages)


def test_it_verifies_a_valid_cnp_and_stores_only_its_keyed_hash(all_methods, org, resident):
    authorization = services.verification_id_number(
        organization=org, acting_user=resident, kind="ro_cnp", number=f" {VALID_CNP} ")
    authorization.refresh_from_db()
    assert authorization.status == Status.GRANTED
    assert authorization.identifier_hash == identifier_hash(org.pk, "ro_cnp", VALID_CNP)
    assert VALID_CNP not in str(Authorization.objects.filter(pk=authorization.pk).values()[0])
    assert is_verified(resident) and is_verified(resident, Method.ID_NUMBER)
    assert not is_verified(resident, Method.ADDRESS)
    entry = AuditEntry.objects.get(action="verification.grant")
    assert entry.actor == resident
    assert entry.changes == {"method": "id_number", "status": [None, "granted"]}
    assert VALID_CNP not in str(entry.changes) + entry.object_repr


def test_the_hash_is_an_hmac_keyed_by_the_setting_and_the_organization(org, other_org,
                                                                       settings):
    settings.VERIFICATION_HASH_KEY = "a-dedicated-key"
    expected = hmac.new(b"a-dedicated-key", f"{org.pk}:ro_cnp:{VALID_CNP}".encode(),
                        hashlib.sha256).hexdigest()
    assert identifier_hash(org.pk, "ro_cnp", VALID_CNP) == expected
    assert identifier_hash(other_org.pk, "ro_cnp", VALID_CNP) != expected
    settings.VERIFICATION_HASH_KEY = ""
    assert identifier_hash(org.pk, "ro_cnp", VALID_CNP) != expected  # derived from SECRET_KEY
    assert re.fullmatch(r"[0-9a-f]{64}", identifier_hash(org.pk, "ro_cnp", VALID_CNP))
    assert normalize("  Ștefan  CEL-Mare, 12 ") == "stefan cel mare 12"


@pytest.mark.parametrize(("kind", "number", "message"), [
    ("ro_cnp", "1800101221145", "This is not a valid CNP: check the digits."),
    ("ro_cnp", "1801301221142", "This CNP does not contain a valid date of birth and county."),
    ("ro_cnp", "180010122114", "A CNP has 13 digits."),
    ("pl_pesel", "44051401358", "This is not a valid PESEL: check the digits."),
    ("pl_pesel", "4405140135", "A PESEL has 11 digits."),
])
def test_it_refuses_an_invalid_id_number_with_the_reason(all_methods, org, resident, kind,
                                                         number, message):
    with pytest.raises(ValidationError) as error:
        services.verification_id_number(organization=org, acting_user=resident, kind=kind,
                                        number=number)
    assert error.value.message_dict == {"number": [message]}
    assert not Authorization.objects.exists()


def test_it_accepts_a_pesel(all_methods, org, resident):
    services.verification_id_number(organization=org, acting_user=resident, kind="pl_pesel",
                                    number=VALID_PESEL)
    assert is_verified(resident, Method.ID_NUMBER)


def test_one_cnp_verifies_one_account_per_organization(all_methods, org, other_org, resident,
                                                       ngo_member):
    services.verification_id_number(organization=org, acting_user=resident, kind="ro_cnp",
                                    number=VALID_CNP)
    with pytest.raises(ValidationError) as error:
        services.verification_id_number(organization=org, acting_user=ngo_member,
                                        kind="ro_cnp", number=VALID_CNP)
    assert error.value.code == "identifier_taken"
    assert messages(error) == [str(services.IDENTIFIER_TAKEN)]
    assert not is_verified(ngo_member)
    # The same person in another municipality: a separate account, allowed there.
    elsewhere = make_user(other_org, "resident_elsewhere")
    services.verification_id_number(organization=other_org, acting_user=elsewhere,
                                    kind="ro_cnp", number=VALID_CNP)
    assert is_verified(elsewhere)


def test_the_database_refuses_one_identifier_granted_twice(org, resident, ngo_member):
    digest = identifier_hash(org.pk, "ro_cnp", VALID_CNP)
    now = timezone.now()
    Authorization.objects.create(organization=org, user=resident, method=Method.ID_NUMBER,
                                 status=Status.GRANTED, granted_at=now, identifier_hash=digest)
    with pytest.raises(IntegrityError), transaction.atomic():
        Authorization.objects.create(organization=org, user=ngo_member,
                                     method=Method.ID_NUMBER, status=Status.GRANTED,
                                     granted_at=now, identifier_hash=digest)
    with pytest.raises(IntegrityError), transaction.atomic():
        Authorization.objects.create(organization=org, user=ngo_member,
                                     method=Method.ID_NUMBER, status=Status.GRANTED,
                                     granted_at=now, identifier_hash="")


def test_revoking_frees_the_identifier(all_methods, org, resident, ngo_member, admin):
    first = services.verification_id_number(organization=org, acting_user=resident,
                                            kind="ro_cnp", number=VALID_CNP)
    services.verification_revoke(authorization=first, acting_user=admin)
    assert not is_verified(resident)
    entry = AuditEntry.objects.get(action="verification.revoke")
    assert (entry.actor, entry.changes["status"]) == (admin, ["granted", "revoked"])
    services.verification_id_number(organization=org, acting_user=ngo_member, kind="ro_cnp",
                                    number=VALID_CNP)
    assert is_verified(ngo_member)


def test_it_refuses_a_method_the_organization_does_not_offer(org, resident):
    enable(org, Method.ADDRESS)
    with pytest.raises(ValidationError) as error:
        services.verification_id_number(organization=org, acting_user=resident,
                                        kind="ro_cnp", number=VALID_CNP)
    assert messages(error) == ["This verification method is not offered here."]


def test_it_refuses_a_second_verification_by_the_same_method(all_methods, org, resident):
    services.verification_id_number(organization=org, acting_user=resident, kind="ro_cnp",
                                    number=VALID_CNP)
    with pytest.raises(ValidationError) as error:
        services.verification_id_number(organization=org, acting_user=resident,
                                        kind="pl_pesel", number=VALID_PESEL)
    assert messages(error) == ["You are already verified by this method."]


def test_it_matches_an_imported_register_by_identifier_or_name_and_address(
        all_methods, org, admin, resident, ngo_member):
    data = b"identifier\nAB-123\n\nAna Pop,Str. Florilor 3\n"  # a header, an empty row
    assert services.verification_register_import(organization=org, acting_user=admin,
                                                 data=data) == 2
    assert RegisterEntry.objects.filter(organization=org).count() == 2
    assert b"AB-123" not in str(list(RegisterEntry.objects.values())).encode()
    entry = AuditEntry.objects.get(action="verification.register_import")
    assert entry.changes == {"rows": 2, "added": 2, "replaced": False}
    # Importing again adds nothing.
    assert services.verification_register_import(organization=org, acting_user=admin,
                                                 data=data) == 0

    with pytest.raises(ValidationError) as error:
        services.verification_register_match(organization=org, acting_user=resident,
                                             identifier="AB-124")
    assert error.value.code == "not_in_register"
    services.verification_register_match(organization=org, acting_user=resident,
                                         identifier="ab 123")
    services.verification_register_match(organization=org, acting_user=ngo_member,
                                         name="ANA POP", address="str florilor 3")
    assert is_verified(resident, Method.REGISTER) and is_verified(ngo_member, Method.REGISTER)


def test_it_explains_a_register_file_it_cannot_read(org, admin):
    with pytest.raises(ValidationError) as error:
        services.verification_register_import(organization=org, acting_user=admin,
                                              data="a,b\n,\u00e9,x,y\n".encode("latin-1"))
    assert error.value.message_dict == {"file": ["Save the file as CSV in UTF-8."]}
    with pytest.raises(ValidationError) as error:
        services.verification_register_import(organization=org, acting_user=admin, data=b"\n")
    assert error.value.message_dict == {"file": ["The file has no rows."]}


def test_a_declared_address_waits_for_staff(all_methods, org, resident, admin, scope):
    authorization = services.verification_address_declare(
        organization=org, acting_user=resident, scope=scope, address="  Str. Lungă  7 ")
    assert (authorization.status, authorization.address) == (Status.PENDING, "Str. Lungă 7")
    assert not is_verified(resident)
    services.verification_address_confirm(authorization=authorization, acting_user=admin)
    authorization.refresh_from_db()
    assert authorization.status == Status.GRANTED and authorization.granted_by == admin
    assert is_verified(resident, Method.ADDRESS)
    declared = AuditEntry.objects.get(action="verification.address_declare")
    assert "Lungă" not in str(declared.changes)


def test_it_refuses_a_district_of_another_organization(all_methods, org, other_org, resident):
    foreign = Scope.objects.create(organization=other_org, code="x", name={"en": "X"})
    with pytest.raises(ValidationError) as error:
        services.verification_address_declare(organization=org, acting_user=resident,
                                               scope=foreign, address="Str. 1")
    assert error.value.message_dict == {"scope": ["Choose a district."]}


def test_it_verifies_by_a_code_sent_by_email(all_methods, org, resident, mailoutbox,
                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _authorization, code = services.verification_email_code_send(organization=org,
                                                                     acting_user=resident)
    assert len(mailoutbox) == 1 and code in mailoutbox[0].body
    assert mailoutbox[0].to == [resident.email]
    pending = Authorization.objects.get(user=resident)
    assert pending.status == Status.PENDING and code not in pending.code_hash
    services.verification_email_code_confirm(organization=org, acting_user=resident,
                                             code=f" {code} ")
    assert is_verified(resident, Method.EMAIL_CODE)


def test_it_counts_wrong_codes_and_stops_after_the_limit(all_methods, org, resident):
    _authorization, code = services.verification_email_code_send(organization=org,
                                                                 acting_user=resident)
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        with pytest.raises(ValidationError) as error:
            services.verification_email_code_confirm(organization=org, acting_user=resident,
                                                     code=wrong)
        expected = (f"This code is not right. You have {left} more attempt"
                    + ("s." if left > 1 else "."))
        assert error.value.message_dict == {"code": [expected]}
    with pytest.raises(ValidationError) as error:
        services.verification_email_code_confirm(organization=org, acting_user=resident,
                                                 code=wrong)
    assert error.value.message_dict == {"code": ["This code is not right. Ask for a new code."]}
    with pytest.raises(ValidationError) as error:  # even the right code, now
        services.verification_email_code_confirm(organization=org, acting_user=resident,
                                                 code=code)
    assert error.value.message_dict == {"code": ["Too many wrong codes. Ask for a new code."]}
    assert not is_verified(resident)
    # A new code (not within a minute of the last one) starts again.
    with pytest.raises(ValidationError) as error:
        services.verification_email_code_send(organization=org, acting_user=resident)
    assert error.value.code == "too_soon"
    Authorization.objects.filter(user=resident).update(
        code_expires_at=timezone.now() + services.CODE_VALIDITY - datetime.timedelta(minutes=2))
    _authorization, code = services.verification_email_code_send(organization=org,
                                                                 acting_user=resident)
    services.verification_email_code_confirm(organization=org, acting_user=resident, code=code)
    assert is_verified(resident)


def test_it_refuses_an_expired_code(all_methods, org, resident):
    authorization, code = services.verification_email_code_send(organization=org,
                                                                acting_user=resident)
    Authorization.objects.filter(pk=authorization.pk).update(
        code_expires_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(ValidationError) as error:
        services.verification_email_code_confirm(organization=org, acting_user=resident,
                                                 code=code)
    assert error.value.message_dict == {"code": ["This code has expired. Ask for a new code."]}


def test_it_sets_the_methods_offered_with_an_audit_entry(org, admin):
    services.verification_methods_set(organization=org, acting_user=admin,
                                      methods=["id_number", "address", "bogus"])
    assert services.methods_enabled(org) == ["address", "id_number"]
    entry = AuditEntry.objects.get(action="verification.methods_update")
    assert entry.changes == {"methods": [[], ["address", "id_number"]]}


def test_nobody_anonymous_or_of_another_organization_is_verified(all_methods, org, resident,
                                                                 outsider):
    from django.contrib.auth.models import AnonymousUser

    services.verification_id_number(organization=org, acting_user=resident, kind="ro_cnp",
                                    number=VALID_CNP)
    assert not is_verified(AnonymousUser())
    assert not is_verified(outsider)
    with pytest.raises(ValidationError):  # a person verifies only in their own organization
        services.verification_id_number(organization=org, acting_user=outsider,
                                        kind="pl_pesel", number=VALID_PESEL)


def test_deleting_an_account_erases_its_addresses_and_codes_but_keeps_one_number_one_account(
        all_methods, org, resident):
    from participa.spaces.people import user_delete_account

    scope = Scope.objects.create(organization=org, code="north", name={"en": "North"})
    declared = services.verification_address_declare(
        organization=org, acting_user=resident, scope=scope, address="Str. Lungă 7")
    granted = services.verification_id_number(
        organization=org, acting_user=resident, kind="ro_cnp", number=VALID_CNP)
    waiting, _code = services.verification_email_code_send(organization=org,
                                                           acting_user=resident)
    user_delete_account(acting_user=resident, user=resident)
    declared.refresh_from_db()
    granted.refresh_from_db()
    waiting.refresh_from_db()
    assert (declared.address, declared.status) == ("", Status.REVOKED)
    assert (waiting.code_hash, waiting.status) == ("", Status.REVOKED)
    assert granted.status == Status.GRANTED
    assert granted.identifier_hash == identifier_hash(org.pk, "ro_cnp", VALID_CNP)
    newcomer = make_user(org, "newcomer")
    with pytest.raises(ValidationError) as error:
        services.verification_id_number(organization=org, acting_user=newcomer,
                                        kind="ro_cnp", number=VALID_CNP)
    assert messages(error) == [
        "This identifier already verifies another account in this organization. If it is "
        "yours, ask the city hall to revoke the other verification."]
