"""Organizations (municipalities), people, groups, roles, scopes, areas and the audit log."""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from participa.core.actions import action_choices
from participa.core.i18n import translated
from participa.core.journal import journal_choices, sentence
from participa.lib import legal

HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #rrggbb."))


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(colour_a: str, colour_b: str) -> float:
    la, lb = relative_luminance(colour_a), relative_luminance(colour_b)
    lighter, darker = max(la, lb), min(la, lb)
    return (lighter + 0.05) / (darker + 0.05)


def validate_accent_contrast(value: str) -> None:
    """The accent colour carries white text (buttons, header): WCAG AA needs 4.5:1."""
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value or ""):
        return
    ratio = contrast_ratio(value, "#ffffff")
    if ratio < 4.5:
        raise ValidationError(
            _(
                "White text on this colour has a contrast of %(ratio).1f:1; "
                "choose a darker colour (at least 4.5:1)."
            ),
            params={"ratio": ratio},
        )


# The legal profile of a new organization.
DEFAULT_LEGAL_PROFILE = legal.RO

# The labels of the shipped legal profiles, marked for extraction here because participa/lib
# is not scanned for messages. A profile registered elsewhere may carry a lazy translation.
LEGAL_PROFILE_LABELS = (
    gettext_noop("Romania: Law 52/2003 on decisional transparency"),
    gettext_noop("Poland: art. 5a of the municipal self-government act"),
    gettext_noop("EU better regulation guidelines"),
)


def legal_profile_choices() -> list[tuple[str, str]]:
    """The registered legal profiles (participa.lib.legal), labelled in the active language."""
    return [(profile.code, gettext(profile.label)) for profile in legal.profiles()]


def legal_profile_label(code: str) -> str:
    """The profile's label in the active language; the code itself when it is unknown."""
    profile = legal.get_profile(code)
    return gettext(profile.label) if profile.is_known else code


def validate_legal_profile(value: str) -> None:
    if not legal.get_profile(value).is_known:
        raise ValidationError(_("Unknown legal profile: %(code)s."), params={"code": value})


def language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def validate_languages(value: Any) -> None:
    codes = {code for code, _name in settings.LANGUAGES}
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one language."))
    unknown = [code for code in value if code not in codes]
    if unknown:
        raise ValidationError(
            _("Unknown language: %(codes)s."), params={"codes": ", ".join(unknown)}
        )


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200)
    host = models.CharField(
        _("host name"), max_length=253, unique=True,
        help_text=_("The address residents open, without https://, e.g. participa.example.ro"),
    )
    secondary_hosts = models.JSONField(_("other host names"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, validators=[validate_languages])
    default_language = models.CharField(_("default language"), max_length=8)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Bucharest")
    logo = models.ImageField(_("logo"), upload_to="organizations/logos/", blank=True)
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#1d4e89",
        validators=[HEX_COLOUR, validate_accent_contrast],
    )
    # A code of participa.lib.legal's registry (a profile added there needs no migration).
    legal_profile = models.CharField(
        _("legal profile"), max_length=32, default=DEFAULT_LEGAL_PROFILE,
        validators=[validate_legal_profile],
    )
    # Overrides of the legal profile's parameters (e.g. {"min_comment_days": 15}); see
    # participa.lib.legal for the names and defaults.
    legal_parameters = models.JSONField(_("legal parameters"), default=dict, blank=True)
    # The text that replaces removed personal data, per language (default per language in
    # participa.lib.redaction).
    redaction_placeholders = models.JSONField(_("redaction placeholders"), default=dict,
                                              blank=True)
    # Names of public officials acting in office (the mayor, councillors, the consultation's
    # contact person) stay in published texts, as the cities' own published tables keep them.
    redaction_keep_officials = models.BooleanField(
        _("keep the names of officials acting in office"), default=True,
        help_text=_("The mayor, councillors and a consultation's contact person named in a "
                    "contribution stay visible when it is published. Residents' names are "
                    "always removed."),
    )
    description = models.JSONField(_("description"), default=dict, blank=True)
    accessibility_statement = models.JSONField(
        _("accessibility statement"), default=dict, blank=True
    )
    privacy_policy = models.JSONField(_("privacy policy"), default=dict, blank=True)
    terms_of_use = models.JSONField(_("terms of use"), default=dict, blank=True)
    terms_version = models.CharField(
        _("version of the terms of use and privacy notice"), max_length=40, default="1",
        help_text=_("Shown at sign-up and recorded with each acceptance. Change it whenever "
                    "the terms of use or the privacy notice change, e.g. 2026-03."),
    )
    require_staff_2fa = models.BooleanField(
        _("staff must use two-factor authentication"), default=False,
        help_text=_("Administrators, officials, moderators and space managers must set up a "
                    "second step (an authenticator app or a security key) before they can "
                    "open the back office. Residents are not affected."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.CheckConstraint(
                condition=Q(accent_colour__regex=r"^#[0-9a-fA-F]{6}$"), name="org_accent_hex"
            ),
            models.CheckConstraint(condition=~Q(terms_version=""),
                                   name="org_terms_version_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.languages and self.default_language not in self.languages:
            raise ValidationError(
                {"default_language": _("The default language must be one of the languages.")}
            )

    @property
    def interface_languages(self) -> list[str]:
        return list(self.languages)


class User(AbstractUser):
    """A person registered with one organization (superusers may have none).

    ``display_name`` is the only name ever shown publicly; ``legal_name`` is for staff
    processes that legally need it and is never rendered on public pages.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="users"
    )
    display_name = models.CharField(_("public name"), max_length=80, blank=True)
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    preferred_language = models.CharField(_("language"), max_length=8, blank=True)
    notification_preferences = models.JSONField(default=dict, blank=True)
    about = models.TextField(_("about me"), blank=True, max_length=1000)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            # One account per e-mail address in an organization; the same person may join
            # another municipality with the same address (a separate account there).
            models.UniqueConstraint(
                "organization", Lower("email"), condition=~Q(email=""),
                name="user_email_unique_per_org",
                violation_error_message=_(
                    "Another account of this organization already uses this e-mail address."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        if self.deleted_at:
            return str(_("Deleted participant"))
        return self.display_name or str(_("Participant"))

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @staticmethod
    def new_username() -> str:
        return "u" + secrets.token_hex(8)


class TermsAcceptance(models.Model):
    """A person accepted the organization's terms of use and privacy notice of a version."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="terms_acceptances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="terms_acceptances")
    version = models.CharField(_("version"), max_length=40)
    accepted_at = models.DateTimeField(_("accepted on"), default=timezone.now)

    class Meta:
        verbose_name = _("acceptance of the terms")
        verbose_name_plural = _("acceptances of the terms")
        ordering = ["-accepted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "user", "version"],
                                    name="terms_accepted_once_per_version"),
            models.CheckConstraint(condition=~Q(version=""), name="terms_acceptance_version"),
        ]

    def __str__(self) -> str:
        return f"{self.user} accepted {self.version}"


class RoleKind(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    OFFICIAL = "official", _("Official")
    DISTRICT_REPRESENTATIVE = "district_rep", _("District representative")
    MODERATOR = "moderator", _("Moderator")


class Scope(models.Model):
    """A territory: the city, a zone, a district, a neighbourhood (a tree)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="scopes")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("inside"),
    )
    name = models.JSONField(_("name"), default=dict)
    code = models.SlugField(_("code"), max_length=60)
    kind = models.CharField(_("type"), max_length=60, blank=True,
                            help_text=_("For example: zone, district, neighbourhood."))

    class Meta:
        verbose_name = _("scope")
        verbose_name_plural = _("scopes")
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="scope_code_unique"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="scope_not_own_parent"
            ),
        ]
        ordering = ["code"]

    def __str__(self) -> str:
        return translated(self.name)

    def ancestors(self) -> list[Scope]:
        chain: list[Scope] = []
        node = self.parent
        seen = {self.pk}
        while node is not None and node.pk not in seen:
            chain.insert(0, node)
            seen.add(node.pk)
            node = node.parent
        return chain

    def descendant_ids(self) -> set[int]:
        ids = {self.pk}
        frontier = [self.pk]
        while frontier:
            frontier = list(
                Scope.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            )
            frontier = [pk for pk in frontier if pk not in ids]
            ids.update(frontier)
        return ids


class Area(models.Model):
    """A policy area or department (e.g. urbanism, environment)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="areas")
    name = models.JSONField(_("name"), default=dict)
    code = models.SlugField(_("code"), max_length=60)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="area_code_unique"),
        ]
        ordering = ["code"]

    def __str__(self) -> str:
        return translated(self.name)


class Role(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True,
                             verbose_name=_("area"))
    scope = models.ForeignKey(Scope, on_delete=models.PROTECT, null=True, blank=True,
                              verbose_name=_("scope"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="official") | Q(area__isnull=False), name="role_official_has_area"
            ),
            models.CheckConstraint(
                condition=~Q(kind="district_rep") | Q(scope__isnull=False),
                name="role_district_rep_has_scope",
            ),
            # One role of a kind per person (per area for officials, per scope for representatives).
            models.UniqueConstraint(
                fields=["organization", "user", "kind"],
                condition=Q(area__isnull=True, scope__isnull=True), name="role_unique_unbound",
            ),
            models.UniqueConstraint(
                fields=["organization", "user", "kind", "area"],
                condition=Q(area__isnull=False), name="role_unique_per_area",
            ),
            models.UniqueConstraint(
                fields=["organization", "user", "kind", "scope"],
                condition=Q(scope__isnull=False), name="role_unique_per_scope",
            ),
        ]

    def __str__(self) -> str:
        bound = self.area or self.scope
        label = self.get_kind_display()
        return f"{label} ({bound})" if bound else str(label)


class GroupKind(models.TextChoices):
    NGO = "ngo", _("Non-governmental organization")
    INFORMAL = "informal", _("Informal group")
    PUBLIC_AUTHORITY = "authority", _("Public authority")


class UserGroup(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    kind = models.CharField(_("type"), max_length=20, choices=GroupKind.choices)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    website = models.URLField(_("website"), blank=True)
    registration_number = models.CharField(
        _("registration number"), max_length=64, blank=True,
        help_text=_("For NGOs: the number in the national register of associations."),
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="group_slug_unique"),
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class GroupMembership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Group administrator")
        MEMBER = "member", _("Member")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Asked to join")
        ACCEPTED = "accepted", _("Member")

    group = models.ForeignKey(UserGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="group_memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="group_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.group}"


class AuditEntry(models.Model):
    """Who did what to which object, with the changed fields (before → after)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, null=True,
                                     related_name="audit_entries")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              related_name="+")
    action = models.CharField(max_length=80, choices=action_choices)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "-created_at"])]
        constraints = [
            # Only action codes are stored, never free text: ``audit_record()`` refuses a code
            # that no registered enumeration declares (``participa.core.actions``).
            models.CheckConstraint(condition=Q(action__regex=r"^[a-z_]+\.[a-z_]+$"),
                                   name="auditentry_action_format"),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id}"


class JournalEntry(models.Model):
    """One line of the public journal: what the city did about a public item, and when.

    Redacted by construction (public values only, see ``participa.core.journal``); written by
    ``participa.core.audit.record`` with the audit entry of the same write. ``space`` and
    ``component`` place the line so that it is shown only to who may see them.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="journal_entries")
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, null=True, blank=True,
                              related_name="journal_entries")
    component = models.ForeignKey("spaces.Component", on_delete=models.CASCADE, null=True,
                                  blank=True, related_name="journal_entries")
    item_type = models.CharField(max_length=80)
    item_id = models.CharField(max_length=64)
    action = models.CharField(max_length=40, choices=journal_choices)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "-created_at", "-id"]),
                   models.Index(fields=["space", "-created_at", "-id"])]
        constraints = [
            # Only action codes, never free text: ``record()`` refuses a code that no registered
            # enumeration declares (``participa.core.journal``).
            models.CheckConstraint(condition=Q(action__regex=r"^[a-z_]+$"),
                                   name="journalentry_action_format"),
            # A component always sits in a space: a line about it names both.
            models.CheckConstraint(condition=Q(component__isnull=True) | Q(space__isnull=False),
                                   name="journalentry_component_has_space"),
        ]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal")

    def __str__(self) -> str:
        return self.sentence

    @property
    def sentence(self) -> str:
        return sentence(self.action, self.params)
