"""Importing the draft from a document: preview of the units found, then confirmation."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from participa.components.consultations.models import Article, ConsultationState, VersionKind
from participa.components.consultations.tests.conftest import make_consultation

MARKDOWN = """# Art. 1 Scope

These rules apply to the whole city.

# Art. 2 Trees

(1) No tree may be cut without a permit.

(2) The permit costs 50 lei.
"""


def url(name: str, consultation: Any) -> str:
    component = consultation.component
    return reverse(f"manage:consultations:{name}",
                   args=[component.space.slug, component.pk, consultation.pk])


@pytest.fixture
def draft(component: Any) -> Any:
    return make_consultation(component, slug="draft-rules", state=ConsultationState.DRAFT,
                             opens=0, closes=30)


def keys(consultation: Any) -> list[str]:
    return list(Article.objects.filter(version__consultation=consultation,
                                       version__kind=VersionKind.DRAFT)
                .order_by("position").values_list("key", flat=True))


def docx(paragraphs: list[str]) -> bytes:
    from participa.lib.documents.testing import make_docx

    return make_docx([("p", text) for text in paragraphs])


def test_it_previews_pasted_markdown_without_changing_the_draft(client_for, draft, manager):
    response = client_for(manager).post(url("manage_import", draft), {"text": MARKDOWN})
    assert response.status_code == 200
    text = response.text
    assert "units found in “pasted.md”" in text
    assert "No tree may be cut without a permit." in text
    assert "This replaces the 3 articles and paragraphs now in the draft." in text
    assert keys(draft) == ["art-1", "art-2", "art-3"]


def test_it_replaces_the_draft_once_confirmed(client_for, draft, manager):
    client = client_for(manager)
    preview = client.post(url("manage_import", draft), {"text": MARKDOWN})
    payload = preview.context["payload"]
    count = len(preview.context["units"])
    response = client.post(url("manage_import", draft), {"payload": payload})
    assert response.status_code == 302
    assert response["Location"] == url("manage_articles", draft)
    assert len(keys(draft)) == count
    assert keys(draft)[:2] == ["art-1", "art-2"]
    assert "art-2.2" in keys(draft)


def test_it_refuses_a_tampered_preview(client_for, draft, manager):
    response = client_for(manager).post(url("manage_import", draft), {"payload": "forged"})
    assert response.status_code == 302
    assert keys(draft) == ["art-1", "art-2", "art-3"]


def test_it_reads_a_word_document(client_for, draft, manager):
    data = docx(["Art. 1 Scope", "The rules.", "Art. 2 Fees", "Five lei."])
    upload = SimpleUploadedFile("hcl.docx", data)
    response = client_for(manager).post(url("manage_import", draft), {"file": upload})
    assert response.status_code == 200
    assert "2 units found in “hcl.docx”" in response.text
    assert "Five lei." in response.text


def test_it_explains_an_unreadable_file(client_for, draft, manager):
    upload = SimpleUploadedFile("hcl.docx", b"not a zip file")
    response = client_for(manager).post(url("manage_import", draft), {"file": upload})
    assert response.status_code == 200
    assert "could not be read" in response.text


def test_it_refuses_other_file_types(client_for, draft, manager):
    upload = SimpleUploadedFile("hcl.pdf", b"%PDF-1.4")
    response = client_for(manager).post(url("manage_import", draft), {"file": upload})
    assert "This type of file cannot be read" in response.text


def test_it_asks_for_a_file_or_text(client_for, draft, manager):
    response = client_for(manager).post(url("manage_import", draft), {"text": "  "})
    assert "Choose a document to upload or paste the text." in response.text


def test_it_sends_announced_consultations_to_the_versions(client_for, consultation, manager):
    response = client_for(manager).post(url("manage_import", consultation),
                                        {"text": MARKDOWN})
    assert response.status_code == 302
    assert len(keys(consultation)) == 3


def test_it_is_for_staff_only(client_for, draft, resident):
    assert client_for(resident).post(url("manage_import", draft),
                                     {"file": io.BytesIO(b"x")}).status_code == 404
