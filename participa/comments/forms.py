"""Forms of comments: write, reply, edit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from participa.comments.models import Alignment
from participa.core.models import UserGroup


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("You can use **bold**, *italics*, links and lists. Be respectful: comments "
                    "are public."),
    )
    alignment = forms.ChoiceField(
        label=_("Your position (optional)"), choices=Alignment.choices, required=False,
    )
    user_group = forms.ModelChoiceField(
        label=_("Comment as"), queryset=UserGroup.objects.none(), required=False,
        empty_label=_("Myself"),
        help_text=_("You can speak on behalf of a group you are a member of."),
    )

    def __init__(self, *args: Any, groups: list[UserGroup] | None = None,
                 prefix_id: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if prefix_id:
            self.auto_id = f"id_{prefix_id}_%s"
        if groups:
            field = self.fields["user_group"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = UserGroup.objects.filter(pk__in=[g.pk for g in groups])
        else:
            del self.fields["user_group"]


class CommentEditForm(forms.Form):
    body = CommentForm.base_fields["body"]
    alignment = CommentForm.base_fields["alignment"]
