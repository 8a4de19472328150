"""Public forms of consultations: the list filters and the contribution form.

Staff forms live in their own modules next to the staff views.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from participa.components.consultations.models import (
    Article,
    ContributionType,
    Outcome,
    Publication,
)
from participa.core.models import UserGroup

BODY_MAX_LENGTH = 20_000


WHOLE_DRAFT = "whole"
NOT_ANSWERED = "none"


class ContributionFilterForm(forms.Form):
    """Filters of the published contributions on a consultation page (plain GET parameters)."""

    article = forms.ChoiceField(label=_("Article"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("All")), *ContributionType.choices])
    outcome = forms.ChoiceField(label=_("Answer"), required=False, choices=[
        ("", _("All")), *Outcome.choices, (NOT_ANSWERED, _("Not answered yet"))])

    def __init__(self, *args: Any, articles: Sequence[Article], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["article"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All")), (WHOLE_DRAFT, _("The whole draft")),
                         *((a.key, article_label(a)) for a in articles if a.level > 0)]


def article_label(article: Article) -> str:
    """"Art. 2 (1)": a paragraph reads with the number of its article."""
    return str(article)


class ContributionForm(forms.Form):
    article = forms.ChoiceField(
        label=_("What do you comment on?"), required=False,
        help_text=_("The whole draft, or one article or paragraph of it."),
    )
    quote = forms.CharField(
        label=_("Passage you comment on (optional)"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Copy the words of the draft your contribution is about."),
    )
    type = forms.ChoiceField(
        label=_("Type of contribution"), choices=ContributionType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the type of your contribution: a proposal, a "
                                      "question, an objection, support or other.")},
    )
    body = forms.CharField(
        label=_("Your contribution"), max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("Write your contribution before sending it.")},
        help_text=_("Personal data (names, e-mail addresses, phone numbers, ID numbers) is "
                    "removed before anything is published."),
    )
    file = forms.FileField(
        label=_("A file (optional)"), required=False,
        help_text=_("PDF, office document or image. The file is read by the city hall and "
                    "never published."),
    )
    publication = forms.ChoiceField(
        label=_("Publication of your contribution"), choices=Publication.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether your contribution may be published, "
                                      "with your name or anonymously, or not at all.")},
    )
    group = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=UserGroup.objects.none(), required=False,
        empty_label=_("Myself only"),
    )

    def __init__(self, *args: Any, articles: Sequence[Article],
                 groups: Sequence[UserGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Articles and paragraphs can be commented on; headings (level 0) only group them.
        commentable = [article for article in articles if article.level > 0]
        self.articles = {article.key: article for article in commentable}
        article_field = self.fields["article"]
        assert isinstance(article_field, forms.ChoiceField)
        article_field.choices = [("", _("The whole draft")),
                                 *((a.key, article_label(a)) for a in commentable)]
        group_field = self.fields["group"]
        assert isinstance(group_field, forms.ModelChoiceField)
        if groups:
            group_field.queryset = UserGroup.objects.filter(pk__in=[g.pk for g in groups])
            group_field.choices = [("", _("Myself only")), *((g.pk, g.name) for g in groups)]
        else:
            del self.fields["group"]

    def clean_article(self) -> Article | None:
        key = self.cleaned_data.get("article") or ""
        return self.articles.get(key)
