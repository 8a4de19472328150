"""Django strings the project translates itself, over Django's own catalogues.

The project catalogues (``participa/locale``) take precedence over Django's; listing the
strings here keeps them there when ``makemessages`` runs. Nothing imports this module.

- Month names: Django's Romanian catalogue writes them with a capital ("Septembrie"); Romanian
  and Polish write them in lower case, also in dates ("18 septembrie 2026").
- File sizes: Django's Romanian catalogue says "MO"/"KO" and "octeţi" (with a cedilla);
  Romanian users read "MB"/"KB" and "octeți".
"""

from django.utils.translation import gettext_noop, ngettext

MONTHS = (
    gettext_noop("January"), gettext_noop("February"), gettext_noop("March"),
    gettext_noop("April"), gettext_noop("May"), gettext_noop("June"), gettext_noop("July"),
    gettext_noop("August"), gettext_noop("September"), gettext_noop("October"),
    gettext_noop("November"), gettext_noop("December"),
)

FILE_SIZES = (
    gettext_noop("%s KB"), gettext_noop("%s MB"), gettext_noop("%s GB"),
    gettext_noop("%s TB"), gettext_noop("%s PB"),
)


def _file_size_plural() -> str:  # pragma: no cover - only read by makemessages
    return ngettext("%(size)d byte", "%(size)d bytes", 0)
