"""choice_field / model_choice_field: a form's field as the kind it is, or a TypeError."""

from __future__ import annotations

import pytest
from django import forms

from participa.core.form_fields import choice_field, model_choice_field
from participa.core.models import Area


class _Form(forms.Form):
    kind = forms.ChoiceField(choices=[("a", "A")])
    area = forms.ModelChoiceField(queryset=Area.objects.none())
    note = forms.CharField()


def test_it_returns_the_field_of_the_form() -> None:
    form = _Form()
    choice_field(form, "kind").choices = [("b", "B")]
    assert form.fields["kind"].widget.choices == [("b", "B")]
    assert model_choice_field(form, "area") is form.fields["area"]
    assert choice_field(form, "area") is form.fields["area"]


def test_it_refuses_a_field_of_another_kind() -> None:
    with pytest.raises(TypeError, match="note is a CharField, not a choice field"):
        choice_field(_Form(), "note")
    with pytest.raises(TypeError, match="kind is a ChoiceField, not a model choice field"):
        model_choice_field(_Form(), "kind")
