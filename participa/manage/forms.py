"""Forms of the back office. Views hand their cleaned values to the audited services."""

from __future__ import annotations

import re
import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participa.core.form_fields import choice_field, model_choice_field
from participa.core.forms_i18n import TranslatedModelForm
from participa.core.models import (
    Area,
    Organization,
    RoleKind,
    Scope,
    User,
    language_choices,
    legal_profile_choices,
)
from participa.lib import legal
from participa.lib.redaction import DEFAULT_PLACEHOLDERS
from participa.spaces.models import Component, Phase, Space, SpaceMembership
from participa.spaces.registry import ComponentSpec, all_specs

HOST_RE = re.compile(
    r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)
NO_SUCH_PERSON = _("No person with this e-mail address is registered here.")


def check_image_upload(value: Any) -> Any:
    """Limit the size of a newly uploaded image (an existing file is left alone)."""
    if isinstance(value, UploadedFile) and value.size and (
        value.size > settings.MAX_IMAGE_UPLOAD_BYTES
    ):
        raise ValidationError(
            _("The image is too large (%(size).1f MB); the limit is %(limit).1f MB."),
            params={"size": value.size / 1024 / 1024,
                    "limit": settings.MAX_IMAGE_UPLOAD_BYTES / 1024 / 1024},
        )
    return value


def image_field(label: Any, help_text: Any = "") -> forms.ImageField:
    return forms.ImageField(
        label=label, required=False, help_text=help_text,
        error_messages={"invalid_image": _(
            "This file is not an image. Upload a PNG, JPEG, GIF or WebP picture."
        )},
    )


def find_person(organization: Organization, email: str) -> User | None:
    """The active person of ``organization`` with this e-mail address (any letter case)."""
    return (
        User.objects.filter(organization=organization, email__iexact=email.strip(),
                            deleted_at__isnull=True, is_active=True)
        .order_by("pk")
        .first()
    )


# --- Organization -----------------------------------------------------------------------------


# The legal profiles' numeric parameters an organization may set for itself (empty = the law's
# default, shown in the help text). Names and defaults are those of participa.lib.legal.
LEGAL_PARAMETERS: dict[str, Any] = {
    "min_comment_days": _("Minimum days for written recommendations"),
    "min_working_days_to_endorsement": _("Minimum working days from announcement to "
                                         "endorsement"),
    "min_duration_days": _("Minimum duration of a consultation, in days"),
    "min_duration_weeks": _("Minimum duration of a consultation, in weeks"),
    "notice_days": _("Days of notice before a consultation starts"),
    "min_channels": _("Minimum number of channels besides written comments"),
    "report_days": _("Days after closing to publish the report"),
    "debate_response_days": _("Days to hold a requested public debate"),
}


class OrganizationForm(TranslatedModelForm):
    translated_fields = {
        "description": {"widget": "textarea",
                        "help_text": _("Shown on the home page. Markdown is allowed.")},
        "accessibility_statement": {"widget": "textarea", "rows": 10,
                                    "help_text": _("Markdown is allowed.")},
        "privacy_policy": {"widget": "textarea", "rows": 10,
                           "help_text": _("Markdown is allowed.")},
        "terms_of_use": {"widget": "textarea", "rows": 10,
                         "help_text": _("Markdown is allowed. Leave empty for the default "
                                        "text.")},
    }

    secondary_hosts = forms.CharField(
        label=_("Other host names"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, e.g. www.participa.example.ro. Leave empty if none."),
    )
    default_language = forms.ChoiceField(label=_("Default language"), choices=language_choices)
    time_zone = forms.CharField(
        label=_("Time zone"), max_length=64,
        help_text=_("A name from the time zone database, e.g. Europe/Bucharest or "
                    "Europe/Warsaw."),
    )
    logo = image_field(_("Logo"), _("A square PNG, JPEG, GIF or WebP picture."))

    class Meta:
        model = Organization
        fields = [
            "name", "host", "secondary_hosts", "languages", "default_language", "time_zone",
            "logo", "accent_colour", "legal_profile", "description", "accessibility_statement",
            "privacy_policy", "redaction_keep_officials", "terms_of_use", "terms_version",
            "require_staff_2fa",
        ]
        help_texts = {
            "accent_colour": _("As #rrggbb. White text must be readable on it (contrast at "
                               "least 4.5:1)."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Declared here, not on the class: the multilingual mixin uses ``self.languages``.
        self.fields["languages"] = forms.MultipleChoiceField(
            label=_("Languages"), choices=language_choices, widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Choose at least one language.")},
        )
        if not self.is_bound:
            self.initial["secondary_hosts"] = "\n".join(self.instance.secondary_hosts or [])
        self.fields["legal_profile"] = forms.ChoiceField(
            label=_("Legal profile"), choices=legal_profile_choices)
        self._add_legal_fields()
        self.fields["terms_version"].required = False
        self.fields["host"].help_text = _(
            "The address residents open, without https://, e.g. participa.example.ro. "
            "Changing it moves the site: keep the old name among the other host names until "
            "the new one works."
        )

    def _add_legal_fields(self) -> None:
        """One optional number per parameter of the current profile, and the placeholder of
        removed personal data per language."""
        defaults = legal.PROFILES.get(self.instance.legal_profile, {})
        overrides = self.instance.legal_parameters or {}
        for name, label in LEGAL_PARAMETERS.items():
            if name not in defaults:
                continue
            default = defaults[name]
            self.fields[f"legal_{name}"] = forms.IntegerField(
                label=label, required=False, min_value=0, max_value=365,
                initial=overrides.get(name),
                help_text=(_("Leave empty for the law's default: %(value)s.")
                           % {"value": default}) if default is not None
                else _("Leave empty for no deadline."),
            )
        placeholders = self.instance.redaction_placeholders or {}
        for code, language_name in settings.LANGUAGES:
            self.fields[f"placeholder_{code}"] = forms.CharField(
                label=_("Text that replaces removed personal data (%(language)s)")
                % {"language": language_name},
                required=False, max_length=40, initial=placeholders.get(code, ""),
                help_text=_("Leave empty for the default: %(value)s")
                % {"value": DEFAULT_PLACEHOLDERS.get(code, DEFAULT_PLACEHOLDERS["en"])},
            )

    def legal_values(self) -> dict[str, Any]:
        parameters = {
            name: self.cleaned_data[f"legal_{name}"] for name in LEGAL_PARAMETERS
            if self.cleaned_data.get(f"legal_{name}") is not None
        }
        placeholders = {
            code: self.cleaned_data[f"placeholder_{code}"].strip()
            for code, _name in settings.LANGUAGES
            if (self.cleaned_data.get(f"placeholder_{code}") or "").strip()
        }
        return {"legal_parameters": parameters, "redaction_placeholders": placeholders}

    def clean_terms_version(self) -> str:
        """Empty keeps the current version (it is recorded with each acceptance)."""
        value = str(self.cleaned_data.get("terms_version") or "").strip()
        return value or self.instance.terms_version

    def clean_host(self) -> str:
        host = self.cleaned_data["host"].strip().lower()
        if not HOST_RE.match(host):
            raise ValidationError(_("Enter a host name like participa.example.ro, without "
                                    "https:// or slashes."))
        if self._host_taken(host):
            raise ValidationError(_("Another organization already uses this host name."))
        return host

    def _host_taken(self, host: str) -> bool:
        for other in Organization.objects.exclude(pk=self.instance.pk):
            if host == other.host or host in (other.secondary_hosts or []):
                return True
        return False

    def clean_secondary_hosts(self) -> list[str]:
        raw = self.cleaned_data.get("secondary_hosts") or ""
        hosts: list[str] = []
        for line in raw.replace(",", "\n").splitlines():
            host = line.strip().lower()
            if not host or host in hosts:
                continue
            if not HOST_RE.match(host):
                raise ValidationError(
                    _("“%(host)s” is not a host name. Enter one per line, like "
                      "www.participa.example.ro."), params={"host": host})
            if self._host_taken(host):
                raise ValidationError(_("Another organization already uses “%(host)s”."),
                                      params={"host": host})
            hosts.append(host)
        return hosts

    def clean_time_zone(self) -> str:
        value = self.cleaned_data["time_zone"].strip()
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
            raise ValidationError(
                _("“%(value)s” is not a known time zone. Use a name like Europe/Bucharest."),
                params={"value": value},
            ) from error
        return value

    def clean_logo(self) -> Any:
        return check_image_upload(self.cleaned_data.get("logo"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        languages = cleaned.get("languages") or []
        default = cleaned.get("default_language")
        if languages and default and default not in languages:
            self.add_error("default_language",
                           _("The default language must be one of the languages ticked above."))
        host = cleaned.get("host")
        if host and host in (cleaned.get("secondary_hosts") or []):
            self.add_error("secondary_hosts",
                           _("The main host name can't also be one of the other host names."))
        return cleaned

    def service_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            name: self.cleaned_data[name]
            for name in ("name", "host", "secondary_hosts", "languages", "default_language",
                         "time_zone", "accent_colour", "legal_profile",
                         "redaction_keep_officials", "terms_version", "require_staff_2fa")
        }
        values.update(self.translated_values())
        values.update(self.legal_values())
        logo = self.cleaned_data.get("logo")
        if logo is False:
            values["logo"] = ""
        elif isinstance(logo, UploadedFile):
            values["logo"] = logo
        return values


# --- Scopes and areas -------------------------------------------------------------------------


def unique_code(form: Any, model: type[Scope] | type[Area], message: Any) -> str:
    """The form's ``code``, refused with ``message`` when another row of the organization has it."""
    code = form.cleaned_data["code"]
    taken = model.objects.filter(organization=form.organization, code=code)
    if form.instance.pk:
        taken = taken.exclude(pk=form.instance.pk)
    if taken.exists():
        raise ValidationError(message)
    return str(code)


class ScopeForm(TranslatedModelForm):
    translated_fields = {"name": {"required": True, "max_length": 200}}

    class Meta:
        model = Scope
        fields = ["name", "code", "kind", "parent"]
        help_texts = {"code": _("Letters, numbers and hyphens, e.g. north-district.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = model_choice_field(self, "parent")
        parent.queryset = Scope.objects.filter(
            organization=self.organization)
        parent.empty_label = _("(top level)")
        parent.help_text = _("The larger territory this one lies in.")
        if self.instance.pk:
            # Offer no scope inside this one; a forged choice still gets a clear error below.
            inside = {str(pk) for pk in self.instance.descendant_ids()}
            parent.widget.choices = [
                (value, label) for value, label in parent.iterator(parent)
                if str(value) not in inside
            ]

    def clean_parent(self) -> Scope | None:
        parent: Scope | None = self.cleaned_data.get("parent")
        if parent is not None and self.instance.pk and (
            parent.pk in self.instance.descendant_ids()
        ):
            raise ValidationError(_("A scope can't be inside itself or inside one of the "
                                    "scopes it contains."))
        return parent

    def clean_code(self) -> str:
        return unique_code(self, Scope, _("Another scope already uses this code."))

    def service_values(self) -> dict[str, Any]:
        return {"code": self.cleaned_data["code"], "kind": self.cleaned_data["kind"],
                "parent": self.cleaned_data["parent"], **self.translated_values()}


class AreaForm(TranslatedModelForm):
    translated_fields = {"name": {"required": True, "max_length": 200}}

    class Meta:
        model = Area
        fields = ["name", "code"]
        help_texts = {"code": _("Letters, numbers and hyphens, e.g. urbanism.")}

    def clean_code(self) -> str:
        return unique_code(self, Area, _("Another area already uses this code."))

    def service_values(self) -> dict[str, Any]:
        return {"code": self.cleaned_data["code"], **self.translated_values()}


# --- Roles ------------------------------------------------------------------------------------


class RoleAssignForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"),
                             help_text=_("The person must already have an account here."))
    kind = forms.ChoiceField(label=_("Role"), choices=RoleKind.choices)
    area = forms.ModelChoiceField(queryset=Area.objects.none(), required=False,
                                  label=_("Area (for officials)"))
    scope = forms.ModelChoiceField(queryset=Scope.objects.none(), required=False,
                                   label=_("Scope (for district representatives)"))

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        model_choice_field(self, "area").queryset = Area.objects.filter(
            organization=organization)
        model_choice_field(self, "scope").queryset = Scope.objects.filter(
            organization=organization)
        self.person: User | None = None

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        self.person = find_person(self.organization, email)
        if self.person is None:
            raise ValidationError(NO_SUCH_PERSON)
        return email

    def found_person(self) -> User:
        """The person named by the e-mail address of the valid form."""
        if self.person is None:
            raise ValueError("found_person() is for a valid form only")
        return self.person

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if kind == RoleKind.OFFICIAL and not cleaned.get("area"):
            self.add_error("area", _("An official is bound to an area: choose one."))
        if kind == RoleKind.DISTRICT_REPRESENTATIVE and not cleaned.get("scope"):
            self.add_error("scope", _("A district representative is bound to a scope: choose "
                                      "one."))
        return cleaned


# --- Spaces -----------------------------------------------------------------------------------


class SpaceForm(TranslatedModelForm):
    translated_fields = {
        "title": {"required": True, "max_length": 200},
        "subtitle": {"max_length": 300},
        "description": {"widget": "textarea", "help_text": _("Markdown is allowed.")},
        "hero_image_alt": {"max_length": 300, "help_text": _(
            "Describe the picture for people who can't see it. Leave empty if it is only "
            "decorative.")},
    }
    hero_image = image_field(_("Hero image"), _("A wide PNG, JPEG, GIF or WebP picture."))

    class Meta:
        model = Space
        fields = ["kind", "slug", "title", "subtitle", "description", "scope", "area",
                  "hero_image", "hero_image_alt", "visibility", "active_phase_manual"]
        help_texts = {"slug": _("Letters, numbers and hyphens; it appears in the address, "
                                "e.g. budget-2027.")}

    def __init__(self, *args: Any, area_ids: set[int] | None = None, **kwargs: Any) -> None:
        """``area_ids``: the areas an official may choose (None: any area, for administrators)."""
        super().__init__(*args, **kwargs)
        org = self.organization
        model_choice_field(self, "scope").queryset = Scope.objects.filter(
            organization=org)
        areas = Area.objects.filter(organization=org)
        if area_ids is not None:
            areas = areas.filter(pk__in=area_ids)
            self.fields["area"].required = True
            self.fields["area"].help_text = _("You may manage spaces of your own areas.")
        model_choice_field(self, "area").queryset = areas
        if self.instance.pk and self.instance.is_process:
            phase_field = model_choice_field(self, "active_phase_manual")
            phase_field.queryset = Phase.objects.filter(
                space=self.instance)
            phase_field.empty_label = _("Follow the phases' dates")
        else:
            del self.fields["active_phase_manual"]

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        taken = Space.objects.filter(organization=self.organization, slug=slug)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("Another space already uses this short name."))
        return slug

    def clean_hero_image(self) -> Any:
        return check_image_upload(self.cleaned_data.get("hero_image"))

    def service_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            name: self.cleaned_data[name]
            for name in ("kind", "slug", "scope", "area", "visibility", "active_phase_manual")
            if name in self.fields
        }
        values.update(self.translated_values())
        image = self.cleaned_data.get("hero_image")
        if image is False:
            values["hero_image"] = ""
        elif isinstance(image, UploadedFile):
            values["hero_image"] = image
        return values


# --- Phases -----------------------------------------------------------------------------------


class PhaseForm(TranslatedModelForm):
    translated_fields = {
        "title": {"required": True, "max_length": 200},
        "description": {"widget": "textarea", "rows": 4, "help_text": _("Markdown is allowed.")},
    }

    class Meta:
        model = Phase
        fields = ["title", "description", "start_date", "end_date"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date can't be before the start date."))
        return cleaned

    def service_values(self) -> dict[str, Any]:
        return {"start_date": self.cleaned_data["start_date"],
                "end_date": self.cleaned_data["end_date"], **self.translated_values()}


# --- Components -------------------------------------------------------------------------------


def component_type_choices() -> list[tuple[str, str]]:
    return [(spec.name, str(spec.label)) for spec in all_specs()]


class ComponentAddForm(TranslatedModelForm):
    translated_fields = {"name": {"required": True, "max_length": 200}}
    type = forms.ChoiceField(label=_("Type of component"), choices=component_type_choices)

    class Meta:
        model = Component
        fields = ["type", "name"]


class ComponentForm(TranslatedModelForm):
    """The component's name plus one field per setting its spec declares."""

    translated_fields = {"name": {"required": True, "max_length": 200}}

    class Meta:
        model = Component
        fields = ["name"]

    def __init__(self, *args: Any, spec: ComponentSpec | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.setting_names: list[str] = []
        if spec is None:
            return
        for name, setting in spec.settings.items():
            current = self.instance.settings.get(name, setting.default)
            field: forms.Field
            if setting.type is bool:
                field = forms.BooleanField(required=False)
            elif setting.type is int:
                field = forms.IntegerField()
            elif setting.type is float:
                field = forms.FloatField()
            else:
                field = forms.CharField(required=False)
            field.label = str(setting.label)
            field.help_text = str(setting.help_text)
            field.initial = current
            self.fields[f"setting__{name}"] = field
            self.setting_names.append(name)

    def settings_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[f"setting__{name}"] for name in self.setting_names}


# --- Members ----------------------------------------------------------------------------------


class MembershipAddForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"),
                             help_text=_("The person must already have an account here."))
    role = forms.ChoiceField(label=_("Role in the space"), choices=SpaceMembership.Role.choices,
                             initial=SpaceMembership.Role.MEMBER)
    position = forms.CharField(label=_("Position"), max_length=120, required=False,
                               help_text=_("Shown on the space page, e.g. chair, secretary, "
                                           "NGO representative."))
    is_public = forms.BooleanField(label=_("Show this person on the space page"),
                                   required=False, initial=True)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.person: User | None = None

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        self.person = find_person(self.organization, email)
        if self.person is None:
            raise ValidationError(NO_SUCH_PERSON)
        return email

    def found_person(self) -> User:
        """The person named by the e-mail address of the valid form."""
        if self.person is None:
            raise ValueError("found_person() is for a valid form only")
        return self.person


# --- Audit log --------------------------------------------------------------------------------


class AuditFilterForm(forms.Form):
    person = forms.CharField(label=_("Person (e-mail or name)"), required=False, max_length=200)
    object_type = forms.ChoiceField(label=_("Type of object"), required=False)
    date_from = forms.DateField(label=_("From"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Until"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, object_types: list[tuple[str, str]], **kwargs: Any) -> None:
        """``object_types``: (value, label) of the types present in the log."""
        super().__init__(*args, **kwargs)
        choice_field(self, "object_type").choices = [
            ("", _("All")), *object_types]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date can't be before the start date."))
        return cleaned

    def person_filter(self) -> Q:
        text = (self.cleaned_data.get("person") or "").strip()
        if not text:
            return Q()
        return (Q(actor__email__iexact=text) | Q(actor__display_name__icontains=text)
                | Q(actor__legal_name__icontains=text))
