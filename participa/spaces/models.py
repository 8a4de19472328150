"""Participatory spaces (processes with phases, assemblies with members) and their components."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Case, CharField, DateField, Exists, F, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.core.i18n import translated
from participa.core.models import Area, Organization, Scope


class SpaceKind(models.TextChoices):
    PROCESS = "process", _("Participatory process")
    ASSEMBLY = "assembly", _("Assembly")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")


class SpaceQuerySet(models.QuerySet["Space"]):
    def published(self) -> SpaceQuerySet:
        return self.filter(published_at__isnull=False)

    def with_status(self, today: datetime.date | None = None) -> SpaceQuerySet:
        """Annotate ``status_value`` (active / upcoming / past): the one definition of a
        space's state, which ``Space.state()`` reads.

        Assemblies are always active. A process with a phase set by hand is active; otherwise
        it is upcoming while it has no phases or before its first phase starts, past after its
        last phase ends, and active in between (also between two phases).
        """
        today = today or timezone.localdate()
        phases = Phase.objects.filter(space=OuterRef("pk"))
        return self.annotate(
            status_value=Case(
                When(~Q(kind=SpaceKind.PROCESS), then=Value("active")),
                When(active_phase_manual__isnull=False, then=Value("active")),
                When(~Exists(phases.filter(start_date__lte=today)), then=Value("upcoming")),
                When(~Exists(phases.filter(end_date__gte=today)), then=Value("past")),
                default=Value("active"),
                output_field=CharField(),
            ),
            status_on=Value(today, output_field=DateField()),
        )

    def filter_status(self, status: str, today: datetime.date | None = None) -> SpaceQuerySet:
        """Spaces whose ``with_status()`` value is ``status``."""
        return self.with_status(today).filter(Q(status_value=status))


class Space(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="spaces")
    kind = models.CharField(_("type"), max_length=10, choices=SpaceKind.choices)
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    title = models.JSONField(_("title"), default=dict)
    subtitle = models.JSONField(_("subtitle"), default=dict, blank=True)
    description = models.JSONField(_("description"), default=dict, blank=True)
    scope = models.ForeignKey(Scope, on_delete=models.PROTECT, null=True, blank=True,
                              verbose_name=_("scope"), related_name="spaces")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True,
                             verbose_name=_("area"), related_name="spaces")
    hero_image = models.ImageField(_("hero image"), upload_to="spaces/hero/", blank=True)
    hero_image_alt = models.JSONField(_("hero image description"), default=dict, blank=True)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices,
                                  default=Visibility.PUBLIC)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    active_phase_manual = models.ForeignKey(
        "Phase", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("active phase set by hand"),
        help_text=_("Leave empty to follow the phases' dates."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = SpaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("participatory space")
        verbose_name_plural = _("participatory spaces")
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="space_slug_unique"),
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return translated(self.title) or self.slug

    def get_absolute_url(self) -> str:
        return reverse("spaces:space_detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_process(self) -> bool:
        return self.kind == SpaceKind.PROCESS

    def active_phase(self, today: datetime.date | None = None) -> Phase | None:
        """The phase set by hand, else the one whose dates contain today.

        Uses the prefetched ``phases`` when present, so list pages stay at a fixed query count.
        """
        phases = list(self.phases.all())
        if self.active_phase_manual_id:
            for phase in phases:
                if phase.pk == self.active_phase_manual_id:
                    return phase
        today = today or timezone.localdate()
        for phase in phases:
            if phase.start_date <= today <= phase.end_date:
                return phase
        return None

    def state(self, today: datetime.date | None = None) -> str:
        """upcoming / active / past, as ``SpaceQuerySet.with_status()`` computes it.

        Reads the annotated value when the space was loaded with it for the same day (lists
        do); otherwise asks the database (one query), so the rule is written once.
        """
        annotated = self.__dict__.get("status_value")
        if annotated is not None and (today is None or today == self.__dict__.get("status_on")):
            return str(annotated)
        if self.pk is None:
            raise ValueError("The status of an unsaved space is not computed.")
        today = today or timezone.localdate()
        value = (Space.objects.filter(pk=self.pk).with_status(today)
                 .values_list(F("status_value"), flat=True).first())
        return str(value)


class Phase(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="phases")
    title = models.JSONField(_("title"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["position", "start_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")),
                                   name="phase_dates_ordered"),
        ]

    def __str__(self) -> str:
        return translated(self.title)

    def is_active(self) -> bool:
        return self.space.active_phase() == self


class SpaceMembership(models.Model):
    """A person's role in a space: manager (runs it) or member (of an assembly / private space)."""

    class Role(models.TextChoices):
        MANAGER = "manager", _("Space manager")
        MEMBER = "member", _("Member")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="space_memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    position = models.CharField(
        _("position"), max_length=120, blank=True,
        help_text=_("Shown on the assembly page, e.g. chair, secretary, NGO representative."),
    )
    is_public = models.BooleanField(_("shown on the space page"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "user"], name="space_membership_unique"),
        ]
        ordering = ["role", "id"]

    def __str__(self) -> str:
        return f"{self.user} in {self.space}"


class Component(models.Model):
    """One participation tool inside a space (its type comes from the component registry)."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="components")
    type = models.CharField(_("type"), max_length=40)
    name = models.JSONField(_("name"), default=dict)
    position = models.PositiveIntegerField(_("position"), default=0)
    settings = models.JSONField(default=dict, blank=True)
    phase_settings = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return translated(self.name) or self.type

    def get_absolute_url(self) -> str:
        return reverse(f"spaces:{self.type}:index", args=[self.space.slug, self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def spec(self) -> Any:
        # Local import: cycle: the registry imports the visibility rules, which import these models.
        from participa.spaces.registry import get_spec

        return get_spec(self.type)

    def setting(self, name: str) -> Any:
        spec = self.spec
        default = spec.settings[name].default if spec and name in spec.settings else None
        return self.settings.get(name, default)

    def phase_switch(self, name: str, phase: Phase | None = None) -> bool:
        """The value of a per-phase switch for ``phase`` (default: the active phase).

        With no phase at all (an assembly, or a process between phases) the spec's default is
        used for assemblies and ``False`` for processes, so nothing opens by accident.
        """
        spec = self.spec
        default = bool(spec.phase_switches.get(name, False)) if spec else False
        if phase is None:
            phase = self.space.active_phase()
        if phase is None:
            return default if not self.space.is_process else False
        values = self.phase_settings.get(str(phase.pk), {})
        return bool(values.get(name, default))
