"""Reporting a comment from the page: a form with reasons, once per person, rate-limited."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from participa.comments.tests.conftest import add_comment
from participa.moderation.models import Report

pytestmark = pytest.mark.django_db


def test_it_records_a_report_and_thanks_the_reporter(target_page, resident, official,
                                                     client_for):
    comment = add_comment(target_page, resident, "Buy cheap pills")
    client = client_for(official)
    form = client.get(reverse("comments:report", args=[comment.pk]))
    assert form.status_code == 200 and "Buy cheap pills" in form.content.decode()
    response = client.post(reverse("comments:report", args=[comment.pk]),
                           {"reason": "spam", "note": "advert"})
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    report = Report.objects.get()
    assert report.user == official and report.reason == "spam" and report.note == "advert"
    assert "moderators will review" in client.get(response["Location"]).content.decode()


def test_it_says_so_when_reported_twice(target_page, resident, official, client_for):
    comment = add_comment(target_page, resident, "Text")
    client = client_for(official)
    client.post(reverse("comments:report", args=[comment.pk]), {"reason": "spam"})
    response = client.post(reverse("comments:report", args=[comment.pk]),
                           {"reason": "other", "note": "again"})
    assert response.status_code == 400
    assert "already reported" in response.content.decode()
    assert Report.objects.count() == 1


def test_it_refuses_reports_by_the_author_and_anonymous_visitors(target_page, resident,
                                                                 client_for):
    comment = add_comment(target_page, resident, "Text")
    assert client_for(resident).get(reverse("comments:report", args=[comment.pk])).status_code \
        == 404
    response = client_for(None).get(reverse("comments:report", args=[comment.pk]))
    assert response.status_code == 302


def test_it_limits_reports_and_keeps_the_note(target_page, resident, official, moderator,
                                              client_for, settings):
    settings.PARTICIPA_RATE_LIMITS = {"report": [("user", 1, 3600)]}
    first = add_comment(target_page, resident, "One")
    second = add_comment(target_page, resident, "Two")
    client = client_for(official)
    client.post(reverse("comments:report", args=[first.pk]), {"reason": "spam"})
    response = client.post(reverse("comments:report", args=[second.pk]),
                           {"reason": "other", "note": "my careful note"})
    assert response.status_code == 429
    html = response.content.decode()
    assert re.search(r"Please try again in \d+ minutes?;", html) and "my careful note" in html


def test_it_rejects_a_filled_honeypot(target_page, resident, official, client_for):
    comment = add_comment(target_page, resident, "Text")
    response = client_for(official).post(reverse("comments:report", args=[comment.pk]),
                                         {"reason": "spam", "homepage": "x"})
    assert response.status_code == 400 and not Report.objects.exists()
