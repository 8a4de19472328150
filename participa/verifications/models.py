"""Verified-resident authorizations, per method. Identifiers (ID numbers, register entries,
e-mail addresses) are stored only as keyed hashes (``hashing.py``), unique per organization
and method: the base for one vote per resident."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.core.models import Organization, Scope


class Method(models.TextChoices):
    EMAIL_CODE = "email_code", _("E-mail address and code")
    ADDRESS = "address", _("Declared address")
    REGISTER = "register", _("Register of residents")
    ID_NUMBER = "id_number", _("Personal identification number")


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting")
    GRANTED = "granted", _("Verified")
    REVOKED = "revoked", _("Revoked")


ACTIVE = (Status.PENDING, Status.GRANTED)


class EnabledMethod(models.Model):
    """A verification method the organization offers (none by default)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="verification_methods")
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)

    class Meta:
        verbose_name = _("verification method")
        verbose_name_plural = _("verification methods")
        constraints = [
            models.UniqueConstraint(fields=["organization", "method"],
                                    name="verification_method_once"),
            models.CheckConstraint(condition=Q(method__in=Method.values),
                                   name="verification_method_known"),
        ]

    def __str__(self) -> str:
        return self.get_method_display()


class Authorization(models.Model):
    """A person's verification by one method: pending (a code sent, an address waiting for
    staff), granted, or revoked."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="verifications")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="verifications")
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    # HMAC-SHA256 of the identifier (hex); empty for a declared address.
    identifier_hash = models.CharField(max_length=64, blank=True)
    # Declared address: the scope and the address as typed (staff confirm it).
    scope = models.ForeignKey(Scope, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("district"))
    address = models.CharField(_("address"), max_length=300, blank=True)
    # E-mail and code: the hash of the code sent, its expiry and the attempts used.
    code_hash = models.CharField(max_length=64, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    granted_at = models.DateTimeField(_("verified on"), null=True, blank=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One resident, one identifier: the same ID number (register entry, address
            # e-mail) verifies one account per organization and method.
            models.UniqueConstraint(
                fields=["organization", "method", "identifier_hash"],
                condition=Q(status="granted") & ~Q(identifier_hash=""),
                name="verification_identifier_once",
            ),
            # At most one pending or granted verification per person and method.
            models.UniqueConstraint(
                fields=["user", "method"], condition=Q(status__in=["pending", "granted"]),
                name="verification_active_once_per_method",
            ),
            models.CheckConstraint(condition=Q(method__in=Method.values),
                                   name="verification_method_valid"),
            models.CheckConstraint(
                condition=~Q(status="granted") | Q(granted_at__isnull=False),
                name="verification_granted_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(method__in=["id_number", "register", "email_code"],
                             status="granted") | ~Q(identifier_hash=""),
                name="verification_identifier_hashed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} ({self.get_status_display()})"


class RegisterEntry(models.Model):
    """One resident of a register imported by staff, as a keyed hash only."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="register_entries")
    identifier_hash = models.CharField(max_length=64)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        constraints = [
            models.UniqueConstraint(fields=["organization", "identifier_hash"],
                                    name="register_entry_once"),
        ]

    def __str__(self) -> str:
        return f"register entry {self.pk}"
