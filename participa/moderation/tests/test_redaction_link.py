"""A reported comment's page leads the moderator to the review of its personal data."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from participa.comments import services as comment_services
from participa.moderation.models import Moderation
from participa.moderation.services import report_create

pytestmark = pytest.mark.django_db


def test_a_reported_comment_links_to_its_redaction_review(target_page: Any, resident: Any,
                                                         reporters: Any, moderator: Any,
                                                         client_for: Any) -> None:
    comment = comment_services.comment_create(acting_user=resident, target=target_page,
                                              body="Call Ion Popescu about it")
    report_create(acting_user=reporters[0], obj=comment, reason="offensive")
    moderation = Moderation.objects.get()
    html = client_for(moderator).get(
        reverse("moderation:detail", args=[moderation.pk])).content.decode()
    review = reverse("manage:comment_redaction_review", args=[comment.pk])
    assert f'href="{review}"' in html
    assert client_for(moderator).get(review).status_code == 200
