"""Batch import of e-mails into proposals through the shared intake: one proposal per
message, registered by e-mail with its number, never twice."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from participa.components.proposals.models import Channel, Proposal, ProposalState, Publication
from participa.components.proposals.services import mailbox as imports
from participa.intake.models import IntakeBatch
from participa.lib.mailbox.tests.test_mailbox import NO_DATE, ROMANIAN, mbox, polish_latin2

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Any) -> None:
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"


def run(manager, component, files, *, chosen=None, publication=Publication.NAMED) -> IntakeBatch:
    batch = imports.import_start(acting_user=manager, component=component, files=files)
    batch.refresh_from_db()
    assert imports.import_confirm(acting_user=manager, component=component, batch=batch,
                                  chosen=chosen, publication=publication)
    batch.refresh_from_db()
    return batch


def test_it_registers_one_proposal_per_message(manager, component):
    batch = run(manager, component, [("export.mbox", mbox(ROMANIAN, polish_latin2(), NO_DATE))])
    assert batch.counts["registered"] == 3
    proposals = list(Proposal.objects.order_by("number"))
    assert [p.number for p in proposals] == [1, 2, 3]
    first = proposals[0]
    assert first.channel == Channel.EMAIL and first.state == ProposalState.DRAFT
    assert first.author_name == "Ștefan Bălănescu"
    assert first.author_email == "stefan.balanescu@example.ro"
    assert first.source_id == "ro-1@mail.example.ro"
    assert first.title == "Propunere privind taxa de parcare și abonamente"
    assert "Ștefan Bălănescu" not in first.body_public
    assert first.registered_by == manager


def test_it_never_registers_a_message_twice(manager, component):
    run(manager, component, [("ro.eml", ROMANIAN)])
    batch = run(manager, component, [("again.mbox", mbox(ROMANIAN, NO_DATE))])
    assert (batch.counts["registered"], batch.counts["duplicates"]) == (1, 1)
    assert Proposal.objects.count() == 2


def test_it_registers_only_the_chosen_messages(manager, component):
    batch = imports.import_start(acting_user=manager, component=component,
                                 files=[("export.mbox", mbox(ROMANIAN, NO_DATE))])
    batch.refresh_from_db()
    imports.import_confirm(acting_user=manager, component=component, batch=batch,
                           chosen=["ro-1@mail.example.ro"], publication=Publication.ANONYMOUS)
    assert list(Proposal.objects.values_list("source_id", "publication")) == [
        ("ro-1@mail.example.ro", Publication.ANONYMOUS)]


def test_it_refuses_residents(resident, component):
    with pytest.raises(PermissionDenied):
        imports.import_start(acting_user=resident, component=component,
                             files=[("ro.eml", ROMANIAN)])


def test_the_staff_page_previews_then_registers(client, manager, component):
    client.force_login(manager)
    url = f"/manage/spaces/{component.space.slug}/proposals/{component.pk}/import/"
    upload = SimpleUploadedFile("export.mbox", mbox(ROMANIAN, NO_DATE),
                                content_type="application/mbox")
    assert client.post(url, {"step": "upload", "files": [upload]}).status_code == 302
    preview = client.get(url).content.decode()
    assert "Ștefan Bălănescu" in preview and not Proposal.objects.exists()
    response = client.post(url, {"step": "confirm", "choose": "1",
                                 "include": ["ro-1@mail.example.ro"],
                                 "publication": "named"})
    assert response.status_code == 302
    report = client.get(url, follow=True).content.decode()
    assert "1 message registered as a proposal" in report
    assert list(Proposal.objects.values_list("source_id", flat=True)) == ["ro-1@mail.example.ro"]


def test_the_staff_page_is_missing_for_residents(client, resident, component):
    client.force_login(resident)
    url = f"/manage/spaces/{component.space.slug}/proposals/{component.pk}/import/"
    assert client.get(url).status_code == 404
