from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "participa.tracking"
    label = "tracking"
    verbose_name = _("Implementation tracking")

    def ready(self) -> None:
        # Local import: the manifest imports the models, loaded only once the app registry is
        # ready.
        from participa.spaces.registry import register_items
        from participa.tracking.items import TRACKED_ITEM

        register_items(TRACKED_ITEM)
