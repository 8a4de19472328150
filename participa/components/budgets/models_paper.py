"""Voting on paper: polling points, and each paper ballot keyed twice by two officials.

A ``PollingPoint`` of an edition has officials. Each paper ballot (``PaperBallot``, by the
serial number printed on the paper, unique in the edition) is entered twice by two different
officials (``PaperBallotEntry``, keying 1 and 2); when the keyings disagree, a third official
reads the scanned ballot and enters it once more (keying 3). The database refuses a second
entry of the same keying and a second entry of the same official for one ballot, so the
three keyings are always by three different people.

Secrecy: an entry holds the voter's key (a keyed hash of the register identifier, never the
identifier) beside the choices only until the ballot is accepted; the acceptance writes the
anonymous ``Ballot`` and the ``Voter`` record through the voting services and erases the
choices of the entries, so that the database never keeps a vote beside a voter.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.components.budgets.models import Edition, Pool


class PollingPoint(models.Model):
    """A place where residents vote on paper, and the officials who key its ballots."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE,
                                related_name="polling_points")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    officials = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                       related_name="budget_polling_points",
                                       verbose_name=_("officials"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("polling point")
        verbose_name_plural = _("polling points")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"],
                                    name="budget_polling_point_name_once"),
            models.CheckConstraint(condition=~Q(name="") & ~Q(address=""),
                                   name="budget_polling_point_named"),
        ]

    def __str__(self) -> str:
        return self.name


class PaperBallotState(models.TextChoices):
    KEYED_ONCE = "keyed_once", _("Keyed once")
    MISMATCH = "mismatch", _("Keyings differ")
    ACCEPTED = "accepted", _("Accepted")


class PaperBallot(models.Model):
    """One paper ballot, by its printed serial number; accepted once two keyings agree."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT,
                                related_name="paper_ballots")
    polling_point = models.ForeignKey(PollingPoint, on_delete=models.PROTECT,
                                      related_name="paper_ballots")
    serial = models.CharField(_("serial number"), max_length=32)
    state = models.CharField(_("state"), max_length=12, choices=PaperBallotState.choices,
                             default=PaperBallotState.KEYED_ONCE)
    # The pool of the accepted ballot (set on acceptance, for the tallies).
    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    scan = models.FileField(_("scanned ballot"), upload_to="budgets/paper/", blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    # A minor's ballot: the parent's name as typed, and the official who checked the consent.
    consent_parent_name = models.CharField(_("parent's name"), max_length=200, blank=True)
    consent_checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                           null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("paper ballot")
        verbose_name_plural = _("paper ballots")
        constraints = [
            models.UniqueConstraint(fields=["edition", "serial"],
                                    name="budget_paper_ballot_serial_once"),
            models.CheckConstraint(condition=~Q(serial=""), name="budget_paper_ballot_serial"),
            models.CheckConstraint(condition=Q(state__in=PaperBallotState.values),
                                   name="budget_paper_ballot_state_known"),
            models.CheckConstraint(
                condition=Q(state=PaperBallotState.ACCEPTED, accepted_at__isnull=False)
                | (~Q(state=PaperBallotState.ACCEPTED) & Q(accepted_at__isnull=True)),
                name="budget_paper_ballot_accepted_at"),
            models.CheckConstraint(
                condition=Q(consent_parent_name="", consent_checked_by__isnull=True)
                | (~Q(consent_parent_name="") & Q(consent_checked_by__isnull=False)),
                name="budget_paper_ballot_consent_checked"),
        ]

    def __str__(self) -> str:
        return self.serial


class PaperBallotEntry(models.Model):
    """One keying of a paper ballot: 1 and 2 by two officials, 3 by a third who resolves a
    mismatch with the scanned ballot."""

    ballot = models.ForeignKey(PaperBallot, on_delete=models.CASCADE, related_name="entries")
    keying = models.PositiveSmallIntegerField(_("keying"))
    official = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="+")
    voter_key = models.CharField(max_length=64)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    parent_name = models.CharField(_("parent's name"), max_length=200, blank=True)
    # [[project id, value], ...] normalised; erased once the ballot is accepted.
    choices = models.JSONField(default=list, blank=True)
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("keying of a paper ballot")
        verbose_name_plural = _("keyings of paper ballots")
        ordering = ["keying"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "keying"],
                                    name="budget_paper_entry_once_per_keying"),
            models.UniqueConstraint(fields=["ballot", "official"],
                                    name="budget_paper_entry_distinct_officials"),
            models.CheckConstraint(condition=Q(keying__gte=1) & Q(keying__lte=3),
                                   name="budget_paper_entry_keying_known"),
            models.CheckConstraint(condition=~Q(voter_key=""),
                                   name="budget_paper_entry_has_voter"),
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}/{self.keying}"
