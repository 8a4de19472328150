"""Demo content of a working group's meetings component:

- the group's **monthly meeting**, a series of six (first week of each month, 17:00, in the
  city hall and online), co-organized by the verified association;
- an **information session online** on the participatory budget;
- **district council duty hours**, every week for a month, in the district's office;
- a **workshop** with 12 places and a few registrations;
- a **past meeting** with its minutes, attendees and conclusions;
- an **open draw** of three citizen observer seats, with a few applications.

The meetings are written through the services by the people who run the space (the past
meeting is then dated back: no service announces a meeting in the past). Running it again
changes nothing: a component that has meetings is left alone.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from participa.components.meetings.models import (
    Meeting,
    MeetingFormat,
    MeetingState,
    MeetingType,
    Registration,
    RegistrationMode,
    RegistrationState,
    SeatDraw,
)
from participa.components.meetings.services.draws import (
    seat_application_create,
    seat_draw_create,
)
from participa.components.meetings.services.meetings import meeting_create
from participa.components.meetings.services.series import meeting_series_create
from participa.core.models import GroupKind, Role, RoleKind, Scope, User, UserGroup
from participa.spaces.models import Component, SpaceMembership

CITY_HALL = "Primăria Municipiului Timișoara, Bulevardul C.D. Loga 1"
ROOM_HINTS = "Sala de consiliu, etajul 1; intrarea din strada Proclamația de la Timișoara."
ACCESS = ("Intrare fără trepte pe latura de est, lift până la etajul 1, buclă de inducție "
          "magnetică în sală. Spuneți-ne la înscriere dacă aveți nevoie de interpret în "
          "limba semnelor.")


def _local(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _first_weekday_next_month(weekday: int) -> int:
    """Days from today to the first ``weekday`` (0 = Monday) of next month."""
    today = timezone.localdate()
    first = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    first += datetime.timedelta(days=(weekday - first.weekday()) % 7)
    return (first - today).days


def _people(component: Component) -> dict[str, Any]:
    """Who acts in the demo: found by role, so any organization can be seeded."""
    org = component.space.organization
    managers = [membership.user for membership in SpaceMembership.objects.filter(
        space=component.space, role=SpaceMembership.Role.MANAGER).select_related("user")
        .order_by("pk")]
    admins = list(User.objects.filter(organization=org, roles__kind=RoleKind.ADMIN)
                  .order_by("pk").distinct())
    staff_ids = set(Role.objects.filter(organization=org).values_list("user_id", flat=True))
    staff_ids |= set(SpaceMembership.objects.filter(space__organization=org)
                     .values_list("user_id", flat=True))
    residents = list(User.objects.filter(organization=org, is_active=True,
                                         deleted_at__isnull=True)
                     .exclude(pk__in=staff_ids).order_by("pk"))
    ngo = (UserGroup.objects.filter(organization=org, kind=GroupKind.NGO,
                                    verified_at__isnull=False).order_by("pk").first())
    south = Scope.objects.filter(organization=org, code="zona-sud").first() or (
        Scope.objects.filter(organization=org).order_by("pk").first())
    attendees = list(User.objects.filter(organization=org, is_active=True,
                                         deleted_at__isnull=True)
                     .exclude(roles__isnull=False).order_by("pk").distinct())
    return {"organizer": managers[0] if managers else (admins[0] if admins else None),
            "residents": residents, "attendees": attendees, "ngo": ngo, "south": south}


def _monthly_series(component: Component, people: dict[str, Any]) -> None:
    space = component.space
    meeting_series_create(
        acting_user=people["organizer"], component=component, repeat="monthly_weekday",
        count=6, publish=True, data={
            "type": MeetingType.WORKING_GROUP,
            "title": {"ro": "Ședința lunară a grupului de lucru",
                      "pl": "Comiesięczne posiedzenie grupy roboczej",
                      "en": "Monthly meeting of the working group"},
            "description": {
                "ro": "Discutăm stadiul angajamentelor din planul de acțiune și propunerile "
                      "primite. Ședința este publică; 3 locuri sunt pentru cetățeni "
                      "observatori trași la sorți.",
                "pl": "Omawiamy postęp zobowiązań planu działania i otrzymane propozycje. "
                      "Posiedzenie jest jawne.",
                "en": "We review the progress of the action plan's commitments and the "
                      "proposals received. The meeting is public; 3 seats are for citizen "
                      "observers drawn by lot."},
            "starts_at": _local(_first_weekday_next_month(1), 17),
            "ends_at": _local(_first_weekday_next_month(1), 19),
            "format": MeetingFormat.HYBRID, "address": CITY_HALL,
            "location_hints": ROOM_HINTS, "latitude": Decimal("45.753837"),
            "longitude": Decimal("21.225530"),
            "online_url": "https://meet.example.org/grup-lucru-ogp",
            "accessibility": ACCESS, "organizer_area": space.area, "organizer_space": space,
            "co_organizer": people["ngo"], "registration_mode": RegistrationMode.OPEN,
            "ask_to_speak": True, "observer_seats": 3,
        })


def _information_session(component: Component, people: dict[str, Any]) -> None:
    meeting_create(acting_user=people["organizer"], component=component, publish=True, data={
        "type": MeetingType.INFORMATION,
        "title": {"ro": "Sesiune de informare online: bugetarea participativă",
                  "pl": "Spotkanie informacyjne online: budżet obywatelski",
                  "en": "Online information session: the participatory budget"},
        "description": {
            "ro": "Cum depuneți un proiect, cine îl analizează și cum se votează. Întrebările "
                  "se pun în chat.",
            "pl": "Jak złożyć projekt, kto go ocenia i jak się głosuje.",
            "en": "How to submit a project, who reviews it and how the vote works. Ask your "
                  "questions in the chat."},
        "starts_at": _local(10, 18), "ends_at": _local(10, 19, 30),
        "format": MeetingFormat.ONLINE,
        "online_url": "https://meet.example.org/sesiune-buget-participativ",
        "accessibility": "Subtitrare automată în limba română; înregistrarea rămâne publică.",
        "organizer_area": component.space.area, "registration_mode": RegistrationMode.OPEN,
        "ask_accessibility": False,
    })


def _duty_hours(component: Component, people: dict[str, Any]) -> None:
    meeting_series_create(
        acting_user=people["organizer"], component=component, repeat="weekly", count=4,
        publish=True, data={
            "type": MeetingType.DUTY_HOURS,
            "title": {"ro": "Program cu cetățenii al consiliului de cartier Zona Sud",
                      "pl": "Dyżur rady dzielnicy Zona Sud",
                      "en": "Duty hours of the Zona Sud district council"},
            "description": {"ro": "Veniți cu sesizări și propuneri pentru cartier; nu este "
                                  "nevoie de programare.",
                            "pl": "Przyjdź ze zgłoszeniami i propozycjami dla dzielnicy.",
                            "en": "Bring your reports and proposals for the district; no "
                                  "appointment needed."},
            "starts_at": _local(5, 16), "ends_at": _local(5, 18),
            "format": MeetingFormat.IN_PERSON,
            "address": "Centrul comunitar Zona Sud, Strada Ion Ionescu de la Brad 5",
            "accessibility": "Parter, intrare fără trepte.", "scope": people["south"],
            "registration_mode": RegistrationMode.CLOSED,
        })


def _workshop(component: Component, people: dict[str, Any]) -> None:
    workshop = meeting_create(
        acting_user=people["organizer"], component=component, publish=True, data={
            "type": MeetingType.WORKSHOP,
            "title": {"ro": "Atelier: cum scriem o propunere bună pentru cartier",
                      "pl": "Warsztat: jak napisać dobrą propozycję dla dzielnicy",
                      "en": "Workshop: writing a good proposal for your district"},
            "description": {"ro": "Lucrăm în grupe mici, cu exemple reale. Aduceți o idee.",
                            "pl": "Pracujemy w małych grupach na prawdziwych przykładach.",
                            "en": "We work in small groups on real examples. Bring an idea."},
            "starts_at": _local(14, 10), "ends_at": _local(14, 13),
            "format": MeetingFormat.IN_PERSON, "address": CITY_HALL,
            "location_hints": "Sala mică, parter.", "accessibility": ACCESS,
            "co_organizer": people["ngo"], "registration_mode": RegistrationMode.OPEN,
            "capacity": 12,
            "questions": [{"id": "q1", "label": {"ro": "Din ce cartier veniți?",
                                                 "pl": "Z jakiej dzielnicy jesteś?",
                                                 "en": "Which district do you come from?"},
                           "kind": "text", "required": False}],
        })
    # The registration service comes with the registration pages; until then the rows are
    # written here with the count they are checked against.
    attendees = people["attendees"][:5]
    for user in attendees:
        Registration.objects.create(meeting=workshop, user=user,
                                    state=RegistrationState.REGISTERED,
                                    answers={"q1": "Fabric"})
    Meeting.objects.filter(pk=workshop.pk).update(registered_count=len(attendees))


def _past_meeting(component: Component, people: dict[str, Any]) -> None:
    past = meeting_create(acting_user=people["organizer"], component=component, data={
        "type": MeetingType.WORKING_GROUP,
        "title": {"ro": "Ședința grupului de lucru: prioritățile planului de acțiune",
                  "pl": "Posiedzenie grupy roboczej: priorytety planu działania",
                  "en": "Working-group meeting: the priorities of the action plan"},
        "starts_at": _local(20, 17), "ends_at": _local(20, 19),
        "format": MeetingFormat.IN_PERSON, "address": CITY_HALL,
        "location_hints": ROOM_HINTS, "organizer_space": component.space,
    })
    # Dated back to last month: the meeting took place and its record is complete.
    start = _local(-30, 17)
    Meeting.objects.filter(pk=past.pk).update(
        starts_at=start, ends_at=start + datetime.timedelta(hours=2),
        state=MeetingState.CLOSED, published_at=start - datetime.timedelta(days=10),
        closed_at=start + datetime.timedelta(hours=3),
        minutes_text=("Participanți: 9 membri ai grupului și 14 cetățeni.\n\n"
                      "1. S-au stabilit trei priorități: date deschise despre transport, "
                      "bugetarea participativă pe cartiere, registrul public al "
                      "petițiilor.\n2. Primăria prezintă un calendar la ședința următoare.\n"),
        minutes_published_at=start + datetime.timedelta(days=2), participants=23,
        conclusions=("Trei priorități adoptate prin consens; calendarul urmează la ședința "
                     "următoare."),
        video_url="https://video.example.org/grup-lucru-ogp-sedinta-3")


def _seat_draw(component: Component, people: dict[str, Any]) -> None:
    draw = seat_draw_create(
        acting_user=people["organizer"], component=component, space=component.space,
        title={"ro": "Cetățeni observatori la ședințele grupului de lucru",
               "pl": "Obserwatorzy obywatelscy na posiedzeniach grupy roboczej",
               "en": "Citizen observers at the working group's meetings"},
        seats=3, applications_close_at=_local(21, 12), committed_number="730521",
        public_value_source=("Primul număr extras la Loto 6/49 în prima duminică după "
                             "închiderea înscrierilor"))
    for user in people["residents"][:3]:
        seat_application_create(acting_user=user, draw=draw,
                                motivation="Locuiesc în oraș și vreau să urmăresc planul.")


def seed(component: Component) -> None:
    """Add the demo meetings and draw; running it again changes nothing."""
    people = _people(component)
    if people["organizer"] is None:
        return
    if Meeting.objects.filter(component=component).exists():
        return
    with transaction.atomic():
        _monthly_series(component, people)
        _information_session(component, people)
        _duty_hours(component, people)
        _workshop(component, people)
        _past_meeting(component, people)
        if not SeatDraw.objects.filter(component=component).exists():
            _seat_draw(component, people)
