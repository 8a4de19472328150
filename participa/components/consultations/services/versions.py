"""Versions of a consultation's text: revised and final texts, the article-by-article
comparison of any two versions, and the link from each change to the contributions behind it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from participa.components.consultations.actions import ConsultationAction
from participa.components.consultations.models import (
    Article,
    ArticleChange,
    Consultation,
    ConsultationState,
    Contribution,
    DraftVersion,
    VersionKind,
)
from participa.components.consultations.services.consultations import write_units
from participa.core.audit import audit_record, audited_create
from participa.core.models import User
from participa.lib import textdiff
from participa.lib.documents import Unit, parse_document


class VersionRefused(ValidationError):
    """The version cannot be added (the consultation is still a draft, or a final text exists)."""


@dataclass
class ArticleComparison:
    """One article of a comparison, with what explains its change (if anything does)."""

    key: str
    status: str                      # same / changed / added / removed
    old: Any                         # the article in the older version, or None
    new: Any                         # the article in the newer version, or None
    segments: list[tuple[str, str]]  # (op, text) with op in equal / insert / delete
    contributions: list[int] = field(default_factory=list)
    note: str = ""
    form: forms.BaseForm | None = None  # the staff comparison's link form, set by its view

    @property
    def label(self) -> str:
        unit = self.new or self.old
        if unit is None:
            return self.key
        if self.key == "preamble":
            return str(_("Title and preamble"))
        return str(unit)  # "Art. 2 (1)": a paragraph reads with its article's number

    @property
    def contribution_list(self) -> str:
        """The linked registration numbers as written on the page: "#12, #40"."""
        return ", ".join(f"#{number}" for number in self.contributions)

    @property
    def is_changed(self) -> bool:
        return self.status != "same"

    @property
    def old_segments(self) -> list[tuple[str, str]]:
        """The segments of the older text: equal and deleted words."""
        return [(op, text) for op, text in self.segments if op != "insert"]

    @property
    def new_segments(self) -> list[tuple[str, str]]:
        """The segments of the newer text: equal and inserted words."""
        return [(op, text) for op, text in self.segments if op != "delete"]


def version_list(consultation: Consultation) -> list[DraftVersion]:
    """The versions, oldest first, each with ``article_count``."""
    return list(DraftVersion.objects.filter(consultation=consultation)
                .annotate(article_count=Count("articles")).select_related("created_by")
                .order_by("number"))


def parse_source(data: bytes, filename: str) -> list[Unit]:
    """The units of an uploaded or pasted text (raises ``DocumentError``)."""
    return parse_document(data, filename)


@transaction.atomic
def version_create(*, acting_user: User | None, consultation: Consultation, kind: str,
                   units: Sequence[Unit], note: str = "", source_name: str = "") -> DraftVersion:
    """Add a revised or the final text as the next version.

    Refused while the consultation is a draft (edit the draft itself), after the final text,
    and for a second final text (a database constraint backs the last rule).
    """
    if kind not in (VersionKind.REVISED, VersionKind.FINAL):
        raise VersionRefused(_("Choose whether this is a revised or the final text."))
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.state == ConsultationState.DRAFT:
        raise VersionRefused(_("The consultation has not been announced yet: change the draft "
                               "itself instead of uploading a new version."))
    if DraftVersion.objects.filter(consultation=consultation, kind=VersionKind.FINAL).exists():
        raise VersionRefused(_("The final text has already been uploaded: no other version can "
                               "follow it."))
    if not units:
        raise VersionRefused(_("No articles were found in the text."))
    number = (DraftVersion.objects.filter(consultation=consultation)
              .aggregate(last=Max("number"))["last"] or 0) + 1
    try:
        with transaction.atomic():
            version: DraftVersion = audited_create(
                DraftVersion, organization=consultation.organization, actor=acting_user,
                action=ConsultationAction.CONSULTATION_VERSION_CREATE,
                values={"consultation": consultation, "number": number, "kind": kind,
                        "note": note.strip()[:300], "source_name": source_name[:200],
                        "created_by": acting_user if acting_user and acting_user.pk else None},
            )
    except (IntegrityError, ValidationError) as error:
        raise VersionRefused(_("The final text has already been uploaded: no other version can "
                               "follow it.")) from error
    write_units(version, units)
    return version


def version_get(consultation: Consultation, number: int) -> DraftVersion | None:
    return DraftVersion.objects.filter(consultation=consultation, number=number).first()


def _articles(version: DraftVersion) -> list[Article]:
    return list(Article.objects.filter(version=version).order_by("position", "id"))


def _links(consultation: Consultation, keys: set[str], *, up_to: int,
           after: int = 0) -> dict[str, tuple[list[int], list[str]]]:
    """{article key: (contribution numbers, notes)} of the changes recorded in the versions
    numbered ``after`` < n <= ``up_to``."""
    changes = (ArticleChange.objects.filter(version__consultation=consultation,
                                            version__number__gt=after,
                                            version__number__lte=up_to, article_key__in=keys)
               .order_by("version__number", "id"))
    result: dict[str, tuple[list[int], list[str]]] = {}
    change_ids: dict[int, str] = {}
    for change in changes:
        numbers, notes = result.setdefault(change.article_key, ([], []))
        if change.note:
            notes.append(change.note)
        change_ids[change.pk] = change.article_key
    through = ArticleChange.contributions.through.objects.filter(
        articlechange_id__in=list(change_ids)).values_list("articlechange_id",
                                                           "contribution__number")
    for change_id, number in sorted(through, key=lambda row: (row[0], row[1])):
        numbers = result[change_ids[change_id]][0]
        if number not in numbers:
            numbers.append(number)
    for numbers, _notes in result.values():
        numbers.sort()
    return result


def version_compare(old: DraftVersion, new: DraftVersion) -> list[ArticleComparison]:
    """Every article of either version, in the newer version's order, with its changes and
    the contributions linked to the changes made after ``old`` up to ``new``."""
    diffs = textdiff.compare(_articles(old), _articles(new))
    keys = {diff.key for diff in diffs}
    low, high = sorted((old.number, new.number))
    links = _links(old.consultation, keys, up_to=high, after=low)
    rows = []
    for diff in diffs:
        numbers, notes = links.get(diff.key, ([], []))
        rows.append(ArticleComparison(
            key=diff.key, status=diff.status, old=diff.old, new=diff.new,
            segments=[(op, text) for op, text in diff.segments],
            contributions=list(numbers) if diff.status != "same" else [],
            note="\n".join(notes) if diff.status != "same" else "",
        ))
    return rows


@transaction.atomic
def article_change_link(*, acting_user: User | None, version: DraftVersion, article_key: str,
                        contribution_numbers: Sequence[int], note: str = "") -> ArticleChange:
    """Record which contributions caused the change of ``article_key`` in ``version``.

    Replaces what was recorded before for that article in that version. Unknown registration
    numbers are refused with their list.
    """
    consultation = version.consultation
    if version.kind == VersionKind.DRAFT and version.number == 1:
        raise ValidationError(_("Changes are linked on a revised or final version, not on the "
                                "first draft."))
    if not Article.objects.filter(version__consultation=consultation,
                                  version__number__lte=version.number,
                                  key=article_key).exists():
        raise ValidationError(_("This article is not part of the text."))
    wanted = sorted(set(int(n) for n in contribution_numbers))
    found = dict(Contribution.objects.filter(consultation=consultation, number__in=wanted)
                 .values_list("number", "pk"))
    missing = [n for n in wanted if n not in found]
    if missing:
        raise ValidationError(
            _("No contribution of this consultation has the registration number %(numbers)s.")
            % {"numbers": ", ".join(f"#{n}" for n in missing)})
    change, created = ArticleChange.objects.get_or_create(version=version,
                                                          article_key=article_key)
    before_numbers = sorted(change.contributions.values_list("number", flat=True)) \
        if not created else []
    before_note = change.note
    change.note = note.strip()
    change.save(update_fields=["note"])
    change.contributions.set([found[n] for n in wanted])
    audit_record(organization=consultation.organization, actor=acting_user,
                 action=ConsultationAction.CONSULTATION_CHANGE_LINK, obj=version,
                 changes={"article": [None, article_key],
                          "contributions": [before_numbers, wanted],
                          "note": [before_note, change.note]})
    return change


def report_versions(consultation: Consultation) -> tuple[DraftVersion | None,
                                                         DraftVersion | None]:
    """(the draft under consultation, the final text or else the latest version)."""
    versions = list(DraftVersion.objects.filter(consultation=consultation).order_by("number"))
    if not versions:
        return None, None
    draft = next((v for v in versions if v.kind == VersionKind.DRAFT), versions[0])
    final = next((v for v in versions if v.kind == VersionKind.FINAL), versions[-1])
    return draft, final


def changes_for_report(consultation: Consultation) -> list[dict[str, Any]]:
    """The changes between the draft and the final (or latest) text, for the synthesis report.

    Each item: ``key``, ``label`` (numbering and heading), ``status`` (changed / added /
    removed), ``before`` and ``after`` (texts, "" when absent) and ``contributions`` (the
    registration numbers linked to the change, ascending), ``note``. Empty when there is only
    one version.
    """
    draft, final = report_versions(consultation)
    if draft is None or final is None or draft.pk == final.pk:
        return []
    rows = []
    for item in version_compare(draft, final):
        if not item.is_changed:
            continue
        rows.append({
            "key": item.key,
            "label": item.label,
            "status": item.status,
            "before": _text(item.old),
            "after": _text(item.new),
            "contributions": item.contributions,
            "note": item.note,
        })
    return rows


def _text(unit: Any) -> str:
    if unit is None:
        return ""
    heading = " ".join(part for part in (unit.number, unit.heading) if part)
    return f"{heading}\n{unit.body}".strip() if heading else unit.body
