from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RedactionConfig(AppConfig):
    name = "participa.redaction"
    label = "redaction"
    verbose_name = _("Redaction review")
