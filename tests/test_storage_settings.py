"""Object storage from the environment (docs/configuration.md, "Static and media files").

Each test imports the settings in a fresh process with only the variables it sets.
"""

from __future__ import annotations

import json

from tests.test_settings import run

PRINT_STORAGES = """
import json
import django
from django.conf import settings
django.setup()
from django.core.files.storage import storages
from participa.attachments.storage import attachment_storage
default = storages["default"]
attachments = attachment_storage()
print(json.dumps({
    "storages": {name: settings.STORAGES[name] for name in settings.STORAGES
                 if name != "staticfiles"},
    "default": [type(default).__module__ + "." + type(default).__name__,
                getattr(default, "bucket_name", None), getattr(default, "endpoint_url", None)],
    "attachments": [type(attachments).__name__, getattr(attachments, "bucket_name", None),
                    getattr(attachments, "default_acl", None)],
}))
"""

S3 = {
    "SECRET_KEY": "x", "STORAGE_BACKEND": "s3",
    "AWS_STORAGE_BUCKET_NAME": "participa-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.test",
    "AWS_S3_REGION_NAME": "eu-central-1",
}


def storages_with(**variables: str) -> dict:
    result = run(["-c", PRINT_STORAGES], **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_it_stores_files_on_disk_by_default():
    found = storages_with(SECRET_KEY="x")
    assert found["storages"] == {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    assert found["default"] == [
        "django.core.files.storage.filesystem.FileSystemStorage", None, None]
    assert found["attachments"] == ["PrivateFileStorage", None, None]


def test_it_puts_media_in_the_s3_bucket_from_the_environment():
    found = storages_with(**S3, AWS_S3_CUSTOM_DOMAIN="media.example.test",
                          AWS_QUERYSTRING_AUTH="0")
    assert found["storages"] == {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "endpoint_url": "https://s3.example.test",
                "region_name": "eu-central-1",
                "file_overwrite": False,
                "bucket_name": "participa-media",
                "custom_domain": "media.example.test",
                "querystring_auth": False,
            },
        },
    }
    assert found["default"] == [
        "storages.backends.s3.S3Storage", "participa-media", "https://s3.example.test"]
    # Without a private bucket of their own, attachments stay in ATTACHMENT_ROOT.
    assert found["attachments"] == ["PrivateFileStorage", None, None]


def test_it_puts_attachments_in_their_private_bucket():
    found = storages_with(**S3, AWS_ATTACHMENTS_BUCKET_NAME="participa-private")
    assert found["storages"]["attachments"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "endpoint_url": "https://s3.example.test",
            "region_name": "eu-central-1",
            "file_overwrite": False,
            "bucket_name": "participa-private",
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
    assert found["storages"]["default"]["OPTIONS"]["querystring_auth"] is True
    assert found["attachments"] == ["S3Storage", "participa-private", "private"]


def test_it_refuses_s3_without_a_bucket():
    result = run(["-c", PRINT_STORAGES], SECRET_KEY="x", STORAGE_BACKEND="s3")
    assert result.returncode == 1
    assert "STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME." in result.stderr


def test_it_refuses_an_unknown_backend():
    result = run(["-c", PRINT_STORAGES], SECRET_KEY="x", STORAGE_BACKEND="ftp")
    assert result.returncode == 1
    assert "STORAGE_BACKEND must be local or s3." in result.stderr
