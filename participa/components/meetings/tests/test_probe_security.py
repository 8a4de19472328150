"""Security probes of the meetings component, as an outside tester runs them: ids of another
component, space or organization on every URL; drafts and members-only spaces; state changes
by GET; the online link on every page but the registered person's; markup in titles."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from participa.components.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingFormat,
    MeetingState,
    Registration,
    RegistrationState,
    SeatDraw,
)
from participa.components.meetings.services import registrations as registration_services
from participa.components.meetings.tests.conftest import make_component, make_meeting, make_space
from participa.components.meetings.urls import manage_urlpatterns, urlpatterns
from participa.conftest import make_user
from participa.core.models import Area, Organization, Role, RoleKind, User
from participa.spaces.models import Component, SpaceMembership, Visibility

pytestmark = pytest.mark.django_db
LINK = "https://meet.example.org/secret-room-4711"


def _draw(component: Component) -> SeatDraw:
    return SeatDraw.objects.create(
        component=component, space=component.space, title={"en": "Seats"}, seats=2,
        applications_close_at=timezone.now() + datetime.timedelta(days=3),
        committed_number="12345", public_value_source="The lottery of Saturday")


def _every_url(namespace: str, names: list[str], component: Component, meeting: Meeting,
               item_id: int, draw_id: int, registration_id: int) -> list[str]:
    """Every named URL of ``namespace`` in ``component``, with the given ids (of any
    component)."""
    base = {"space_slug": component.space.slug, "component_id": component.pk}
    extra = {"meeting_id": meeting.pk, "item_id": item_id, "draw_id": draw_id,
             "registration_id": registration_id, "question_id": 1, "file_format": "csv"}
    urls = []
    for name in names:
        for wanted in ([], ["meeting_id"], ["meeting_id", "item_id"], ["draw_id"],
                       ["meeting_id", "registration_id"], ["meeting_id", "question_id"],
                       ["meeting_id", "file_format"]):
            try:
                urls.append(reverse(f"{namespace}:{name}", kwargs={
                    **base, **{key: extra[key] for key in wanted}}))
                break
            except NoReverseMatch:
                continue
    assert len(urls) == len(names)
    return urls


def _item_names(patterns: list[Any]) -> list[str]:
    """The URLs of one item (a meeting, a draw): those with an id besides the component."""
    return [pattern.name for pattern in patterns
            if pattern.name and "_id>" in str(pattern.pattern)
            and pattern.name != "registration_link"]


def _foreign_rows(component: Component, resident: User) -> dict[str, Any]:
    meeting = make_meeting(component, registered_count=1, capacity=10)
    item = AgendaItem.objects.create(meeting=meeting, title={"en": "Item"})
    registration = Registration.objects.create(meeting=meeting, user=resident,
                                               state=RegistrationState.REGISTERED)
    return {"meeting": meeting, "item_id": item.pk, "draw_id": _draw(component).pk,
            "registration_id": registration.pk}


@pytest.fixture
def elsewhere(org: Organization, other_org: Organization, space: Any,
              resident: User) -> dict[str, dict[str, Any]]:
    """Rows of another component of the same space, of another space, of another
    organization."""
    other_space = make_space(org, slug="another-group")
    far_space = make_space(other_org, slug="mobility-group")
    far_resident = make_user(other_org, "far_resident")
    return {
        "same space": _foreign_rows(make_component(space), resident),
        "other space": _foreign_rows(make_component(other_space), resident),
        "other organization": _foreign_rows(make_component(far_space), far_resident),
    }


@pytest.mark.parametrize("where", ["same space", "other space", "other organization"])
def test_no_url_reaches_a_row_of_another_component(
        client_for: Any, component: Component, manager: User, resident: User,
        elsewhere: dict[str, dict[str, Any]], where: str) -> None:
    rows = elsewhere[where]
    staff_urls = _every_url("manage:meetings", _item_names(manage_urlpatterns), component,
                            **rows)
    public_urls = _every_url("spaces:meetings", _item_names(urlpatterns), component, **rows)
    client = client_for(manager)
    for url in staff_urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"action": "delete", "question": 1}).status_code == 404, url
    client = client_for(resident)
    for url in public_urls:
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {}).status_code == 404, url
    meeting = rows["meeting"]
    meeting.refresh_from_db()
    assert (meeting.state, meeting.registered_count) == (MeetingState.SCHEDULED, 1)
    assert Registration.objects.filter(meeting=meeting).count() == 1


@pytest.mark.parametrize("who", ["resident", "official_elsewhere", "district_rep",
                                 "ngo_member", "moderator", "outsider", None])
def test_staff_pages_refuse_those_who_do_not_run_the_space(
        request: Any, client_for: Any, component: Component, meeting: Meeting,
        who: str | None) -> None:
    if who == "official_elsewhere":
        official = make_user(component.space.organization, "official_elsewhere")
        area = Area.objects.create(organization=component.space.organization, code="culture",
                                   name={"en": "Culture"})
        Role.objects.create(organization=component.space.organization, user=official,
                            kind=RoleKind.OFFICIAL, area=area)
        user: User | None = official
    else:
        user = request.getfixturevalue(who) if who else None
    AgendaItem.objects.create(meeting=meeting, title={"en": "Item"})
    names = [pattern.name for pattern in manage_urlpatterns if pattern.name]
    urls = _every_url("manage:meetings", names, component, meeting=meeting, item_id=1,
                      draw_id=_draw(component).pk, registration_id=1)
    host = "other.test" if who == "outsider" else "testserver"
    client = client_for(user, host) if user else client_for(None)
    for url in urls:
        response = client.get(url)
        # Visitors are asked to sign in first (the back office's door); nobody gets in.
        assert response.status_code == 404 or (user is None and response[
            "Location"].startswith("/accounts/login/")), url
        response = client.post(url, {"action": "publish"})
        assert response.status_code == 404 or (user is None and response[
            "Location"].startswith("/accounts/login/")), url
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.SCHEDULED


@pytest.mark.parametrize("case", ["draft", "members only", "unpublished component"])
def test_hidden_meetings_answer_404_on_every_public_url(
        client_for: Any, org: Organization, resident: User, case: str) -> None:
    space = make_space(org, slug="closed-group", visibility=Visibility.MEMBERS
                       if case == "members only" else Visibility.PUBLIC)
    component = make_component(space, published=case != "unpublished component")
    meeting = make_meeting(component, state=MeetingState.DRAFT if case == "draft"
                           else MeetingState.SCHEDULED)
    item = AgendaItem.objects.create(meeting=meeting, title={"en": "Item"})
    names = [name for name in _item_names(urlpatterns) if "draw" not in name]
    if case != "draft":
        names += ["index", "feed"]
    urls = _every_url("spaces:meetings", names, component, meeting=meeting, item_id=item.pk,
                      draw_id=1, registration_id=1)
    for user in (None, resident):
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 404, (case, url)
            assert client.post(url, {}).status_code == 404, (case, url)
    assert not Registration.objects.exists()


def test_a_cancelled_meeting_takes_no_registration(client_for: Any, component: Component,
                                                   resident: User) -> None:
    meeting = make_meeting(component, state=MeetingState.CANCELLED)
    client = client_for(resident)
    response = client.post(meeting.get_absolute_url() + "register/", {}, follow=True)
    assert response.status_code == 200
    assert not Registration.objects.exists()


def test_a_get_changes_nothing(client_for: Any, component: Component, manager: User,
                               resident: User) -> None:
    meeting = make_meeting(component, capacity=1, registered_count=1)
    mine = Registration.objects.create(meeting=meeting, user=resident,
                                       state=RegistrationState.REGISTERED)
    base = meeting.get_absolute_url()
    client = client_for(resident)
    for path in ("register/", "cancel-registration/"):
        assert client.get(base + path).status_code in (200, 302), path
    client.get(reverse("spaces:meetings:registration_link",
                       args=[component.space.slug, component.pk, mine.token]))
    staff = client_for(manager)
    manage = reverse("manage:meetings:manage_detail",
                     args=[component.space.slug, component.pk, meeting.pk])
    for path in ("announce/", "cancel/", "delete/", f"check-in/{mine.pk}/",
                 "participants/invite/", "minutes/", "speakers/", "questions/"):
        assert staff.get(manage + path).status_code in (200, 302, 405), path
    mine.refresh_from_db()
    meeting.refresh_from_db()
    assert (mine.state, mine.checked_in_at) == (RegistrationState.REGISTERED, None)
    assert (meeting.state, meeting.registered_count) == (MeetingState.SCHEDULED, 1)


def test_a_cancellation_link_works_only_in_its_own_component(
        client_for: Any, component: Component, space: Any, resident: User) -> None:
    meeting = make_meeting(component, capacity=5, registered_count=1)
    mine = Registration.objects.create(meeting=meeting, user=resident,
                                       state=RegistrationState.REGISTERED)
    other = make_component(space)
    wrong = reverse("spaces:meetings:registration_link",
                    args=[component.space.slug, other.pk, mine.token])
    assert client_for(None).post(wrong).status_code == 404
    assert client_for(None, "other.test").post(
        reverse("spaces:meetings:registration_link",
                args=[component.space.slug, component.pk, mine.token])).status_code == 404
    mine.refresh_from_db()
    assert mine.state == RegistrationState.REGISTERED


def test_the_online_link_reaches_only_the_registered(
        client_for: Any, org: Organization, component: Component, manager: User,
        resident: User, page_cache: Any, django_capture_on_commit_callbacks: Any) -> None:
    meeting = make_meeting(component, format=MeetingFormat.HYBRID, online_url=LINK,
                           capacity=1, starts_at=timezone.now() + datetime.timedelta(minutes=5))
    first = make_user(org, "first")
    with django_capture_on_commit_callbacks(execute=True):
        registration_services.registration_create(acting_user=first, meeting=meeting)
        waiting = registration_services.registration_create(acting_user=resident,
                                                            meeting=meeting)
    assert waiting.state == RegistrationState.WAITING
    # The waiting person's e-mail has no link (nor its calendar file).
    to_resident = [message for message in mail.outbox if resident.email in message.to]
    assert to_resident
    for message in to_resident:
        assert LINK not in message.body
        assert all(LINK not in str(alternative[0])
                   for alternative in getattr(message, "alternatives", []))
        assert all(LINK not in str(attachment[1]) for attachment in message.attachments)
    slug, pk = component.space.slug, component.pk
    public = [meeting.get_absolute_url(), reverse("meetings_list"),
              reverse("meetings_calendar"), reverse("meetings_organization_feed"),
              reverse("spaces:meetings:index", args=[slug, pk]),
              reverse("spaces:meetings:feed", args=[slug, pk]),
              reverse("spaces:meetings:meeting_feed", args=[slug, pk, meeting.pk]),
              "/", reverse("search:search") + "?q=cycle",
              meeting.get_absolute_url() + "cancel-registration/",
              reverse("spaces:meetings:registration_link", args=[slug, pk, waiting.token])]
    for user in (None, resident):
        client = client_for(user)
        for url in public:
            response = client.get(url, HTTP_ACCEPT_ENCODING="identity")
            assert response.status_code in (200, 302, 404), url
            assert LINK not in response.content.decode(), (user, url)
    # The registered person sees it on the page, from 15 minutes before the start.
    assert LINK in client_for(first).get(meeting.get_absolute_url()).content.decode()


def test_markup_in_titles_and_question_labels_is_shown_as_text(
        client_for: Any, component: Component, resident: User) -> None:
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    meeting = make_meeting(component, title={"en": evil}, description={"en": evil},
                           questions=[{"id": "district", "label": {"en": evil},
                                       "kind": "text", "required": False}])
    AgendaItem.objects.create(meeting=meeting, title={"en": evil}, description={"en": evil})
    client = client_for(resident)
    for url in (meeting.get_absolute_url(), reverse("meetings_list"),
                reverse("meetings_calendar"), meeting.get_absolute_url() + "register/"):
        html = client.get(url, follow=True).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, url


def test_the_sign_in_link_keeps_visitors_on_this_site(client_for: Any,
                                                      meeting: Meeting) -> None:
    response = client_for(None).get(meeting.get_absolute_url() + "register/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=%2F")
    assert "//" not in response["Location"].split("next=")[1].replace("%2F", "/")[:2]


def test_staff_page_of_a_manager_of_another_space_is_404(
        client_for: Any, org: Organization, component: Component, meeting: Meeting) -> None:
    other_space = make_space(org, slug="another-group")
    other_manager = make_user(org, "other_manager")
    SpaceMembership.objects.create(space=other_space, user=other_manager,
                                   role=SpaceMembership.Role.MANAGER)
    url = reverse("manage:meetings:manage_participants",
                  args=[component.space.slug, component.pk, meeting.pk])
    assert client_for(other_manager).get(url).status_code == 404


PERSONAL = "ion.popescu@example.org"


def test_only_redacted_questions_and_topics_reach_public_pages(
        client_for: Any, org: Organization, component: Component, resident: User,
        django_capture_on_commit_callbacks: Any) -> None:
    meeting = make_meeting(component, type="public_debate", ask_to_speak=True)
    item = AgendaItem.objects.create(meeting=meeting, title={"en": "Parking"})
    follower = make_user(org, "follower")
    client = client_for(resident)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(meeting.get_absolute_url() + "register/", {
            "wants_to_speak": "on", "speech_topic": f"Parking; write to {PERSONAL}"})
        response = client.post(reverse("spaces:meetings:question_create", args=[
            component.space.slug, component.pk, meeting.pk, item.pk]),
            {"body": f"Why so few places? Answer me at {PERSONAL}"})
    assert response.status_code == 302
    assert Registration.objects.get(user=resident).speech_topic.endswith(PERSONAL)
    for url in (meeting.get_absolute_url(), reverse("journal:index"),
                reverse("journal:space", args=[component.space.slug]),
                reverse("search:search") + "?q=parking", "/notifications/"):
        for user in (None, follower):
            html = client_for(user).get(url, follow=True).content.decode()
            assert PERSONAL not in html, (url, user)
    assert "Why so few places?" in client_for(None).get(meeting.get_absolute_url()
                                                       ).content.decode()
    assert all(PERSONAL not in message.body for message in mail.outbox
               if resident.email not in message.to)


def test_posts_without_the_csrf_token_change_nothing(component: Component, manager: User,
                                                     resident: User) -> None:
    meeting = make_meeting(component)
    mine = Registration.objects.create(meeting=make_meeting(component, registered_count=1),
                                       user=manager, state=RegistrationState.REGISTERED)
    resident_client = Client(enforce_csrf_checks=True, HTTP_HOST="testserver")
    resident_client.force_login(resident,
                                backend="participa.core.auth.OrganizationAuthenticationBackend")
    assert resident_client.post(meeting.get_absolute_url() + "register/").status_code == 403
    assert resident_client.post(reverse("meetings_my_calendar_renew")).status_code == 403
    assert resident_client.post(reverse("spaces:meetings:registration_link", args=[
        component.space.slug, component.pk, mine.token])).status_code == 403
    staff = Client(enforce_csrf_checks=True, HTTP_HOST="testserver")
    staff.force_login(manager, backend="participa.core.auth.OrganizationAuthenticationBackend")
    manage = reverse("manage:meetings:manage_detail",
                     args=[component.space.slug, component.pk, meeting.pk])
    assert staff.post(manage + "cancel/", {"cancel_reason": "x"}).status_code == 403
    assert staff.post(manage + "delete/").status_code == 403
    meeting.refresh_from_db()
    mine.refresh_from_db()
    assert meeting.state == MeetingState.SCHEDULED
    assert mine.state == RegistrationState.REGISTERED
    assert not Registration.objects.filter(user=resident).exists()
