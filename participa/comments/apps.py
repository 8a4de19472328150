from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "participa.comments"
    label = "comments"
    verbose_name = _("Comments")

    def ready(self) -> None:
        from participa.comments import registry
        from participa.comments.reportable import register_comments
        from participa.comments.searchable import register_comment_search

        registry.connect_targets()
        register_comments()
        register_comment_search()
