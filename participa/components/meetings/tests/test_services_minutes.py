"""Speakers in order, marked heard or absent; the record after the meeting, its redaction review,
publication and corrections; links to what it produced; closing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from participa.attachments.models import Attachment
from participa.components.meetings.actions import MeetingAction, MeetingJournalAction
from participa.components.meetings.minutes import public_minutes
from participa.components.meetings.models import (
    MeetingLink,
    MeetingState,
    MeetingType,
    Registration,
    SpeakerState,
)
from participa.components.meetings.services import minutes as services
from participa.components.meetings.services import speakers as speaker_services
from participa.components.meetings.tests.conftest import make_meeting
from participa.conftest import make_user
from participa.core.models import AuditEntry, JournalEntry
from participa.notifications.models import Notification
from participa.notifications.services import follow_create

MINUTES = ("The debate opened at 17:00. Ion Popescu (0722 123 456, ion.popescu@example.com) "
           "asked for a safer crossing.")


def _started(component, **values):
    return make_meeting(component, starts_at=timezone.now() - datetime.timedelta(hours=1),
                        **values)


@pytest.fixture
def held(component):
    return _started(component, type=MeetingType.PUBLIC_DEBATE)


def _speaker(meeting, org, name, topic="Crossings", **values):
    return Registration.objects.create(meeting=meeting, user=make_user(org, name),
                                       wants_to_speak=True, speech_topic=topic, **values)


# Speakers


def test_it_lists_speakers_in_order_with_an_empty_state_as_waiting(held, org):
    first = _speaker(held, org, "ana")
    second = _speaker(held, org, "bogdan", speaker_state=SpeakerState.HEARD)
    Registration.objects.create(meeting=held, user=make_user(org, "quiet"))
    assert list(speaker_services.speakers(held)) == [first, second]
    assert speaker_services.speaker_state(first) == SpeakerState.WAITING
    assert speaker_services.speakers_waiting(held) == 1


def test_it_moves_a_speaker_and_audits_it(held, org, manager):
    first, second, third = (_speaker(held, org, name) for name in ("a1", "a2", "a3"))
    assert speaker_services.speaker_move(acting_user=manager, meeting=held,
                                         registration=third, direction="up")
    assert list(speaker_services.speakers(held)) == [first, third, second]
    assert not speaker_services.speaker_move(acting_user=manager, meeting=held,
                                             registration=first, direction="up")
    assert AuditEntry.objects.filter(action=MeetingAction.REGISTRATION_SPEAKER_MOVE).exists()


def test_it_marks_speakers_only_once_the_meeting_started(component, org, manager):
    upcoming = make_meeting(component, type=MeetingType.PUBLIC_DEBATE)
    speaker = _speaker(upcoming, org, "ana")
    with pytest.raises(ValidationError) as error:
        speaker_services.speaker_mark(acting_user=manager, meeting=upcoming,
                                      registration=speaker, state=SpeakerState.HEARD)
    assert error.value.messages == ["Speakers are marked heard or absent once the meeting has "
                                    "started."]


def test_it_refuses_to_mark_someone_who_did_not_ask_to_speak(held, org, manager):
    quiet = Registration.objects.create(meeting=held, user=make_user(org, "quiet"))
    with pytest.raises(ValidationError) as error:
        speaker_services.speaker_mark(acting_user=manager, meeting=held, registration=quiet,
                                      state=SpeakerState.HEARD)
    assert error.value.messages == ["This person did not ask to speak at this meeting."]


def test_it_closes_only_when_every_speaker_is_heard_or_absent(held, org, manager):
    ana, bogdan = _speaker(held, org, "ana"), _speaker(held, org, "bogdan")
    with pytest.raises(ValidationError) as error:
        services.meeting_close(acting_user=manager, meeting=held)
    assert error.value.messages == ["2 speakers are not marked heard or absent yet."]
    speaker_services.speaker_mark(acting_user=manager, meeting=held, registration=ana,
                                  state=SpeakerState.HEARD)
    with pytest.raises(ValidationError) as error:
        services.meeting_close(acting_user=manager, meeting=held)
    assert error.value.messages == ["1 speaker is not marked heard or absent yet."]
    speaker_services.speaker_mark(acting_user=manager, meeting=held, registration=bogdan,
                                  state=SpeakerState.ABSENT)
    services.meeting_close(acting_user=manager, meeting=held)
    held.refresh_from_db()
    assert held.state == MeetingState.CLOSED and held.closed_at is not None
    assert AuditEntry.objects.filter(action=MeetingAction.MEETING_CLOSE).exists()
    with pytest.raises(ValidationError) as error:
        speaker_services.speaker_mark(acting_user=manager, meeting=held, registration=bogdan,
                                      state=SpeakerState.HEARD)
    assert error.value.messages == ["This meeting is closed or cancelled: its speakers no "
                                    "longer change."]


def test_it_refuses_to_close_before_the_start(meeting, manager):
    with pytest.raises(ValidationError) as error:
        services.meeting_close(acting_user=manager, meeting=meeting)
    assert error.value.messages == ["A meeting is closed once it has started."]
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.SCHEDULED and meeting.closed_at is None


# The record, its review and publication


def test_it_writes_the_record_only_once_the_meeting_started(meeting, manager):
    with pytest.raises(ValidationError) as error:
        services.minutes_update(acting_user=manager, meeting=meeting,
                                data={"minutes_text": MINUTES})
    assert error.value.messages == ["The record of a meeting is written once it has started."]


def test_it_proposes_redactions_and_publishes_only_the_redacted_minutes(held, manager):
    services.minutes_update(acting_user=manager, meeting=held,
                            data={"minutes_text": MINUTES, "participants": 42,
                                  "video_url": "https://video.example.org/debate",
                                  "conclusions": "A crossing is studied."})
    held.refresh_from_db()
    assert held.participants == 42
    assert {kind for _s, _e, kind in held.minutes_redactions} >= {"phone", "email"}
    assert public_minutes(held) == ""  # not published yet
    services.minutes_publish(acting_user=manager, meeting=held)
    held.refresh_from_db()
    text = public_minutes(held)
    assert "0722" not in text and "ion.popescu@example.com" not in text
    assert text.startswith("The debate opened at 17:00.")
    assert JournalEntry.objects.filter(action=MeetingJournalAction.MINUTES_PUBLISHED,
                                       item_id=str(held.pk)).exists()
    entry = AuditEntry.objects.get(action=MeetingAction.MEETING_MINUTES_UPDATE)
    assert "0722" not in str(entry.changes)
    with pytest.raises(ValidationError) as error:
        services.minutes_publish(acting_user=manager, meeting=held)
    assert error.value.messages == ["The minutes of this meeting are already published."]


def test_it_tells_the_followers_when_the_minutes_are_published(held, manager, resident):
    follow_create(user=resident, target=held)
    services.minutes_update(acting_user=manager, meeting=held, data={"minutes_text": "Held."})
    services.minutes_publish(acting_user=manager, meeting=held)
    assert Notification.objects.filter(recipient=resident,
                                       event="meeting.minutes_published").exists()


def test_it_refuses_to_publish_empty_minutes(held, manager):
    with pytest.raises(ValidationError) as error:
        services.minutes_publish(acting_user=manager, meeting=held)
    assert error.value.messages == ["Write the minutes or upload the minutes file before "
                                    "publishing them."]


def test_it_hides_typed_words_and_keeps_others_visible(held, manager):
    services.minutes_update(acting_user=manager, meeting=held, data={"minutes_text": MINUTES})
    assert services.minutes_hide_words(acting_user=manager, meeting=held,
                                       words="ion  popescu", kind="name") == 1
    held.refresh_from_db()
    services.minutes_publish(acting_user=manager, meeting=held)
    held.refresh_from_db()
    assert "Popescu" not in public_minutes(held)
    with pytest.raises(ValidationError) as error:
        services.minutes_hide_words(acting_user=manager, meeting=held, words="Nowhere",
                                    reason="More privacy.")
    assert error.value.message_dict == {"words": [
        "“Nowhere” does not appear in the original text. Copy the words exactly as they are "
        "written."]}


def test_it_never_changes_published_minutes_silently(held, manager):
    services.minutes_update(acting_user=manager, meeting=held, data={"minutes_text": MINUTES})
    services.minutes_publish(acting_user=manager, meeting=held)
    with pytest.raises(ValidationError) as error:
        services.minutes_update(acting_user=manager, meeting=held,
                                data={"conclusions": "Changed."})
    assert error.value.message_dict == {"reason": [
        "The minutes are published: write the reason for this correction. It is shown with "
        "them."]}
    start, end, _kind = held.minutes_redactions[0]
    with pytest.raises(ValidationError):
        services.minutes_redaction_remove(acting_user=manager, meeting=held, start=start,
                                          end=end)
    services.minutes_update(acting_user=manager, meeting=held,
                            data={"conclusions": "A crossing will be built."},
                            reason="The conclusions were incomplete.")
    held.refresh_from_db()
    assert held.minutes_corrected_at is not None
    assert held.minutes_correction_reason == "The conclusions were incomplete."
    assert AuditEntry.objects.filter(action=MeetingAction.MEETING_MINUTES_CORRECT).exists()


def test_it_attaches_the_minutes_file_and_shows_it_once_published(held, manager, client_for,
                                                                  settings, tmp_path):
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"
    content = b"%PDF-1.4\n%minimal\n1 0 obj<<>>endobj\n%%EOF\n"
    upload = SimpleUploadedFile("minutes.pdf", content, content_type="application/pdf")
    services.minutes_file_attach(acting_user=manager, meeting=held, file=upload,
                                 file_name="minutes.pdf", size=len(content))
    held.refresh_from_db()
    assert held.minutes is not None and held.minutes.original_name == "minutes.pdf"
    assert "Download the minutes" not in client_for(None).get(
        held.get_absolute_url()).content.decode()
    services.minutes_publish(acting_user=manager, meeting=held)
    html = client_for(None).get(held.get_absolute_url()).content.decode()
    assert f'<a href="{held.minutes.get_absolute_url()}" download>Download the minutes</a>' in html


# Links to what the meeting produced


def test_it_links_only_pages_of_this_site(held, manager, space, component):
    with pytest.raises(ValidationError) as error:
        services.meeting_link_create(acting_user=manager, meeting=held, title="",
                                     url="https://evil.example.com/")
    assert error.value.message_dict == {
        "title": ["Give the link a title."],
        "url": ["Give the address of a page of this site, starting with “/” (copy it from the "
                "browser without the site's name)."]}
    with pytest.raises(ValidationError) as error:
        services.meeting_link_create(acting_user=manager, meeting=held, title="X",
                                     url="//evil.example.com/")
    assert "url" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.meeting_link_create(acting_user=manager, meeting=held, title="X",
                                     url="/no/such/page/at/all/")
    assert error.value.message_dict == {"url": [
        "No page of this site has the address “/no/such/page/at/all/”."]}
    link = services.meeting_link_create(acting_user=manager, meeting=held,
                                        title="The meetings of the group",
                                        url=f"/spaces/{space.slug}/meetings/{component.pk}/")
    assert MeetingLink.objects.get() == link
    services.meeting_link_delete(acting_user=manager, link=link)
    assert not MeetingLink.objects.exists()
    assert AuditEntry.objects.filter(action=MeetingAction.MEETING_LINK_DELETE).exists()


def test_the_minutes_file_cannot_be_downloaded_nor_listed_before_publication(
        held, manager, client_for, settings, tmp_path):
    """The file is not redacted by the site: nobody but staff reaches it before the minutes
    are published, neither by its address nor in the meeting's documents; a draft file that
    is replaced is deleted, not left among the documents."""
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"
    content = b"%PDF-1.4\n%minimal\n1 0 obj<<>>endobj\n%%EOF\n"

    def attach(name: str) -> None:
        services.minutes_file_attach(
            acting_user=manager, meeting=held, file=SimpleUploadedFile(
                name, content, content_type="application/pdf"),
            file_name=name, size=len(content))
        held.refresh_from_db()

    attach("draft-minutes.pdf")
    first = held.minutes
    assert first is not None
    attach("minutes.pdf")
    assert not Attachment.objects.filter(pk=first.pk).exists()
    url = held.minutes.get_absolute_url()
    assert client_for(None).get(url).status_code == 404
    assert client_for(manager).get(url).status_code == 200
    tag_html = Template("{% load attachments_tags %}{% attachment_list meeting %}").render(
        Context({"meeting": held, "request": RequestFactory().get("/")}))
    assert "minutes.pdf" not in tag_html
    services.minutes_publish(acting_user=manager, meeting=held)
    assert client_for(None).get(url).status_code == 200


@pytest.mark.parametrize("address", ["javascript:alert(1)", "data:text/html,x", "video",
                                     "ftp://example.org/v"])
def test_it_takes_only_a_web_address_for_the_recording(held, manager, address):
    with pytest.raises(ValidationError) as refused:
        services.minutes_update(acting_user=manager, meeting=held,
                                data={"video_url": address})
    assert refused.value.message_dict == {
        "video_url": ["Give the address of the recording, starting with https://."]}
    held.refresh_from_db()
    assert held.video_url == ""
    services.minutes_update(acting_user=manager, meeting=held,
                            data={"video_url": "https://video.example.org/42"})
    held.refresh_from_db()
    assert held.video_url == "https://video.example.org/42"
