"""Offline intake: a batch of uploaded files (e-mail exports today; paper surveys, paper
ballots and scanned letters later) waiting for staff to check and register it.

The files stay in private storage (``token`` names their folder); the items are read in the
background and their preview is kept here, so the preview page never parses a file.
Confirming records the items staff chose (``chosen``, in preview order) and how to register
them, and queues the registration; ``position`` is how many of ``chosen`` are handled,
advanced in the same transaction as each registration, so an interrupted batch is resumed
where it stopped. What a batch is read for (``target``: a consultation, a survey…) and how an
item becomes a record there is the business of the adapter named by ``kind``
(``participa.intake.adapters``). The batch stays until its summary is shown or it is cancelled.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BatchState(models.TextChoices):
    PARSING = "parsing", _("Reading the messages")
    READY = "ready", _("Ready to check")
    FAILED = "failed", _("Could not be read")
    REGISTERING = "registering", _("Registering the messages")
    INTERRUPTED = "interrupted", _("Registration interrupted")
    DONE = "done", _("Registered")


class IntakeBatch(models.Model):
    kind = models.CharField(max_length=60)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                   related_name="+")
    token = models.CharField(max_length=32, unique=True)
    names = models.JSONField(default=list)
    uploaded_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=12, choices=BatchState.choices,
                             default=BatchState.PARSING)
    # One row per item found (an e-mail: sender, subject, date, first line, Message-ID; no
    # body). Every row has a "source_id".
    preview = models.JSONField(default=list, blank=True)
    # Files or items that could not be read: [[code, name], …].
    problems = models.JSONField(default=list, blank=True)
    parsed_at = models.DateTimeField(null=True, blank=True)
    # Set on confirmation: the source ids to register, in order, and the staff's choices
    # (the adapter's options); ``position`` of them are handled.
    chosen = models.JSONField(null=True, blank=True)
    options = models.JSONField(default=dict, blank=True)
    left_out = models.PositiveIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)
    # The summary so far, by the adapter's count keys (registered, duplicates, failed…).
    counts = models.JSONField(default=dict, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    progressed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("intake batch")
        verbose_name_plural = _("intake batches")
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"],
                                name="intake_batch_target")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["parsing", "ready", "failed"])
                | (Q(chosen__isnull=False) & Q(confirmed_at__isnull=False)),
                name="mailbox_import_registering_is_confirmed"),
        ]

    def __str__(self) -> str:
        return ", ".join(self.names)

    @property
    def total(self) -> int:
        return len(self.chosen or [])
