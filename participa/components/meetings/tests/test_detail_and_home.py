"""The meeting page (phone and screen reader: landmarks, headings, ``<time>``, the map point
as an OpenStreetMap link, organizers, district, documents, "add to calendar"), the home page's
upcoming meetings and the site search."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from participa.attachments.services import attachment_create
from participa.attachments.tests.samples import pdf_bytes
from participa.components.meetings.models import MeetingFormat, MeetingState, MeetingType
from participa.components.meetings.tests.conftest import (
    at,
    make_component,
    make_meeting,
    make_space,
)
from participa.core.models import UserGroup

ONLINE = "https://meet.example.org/secret-room"


def test_the_meeting_page_gives_every_fact_a_screen_reader_needs(client_for, org, component,
                                                                 space, area, scope):
    ngo = UserGroup.objects.create(organization=org, name="Asociația Velo", slug="velo",
                                   verified_at=timezone.now())
    meeting = make_meeting(component, title={"en": "Cycle lanes"}, organizer_area=area,
                           co_organizer=ngo, latitude=Decimal("45.753800"),
                           longitude=Decimal("21.225700"), starts_at=at(6))
    attachment_create(acting_user=None, target=meeting, file=SimpleUploadedFile(
        "agenda.pdf", pdf_bytes()), file_name="agenda.pdf", size=len(pdf_bytes()),
        title={"en": "The agenda"})

    page = client_for(None).get(meeting.get_absolute_url()).content.decode()

    assert '<main id="main"' in page
    assert '<h1 id="meeting-title">Cycle lanes</h1>' in page
    assert f'<time datetime="{timezone.localtime(meeting.starts_at).isoformat()}">' in page
    assert ('href="https://www.openstreetmap.org/?mlat=45.753800&amp;mlon=21.225700#map=18/'
            '45.753800/21.225700"') in page
    assert "See on the map (OpenStreetMap, 45.753800, 21.225700)" in page
    assert "<dt>Organizer</dt><dd>Urbanism</dd>" in page
    assert f'<a href="{reverse("core:group_detail", args=["velo"])}">Asociația Velo</a>' in page
    assert "<dt>District</dt><dd>North</dd>" in page
    assert "The agenda" in page and "<h2" in page
    ics = reverse("spaces:meetings:meeting_feed", args=[space.slug, component.pk, meeting.pk])
    assert f'href="{ics}" type="text/calendar" download>Add to calendar (.ics)</a>' in page


def test_the_meeting_page_names_the_working_group_and_hides_the_online_link(client_for,
                                                                           component, space):
    meeting = make_meeting(component, format=MeetingFormat.HYBRID, online_url=ONLINE)
    page = client_for(None).get(meeting.get_absolute_url()).content.decode()
    assert (f'<dt>Organizer</dt><dd><a href="{space.get_absolute_url()}">'
            "Mobility working group</a></dd>") in page
    assert ONLINE not in page
    assert "Online: the link is sent to registered participants." in page


def test_a_draft_has_no_calendar_link(client_for, component, manager):
    draft = make_meeting(component, state=MeetingState.DRAFT)
    page = client_for(manager).get(draft.get_absolute_url()).content.decode()
    assert "Add to calendar" not in page


def test_the_home_page_lists_upcoming_meetings_and_links_all_of_them(client_for, component):
    make_meeting(component, title={"en": "Public debate on parking"},
                 type=MeetingType.PUBLIC_DEBATE, starts_at=at(4))
    make_meeting(component, title={"en": "Online information session"},
                 type=MeetingType.INFORMATION, format=MeetingFormat.ONLINE, address="",
                 online_url=ONLINE, starts_at=at(5))
    make_meeting(component, title={"en": "A draft"}, state=MeetingState.DRAFT)

    page = client_for(None).get("/").content.decode()
    upcoming = page.split('id="upcoming"', 1)[1].split("</section>", 1)[0]

    assert "Public debate on parking" in upcoming
    assert "Online information session" in upcoming
    assert "A draft" not in upcoming
    assert ONLINE not in page
    assert f'<a href="{reverse("meetings_list")}">All meetings</a>' in upcoming


# --- Search -----------------------------------------------------------------------------------

def test_search_finds_an_announced_meeting_by_its_title_or_description(client_for, component):
    meeting = make_meeting(component, title={"en": "Cycle lanes on the riverside"},
                           description={"en": "We discuss the bicycle parking near schools."})
    client = client_for(None)
    for word in ("riverside", "bicycle"):
        response = client.get("/search/", {"q": word})
        page = response.content.decode()
        assert "Cycle lanes on the riverside" in page, word
        assert f'href="{meeting.get_absolute_url()}"' in page


def test_search_never_finds_a_draft(client_for, component, manager):
    make_meeting(component, title={"en": "Secret preparations"}, state=MeetingState.DRAFT)
    for client in (client_for(None), client_for(manager)):
        assert "Secret preparations" not in client.get(
            "/search/", {"q": "preparations"}).content.decode()


def test_search_finds_a_meeting_once_announced(client_for, component, manager):
    from participa.components.meetings.services.meetings import meeting_publish

    meeting = make_meeting(component, title={"en": "Tramway extension"},
                           state=MeetingState.DRAFT, starts_at=at(10))
    client = client_for(None)
    assert "Tramway extension" not in client.get("/search/", {"q": "tramway"}).content.decode()
    meeting_publish(acting_user=manager, meeting=meeting)
    assert "Tramway extension" in client.get("/search/", {"q": "tramway"}).content.decode()


def test_search_hides_meetings_of_a_members_only_space(client_for, org):
    from participa.spaces.models import Visibility

    hidden = make_component(make_space(org, slug="closed", visibility=Visibility.MEMBERS))
    make_meeting(hidden, title={"en": "Closed session"})
    assert "Closed session" not in client_for(None).get(
        "/search/", {"q": "closed session"}).content.decode()
