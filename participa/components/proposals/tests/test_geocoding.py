"""Finding the point of an address: absent unless GEOCODER_URL is set (no request leaves the
server by default); with it, the typed address's point fills the coordinates."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.urls import reverse

from participa.components.proposals import geocoding
from participa.core.models import User
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db


def propose_url(component: Component) -> str:
    return reverse("spaces:proposals:propose", args=[component.space.slug, component.pk])


def form(**values: Any) -> dict[str, Any]:
    return {"title": "Bănci", "body": "Bănci în parc.", "publication": "named",
            "address": "Piața Victoriei, Timișoara", "latitude": "", "longitude": "",
            **values}


class FakeResponse(io.BytesIO):
    def __enter__(self) -> FakeResponse:
        return self

    def __exit__(self, *args: Any) -> None:
        self.close()


def test_it_is_absent_and_silent_by_default(client_for: Any, component: Component,
                                            resident: User, monkeypatch: Any) -> None:
    def no_network(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("no request may leave the server")

    monkeypatch.setattr(geocoding.urllib.request, "urlopen", no_network)
    client = client_for(resident)
    page = client.get(propose_url(component)).content.decode()
    assert "Find this address on the map" not in page
    response = client.post(propose_url(component), form(action="locate"))
    assert response.status_code == 200  # treated as a preview
    assert geocoding.geocode("Piața Victoriei") is None


def test_it_fills_the_point_of_the_address(client_for: Any, component: Component,
                                           resident: User, monkeypatch: Any,
                                           settings: Any) -> None:
    settings.GEOCODER_URL = "https://geocoder.example.org/search"
    asked: list[str] = []

    def fake_urlopen(request: Any, timeout: float) -> FakeResponse:
        asked.append(request.full_url)
        return FakeResponse(json.dumps([{"lat": "45.7536111", "lon": "21.2257222"}]).encode())

    monkeypatch.setattr(geocoding.urllib.request, "urlopen", fake_urlopen)
    client = client_for(resident)
    assert "Find this address on the map" in client.get(propose_url(component)).content.decode()
    page = client.post(propose_url(component), form(action="locate")).content.decode()
    assert 'value="45.753611"' in page and 'value="21.225722"' in page
    assert asked and asked[0].startswith("https://geocoder.example.org/search?q=Pia")


def test_it_says_when_the_address_is_not_found(client_for: Any, component: Component,
                                               resident: User, monkeypatch: Any,
                                               settings: Any) -> None:
    settings.GEOCODER_URL = "https://geocoder.example.org/search"
    monkeypatch.setattr(geocoding.urllib.request, "urlopen",
                        lambda request, timeout: FakeResponse(b"[]"))
    page = client_for(resident).post(propose_url(component), form(action="locate"))
    assert ("This address was not found: choose the point on the map or type its "
            "coordinates.") in page.content.decode()
    assert "Piața Victoriei, Timișoara" in page.content.decode()
