"""Upkeep: files go when their attachment goes; attachments go when their target goes."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.signals import post_delete

from participa.attachments.models import Attachment


def delete_file(sender: type[Attachment], instance: Attachment, **kwargs: Any) -> None:
    name = instance.file.name
    if not name:
        return
    storage = instance.file.storage
    transaction.on_commit(lambda: storage.delete(name))


def delete_target_attachments(sender: type[models.Model], instance: models.Model,
                              **kwargs: Any) -> None:
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=True)
    Attachment.objects.filter(content_type=content_type, object_id=instance.pk).delete()


def connect_target(model: type[models.Model]) -> None:
    post_delete.connect(delete_target_attachments, sender=model, weak=False,
                        dispatch_uid=f"participa.attachments:{model._meta.label_lower}")


post_delete.connect(delete_file, sender=Attachment, dispatch_uid="participa.attachments:file")
