"""Tracked items: what the city carries out, followed the same way whatever it came from.

An accepted proposal, a winning participatory-budget project, a commitment of an action plan
or a planned investment becomes a ``TrackedItem``: a status, a progress percentage,
milestones, the money planned and spent (the sum of its expenses), the responsible department
and a public history of its changes (``TrackingUpdate``). Staff write its text in the
organization's language (plain fields, as proposals store theirs). It is public once
published; its source (any model, e.g. a proposal) is linked generically, and a source is
tracked at most once (a database constraint).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.core.models import Area, Organization, Scope
from participa.spaces.models import Component


class TrackedStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PREPARATION = "preparation", _("In preparation")
    PROCUREMENT = "procurement", _("Procurement")
    IN_PROGRESS = "in_progress", _("In progress")
    SUSPENDED = "suspended", _("Suspended")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class TrackedItem(models.Model):
    """One funded or committed thing the city carries out, tracked in public."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="tracked_items")
    # Optional: the component it belongs to (its visibility then also follows the component's).
    component = models.ForeignKey(Component, on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="tracked_items")
    # Where it comes from (a proposal, a project, a commitment...): tracked at most once.
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("content_type", "object_id")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True,
                                   help_text=_("Markdown: **bold**, lists, links."))
    status = models.CharField(_("status"), max_length=12, choices=TrackedStatus.choices,
                              default=TrackedStatus.PLANNED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    department = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("responsible department"))
    scope = models.ForeignKey(Scope, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("district"))
    planned_cost = models.DecimalField(_("planned cost"), max_digits=14, decimal_places=2,
                                       null=True, blank=True)
    # The sum of its expenses, kept by the services under the item's row lock.
    spent = models.DecimalField(_("money spent"), max_digits=14, decimal_places=2, default=0)
    start_on = models.DateField(_("start date"), null=True, blank=True)
    end_on = models.DateField(_("end date"), null=True, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True,
                                   blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True,
                                    blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tracked item")
        verbose_name_plural = _("tracked items")
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "status", "-updated_at"],
                         name="tracked_item_list_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"],
                                    name="tracked_item_source_once"),
            models.CheckConstraint(
                condition=(Q(content_type__isnull=True) & Q(object_id__isnull=True))
                | (Q(content_type__isnull=False) & Q(object_id__isnull=False)),
                name="tracked_item_source_complete"),
            models.CheckConstraint(condition=~Q(title=""), name="tracked_item_has_title"),
            models.CheckConstraint(condition=Q(progress__gte=0) & Q(progress__lte=100),
                                   name="tracked_item_progress_0_100"),
            models.CheckConstraint(
                condition=Q(planned_cost__isnull=True) | Q(planned_cost__gte=0),
                name="tracked_item_planned_cost_not_negative"),
            models.CheckConstraint(condition=Q(spent__gte=0),
                                   name="tracked_item_spent_not_negative"),
            models.CheckConstraint(
                condition=Q(start_on__isnull=True) | Q(end_on__isnull=True)
                | Q(end_on__gte=F("start_on")),
                name="tracked_item_ends_after_start"),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__gte=-90) & Q(latitude__lte=90)
                   & Q(longitude__gte=-180) & Q(longitude__lte=180)),
                name="tracked_item_map_point_valid"),
            # Both coordinates or neither (the check above lets a lone NULL through).
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
                name="tracked_item_map_point_complete"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tracking:detail", args=[self.pk])

    @property
    def space(self) -> Any:
        """The space of its component (None for an item outside components)."""
        return self.component.space if self.component is not None else None

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Milestone(models.Model):
    """A step of a tracked item, with its due date and the day it was done."""

    item = models.ForeignKey(TrackedItem, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"))

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "position"],
                                    name="milestone_position_unique"),
            models.CheckConstraint(condition=~Q(title=""), name="milestone_has_title"),
        ]

    def __str__(self) -> str:
        return self.title


class Expense(models.Model):
    """Money spent on a tracked item (an invoice, a payment): ``TrackedItem.spent`` is their
    sum."""

    item = models.ForeignKey(TrackedItem, on_delete=models.CASCADE, related_name="expenses")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    spent_on = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    # An invoice or payment order number, a contract: how an auditor finds the paper.
    document = models.CharField(_("document reference"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["spent_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expense_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} ({self.spent_on})"


class TrackingUpdate(models.Model):
    """One line of a tracked item's public history: a note, and the status and progress
    before and after."""

    item = models.ForeignKey(TrackedItem, on_delete=models.CASCADE, related_name="updates")
    created_at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+")
    text = models.TextField(_("note"), blank=True)
    status_before = models.CharField(max_length=12, choices=TrackedStatus.choices)
    status_after = models.CharField(max_length=12, choices=TrackedStatus.choices)
    progress_before = models.PositiveSmallIntegerField()
    progress_after = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_before__lte=100) & Q(progress_after__lte=100),
                name="tracking_update_progress_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.status_before} → {self.status_after}"

    @property
    def status_changed(self) -> bool:
        return self.status_before != self.status_after

    @property
    def progress_changed(self) -> bool:
        return self.progress_before != self.progress_after
