"""apply_service_errors: a service's ValidationError shown on a bound form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation

from participa.core.form_errors import apply_service_errors


class NoteForm(forms.Form):
    title = forms.CharField()
    body = forms.CharField(required=False)


class TranslatedForm(forms.Form):
    name__ro = forms.CharField()
    name__pl = forms.CharField(required=False)

    languages = ["ro", "pl"]


def _bound() -> NoteForm:
    form = NoteForm({"title": "Typed title", "body": "Typed body"})
    assert form.is_valid()
    return form


def test_it_puts_dict_errors_on_their_fields_with_codes() -> None:
    form = _bound()
    apply_service_errors(form, ValidationError({
        "title": ValidationError("Too short.", code="short"),
        "body": [ValidationError("Empty.", code="empty"), ValidationError("Rude.", code="rude")],
    }))
    assert form.errors == {"title": ["Too short."], "body": ["Empty.", "Rude."]}
    assert form.has_error("title", "short")
    assert form.has_error("body", "rude")
    assert form.non_field_errors() == []


def test_it_puts_list_errors_above_the_form() -> None:
    form = _bound()
    apply_service_errors(form, ValidationError([
        ValidationError("Closed.", code="closed"), ValidationError("Try later.", code="later"),
    ]))
    assert list(form.non_field_errors()) == ["Closed.", "Try later."]
    assert form.has_error(NON_FIELD_ERRORS, "closed")
    assert "title" not in form.errors


def test_it_puts_a_single_message_above_the_form() -> None:
    form = _bound()
    apply_service_errors(form, ValidationError("Not now.", code="not_now"))
    assert form.errors == {"__all__": ["Not now."]}


def test_it_shows_an_unknown_fields_error_above_the_form() -> None:
    form = _bound()
    apply_service_errors(form, ValidationError({"deadline": ValidationError("Past.")}))
    assert form.errors == {"__all__": ["Past."]}


def test_it_keeps_non_field_errors_of_a_dict_above_the_form() -> None:
    form = _bound()
    apply_service_errors(form, ValidationError({"__all__": ["Conflict."], "title": ["Taken."]}))
    assert form.errors == {"__all__": ["Conflict."], "title": ["Taken."]}


def test_it_fills_the_params_of_nested_errors() -> None:
    form = _bound()
    apply_service_errors(form, ValidationError({"title": ValidationError([
        ValidationError("At most %(limit)d characters.", code="long", params={"limit": 80}),
    ])}))
    assert form.errors == {"title": ["At most 80 characters."]}
    assert form.has_error("title", "long")


def test_it_shows_a_translated_fields_error_on_its_first_language() -> None:
    form = TranslatedForm({"name__ro": "Nume", "name__pl": ""})
    assert form.is_valid()
    apply_service_errors(form, ValidationError({"name": ["Taken."]}))
    assert form.errors == {"name__ro": ["Taken."]}


def test_it_keeps_the_typed_input() -> None:
    form = _bound()
    apply_service_errors(form, ValidationError({"title": ["Taken."]}))
    assert form["title"].value() == "Typed title"
    assert form["body"].value() == "Typed body"


def test_it_renders_the_message_in_the_active_language() -> None:
    form = _bound()
    # Django's own lazy message (a literal here would be extracted into the catalogues).
    required = forms.Field.default_error_messages["required"]
    apply_service_errors(form, ValidationError(required, code="required"))
    with translation.override("pl"):
        assert form.non_field_errors() == ["To pole jest wymagane."]
    with translation.override("en"):
        assert form.non_field_errors() == ["This field is required."]
