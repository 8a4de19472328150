"""The shared shape of an official answer: outcome, justification, states and the people who
drafted and approved it. A component keeps its answered items' answers in its own concrete
model (the target is an explicit foreign key there: a shared app never points at a component)
and takes the fields, states and database constraints from here.

States: draft → approved by a second official → published (all at once). ``superseded``: an
answer replaced by another one (a contribution's own answer by its campaign's collective
answer), kept for the record and never published.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from participa.answers.policy import AnswerPolicy


class AnswerState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved by a second official")
    PUBLISHED = "published", _("Published")
    # The contribution joined a campaign: the collective answer replaces its own draft, which is
    # kept for the record.
    SUPERSEDED = "superseded", _("Superseded by the campaign's collective answer")


class AnswerBase(models.Model):
    """Fields every official answer has. Concrete models add their target and may narrow
    ``outcome`` to their policy's choices."""

    outcome = models.CharField(_("outcome"), max_length=40)
    # The justification in the organization's default language (the one the law's record
    # keeps), and in its other languages when an official wrote them: {"pl": "…"}.
    justification = models.TextField(_("justification"), blank=True)
    justification_translations = models.JSONField(_("justification in other languages"),
                                                  default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=AnswerState.choices,
                             default=AnswerState.DRAFT)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    drafted_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # What the reviewing official wrote to the drafter (sending it back, or with the approval):
    # kept with the answer for the officials, never in the audit log, never published.
    review_comment = models.TextField(_("comment of the reviewing official"), blank=True)

    class Meta:
        abstract = True

    def justification_in(self, language: str | None = None) -> str:
        """The justification in ``language`` (the active one by default) when an official
        wrote it, else in the organization's default language."""
        language = language or translation.get_language() or ""
        translations = self.justification_translations or {}
        return str(translations.get(language) or translations.get(language.split("-")[0])
                   or self.justification)

    @property
    def justification_shown(self) -> str:
        return self.justification_in()


def answer_constraints(policy: AnswerPolicy, *,
                       prefix: str = "answer") -> list[models.BaseConstraint]:
    """The database constraints of the policy's answers: a justification unless the outcome
    needs none, the four-eyes rule (the reviewer is never the drafter), no approval without a
    reviewer, and a publication date on every published answer."""
    optional = sorted(policy.justification_optional)
    no_justification_needed = (Q(outcome=optional[0]) if len(optional) == 1
                               else Q(outcome__in=optional))
    constraints: list[models.BaseConstraint] = [
        models.CheckConstraint(
            condition=no_justification_needed | ~Q(justification=""),
            name=f"{prefix}_justified_unless_{'_'.join(optional) or 'never'}",
        ),
        models.CheckConstraint(
            condition=Q(state__in=["draft", "superseded"]) | Q(reviewed_by__isnull=False),
            name=f"{prefix}_reviewed_before_approval",
        ),
        models.CheckConstraint(
            condition=~Q(state="published") | Q(published_at__isnull=False),
            name=f"{prefix}_published_has_date",
        ),
    ]
    if policy.four_eyes:
        # Four eyes: the reviewer is never the official who drafted the answer.
        constraints.append(models.CheckConstraint(
            condition=Q(reviewed_by__isnull=True) | ~Q(reviewed_by=F("drafted_by")),
            name=f"{prefix}_four_eyes",
        ))
    return constraints
