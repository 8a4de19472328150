"""Audit actions: the one enumeration of what the audit log records.

The values are the action strings stored before the enumeration existed, so stored rows stay
valid. Add a member (and a migration: the database refuses unknown actions) for a new action.
"""

from __future__ import annotations

from django.db import models


class AuditAction(models.TextChoices):
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

    CAMPAIGN_DETECT = "campaign.detect"
    CAMPAIGN_DISSOLVE = "campaign.dissolve"
    CAMPAIGN_MERGE = "campaign.merge"
    CAMPAIGN_REMOVE_MEMBER = "campaign.remove_member"
    CAMPAIGN_RENAME = "campaign.rename"

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

    CONSULTATION_ARTICLE_CREATE = "consultation.article_create"
    CONSULTATION_ARTICLE_DELETE = "consultation.article_delete"
    CONSULTATION_ARTICLE_MOVE = "consultation.article_move"
    CONSULTATION_ARTICLE_UPDATE = "consultation.article_update"
    CONSULTATION_CHANGE_LINK = "consultation.change_link"
    CONSULTATION_CLOSE_FINAL = "consultation.close_final"
    CONSULTATION_CREATE = "consultation.create"
    CONSULTATION_DATE_CHANGE = "consultation.date_change"
    CONSULTATION_DOCUMENT_ROLE = "consultation.document_role"
    CONSULTATION_DRAFT_IMPORT = "consultation.draft_import"
    CONSULTATION_MARK_ADOPTED = "consultation.mark_adopted"
    CONSULTATION_PUBLISH = "consultation.publish"
    CONSULTATION_UPDATE = "consultation.update"
    CONSULTATION_URGENCY = "consultation.urgency"
    CONSULTATION_VERSION_CREATE = "consultation.version_create"

    CONTRIBUTION_CREATE = "contribution.create"
    CONTRIBUTION_REDACTION_APPROVE = "contribution.redaction_approve"
    CONTRIBUTION_REDACTION_UPDATE = "contribution.redaction_update"

    DEBATE_CREATE = "debate.create"
    DEBATE_MINUTES_PUBLISH = "debate.minutes_publish"
    DEBATE_UPDATE = "debate.update"

    DEBATE_REQUEST_CREATE = "debate_request.create"
    DEBATE_REQUEST_SCHEDULE = "debate_request.schedule"

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

    MAILBOX_IMPORT_CONFIRM = "mailbox_import.confirm"
    MAILBOX_IMPORT_DISCARD = "mailbox_import.discard"
    MAILBOX_IMPORT_RESUME = "mailbox_import.resume"
    MAILBOX_IMPORT_UPLOAD = "mailbox_import.upload"

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

    PAGE_CREATE = "page.create"
    PAGE_DELETE = "page.delete"
    PAGE_MOVE = "page.move"
    PAGE_UPDATE = "page.update"

    PHASE_CREATE = "phase.create"
    PHASE_DELETE = "phase.delete"
    PHASE_MOVE = "phase.move"
    PHASE_UPDATE = "phase.update"

    REDACTION_TOOL = "redaction.tool"  # legacy: reads are no longer audited

    REPORT_BUILD = "report.build"
    REPORT_PUBLISH = "report.publish"
    REPORT_REQUEST = "report.request"

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
