"""Month names the project translates itself, over Django's catalogues.

Django's Romanian catalogue writes month names with a capital ("Septembrie"); in Romanian (and
Polish) they are written in lower case, also in dates ("18 septembrie 2026"). Listing the
names here keeps them in the project catalogues (``makemessages``), which take precedence over
Django's. Nothing imports this module.
"""

from django.utils.translation import gettext_noop

MONTHS = (
    gettext_noop("January"), gettext_noop("February"), gettext_noop("March"),
    gettext_noop("April"), gettext_noop("May"), gettext_noop("June"), gettext_noop("July"),
    gettext_noop("August"), gettext_noop("September"), gettext_noop("October"),
    gettext_noop("November"), gettext_noop("December"),
)
