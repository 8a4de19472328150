"""Comments on any commentable object (generic target), in threads two replies deep."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.core.models import Organization, UserGroup
from participa.spaces.models import Space

MAX_DEPTH = 2


class Alignment(models.TextChoices):
    NONE = "", _("No position")
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    NEUTRAL = "neutral", _("Neutral")


class Comment(models.Model):
    """A comment; ``thread`` is the top-level comment (None for top-level ones)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="comments")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="comments")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="comments")
    user_group = models.ForeignKey(UserGroup, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="comments", verbose_name=_("on behalf of"))
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="replies")
    thread = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="thread_comments")
    depth = models.PositiveSmallIntegerField(default=0)
    alignment = models.CharField(_("your position"), max_length=10, choices=Alignment.choices,
                                 default=Alignment.NONE, blank=True)
    body = models.TextField(_("comment"), max_length=5000, blank=True)
    support_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    # Not stored: set by the selectors on the comments a page shows (selectors._decorate).
    is_hidden: bool
    hidden_reason: str
    children: list[Comment]

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(depth__lte=MAX_DEPTH), name="comment_max_depth"),
            models.CheckConstraint(
                condition=(Q(depth=0, parent__isnull=True, thread__isnull=True)
                           | Q(depth__gt=0, parent__isnull=False, thread__isnull=False)),
                name="comment_parent_matches_depth",
            ),
            models.CheckConstraint(
                condition=Q(alignment__in=["", "for", "against", "neutral"]),
                name="comment_alignment_valid",
            ),
            models.CheckConstraint(condition=~Q(body="") | Q(deleted_at__isnull=False),
                                   name="comment_body_unless_deleted"),
        ]
        indexes = [
            models.Index(fields=["target_type", "target_id", "depth", "created_at"],
                         name="comment_target_roots"),
            models.Index(fields=["target_type", "target_id", "depth", "-support_count"],
                         name="comment_target_support"),
        ]

    def __str__(self) -> str:
        return f"{_('Comment')} #{self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_edited(self) -> bool:
        return self.edited_at is not None


class Support(models.Model):
    """One person supports (upvotes) a comment once."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="comment_supports")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="comment_support_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} supports {self.comment}"


class CommentRevision(models.Model):
    """An earlier published version of an edited comment (moderators compare it with the
    version that was reported). Removed with the comment's text when its author deletes it."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(max_length=5000)
    alignment = models.CharField(max_length=10, choices=Alignment.choices, blank=True)
    published_at = models.DateTimeField()
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("earlier version of a comment")
        verbose_name_plural = _("earlier versions of comments")
        ordering = ["published_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(replaced_at__gte=models.F("published_at")),
                                   name="comment_revision_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.comment} @ {self.published_at:%Y-%m-%d %H:%M}"
