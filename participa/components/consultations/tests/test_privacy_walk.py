"""Personal data never leaks: every public surface is walked for data seeded in contributions.

Contributions arrive through the services (online and by e-mail) with e-mail addresses, phone
numbers, a CNP, an IBAN, a street address and names; one asked not to be published, one is still
waiting for the moderator. After answers and the final report are published, the lists, the
consultation page (every page of it), the version comparison, the report page and its HTML,
CSV, XLSX and PDF files, the open-data exports and ZIP, the site search (and its index) are read
as a visitor: none of the seeded data may appear, nor the texts that must stay unpublished.
"""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from participa.components.consultations.models import Publication, ReportState
from participa.components.consultations.services import answers, moderation, reports
from participa.components.consultations.services import contributions as intake
from participa.conftest import make_user
from participa.search.models import SearchDocument
from participa.spaces.registry import get_spec

pytestmark = pytest.mark.django_db

CNP = "2850315350030"
IBAN = "RO49 AAAA 1B31 0075 9384 0000"
SECRETS = {
    "online e-mail": "ioana.vlase@example.ro",
    "online phone": "0722 111 222",
    "CNP": CNP,
    "legal name": "Vlase Ioana-Maria",
    "offline sender": "Gheorghe Stanciu",
    "offline e-mail": "g.stanciu@example.ro",
    "offline address": "str. Mărășești nr. 14",
    "IBAN": IBAN,
    "hidden text": "TEXT-THAT-ASKED-NOT-TO-BE-PUBLISHED",
    "pending text": "TEXT-WAITING-FOR-THE-MODERATOR",
}


@pytest.fixture
def published(consultation, articles, manager, second_official, org):
    org.languages = ["ro", "en"]
    org.save()
    writer = make_user(org, "ioana", legal_name="Vlase Ioana-Maria")
    writer.display_name = "Ioana V."
    writer.save(update_fields=["display_name"])
    online = intake.contribution_submit_online(
        acting_user=writer, consultation=consultation, article=articles[1],
        type="proposal", publication=Publication.NAMED,
        body=f"Mă numesc Ioana Vlase, CNP {CNP}. Scrieți-mi la ioana.vlase@example.ro sau "
             "sunați la 0722 111 222. Propun 3 lei pe oră.")
    offline = intake.contribution_register_offline(
        acting_user=manager, consultation=consultation, channel="email",
        received_at=timezone.now(), author_name="Gheorghe Stanciu",
        author_email="g.stanciu@example.ro", type="objection",
        publication=Publication.ANONYMOUS,
        body=f"Locuiesc pe str. Mărășești nr. 14, ap. 3. Contul meu {IBAN} pentru restituire. "
             "Cu stimă, Gheorghe Stanciu")
    hidden = intake.contribution_register_offline(
        acting_user=manager, consultation=consultation, channel="post",
        received_at=timezone.now(), author_name="Florin Neagu", type="support",
        publication=Publication.NOT_PUBLISHED,
        body="Susțin proiectul. TEXT-THAT-ASKED-NOT-TO-BE-PUBLISHED")
    pending = intake.contribution_register_offline(
        acting_user=manager, consultation=consultation, channel="post",
        received_at=timezone.now(), author_name="Dana Toma", type="other",
        publication=Publication.NAMED, body="Altă idee. TEXT-WAITING-FOR-THE-MODERATOR")
    for contribution in (online, offline, hidden):
        moderation.redaction_approve(acting_user=second_official, contribution=contribution)
    for contribution in (online, offline, hidden, pending):
        answer = answers.answer_save_draft(
            acting_user=manager, contribution=contribution, outcome="rejected",
            justification="The fee stays as proposed.")
        answers.answer_review(acting_user=second_official, answer=answer, approve=True)
    answers.answers_publish_all(acting_user=manager, consultation=consultation)
    consultation.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    consultation.opens_on = consultation.closes_on - datetime.timedelta(days=12)
    consultation.save(update_fields=["closes_on", "opens_on"])
    answers.consultation_close_final(acting_user=manager, consultation=consultation)
    report = reports.report_request(acting_user=manager, consultation=consultation, final=True)
    report = reports.report_build(report_id=report.pk)
    assert report.state == ReportState.DONE, report.error
    reports.report_publish(acting_user=manager, report=report)
    consultation.refresh_from_db()
    return consultation


def assert_clean(surface: str, text: str) -> None:
    leaks = [label for label, secret in SECRETS.items() if secret.lower() in text.lower()]
    assert not leaks, f"{surface} shows {leaks}"


def xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(str(cell) for sheet in book.worksheets
                     for row in sheet.iter_rows(values_only=True) for cell in row
                     if cell is not None)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_no_public_surface_shows_personal_data_or_unpublished_text(client, published):
    consultation = published
    component = consultation.component
    space = component.space
    pages = {
        "org-wide list": reverse("consultations_list"),
        "component list": reverse("spaces:consultations:index", args=[space.slug, component.pk]),
        "consultation page": consultation.get_absolute_url(),
        "report page": reverse("spaces:consultations:report",
                               args=[space.slug, component.pk, consultation.slug]),
    }
    seen_answer = False
    for surface, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, surface
        text = response.content.decode()
        assert_clean(surface, text)
        seen_answer = seen_answer or "The fee stays as proposed." in text
    assert seen_answer, "the published answers are on the public pages"
    # The named contribution is there under the public name the person chose.
    assert "Ioana V." in client.get(consultation.get_absolute_url()).content.decode()

    # Every page of the contributions on the consultation page.
    for number in range(2, 5):
        response = client.get(consultation.get_absolute_url(), {"page": number})
        if response.status_code == 200:
            assert_clean(f"consultation page {number}", response.content.decode())

    # The report files a visitor can download.
    for fmt, reader in (("html", bytes.decode), ("csv", lambda data: data.decode("utf-8-sig")),
                        ("xlsx", xlsx_text), ("pdf", pdf_text)):
        response = client.get(reverse("spaces:consultations:report_file",
                                      args=[space.slug, component.pk, consultation.slug, fmt]))
        assert response.status_code == 200, fmt
        data = b"".join(response.streaming_content) if response.streaming else response.content
        text = reader(data)
        assert "The fee stays as proposed." in text, fmt  # the file has the answers
        assert_clean(f"report {fmt}", text)

    # Open data: the component's exports and the organization's ZIP.
    spec = get_spec("consultations")
    assert spec is not None
    for export in spec.exports:
        rows = list(export.rows(component))
        assert rows, export.name
        assert_clean(f"open data {export.name}", repr(rows))
    from participa.opendata.services import open_data_zip

    data, _counts = open_data_zip(space.organization, built_at=timezone.now())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            assert_clean(f"open-data ZIP {name}", archive.read(name).decode("utf-8", "replace"))

    # Search: results pages and the index itself.
    for term in ("Vlase", "Stanciu", "0722", "Mărășești", "TEXT-THAT-ASKED", "TEXT-WAITING",
                 "lei"):
        response = client.get(reverse("search:search"), {"q": term})
        assert response.status_code == 200
        assert_clean(f"search for {term}", response.content.decode())
    for document in SearchDocument.objects.all():
        assert_clean(f"search index ({document.kind})", repr(document.__dict__))


def test_the_receipt_of_one_person_is_not_shown_to_another(client_for, published, resident):
    contribution = published.contributions.get(author__isnull=False)
    component = published.component
    url = reverse("spaces:consultations:receipt",
                  args=[component.space.slug, component.pk, published.slug, contribution.number])
    assert client_for(resident).get(url).status_code == 404
    assert client_for(None).get(url).status_code in (302, 404)
    assert AnonymousUser().is_anonymous
