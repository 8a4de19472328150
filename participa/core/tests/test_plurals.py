"""Counted messages use the plural forms of each language (ngettext), not "N things" always."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory
from django.utils import translation

COUNTS = {"registered": 0, "duplicates": 0, "late": 0, "no_date": 0, "empty": 0,
          "no_original": 0, "failed": 0}


def _messages(**counts: int) -> list[str]:
    from participa.components.consultations.manage_views.contributions import _report

    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    _report(request, {**COUNTS, **counts})
    return [str(message) for message in get_messages(request)]


@pytest.mark.parametrize(("language", "counts", "expected"), [
    ("en", {"registered": 1, "late": 2}, [
        "1 message registered as a contribution.",
        "2 messages arrived after the deadline and are flagged “late”."]),
    ("ro", {"registered": 1, "failed": 21}, [
        "1 mesaj înregistrat drept contribuție.",
        "21 de mesaje nu au putut fi înregistrate. Înregistrați-le manual."]),
    ("pl", {"registered": 3, "empty": 5}, [
        "3 wiadomości zarejestrowano jako uwagi.",
        "5 wiadomości nie miało treści i nie zostało zarejestrowanych."]),
    ("pl", {"registered": 1, "duplicates": 22}, [
        "1 wiadomość zarejestrowano jako uwagę.",
        "22 wiadomości były już zarejestrowane i zostały pominięte."]),
])
def test_it_words_the_mailbox_import_report_with_plural_forms(language, counts, expected):
    with translation.override(language):
        assert _messages(**counts) == expected
