"""What the moderation app shows of a reported comment (declared in ``comments/items.py``)."""

from __future__ import annotations

from typing import Any

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from participa.comments import registry
from participa.comments.models import Comment, CommentRevision
from participa.comments.selectors import comment_target
from participa.comments.views import comment_url
from participa.spaces.registry import ReportVersion as Version


def excerpt(comment: Comment) -> str:
    if comment.is_deleted:
        return _("Comment deleted")
    return Truncator(comment.body).chars(300)


def text(comment: Comment) -> str:
    return "" if comment.is_deleted else comment.body


def versions(comment: Comment) -> list[Version]:
    """Earlier published versions (kept on each edit), then the current one."""
    versions = [Version(published_at=revision.published_at, text=revision.body)
                for revision in CommentRevision.objects.filter(comment=comment)]
    if not comment.is_deleted:
        versions.append(Version(published_at=comment.edited_at or comment.created_at,
                                text=comment.body))
    return versions


def _target(comment: Comment) -> Any:
    cached = comment.__dict__.get("_participa_target")
    if cached is None:
        cached = comment_target(comment)
        comment.__dict__["_participa_target"] = cached
    return cached


def can_view(user: Any, comment: Comment) -> bool:
    target = _target(comment)
    spec = registry.get(target) if target is not None else None
    return bool(spec and spec.can_view(user, target))


def comment_address(comment: Comment) -> str:
    target = _target(comment)
    spec = registry.get(target) if target is not None else None
    return comment_url(comment, spec, target) if spec else ""


def threshold(comment: Comment) -> int | None:
    target = _target(comment)
    spec = registry.get(target) if target is not None else None
    return spec.threshold(target) if spec else None
