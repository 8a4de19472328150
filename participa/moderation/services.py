"""Every write of moderation: reports, automatic hiding, moderators' decisions, blocks."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.core.actions import AuditAction
from participa.core.audit import audit_record, audited_create, audited_delete, audited_update
from participa.core.models import Organization, User
from participa.moderation import registry
from participa.moderation.models import Block, Moderation, Report, ReportReason
from participa.moderation.permissions import can_block_users, can_moderate, can_report

DEFAULT_HIDE_THRESHOLD = 3


def hide_threshold(obj: Any) -> int:
    """How many reports hide ``obj`` pending review: the component's setting if it has one,
    else ``settings.MODERATION_HIDE_THRESHOLD`` (default 3)."""
    spec = registry.get(obj)
    specific = spec.threshold(obj) if spec is not None else None
    if specific:
        return max(1, int(specific))
    return max(1, int(getattr(settings, "MODERATION_HIDE_THRESHOLD", DEFAULT_HIDE_THRESHOLD)))


def _locked_moderation(obj: Any, spec: registry.Reportable) -> Moderation:
    """The object's moderation row, created if missing, locked until the transaction ends.

    The insert ignores a conflict with a concurrent one (unique constraint), so parallel
    first reports never raise IntegrityError; the row lock then serialises them."""
    content_type = ContentType.objects.get_for_model(obj)
    space = spec.space(obj)
    Moderation.objects.bulk_create([Moderation(
        organization=spec.organization(obj), space=space, content_type=content_type,
        object_id=obj.pk,
    )], ignore_conflicts=True)
    return Moderation.objects.select_for_update().get(content_type=content_type,
                                                      object_id=obj.pk)


@transaction.atomic
def report_create(*, acting_user: User, obj: Any, reason: str, note: str = "") -> Report:
    """Report ``obj``; once per person. At the threshold the object is hidden pending review
    (exactly once, even under concurrent reports)."""
    spec = registry.get(obj)
    if spec is None or not can_report(acting_user, obj):
        raise PermissionDenied
    if reason not in ReportReason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    org = spec.organization(obj)
    moderation = _locked_moderation(obj, spec)
    if Report.objects.filter(moderation=moderation, user=acting_user).exists():
        raise ValidationError(_("You have already reported this. The moderators will review it."))
    report = audited_create(
        Report, organization=org, actor=acting_user, action=AuditAction.MODERATION_REPORT,
        values={"moderation": moderation, "user": acting_user, "reason": reason,
                "note": note.strip(), "snapshot": spec.text(obj)},
    )
    now = timezone.now()
    moderation.report_count += 1
    moderation.last_reported_at = now
    fields = ["report_count", "last_reported_at"]
    if moderation.hidden_at is None and moderation.status == Moderation.Status.REVIEWED:
        moderation.status = Moderation.Status.PENDING  # new reports after a review: look again
        fields.append("status")
    if (moderation.hidden_at is None and moderation.reviewed_at is None
            and moderation.report_count >= hide_threshold(obj)):
        moderation.hidden_at = now
        moderation.status = Moderation.Status.PENDING
        fields += ["hidden_at", "status"]
        audit_record(organization=org, actor=None, action=AuditAction.MODERATION_AUTO_HIDE,
                     obj=moderation, changes={"report_count": moderation.report_count,
                                              "object": f"{spec.label}#{obj.pk}"})
    moderation.save(update_fields=list(dict.fromkeys(fields)))
    return report


def _lock(moderation: Moderation) -> Moderation:
    locked = Moderation.objects.select_for_update(of=("self",)).select_related(
        "organization", "space", "content_type").get(pk=moderation.pk)
    return locked


@transaction.atomic
def moderation_hide(*, acting_user: User, moderation: Moderation, reason: str) -> Moderation:
    """Hide the content; ``reason`` is shown publicly in its place."""
    if not can_moderate(acting_user, moderation):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason shown in place of the content.")})
    moderation = _lock(moderation)
    now = timezone.now()
    audited_update(moderation, organization=moderation.organization, actor=acting_user,
                   action=AuditAction.MODERATION_HIDE, values={
                       "hidden_at": moderation.hidden_at or now, "hidden_reason": reason,
                       "hidden_by": acting_user, "status": Moderation.Status.REVIEWED,
                       "reviewed_at": now, "reviewed_by": acting_user,
                   })
    return moderation


@transaction.atomic
def moderation_unhide(*, acting_user: User, moderation: Moderation) -> Moderation:
    """Show the content again: the reports were reviewed and it stays."""
    if not can_moderate(acting_user, moderation):
        raise PermissionDenied
    moderation = _lock(moderation)
    now = timezone.now()
    audited_update(moderation, organization=moderation.organization, actor=acting_user,
                   action=AuditAction.MODERATION_UNHIDE, values={
                       "hidden_at": None, "hidden_reason": "", "hidden_by": None,
                       "status": Moderation.Status.REVIEWED, "reviewed_at": now,
                       "reviewed_by": acting_user,
                   })
    return moderation


@transaction.atomic
def block_create(*, acting_user: User, organization: Organization, user: User, reason: str,
                 moderation: Moderation | None = None) -> Block:
    """Block ``user`` in ``organization``: they can no longer post; their content is hidden."""
    if not can_block_users(acting_user, organization):
        raise PermissionDenied
    if user.organization_id != organization.pk or user.pk == acting_user.pk:
        raise ValidationError(_("This person can't be blocked here."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for blocking.")})
    already = ValidationError(_("This person is already blocked."))
    if Block.objects.filter(organization=organization, user=user).exists():
        raise already
    try:
        with transaction.atomic():  # a concurrent block of the same person: one wins
            block: Block = audited_create(
                Block, organization=organization, actor=acting_user,
                action=AuditAction.MODERATION_BLOCK,
                values={"organization": organization, "user": user, "reason": reason,
                        "blocked_by": acting_user},
            )
    except IntegrityError as error:
        raise already from error
    if moderation is not None:
        moderation = _lock(moderation)
        now = timezone.now()
        audited_update(moderation, organization=organization, actor=acting_user,
                       action=AuditAction.MODERATION_REVIEW, values={
                           "status": Moderation.Status.REVIEWED, "reviewed_at": now,
                           "reviewed_by": acting_user,
                       })
    user.__dict__.pop("_participa_blocked", None)
    return block


@transaction.atomic
def block_delete(*, acting_user: User, block: Block) -> None:
    """Unblock: the person may post again and their content shows again."""
    if not can_block_users(acting_user, block.organization):
        raise PermissionDenied
    audited_delete(block, organization=block.organization, actor=acting_user,
                   action=AuditAction.MODERATION_UNBLOCK)
