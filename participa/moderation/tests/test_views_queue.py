"""The moderation queue at /manage/moderation/: who sees it, and each decision from it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from participa.core.models import AuditEntry
from participa.moderation.models import Block, Moderation
from participa.moderation.services import report_create
from participa.spaces.models import Space

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(comment, reporters) -> Moderation:
    for user in reporters[:3]:
        report_create(acting_user=user, obj=comment, reason="spam", note="advert")
    return Moderation.objects.get()


def test_it_lists_reported_content_for_moderators_and_administrators(reported, moderator,
                                                                     admin, client_for):
    for user in (moderator, admin):
        response = client_for(user).get(reverse("moderation:queue"))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Buy cheap pills" in html and "Hidden automatically" in html
        assert reverse("moderation:queue") in html  # the back-office navigation item


def test_it_answers_404_to_residents_officials_and_other_organizations(reported, resident,
                                                                       official, outsider,
                                                                       client_for):
    assert client_for(resident).get(reverse("moderation:queue")).status_code == 404
    assert client_for(official).get(reverse("moderation:queue")).status_code == 404
    assert client_for(outsider, "other.test").get(
        reverse("moderation:detail", args=[reported.pk])).status_code == 404


def test_it_shows_space_managers_only_their_spaces(reported, manager, org, client_for):
    client = client_for(manager)
    assert "Buy cheap pills" in client.get(reverse("moderation:queue")).content.decode()
    Moderation.objects.update(space=Space.objects.create(organization=org, kind="process",
                                                         slug="other", title={"en": "O"}))
    assert "Buy cheap pills" not in client.get(reverse("moderation:queue")).content.decode()
    assert client.get(reverse("moderation:detail", args=[reported.pk])).status_code == 404


def test_it_filters_by_state(reported, moderator, client_for):
    client = client_for(moderator)
    assert "Buy cheap pills" in client.get(reverse("moderation:queue"),
                                           {"status": "hidden"}).content.decode()
    assert "Nothing to review" in client.get(reverse("moderation:queue"),
                                             {"status": "reviewed"}).content.decode()


def test_it_shows_the_reports_of_an_item(reported, moderator, client_for):
    html = client_for(moderator).get(reverse("moderation:detail", args=[reported.pk])
                                     ).content.decode()
    assert "3 reports" in html and "advert" in html and "Spam or advertising" in html
    assert "Reporter" not in html  # reporters' names stay private


def test_it_hides_with_a_reason_shown_on_the_page(reported, moderator, client_for,
                                                  target_page):
    client = client_for(moderator)
    response = client.post(reverse("moderation:hide", args=[reported.pk]),
                           {"reason": "advertising"})
    assert response.status_code == 302
    html = client_for(None).get(target_page.get_absolute_url()).content.decode()
    assert "Hidden by the moderators: advertising" in html
    assert AuditEntry.objects.filter(action="moderation.hide", actor=moderator).exists()


def test_it_asks_for_a_reason_to_hide(reported, moderator, client_for):
    response = client_for(moderator).post(reverse("moderation:hide", args=[reported.pk]),
                                          {"reason": ""})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()


def test_it_unhides(reported, moderator, client_for, target_page):
    response = client_for(moderator).post(reverse("moderation:unhide", args=[reported.pk]))
    assert response.status_code == 302
    assert "Buy cheap pills" in client_for(None).get(
        target_page.get_absolute_url()).content.decode()
    assert AuditEntry.objects.filter(action="moderation.unhide").exists()


def test_it_blocks_the_author_after_confirmation(reported, moderator, resident, client_for):
    client = client_for(moderator)
    confirm = client.get(reverse("moderation:block", args=[reported.pk]))
    assert confirm.status_code == 200 and "Block Resident?" in confirm.content.decode()
    response = client.post(reverse("moderation:block", args=[reported.pk]),
                           {"reason": "spam account"})
    assert response.status_code == 302
    assert Block.objects.filter(user=resident, reason="spam account").exists()
    assert AuditEntry.objects.filter(action="moderation.block").exists()
    blocked = client.get(reverse("moderation:blocked_list")).content.decode()
    assert "Resident" in blocked and "spam account" in blocked


def test_it_lets_space_managers_hide_but_not_block(reported, manager, client_for):
    client = client_for(manager)
    assert client.get(reverse("moderation:block", args=[reported.pk])).status_code == 404
    client.post(reverse("moderation:hide", args=[reported.pk]), {"reason": "off-topic"})
    assert Moderation.objects.get().hidden_reason == "off-topic"


def test_it_unblocks_after_confirmation(reported, moderator, resident, org, client_for):
    block = Block.objects.create(organization=org, user=resident, reason="x")
    client = client_for(moderator)
    assert client.get(reverse("moderation:unblock", args=[block.pk])).status_code == 200
    client.post(reverse("moderation:unblock", args=[block.pk]))
    assert not Block.objects.exists()


def test_it_links_the_queue_from_the_back_office_only_for_those_who_moderate(
    moderator, manager, official, client_for
):
    link = f'href="{reverse("moderation:queue")}"'
    assert link in client_for(moderator).get(reverse("manage:dashboard")).content.decode()
    assert link in client_for(manager).get(reverse("manage:dashboard")).content.decode()
    assert link not in client_for(official).get(reverse("manage:dashboard")).content.decode()
