"""The draw pages list every application in a fixed number of queries, and the component's
public page links to the draws not drawn yet."""

from __future__ import annotations

import pytest
from django.urls import reverse

from participa.components.meetings.services.draws import seat_application_create, seat_draw_close
from participa.components.meetings.tests.test_draws import apply_many, open_draw, past_closing
from participa.conftest import make_user
from participa.testing import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_the_public_draw_page_runs_a_fixed_number_of_queries(client, component, manager, org):
    draw = open_draw(component, manager)
    apply_many(draw, org, 2)
    past_closing(draw)
    seat_draw_close(acting_user=manager, draw=draw)
    counter = iter(range(100))

    def grow() -> None:
        # Late applications cannot be made through the service once closed: rows straight in.
        for _n in range(3):
            n = next(counter)
            draw.applications.create(user=make_user(org, f"late{n}"),
                                     code=f"LATE{n:02d}")

    _before, after = assert_constant_queries(client, draw.get_absolute_url(), grow)
    assert "LATE02" in after.content.decode()


def test_the_staff_draw_page_runs_a_fixed_number_of_queries(client, component, manager, org):
    draw = open_draw(component, manager)
    apply_many(draw, org, 2)
    client.force_login(manager)
    url = reverse("manage:meetings:manage_draw", args=[component.space.slug, component.pk,
                                                       draw.pk])
    counter = iter(range(100))

    def grow() -> None:
        for _n in range(3):
            n = next(counter)
            seat_application_create(
                acting_user=make_user(org, f"more{n}"), draw=draw)

    assert_constant_queries(client, url, grow)


def test_the_component_page_links_to_open_draws(client, component, manager):
    draw = open_draw(component, manager)

    content = client.get(reverse("spaces:meetings:index",
                                 args=[component.space.slug, component.pk])).content.decode()

    assert draw.get_absolute_url() in content
