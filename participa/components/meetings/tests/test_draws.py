"""Citizen seats drawn by lot: open, apply (anonymous code), withdraw, close, public value,
run; the draw re-run from its public page's published inputs gives the same seats."""

from __future__ import annotations

import datetime
import html
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from participa.components.meetings.models import SeatApplication, SeatDraw, SeatDrawState
from participa.components.meetings.services import draws as services
from participa.components.meetings.tests.conftest import at
from participa.conftest import make_user
from participa.core.models import AuditEntry, JournalEntry
from participa.lib import lottery
from participa.notifications.models import Notification
from participa.spaces.models import SpaceMembership

pytestmark = pytest.mark.django_db


def open_draw(component: Any, manager: Any, *, seats: int = 2) -> SeatDraw:
    return services.seat_draw_create(
        acting_user=manager, component=component, space=component.space,
        title={"en": "Observers of the mobility group"}, seats=seats,
        applications_close_at=at(5), committed_number="48213",
        public_value_source="The first number drawn in the national lottery of next Sunday")


def apply_many(draw: SeatDraw, org: Any, count: int) -> list[SeatApplication]:
    return [services.seat_application_create(acting_user=make_user(org, f"applicant{n}"),
                                             draw=draw) for n in range(count)]


def past_closing(draw: SeatDraw) -> None:
    SeatDraw.objects.filter(pk=draw.pk).update(
        applications_close_at=timezone.now() - datetime.timedelta(minutes=1))
    draw.refresh_from_db()


def closed_with_value(draw: SeatDraw, manager: Any, value: str = "17") -> SeatDraw:
    past_closing(draw)
    services.seat_draw_close(acting_user=manager, draw=draw)
    services.seat_draw_set_public_value(acting_user=manager, draw=draw, public_value=value)
    return draw


def test_an_application_gets_an_unambiguous_code(component, manager, resident):
    draw = open_draw(component, manager)

    application = services.seat_application_create(acting_user=resident, draw=draw,
                                                   motivation="I cycle every day.")

    assert re.fullmatch(r"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}", application.code)
    assert AuditEntry.objects.filter(action="seat_application.create").count() == 1


def test_a_taken_code_is_drawn_again(component, manager, resident, org, monkeypatch):
    draw = open_draw(component, manager)
    services.seat_application_create(acting_user=make_user(org, "first"), draw=draw)
    taken = SeatApplication.objects.get().code
    codes = iter([taken, taken, "NEWCOD"])
    monkeypatch.setattr(services, "new_code", lambda: next(codes))

    application = services.seat_application_create(acting_user=resident, draw=draw)

    assert application.code == "NEWCOD"


@pytest.mark.parametrize(("setup", "message"), [
    ("twice", "You have already applied for this draw."),
    ("closed", "Applications for this draw are closed."),
    ("outsider", "Sign in with an account of this city to apply."),
])
def test_it_refuses_applications(component, manager, resident, outsider, setup, message):
    draw = open_draw(component, manager)
    person = outsider if setup == "outsider" else resident
    if setup == "twice":
        services.seat_application_create(acting_user=resident, draw=draw)
    if setup == "closed":
        past_closing(draw)

    with pytest.raises(ValidationError) as refused:
        services.seat_application_create(acting_user=person, draw=draw)

    assert refused.value.messages == [message]


def test_a_resident_withdraws_while_open_only(component, manager, resident, org):
    draw = open_draw(component, manager)
    mine = services.seat_application_create(acting_user=resident, draw=draw)
    services.seat_application_withdraw(acting_user=resident, application=mine)
    assert not SeatApplication.objects.exists()

    again = services.seat_application_create(acting_user=resident, draw=draw)
    past_closing(draw)
    with pytest.raises(ValidationError) as refused:
        services.seat_application_withdraw(acting_user=resident, application=again)
    assert refused.value.messages == [
        "Applications are closed: the list of codes is published and can no longer change."]


def test_applications_close_only_at_the_announced_time(component, manager):
    draw = open_draw(component, manager)

    with pytest.raises(ValidationError) as refused:
        services.seat_draw_close(acting_user=manager, draw=draw)

    assert refused.value.messages[0].startswith("Applications stay open until ")


@pytest.mark.parametrize(("stage", "message"), [
    ("open", "The draw takes place after the applications close."),
    ("closed", "Enter the public value before running the draw."),
    ("drawn", "The seats of this draw are already drawn."),
])
def test_the_draw_refuses_to_run(component, manager, org, stage, message):
    draw = open_draw(component, manager)
    apply_many(draw, org, 3)
    if stage == "closed":
        past_closing(draw)
        services.seat_draw_close(acting_user=manager, draw=draw)
    if stage == "drawn":
        closed_with_value(draw, manager)
        services.seat_draw_run(acting_user=manager, draw=draw)

    with pytest.raises(ValidationError) as refused:
        services.seat_draw_run(acting_user=manager, draw=draw)

    assert refused.value.messages == [message]


def test_the_draw_runs_once_and_seats_the_first_ranked(component, manager, org):
    draw = open_draw(component, manager)
    applications = apply_many(draw, org, 5)
    closed_with_value(draw, manager)

    ordered = services.seat_draw_run(acting_user=manager, draw=draw)

    expected = lottery.draw("48213", "17", [a.code for a in applications], 2)
    assert [a.code for a in ordered] == expected.ranking
    drawn = SeatApplication.objects.filter(selected=True).order_by("rank")
    assert [a.code for a in drawn] == expected.drawn
    assert [a.rank for a in SeatApplication.objects.order_by("rank")] == [1, 2, 3, 4, 5]
    draw.refresh_from_db()
    assert draw.state == SeatDrawState.DRAWN
    members = SpaceMembership.objects.filter(space=component.space,
                                             position="citizen observer")
    assert sorted(m.user_id for m in members) == sorted(a.user_id for a in drawn)
    assert all(m.role == SpaceMembership.Role.MEMBER for m in members)
    assert sorted(Notification.objects.filter(event="seat_draw.selected")
                  .values_list("recipient_id", flat=True)) == sorted(a.user_id for a in drawn)
    assert JournalEntry.objects.filter(action="seats_drawn").count() == 1
    assert AuditEntry.objects.filter(action="seat_draw.draw", object_type="meetings.seatdraw"
                                     ).exists()


def test_the_order_of_applications_does_not_change_the_seats(component, manager, org,
                                                             monkeypatch):
    codes = ["AAAAAA", "BBBBBB", "CCCCCC", "DDDDDD", "EEEEEE"]
    results = []
    for run, order in enumerate([codes, list(reversed(codes))]):
        draw = open_draw(component, manager)
        feed = iter(order)
        monkeypatch.setattr(services, "new_code", lambda feed=feed: next(feed))
        for n in range(len(order)):
            services.seat_application_create(
                acting_user=make_user(org, f"order{run}-{n}"), draw=draw)
        closed_with_value(draw, manager)
        services.seat_draw_run(acting_user=manager, draw=draw)
        results.append(list(draw.applications.filter(selected=True).order_by("rank")
                            .values_list("code", flat=True)))

    assert results[0] == results[1]


def test_different_public_values_give_different_seats(component, manager, org, monkeypatch):
    codes = [f"CODE{n:02d}" for n in range(12)]
    results = set()
    for run, value in enumerate(["17", "23"]):
        draw = open_draw(component, manager, seats=3)
        feed = iter(codes)
        monkeypatch.setattr(services, "new_code", lambda feed=feed: next(feed))
        for n in range(len(codes)):
            services.seat_application_create(
                acting_user=make_user(org, f"value{run}-{n}"), draw=draw)
        closed_with_value(draw, manager, value)
        services.seat_draw_run(acting_user=manager, draw=draw)
        results.add(tuple(draw.applications.filter(selected=True).order_by("rank")
                          .values_list("code", flat=True)))

    assert len(results) == 2


def _published(content: str, label: str) -> str:
    match = re.search(rf"<dt>{label}</dt><dd>(?:<code[^>]*>)?([^<]+)", content)
    assert match, label
    return html.unescape(match.group(1)).strip()


def test_the_draw_rerun_from_its_public_page_gives_the_same_seats(client, component,
                                                                  manager, org):
    draw = open_draw(component, manager, seats=3)
    apply_many(draw, org, 8)
    closed_with_value(draw, manager, "42")
    services.seat_draw_run(acting_user=manager, draw=draw)

    content = client.get(draw.get_absolute_url()).content.decode()

    committed = _published(content, "Number published in advance")
    value = _published(content, "Public value")
    rows = re.findall(r"<tr><td>(\d+)</td><th scope=\"row\"><code>(\w+)</code></th><td>"
                      r"(Drawn)?</td></tr>", content)
    codes = [code for _rank, code, _seat in rows]
    published_drawn = [code for _rank, code, seat in rows if seat]
    rerun = lottery.draw(committed, value, codes, seats=3)
    assert len(codes) == 8
    assert rerun.drawn == published_drawn
    assert rerun.seed == _published(content, "Seed")
    assert sorted(rerun.drawn) == sorted(SeatApplication.objects.filter(selected=True)
                                         .values_list("code", flat=True))
    # The published program is the same computation.
    program = re.search(r"<pre[^>]*><code>(.*?)</code></pre>", content, re.S)
    assert program is not None
    snippet = html.unescape(program.group(1))
    namespace: dict[str, Any] = {"print": lambda *args: None}
    exec(compile(snippet, "<published>", "exec"), namespace)
    assert namespace["ranking"][:3] == published_drawn


def test_codes_are_public_only_once_applications_close(client, component, manager, org,
                                                       resident):
    draw = open_draw(component, manager)
    mine = services.seat_application_create(acting_user=resident, draw=draw)
    apply_many(draw, org, 2)
    codes = list(SeatApplication.objects.exclude(pk=mine.pk).values_list("code", flat=True))

    client.force_login(resident)
    open_page = client.get(draw.get_absolute_url()).content.decode()
    assert f"your code is <strong>{mine.code}</strong>" in open_page
    assert not any(code in open_page for code in codes)

    past_closing(draw)
    services.seat_draw_close(acting_user=manager, draw=draw)
    closed_page = client.get(draw.get_absolute_url()).content.decode()
    assert all(code in closed_page for code in codes)


def test_a_resident_applies_and_withdraws_through_the_page(client, component, manager,
                                                           resident):
    draw = open_draw(component, manager)
    client.force_login(resident)
    apply_url = reverse("spaces:meetings:draw_apply",
                        args=[component.space.slug, component.pk, draw.pk])

    response = client.post(apply_url, {"motivation": "I live nearby."}, follow=True)

    mine = SeatApplication.objects.get(user=resident)
    assert mine.motivation == "I live nearby."
    assert f"Your anonymous code is {mine.code}" in response.content.decode()
    client.post(reverse("spaces:meetings:draw_withdraw",
                        args=[component.space.slug, component.pk, draw.pk]))
    assert not SeatApplication.objects.exists()


def test_visitors_are_offered_to_sign_in_and_come_back_to_apply(client, component, manager):
    draw = open_draw(component, manager)
    html = client.get(draw.get_absolute_url()).content.decode()
    login = reverse("account_login")
    assert (f'<a class="button" href="{login}?next={draw.get_absolute_url()}">Sign in to '
            'apply for a seat</a>' in html)
    assert 'name="motivation"' not in html


def test_staff_close_enter_the_value_and_run_the_draw(client, component, manager, org):
    draw = open_draw(component, manager, seats=1)
    apply_many(draw, org, 3)
    client.force_login(manager)
    page = reverse("manage:meetings:manage_draw",
                   args=[component.space.slug, component.pk, draw.pk])

    early = client.get(page).content.decode()
    assert 'value="close"' not in early
    assert "as announced: you can close them here from then on." in early
    early = client.post(page, {"action": "close"}, follow=True).content.decode()
    assert "Applications stay open until" in early
    past_closing(draw)
    assert 'value="close"' in client.get(page).content.decode()
    client.post(page, {"action": "close"})
    client.post(page, {"action": "public_value", "public_value": "31"})
    done = client.post(page, {"action": "run"}, follow=True).content.decode()

    draw.refresh_from_db()
    assert (draw.state, draw.public_value) == (SeatDrawState.DRAWN, "31")
    assert "1 seat was drawn." in done
    twice = client.post(page, {"action": "run"}, follow=True).content.decode()
    assert "The seats of this draw are already drawn." in twice


def test_staff_open_a_draw_through_the_form(client, component, manager):
    client.force_login(manager)
    page = reverse("manage:meetings:manage_draws", args=[component.space.slug, component.pk])

    refused = client.post(page, {"title__en": "Observers", "space": component.space.pk,
                                 "seats": "2", "applications_close_at": "2000-01-01T10:00",
                                 "committed_number": "5", "public_value_source": "Lotto"})
    assert "Applications must close in the future." in refused.content.decode()

    close = timezone.localtime(at(5)).strftime("%Y-%m-%dT%H:%M")
    client.post(page, {"title__en": "Observers", "space": component.space.pk, "seats": "2",
                       "applications_close_at": close, "committed_number": "5",
                       "public_value_source": "Lotto"})
    draw = SeatDraw.objects.get()
    assert (draw.seats, draw.committed_number, draw.algorithm) == (2, "5", "sha256-rank-v1")
