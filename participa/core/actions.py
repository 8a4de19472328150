"""Audit actions: what the audit log records, declared by whoever records it.

``AuditAction`` holds the actions of core and of the shared services (answers, comments,
moderation, notifications, attachments, spaces, tracking, verifications, opendata …). A component
declares its own enumeration in its manifest (``ComponentSpec.audit_actions``) and the spaces
registry feeds it to :func:`register_actions`, so a new component edits no file of core. The
values are the action strings stored before the enumerations existed, so stored rows stay
valid; ``audit_record()`` refuses a value that no registered enumeration declares, and the
database refuses free text (the ``auditentry_action_format`` check).

This module sits in ``core``: it never imports ``spaces`` or a component.
"""

from __future__ import annotations

from django.db import models

from participa.core.action_tables import ActionTable

__all__ = ["AuditAction", "action_choices", "action_enums", "known_action", "register_actions"]


class AuditAction(models.TextChoices):
    """The actions core and the shared services record."""

    ANSWER_APPROVE = "answer.approve"
    ANSWER_DRAFT = "answer.draft"
    ANSWER_PUBLISH_ALL = "answer.publish_all"
    ANSWER_RESTORE = "answer.restore"
    ANSWER_REVIEW_COMMENT = "answer.review_comment"
    ANSWER_SEND_BACK = "answer.send_back"
    ANSWER_SUPERSEDE = "answer.supersede"
    ANSWER_UPDATE = "answer.update"

    AREA_CREATE = "area.create"
    AREA_DELETE = "area.delete"
    AREA_UPDATE = "area.update"

    ATTACHMENT_CREATE = "attachment.create"
    ATTACHMENT_DELETE = "attachment.delete"

    COMMENTS_CREATE = "comments.create"
    COMMENTS_DELETE = "comments.delete"
    COMMENTS_EDIT = "comments.edit"
    COMMENTS_REDACTION_APPROVE = "comments.redaction_approve"
    COMMENTS_SUPPORT = "comments.support"
    COMMENTS_UNSUPPORT = "comments.unsupport"

    COMPONENT_CREATE = "component.create"
    COMPONENT_DELETE = "component.delete"
    COMPONENT_PHASE_SETTINGS = "component.phase_settings"
    COMPONENT_PUBLISH = "component.publish"
    COMPONENT_UNPUBLISH = "component.unpublish"
    COMPONENT_UPDATE = "component.update"

    FOLLOW_CREATE = "follow.create"
    FOLLOW_CREATE_AUTOMATIC = "follow.create_automatic"
    FOLLOW_DELETE = "follow.delete"

    GROUP_ACCEPT_MEMBER = "group.accept_member"
    GROUP_CREATE = "group.create"
    GROUP_JOIN = "group.join"
    GROUP_LEAVE = "group.leave"
    GROUP_MEMBER_REMOVED_ACCOUNT_DELETED = "group.member_removed_account_deleted"
    GROUP_REJECT_MEMBER = "group.reject_member"
    GROUP_REMOVE_MEMBER = "group.remove_member"
    GROUP_REQUEST_JOIN = "group.request_join"
    GROUP_SET_MEMBER_ROLE = "group.set_member_role"
    GROUP_UNVERIFY = "group.unverify"
    GROUP_UPDATE = "group.update"
    GROUP_VERIFY = "group.verify"

    MODERATION_AUTO_HIDE = "moderation.auto_hide"
    MODERATION_BLOCK = "moderation.block"
    MODERATION_HIDE = "moderation.hide"
    MODERATION_REPORT = "moderation.report"
    MODERATION_REVIEW = "moderation.review"
    MODERATION_UNBLOCK = "moderation.unblock"
    MODERATION_UNHIDE = "moderation.unhide"

    NEWSLETTER_CREATE = "newsletter.create"
    NEWSLETTER_SEND = "newsletter.send"
    NEWSLETTER_SEND_TEST = "newsletter.send_test"
    NEWSLETTER_UPDATE = "newsletter.update"

    NOTIFICATION_MARK_ALL_READ = "notification.mark_all_read"
    NOTIFICATION_MARK_READ = "notification.mark_read"
    NOTIFICATION_NOTIFY = "notification.notify"

    OPENDATA_BUILD = "opendata.build"
    OPENDATA_EXPORT_DOWNLOAD = "opendata.export_download"  # legacy: reads are no longer audited

    ORGANIZATION_UPDATE = "organization.update"

    PHASE_CREATE = "phase.create"
    PHASE_DELETE = "phase.delete"
    PHASE_MOVE = "phase.move"
    PHASE_UPDATE = "phase.update"

    REDACTION_TOOL = "redaction.tool"  # legacy: reads are no longer audited

    ROLE_ASSIGN = "role.assign"
    ROLE_REMOVED_ACCOUNT_DELETED = "role.removed_account_deleted"
    ROLE_REVOKE = "role.revoke"

    SCOPE_CREATE = "scope.create"
    SCOPE_DELETE = "scope.delete"
    SCOPE_UPDATE = "scope.update"

    SPACE_CREATE = "space.create"
    SPACE_DELETE = "space.delete"
    SPACE_MEMBER_REMOVED_ACCOUNT_DELETED = "space.member_removed_account_deleted"
    SPACE_PUBLISH = "space.publish"
    SPACE_UNPUBLISH = "space.unpublish"
    SPACE_UPDATE = "space.update"

    SPACE_MEMBERSHIP_ADD = "space_membership.add"
    SPACE_MEMBERSHIP_REMOVE = "space_membership.remove"
    SPACE_MEMBERSHIP_UPDATE = "space_membership.update"

    TRACKING_CREATE = "tracking.create"
    TRACKING_EXPENSE_ADD = "tracking.expense_add"
    TRACKING_EXPENSE_DELETE = "tracking.expense_delete"
    TRACKING_MILESTONE_ADD = "tracking.milestone_add"
    TRACKING_MILESTONE_COMPLETE = "tracking.milestone_complete"
    TRACKING_MILESTONE_DELETE = "tracking.milestone_delete"
    TRACKING_PUBLISH = "tracking.publish"
    TRACKING_UPDATE = "tracking.update"

    TRANSPARENCY_DOWNLOAD = "transparency.download"  # legacy: reads are no longer audited

    USER_ACCEPT_TERMS = "user.accept_terms"
    USER_DELETE_ACCOUNT = "user.delete_account"
    USER_SET_LANGUAGE = "user.set_language"
    USER_SIGNUP = "user.signup"
    USER_UNSUBSCRIBE_NEWSLETTER = "user.unsubscribe_newsletter"
    USER_UNSUBSCRIBE_NOTIFICATIONS = "user.unsubscribe_notifications"
    USER_UPDATE_NOTIFICATION_PREFERENCES = "user.update_notification_preferences"
    USER_UPDATE_PROFILE = "user.update_profile"

    VERIFICATION_ADDRESS_DECLARE = "verification.address_declare"
    VERIFICATION_CODE_SEND = "verification.code_send"
    VERIFICATION_GRANT = "verification.grant"
    VERIFICATION_METHODS_UPDATE = "verification.methods_update"
    VERIFICATION_REGISTER_IMPORT = "verification.register_import"
    VERIFICATION_REVOKE = "verification.revoke"


# Every registered enumeration of audit actions, and the one that declares each value.
_TABLE = ActionTable("audit action")


def register_actions(enum: type[models.TextChoices]) -> None:
    """Declare the audit actions of ``enum``. Idempotent; a value may belong to one enumeration
    only (a component never reuses another's action)."""
    _TABLE.register(enum)


def known_action(value: str) -> bool:
    """Whether a registered enumeration declares ``value``."""
    return _TABLE.known(value)


def action_enums() -> list[type[models.TextChoices]]:
    """The registered enumerations, core's first."""
    return list(_TABLE.enums)


def action_choices() -> list[tuple[str, str]]:
    """``(value, label)`` of every registered action, sorted by value (the field's choices)."""
    return _TABLE.choices()


register_actions(AuditAction)
