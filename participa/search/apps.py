from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "participa.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # Local import: these modules import models, loaded only once the app registry is ready.
        from participa.search.registry import load_manifest
        from participa.search.services import connect_signals

        load_manifest()
        connect_signals()
        post_migrate.connect(_ensure_fts, sender=self, dispatch_uid="participa.search.ensure_fts")


def _ensure_fts(using: str = "default", **kwargs: Any) -> None:
    # Local import: runs after migrate; apps.py loads before the app registry is ready.
    from participa.search.fts import ensure_fts

    ensure_fts(connections[using])
