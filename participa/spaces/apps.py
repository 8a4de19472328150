from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

# The spaces' own models whose rows show on public pages, with the attribute path from a row to
# its organization's id. Spaces are an item (spaces/items.py) and every component's items and
# ``public_models`` are declared by the manifests: registering them wires the page cache.
PUBLIC_MODELS = {
    "spaces.Phase": "space.organization_id",
    "spaces.SpaceMembership": "space.organization_id",
    "spaces.Component": "space.organization_id",
}


class SpacesConfig(AppConfig):
    name = "participa.spaces"
    label = "spaces"
    verbose_name = _("Participatory spaces")

    def ready(self) -> None:
        # Local import: the registry reads the component apps, loaded only once the app
        # registry is ready.
        from django.db.models import OuterRef

        from participa.core import pagecache
        from participa.core.person import JSONRows, declare_person_fact
        from participa.spaces import registry
        from participa.spaces.items import SPACE_ITEM
        from participa.spaces.models import SpaceMembership

        registry.register_items(SPACE_ITEM)
        registry.discover()
        declare_person_fact("space_roles", lambda: JSONRows(
            SpaceMembership.objects.filter(user=OuterRef("pk")), "space__organization_id",
            "space_id", "role"))
        for label, path in PUBLIC_MODELS.items():
            pagecache.invalidate_on(apps.get_model(label), organization=pagecache.via(path))
