"""Reads of comments: a target's threads page by page, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from participa.comments import registry
from participa.comments.models import Comment, Support
from participa.moderation.selectors import moderation_annotations

ORDERS: dict[str, tuple[str, ...]] = {
    "oldest": ("created_at", "id"),
    "newest": ("-created_at", "-id"),
    "supported": ("-support_count", "created_at", "id"),
}
DEFAULT_ORDER = "oldest"


def threads_per_page() -> int:
    return int(getattr(settings, "COMMENTS_PER_PAGE", 20))


def comments_for_target(target: Any) -> QuerySet[Comment]:
    """Every comment of ``target`` with author, group and moderation state (no access check)."""
    content_type = ContentType.objects.get_for_model(target)
    return (
        Comment.objects.filter(target_type=content_type, target_id=target.pk)
        .select_related("author", "user_group")
        .annotate(**moderation_annotations(Comment))
    )


def _decorate(comment: Comment) -> Comment:
    hidden_at = getattr(comment, "moderation_hidden_at", None)
    blocked = bool(getattr(comment, "author_blocked", False))
    comment.is_hidden = hidden_at is not None or blocked
    comment.hidden_reason = (
        "" if blocked else (getattr(comment, "moderation_hidden_reason", "") or "")
    )
    comment.children = []
    return comment


@dataclass
class CommentThreads:
    page_obj: PaginatorPage[Comment]
    threads: list[Comment]
    total: int
    supported_ids: set[int]
    order: str


def comment_threads(user: Any, target: Any, *, order: str = DEFAULT_ORDER,
                    page: Any = 1) -> CommentThreads:
    """One page of top-level comments with all their replies (nested), the total number of
    comments and the ids the visitor supports: two queries whatever the number of comments."""
    if order not in ORDERS:
        order = DEFAULT_ORDER
    base = comments_for_target(target)
    roots = base.filter(depth=0).order_by(*ORDERS[order])
    # Both numbers in one query: the top-level comments (for the paginator) and every
    # comment not deleted (the total shown).
    counts = base.aggregate(roots=Count("pk", filter=Q(depth=0)),
                            total=Count("pk", filter=Q(deleted_at__isnull=True)))
    paginator = Paginator(roots, threads_per_page())
    paginator.__dict__["count"] = counts["roots"]  # the paginator's cached count
    page_obj = paginator.get_page(page)
    # The page's top-level comments and all their replies in one query (the page's ids as a
    # subquery); the top-level ones come in the chosen order, the replies oldest first.
    # Whether the visitor supports each of them is a column of the same query.
    rows: list[Comment] = []
    if counts["roots"]:
        page_ids = roots[page_obj.start_index() - 1:page_obj.end_index()].values("pk")
        page_rows = base.filter(Q(pk__in=page_ids) | Q(thread_id__in=page_ids))
        if user.is_authenticated:
            page_rows = page_rows.annotate(supported_by_viewer=Exists(
                Support.objects.filter(user=user, comment_id=OuterRef("pk"))))
        rows = [_decorate(c) for c in page_rows.order_by(*ORDERS[order])]
    threads = [c for c in rows if c.depth == 0]
    page_obj.object_list = threads
    by_id = {c.pk: c for c in threads}
    if threads:
        replies = sorted((c for c in rows if c.depth != 0), key=lambda c: (c.created_at, c.pk))
        for reply in replies:
            by_id[reply.pk] = reply
        for reply in replies:
            parent = by_id.get(reply.parent_id or 0)
            if parent is not None:
                parent.children.append(reply)
    total = counts["total"] if threads else 0
    supported = {c.pk for c in rows if getattr(c, "supported_by_viewer", False)}
    return CommentThreads(page_obj=page_obj, threads=threads, total=total,
                          supported_ids=supported, order=order)


def comment_page_number(comment: Comment) -> int:
    """The page of the default (oldest first) order that shows ``comment``'s thread."""
    root = comment.thread if comment.thread_id else comment
    assert root is not None
    before = Comment.objects.filter(
        target_type_id=root.target_type_id, target_id=root.target_id, depth=0,
    ).filter(Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, id__lt=root.pk))
    return before.count() // threads_per_page() + 1


def comment_get(org: Any, pk: int) -> Comment | None:
    """A comment of ``org`` with its moderation state (no access check: see permissions)."""
    comment = (
        Comment.objects.filter(organization=org, pk=pk)
        .select_related("author", "user_group", "organization", "target_type", "thread")
        .annotate(**moderation_annotations(Comment))
        .first()
    )
    return _decorate(comment) if comment is not None else None


def comment_target(comment: Comment) -> Any:
    """The commented object, loaded the way its registered spec asks (None if gone)."""
    model = comment.target_type.model_class()
    spec = registry.get(model) if model is not None else None
    if spec is None:
        return None
    return spec.queryset().filter(pk=comment.target_id).first()
