from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "participa.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        # Local import: these modules import models, loaded only once the app registry is ready.
        from django.db.models import Exists, OuterRef

        from participa.core.person import declare_person_fact
        from participa.moderation.models import Block
        from participa.moderation.registry import connect_targets

        connect_targets()
        # Blocked in their own organization: read with the signed-in person.
        declare_person_fact("blocked", lambda: Exists(Block.objects.filter(
            user=OuterRef("pk"), organization=OuterRef("organization_id"))))
