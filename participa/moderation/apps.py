from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "participa.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        # Local import: these modules import models, loaded only once the app registry is ready.
        from participa.moderation.registry import connect_targets

        connect_targets()
