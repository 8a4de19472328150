"""Every write of comments: create (and reply), edit, delete, support. Audited, atomic."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.comments import permissions, registry
from participa.comments.models import MAX_DEPTH, Alignment, Comment, CommentRevision, Support
from participa.core.actions import AuditAction
from participa.core.audit import audit_record, audited_create, audited_update
from participa.core.models import Organization, User, UserGroup
from participa.core.redaction import redact_identifiers
from participa.notifications import services as notifications


def _clean_body(body: str, org: Organization) -> str:
    """The text as published: trimmed, with e-mail addresses, phone numbers, ID numbers and
    IBANs removed (views tell the author what was removed, see ``core.redaction``)."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write your comment.")})
    return redact_identifiers(org, body).text


@transaction.atomic
def comment_create(*, acting_user: User, target: Any, body: str, alignment: str = "",
                   user_group: UserGroup | None = None,
                   parent: Comment | None = None) -> Comment:
    """Comment on ``target`` (or reply to ``parent``: a reply to a reply joins the same thread,
    at most two levels deep). The author follows ``target``; its followers are notified."""
    spec = registry.get(target)
    if spec is None or not permissions.can_comment(acting_user, target):
        raise PermissionDenied
    org = spec.organization(target)
    body = _clean_body(body, org)
    if alignment not in Alignment.values:
        raise ValidationError({"alignment": _("Choose a position from the list.")})
    if user_group is not None and user_group.pk not in {
        group.pk for group in permissions.groups_for_author(acting_user, org)
    }:
        raise ValidationError({"user_group": _("You can only comment on behalf of a group "
                                               "you are a member of.")})
    content_type = ContentType.objects.get_for_model(target)
    thread: Comment | None = None
    depth = 0
    if parent is not None:
        if parent.target_type_id != content_type.pk or parent.target_id != target.pk:
            raise ValidationError(_("This reply does not belong to this conversation."))
        if parent.is_deleted:
            raise ValidationError(_("You can't reply to a deleted comment."))
        if parent.depth >= MAX_DEPTH:
            parent = parent.parent
            assert parent is not None
        thread = parent.thread or parent
        depth = parent.depth + 1
    comment: Comment = audited_create(
        Comment, organization=org, actor=acting_user, action=AuditAction.COMMENTS_CREATE,
        values={
            "organization": org, "space": spec.space(target), "target_type": content_type,
            "target_id": target.pk, "author": acting_user, "user_group": user_group,
            "parent": parent, "thread": thread, "depth": depth, "alignment": alignment,
            "body": body,
        },
    )

    notifications.follow_create(user=acting_user, target=target, automatic=True)
    extra = {"comment_id": comment.pk}
    if user_group is not None:
        extra["group_id"] = user_group.pk
    notifications.notify(event="comment.replied" if parent is not None else "comment.created",
                         target=target, actor=acting_user, extra=extra)
    return comment


@transaction.atomic
def comment_edit(*, acting_user: User, comment: Comment, target: Any, body: str,
                 alignment: str) -> Comment:
    """The author corrects the comment within the edit window; it then shows "edited". The
    version it replaces is kept for the moderators (``CommentRevision``)."""
    if not permissions.can_edit_comment(acting_user, comment, target):
        raise PermissionDenied
    body = _clean_body(body, comment.organization)
    if alignment not in Alignment.values:
        raise ValidationError({"alignment": _("Choose a position from the list.")})
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    comment.body, comment.alignment = locked.body, locked.alignment
    comment.edited_at = locked.edited_at
    if body == comment.body and alignment == comment.alignment:
        return comment
    now = timezone.now()
    CommentRevision.objects.create(
        comment=comment, body=comment.body, alignment=comment.alignment,
        published_at=comment.edited_at or comment.created_at, replaced_at=now,
    )
    audited_update(comment, organization=comment.organization, actor=acting_user,
                   action=AuditAction.COMMENTS_EDIT, values={
                       "body": body, "alignment": alignment, "edited_at": now,
                   })
    return comment


@transaction.atomic
def comment_delete(*, acting_user: User, comment: Comment, target: Any) -> Comment:
    """The author deletes the comment: its text goes, the thread and its replies stay."""
    if not permissions.can_delete_comment(acting_user, comment, target):
        raise PermissionDenied
    CommentRevision.objects.filter(comment=comment).delete()
    audited_update(comment, organization=comment.organization, actor=acting_user,
                   action=AuditAction.COMMENTS_DELETE, values={
                       "body": "", "alignment": Alignment.NONE, "user_group": None,
                       "deleted_at": timezone.now(),
                   })
    return comment


@transaction.atomic
def comment_support_toggle(*, acting_user: User, comment: Comment, target: Any) -> bool:
    """Support the comment, or withdraw the support; returns whether it is now supported."""
    if not permissions.can_support_comment(acting_user, comment, target):
        raise PermissionDenied
    Comment.objects.select_for_update().filter(pk=comment.pk).values_list("pk").first()
    existing = Support.objects.filter(comment=comment, user=acting_user).first()
    if existing is not None:
        audit_record(organization=comment.organization, actor=acting_user,
                     action=AuditAction.COMMENTS_UNSUPPORT, obj=comment)
        existing.delete()
        Comment.objects.filter(pk=comment.pk).update(support_count=F("support_count") - 1)
        return False
    audited_create(Support, organization=comment.organization, actor=acting_user,
                   action=AuditAction.COMMENTS_SUPPORT,
                   values={"comment": comment, "user": acting_user})
    Comment.objects.filter(pk=comment.pk).update(support_count=F("support_count") + 1)
    return True
