"""Typed requests: org_view and login_required guarantee what OrgRequest and AuthedRequest
promise."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from participa.core.http import AuthedRequest, OrgRequest, login_required, org_view
from participa.core.models import Organization, User


@org_view
def _org_name(request: OrgRequest, suffix: str) -> HttpResponse:
    return HttpResponse(f"{request.organization.name}{suffix}")


@login_required
def _whoami(request: AuthedRequest) -> HttpResponse:
    return HttpResponse(f"{request.user.pk}@{request.organization.pk}")


def test_it_passes_the_organization(org: Organization) -> None:
    request = RequestFactory().get("/x/")
    request.organization = org  # type: ignore[attr-defined]
    assert _org_name(request, "!").content.decode() == f"{org.name}!"


def test_it_answers_404_without_an_organization() -> None:
    request = RequestFactory().get("/x/")
    request.organization = None  # type: ignore[attr-defined]
    with pytest.raises(Http404):
        _org_name(request, "!")


def test_it_sends_anonymous_visitors_to_the_login_page(org: Organization) -> None:
    request = RequestFactory().get("/groups/new/?a=1")
    request.organization = org  # type: ignore[attr-defined]
    request.user = AnonymousUser()
    response = _whoami(request)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/groups/new/%3Fa%3D1"


def test_it_passes_the_signed_in_person(org: Organization, resident: User) -> None:
    request = RequestFactory().get("/x/")
    request.organization = org  # type: ignore[attr-defined]
    request.user = resident
    assert _whoami(request).content.decode() == f"{resident.pk}@{org.pk}"


def test_it_answers_404_for_a_person_without_an_organization(resident: User) -> None:
    request = RequestFactory().get("/x/")
    request.organization = None  # type: ignore[attr-defined]
    request.user = resident
    with pytest.raises(Http404):
        _whoami(request)
