from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "participa.spaces"
    label = "spaces"
    verbose_name = _("Participatory spaces")

    def ready(self) -> None:
        from participa.spaces import registry
        from participa.spaces.items import SPACE_ITEM

        registry.register_items(SPACE_ITEM)
        registry.discover()
