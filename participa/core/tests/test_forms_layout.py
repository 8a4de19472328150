"""How every form shows its fields: a visible counter where a text has a maximum length."""

from __future__ import annotations

import re

from django import forms
from django.template.loader import render_to_string
from django.utils import translation


class SampleForm(forms.Form):
    title = forms.CharField(label="Title", max_length=120)
    body = forms.CharField(label="Text", max_length=1, widget=forms.Textarea)
    email = forms.EmailField(label="E-mail", max_length=200)
    free = forms.CharField(label="Free", widget=forms.Textarea)


def _field(name: str) -> str:
    return render_to_string("includes/field.html", {"field": SampleForm()[name]})


def test_it_shows_a_counter_under_texts_with_a_maximum_length():
    html = _field("title")
    assert re.search(r'<input type="text" name="title" maxlength="120"', html)
    assert ('<p class="help counter" id="id_title_counter" data-template="Characters left: '
            '%(left)s of %(max)s">Up to 120 characters.</p>') in html
    assert '<p class="visually-hidden" id="id_title_counter_live" aria-live="polite"></p>' in html
    assert ">Up to 1 character.</p>" in _field("body")


def test_it_shows_no_counter_without_a_maximum_or_on_addresses():
    assert "counter" not in _field("free")
    assert "counter" not in _field("email")


def test_it_words_the_counter_in_every_language():
    with translation.override("ro"):
        assert ">Până la 120 de caractere.</p>" in _field("title")
        assert 'data-template="Caractere rămase: %(left)s din %(max)s"' in _field("title")
    with translation.override("pl"):
        assert ">Maksymalnie 120 znaków.</p>" in _field("title")
        assert ">Maksymalnie 1 znak.</p>" in _field("body")
