from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "participa.notifications"
    label = "notifications"
    verbose_name = _("Follows and notifications")

    def ready(self) -> None:
        # Local import: services import models, which need the app registry ready.
        from participa.core.person import declare_person_fact
        from participa.core.signals import created_by_person
        from participa.notifications.selectors import unread_count_expression
        from participa.notifications.services import follow_created

        created_by_person.connect(follow_created, dispatch_uid="notifications.follow_created")
        # The header's unread count: read with the signed-in person.
        declare_person_fact("unread_notifications", unread_count_expression)
