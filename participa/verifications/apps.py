from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationsConfig(AppConfig):
    name = "participa.verifications"
    label = "verifications"
    verbose_name = _("Verified residents")

    def ready(self) -> None:
        # Local import: services import the models, loaded only once the app registry is ready.
        from participa.core.signals import person_erased
        from participa.verifications.services import verifications_erase_person

        person_erased.connect(verifications_erase_person,
                              dispatch_uid="verifications.erase_person")
