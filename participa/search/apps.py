from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "participa.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from participa.search.kinds import register_core_kinds

        register_core_kinds()
