"""Typed access to a form's fields, for forms that narrow their choices per organization.

``form.fields[name]`` is typed as a plain ``Field``; these return the field as the kind it is
(checked at run time), so that setting ``choices`` or ``queryset`` type-checks without ignoring
the error.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is a {type(field).__name__}, not a choice field")
    return field


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is a {type(field).__name__}, not a model choice field")
    return field


# The widest whole number a database column of ids holds (a signed 64-bit integer).
LARGEST_ID = 2**63 - 1


class ModelIdsField(forms.ModelMultipleChoiceField[Any]):
    """A multiple choice of rows whose posted ids are checked to be whole numbers a database
    holds before they reach the query: a tampered, far too large id is an invalid choice
    (the database driver would otherwise fail on it)."""

    def clean(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else ():
            text = str(pk).strip()
            if not (text.isascii() and text.isdigit()) or int(text) > LARGEST_ID:
                # Django's sentence for a choice not offered (translated in every language).
                raise forms.ValidationError(self.error_messages["invalid_choice"],
                                            code="invalid_choice", params={"value": pk})
        return super().clean(value)


# The years a date typed into a form may fall in: beyond them a moment cannot be stored in the
# database (and is a typing mistake anyway).
FIRST_YEAR, LAST_YEAR = 1900, 2999


def within_years(value: Any) -> None:
    """A form field's validator: a date (or date and time) between ``FIRST_YEAR`` and
    ``LAST_YEAR``."""
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise forms.ValidationError(
            _("Choose a date between the years %(first)s and %(last)s."), code="year",
            params={"first": FIRST_YEAR, "last": LAST_YEAR})
