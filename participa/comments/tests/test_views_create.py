"""Writing a comment from the page's form: POST, then back to the comment's anchor."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from participa.comments.models import Comment
from participa.moderation.models import Block

pytestmark = pytest.mark.django_db


def create_url(page) -> str:
    return reverse("comments:create", args=["pages.page", page.pk])


def test_it_publishes_a_comment_and_goes_back_to_it(target_page, resident, client_for):
    client = client_for(resident)
    response = client.post(create_url(target_page), {"body": "I agree", "alignment": "for"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{target_page.get_absolute_url()}#comment-{comment.pk}"
    assert comment.author == resident and comment.alignment == "for"
    page_html = client.get(response["Location"]).content.decode()
    assert "Your comment is published." in page_html and "I agree" in page_html


def test_it_posts_on_behalf_of_a_group(target_page, ngo_member, ngo, client_for):
    client_for(ngo_member).post(create_url(target_page), {"body": "We agree",
                                                          "user_group": ngo.pk})
    assert Comment.objects.get().user_group == ngo


def test_it_keeps_what_was_typed_when_the_input_is_invalid(target_page, resident, client_for):
    response = client_for(resident).post(create_url(target_page),
                                         {"body": "x" * 5001, "alignment": "for"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and "x" * 5001 in html
    assert not Comment.objects.exists()


def test_it_sends_anonymous_visitors_to_log_in(target_page, client_for):
    response = client_for(None).post(create_url(target_page), {"body": "Hi"})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not Comment.objects.exists()


def test_it_answers_404_when_comments_are_closed_or_to_blocked_people(target_page, resident,
                                                                     component, client_for):
    Block.objects.create(organization=resident.organization, user=resident, reason="spam")
    assert client_for(resident).post(create_url(target_page), {"body": "Hi"}).status_code == 404
    Block.objects.all().delete()
    component.phase_settings = {}
    component.save()
    assert client_for(resident).post(create_url(target_page), {"body": "Hi"}).status_code == 404
    assert not Comment.objects.exists()


def test_it_answers_404_on_another_organizations_host(target_page, outsider, client_for):
    response = client_for(outsider, "other.test").post(create_url(target_page), {"body": "Hi"})
    assert response.status_code == 404


def test_it_answers_404_for_unknown_targets(target_page, resident, client_for):
    client = client_for(resident)
    assert client.post(reverse("comments:create", args=["core.user", resident.pk]),
                       {"body": "Hi"}).status_code == 404
    assert client.post(reverse("comments:create", args=["pages.page", 999]),
                       {"body": "Hi"}).status_code == 404


def test_it_rejects_a_filled_honeypot(target_page, resident, client_for):
    response = client_for(resident).post(create_url(target_page),
                                         {"body": "Buy now", "homepage": "http://spam"})
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_it_limits_posting_per_person_and_says_when_to_retry(target_page, resident, client_for,
                                                             settings):
    settings.PARTICIPA_RATE_LIMITS = {"comment_post": [("user", 2, 60)]}
    client = client_for(resident)
    for n in range(2):
        assert client.post(create_url(target_page), {"body": f"c{n}"}).status_code == 302
    response = client.post(create_url(target_page), {"body": "the third one"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "try again in 1 minute" in html and "the third one" in html
    assert int(response["Retry-After"]) <= 60
    assert Comment.objects.count() == 2


def test_it_limits_posting_per_ip_address(target_page, resident, official, client_for,
                                          settings):
    settings.PARTICIPA_RATE_LIMITS = {"comment_post": [("ip", 1, 3600)]}
    assert client_for(resident).post(create_url(target_page), {"body": "a"}).status_code == 302
    response = client_for(official).post(create_url(target_page), {"body": "b"})
    # The window of the limit ends at a fixed moment: "in 1 minute" or "in 37 minutes".
    assert response.status_code == 429 and "Please try again in" in response.content.decode()


def test_it_shows_the_site_error_summary_instead_of_browser_bubbles(target_page, resident,
                                                                   client_for):
    client = client_for(resident)
    page_html = client.get(target_page.get_absolute_url()).content.decode()
    form = re.search(r'<form method="post" action="[^"]*"[^>]*aria-labelledby='
                     r'"comment-form-heading"[^>]*>', page_html)
    assert form is not None and " novalidate" in form.group(0)
    url = reverse("comments:create", args=["pages.page", target_page.pk])
    response = client.post(url, {"body": "", "alignment": "for"})
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'<form method="post" action="[^"]*" novalidate>', html)
    assert '<div class="error-summary" role="alert" tabindex="-1" id="error-summary">' in html
    assert '<a href="#id_body">Your comment: This field is required.</a>' in html
