"""The debates section of the synthesis report: each debate held (a meeting) with its date,
place, people registered and attending, and its minutes: the redacted text and the file."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from participa.components.consultations.models import Consultation, ReportState
from participa.components.consultations.services import debates as services
from participa.components.consultations.tests.conftest import make_debate
from participa.components.consultations.tests.test_reports import build, read
from participa.components.meetings.models import Meeting
from participa.core.models import User

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
MINUTES = "Ion Vasilescu asked for a lower fee. The city will study a resident card."


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Any) -> None:
    settings.ATTACHMENT_ROOT = tmp_path / "private"


@pytest.fixture
def held(consultation: Consultation, manager: User) -> Meeting:
    debate = make_debate(consultation, place="Sala mare",
                         online_url="https://meet.example/secret-room",
                         starts_at=timezone.now() - datetime.timedelta(days=2))
    services.debate_minutes_upload(acting_user=manager, debate=debate,
                                   file=SimpleUploadedFile("minuta.pdf", PDF), participants=18)
    # The minutes' text with the name redacted by the review, and 25 people registered.
    Meeting.objects.filter(pk=debate.pk).update(
        minutes_text=MINUTES, minutes_redactions=[[0, 13, "name"]], registered_count=25)
    # A debate still to come is no participation yet.
    make_debate(consultation, place="Sala mică",
                starts_at=timezone.now() + datetime.timedelta(days=4))
    debate.refresh_from_db()
    return debate


def test_the_report_shows_each_held_debate_with_people_and_minutes(
        consultation: Consultation, manager: User, held: Meeting,
        django_capture_on_commit_callbacks: Any) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    report = build(consultation, manager, final=False,
                   django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert report.state == ReportState.DONE, report.error
    html = read(report, "html").decode()
    section = html.split('id="report-debates"', 1)[1].split("</section>", 1)[0]
    assert "Sala mare — 25 people registered, 18 participants" in section
    assert "asked for a lower fee. The city will study a resident card." in section
    assert "Vasilescu" not in html
    assert "secret-room" not in html
    assert "Sala mică" not in section
    assert reverse("attachments:download", args=[held.minutes_id]) in section
    assert "1 public debate, 18 participants." in html

    text = "\n".join(page.extract_text() for page in
                     PdfReader(io.BytesIO(read(report, "pdf"))).pages)
    assert "25 people registered" in text and "18 participants" in text
    assert "The city will study a resident card." in text and "Vasilescu" not in text

    workbook = load_workbook(io.BytesIO(read(report, "xlsx")), read_only=True)
    rows = list(workbook["Public debates"].iter_rows(values_only=True))
    assert rows[0] == ("Date", "Place", "Registered", "Participants", "Minutes",
                       "Minutes file")
    assert len(rows) == 2
    assert rows[1][1:4] == ("Sala mare", 25, 18)
    assert rows[1][4].endswith("asked for a lower fee. The city will study a resident card.")
    assert "Vasilescu" not in rows[1][4]
    assert rows[1][5].endswith(reverse("attachments:download", args=[held.minutes_id]))
