"""The comment section on a page: threads, order, pages, hidden and deleted comments, and a
fixed number of queries whatever the number of comments."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participa.comments.tests.conftest import add_comment, bulk_comments
from participa.moderation.models import Block, Moderation

pytestmark = pytest.mark.django_db


def test_it_shows_threads_with_replies_groups_positions_and_edits(target_page, resident, ngo_member,
                                                                  ngo, client_for):
    root = add_comment(target_page, resident, "Root **text**", alignment="for",
                       edited_at=timezone.now())
    add_comment(target_page, ngo_member, "A reply", parent=root, user_group=ngo)
    html = client_for(None).get(target_page.get_absolute_url()).content.decode()
    assert "<strong>text</strong>" in html
    assert "Position: For" in html
    assert "edited" in html
    assert "on behalf of Asociația Test" in html
    assert 'class="comment-replies"' in html and "A reply" in html


def test_it_offers_the_form_to_people_who_may_comment_only(target_page, resident, outsider,
                                                           client_for):
    url = target_page.get_absolute_url()
    assert 'name="body"' in client_for(resident).get(url).content.decode()
    anonymous = client_for(None).get(target_page.get_absolute_url()).content.decode()
    assert 'name="body"' not in anonymous and "Log in to comment" in anonymous


def test_it_says_comments_are_closed_when_the_phase_switch_is_off(target_page, resident, component,
                                                                  client_for):
    component.phase_settings = {}
    component.save()
    html = client_for(resident).get(target_page.get_absolute_url()).content.decode()
    assert "Comments are closed at this stage." in html and 'name="body"' not in html


def test_it_tells_blocked_people_they_cannot_comment(target_page, resident, client_for):
    Block.objects.create(organization=resident.organization, user=resident, reason="spam")
    html = client_for(resident).get(target_page.get_absolute_url()).content.decode()
    assert "blocked your account" in html and 'name="body"' not in html


def test_it_shows_deleted_and_hidden_comments_in_place(target_page, resident, official, client_for):
    from django.contrib.contenttypes.models import ContentType

    from participa.comments.models import Comment

    deleted = add_comment(target_page, resident, "", deleted_at=timezone.now())
    add_comment(target_page, official, "Still here", parent=deleted)
    hidden = add_comment(target_page, resident, "Rude words")
    Moderation.objects.create(organization=resident.organization, space=target_page.component.space,
                              content_type=ContentType.objects.get_for_model(Comment),
                              object_id=hidden.pk, hidden_at=timezone.now(),
                              hidden_reason="insults")
    html = client_for(None).get(target_page.get_absolute_url()).content.decode()
    assert "Comment deleted" in html and "Still here" in html
    assert "Hidden by the moderators: insults" in html and "Rude words" not in html


def test_it_hides_everything_a_blocked_person_wrote(target_page, resident, client_for):
    add_comment(target_page, resident, "Spam spam spam")
    Block.objects.create(organization=resident.organization, user=resident, reason="spam")
    html = client_for(None).get(target_page.get_absolute_url()).content.decode()
    assert "Spam spam spam" not in html and "Hidden by the moderators" in html


def test_it_sorts_by_oldest_newest_and_most_supported(target_page, resident, client_for):
    now = timezone.now()
    add_comment(target_page, resident, "Old one", created_at=now - datetime.timedelta(hours=2))
    add_comment(target_page, resident, "Popular one", created_at=now - datetime.timedelta(hours=1),
                support_count=5)
    add_comment(target_page, resident, "New one", created_at=now)
    client = client_for(None)

    def order(param):
        url = target_page.get_absolute_url()
        html = client.get(url, {"comments_order": param}).content.decode()
        return sorted(["Old one", "Popular one", "New one"], key=html.index)

    assert order("oldest") == ["Old one", "Popular one", "New one"]
    assert order("newest") == ["New one", "Popular one", "Old one"]
    assert order("supported")[0] == "Popular one"


def test_it_paginates_threads(target_page, resident, client_for, settings):
    settings.COMMENTS_PER_PAGE = 2
    now = timezone.now()
    for n in range(5):
        add_comment(target_page, resident, f"Thread {n}",
                    created_at=now + datetime.timedelta(minutes=n))
    client = client_for(None)
    first = client.get(target_page.get_absolute_url()).content.decode()
    assert "Thread 0" in first and "Thread 2" not in first and "Page 1 of 3" in first
    third = client.get(target_page.get_absolute_url(), {"comments_page": 3}).content.decode()
    assert "Thread 4" in third and "Thread 0" not in third


def test_it_renders_the_first_page_of_5000_comments_with_as_many_queries_as_10(
    target_page, resident, official, client_for
):
    client = client_for(official)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(target_page.get_absolute_url())
        assert response.status_code == 200
        return len(captured.captured_queries)

    queries()  # the first page read of the test also looks up the host's organization
    bulk_comments(target_page, resident, 10)
    small = queries()
    bulk_comments(target_page, resident, 4990)
    large = queries()
    assert large == small
