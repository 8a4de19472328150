from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "participa.comments"
    label = "comments"
    verbose_name = _("Comments")

    def ready(self) -> None:
        from participa.comments import registry
        from participa.comments.items import COMMENT_ITEM
        from participa.comments.searchable import connect_search_signals
        from participa.spaces.registry import register_items

        register_items(COMMENT_ITEM)
        registry.connect_targets()
        connect_search_signals()
