from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "participa.comments"
    label = "comments"
    verbose_name = _("Comments")

    def ready(self) -> None:
        # Local import: these modules import models, loaded only once the app registry is ready.
        from participa.comments import registry
        from participa.comments.items import COMMENT_ITEM
        from participa.comments.models import Support
        from participa.comments.searchable import connect_search_signals
        from participa.core import pagecache
        from participa.spaces.registry import register_items

        register_items(COMMENT_ITEM)
        # Supports are counted on the comments' pages.
        pagecache.invalidate_on(Support, organization=pagecache.via("comment.organization_id"))
        registry.connect_targets()
        connect_search_signals()
