from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from participa.conftest import make_user
from participa.core.models import AuditEntry
from participa.notifications.models import EmailDelivery, Newsletter

BASE = "/notifications/manage/newsletter/"


def form_data(**extra: Any) -> dict[str, Any]:
    return {"subject__en": "Spring news", "subject__ro": "Noutăți de primăvară",
            "body__en": "We **planted** trees.", "body__ro": "Am **plantat** copaci.",
            "audience": "all", **extra}


@pytest.fixture
def subscribers(org: Any) -> list[Any]:
    return [
        make_user(org, "reader_en", notification_preferences={"newsletter": True}),
        make_user(org, "reader_ro", preferred_language="ro",
                  notification_preferences={"newsletter": True}),
        make_user(org, "not_subscribed", notification_preferences={"newsletter": False}),
    ]


@pytest.fixture
def draft(admin: Any, client_for: Any) -> Newsletter:
    client_for(admin).post(f"{BASE}new/", form_data())
    return Newsletter.objects.get()


@pytest.mark.parametrize("persona", ["resident", "moderator", "official", "outsider"])
def test_it_is_for_administrators_only(persona, request, client_for, org):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get(BASE).status_code == 404
    assert client.post(f"{BASE}new/", form_data()).status_code == 404
    assert not Newsletter.objects.exists()


def test_it_hides_newsletters_of_another_organization(client_for, outsider, draft):
    response = client_for(outsider, "other.test").get(f"{BASE}{draft.pk}/")
    assert response.status_code == 404


def test_it_shows_the_newsletter_in_the_back_office_menu(client_for, admin, official):
    assert f'href="{BASE}"' in client_for(admin).get("/manage/").content.decode()
    assert f'href="{BASE}"' not in client_for(official).get("/manage/").content.decode()


def test_it_creates_a_draft_and_shows_a_preview(client_for, admin, subscribers):
    response = client_for(admin).post(f"{BASE}new/", form_data())
    newsletter = Newsletter.objects.get()
    assert response["Location"] == f"{BASE}{newsletter.pk}/"
    assert newsletter.subject == {"en": "Spring news", "ro": "Noutăți de primăvară"}
    html = client_for(admin).get(f"{BASE}{newsletter.pk}/").content.decode()
    assert "<strong>planted</strong>" in html
    assert "2 people" in html  # two opted in
    assert AuditEntry.objects.filter(action="newsletter.create").exists()


def test_it_keeps_what_was_typed_when_something_is_missing(client_for, admin):
    response = client_for(admin).post(f"{BASE}new/", form_data(audience="space",
                                                               subject__en=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert "We **planted** trees." in html
    assert "Choose who receives the newsletter." in html
    assert not Newsletter.objects.exists()


def test_it_sends_a_test_to_the_administrator_only(client_for, admin, draft, subscribers,
                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(admin).post(f"{BASE}{draft.pk}/test/")
    assert [m.to for m in mail.outbox] == [[admin.email]]
    assert mail.outbox[0].subject == "Spring news"
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_it_sends_in_the_background_to_subscribers_in_their_language(
        client_for, admin, draft, subscribers, django_capture_on_commit_callbacks):
    client = client_for(admin)
    assert "Send the newsletter?" in client.get(f"{BASE}{draft.pk}/send/").content.decode()
    assert not mail.outbox  # the confirmation page sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}{draft.pk}/send/")
    assert response.status_code == 302
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"reader_en@example.org", "reader_ro@example.org"}
    assert by_address["reader_ro@example.org"].subject == "Noutăți de primăvară"
    assert by_address["reader_en@example.org"].subject == "Spring news"
    link = by_address["reader_en@example.org"].extra_headers["List-Unsubscribe"].strip("<>")
    client_for(None).post(link.removeprefix("http://testserver"))
    subscribers[0].refresh_from_db()
    assert subscribers[0].notification_preferences["newsletter"] is False
    draft.refresh_from_db()
    assert draft.status == "sent" and draft.total == 2
    html = client.get(f"{BASE}{draft.pk}/").content.decode()
    assert "2 of 2 sent" in html
    assert AuditEntry.objects.filter(action="newsletter.send").exists()


def test_it_shows_progress_while_sending(client_for, admin, draft, subscribers, flaky_email,
                                         django_capture_on_commit_callbacks):
    flaky_email.failures = 1
    with django_capture_on_commit_callbacks(execute=True):
        client_for(admin).post(f"{BASE}{draft.pk}/send/")
    html = client_for(admin).get(f"{BASE}{draft.pk}/").content.decode()
    assert "1 of 2 sent" in html and "1 waiting" in html
    assert "Refresh the progress" in html
    assert EmailDelivery.objects.filter(newsletter=draft).count() == 2


def test_it_cannot_be_sent_or_edited_twice(client_for, admin, draft, subscribers,
                                           django_capture_on_commit_callbacks):
    client = client_for(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{BASE}{draft.pk}/send/")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{BASE}{draft.pk}/send/").status_code == 404
    assert client.post(f"{BASE}{draft.pk}/edit/", form_data()).status_code == 404
    assert len(mail.outbox) == 2


def test_it_edits_a_draft(client_for, admin, draft):
    client_for(admin).post(f"{BASE}{draft.pk}/edit/", form_data(subject__en="Summer news"))
    draft.refresh_from_db()
    assert draft.subject["en"] == "Summer news"
    assert AuditEntry.objects.filter(action="newsletter.update").exists()


def test_it_escapes_the_plain_text_preview(client_for, admin):
    """An administrator's newsletter text is never run as HTML in the preview (stored XSS
    against other administrators)."""
    client = client_for(admin)
    client.post(f"{BASE}new/", form_data(**{"body__en": '<script>alert("x")</script> & <b>',
                                            "subject__en": "Tom & Jerry"}))
    newsletter = Newsletter.objects.get()
    html = client.get(f"{BASE}{newsletter.pk}/").content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in html


def test_it_keeps_subjects_plain_text(client_for, admin, subscribers):
    from participa.notifications.newsletter import newsletter_preview

    client_for(admin).post(f"{BASE}new/", form_data(**{"subject__en": "Tom & Jerry <3"}))
    delivery = newsletter_preview(Newsletter.objects.get(), subscribers[0])
    assert delivery.subject == "Tom & Jerry <3"
    assert type(delivery.body_text) is str and type(delivery.body_html) is str
