"""Writes on consultations: set-up, announcement (with the legal checks), the draft's articles,
the draft imported from a document, and the roles of the attached documents.

Every function is typed, keyword-only, atomic, takes ``acting_user`` and writes an audit entry.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from typing import IO, Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.attachments.models import Attachment
from participa.attachments.services import attachment_create
from participa.components.consultations import legal_messages
from participa.components.consultations.actions import ConsultationAction, ConsultationJournalAction
from participa.components.consultations.models import (
    Article,
    Consultation,
    ConsultationState,
    Contribution,
    DateChange,
    DraftVersion,
    ScheduledDate,
    VersionKind,
)
from participa.components.consultations.services.journal import consultation_line
from participa.core.audit import (
    Notice,
    audit_record,
    audited_create,
    audited_delete,
    audited_update,
    record,
)
from participa.core.i18n import translated
from participa.core.models import Area, Scope, User
from participa.core.ordering import swap_with_neighbour
from participa.lib import legal
from participa.lib.documents import Unit, parse_document
from participa.lib.documents.splitting import Block, split_blocks
from participa.notifications.services import follow_automatically
from participa.spaces.models import Component

SLUG_MAX_LENGTH = 80
CHANNEL_KEYS = ("email", "post", "in_person")
DOCUMENT_ROLES = ("justification", "impact_study", "annex")

# Fields ``consultation_update`` may change.
EDITABLE_FIELDS = frozenset({
    "title", "summary", "slug", "scope", "department", "contact_name", "contact_email",
    "contact_phone", "channels", "legal_profile", "announced_on", "opens_on", "closes_on",
    "endorsement_on", "adoption_on", "urgency", "urgency_reason", "similarity_threshold",
})
TIMELINE_FIELDS = frozenset({"announced_on", "opens_on", "closes_on", "endorsement_on",
                             "adoption_on", "urgency", "channels", "legal_profile"})
# The dates of the timeline; once announced, each change of them is a recorded ``DateChange``.
DATE_FIELDS = ("announced_on", "opens_on", "closes_on", "endorsement_on", "adoption_on")


class PublicationRefused(ValidationError):
    """The consultation cannot be announced; ``violations`` say why, ``messages`` in words."""

    def __init__(self, violations: Sequence[legal.Violation]) -> None:
        self.violations = list(violations)
        super().__init__([legal_messages.violation_message(v) for v in self.violations])


class ArticleLocked(ValidationError):
    """The draft's text cannot change any more (published with contributions, or final)."""


# --- helpers -------------------------------------------------------------------------------


def _clean_texts(value: dict[str, str] | None) -> dict[str, str]:
    return {code: text.strip() for code, text in (value or {}).items() if text and text.strip()}


def clean_channels(value: dict[str, Any] | None) -> dict[str, Any]:
    """{"online": bool, "email": str, "post": str, "in_person": str}, texts stripped."""
    value = value or {}
    channels: dict[str, Any] = {"online": bool(value.get("online", True))}
    for key in CHANNEL_KEYS:
        channels[key] = str(value.get(key) or "").strip()
    return channels


def _unique_slug(component: Component, wanted: str, exclude_pk: int | None = None) -> str:
    base = slugify(wanted)[:SLUG_MAX_LENGTH].strip("-") or "consultation"
    others = Consultation.objects.filter(component=component)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    taken = set(others.values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug = base[: SLUG_MAX_LENGTH - len(suffix)] + suffix
        number += 1
    return slug


def _organization_of(component: Component) -> Any:
    return component.space.organization


def _check_references(component: Component, scope: Scope | None, department: Area | None) -> None:
    org = _organization_of(component)
    if scope is not None and scope.organization_id != org.pk:
        raise ValidationError({"scope": _("Choose a scope of this organization.")})
    if department is not None and department.organization_id != org.pk:
        raise ValidationError({"department": _("Choose a department of this organization.")})


def _check_urgency(urgency: bool, reason: str) -> None:
    if urgency and not reason.strip():
        raise ValidationError({"urgency_reason": legal_messages.message_for(
            legal_messages.URGENCY_WITHOUT_REASON)})


def _check_period(opens_on: datetime.date | None, closes_on: datetime.date | None) -> None:
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError({"closes_on": legal_messages.message_for(
            legal_messages.PERIOD_REVERSED)})


def _check_milestones(endorsement_on: datetime.date | None,
                      adoption_on: datetime.date | None) -> None:
    if endorsement_on and adoption_on and adoption_on < endorsement_on:
        raise ValidationError({"adoption_on": _(
            "The decision cannot be adopted before the draft is sent for endorsement "
            "(%(date)s): choose that day or a later one.") % {
                "date": formats.date_format(endorsement_on, "DATE_FORMAT")}})


def _date_text(value: datetime.date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else _("no date")


def _published_date_changes(consultation: Consultation, values: dict[str, Any],
                            reason: str, today: datetime.date) -> list[tuple[str, Any, Any]]:
    """The (field, old, new) date changes of an announced consultation, after the rules.

    The announcement date is fixed; the deadline for recommendations may only move later; the
    start of the period is fixed once reached; every change of a date already set needs a
    reason (a date left empty until now is simply set). Raises ``ValidationError`` keyed by
    field otherwise.
    """
    changes = [(name, getattr(consultation, name), values[name]) for name in DATE_FIELDS
               if name in values and values[name] != getattr(consultation, name)]
    errors: dict[str, str] = {}
    for name, old, new in changes:
        if name == "announced_on":
            errors[name] = _(
                "The consultation was announced on %(date)s: this date starts the legal "
                "deadlines and cannot change.") % {"date": _date_text(old)}
        elif name == "closes_on" and (new is None or (old is not None and new < old)):
            errors[name] = _(
                "The deadline for recommendations (%(date)s) can be extended, never "
                "shortened: choose %(date)s or a later day.") % {"date": _date_text(old)}
        elif name == "opens_on" and old is not None and old <= today:
            errors[name] = _(
                "Recommendations have been accepted since %(date)s: the start of the period "
                "cannot change any more.") % {"date": _date_text(old)}
    # Setting a date left empty at the announcement publishes it; moving a published date is
    # a change that needs a reason and is recorded.
    changes = [change for change in changes if change[1] is not None]
    if changes and not reason.strip() and not errors:
        errors["date_change_reason"] = _(
            "Write why the dates of this announced consultation change: the reason is shown on "
            "the public timeline and sent to the people who follow it.")
    if errors:
        raise ValidationError(errors)
    return [change for change in changes if change[0] != "announced_on"]


def draft_version(consultation: Consultation) -> DraftVersion:
    """The version under consultation (the first one, of kind "draft"); created when missing."""
    version = (DraftVersion.objects.filter(consultation=consultation, kind=VersionKind.DRAFT)
               .order_by("number").first())
    if version is None:
        number = (DraftVersion.objects.filter(consultation=consultation)
                  .aggregate(last=Max("number"))["last"] or 0) + 1
        version = DraftVersion.objects.create(consultation=consultation, number=number,
                                              kind=VersionKind.DRAFT)
    return version


# --- create / update -----------------------------------------------------------------------


@transaction.atomic
def consultation_create(
    *,
    acting_user: User | None,
    component: Component,
    title: dict[str, str],
    summary: dict[str, str] | None = None,
    slug: str = "",
    scope: Scope | None = None,
    department: Area | None = None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    channels: dict[str, Any] | None = None,
    legal_profile: str = "",
    announced_on: datetime.date | None = None,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
    endorsement_on: datetime.date | None = None,
    adoption_on: datetime.date | None = None,
    urgency: bool = False,
    urgency_reason: str = "",
    similarity_threshold: float = 0.8,
) -> Consultation:
    """A new consultation in the draft state, with an empty draft text (version 1)."""
    org = _organization_of(component)
    title = _clean_texts(title)
    _check_references(component, scope, department)
    _check_urgency(urgency, urgency_reason)
    _check_period(opens_on, closes_on)
    _check_milestones(endorsement_on, adoption_on)
    slug = _unique_slug(component, slug or translated(title, org.default_language,
                                                      list(org.languages)))
    consultation: Consultation = audited_create(
        Consultation,
        organization=org,
        actor=acting_user,
        action=ConsultationAction.CONSULTATION_CREATE,
        values={
            "component": component,
            "slug": slug,
            "title": title,
            "summary": _clean_texts(summary),
            "scope": scope,
            "department": department,
            "contact_name": contact_name.strip(),
            "contact_email": contact_email.strip(),
            "contact_phone": contact_phone.strip(),
            "channels": clean_channels(channels),
            "legal_profile": legal_profile or org.legal_profile,
            "announced_on": announced_on,
            "opens_on": opens_on,
            "closes_on": closes_on,
            "endorsement_on": endorsement_on,
            "adoption_on": adoption_on,
            "urgency": urgency,
            "urgency_reason": urgency_reason.strip() if urgency else "",
            "similarity_threshold": similarity_threshold,
        },
    )
    DraftVersion.objects.create(consultation=consultation, number=1, kind=VersionKind.DRAFT,
                                created_by=acting_user if acting_user and acting_user.pk
                                else None)
    if urgency:
        _record_urgency(acting_user, consultation)

    follow_automatically(user=acting_user, target=consultation)
    return consultation


def _record_urgency(acting_user: User | None, consultation: Consultation) -> None:
    audit_record(organization=consultation.organization, actor=acting_user,
                 action=ConsultationAction.CONSULTATION_URGENCY, obj=consultation,
                 changes={"urgency": [None, True],
                          "urgency_reason": [None, consultation.urgency_reason]})


@transaction.atomic
def consultation_update(*, acting_user: User | None, consultation: Consultation,
                        date_change_reason: str = "", **changes: Any) -> Consultation:
    """Change any of ``EDITABLE_FIELDS``.

    Once announced, the announcement date is fixed, the deadline for recommendations may only
    be extended, and every change of a date needs ``date_change_reason``: it is recorded as a
    ``DateChange``, shown on the public timeline and sent to the followers. New dates must
    still follow the legal profile (else ``PublicationRefused``).
    """
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"consultation_update() cannot change {sorted(unknown)}")
    # Two officials editing at once: the second one checks its dates against the first one's.
    Consultation.objects.select_for_update().filter(pk=consultation.pk).first()
    consultation.refresh_from_db()
    component = consultation.component
    if consultation.state == ConsultationState.FINAL:
        raise ValidationError(_("This consultation is closed as final; it cannot change any "
                                "more."))
    values: dict[str, Any] = dict(changes)
    if "title" in values:
        values["title"] = _clean_texts(values["title"])
    if "summary" in values:
        values["summary"] = _clean_texts(values["summary"])
    if "channels" in values:
        values["channels"] = clean_channels(values["channels"])
    for name in ("contact_name", "contact_email", "contact_phone", "urgency_reason"):
        if name in values:
            values[name] = str(values[name] or "").strip()
    if "slug" in values:
        if values["slug"] and values["slug"] != consultation.slug:
            if consultation.is_published:
                raise ValidationError({"slug": _(
                    "The address of an announced consultation cannot change: people already "
                    "link to it.")})
            values["slug"] = _unique_slug(component, values["slug"], exclude_pk=consultation.pk)
        else:
            values.pop("slug")
    if "legal_profile" in values and not values["legal_profile"]:
        values["legal_profile"] = _organization_of(component).legal_profile
    _check_references(component, values.get("scope", consultation.scope),
                      values.get("department", consultation.department))
    if consultation.is_published:
        # The rules the announced timeline was checked against stay those it was announced
        # under: switching them afterwards would bend its legal deadlines.
        if "legal_profile" in values and values["legal_profile"] != consultation.legal_profile:
            raise ValidationError({"legal_profile": _(
                "The consultation was announced under this legal profile: it cannot change "
                "any more.")})
        if "urgency" in values and bool(values["urgency"]) != consultation.urgency:
            raise ValidationError({"urgency": _(
                "The urgency procedure is decided when the consultation is announced: it "
                "cannot be switched on or off afterwards.")})
    urgency = bool(values.get("urgency", consultation.urgency))
    reason = str(values.get("urgency_reason", consultation.urgency_reason))
    _check_urgency(urgency, reason)
    if not urgency:
        values["urgency_reason"] = ""
    _check_period(values.get("opens_on", consultation.opens_on),
                  values.get("closes_on", consultation.closes_on))
    _check_milestones(values.get("endorsement_on", consultation.endorsement_on),
                      values.get("adoption_on", consultation.adoption_on))
    was_urgent = consultation.urgency
    if consultation.is_published and TIMELINE_FIELDS & set(values):
        preview = Consultation(**{
            field.attname: getattr(consultation, field.attname)
            for field in Consultation._meta.concrete_fields
        })
        for name, value in values.items():
            setattr(preview, name, value)
        preview.component = component
        violations = timeline_violations(preview)
        if violations:
            raise PublicationRefused(violations)
    date_changes_made: list[tuple[str, Any, Any]] = []
    date_change_reason = (date_change_reason or "").strip()
    if consultation.is_published:
        date_changes_made = _published_date_changes(consultation, values, date_change_reason,
                                                    timezone.localdate())
    if any(name == "closes_on" for name, _old, _new in date_changes_made):
        org = consultation.organization
        values["report_due_on"] = legal.report_due(
            values.get("legal_profile", consultation.legal_profile), values["closes_on"],
            overrides=org.legal_parameters or None)
    audited_update(consultation, organization=consultation.organization, actor=acting_user,
                   action=ConsultationAction.CONSULTATION_UPDATE, values=values)
    consultation.updated_at = timezone.now()
    consultation.save(update_fields=["updated_at"])
    if consultation.urgency and not was_urgent:
        _record_urgency(acting_user, consultation)
    if date_changes_made:
        _record_date_changes(acting_user, consultation, date_changes_made, date_change_reason)
    return consultation


def _record_date_changes(acting_user: User | None, consultation: Consultation,
                         changes: list[tuple[str, Any, Any]], reason: str) -> None:
    """Keep each change of a published date with its reason, audit it and tell the followers."""
    now = timezone.now()
    user = acting_user if acting_user is not None and acting_user.pk else None
    DateChange.objects.bulk_create([
        DateChange(consultation=consultation, field=ScheduledDate(name), old_value=old,
                   new_value=new, reason=reason, changed_by=user, changed_at=now)
        for name, old, new in changes
    ])
    record(organization=consultation.organization, actor=acting_user,
           action=ConsultationAction.CONSULTATION_DATE_CHANGE, obj=consultation,
           changes={name: [old.isoformat() if old else None,
                           new.isoformat() if new else None]
                    for name, old, new in changes},
           public=[consultation_line(consultation, ConsultationJournalAction.DATES_CHANGED)],
           notice=Notice(event="consultation.dates_changed", target=consultation,
                         extra={"fields": [name for name, _old, _new in changes]}))


# --- documents -----------------------------------------------------------------------------


def documents_of(consultation: Consultation) -> list[Any]:
    """The consultation's attachments, each with ``.role`` ("justification", "impact_study",
    "annex") from ``document_roles`` ("annex" when none was recorded)."""
    attachments = list(Attachment.objects.filter(
        content_type__app_label="consultations", content_type__model="consultation",
        object_id=consultation.pk,
    ).order_by("position", "id"))
    roles = consultation.document_roles or {}
    for attachment in attachments:
        attachment.role = roles.get(str(attachment.pk), "annex")  # type: ignore[attr-defined]
    return attachments


def has_document(consultation: Consultation, role: str) -> bool:
    return any(getattr(doc, "role", "") == role for doc in documents_of(consultation))


@transaction.atomic
def document_upload(*, acting_user: User | None, consultation: Consultation,
                    file: IO[bytes] | Any, file_name: str, size: int,
                    title: dict[str, str], role: str) -> Any:
    """Attach a document (justification report, impact study or annex) to the consultation."""
    if role not in DOCUMENT_ROLES:
        raise ValidationError({"role": _("Choose what this document is.")})
    attachment = attachment_create(acting_user=acting_user, target=consultation, file=file,
                                   file_name=file_name, size=size, title=title)
    document_set_role(acting_user=acting_user, consultation=consultation,
                      attachment=attachment, role=role)
    return attachment


@transaction.atomic
def document_set_role(*, acting_user: User | None, consultation: Consultation,
                      attachment: Any, role: str) -> None:
    """Record what an attached document is; stale entries of removed files are dropped."""
    if role not in DOCUMENT_ROLES:
        raise ValidationError({"role": _("Choose what this document is.")})
    if attachment.object_id != consultation.pk or \
            attachment.content_type.model_class() is not Consultation:
        raise ValidationError(_("This document is not attached to this consultation."))
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    existing = {str(doc.pk) for doc in documents_of(consultation)}
    roles = {key: value for key, value in (consultation.document_roles or {}).items()
             if key in existing}
    roles[str(attachment.pk)] = role
    audited_update(consultation, organization=consultation.organization, actor=acting_user,
                   action=ConsultationAction.CONSULTATION_DOCUMENT_ROLE,
                   values={"document_roles": roles})


# --- warnings --------------------------------------------------------------------------------


def timeline_warnings(consultation: Consultation) -> list[str]:
    """Sentences for staff about a record that does not add up: contributions registered as
    received before the announcement, milestones out of order."""
    warnings: list[str] = []
    if consultation.announced_on is not None:
        start = timezone.make_aware(datetime.datetime.combine(consultation.announced_on,
                                                              datetime.time.min))
        early = Contribution.objects.filter(consultation=consultation,
                                            received_at__lt=start).count()
        if early:
            warnings.append(ngettext(
                "%(count)d contribution is dated before the announcement (%(date)s): check its "
                "date of receipt.",
                "%(count)d contributions are dated before the announcement (%(date)s): check "
                "their dates of receipt.", early) % {
                    "count": early, "date": _date_text(consultation.announced_on)})
    endorsement, adoption = consultation.endorsement_on, consultation.adoption_on
    if endorsement and adoption and adoption < endorsement:
        warnings.append(_("The adoption date (%(adoption)s) is before the date the draft is sent "
                          "for endorsement (%(endorsement)s).") % {
            "adoption": _date_text(adoption), "endorsement": _date_text(endorsement)})
    if adoption and consultation.closes_on and adoption <= consultation.closes_on:
        warnings.append(_("The adoption date (%(adoption)s) is not after the end of the period "
                          "for recommendations (%(closes)s).") % {
            "adoption": _date_text(adoption), "closes": _date_text(consultation.closes_on)})
    return warnings


# --- publication ---------------------------------------------------------------------------


def timeline_of(consultation: Consultation, *, today: datetime.date | None = None) -> Any:
    """The ``participa.lib.legal.Timeline`` of the consultation (announced today if empty)."""
    channels = clean_channels(consultation.channels)
    return legal.Timeline(
        announced_on=consultation.announced_on or today or timezone.localdate(),
        opens_on=consultation.opens_on,
        closes_on=consultation.closes_on,
        endorsement_on=consultation.endorsement_on,
        adoption_on=consultation.adoption_on,
        urgency=consultation.urgency,
        channels=tuple(key for key in CHANNEL_KEYS if channels.get(key)),
    )


def timeline_violations(consultation: Consultation, *,
                        today: datetime.date | None = None) -> list[legal.Violation]:
    """Rules of the legal profile the consultation's dates break (dates missing included)."""
    if consultation.opens_on is None or consultation.closes_on is None:
        return [legal.Violation(rule=legal_messages.DATES_MISSING)]
    if consultation.closes_on < consultation.opens_on:
        return [legal.Violation(rule=legal_messages.PERIOD_REVERSED)]
    org = consultation.organization
    return list(legal.check(consultation.legal_profile or org.legal_profile,
                            timeline_of(consultation, today=today),
                            overrides=org.legal_parameters or None))


def publication_problems(consultation: Consultation, *,
                         today: datetime.date | None = None) -> list[legal.Violation]:
    """Everything that would make ``consultation_publish`` refuse, in the order to fix it."""
    problems: list[legal.Violation] = []
    if consultation.state != ConsultationState.DRAFT:
        return [legal.Violation(rule=legal_messages.NOT_A_DRAFT)]
    if consultation.urgency and not consultation.urgency_reason.strip():
        problems.append(legal.Violation(rule=legal_messages.URGENCY_WITHOUT_REASON))
    if not Article.objects.filter(version__consultation=consultation,
                                  version__kind=VersionKind.DRAFT).exists():
        problems.append(legal.Violation(rule=legal_messages.NO_ARTICLES))
    problems.extend(timeline_violations(consultation, today=today))
    if (legal.get_profile(consultation.legal_profile).requires_justification_document
            and not consultation.urgency
            and not has_document(consultation, "justification")):
        problems.append(legal.Violation(rule=legal_messages.JUSTIFICATION_MISSING))
    return problems


@transaction.atomic
def consultation_publish(*, acting_user: User | None, consultation: Consultation,
                         today: datetime.date | None = None) -> Consultation:
    """Announce the consultation, if its dates and documents follow its legal profile.

    Raises ``PublicationRefused`` naming each broken rule and the earliest allowed date.
    """
    consultation = (Consultation.objects.select_for_update()
                    .select_related("component__space__organization").get(pk=consultation.pk))
    today = today or timezone.localdate()
    problems = publication_problems(consultation, today=today)
    if problems:
        raise PublicationRefused(problems)
    org = consultation.organization
    due = None
    if consultation.closes_on is not None:
        due = legal.report_due(consultation.legal_profile, consultation.closes_on,
                               overrides=org.legal_parameters or None)
    audited_update(
        consultation, organization=org, actor=acting_user,
        action=ConsultationAction.CONSULTATION_PUBLISH,
        values={
            "state": ConsultationState.PUBLISHED,
            "announced_on": consultation.announced_on or today,
            "published_at": timezone.now(),
            "report_due_on": due,
        },
        public=[consultation_line(consultation, ConsultationJournalAction.ANNOUNCED,
                                  closes_on=consultation.closes_on)],
        notice=Notice(event="consultation.published", target=consultation),
    )
    if consultation.urgency:
        _record_urgency(acting_user, consultation)
    return consultation


# --- articles of the draft -----------------------------------------------------------------


def _article_has_contributions(article: Article) -> bool:
    return Contribution.objects.filter(article=article).exists()


def _require_editable(consultation: Consultation, article: Article | None = None) -> None:
    """Drafts are free to change; once announced, only articles nobody commented on."""
    if consultation.state == ConsultationState.DRAFT:
        return
    if consultation.state == ConsultationState.FINAL:
        raise ArticleLocked(_("This consultation is closed as final: its text cannot change."))
    if article is None:
        raise ArticleLocked(_(
            "The draft was announced: upload a revised version instead of adding articles to "
            "it."))
    if _article_has_contributions(article):
        raise ArticleLocked(_(
            "People have commented on %(article)s: upload a revised version of the text "
            "instead of changing the announced draft.") % {"article": article})


_NUMBER = re.compile(r"\d+(?:\.\d+)*")


def _key_for(number: str, heading: str, level: int, parent_key: str | None) -> str:
    """The unit's key from its numbering, as an imported document would have it."""
    digits = _NUMBER.search(number or "")
    if level >= 2:
        if parent_key and digits:
            return f"{parent_key}.{digits.group(0)}"[:60]
    elif number.strip():
        found = split_blocks([Block(number.strip())])
        if found and found[0][0] != "preamble":
            return found[0][0][:60]
        if digits:
            return f"art-{digits.group(0)}"[:60] if level == 1 else f"h-{digits.group(0)}"[:60]
    base = slugify(heading or number)[:40]
    return f"h-{base}" if base else "unit"


def _unique_key(version: DraftVersion, wanted: str, exclude_pk: int | None = None) -> str:
    others = Article.objects.filter(version=version)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    taken = set(others.values_list("key", flat=True))
    key, counter = wanted[:60], 2
    while key in taken:
        suffix = f"-{counter}"
        key = wanted[: 60 - len(suffix)] + suffix
        counter += 1
    return key


def _parent_key(version: DraftVersion, position: int) -> str | None:
    parent = (Article.objects.filter(version=version, level=1, position__lt=position)
              .order_by("-position", "-id").values_list("key", flat=True).first())
    return parent


def _check_level(level: int) -> int:
    if level not in (0, 1, 2):
        raise ValidationError({"level": _("Choose a heading, an article or a paragraph.")})
    return level


@transaction.atomic
def article_create(*, acting_user: User | None, consultation: Consultation, number: str = "",
                   heading: str = "", body: str = "", level: int = 1,
                   after: Article | None = None) -> Article:
    """Add a unit to the draft, at the end or right after ``after``."""
    _require_editable(consultation)
    _check_level(level)
    if not (heading.strip() or body.strip()):
        raise ValidationError({"body": _("Write the text of the article (or at least a "
                                         "heading).")})
    version = draft_version(consultation)
    articles = list(Article.objects.select_for_update().filter(version=version)
                    .order_by("position", "id"))
    if after is not None and after.version_id == version.pk:
        index = next((i for i, item in enumerate(articles) if item.pk == after.pk),
                     len(articles) - 1) + 1
    else:
        index = len(articles)
    for position, item in enumerate(articles[index:], start=index + 1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    for position, item in enumerate(articles[:index]):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    key = _unique_key(version, _key_for(number, heading, level,
                                        _parent_key(version, index) if level >= 2 else None))
    article: Article = audited_create(
        Article, organization=consultation.organization, actor=acting_user,
        action=ConsultationAction.CONSULTATION_ARTICLE_CREATE,
        values={"version": version, "key": key, "number": number.strip()[:60],
                "heading": heading.strip()[:300], "body": body.strip(), "level": level,
                "position": index},
    )
    renumber_parents(version)
    article.refresh_from_db()
    return article


def _revise_announced(acting_user: User | None, consultation: Consultation, article: Article,
                      *, replacement: Unit | None) -> Article | None:
    """Put a change of an announced draft's article into a new public version.

    The new revised version is the latest text with ``article`` (found by its key) replaced by
    ``replacement``, or left out when ``replacement`` is None. The announced text never changes
    in place. Returns the article in the new version (None when left out).
    """
    # Local import: cycle: the versions service imports write_units from this module.
    from participa.components.consultations.services.versions import version_create

    latest = (DraftVersion.objects.filter(consultation=consultation).order_by("-number")
              .first())
    units = [Unit(key=item.key, number=item.number, heading=item.heading, body=item.body,
                  level=item.level)
             for item in Article.objects.filter(version=latest).order_by("position", "id")]
    if latest is None or article.key not in {unit.key for unit in units}:
        raise ArticleLocked(_(
            "%(article)s is no longer in the latest version of the text: upload a revised "
            "version instead.") % {"article": article})
    if replacement is not None and replacement in units:
        # The latest text already says this: no new version.
        return Article.objects.filter(version=latest, key=article.key).first()
    if replacement is None:
        units = [unit for unit in units if unit.key != article.key]
    else:
        units = [replacement if unit.key == article.key else unit for unit in units]
    org = consultation.organization
    with translation.override(org.default_language or None):
        note = (_("%(article)s changed after the announcement.") if replacement is not None
                else _("%(article)s removed after the announcement.")) % {"article": article}
    version = version_create(acting_user=acting_user, consultation=consultation,
                             kind=VersionKind.REVISED, units=units, note=note[:300])
    return Article.objects.filter(version=version, key=article.key).first()


@transaction.atomic
def article_update(*, acting_user: User | None, article: Article, number: str, heading: str,
                   body: str, level: int) -> Article:
    """Change a unit of the draft (its key, which compares versions, stays the same).

    Once announced, the change never alters the announced text: it makes a new public revised
    version (the latest text with this change), returned with the article in it.
    """
    consultation = article.version.consultation
    _require_editable(consultation, article)
    _check_level(level)
    if not (heading.strip() or body.strip()):
        raise ValidationError({"body": _("Write the text of the article (or at least a "
                                         "heading).")})
    values: dict[str, Any] = {"number": number.strip()[:60], "heading": heading.strip()[:300],
                              "body": body.strip(), "level": level}
    if consultation.state != ConsultationState.DRAFT:
        revised = _revise_announced(acting_user, consultation, article, replacement=Unit(
            key=article.key, number=values["number"], heading=values["heading"],
            body=values["body"], level=level))
        assert revised is not None
        return revised
    audited_update(article, organization=consultation.organization, actor=acting_user,
                   action=ConsultationAction.CONSULTATION_ARTICLE_UPDATE, values=values)
    renumber_parents(article.version)
    article.refresh_from_db()
    return article


@transaction.atomic
def article_delete(*, acting_user: User | None, article: Article) -> None:
    """Delete a unit of the draft; once announced, a new public version leaves it out."""
    consultation = article.version.consultation
    _require_editable(consultation, article)
    if _article_has_contributions(article):
        raise ArticleLocked(_("People have commented on %(article)s: it cannot be deleted.")
                            % {"article": article})
    if consultation.state != ConsultationState.DRAFT:
        _revise_announced(acting_user, consultation, article, replacement=None)
        return
    version = article.version
    audited_delete(article, organization=consultation.organization, actor=acting_user,
                   action=ConsultationAction.CONSULTATION_ARTICLE_DELETE)
    renumber_parents(version)


@transaction.atomic
def article_move(*, acting_user: User | None, article: Article,
                 direction: Literal["up", "down"]) -> bool:
    """Swap the unit with its neighbour. False when it is already at that end.

    Only while a draft: the order of an announced text changes by a revised version.
    """
    consultation = article.version.consultation
    _require_editable(consultation, article)
    if consultation.state != ConsultationState.DRAFT:
        raise ArticleLocked(_("The draft was announced: upload a revised version of the text "
                              "to change the order of its articles."))
    order = swap_with_neighbour(Article.objects.filter(version_id=article.version_id), article,
                                direction)
    if order is None:
        return False
    audit_record(organization=consultation.organization, actor=acting_user,
                 action=ConsultationAction.CONSULTATION_ARTICLE_MOVE,
                 obj=article, changes={"order": order})
    renumber_parents(article.version)
    article.refresh_from_db()
    return True


# --- import --------------------------------------------------------------------------------


def unique_units(units: Iterable[Unit]) -> list[Unit]:
    """The units with keys made unique (a document may repeat a numbering by mistake)."""
    seen: set[str] = set()
    result: list[Unit] = []
    for unit in units:
        key = (unit.key or "unit")[:60]
        base, counter = key, 2
        while key in seen:
            suffix = f"-{counter}"
            key = base[: 60 - len(suffix)] + suffix
            counter += 1
        seen.add(key)
        level = unit.level if unit.level in (0, 1, 2) else 1
        result.append(Unit(key=key, number=(unit.number or "")[:60],
                           heading=(unit.heading or "")[:300], body=unit.body or "",
                           level=level))
    return result


def renumber_parents(version: DraftVersion) -> None:
    """Give each paragraph the numbering of the article above it ("(1)" → "Art. 2 (1)")."""
    changed: list[Article] = []
    current = ""
    for article in Article.objects.filter(version=version).order_by("position", "id"):
        if article.level <= 1:
            current = article.number if article.level == 1 else ""
            wanted = ""
        else:
            wanted = current
        if article.parent_number != wanted:
            article.parent_number = wanted
            changed.append(article)
    Article.objects.bulk_update(changed, ["parent_number"])


def write_units(version: DraftVersion, units: Sequence[Unit]) -> int:
    """Store ``units`` as the articles of ``version`` (which must be empty). No audit."""
    Article.objects.bulk_create([
        Article(version=version, key=unit.key, number=unit.number, heading=unit.heading,
                body=unit.body, level=unit.level, position=position)
        for position, unit in enumerate(unique_units(units))
    ])
    renumber_parents(version)
    return len(units)


@transaction.atomic
def draft_replace(*, acting_user: User | None, consultation: Consultation,
                  units: Sequence[Unit], source_name: str = "") -> int:
    """Replace the draft's articles with ``units`` (only while the consultation is a draft).

    Returns the number of units stored.
    """
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.state != ConsultationState.DRAFT:
        raise ArticleLocked(_("The draft was announced: upload a revised version of the text "
                              "instead of replacing it."))
    if not units:
        raise ValidationError(legal_messages.message_for(legal_messages.NO_ARTICLES))
    version = draft_version(consultation)
    old = Article.objects.filter(version=version)
    if Contribution.objects.filter(article__in=old).exists():
        raise ArticleLocked(_("Contributions are registered on articles of this draft: its "
                              "text cannot be replaced."))
    replaced = old.count()
    old.delete()
    count = write_units(version, units)
    version.source_name = source_name[:200]
    version.save(update_fields=["source_name"])
    audit_record(organization=consultation.organization, actor=acting_user,
                 action=ConsultationAction.CONSULTATION_DRAFT_IMPORT, obj=consultation,
                 changes={"articles": [replaced, count], "source": [None, source_name[:200]]})
    return count


@transaction.atomic
def draft_import(*, acting_user: User | None, consultation: Consultation, data: bytes,
                 filename: str) -> int:
    """Replace the draft's articles with those read from a DOCX, ODT, Markdown or text file.

    Only while the consultation is a draft. Raises ``participa.lib.documents.DocumentError``
    when the file cannot be read; returns the number of units imported.
    """
    if consultation.state != ConsultationState.DRAFT:
        raise ArticleLocked(_("The draft was announced: upload a revised version of the text "
                              "instead of replacing it."))
    units = parse_document(data, filename)
    return draft_replace(acting_user=acting_user, consultation=consultation, units=units,
                         source_name=filename)
