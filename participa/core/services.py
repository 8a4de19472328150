"""Writes on organizations, people, groups, roles, scopes and areas. Each one is audited.

Business rules that a form cannot check alone (a group keeps at least one administrator, a
person asks to join a group only once, a short name is unique in the organization) raise
``ValidationError`` with a message the view shows as it is.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from participa.core.actions import AuditAction
from participa.core.audit import (
    audited_create,
    audited_delete,
    audited_update,
)
from participa.core.models import (
    GroupMembership,
    Organization,
    TermsAcceptance,
    User,
    UserGroup,
)
from participa.core.redaction import redact_identifiers
from participa.core.signals import created_by_person

EMAIL_FREQUENCIES = ("immediately", "daily", "weekly", "none")

LAST_ADMIN_MESSAGE = _(
    "A group needs at least one group administrator. Make another member an administrator "
    "first."
)


# People -------------------------------------------------------------------------------------


@transaction.atomic
def user_set_language(*, user: User, language: str) -> None:
    audited_update(user, organization=user.organization, actor=user,
                   action=AuditAction.USER_SET_LANGUAGE, values={"preferred_language": language})


@transaction.atomic
def user_complete_signup(*, acting_user: User, user: User, display_name: str) -> None:
    """Record the public name chosen on the sign-up form (the account itself comes from
    django-allauth)."""
    audited_update(user, organization=user.organization, actor=acting_user,
                   action=AuditAction.USER_SIGNUP, values={
                       "display_name": redact_identifiers(user.organization,
                                                          display_name.strip()).text,
                   })


@transaction.atomic
def user_accept_terms(*, acting_user: User, user: User, organization: Organization,
                      version: str) -> TermsAcceptance:
    """Record that ``user`` accepted the organization's terms of use and privacy notice of
    ``version`` (the one shown to them). Accepting the same version again changes nothing."""
    if user.organization_id != organization.pk:
        raise ValidationError(_("Only people registered with this organization can accept "
                                "its terms."))
    if version != organization.terms_version:
        raise ValidationError({"accept_terms": _(
            "The terms have just changed. Read the new version and accept it."
        )})
    existing = TermsAcceptance.objects.filter(organization=organization, user=user,
                                              version=version).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():  # a double submission at the same moment: one record
            acceptance: TermsAcceptance = audited_create(
                TermsAcceptance, organization=organization, actor=acting_user,
                action=AuditAction.USER_ACCEPT_TERMS,
                values={"organization": organization, "user": user, "version": version},
            )
    except (IntegrityError, ValidationError):
        # The same acceptance was committed by a parallel request between the check above and
        # this insert: the unique check (model validation) or the constraint refused ours.
        existing = TermsAcceptance.objects.filter(organization=organization, user=user,
                                                  version=version).first()
        if existing is None:
            raise
        return existing
    return acceptance


@transaction.atomic
def user_update_profile(
    *,
    acting_user: User,
    user: User,
    display_name: str,
    about: str,
    preferred_language: str,
) -> dict[str, list[Any]]:
    org = user.organization
    if preferred_language and org is not None and preferred_language not in org.languages:
        raise ValidationError(
            {"preferred_language": _("Choose one of the languages of this site.")}
        )
    return audited_update(
        user, organization=org, actor=acting_user, action=AuditAction.USER_UPDATE_PROFILE,
        values={
            # Published on the profile: identifiers are removed (the view tells the person).
            "display_name": redact_identifiers(org, display_name.strip()).text,
            "about": redact_identifiers(org, about.strip()).text,
            "preferred_language": preferred_language,
        },
    )


@transaction.atomic
def user_update_notification_preferences(
    *, acting_user: User, user: User, email_frequency: str, newsletter: bool | None = None
) -> dict[str, list[Any]]:
    if email_frequency not in EMAIL_FREQUENCIES:
        raise ValidationError({"email_frequency": _("Choose one of the options.")})
    preferences = dict(user.notification_preferences or {})
    preferences["email_frequency"] = email_frequency
    if newsletter is not None and (newsletter or "newsletter" in preferences):
        preferences["newsletter"] = bool(newsletter)  # absent means "not subscribed"
    return audited_update(
        user, organization=user.organization, actor=acting_user,
        action=AuditAction.USER_UPDATE_NOTIFICATION_PREFERENCES,
        values={"notification_preferences": preferences},
    )


# Groups -------------------------------------------------------------------------------------


def group_admins(group: UserGroup) -> Any:
    return GroupMembership.objects.filter(
        group=group, role=GroupMembership.Role.ADMIN, status=GroupMembership.Status.ACCEPTED
    )


RESERVED_GROUP_SLUGS = frozenset({"new"})


def _unique_slug(group: UserGroup | None, organization: Any, slug: str) -> None:
    if slug in RESERVED_GROUP_SLUGS:
        raise ValidationError({"slug": _(
            "The short name “%(slug)s” is reserved. Choose a different one."
        ) % {"slug": slug}})
    taken = UserGroup.objects.filter(organization=organization, slug=slug)
    if group is not None:
        taken = taken.exclude(pk=group.pk)
    if taken.exists():
        raise ValidationError({"slug": _(
            "Another group already uses the short name “%(slug)s”. Choose a different one."
        ) % {"slug": slug}})


def group_slug_from_name(name: str) -> str:
    return slugify(name)[:80].strip("-")


GROUP_FIELDS = ("name", "slug", "kind", "description", "website", "registration_number")


@transaction.atomic
def group_create(*, acting_user: User, values: dict[str, Any]) -> UserGroup:
    """Create a group in the person's organization; the creator becomes its administrator."""
    org = acting_user.organization
    if org is None:
        raise ValidationError(_("Only people registered with this organization can create "
                                "groups."))
    data = {key: values[key] for key in GROUP_FIELDS if key in values}
    data["description"] = redact_identifiers(org, str(data.get("description") or "")).text
    data["slug"] = data.get("slug") or group_slug_from_name(str(data.get("name", "")))
    if not data["slug"]:
        raise ValidationError({"slug": _("Enter a short name using letters, numbers or "
                                         "hyphens.")})
    _unique_slug(None, org, data["slug"])
    group: UserGroup = audited_create(UserGroup, organization=org, actor=acting_user,
                                      action=AuditAction.GROUP_CREATE,
                                      values={**data, "organization": org})
    audited_create(GroupMembership, organization=org, actor=acting_user,
                   action=AuditAction.GROUP_JOIN,
                   values={"group": group, "user": acting_user,
                           "role": GroupMembership.Role.ADMIN,
                           "status": GroupMembership.Status.ACCEPTED})
    created_by_person.send(sender=UserGroup, user=acting_user, target=group)
    return group


# What the municipality checked when it verified a group: changing any of them ends the
# verification until staff verify the group again.
VERIFIED_FIELDS = ("name", "kind", "registration_number")


@transaction.atomic
def group_update(*, acting_user: User, group: UserGroup,
                 values: dict[str, Any]) -> dict[str, list[Any]]:
    """Save the group's details. A verified group that changes its name, type or registration
    number loses the "Verified" badge until staff verify it again.

    The change applies to the row as it is now (locked), not to the caller's copy: a stale
    copy can neither restore a verification that ended meanwhile nor undo a verification's
    end."""
    fresh = (UserGroup.objects.select_for_update().select_related("organization")
             .get(pk=group.pk))
    data = {key: values[key] for key in GROUP_FIELDS if key in values}
    if "slug" in data:
        data["slug"] = data["slug"] or group_slug_from_name(str(data.get("name", fresh.name)))
        _unique_slug(fresh, fresh.organization, data["slug"])
    if "description" in data:
        data["description"] = redact_identifiers(
            fresh.organization, str(data["description"] or "")
        ).text
    if fresh.verified_at is not None and any(
        key in data and str(data[key]).strip() != str(getattr(fresh, key)).strip()
        for key in VERIFIED_FIELDS
    ):
        data["verified_at"] = None
        data["verified_by"] = None
    changes = audited_update(fresh, organization=fresh.organization, actor=acting_user,
                             action=AuditAction.GROUP_UPDATE, values=data)
    for field in (*GROUP_FIELDS, "verified_at", "verified_by_id"):
        setattr(group, field, getattr(fresh, field))
    return changes


@transaction.atomic
def group_request_join(*, acting_user: User, group: UserGroup) -> GroupMembership:
    if acting_user.organization_id != group.organization_id:
        raise ValidationError(_("Only people registered with this organization can join its "
                                "groups."))
    already = _("You are already a member of this group or have asked to join.")
    if GroupMembership.objects.filter(group=group, user=acting_user).exists():
        raise ValidationError(already)
    try:
        # Two requests at once (a double click, parallel tabs): the unique constraint lets one
        # in; the other gets the same answer as if it had come second.
        with transaction.atomic():
            membership: GroupMembership = audited_create(
                GroupMembership, organization=group.organization, actor=acting_user,
                action=AuditAction.GROUP_REQUEST_JOIN,
                values={"group": group, "user": acting_user,
                        "role": GroupMembership.Role.MEMBER,
                        "status": GroupMembership.Status.REQUESTED},
            )
    except IntegrityError as error:
        raise ValidationError(already) from error
    return membership


def _locked_membership(group: UserGroup, membership_id: int) -> GroupMembership:
    membership = (GroupMembership.objects.select_for_update()
                  .filter(group=group, pk=membership_id).select_related("user").first())
    if membership is None:
        raise ValidationError(_("This person is not in the group any more."))
    return membership


@transaction.atomic
def group_accept_member(*, acting_user: User, group: UserGroup,
                        membership_id: int) -> GroupMembership:
    membership = _locked_membership(group, membership_id)
    if membership.status != GroupMembership.Status.REQUESTED:
        raise ValidationError(_("This person is already a member."))
    audited_update(membership, organization=group.organization, actor=acting_user,
                   action=AuditAction.GROUP_ACCEPT_MEMBER,
                   values={"status": GroupMembership.Status.ACCEPTED})
    return membership


@transaction.atomic
def group_reject_member(*, acting_user: User, group: UserGroup, membership_id: int) -> None:
    membership = _locked_membership(group, membership_id)
    if membership.status != GroupMembership.Status.REQUESTED:
        raise ValidationError(_("This request has already been answered."))
    audited_delete(membership, organization=group.organization, actor=acting_user,
                   action=AuditAction.GROUP_REJECT_MEMBER)


def _ensure_other_admin(group: UserGroup, membership: GroupMembership) -> None:
    """Refuse to leave the group without an administrator."""
    if membership.role != GroupMembership.Role.ADMIN:
        return
    # Lock every administrator row so two admins cannot both step down at the same time.
    admins = list(group_admins(group).select_for_update().values_list("pk", flat=True))
    if [pk for pk in admins if pk != membership.pk] == []:
        raise ValidationError(LAST_ADMIN_MESSAGE)


@transaction.atomic
def group_remove_member(*, acting_user: User, group: UserGroup, membership_id: int) -> None:
    membership = _locked_membership(group, membership_id)
    _ensure_other_admin(group, membership)
    audited_delete(membership, organization=group.organization, actor=acting_user,
                   action=AuditAction.GROUP_REMOVE_MEMBER)


@transaction.atomic
def group_set_member_role(*, acting_user: User, group: UserGroup, membership_id: int,
                          role: str) -> GroupMembership:
    if role not in GroupMembership.Role.values:
        raise ValidationError(_("Unknown role."))
    membership = _locked_membership(group, membership_id)
    if membership.status != GroupMembership.Status.ACCEPTED:
        raise ValidationError(_("Accept the request before choosing a role."))
    if role != GroupMembership.Role.ADMIN:
        _ensure_other_admin(group, membership)
    audited_update(membership, organization=group.organization, actor=acting_user,
                   action=AuditAction.GROUP_SET_MEMBER_ROLE, values={"role": role})
    return membership


@transaction.atomic
def group_leave(*, acting_user: User, group: UserGroup) -> None:
    membership = (GroupMembership.objects.select_for_update()
                  .filter(group=group, user=acting_user).first())
    if membership is None:
        raise ValidationError(_("You are not a member of this group."))
    _ensure_other_admin(group, membership)
    audited_delete(membership, organization=group.organization, actor=acting_user,
                   action=AuditAction.GROUP_LEAVE)
