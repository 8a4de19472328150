"""The page form: a title and a Markdown text in every language of the organization."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from participa.components.pages.models import Page
from participa.core.forms_i18n import TranslatedModelForm

MARKDOWN_HELP = _(
    "Markdown: ## for a heading, **bold**, *italic*, - for a list item, [text](https://…) for a "
    "link. Write in every language you can; the default language is required."
)


class PageForm(TranslatedModelForm):
    """Pass ``organization=`` and ``instance=`` (a page, or ``Page(component=...)`` when new)."""

    translated_fields = {
        "title": {"required": True, "max_length": 200},
        "body": {"widget": "textarea", "rows": 14, "help_text": MARKDOWN_HELP},
    }

    slug = forms.SlugField(
        label=_("Short name in the address"), required=False, max_length=80,
        help_text=_("Letters, digits and hyphens. Leave empty to make it from the title."),
    )

    class Meta:
        model = Page
        fields = ["title", "body", "slug"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The address comes last, after the texts.
        self.fields["slug"] = self.fields.pop("slug")

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data.get("slug") or ""
        if slug and Page.objects.filter(
            component_id=self.instance.component_id, slug=slug
        ).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("Another page of this component already has this address; choose another one.")
            )
        return slug
