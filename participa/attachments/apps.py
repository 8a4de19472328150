from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttachmentsConfig(AppConfig):
    name = "participa.attachments"
    label = "attachments"
    verbose_name = _("Attachments")

    def ready(self) -> None:
        from participa.attachments.registry import connect_targets

        connect_targets()
