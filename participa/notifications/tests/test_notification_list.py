from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from participa.components.pages.tests.conftest import make_page
from participa.notifications.models import Notification
from participa.notifications.services import follow_create, notify


def test_it_lists_notifications_newest_first(client_for, resident, official, component, page):
    second = make_page(component, "calendar", "Calendar")
    follow_create(user=resident, target=page)
    follow_create(user=resident, target=second)
    notify(event="page.updated", target=page, actor=official)
    notify(event="page.updated", target=second, actor=official)
    html = client_for(resident).get("/notifications/").content.decode()
    assert html.index("Calendar") < html.index("About the plan")
    assert "You have 2 unread notifications." in html


def test_it_paginates(client_for, resident, official, page):
    follow_create(user=resident, target=page)
    for _ in range(25):
        notify(event="page.updated", target=page, actor=official)
    client = client_for(resident)
    first = client.get("/notifications/").content.decode()
    assert first.count("Mark as read<span") == 20
    assert "Page 1 of 2" in first
    assert client.get("/notifications/?page=2").content.decode().count("Mark as read<span") == 5


def test_it_shows_an_empty_state(client_for, resident):
    html = client_for(resident).get("/notifications/").content.decode()
    assert "No notifications yet" in html


def test_it_asks_anonymous_visitors_to_log_in(client_for, org):
    response = client_for(None).get("/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_marks_one_as_read(client_for, resident, official, page):
    follow_create(user=resident, target=page)
    notify(event="page.updated", target=page, actor=official)
    notify(event="comment.created", target=page, actor=official)
    notification = Notification.objects.filter(recipient=resident).first()
    assert notification is not None
    response = client_for(resident).post(f"/notifications/{notification.pk}/read/")
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=resident, read_at__isnull=True).count() == 1


def test_it_marks_all_as_read(client_for, resident, official, page):
    follow_create(user=resident, target=page)
    notify(event="page.updated", target=page, actor=official)
    notify(event="comment.created", target=page, actor=official)
    client_for(resident).post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient=resident, read_at__isnull=True).exists()


def test_it_answers_404_for_someone_elses_notification(client_for, resident, ngo_member,
                                                        official, page):
    follow_create(user=resident, target=page)
    notify(event="page.updated", target=page, actor=official)
    notification = Notification.objects.get(recipient=resident)
    response = client_for(ngo_member).post(f"/notifications/{notification.pk}/read/")
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_it_does_not_mark_read_with_a_get(client_for, resident, official, page):
    follow_create(user=resident, target=page)
    notify(event="page.updated", target=page, actor=official)
    notification = Notification.objects.get(recipient=resident)
    response = client_for(resident).get(f"/notifications/{notification.pk}/read/")
    assert response.status_code == 405


def test_it_shows_the_unread_count_in_the_header_with_one_query(client_for, resident,
                                                                  official, page):
    from django.template import Context, Template
    from django.test import RequestFactory

    follow_create(user=resident, target=page)
    notify(event="page.updated", target=page, actor=official)
    notify(event="comment.created", target=page, actor=official)
    html = client_for(resident).get("/").content.decode()
    assert "Notifications (2 unread)" in html
    request = RequestFactory().get("/")
    request.user = resident
    request.organization = resident.organization  # type: ignore[attr-defined]
    template = Template('{% include "notifications/_header_link.html" %}')
    with CaptureQueriesContext(connection) as queries:
        template.render(Context({"request": request}))
    assert len(queries) == 1


def test_it_hides_the_header_link_from_anonymous_visitors(client_for, org):
    assert "notifications-link" not in client_for(None).get("/").content.decode()
