from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from participa.core.form_fields import model_choice_field
from participa.core.forms_i18n import TranslatedModelForm
from participa.core.models import Area, Scope
from participa.notifications.models import Newsletter
from participa.spaces.models import Space


class NewsletterForm(TranslatedModelForm):
    translated_fields = {
        "subject": {"widget": "text", "required": True, "max_length": 200},
        "body": {"widget": "textarea", "required": True, "rows": 12,
                 "help_text": _("Markdown: **bold**, *italic*, lists and links.")},
    }

    class Meta:
        model = Newsletter
        fields = ["subject", "body", "audience", "space", "scope", "area"]
        widgets = {"audience": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = self.organization
        model_choice_field(self, "space").queryset = Space.objects.filter(organization=org)
        model_choice_field(self, "scope").queryset = Scope.objects.filter(organization=org)
        model_choice_field(self, "area").queryset = Area.objects.filter(organization=org)
        self.fields["space"].help_text = _("Only when sending to the followers of a space.")
        self.fields["scope"].help_text = _(
            "Only when sending by scope: followers of the spaces of this scope.")
        self.fields["area"].help_text = _(
            "Only when sending by area: followers of the spaces of this area.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        audience = data.get("audience")
        if audience in ("space", "scope", "area") and not data.get(audience):
            self.add_error(audience, _("Choose who receives the newsletter."))
        return data

    def values(self) -> dict[str, Any]:
        return {**self.translated_values(),
                **{name: self.cleaned_data.get(name)
                   for name in ("audience", "space", "scope", "area")}}
