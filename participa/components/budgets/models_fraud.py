"""Fraud signals of a participatory budget's vote (point 7 of issue #13) and "someone voted
as me" reports.

Personal data is kept minimal: a project author's address is kept as a keyed hash only
(``AuthorAddress.ip_digest``), enough to tell that a vote came from the same address; a
voter's year of birth and the key of a consenting parent sit beside the voter's record
(``VoterSignal``), never beside a ballot. Quarantine is decided per voter record
(``VoterQuarantine``); the commission, which alone can open the sealed link, names the
ballots to set aside (``BallotQuarantine``), so that nothing here joins a voter to a ballot.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuthorAddress(models.Model):
    """An address a project author submitted from, as a keyed hash (never the address)."""

    project = models.ForeignKey("budgets.Project", on_delete=models.CASCADE,
                                related_name="author_addresses")
    ip_digest = models.CharField(max_length=64)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("project author's address")
        verbose_name_plural = _("project authors' addresses")
        constraints = [
            models.UniqueConstraint(fields=["project", "ip_digest"],
                                    name="budget_author_address_once"),
            models.CheckConstraint(condition=~Q(ip_digest=""),
                                   name="budget_author_address_has_digest"),
        ]

    def __str__(self) -> str:
        return f"author address of project {self.project_id}"


class VoterSignal(models.Model):
    """What a vote's review needs beyond the voter's record: the declared year of birth
    (exact ages show "everyone aged 97") and the keyed hash of the parent who consented for
    a minor."""

    voter = models.OneToOneField("budgets.Voter", on_delete=models.CASCADE, primary_key=True,
                                 related_name="signal")
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    guardian_key = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("vote signal")
        verbose_name_plural = _("vote signals")
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True) | Q(birth_year__gte=1900),
                name="budget_voter_signal_birth_year"),
        ]

    def __str__(self) -> str:
        return f"signal of voter {self.voter_id}"


class VoterQuarantine(models.Model):
    """A voter's record set aside by staff, with the reason the results page gives."""

    voter = models.OneToOneField("budgets.Voter", on_delete=models.CASCADE, primary_key=True,
                                 related_name="quarantine")
    edition = models.ForeignKey("budgets.Edition", on_delete=models.CASCADE,
                                related_name="voter_quarantines")
    reason = models.TextField(_("reason"))
    quarantined_at = models.DateTimeField(default=timezone.now)
    quarantined_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                       null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("quarantined vote")
        verbose_name_plural = _("quarantined votes")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""),
                                   name="budget_voter_quarantine_has_reason"),
        ]

    def __str__(self) -> str:
        return f"quarantine of voter {self.voter_id}"


class BallotQuarantine(models.Model):
    """A ballot the commission set aside (it opened the sealed links offline): it is left
    out of the count, and the results page counts it under ``reason``."""

    ballot = models.OneToOneField("budgets.Ballot", on_delete=models.CASCADE, primary_key=True,
                                  related_name="quarantine")
    edition = models.ForeignKey("budgets.Edition", on_delete=models.CASCADE,
                                related_name="ballot_quarantines")
    reason = models.TextField(_("reason"))
    resolved_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("excluded ballot")
        verbose_name_plural = _("excluded ballots")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""),
                                   name="budget_ballot_quarantine_has_reason"),
        ]

    def __str__(self) -> str:
        return f"excluded ballot {self.ballot_id}"


class VoteAsMeState(models.TextChoices):
    PENDING = "pending", _("Pending")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


class VoteAsMeReport(models.Model):
    """A signed-in resident says that a vote was cast in their name."""

    edition = models.ForeignKey("budgets.Edition", on_delete=models.CASCADE,
                                related_name="vote_as_me_reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="+")
    voter_key = models.CharField(max_length=64)
    statement = models.TextField(_("statement"))
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=VoteAsMeState.choices,
                             default=VoteAsMeState.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    annulled_votes = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("“someone voted as me” report")
        verbose_name_plural = _("“someone voted as me” reports")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "reporter"],
                                    condition=Q(state="pending"),
                                    name="budget_vote_as_me_one_pending"),
            models.CheckConstraint(condition=Q(state__in=VoteAsMeState.values),
                                   name="budget_vote_as_me_state_known"),
            models.CheckConstraint(condition=~Q(statement=""),
                                   name="budget_vote_as_me_has_statement"),
            models.CheckConstraint(
                condition=Q(state="pending", decided_at__isnull=True)
                | (~Q(state="pending") & Q(decided_at__isnull=False)),
                name="budget_vote_as_me_decided_at"),
        ]

    def __str__(self) -> str:
        return f"report {self.pk}"
