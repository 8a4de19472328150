"""Follows, in-app notifications, e-mail deliveries (with retries) and newsletters."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.core.i18n import translated
from participa.core.models import Area, Organization, Scope
from participa.notifications.events import event_message

# How often a person gets their notifications by e-mail (``User.notification_preferences``).
EMAIL_FREQUENCIES = ("immediately", "daily", "weekly", "none")
DEFAULT_FREQUENCY = "daily"


class Follow(models.Model):
    """A person follows a space, a component item, a user group or another person."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="follows")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    automatic = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"],
                                    name="follow_unique"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.content_type_id}#{self.object_id}"


class Notification(models.Model):
    """One thing that happened, for one person (in-app list; e-mailed per preference)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="notifications")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="notifications")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+")
    event = models.CharField(max_length=80)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, null=True, blank=True,
                              related_name="+")
    # What the notification points at, frozen when it happened (multilingual {lang: text}).
    target_title = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Waiting to be e-mailed (immediately or in the next digest); cleared once it is in an
    # e-mail delivery record (which then carries the retries).
    email_pending = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True),
                         name="notification_unread"),
            models.Index(fields=["recipient", "created_at"], condition=Q(email_pending=True),
                         name="notification_email_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.event} for {self.recipient_id}"

    @property
    def title(self) -> str:
        return translated(self.target_title)

    @property
    def message(self) -> str:
        actor = self.actor.public_name if self.actor_id and self.actor else ""
        return event_message(self.event, actor=actor, title=self.title)


class EmailDelivery(models.Model):
    """One e-mail to one person, kept until it is sent: retried with backoff, never lost."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    class Kind(models.TextChoices):
        NOTIFICATION = "notification", _("Notification")
        DIGEST = "digest", _("Digest")
        NEWSLETTER = "newsletter", _("Newsletter")
        TEST = "test", _("Test")
        ACCOUNT = "account", _("Account e-mail")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="email_deliveries")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    to_email = models.EmailField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    newsletter = models.ForeignKey("Newsletter", on_delete=models.CASCADE, null=True,
                                   blank=True, related_name="deliveries")
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail delivery")
        verbose_name_plural = _("e-mail deliveries")
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(status="pending"),
                         name="email_delivery_due"),
            models.Index(fields=["newsletter", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to_email} ({self.status})"


class NewsletterAudience(models.TextChoices):
    ALL = "all", _("Everyone who subscribed to the newsletter")
    SPACE = "space", _("Followers of a participatory space")
    SCOPE = "scope", _("Followers of spaces in a scope")
    AREA = "area", _("Followers of spaces in an area")


class Newsletter(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="newsletters")
    subject = models.JSONField(_("subject"), default=dict)
    body = models.JSONField(_("text"), default=dict, blank=True,
                            help_text=_("Markdown: **bold**, *italic*, lists and links."))
    audience = models.CharField(_("recipients"), max_length=10,
                                choices=NewsletterAudience.choices,
                                default=NewsletterAudience.ALL)
    space = models.ForeignKey("spaces.Space", on_delete=models.SET_NULL, null=True, blank=True,
                              verbose_name=_("participatory space"), related_name="+")
    scope = models.ForeignKey(Scope, on_delete=models.SET_NULL, null=True, blank=True,
                              verbose_name=_("scope"), related_name="+")
    area = models.ForeignKey(Area, on_delete=models.SET_NULL, null=True, blank=True,
                             verbose_name=_("area"), related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    total = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return translated(self.subject) or str(_("Newsletter"))
