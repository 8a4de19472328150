"""Registering contributions online and from other channels."""

from __future__ import annotations

import datetime
import threading
import zoneinfo
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from participa.attachments.models import Attachment
from participa.components.consultations.models import (
    Article,
    Channel,
    ContributionType,
    DraftVersion,
    Publication,
    VersionKind,
)
from participa.components.consultations.services.contributions import (
    ContributionRefused,
    contribution_register_offline,
    contribution_submit_online,
)
from participa.components.consultations.tests.conftest import days, make_consultation
from participa.conftest import make_user
from participa.core.models import AuditEntry, GroupMembership
from participa.notifications.models import Follow
from participa.notifications.services import is_following

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def submit(user, consultation, **extra):
    values: dict[str, Any] = {"body": "Please lower the fee to 3 lei.",
                              "type": ContributionType.PROPOSAL,
                              "publication": Publication.NAMED}
    values.update(extra)
    return contribution_submit_online(acting_user=user, consultation=consultation, **values)


def register(user, consultation, **extra):
    tz = zoneinfo.ZoneInfo("Europe/Bucharest")
    values: dict[str, Any] = {
        "channel": Channel.EMAIL, "author_name": "Maria Ionescu",
        "body": "I object to the new fees.", "type": ContributionType.OBJECTION,
        "publication": Publication.ANONYMOUS,
        "received_at": datetime.datetime.combine(consultation.opens_on, datetime.time(10),
                                                 tzinfo=tz),
    }
    values.update(extra)
    return contribution_register_offline(acting_user=user, consultation=consultation, **values)


def test_it_numbers_contributions_in_order_across_channels(consultation, resident, manager):
    first = submit(resident, consultation)
    second = register(manager, consultation)
    third = submit(resident, consultation)
    assert [first.number, second.number, third.number] == [1, 2, 3]
    consultation.refresh_from_db()
    assert consultation.next_number == 4


def test_it_registers_an_online_contribution_with_the_account(consultation, resident, articles):
    contribution = submit(resident, consultation, article=articles[1], quote="5 lei per hour")
    assert contribution.channel == Channel.ONLINE
    assert contribution.author == resident
    assert contribution.author_name == resident.display_name
    assert contribution.author_email == resident.email
    assert contribution.article == articles[1]
    assert contribution.quote == "5 lei per hour"
    assert contribution.redaction_approved_at is None
    assert not contribution.is_late


def test_it_stores_the_redacted_text_and_the_spans(consultation, resident):
    body = "Write to me at ion.popescu@example.ro about the fees."
    contribution = submit(resident, consultation, body=body)
    assert contribution.body == body
    assert "ion.popescu@example.ro" not in contribution.body_redacted
    assert "about the fees" in contribution.body_redacted
    assert contribution.redactions and contribution.redactions[0][2] == "email"
    assert contribution.redaction_approved_at is None


def test_it_passes_the_account_names_to_the_redaction(consultation, resident, monkeypatch):
    from participa.redaction import engine as redaction

    resident.legal_name = "Ion Popescu"
    resident.first_name, resident.last_name = "Ion", "Popescu"
    resident.save()
    seen = {}
    original = redaction.redact_for

    def spy(org, text, *, names=(), lang=None, **options):
        seen["names"] = list(names)
        return original(org, text, names=names, lang=lang, **options)

    monkeypatch.setattr(redaction, "redact_for", spy)
    submit(resident, consultation)
    assert {"Resident", "Ion Popescu", "Ion", "Popescu"} <= set(seen["names"])


@pytest.mark.parametrize("keep,published", [
    (True, "Dl. Mihai Stoian (contact) nu a răspuns, iar primarul Dan Voicu tace. [redacted]"),
    (False, "Dl. [redacted] (contact) nu a răspuns, iar primarul [redacted] tace. [redacted]"),
])
def test_officials_names_follow_the_organizations_setting(consultation, resident, keep,
                                                           published):
    """The contact person and the mayor stay by default; the resident's name never does."""
    org = consultation.component.space.organization
    org.redaction_keep_officials = keep
    org.redaction_placeholders = {"en": "[redacted]", "ro": "[redacted]"}
    org.save()
    consultation.contact_name = "Mihai Stoian"
    consultation.save()
    resident.legal_name = "Ion Popescu"
    resident.save()
    body = ("Dl. Mihai Stoian (contact) nu a răspuns, iar primarul Dan Voicu tace. "
            "Ion Popescu")
    contribution = submit(resident, consultation, body=body)
    assert contribution.body_redacted == published


def test_it_refuses_online_contributions_after_the_deadline(component, resident):
    closed = make_consultation(component, slug="closed", opens=-20, closes=-1)
    with pytest.raises(ContributionRefused) as refused:
        submit(resident, closed)
    assert refused.value.code == "closed"
    closed.refresh_from_db()
    assert closed.next_number == 1
    assert not closed.contributions.exists()


def test_it_refuses_before_the_opening(component, resident):
    upcoming = make_consultation(component, slug="upcoming", announced=-1, opens=3, closes=20)
    with pytest.raises(ContributionRefused) as refused:
        submit(resident, upcoming)
    assert refused.value.code == "not_open_yet"


def test_it_refuses_people_of_another_organization(consultation, outsider):
    with pytest.raises(ContributionRefused) as refused:
        submit(outsider, consultation)
    assert refused.value.code == "forbidden"


def test_it_accepts_a_group_only_from_its_members(consultation, ngo, ngo_member, resident):
    contribution = submit(ngo_member, consultation, group=ngo)
    assert contribution.group == ngo
    with pytest.raises(ValidationError) as error:
        submit(resident, consultation, group=ngo)
    assert "group" in error.value.message_dict


def test_it_refuses_a_group_whose_membership_is_only_requested(consultation, ngo, resident):
    GroupMembership.objects.create(group=ngo, user=resident,
                                   status=GroupMembership.Status.REQUESTED)
    with pytest.raises(ValidationError):
        submit(resident, consultation, group=ngo)


def test_it_refuses_an_article_of_another_version(consultation, resident):
    revised = DraftVersion.objects.create(consultation=consultation, number=2,
                                          kind=VersionKind.REVISED)
    later = Article.objects.create(version=revised, key="art-1", number="Art. 1", body="x")
    with pytest.raises(ValidationError) as error:
        submit(resident, consultation, article=later)
    assert "article" in error.value.message_dict
    consultation.refresh_from_db()
    assert consultation.next_number == 1


def test_it_refuses_an_empty_text(consultation, resident):
    with pytest.raises(ValidationError) as error:
        submit(resident, consultation, body="   ")
    assert "body" in error.value.message_dict


def test_it_audits_without_the_text(consultation, resident):
    contribution = submit(resident, consultation, body="My phone is 0722 123 456, call me.")
    entry = AuditEntry.objects.get(action="contribution.create")
    assert entry.actor == resident
    assert entry.changes["number"] == [None, contribution.number]
    assert "0722" not in str(entry.changes)
    assert "body" not in entry.changes


def test_it_follows_the_consultation(consultation, resident):
    submit(resident, consultation)
    assert is_following(resident, consultation)
    assert Follow.objects.get(user=resident).automatic


def test_it_emails_the_receipt_with_the_registration_number(
        consultation, resident, mailoutbox, django_capture_on_commit_callbacks):
    resident.preferred_language = "ro"
    resident.save()
    with django_capture_on_commit_callbacks(execute=True):
        contribution = submit(resident, consultation, body="Propun o taxă mai mică.",
                              publication=Publication.ANONYMOUS)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [resident.email]
    assert contribution.registration_label in message.subject
    assert contribution.registration_label in message.body
    assert "Propun o taxă mai mică." in message.body
    # In the resident's language (Romanian), not the site's default.
    assert "Regulament parcare" in message.body
    assert "Parking rules" not in message.body
    html = message.alternatives[0][0]
    assert contribution.registration_label in html


def test_it_attaches_the_file_privately(consultation, resident, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    upload = SimpleUploadedFile("my scan.pdf", PDF, content_type="application/pdf")
    contribution = submit(resident, consultation, file=upload)
    attachment = Attachment.objects.get(object_id=contribution.pk,
                                        content_type__model="contribution")
    assert attachment.original_name == "my scan.pdf"


def test_it_rolls_back_the_number_when_the_file_is_refused(consultation, resident, settings,
                                                         tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    upload = SimpleUploadedFile("virus.exe", b"MZ\x90\x00binary", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        submit(resident, consultation, file=upload)
    assert "file" in error.value.message_dict
    consultation.refresh_from_db()
    assert consultation.next_number == 1
    assert not consultation.contributions.exists()


def test_it_registers_an_offline_contribution(consultation, manager, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    upload = SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")
    contribution = register(manager, consultation, channel=Channel.POST,
                            author_email="maria@example.ro", original_file=upload,
                            body="Maria Ionescu asks for lower fees.")
    assert contribution.channel == Channel.POST
    assert contribution.author is None
    assert contribution.registered_by == manager
    assert contribution.author_name == "Maria Ionescu"
    assert contribution.author_email == "maria@example.ro"
    assert not contribution.is_late
    assert Attachment.objects.filter(object_id=contribution.pk,
                                     content_type__model="contribution").exists()
    assert AuditEntry.objects.filter(action="contribution.create", actor=manager).exists()


def test_it_passes_the_typed_name_to_the_redaction(consultation, manager, monkeypatch):
    from participa.redaction import engine as redaction

    seen = {}
    original = redaction.redact_for

    def spy(org, text, *, names=(), lang=None, **options):
        seen["names"] = list(names)
        return original(org, text, names=names, lang=lang, **options)

    monkeypatch.setattr(redaction, "redact_for", spy)
    register(manager, consultation)
    assert seen["names"] == ["Maria Ionescu"]


def test_it_flags_late_contributions_in_the_city_time_zone(consultation, manager):
    tz = zoneinfo.ZoneInfo("Europe/Bucharest")
    last_minute = datetime.datetime.combine(consultation.closes_on, datetime.time(23, 59),
                                            tzinfo=tz)
    on_time = register(manager, consultation, received_at=last_minute)
    # 00:30 the next day in Bucharest is still the deadline day in UTC: late all the same.
    late = register(manager, consultation,
                    received_at=last_minute + datetime.timedelta(minutes=31))
    assert not on_time.is_late
    assert late.is_late


def test_it_registers_late_letters_after_the_deadline(component, manager):
    closed = make_consultation(component, slug="closed", opens=-20, closes=-3)
    tz = zoneinfo.ZoneInfo("Europe/Bucharest")
    received = datetime.datetime.combine(days(-1), datetime.time(9), tzinfo=tz)
    contribution = register(manager, closed, received_at=received)
    assert contribution.is_late


def test_it_refuses_offline_registration_by_residents(consultation, resident):
    with pytest.raises(PermissionDenied):
        register(resident, consultation)


def test_it_refuses_the_online_channel_offline(consultation, manager):
    with pytest.raises(ValidationError) as error:
        register(manager, consultation, channel=Channel.ONLINE)
    assert "channel" in error.value.message_dict


def test_it_never_registers_a_message_twice(consultation, manager):
    register(manager, consultation, source_id="<abc@mail.example>")
    with pytest.raises(ValidationError):
        register(manager, consultation, source_id="<abc@mail.example>")
    assert consultation.contributions.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_gives_distinct_consecutive_numbers_under_concurrency(org, component):
    consultation = make_consultation(component)
    people = [make_user(org, f"person_{index}") for index in range(8)]
    barrier = threading.Barrier(len(people))
    errors: list[BaseException] = []

    def send(user) -> None:
        try:
            barrier.wait(timeout=30)
            for _ in range(3):
                submit(user, consultation)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    numbers = sorted(consultation.contributions.values_list("number", flat=True))
    assert numbers == list(range(1, len(people) * 3 + 1))
    consultation.refresh_from_db()
    assert consultation.next_number == len(people) * 3 + 1
