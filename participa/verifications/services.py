"""Every write of verifications: typed, keyword-only, atomic, audited (no identifier, code
or address ever goes into the audit log)."""

from __future__ import annotations

import csv
import datetime
import hmac
import io
import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from stdnum.exceptions import InvalidComponent, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import pesel
from stdnum.ro import cnp

from participa.core.actions import AuditAction
from participa.core.audit import audit_record
from participa.core.models import Organization, Scope, User
from participa.notifications import emails
from participa.notifications.models import EmailDelivery
from participa.notifications.tasks import deliver_emails
from participa.verifications.hashing import identifier_hash
from participa.verifications.models import (
    ACTIVE,
    Authorization,
    EnabledMethod,
    Method,
    RegisterEntry,
    Status,
)

CODE_LENGTH = 6
CODE_VALIDITY = datetime.timedelta(minutes=15)
MAX_ATTEMPTS = 5
RESEND_AFTER = datetime.timedelta(minutes=1)

ID_NUMBER_KINDS = {"ro_cnp": cnp, "pl_pesel": pesel}

IDENTIFIER_TAKEN = gettext_lazy(
    "This identifier already verifies another account in this organization. If it is yours, "
    "ask the city hall to revoke the other verification.")
ALREADY_VERIFIED = gettext_lazy("You are already verified by this method.")
METHOD_DISABLED = gettext_lazy("This verification method is not offered here.")


def methods_enabled(organization: Organization) -> list[str]:
    enabled = set(EnabledMethod.objects.filter(organization=organization)
                  .values_list("method", flat=True))
    return [method for method in Method.values if method in enabled]


@transaction.atomic
def verification_methods_set(*, organization: Organization, acting_user: User,
                             methods: Iterable[str]) -> list[str]:
    """Offer exactly ``methods``; audited with the list before and after."""
    wanted = [method for method in Method.values if method in set(methods)]
    before = methods_enabled(organization)
    EnabledMethod.objects.filter(organization=organization).exclude(method__in=wanted).delete()
    for method in wanted:
        EnabledMethod.objects.get_or_create(organization=organization, method=method)
    if before != wanted:
        audit_record(organization=organization, actor=acting_user,
                     action=AuditAction.VERIFICATION_METHODS_UPDATE, obj=organization,
                     changes={"methods": [before, wanted]})
    return wanted


def _check_offered(organization: Organization, user: User, method: str) -> None:
    if user.organization_id != organization.pk:
        raise ValidationError(METHOD_DISABLED)
    if not EnabledMethod.objects.filter(organization=organization, method=method).exists():
        raise ValidationError(METHOD_DISABLED)


def _active(organization: Organization, user: User, method: str) -> Authorization | None:
    return (Authorization.objects.select_for_update()
            .filter(organization=organization, user=user, method=method, status__in=ACTIVE)
            .first())


def _active_elsewhere(authorization: Authorization) -> bool:
    """Another pending or granted verification of the same person by the same method."""
    return Authorization.objects.filter(
        user_id=authorization.user_id, method=authorization.method, status__in=ACTIVE,
    ).exclude(pk=authorization.pk).exists()


def _grant(authorization: Authorization, *, acting_user: User, digest: str) -> Authorization:
    """Save ``authorization`` as granted with ``digest``; refused (nothing saved) when the
    identifier already verifies another account, including one granted at the same moment."""
    authorization.identifier_hash = digest
    authorization.status = Status.GRANTED
    authorization.granted_at = timezone.now()
    authorization.granted_by = acting_user if acting_user.pk != authorization.user_id else None
    authorization.code_hash = ""
    if _active_elsewhere(authorization):
        raise ValidationError(ALREADY_VERIFIED, code="already_verified")
    holder = Authorization.objects.filter(
        organization_id=authorization.organization_id, method=authorization.method,
        identifier_hash=digest, status=Status.GRANTED,
    ).exclude(pk=authorization.pk).values_list("user_id", flat=True).first() if digest else None
    if holder is not None:
        # The person's own request granted at the same moment (a double click) is "already
        # verified", not somebody else's number.
        if holder == authorization.user_id:
            raise ValidationError(ALREADY_VERIFIED, code="already_verified")
        raise ValidationError(IDENTIFIER_TAKEN, code="identifier_taken")
    try:
        with transaction.atomic():
            authorization.save()
    except IntegrityError as error:  # granted by a concurrent request since the check
        if _active_elsewhere(authorization):
            raise ValidationError(ALREADY_VERIFIED, code="already_verified") from error
        raise ValidationError(IDENTIFIER_TAKEN, code="identifier_taken") from error
    audit_record(organization=authorization.organization, actor=acting_user,
                 action=AuditAction.VERIFICATION_GRANT, obj=authorization,
                 changes={"method": authorization.method, "status": [None, Status.GRANTED]})
    return authorization


def _new(organization: Organization, user: User, method: str) -> Authorization:
    if _active(organization, user, method) is not None:
        raise ValidationError(ALREADY_VERIFIED, code="already_verified")
    return Authorization(organization=organization, user=user, method=method)


# --- ID number --------------------------------------------------------------------------------


def check_id_number(kind: str, number: str) -> str:
    """The number in its compact form, or a ValidationError naming what is wrong."""
    module = ID_NUMBER_KINDS.get(kind)
    if module is None:
        raise ValidationError({"kind": _("Choose the kind of number.")})
    try:
        return str(module.validate(number))
    except InvalidLength as error:
        raise ValidationError({"number": _("A CNP has 13 digits.") if kind == "ro_cnp"
                               else _("A PESEL has 11 digits.")}) from error
    except InvalidComponent as error:  # the date of birth (and, for a CNP, the county code)
        raise ValidationError({"number": _(
            "This CNP does not contain a valid date of birth and county.") if kind == "ro_cnp"
            else _("This PESEL does not contain a valid date of birth.")}) from error
    except StdnumError as error:  # a wrong check digit, or not digits
        raise ValidationError({"number": _("This is not a valid CNP: check the digits.")
                               if kind == "ro_cnp"
                               else _("This is not a valid PESEL: check the digits.")}) from error


@transaction.atomic
def verification_id_number(*, organization: Organization, acting_user: User, kind: str,
                           number: str) -> Authorization:
    """Verify the person by a Romanian CNP or a Polish PESEL (checksum, and the date of birth
    for a CNP); only the keyed hash of the number is stored."""
    _check_offered(organization, acting_user, Method.ID_NUMBER)
    compact = check_id_number(kind, number)
    authorization = _new(organization, acting_user, Method.ID_NUMBER)
    return _grant(authorization, acting_user=acting_user,
                  digest=identifier_hash(organization.pk, kind, compact))


# --- Register ---------------------------------------------------------------------------------


def register_key(identifier: str = "", name: str = "", address: str = "") -> tuple[str, str]:
    """(kind, value) hashed for a register row: an identifier, or a name with an address."""
    if identifier.strip():
        return "register_id", identifier
    return "register_name_address", f"{name}|{address}"


def parse_register(data: bytes) -> list[tuple[str, str]]:
    """The (kind, value) of each row of a CSV file: one column (an identifier) or two
    (name, address); an optional header row is skipped; empty rows are ignored."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError({"file": _("Save the file as CSV in UTF-8.")}) from error
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:2048], ",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for number, row in enumerate(csv.reader(io.StringIO(text), dialect), 1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if number == 1 and cells[0].casefold() in {"identifier", "id", "name", "nume",
                                                   "imię i nazwisko", "identyfikator"}:
            continue
        if len([cell for cell in cells if cell]) == 1:
            rows.append(register_key(identifier=next(cell for cell in cells if cell)))
        elif len(cells) >= 2 and cells[0] and cells[1]:
            rows.append(register_key(name=cells[0], address=cells[1]))
        else:
            raise ValidationError({"file": _(
                "Row %(row)s has neither an identifier nor a name and an address."
            ) % {"row": number}})
    if not rows:
        raise ValidationError({"file": _("The file has no rows.")})
    return rows


@transaction.atomic
def verification_register_import(*, organization: Organization, acting_user: User,
                                 data: bytes, replace: bool = False) -> int:
    """Import a register (CSV) as keyed hashes; returns the number of new entries."""
    rows = parse_register(data)
    if replace:
        RegisterEntry.objects.filter(organization=organization).delete()
    digests = {identifier_hash(organization.pk, kind, value) for kind, value in rows}
    existing = set(RegisterEntry.objects.filter(organization=organization,
                                                identifier_hash__in=digests)
                   .values_list("identifier_hash", flat=True))
    new = [RegisterEntry(organization=organization, identifier_hash=digest)
           for digest in sorted(digests - existing)]
    RegisterEntry.objects.bulk_create(new, ignore_conflicts=True)
    audit_record(organization=organization, actor=acting_user,
                 action=AuditAction.VERIFICATION_REGISTER_IMPORT, obj=organization,
                 changes={"rows": len(rows), "added": len(new), "replaced": replace})
    return len(new)


@transaction.atomic
def verification_register_match(*, organization: Organization, acting_user: User,
                                identifier: str = "", name: str = "",
                                address: str = "") -> Authorization:
    """Verify the person when what they typed matches an entry of the imported register."""
    _check_offered(organization, acting_user, Method.REGISTER)
    kind, value = register_key(identifier=identifier, name=name, address=address)
    if not value.strip("|").strip():
        raise ValidationError({"identifier": _(
            "Enter your identifier, or your name and your address.")})
    digest = identifier_hash(organization.pk, kind, value)
    if not RegisterEntry.objects.filter(organization=organization,
                                        identifier_hash=digest).exists():
        raise ValidationError(_(
            "We did not find this in the register. Check what you typed, exactly as in the "
            "register, or ask the city hall."), code="not_in_register")
    authorization = _new(organization, acting_user, Method.REGISTER)
    return _grant(authorization, acting_user=acting_user, digest=digest)


# --- Declared address -------------------------------------------------------------------------


@transaction.atomic
def verification_address_declare(*, organization: Organization, acting_user: User,
                                 scope: Scope, address: str) -> Authorization:
    """The person declares an address in a district; staff confirm it later."""
    _check_offered(organization, acting_user, Method.ADDRESS)
    if scope.organization_id != organization.pk:
        raise ValidationError({"scope": _("Choose a district.")})
    address = " ".join((address or "").split())
    if not address:
        raise ValidationError({"address": _("Enter your address.")})
    authorization = _new(organization, acting_user, Method.ADDRESS)
    authorization.scope = scope
    authorization.address = address[:300]
    authorization.save()
    audit_record(organization=organization, actor=acting_user,
                 action=AuditAction.VERIFICATION_ADDRESS_DECLARE, obj=authorization,
                 changes={"method": Method.ADDRESS, "scope": scope.pk})
    return authorization


@transaction.atomic
def verification_address_confirm(*, authorization: Authorization,
                                 acting_user: User) -> Authorization:
    fresh = Authorization.objects.select_for_update().get(pk=authorization.pk)
    if fresh.method != Method.ADDRESS or fresh.status != Status.PENDING:
        raise ValidationError(_("Only a declared address that is waiting can be confirmed."))
    return _grant(fresh, acting_user=acting_user, digest="")


# --- E-mail and code --------------------------------------------------------------------------


def _code_hash(authorization_pk: int, code: str) -> str:
    return identifier_hash(authorization_pk, "code", code)


@transaction.atomic
def verification_email_code_send(*, organization: Organization,
                                 acting_user: User) -> tuple[Authorization, str]:
    """Send a new code to the person's e-mail address (a pending verification; a new
    request replaces the code and the attempts)."""
    _check_offered(organization, acting_user, Method.EMAIL_CODE)
    if not acting_user.email:
        raise ValidationError(_("Your account has no e-mail address."))
    authorization = _active(organization, acting_user, Method.EMAIL_CODE)
    if authorization is not None and authorization.status == Status.GRANTED:
        raise ValidationError(ALREADY_VERIFIED, code="already_verified")
    if authorization is None:
        authorization = Authorization(organization=organization, user=acting_user,
                                      method=Method.EMAIL_CODE)
        authorization.save()
    elif (authorization.code_expires_at is not None
          and authorization.code_expires_at - CODE_VALIDITY + RESEND_AFTER > timezone.now()):
        raise ValidationError(_("A code was sent less than a minute ago. Wait a moment, then "
                                "ask for a new one."), code="too_soon")
    code = "".join(secrets.choice("0123456789") for _digit in range(CODE_LENGTH))
    authorization.code_hash = _code_hash(authorization.pk, code)
    authorization.code_expires_at = timezone.now() + CODE_VALIDITY
    authorization.attempts = 0
    authorization.save(update_fields=["code_hash", "code_expires_at", "attempts"])
    audit_record(organization=organization, actor=acting_user,
                 action=AuditAction.VERIFICATION_CODE_SEND, obj=authorization,
                 changes={"method": Method.EMAIL_CODE})
    _send_code(organization, acting_user, code)
    return authorization, code


def _send_code(organization: Organization, user: User, code: str) -> None:
    with translation.override(emails.user_language(user, organization)):
        subject = _("%(organization)s: your verification code") % {
            "organization": organization.name}
        minutes = int(CODE_VALIDITY.total_seconds() // 60)
        body = ngettext(
            "Your verification code is %(code)s. It is valid for %(minutes)s minute. "
            "If you did not ask for it, ignore this e-mail.",
            "Your verification code is %(code)s. It is valid for %(minutes)s minutes. "
            "If you did not ask for it, ignore this e-mail.", minutes) % {
            "code": code, "minutes": minutes}
    delivery = EmailDelivery.objects.create(
        organization=organization, recipient=user, to_email=user.email,
        kind=EmailDelivery.Kind.ACCOUNT, subject=subject[:300], body_text=body, body_html="")
    transaction.on_commit(lambda: deliver_emails.enqueue([delivery.pk]))


def verification_email_code_confirm(*, organization: Organization, acting_user: User,
                                    code: str) -> Authorization:
    """Check the code typed: expired, wrong (a limited number of attempts, each one counted
    even though the request is refused) or right."""
    with transaction.atomic():
        outcome = _check_code(organization, acting_user, code)
    if isinstance(outcome, int):
        raise ValidationError({"code": _wrong_code_message(outcome)})
    return outcome


def _check_code(organization: Organization, user: User, code: str) -> Authorization | int:
    """The granted verification, or the number of attempts left after a wrong code."""
    _check_offered(organization, user, Method.EMAIL_CODE)
    authorization = _active(organization, user, Method.EMAIL_CODE)
    if authorization is not None and authorization.status == Status.GRANTED:
        raise ValidationError(ALREADY_VERIFIED, code="already_verified")
    if authorization is None or not authorization.code_hash:
        raise ValidationError({"code": _("Ask for a code first.")})
    if authorization.attempts >= MAX_ATTEMPTS:
        raise ValidationError({"code": _("Too many wrong codes. Ask for a new code.")})
    if authorization.code_expires_at is None or authorization.code_expires_at < timezone.now():
        raise ValidationError({"code": _("This code has expired. Ask for a new code.")})
    typed = "".join((code or "").split())
    if not hmac.compare_digest(_code_hash(authorization.pk, typed), authorization.code_hash):
        authorization.attempts += 1
        authorization.save(update_fields=["attempts"])
        return MAX_ATTEMPTS - authorization.attempts
    return _grant(authorization, acting_user=user,
                  digest=identifier_hash(organization.pk, "email", user.email))


def _wrong_code_message(left: int) -> str:
    if not left:
        return _("This code is not right. Ask for a new code.")
    return ngettext("This code is not right. You have %(count)s more attempt.",
                    "This code is not right. You have %(count)s more attempts.",
                    left) % {"count": left}


# --- Revoke -----------------------------------------------------------------------------------


@transaction.atomic
def verification_revoke(*, authorization: Authorization, acting_user: User) -> Authorization:
    """End a verification (the person's own, or any by staff); the identifier is free again."""
    fresh = Authorization.objects.select_for_update().get(pk=authorization.pk)
    if fresh.status == Status.REVOKED:
        return fresh
    before = fresh.status
    fresh.status = Status.REVOKED
    fresh.revoked_at = timezone.now()
    fresh.code_hash = ""
    fresh.save(update_fields=["status", "revoked_at", "code_hash"])
    audit_record(organization=fresh.organization, actor=acting_user,
                 action=AuditAction.VERIFICATION_REVOKE, obj=fresh,
                 changes={"method": fresh.method, "status": [before, Status.REVOKED]})
    return fresh


def verifications_erase_person(*, user: User, **_signal: Any) -> int:
    """A deleted account (``core.signals.person_erased``, inside the deleting transaction):
    its declared addresses and codes go and what was waiting is revoked. A granted
    verification keeps its keyed hash, so that the same identifier still cannot verify a
    second account here (one vote per resident); the hash names nobody. Answers the number of
    the person's verifications."""
    rows = Authorization.objects.filter(user=user)
    rows.filter(status=Status.PENDING).update(status=Status.REVOKED, revoked_at=timezone.now())
    return rows.update(address="", code_hash="", code_expires_at=None)
