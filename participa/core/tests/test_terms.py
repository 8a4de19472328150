"""Sign-up records acceptance of the organization's terms of use and privacy notice, with the
version accepted."""

from __future__ import annotations

import html

import pytest
from django.db import IntegrityError, transaction

from participa.core import services
from participa.core.models import AuditEntry, TermsAcceptance, User

PASSWORD = "a-long-and-unusual-passphrase"


def data(**extra: object) -> dict[str, object]:
    return {"display_name": "Ana from Fabric", "email": "ana@example.org",
            "password1": PASSWORD, "password2": PASSWORD, "accept_terms": "on",
            "terms_version": "2026-03", **extra}


@pytest.fixture
def versioned(org):
    org.terms_version = "2026-03"
    org.terms_of_use = {"en": "Be kind to each other.", "ro": "Fiți amabili."}
    org.save()
    return org


def test_the_form_asks_to_accept_the_terms_of_this_version(client, versioned,
                                                            accessible_page):
    response = client.get("/accounts/signup/")
    text = html.unescape(response.text)
    assert ("I have read and accept the terms of use and the privacy notice (version 2026-03)"
            in text)
    assert 'type="checkbox" name="accept_terms"' in response.text
    assert 'href="/terms/"' in response.text and 'href="/privacy/"' in response.text
    accessible_page(response.text)


def test_it_refuses_to_sign_up_without_accepting_and_keeps_what_was_typed(client, versioned):
    payload = data()
    del payload["accept_terms"]
    response = client.post("/accounts/signup/", payload)
    assert response.status_code == 200
    text = html.unescape(response.text)
    assert "To create an account, accept the terms of use and the privacy notice." in text
    assert 'value="ana@example.org"' in text and 'value="Ana from Fabric"' in text
    assert not User.objects.filter(email="ana@example.org").exists()
    assert not TermsAcceptance.objects.exists()


def test_it_records_who_accepted_which_version_and_when(client, versioned):
    response = client.post("/accounts/signup/", data())
    assert response.status_code == 302
    user = User.objects.get(email="ana@example.org")
    acceptance = TermsAcceptance.objects.get()
    assert (acceptance.user, acceptance.organization, acceptance.version) == (
        user, versioned, "2026-03")
    assert acceptance.accepted_at <= user.date_joined.replace(year=user.date_joined.year + 1)
    assert abs((acceptance.accepted_at - user.date_joined).total_seconds()) < 60
    assert AuditEntry.objects.filter(action="user.accept_terms", actor=user).exists()


def test_it_asks_again_when_the_terms_changed_while_the_form_was_open(client, versioned):
    response = client.post("/accounts/signup/", data(terms_version="2025-01"))
    assert response.status_code == 200
    text = html.unescape(response.text)
    assert ("The terms have just changed (now version 2026-03). Read them and accept them "
            "again.") in text
    assert not User.objects.filter(email="ana@example.org").exists()
    assert 'name="terms_version" value="2026-03"' in response.text


def test_accepting_the_same_version_twice_keeps_one_record(resident, org):
    first = services.user_accept_terms(acting_user=resident, user=resident, organization=org,
                                       version=org.terms_version)
    again = services.user_accept_terms(acting_user=resident, user=resident, organization=org,
                                       version=org.terms_version)
    assert first.pk == again.pk and TermsAcceptance.objects.count() == 1


def test_the_database_keeps_one_acceptance_per_person_and_version(resident, org):
    TermsAcceptance.objects.create(user=resident, organization=org, version="1")
    with pytest.raises(IntegrityError), transaction.atomic():
        TermsAcceptance.objects.create(user=resident, organization=org, version="1")


def test_it_refuses_an_outdated_version_or_another_organization(resident, outsider, org):
    with pytest.raises(services.ValidationError):
        services.user_accept_terms(acting_user=resident, user=resident, organization=org,
                                   version="0")
    with pytest.raises(services.ValidationError):
        services.user_accept_terms(acting_user=outsider, user=outsider, organization=org,
                                   version=org.terms_version)
    assert not TermsAcceptance.objects.exists()


def test_the_terms_page_shows_the_text_and_its_version(client, versioned):
    response = client.get("/terms/")
    assert response.status_code == 200
    assert "Be kind to each other." in response.text and "Version 2026-03" in response.text
    assert "Version 2026-03" in client.get("/privacy/").text


def test_an_administrator_sets_the_version_and_the_2fa_requirement(client_for, org, admin):
    from participa.manage.tests.test_organization import form_data

    response = client_for(admin).post("/manage/organization/", form_data(
        org, terms_version="2026-04", terms_of_use__en="New terms", require_staff_2fa="on"))
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.terms_version, org.terms_of_use["en"], org.require_staff_2fa) == (
        "2026-04", "New terms", True)
    entry = AuditEntry.objects.get(action="organization.update")
    assert entry.changes["terms_version"] == ["1", "2026-04"]
    assert entry.changes["require_staff_2fa"] == [False, True]
