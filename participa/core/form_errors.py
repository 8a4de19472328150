"""Show a service's ``ValidationError`` on a bound form.

Services validate what they are asked to write and raise ``ValidationError`` (a dict keyed by
field name, or a list), with codes and parameters. Views show it on the form they were given:
each error on its field when the form has one (a translated field ``name`` is shown on its first
language's input ``name__<code>``), the rest above the form. The errors are added as they are,
so their codes stay (``form.has_error(field, code)``) and their messages are rendered in the
person's language; the typed input stays in the bound form.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def _target(form: forms.BaseForm, field: str) -> str | None:
    if field in form.fields:
        return field
    languages = getattr(form, "languages", None) or []
    if languages and f"{field}__{languages[0]}" in form.fields:
        return f"{field}__{languages[0]}"
    return None


def apply_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Add ``error`` to ``form``: field errors on the matching field, the rest as non-field
    errors (an unknown field's errors too, so that nothing is lost)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = None if field == NON_FIELD_ERRORS else _target(form, field)
            for item in errors:
                form.add_error(target, item)
    else:
        for item in error.error_list:
            form.add_error(None, item)
