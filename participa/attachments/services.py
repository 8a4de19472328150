"""Every write on attachments: typed, keyword-only, atomic, audited."""

from __future__ import annotations

import os
import re
import unicodedata
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import models, transaction
from django.db.models import Max

from participa.attachments.images import reencode_image
from participa.attachments.models import IMAGE_KINDS, Attachment
from participa.attachments.registry import target_spec_for
from participa.attachments.validation import inspect_upload
from participa.core.actions import AuditAction
from participa.core.audit import audited_create, audited_delete
from participa.core.models import User

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
_UNSAFE = re.compile(r'[<>:"/\\|?*;]')


def max_bytes() -> int:
    return int(getattr(settings, "ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def safe_file_name(name: str, max_length: int = 150) -> str:
    """The uploader's file name without folders, control characters or shell/HTTP specials."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = " ".join(_UNSAFE.sub("_", name).split()).strip(". ")
    stem, extension = os.path.splitext(name)
    if len(name) > max_length:
        name = stem[: max_length - len(extension)] + extension
    return name or "file"


def _clean_texts(value: dict[str, str]) -> dict[str, str]:
    return {code: text.strip() for code, text in value.items() if text and text.strip()}


@transaction.atomic
def attachment_create(
    *,
    acting_user: User | None,
    target: models.Model,
    file: IO[bytes] | File[Any],
    file_name: str,
    size: int,
    title: dict[str, str],
) -> Attachment:
    """Check the file (content, not name; size limit), strip image metadata and attach it.

    Raises ``ValidationError`` with a message for the person when the file is refused.
    """
    spec = target_spec_for(target)
    if spec is None:
        raise ValueError(f"{target._meta.label} cannot carry attachments.")
    space = spec.space(target)
    # A target outside spaces (a tracked item of the organization) belongs to its
    # organization all the same.
    organization = (space.organization if space is not None
                    else spec.item.organization_of(target))
    if organization is None:
        raise ValueError("An attachment's target must belong to an organization.")
    name = safe_file_name(file_name)
    inspection = inspect_upload(file, name=name, size=size, max_bytes=max_bytes())
    if inspection.kind in IMAGE_KINDS:
        content = reencode_image(file, inspection.kind)
        stored: File[Any] = ContentFile(content, name=name)
        size = len(content)
    else:
        file.seek(0)
        stored = file if isinstance(file, File) else File(file, name=name)
    last = (
        Attachment.objects.filter(content_type__app_label=target._meta.app_label,
                                  content_type__model=target._meta.model_name,
                                  object_id=target.pk)
        .aggregate(last=Max("position"))["last"]
    )
    stem = os.path.splitext(name)[0]
    attachment: Attachment = audited_create(
        Attachment,
        organization=organization,
        actor=acting_user,
        action=AuditAction.ATTACHMENT_CREATE,
        values={
            "organization": organization,
            "target": target,
            "space": space,
            "title": _clean_texts(title) or {organization.default_language: stem},
            "file": stored,
            "original_name": name,
            "kind": inspection.kind,
            "size": size,
            "position": 0 if last is None else last + 1,
            "uploaded_by": acting_user if acting_user is not None and acting_user.pk else None,
        },
    )
    return attachment


@transaction.atomic
def attachment_delete(*, acting_user: User | None, attachment: Attachment) -> None:
    """Remove the attachment; its file is deleted once the transaction has committed
    (``signals.delete_file``)."""
    audited_delete(attachment, organization=attachment.organization, actor=acting_user,
                   action=AuditAction.ATTACHMENT_DELETE)
