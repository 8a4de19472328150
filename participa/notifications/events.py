"""The sentences shown for each notification event. Apps add theirs with ``register_event``."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

EVENT_MESSAGES: dict[str, Promise] = {
    "comment.created": _("%(actor)s commented on “%(title)s”"),
    "comment.replied": _("%(actor)s replied to a comment on “%(title)s”"),
    "page.published": _("%(actor)s published “%(title)s”"),
    "page.updated": _("%(actor)s updated “%(title)s”"),
    "space.published": _("“%(title)s” has been published"),
    "space.updated": _("“%(title)s” has been updated"),
    "space.phase_changed": _("“%(title)s” has moved to a new phase"),
    "moderation.hidden": _("Content on “%(title)s” was hidden by a moderator"),
    "group.updated": _("The group “%(title)s” has news"),
}
DEFAULT_MESSAGE = _("New activity on “%(title)s”")


def register_event(name: str, message: Promise) -> None:
    """Declare the sentence for an event; ``%(actor)s`` and ``%(title)s`` are filled in."""
    EVENT_MESSAGES[name] = message


def event_message(event: str, *, actor: str, title: str) -> str:
    template: Any = EVENT_MESSAGES.get(event, DEFAULT_MESSAGE)
    return str(template) % {"actor": actor, "title": title}
