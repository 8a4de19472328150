"""Photos and documents of a tracked item: its staff manage them, everyone who sees the item
sees them (nobody before it is published)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from participa.attachments.services import attachment_create
from participa.attachments.tests.samples import pdf_bytes

MANAGE = "attachments:manage"


def attach(item, title: str) -> None:
    content = pdf_bytes()
    attachment_create(acting_user=None, target=item, file=SimpleUploadedFile("a.pdf", content),
                      file_name="a.pdf", size=len(content), title={"en": title})


def test_its_staff_manage_the_photos_and_nobody_else(client_for, item, official, resident,
                                                     district_rep):
    url = reverse(MANAGE, args=["tracking.trackeditem", item.pk])
    assert client_for(official).get(url).status_code == 200
    for user in (resident, district_rep):
        assert client_for(user).get(url).status_code == 404


def test_everyone_who_sees_the_item_sees_its_documents(client_for, item, official):
    attach(item, "Site plan")
    assert "Site plan" in client_for(official).get(item.get_absolute_url()).content.decode()
    assert client_for(None).get(item.get_absolute_url()).status_code == 404
    item.published_at = item.created_at
    item.save()
    assert "Site plan" in client_for(None).get(item.get_absolute_url()).content.decode()
