from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "participa.components.consultations"
    label = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        # Local import: the intake app's adapter table is filled once the apps are loaded.
        from participa.intake.adapters import register_adapter

        # The consultation's intake adapter (mailbox imports), for web and workers.
        register_adapter("consultations.mailbox", "participa.components.consultations."
                                                  "services.mailbox_import.ADAPTER")
