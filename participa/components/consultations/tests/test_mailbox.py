"""Mailbox import: the staff import of .eml / mbox / ZIP exports (preview, confirm)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from participa.attachments.models import Attachment
from participa.components.consultations.models import Channel, Contribution, Publication
from participa.components.consultations.tests.conftest import make_consultation
from participa.lib import mailbox
from participa.lib.mailbox.tests.test_mailbox import (
    NO_DATE,
    ROMANIAN,
    many_encoded_words,
    mbox,
    polish_latin2,
)


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Any) -> None:
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"


def import_url(consultation: Any) -> str:
    component = consultation.component
    return reverse("manage:consultations:manage_mailbox_import",
                   args=[component.space.slug, component.pk, consultation.pk])


def upload(client: Any, consultation: Any, **files: bytes) -> Any:
    uploads = [SimpleUploadedFile(name, data, content_type="message/rfc822")
               for name, data in files.items()]
    return client.post(import_url(consultation), {"step": "upload", "files": uploads})


def test_it_previews_then_registers_one_contribution_per_message(
        client_for: Any, manager: Any, consultation: Any, articles: Any) -> None:
    client = client_for(manager)
    response = upload(client, consultation, **{"ro.eml": ROMANIAN, "pl.eml": polish_latin2(),
                                               "nodate.eml": NO_DATE})
    assert response.status_code == 302
    preview = client.get(import_url(consultation)).content.decode()
    assert "Ștefan Bălănescu" in preview and "Łukasz Żółkiewski" in preview
    assert "No date: the time of the upload is used" in preview
    assert "Bună ziua," in preview
    assert not Contribution.objects.exists()  # nothing registered before confirming

    # The publication choice is required: nothing is lost when it is missing.
    response = client.post(import_url(consultation), {"step": "confirm", "type": "proposal"})
    assert response.status_code == 200
    assert "Ștefan Bălănescu" in response.content.decode()
    assert not Contribution.objects.exists()

    response = client.post(import_url(consultation), {
        "step": "confirm", "type": "objection", "publication": "anonymous",
        "article": str(articles[1].pk)}, follow=True)
    assert "3 messages registered" in response.content.decode()
    contributions = list(Contribution.objects.filter(consultation=consultation)
                         .order_by("number"))
    assert len(contributions) == 3
    first = contributions[0]
    assert first.channel == Channel.EMAIL and first.author_name == "Ștefan Bălănescu"
    assert first.author_email == "stefan.balanescu@example.ro"
    assert first.publication == Publication.ANONYMOUS and first.type == "objection"
    assert first.article == articles[1]
    assert first.source_id == "ro-1@mail.example.ro"
    assert first.received_at == datetime.datetime(2026, 3, 3, 8, 15, tzinfo=datetime.UTC)
    assert "Ștefan Bălănescu" not in first.body_redacted
    assert contributions[2].author_name == "plain@example.org"
    # The message as received is kept as a private file.
    attachment = Attachment.objects.get(object_id=first.pk, content_type__model="contribution")
    assert b"ro-1@mail.example.ro" in attachment.file.read()
    assert client_for(None).get(
        reverse("attachments:download", args=[attachment.pk])).status_code == 404


def test_it_never_registers_a_message_twice(client_for: Any, manager: Any,
                                            consultation: Any) -> None:
    client = client_for(manager)
    upload(client, consultation, **{"ro.eml": ROMANIAN})
    client.post(import_url(consultation), {"step": "confirm", "type": "proposal",
                                           "publication": "hidden"})
    upload(client, consultation, **{"export.mbox": mbox(ROMANIAN, polish_latin2())})
    preview = client.get(import_url(consultation)).content.decode()
    assert "Already registered (no. 1)" in preview
    response = client.post(import_url(consultation), {"step": "confirm", "type": "proposal",
                                                      "publication": "hidden"}, follow=True)
    text = response.content.decode()
    assert "1 message registered as a contribution." in text
    assert "1 message was already registered and was skipped." in text
    assert Contribution.objects.filter(consultation=consultation).count() == 2


def test_it_refuses_named_publication_for_an_import(client_for: Any, manager: Any,
                                                    consultation: Any) -> None:
    client = client_for(manager)
    upload(client, consultation, **{"ro.eml": ROMANIAN})
    response = client.post(import_url(consultation), {"step": "confirm", "type": "proposal",
                                                      "publication": "named"})
    assert response.status_code == 200
    assert not Contribution.objects.exists()


def test_it_flags_late_messages(client_for: Any, manager: Any, component: Any) -> None:
    closed = make_consultation(component, slug="closed", announced=-60, opens=-40, closes=-10)
    late_message = ROMANIAN.replace(
        b"Date: Tue, 3 Mar 2026 10:15:00 +0200",
        timezone.now().strftime("Date: %a, %d %b %Y %H:%M:%S +0000").encode())
    client = client_for(manager)
    upload(client, closed, **{"ro.eml": late_message})
    assert "Late" in client.get(import_url(closed)).content.decode()
    response = client.post(import_url(closed), {"step": "confirm", "type": "proposal",
                                                 "publication": "anonymous"}, follow=True)
    assert "flagged “late”" in response.content.decode()
    assert Contribution.objects.get(consultation=closed).is_late


def test_it_explains_an_unreadable_upload(client_for: Any, manager: Any,
                                          consultation: Any) -> None:
    response = upload(client_for(manager), consultation, **{"photo.eml": b"\x89PNG\r\n\x1a\n"})
    assert response.status_code == 200
    assert "is not an e-mail message" in response.content.decode()


def test_it_cancels_an_import(client_for: Any, manager: Any, consultation: Any) -> None:
    client = client_for(manager)
    upload(client, consultation, **{"ro.eml": ROMANIAN})
    client.post(import_url(consultation), {"step": "cancel"})
    page = client.get(import_url(consultation)).content.decode()
    assert "Read the messages" in page
    assert not Contribution.objects.exists()


def test_it_hides_the_import_from_residents(client_for: Any, resident: Any,
                                            consultation: Any) -> None:
    response = upload(client_for(resident), consultation, **{"ro.eml": ROMANIAN})
    assert response.status_code == 404


def test_it_removes_batches_abandoned_long_ago(client_for: Any, manager: Any,
                                               consultation: Any, settings: Any) -> None:
    import os
    import time
    from pathlib import Path

    client = client_for(manager)
    upload(client, consultation, **{"ro.eml": ROMANIAN})
    folder = Path(settings.ATTACHMENT_ROOT) / "tmp" / "mailbox"
    [old_batch] = list(folder.iterdir())
    two_days_ago = time.time() - 2 * 86400
    for item in old_batch.iterdir():
        os.utime(item, (two_days_ago, two_days_ago))
    # Another person (another session) uploads: the abandoned batch is deleted.
    client_for(manager).post(import_url(consultation), {
        "step": "upload", "files": [SimpleUploadedFile("pl.eml", polish_latin2())]})
    assert not any(old_batch.iterdir())


# --- hostile headers, leaving messages out, early/late flags, resuming --------------------------

def test_staff_see_why_a_message_was_refused(client_for: Any, manager: Any,
                                             consultation: Any) -> None:
    client = client_for(manager)
    response = upload(client, consultation, **{"spam.eml": many_encoded_words()})
    assert response.status_code == 200
    page = response.content.decode()
    assert ("The message “spam.eml” was not read: its headers are too large or too many "
            "(over 256 KB, 1000 fields or 500 encoded words).") in page
    # Beside readable messages, the refusal is a warning and the others go on to the preview.
    response = upload(client, consultation, **{"ro.eml": ROMANIAN,
                                               "spam.eml": many_encoded_words()}, )
    assert response.status_code == 302
    page = client.get(import_url(consultation)).content.decode()
    assert "The message “spam.eml” was not read" in page
    assert "Ștefan Bălănescu" in page


def test_it_refuses_a_romanian_message_in_romanian(client_for: Any, manager: Any,
                                                   consultation: Any) -> None:
    manager.preferred_language = "ro"
    manager.save()
    client = client_for(manager)
    client.cookies["django_language"] = "ro"
    page = upload(client, consultation, **{"spam.eml": many_encoded_words()}).content.decode()
    assert "Mesajul „spam.eml” nu a fost citit" in page


def test_staff_can_leave_messages_out(client_for: Any, manager: Any, consultation: Any) -> None:
    client = client_for(manager)
    upload(client, consultation, **{"ro.eml": ROMANIAN, "pl.eml": polish_latin2(),
                                    "nodate.eml": NO_DATE})
    preview = client.get(import_url(consultation)).content.decode()
    assert preview.count('name="include"') == 3
    assert 'value="ro-1@mail.example.ro" id="include-1"' in preview
    assert preview.count(" checked>") >= 3  # every new message is ticked at first
    response = client.post(import_url(consultation), {
        "step": "confirm", "choose": "1", "type": "proposal", "publication": "anonymous",
        "include": ["ro-1@mail.example.ro"]}, follow=True)
    page = response.content.decode()
    assert "1 message registered as a contribution." in page
    assert "2 messages were left out, as you chose, and were not registered." in page
    assert list(Contribution.objects.values_list("source_id", flat=True)) == [
        "ro-1@mail.example.ro"]


def test_a_refused_confirmation_keeps_the_ticks(client_for: Any, manager: Any,
                                                consultation: Any) -> None:
    client = client_for(manager)
    upload(client, consultation, **{"ro.eml": ROMANIAN, "pl.eml": polish_latin2()})
    response = client.post(import_url(consultation), {
        "step": "confirm", "choose": "1", "type": "proposal",  # no publication chosen
        "include": ["ro-1@mail.example.ro"]})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="ro-1@mail.example.ro" id="include-1" aria-describedby="sender-1" checked>' \
        in page
    assert 'aria-describedby="sender-2">' in page  # the other one stays unticked
    assert not Contribution.objects.exists()


def test_the_preview_flags_early_and_late_messages(client_for: Any, manager: Any,
                                                   consultation: Any) -> None:
    today = timezone.localdate()
    early = ROMANIAN  # sent on 3 March 2026, before the consultation opened
    late = ROMANIAN.replace(b"ro-1@", b"ro-late@").replace(
        b"Tue, 3 Mar 2026 10:15:00 +0200",
        (today + datetime.timedelta(days=30)).strftime("%a, %d %b %Y 10:00:00 +0200").encode())
    consultation.opens_on = datetime.date(2026, 3, 10)
    consultation.save()
    client = client_for(manager)
    upload(client, consultation, **{"early.eml": early, "late.eml": late})
    page = client.get(import_url(consultation)).content.decode()
    assert "Early: sent before recommendations were accepted" in page
    assert ("1 message was sent before recommendations were accepted and is flagged "
            "“early”.") in page
    assert "1 message arrived after the deadline and will be flagged “late”." in page


def test_an_interrupted_batch_is_resumed_without_duplicates(
        client_for: Any, manager: Any, consultation: Any, monkeypatch: Any) -> None:
    from participa.components.consultations.services import contributions as services
    from participa.intake.models import IntakeBatch as MailboxImport

    client = client_for(manager)
    upload(client, consultation, **{"ro.eml": ROMANIAN, "pl.eml": polish_latin2(),
                                    "nodate.eml": NO_DATE})
    register = services.contribution_register_offline
    calls: list[str] = []

    class WorkerKilled(Exception):
        pass

    def dies_on_the_second(**kwargs: Any) -> Any:
        calls.append(kwargs["source_id"])
        if len(calls) == 2:
            raise WorkerKilled
        return register(**kwargs)

    monkeypatch.setattr(services, "contribution_register_offline", dies_on_the_second)
    data = {"step": "confirm", "type": "proposal", "publication": "anonymous"}
    page = client.post(import_url(consultation), data, follow=True).content.decode()
    # The task stopped after the first message: the batch says so and offers to resume.
    assert list(Contribution.objects.values_list("source_id", flat=True)) == [
        "ro-1@mail.example.ro"]
    batch = MailboxImport.objects.get()
    assert (batch.state, batch.position, batch.total) == ("interrupted", 1, 3)
    assert ("The registration was interrupted: 1 of 3 messages registered. Resume it to "
            "register the rest") in page
    assert '<input type="hidden" name="step" value="resume">' in page
    assert "data-refresh-seconds" not in page and "progress-refresh.js" not in page
    # Confirming again does not start a second run.
    client.post(import_url(consultation), data)
    assert Contribution.objects.count() == 1 and len(calls) == 2

    calls.clear()

    def counted(**kwargs: Any) -> Any:
        calls.append(kwargs["source_id"])
        return register(**kwargs)

    monkeypatch.setattr(services, "contribution_register_offline", counted)
    response = client.post(import_url(consultation), {"step": "resume"}, follow=True)
    page = response.content.decode()
    # Only the two remaining messages were registered, once each; the summary is the whole
    # batch's.
    assert calls == ["pl-1@poczta.example.pl", calls[1]] and calls[1].startswith("sha256:")
    assert "3 messages registered as contributions." in page
    assert "already registered and was skipped" not in page
    assert "1 message had no date: the time of the upload was used." in page
    assert sorted(Contribution.objects.values_list("source_id", flat=True)) == sorted(
        ["ro-1@mail.example.ro", "pl-1@poczta.example.pl", calls[1]])
    assert list(Contribution.objects.order_by("number").values_list("number", flat=True)) == [
        1, 2, 3]
    assert not MailboxImport.objects.exists()


def test_a_stalled_registration_can_be_resumed(client_for: Any, manager: Any,
                                               consultation: Any, settings: Any) -> None:
    """A worker stopped without a trace (killed): no progress for a while means interrupted."""
    from participa.intake.models import IntakeBatch as MailboxImport

    client = client_for(manager)
    upload(client, consultation, **{"ro.eml": ROMANIAN, "pl.eml": polish_latin2()})
    immediate = settings.TASKS
    # Queued, never run.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.post(import_url(consultation), {"step": "confirm", "type": "proposal",
                                           "publication": "anonymous"})
    page = client.get(import_url(consultation)).content.decode()
    assert ("Registering the messages: 0 of 2 messages registered… This page refreshes by "
            "itself.") in page
    assert 'data-refresh-seconds="3"' in page and "js/progress-refresh.js" in page
    # Resuming a registration that is still going is refused.
    page = client.post(import_url(consultation), {"step": "resume"}, follow=True
                       ).content.decode()
    assert "This registration is not interrupted: it goes on." in page
    MailboxImport.objects.update(progressed_at=timezone.now() - datetime.timedelta(minutes=11))
    page = client.get(import_url(consultation)).content.decode()
    assert "The registration was interrupted: 0 of 2 messages registered." in page
    settings.TASKS = immediate
    page = client.post(import_url(consultation), {"step": "resume"}, follow=True
                       ).content.decode()
    assert "2 messages registered as contributions." in page
    assert Contribution.objects.count() == 2


def test_cancelling_an_interrupted_batch_keeps_what_is_registered(
        client_for: Any, manager: Any, consultation: Any, monkeypatch: Any) -> None:
    from participa.components.consultations.services import contributions as services
    from participa.intake.models import IntakeBatch as MailboxImport

    client = client_for(manager)
    upload(client, consultation, **{"ro.eml": ROMANIAN, "pl.eml": polish_latin2()})
    register = services.contribution_register_offline

    def dies_on_polish(**kwargs: Any) -> Any:
        if kwargs["source_id"].startswith("pl-"):
            raise RuntimeError("worker stopped")
        return register(**kwargs)

    monkeypatch.setattr(services, "contribution_register_offline", dies_on_polish)
    client.post(import_url(consultation), {"step": "confirm", "type": "proposal",
                                           "publication": "anonymous"})
    page = client.post(import_url(consultation), {"step": "cancel"}, follow=True
                       ).content.decode()
    assert ("The import was cancelled; the 1 message already registered stays in the "
            "register.") in page
    assert not MailboxImport.objects.exists()
    assert Contribution.objects.count() == 1


@pytest.mark.django_db(transaction=True)  # the worker runs the task after the confirmation
def test_it_registers_in_the_background_and_shows_the_progress(
        client_for: Any, manager: Any, consultation: Any, settings: Any,
        monkeypatch: Any) -> None:
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from participa.components.consultations.services import contributions as services
    from participa.intake.models import IntakeBatch as MailboxImport

    client = client_for(manager)
    upload(client, consultation, **{"ro.eml": ROMANIAN, "pl.eml": polish_latin2(),
                                    "nodate.eml": NO_DATE})
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default", "email"]}}
    parser = mailbox.email.message_from_bytes

    def not_in_a_request(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("no web request parses mail")

    def not_in_a_request_either(**kwargs: Any) -> Any:
        raise AssertionError("no web request registers mail")

    register = services.contribution_register_offline
    monkeypatch.setattr(mailbox.email, "message_from_bytes", not_in_a_request)
    monkeypatch.setattr(services, "contribution_register_offline", not_in_a_request_either)
    data = {"step": "confirm", "choose": "1", "type": "proposal", "publication": "anonymous",
            "include": ["ro-1@mail.example.ro", "pl-1@poczta.example.pl"]}
    assert client.post(import_url(consultation), data).status_code == 302
    assert client.post(import_url(consultation), data).status_code == 302  # double click
    batch = MailboxImport.objects.get()
    assert (batch.state, batch.chosen, batch.left_out) == (
        "registering", ["ro-1@mail.example.ro", "pl-1@poczta.example.pl"], 1)
    assert DBTaskResult.objects.filter(
        task_path="participa.intake.tasks.register_batch").count() == 1
    page = client.get(import_url(consultation)).content.decode()
    assert ("Registering the messages: 0 of 2 messages registered… This page refreshes by "
            "itself.") in page
    assert 'data-refresh-seconds="3"' in page and "js/progress-refresh.js" in page
    assert '<progress max="2" value="0"' in page
    assert not Contribution.objects.exists()

    monkeypatch.setattr(mailbox.email, "message_from_bytes", parser)
    monkeypatch.setattr(services, "contribution_register_offline", register)
    call_command("db_worker", "--batch", "--queue-name", "default", "--no-startup-delay",
                 verbosity=0)
    batch.refresh_from_db()
    assert (batch.state, batch.position, batch.counts["registered"]) == ("done", 2, 2)
    response = client.get(import_url(consultation), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0].endswith("/contributions/")
    assert "2 messages registered as contributions." in page
    assert "1 message was left out, as you chose, and was not registered." in page
    assert sorted(Contribution.objects.values_list("source_id", flat=True)) == [
        "pl-1@poczta.example.pl", "ro-1@mail.example.ro"]
    assert not MailboxImport.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker runs the task after the upload commits
def test_it_reads_the_messages_in_the_background(client_for: Any, manager: Any,
                                                 consultation: Any, settings: Any,
                                                 monkeypatch: Any) -> None:
    from django.core.management import call_command

    from participa.intake.models import IntakeBatch as MailboxImport

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default", "email"]}}
    parser = mailbox.email.message_from_bytes

    def not_in_a_request(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("no web request parses mail")

    monkeypatch.setattr(mailbox.email, "message_from_bytes", not_in_a_request)
    client = client_for(manager)
    response = upload(client, consultation, **{"ro.eml": ROMANIAN, "pl.eml": polish_latin2()})
    assert response.status_code == 302
    page = client.get(import_url(consultation)).content.decode()
    assert "Reading the messages of ro.eml, pl.eml… This page refreshes by itself." in page
    assert 'data-refresh-seconds="3"' in page and "js/progress-refresh.js" in page
    assert "Ștefan Bălănescu" not in page
    assert MailboxImport.objects.get().state == "parsing"

    monkeypatch.setattr(mailbox.email, "message_from_bytes", parser)
    call_command("db_worker", "--batch", "--queue-name", "default", "--no-startup-delay",
                 verbosity=0)
    monkeypatch.setattr(mailbox.email, "message_from_bytes", not_in_a_request)
    batch = MailboxImport.objects.get()
    assert batch.state == "ready"
    assert [row["source_id"] for row in batch.preview] == ["ro-1@mail.example.ro",
                                                           "pl-1@poczta.example.pl"]
    preview = client.get(import_url(consultation)).content.decode()
    assert "Ștefan Bălănescu" in preview and "Łukasz Żółkiewski" in preview
    assert "data-refresh-seconds" not in preview and "progress-refresh.js" not in preview
    assert not Contribution.objects.exists()


def test_a_cancelled_import_leaves_no_files(client_for: Any, manager: Any, consultation: Any,
                                            settings: Any) -> None:
    from participa.intake.models import IntakeBatch as MailboxImport

    client = client_for(manager)
    upload(client, consultation, **{"ro.eml": ROMANIAN})
    folder = settings.ATTACHMENT_ROOT / "tmp" / "mailbox" / MailboxImport.objects.get().token
    assert len(list(folder.iterdir())) == 1
    client.post(import_url(consultation), {"step": "cancel"})
    assert not MailboxImport.objects.exists()
    assert not list(folder.iterdir())


def test_each_person_sees_only_their_own_batch(client_for: Any, manager: Any,
                                               second_official: Any, consultation: Any) -> None:
    upload(client_for(manager), consultation, **{"ro.eml": ROMANIAN})
    page = client_for(second_official).get(import_url(consultation)).content.decode()
    assert "Read the messages" in page and "Ștefan Bălănescu" not in page


def test_it_drops_batches_abandoned_for_a_day(client_for: Any, manager: Any,
                                              second_official: Any, consultation: Any) -> None:
    from participa.intake.models import IntakeBatch as MailboxImport

    upload(client_for(second_official), consultation, **{"ro.eml": ROMANIAN})
    MailboxImport.objects.update(uploaded_at=timezone.now() - datetime.timedelta(days=2))
    upload(client_for(manager), consultation, **{"pl.eml": polish_latin2()})
    assert list(MailboxImport.objects.values_list("created_by", flat=True)) == [manager.pk]


def test_an_interrupted_batch_is_explained_in_romanian(
        client_for: Any, manager: Any, consultation: Any, monkeypatch: Any) -> None:
    from participa.components.consultations.services import contributions as services

    manager.preferred_language = "ro"
    manager.save()
    client = client_for(manager)
    client.cookies["django_language"] = "ro"
    upload(client, consultation, **{"ro.eml": ROMANIAN, "pl.eml": polish_latin2()})
    register = services.contribution_register_offline

    def dies_on_polish(**kwargs: Any) -> Any:
        if kwargs["source_id"].startswith("pl-"):
            raise RuntimeError("worker stopped")
        return register(**kwargs)

    monkeypatch.setattr(services, "contribution_register_offline", dies_on_polish)
    page = client.post(import_url(consultation), {"step": "confirm", "type": "proposal",
                                                  "publication": "anonymous"},
                       follow=True).content.decode()
    assert "Înregistrarea a fost întreruptă: 1 din 2 mesaje înregistrate." in page
    assert "Reluați înregistrarea" in page


def test_files_gone_before_the_registration_are_reported(
        client_for: Any, manager: Any, consultation: Any, settings: Any) -> None:
    import shutil

    from participa.intake.models import IntakeBatch as MailboxImport

    client = client_for(manager)
    upload(client, consultation, **{"ro.eml": ROMANIAN, "pl.eml": polish_latin2()})
    immediate = settings.TASKS
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.post(import_url(consultation), {"step": "confirm", "type": "proposal",
                                           "publication": "anonymous"})
    shutil.rmtree(settings.ATTACHMENT_ROOT / "tmp" / "mailbox" / MailboxImport.objects.get().token)
    settings.TASKS = immediate
    MailboxImport.objects.update(progressed_at=timezone.now() - datetime.timedelta(hours=1))
    page = client.post(import_url(consultation), {"step": "resume"}, follow=True
                       ).content.decode()
    assert "The uploaded files are no longer available. Upload them again." in page
    assert "0 messages registered as contributions." in page
    assert "2 messages could not be registered. Register them by hand." in page
    assert not Contribution.objects.exists() and not MailboxImport.objects.exists()
