"""Forms for multilingual fields: one labelled input per organization language.

A model's multilingual field is a JSONField {language: text}. ``TranslatedModelForm`` replaces
each field named in ``Meta.translated_fields`` with one input per language of the organization
("Title (Română)", "Title (Polski)", ...), required in the default language only, and puts the
dict back together on save. Every input keeps what the person typed when the form has errors.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from participa.core.models import Organization


def language_label(code: str) -> str:
    try:
        return str(get_language_info(code)["name_local"]).capitalize()
    except KeyError:
        return code


class TranslatedFieldsMixin:
    """Mixin for ``forms.ModelForm``; pass ``organization=`` to the constructor."""

    translated_fields: ClassVar[dict[str, dict[str, Any]]] = {}
    # {model field name: {"widget": "text" | "textarea", "required": bool, "max_length": int}}

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]
    instance: Any

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        self.organization = organization
        super().__init__(*args, **kwargs)
        languages = list(organization.languages)
        languages.sort(key=lambda code: code != organization.default_language)
        self.languages = languages
        new_fields: dict[str, forms.Field] = {}
        for name, field in list(self.fields.items()):
            if name not in self.translated_fields:
                new_fields[name] = field
                continue
            options = self.translated_fields[name]
            current = getattr(self.instance, name, None) or {}
            for code in languages:
                widget: forms.Widget = (
                    forms.Textarea(attrs={"rows": options.get("rows", 6), "lang": code})
                    if options.get("widget") == "textarea"
                    else forms.TextInput(attrs={"lang": code})
                )
                new_fields[f"{name}__{code}"] = forms.CharField(
                    label=f"{field.label} ({language_label(code)})",
                    required=bool(options.get("required"))
                    and code == organization.default_language,
                    max_length=options.get("max_length"),
                    widget=widget,
                    initial=current.get(code, "") if isinstance(current, dict) else "",
                    help_text=options.get("help_text", "") if code == languages[0] else "",
                    strip=True,
                )
        self.fields = new_fields

    def translated_value(self, name: str) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"{name}__{code}", "")
            for code in self.languages
            if self.cleaned_data.get(f"{name}__{code}", "")
        }

    def translated_values(self) -> dict[str, dict[str, str]]:
        """{field: {language: text}} for every multilingual field, from cleaned_data."""
        return {name: self.translated_value(name) for name in self.translated_fields}

    def _post_clean(self) -> None:
        for name in self.translated_fields:
            setattr(self.instance, name, self.translated_value(name))
        super()._post_clean()  # type: ignore[misc]


class TranslatedModelForm(TranslatedFieldsMixin, forms.ModelForm):
    pass


REQUIRED_IN_DEFAULT_LANGUAGE = _("Required in the default language.")
