"""Who may download attachments and who may add or remove them."""

from __future__ import annotations

from typing import Any

from django.db import models

from participa.attachments.models import Attachment
from participa.attachments.registry import target_spec_for


def can_view_target_attachments(user: Any, target: models.Model) -> bool:
    spec = target_spec_for(target)
    return spec is not None and spec.can_view(user, target)


def can_manage_attachments(user: Any, target: models.Model) -> bool:
    """Staff of the target's space (space managers, officials of its area, administrators)."""
    spec = target_spec_for(target)
    return spec is not None and spec.can_manage(user, target)


def can_view_file(user: Any, attachment: Attachment, target: models.Model) -> bool:
    """The target's own rule for one of its files (every file, unless the target says)."""
    spec = target_spec_for(target)
    return spec is not None and (spec.can_view_file is None
                                 or spec.can_view_file(user, target, attachment))


def can_download_attachment(user: Any, attachment: Attachment, target: models.Model) -> bool:
    """Whoever may see the target (members-only and unpublished spaces need permission), and
    the file itself when the target narrows it."""
    return (can_view_target_attachments(user, target)
            and can_view_file(user, attachment, target))
