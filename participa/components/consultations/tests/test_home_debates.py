"""The home page lists the scheduled public debates of the consultations the visitor may see."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participa.components.consultations.models import ConsultationState, Debate
from participa.spaces.models import Visibility

from .conftest import make_component, make_consultation, make_space


def _at(days: int, hour: int = 18) -> datetime.datetime:
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _upcoming_section(html: str) -> str:
    return html.split('id="upcoming"', 1)[1].split("</section>", 1)[0]


def test_it_lists_future_debates_with_date_place_and_consultation(client_for, consultation):
    Debate.objects.create(consultation=consultation, starts_at=_at(9),
                          place="Sala de consiliu, Bd. C.D. Loga 1")
    Debate.objects.create(consultation=consultation, starts_at=_at(3, 17),
                          online_url="https://meet.example/parking")
    Debate.objects.create(consultation=consultation, starts_at=_at(-2), place="Past room")
    section = _upcoming_section(client_for(None).get("/").content.decode())
    assert "No public debate or meeting is scheduled" not in section
    assert section.count("<li>") == 2
    first, second = section.split("<li>")[1:]
    assert "https://meet.example/parking" in first
    assert "Sala de consiliu, Bd. C.D. Loga 1" in second
    assert "Past room" not in section
    url = consultation.get_absolute_url()
    assert f'Consultation: <a href="{url}">Parking rules</a>' in first
    starts = timezone.localtime(_at(9))
    assert f'<time datetime="{starts.isoformat()}">' in second


def test_it_marks_a_consultation_title_in_another_language(client_for, consultation):
    consultation.title = {"ro": "Regulament parcare"}
    consultation.save()
    Debate.objects.create(consultation=consultation, starts_at=_at(2), place="Hall")
    section = _upcoming_section(client_for(None).get("/").content.decode())
    assert 'lang="ro">Regulament parcare</a>' in section


def test_it_leaves_out_debates_the_visitor_may_not_see(client_for, org, consultation):
    draft = make_consultation(consultation.component, slug="draft",
                              state=ConsultationState.DRAFT, title="Draft rules")
    Debate.objects.create(consultation=draft, starts_at=_at(2), place="Draft room")
    members = make_space(org, slug="members", visibility=Visibility.MEMBERS)
    hidden = make_consultation(make_component(members), slug="members", title="Members rules")
    Debate.objects.create(consultation=hidden, starts_at=_at(2), place="Members room")
    section = _upcoming_section(client_for(None).get("/").content.decode())
    assert "Draft room" not in section and "Members room" not in section
    assert "No public debate or meeting is scheduled at the moment." in section


def test_it_lists_debates_in_a_fixed_number_of_queries(client_for, component, consultation):
    client = client_for(None)
    Debate.objects.create(consultation=consultation, starts_at=_at(2), place="Hall")
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for n in range(8):
        other = make_consultation(component, slug=f"other-{n}", title=f"Other {n}")
        Debate.objects.create(consultation=other, starts_at=_at(3 + n), place=f"Room {n}")
    with CaptureQueriesContext(connection) as many:
        html = client.get("/").content.decode()
    assert len(many) == len(few)
    assert _upcoming_section(html).count("<li>") == 6
