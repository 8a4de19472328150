"""Where attachment files live: outside MEDIA_ROOT, so the web server never serves them directly.

Every download goes through ``views.download``, which checks who may see the file. With object
storage, declare a private bucket as ``STORAGES["attachments"]`` and it is used instead.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages


class PrivateFileStorage(FileSystemStorage):
    """Files under ``settings.ATTACHMENT_ROOT``; they have no public address."""

    @property
    def base_location(self) -> str:
        return str(settings.ATTACHMENT_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Attachments have no public address; link to the download view.")


def attachment_storage() -> Storage:
    if "attachments" in settings.STORAGES:
        return storages["attachments"]
    return PrivateFileStorage()
