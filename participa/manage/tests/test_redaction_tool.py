"""The staff redaction tool at /manage/tools/redaction/."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from participa.core.models import AuditEntry, Organization, User

URL = reverse("manage:redaction_tool")
LETTER = ("Bună ziua, mă numesc Ion Popescu, tel. 0722 123 456, e-mail ion.popescu@gmail.com.\n"
          "Propun piste de biciclete pe Calea Aradului.\nCu stimă,\nIon Popescu")


def test_it_shows_the_form_in_the_organizations_default_language(
    client_for: Any, official: User,
) -> None:
    response = client_for(official).get(URL)
    assert response.status_code == 200
    assert response.context["form"]["lang"].value() == "en"
    assert b'enctype="multipart/form-data"' in response.content


def test_staff_can_redact_a_pasted_text_and_see_both_versions(
    client_for: Any, official: User, org: Organization,
) -> None:
    response = client_for(official).post(URL, {"text": LETTER, "lang": "ro", "names": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "=anonimizat=" in html
    assert "ion.popescu@gmail.com" in html  # the original is shown beside the redacted text
    assert "e-mail address" in html and "phone number" in html and "person&#x27;s name" in html
    redacted = "".join(piece["text"] for piece in response.context["redacted_segments"])
    assert "ion.popescu@gmail.com" not in redacted and "0722" not in redacted
    assert "Calea Aradului" in redacted


def test_it_uses_the_organizations_placeholder(
    client_for: Any, official: User, org: Organization,
) -> None:
    org.redaction_placeholders = {"ro": "[șters]"}
    org.save()
    response = client_for(official).post(URL, {"text": LETTER, "lang": "ro"})
    redacted = "".join(piece["text"] for piece in response.context["redacted_segments"])
    assert "[șters]" in redacted and "=anonimizat=" not in redacted


def test_the_names_given_are_removed_everywhere(client_for: Any, official: User) -> None:
    text = "Kowalski mówi, że pani Zofia ma rację."
    response = client_for(official).post(
        URL, {"text": text, "lang": "pl", "names": "Jan Kowalski\nZofia Nowak"})
    redacted = "".join(piece["text"] for piece in response.context["redacted_segments"])
    assert redacted == "[dane usunięte] mówi, że pani [dane usunięte] ma rację."


def test_it_downloads_the_redacted_text_as_utf8(client_for: Any, official: User) -> None:
    response = client_for(official).post(
        URL, {"text": LETTER, "lang": "ro", "names": "", "download": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("Bună ziua, mă numesc =anonimizat=")
    assert "Propun piste de biciclete pe Calea Aradului." in body


def test_an_uploaded_txt_file_is_redacted(client_for: Any, official: User) -> None:
    upload = SimpleUploadedFile("scrisoare.txt", LETTER.encode("utf-8"), "text/plain")
    response = client_for(official).post(URL, {"file": upload, "lang": "ro"})
    assert response.status_code == 200
    redacted = "".join(piece["text"] for piece in response.context["redacted_segments"])
    assert "Ion Popescu" not in redacted and "Calea Aradului" in redacted
    # the extracted text is kept in the form, so it can be redacted again or downloaded
    assert response.context["form"]["text"].value() == LETTER


def test_a_bad_file_type_gets_a_clear_message_and_the_typed_text_is_kept(
    client_for: Any, official: User,
) -> None:
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4", "application/pdf")
    response = client_for(official).post(
        URL, {"file": upload, "text": "Textul meu scris de mână", "lang": "ro",
              "names": "Ion Popescu"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "Only DOCX, ODT and TXT files can be redacted" in " ".join(form.errors["file"])
    assert form["text"].value() == "Textul meu scris de mână"
    assert form["names"].value() == "Ion Popescu"
    assert "result" not in response.context


def test_an_empty_submission_asks_for_a_text_or_a_file(client_for: Any, official: User) -> None:
    response = client_for(official).post(URL, {"text": "  ", "lang": "ro"})
    assert "Paste a text or upload a file to redact." in response.content.decode()


def test_it_stores_nothing_not_even_an_audit_entry(client_for: Any, official: User) -> None:
    # Using the tool is a read: nothing is written, so nothing is audited.
    response = client_for(official).post(URL, {"text": LETTER, "lang": "ro"})
    assert response.status_code == 200
    assert AuditEntry.objects.count() == 0


def test_residents_anonymous_visitors_and_other_organizations_get_404(
    client_for: Any, resident: User, outsider: User,
) -> None:
    assert client_for(resident).get(URL).status_code == 404
    assert client_for(resident).post(URL, {"text": LETTER, "lang": "ro"}).status_code == 404
    assert client_for(outsider).get(URL).status_code == 404
    assert client_for(None).get(URL).status_code in (302, 404)
    assert not AuditEntry.objects.filter(action="redaction.tool").exists()


def test_moderators_and_administrators_can_use_it(
    client_for: Any, moderator: User, admin: User,
) -> None:
    assert client_for(moderator).get(URL).status_code == 200
    assert client_for(admin).get(URL).status_code == 200
