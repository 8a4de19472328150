"""Files attached to a space or to any item (generic target)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.attachments.storage import attachment_storage
from participa.core.i18n import translated
from participa.core.models import Organization
from participa.spaces.models import Space


class FileKind(models.TextChoices):
    PDF = "pdf", _("PDF document")
    DOCX = "docx", _("Word document (DOCX)")
    ODT = "odt", _("OpenDocument text (ODT)")
    XLSX = "xlsx", _("Excel spreadsheet (XLSX)")
    ODS = "ods", _("OpenDocument spreadsheet (ODS)")
    CSV = "csv", _("CSV table")
    PNG = "png", _("PNG image")
    JPEG = "jpeg", _("JPEG image")
    EML = "eml", _("E-mail message (EML)")


MIME_TYPES: dict[str, str] = {
    FileKind.PDF: "application/pdf",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.ODT: "application/vnd.oasis.opendocument.text",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    FileKind.CSV: "text/csv; charset=utf-8",
    FileKind.PNG: "image/png",
    FileKind.JPEG: "image/jpeg",
    FileKind.EML: "message/rfc822",
}

# The file name extensions each kind may carry (the first one is used for stored files).
EXTENSIONS: dict[str, tuple[str, ...]] = {
    FileKind.PDF: (".pdf",),
    FileKind.DOCX: (".docx",),
    FileKind.ODT: (".odt",),
    FileKind.XLSX: (".xlsx",),
    FileKind.ODS: (".ods",),
    FileKind.CSV: (".csv",),
    FileKind.PNG: (".png",),
    FileKind.JPEG: (".jpg", ".jpeg"),
    FileKind.EML: (".eml",),
}

IMAGE_KINDS = frozenset({FileKind.PNG, FileKind.JPEG})


def attachment_upload_to(instance: Attachment, filename: str) -> str:
    """Stored names never come from the uploader: organization, random id, checked extension."""
    extension = EXTENSIONS.get(instance.kind, ("",))[0]
    return f"{instance.organization_id}/{uuid.uuid4().hex}{extension}"


class Attachment(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="attachments")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # The space the target lives in (the space itself for a space's attachments): permissions
    # and statistics read it without loading the target.
    space = models.ForeignKey(Space, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="attachments")
    title = models.JSONField(_("title"), default=dict)
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=255,
                            storage=attachment_storage)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=10, choices=FileKind.choices)
    size = models.PositiveBigIntegerField(_("size"))
    position = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=[kind.value for kind in FileKind]),
                name="attachment_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return translated(self.title) or self.original_name

    def get_absolute_url(self) -> str:
        return reverse("attachments:download", args=[self.pk])

    @property
    def mime_type(self) -> str:
        return MIME_TYPES[self.kind]

    @property
    def is_image(self) -> bool:
        return self.kind in IMAGE_KINDS

    def extension_label(self) -> str:
        return str(self.kind).upper()
