from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttachmentsConfig(AppConfig):
    name = "participa.attachments"
    label = "attachments"
    verbose_name = _("Attachments")

    def ready(self) -> None:
        # Local import: these modules import models, loaded only once the app registry is ready.
        from participa.attachments.models import Attachment
        from participa.attachments.registry import connect_targets
        from participa.core import pagecache

        connect_targets()
        # A document attached to a public item shows on its page.
        pagecache.invalidate_on(Attachment, organization=pagecache.via("organization_id"))
