"""Forms for people and groups: sign-up, account settings, account deletion, groups."""

from __future__ import annotations

import re
from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context
from allauth.core import context as allauth_context
from django import forms
from django.contrib.auth import password_validation
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from participa.core.auth import request_organization, users_with_email
from participa.core.form_fields import choice_field
from participa.core.forms_i18n import language_label
from participa.core.models import GroupKind, Organization, User, UserGroup
from participa.core.passwords import PublicNameSimilarityValidator
from participa.core.services import user_accept_terms, user_complete_signup

EMAIL_LIKE = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")

PUBLIC_NAME_HELP = _(
    "Shown next to everything you write. It can be a nickname; your e-mail address is never "
    "shown."
)


def clean_public_name(value: Any) -> str:
    """A public name is required and must not be an e-mail address (it would be published)."""
    value = str(value or "").strip()
    if not value:
        raise forms.ValidationError(_("Enter a public name."))
    if EMAIL_LIKE.search(value):
        raise forms.ValidationError(_(
            "Your public name is shown to everyone: do not use an e-mail address."
        ))
    return value


def _compares_public_name(validator: Any) -> bool:
    attributes = getattr(validator, "user_attributes", ())
    return isinstance(validator, PublicNameSimilarityValidator) or "display_name" in attributes


def _labels_only(form: forms.Form) -> None:
    """Every input has a visible label; placeholders would only repeat it, so drop them."""
    for field in form.fields.values():
        field.widget.attrs.pop("placeholder", None)


class LoginForm(AllauthLoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _labels_only(self)
        if "login" in self.fields:
            self.fields["login"].label = _("E-mail address")
        if "password" in self.fields:
            self.fields["password"].help_text = ""  # the page links "Forgot your password?"
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me logged in on this device")


EMAIL_TAKEN = _("Another account of this organization already uses this e-mail address.")


class ResetPasswordForm(AllauthResetPasswordForm):
    """A reset asked on one organization's site reaches only that organization's account."""

    def clean_email(self) -> str:
        email = str(super().clean_email())
        org = request_organization(allauth_context.request)
        if org is not None:
            self.users = [user for user in users_with_email(org, email) if user.is_active]
        return email


class AddEmailForm(AllauthAddEmailForm):
    """An address used by another account of the same organization is refused, clearly."""

    def clean_email(self) -> str:
        email = str(super().clean_email())
        org = request_organization(allauth_context.request)
        if org is not None and any(user.pk != self.user.pk
                                   for user in users_with_email(org, email)):
            raise forms.ValidationError(EMAIL_TAKEN, code="email_taken")
        return email


class SignupForm(AllauthSignupForm):
    """django-allauth's sign-up form with the public name (required)."""

    display_name = forms.CharField(
        label=_("Public name"), max_length=80, help_text=PUBLIC_NAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    accept_terms = forms.BooleanField(
        label=_("I have read and accept the terms of use and the privacy notice"),
        error_messages={"required": _(
            "To create an account, accept the terms of use and the privacy notice."
        )},
    )
    terms_version = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = ["display_name", "email", "password1", "password2", "accept_terms"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _labels_only(self)

        self.organization = request_organization(context.request)
        if self.organization is not None:
            version = self.organization.terms_version
            self.fields["terms_version"].initial = version
            self.fields["accept_terms"].label = _(
                "I have read and accept the terms of use and the privacy notice "
                "(version %(version)s)"
            ) % {"version": version}
            self.fields["accept_terms"].help_text = format_html(
                '<a href="{}">{}</a> · <a href="{}">{}</a>',
                reverse("core:terms"), _("Terms of use"),
                reverse("core:privacy"), _("Privacy notice"),
            )
        if "password1" in self.fields:
            self.fields["password1"].help_text = " ".join(
                str(text) for text in password_validation.password_validators_help_texts()
            )
        if "email" in self.fields:
            self.fields["email"].label = _("E-mail address")
            self.fields["email"].help_text = _(
                "We send a link to confirm it. It is never shown to other people."
            )

    def clean_display_name(self) -> str:
        return clean_public_name(self.cleaned_data.get("display_name"))

    def validate_unique_email(self, value: str) -> str:
        """An address is taken only by an account of this organization. As allauth does for
        a taken address, the page does not say so (no enumeration): the owner gets an e-mail
        and no second account is created."""
        self.account_already_exists = bool(users_with_email(self.organization, value))
        return str(get_adapter().validate_unique_email(value))

    def clean(self) -> dict[str, Any]:
        """allauth checks the password against the e-mail address only; check it against
        the public name too (it is shown to everyone, so it is the first guess)."""
        cleaned_data: dict[str, Any] = super().clean()
        password = cleaned_data.get("password1")
        name = cleaned_data.get("display_name")
        if password and name:
            validators = [validator for validator
                          in password_validation.get_default_password_validators()
                          if _compares_public_name(validator)]
            try:
                password_validation.validate_password(
                    password, User(display_name=name), password_validators=validators
                )
            except forms.ValidationError as error:
                already = {str(message) for message in self.errors.get("password1", [])}
                for message in error.messages:
                    if message not in already:
                        self.add_error("password1", message)
        return cleaned_data

    def clean_terms_version(self) -> str:
        """The version the person saw; if the terms changed meanwhile, they read them again."""
        seen = str(self.cleaned_data.get("terms_version") or "")
        current = self.organization.terms_version if self.organization is not None else ""
        if seen and current and seen != current:
            self.add_error("accept_terms", _(
                "The terms have just changed (now version %(version)s). Read them and accept "
                "them again."
            ) % {"version": current})
            data: Any = self.data.copy()  # type: ignore[has-type]  # the new version, unticked
            data["terms_version"] = current
            data.pop("accept_terms", None)
            self.data = data
        return current

    def custom_signup(self, request: Any, user: Any) -> None:
        user_complete_signup(acting_user=user, user=user,
                             display_name=self.cleaned_data["display_name"])
        if self.organization is not None:
            user_accept_terms(acting_user=user, user=user, organization=self.organization,
                              version=self.cleaned_data["terms_version"])


def organization_language_choices(org: Organization | None) -> list[tuple[str, Any]]:
    codes = list(org.languages) if org else []
    return [("", _("The language of my browser")),
            *[(code, language_label(code)) for code in codes]]


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Public name"), max_length=80,
                                   help_text=PUBLIC_NAME_HELP)
    about = forms.CharField(
        label=_("About me"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown on your public profile. At most 1000 characters."),
    )
    preferred_language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args: Any, organization: Organization | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "preferred_language").choices = organization_language_choices(
            organization)
        self.fields["preferred_language"].help_text = _(
            "The language of the pages and of the e-mails we send you."
        )

    def clean_display_name(self) -> str:
        return clean_public_name(self.cleaned_data.get("display_name"))

    @classmethod
    def initial_for(cls, user: User) -> dict[str, Any]:
        return {"display_name": user.display_name, "about": user.about,
                "preferred_language": user.preferred_language}


EMAIL_FREQUENCY_CHOICES = [
    ("immediately", _("As soon as something happens")),
    ("daily", _("Once a day, in a summary")),
    ("weekly", _("Once a week, in a summary")),
    ("none", _("Never")),
]


class NotificationPreferencesForm(forms.Form):
    email_frequency = forms.ChoiceField(
        label=_("E-mails about what I follow"), choices=EMAIL_FREQUENCY_CHOICES,
        widget=forms.RadioSelect,
    )
    newsletter = forms.BooleanField(
        label=_("Send me the newsletter of the municipality"), required=False,
    )

    @classmethod
    def initial_for(cls, user: User) -> dict[str, Any]:
        preferences = user.notification_preferences or {}
        return {"email_frequency": preferences.get("email_frequency", "daily"),
                "newsletter": bool(preferences.get("newsletter", False))}


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = str(self.cleaned_data.get("password", ""))
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


class GroupForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, max_length=200,
                             assume_scheme="https",
                             help_text=_("For example: https://www.example.org"))

    class Meta:
        model = UserGroup
        fields = ["name", "slug", "kind", "description", "website", "registration_number"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Used in the address of the group's page: letters, numbers and hyphens. Leave it "
            "empty to make one from the name."
        )
        self.fields["description"].help_text = _("What the group does. At most 4000 "
                                                 "characters.")

    def validate_unique(self) -> None:
        # The service checks the short name within the organization, with a clear message.
        return None

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name, "") for name in self.Meta.fields}


GROUP_KIND_FILTER_CHOICES = [("", _("All types")), *GroupKind.choices]


class GroupFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=GROUP_KIND_FILTER_CHOICES, required=False)
