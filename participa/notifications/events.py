"""The sentences shown for each notification event.

Items declare theirs in the manifest (``ItemSpec.events``, ``participa/spaces/registry.py``);
the events of the shared apps themselves (comments, moderation, groups) are listed here.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from participa.spaces.registry import all_item_specs

EVENT_MESSAGES: dict[str, Promise] = {
    "comment.created": _("%(actor)s commented on “%(title)s”"),
    "comment.replied": _("%(actor)s replied to a comment on “%(title)s”"),
    "moderation.hidden": _("Content on “%(title)s” was hidden by a moderator"),
    "group.updated": _("The group “%(title)s” has news"),
}
DEFAULT_MESSAGE = _("New activity on “%(title)s”")


def event_messages() -> dict[str, Any]:
    """Every known event and its sentence: the shared apps' and the declared items'."""
    messages: dict[str, Any] = dict(EVENT_MESSAGES)
    for item in all_item_specs():
        messages.update(item.events)
    return messages


def event_message(event: str, *, actor: str, title: str) -> str:
    """The sentence for ``event``; ``%(actor)s`` and ``%(title)s`` are filled in."""
    template: Any = event_messages().get(event, DEFAULT_MESSAGE)
    return str(template) % {"actor": actor, "title": title}
