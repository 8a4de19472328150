"""The moderator sees a reported comment as it was reported, and every edit made since."""

from __future__ import annotations

import pytest
from django.urls import reverse

from participa.comments import services as comment_services
from participa.moderation.models import Moderation, Report
from participa.moderation.services import report_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_comment(target_page, resident):
    return comment_services.comment_create(acting_user=resident, target=target_page,
                                           body="You are all idiots")


def test_it_keeps_the_text_as_reported_with_each_report(fresh_comment, target_page, resident,
                                                        reporters):
    report_create(acting_user=reporters[0], obj=fresh_comment, reason="offensive")
    comment_services.comment_edit(acting_user=resident, comment=fresh_comment,
                                  target=target_page, body="I disagree", alignment="")
    report_create(acting_user=reporters[1], obj=fresh_comment, reason="offensive")
    assert [r.snapshot for r in Report.objects.order_by("id")] == ["You are all idiots",
                                                                   "I disagree"]


def test_the_moderator_sees_the_reported_text_and_the_later_edits(fresh_comment, target_page,
                                                                  resident, reporters,
                                                                  moderator, client_for):
    report_create(acting_user=reporters[0], obj=fresh_comment, reason="offensive")
    report_create(acting_user=reporters[1], obj=fresh_comment, reason="offensive")
    comment_services.comment_edit(acting_user=resident, comment=fresh_comment,
                                  target=target_page, body="You are all wrong", alignment="")
    comment_services.comment_edit(acting_user=resident, comment=fresh_comment,
                                  target=target_page, body="I disagree", alignment="")
    moderation = Moderation.objects.get()
    response = client_for(moderator).get(reverse("moderation:detail", args=[moderation.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    as_reported = html[html.index('id="as-reported"'):html.index('id="edits-after-report"')]
    assert "You are all idiots" in as_reported and "(seen by 2 reports)" in as_reported
    edits = html[html.index('id="edits-after-report"'):]
    assert edits.index("You are all wrong") < edits.index("I disagree")
    assert edits.count("Edited on") == 2 and "current text" in edits
    assert "You are all idiots" not in edits


def test_it_says_when_the_author_has_not_edited_since_the_report(fresh_comment, reporters,
                                                                 moderator, client_for):
    report_create(acting_user=reporters[0], obj=fresh_comment, reason="offensive")
    moderation = Moderation.objects.get()
    html = client_for(moderator).get(
        reverse("moderation:detail", args=[moderation.pk])).content.decode()
    assert "(seen by 1 report)" in html
    assert "The author has not edited it since it was first reported." in html
