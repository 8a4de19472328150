"""The documents of a consultation: justification report, impact study, annexes."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from participa.components.consultations.tests.test_services_consultations import (
    PDF,
    _attachment_root,  # noqa: F401
    attach,
)


def url(consultation: Any) -> str:
    component = consultation.component
    return reverse("manage:consultations:manage_documents",
                   args=[component.space.slug, component.pk, consultation.pk])


def test_it_asks_for_the_justification_report_under_law_52(client_for, consultation, manager):
    text = client_for(manager).get(url(consultation)).text
    assert "Law 52/2003 requires the justification report" in text
    assert "No documents are attached yet." in text


def test_it_uploads_a_document_with_its_role(client_for, consultation, manager):
    response = client_for(manager).post(url(consultation), {
        "role": "justification", "title": "Referat de aprobare",
        "file": SimpleUploadedFile("referat.pdf", PDF, content_type="application/pdf")})
    assert response.status_code == 302
    consultation.refresh_from_db()
    (role,) = consultation.document_roles.values()
    assert role == "justification"
    text = client_for(manager).get(url(consultation)).text
    assert "Referat de aprobare" in text
    assert "Law 52/2003 requires the justification report" not in text


def test_it_refuses_a_file_that_is_not_what_it_claims(client_for, consultation, manager):
    response = client_for(manager).post(url(consultation), {
        "role": "annex", "title": "",
        "file": SimpleUploadedFile("annex.pdf", b"MZ not a pdf")})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    consultation.refresh_from_db()
    assert consultation.document_roles == {}


def test_it_changes_the_role_of_a_document(client_for, consultation, manager):
    document = attach(consultation, manager, role="annex")
    response = client_for(manager).post(url(consultation), {
        "action": "role", "attachment": str(document.pk), "role": "impact_study"})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.document_roles == {str(document.pk): "impact_study"}


def test_it_answers_404_for_a_document_of_something_else(client_for, consultation, manager):
    response = client_for(manager).post(url(consultation), {
        "action": "role", "attachment": "999999", "role": "annex"})
    assert response.status_code == 404
