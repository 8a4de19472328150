from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The top layer: pages and commands that gather every layer below (the home page, a
    person's data from every component, the demo city). Nothing imports it but the URLconf."""

    name = "participa.site"
    label = "site"
    verbose_name = _("Public site")
