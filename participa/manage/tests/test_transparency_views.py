"""The annual transparency report page and its downloads, for the organization's staff."""

from __future__ import annotations

import io
from typing import Any

from django.urls import reverse
from django.utils import timezone

from participa.core.models import User


def test_staff_see_the_indicators(admin: User, official: User, client_for: Any) -> None:
    year = timezone.localdate().year
    for user in (admin, official):
        response = client_for(user).get(reverse("manage:transparency_report"),
                                         {"year": year})
        assert response.status_code == 200
        page = response.content.decode()
        assert "Recommendations received" in page
        assert "Share of recommendations received online" in page


def test_others_get_404(resident: User, outsider: User, client_for: Any) -> None:
    assert client_for(None).get(reverse("manage:transparency_report")).url.startswith(
        "/accounts/login/?next=")
    for user in (resident, outsider):
        assert client_for(user).get(reverse("manage:transparency_report")).status_code == 404
        url = reverse("manage:transparency_report_file", args=["pdf"])
        assert client_for(user).get(url).status_code == 404


def test_it_downloads_pdf_and_xlsx(admin: User, client_for: Any) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    client = client_for(admin)
    pdf = client.get(reverse("manage:transparency_report_file", args=["pdf"]), {"year": 2025})
    assert pdf.status_code == 200
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Recommendations received" in text and "2025" in text
    xlsx = client.get(reverse("manage:transparency_report_file", args=["xlsx"]),
                      {"year": 2025})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert ("Recommendations received", 0) in rows
    assert client.get(reverse("manage:transparency_report_file", args=["doc"])).status_code \
        == 404
