"""Moderation: reports on any content, a review state per reported object, and blocked people.

One ``Moderation`` row per reported object (generic relation: content type + id) holds the
report count and whether the object is hidden, so every reportable type reuses the same queue.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from participa.core.models import Organization
from participa.spaces.models import Space


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    OFFENSIVE = "offensive", _("Offensive, insulting or hateful")
    PERSONAL_DATA = "personal_data", _("Contains personal data")
    OFF_TOPIC = "off_topic", _("Off-topic")
    OTHER = "other", _("Other")


class Moderation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        REVIEWED = "reviewed", _("Reviewed")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="moderations")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="moderations")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    report_count = models.PositiveIntegerField(default=0)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(_("reason shown publicly"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_reported_at = models.DateTimeField(default=timezone.now)

    # Not stored: set by the queue's views on the rows they show (views._attach_objects).
    target: Any
    excerpt: str
    author: Any
    type_label: str | Promise | None

    class Meta:
        verbose_name = _("moderation")
        verbose_name_plural = _("moderations")
        ordering = ["-last_reported_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"],
                                    name="moderation_one_per_object"),
        ]
        indexes = [models.Index(fields=["organization", "status", "-last_reported_at"])]

    def __str__(self) -> str:
        return f"{self.content_type.model} #{self.object_id}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def hidden_automatically(self) -> bool:
        return self.hidden_at is not None and self.hidden_by_id is None


class Report(models.Model):
    moderation = models.ForeignKey(Moderation, on_delete=models.CASCADE, related_name="reports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="moderation_reports")
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    note = models.TextField(_("details"), blank=True, max_length=1000)
    # The published text of the object when it was reported (it may be edited afterwards).
    snapshot = models.TextField(_("text as reported"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["moderation", "user"], name="report_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.moderation})"


class Block(models.Model):
    """A person blocked in an organization: they cannot post, and their content is hidden."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="blocks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="blocks")
    reason = models.CharField(_("reason"), max_length=300)
    blocked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("blocked person")
        verbose_name_plural = _("blocked people")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="block_once_per_org"),
            models.CheckConstraint(condition=~Q(reason=""), name="block_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.user} blocked"
