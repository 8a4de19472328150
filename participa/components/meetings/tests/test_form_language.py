"""The staff meeting form speaks the person's language in every help text."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from participa.core.models import User
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db


def test_the_help_of_a_series_length_is_in_the_pages_language(
        client_for: Any, manager: User, component: Component) -> None:
    url = reverse("manage:meetings:manage_create", args=[component.space.slug, component.pk])
    client = client_for(manager)
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="ro").content.decode()
    assert "Câte întâlniri are seria, cel mult 24." in html
    assert "How many meetings the series has" not in html
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "How many meetings the series has, at most 24." in html
