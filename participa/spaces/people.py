"""A person's data in every layer: their account, groups, space memberships and what every
component declares (``ItemSpec.personal_data``), for "download my data" and "delete my account".

It sits in ``spaces``, the lowest layer that reads the components' manifests; the views are in
``participa/site/views.py``.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.core.actions import AuditAction
from participa.core.audit import audit_record, audited_delete, audited_update
from participa.core.i18n import translated
from participa.core.models import AuditEntry, GroupMembership, Role, User
from participa.core.services import group_admins
from participa.core.signals import person_erased
from participa.spaces.models import SpaceMembership
from participa.spaces.registry import all_item_specs, all_specs


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else value


def user_personal_data(user: User) -> dict[str, Any]:
    """Everything the person gave or did, for "download my data" (their own legal name too)."""
    org = user.organization
    data: dict[str, Any] = {
        "exported_at": _iso(timezone.now()),
        "organization": org.name if org else None,
        "profile": {
            "username": user.username,
            "public_name": user.display_name,
            "legal_name": user.legal_name,
            "email": user.email,
            "about": user.about,
            "preferred_language": user.preferred_language,
            "notification_preferences": user.notification_preferences,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("id")
        ],
        "terms_accepted": [
            {"version": acceptance.version, "accepted_at": _iso(acceptance.accepted_at)}
            for acceptance in user.terms_acceptances.order_by("accepted_at", "id")
        ],
        "groups": [
            {
                "name": membership.group.name,
                "slug": membership.group.slug,
                "type": membership.group.kind,
                "description": membership.group.description,
                "website": membership.group.website,
                "registration_number": membership.group.registration_number,
                "verified": membership.group.is_verified,
                "role": membership.role,
                "status": membership.status,
                "since": _iso(membership.created_at),
            }
            for membership in GroupMembership.objects.filter(user=user)
            .select_related("group").order_by("id")
        ],
        "space_memberships": [
            {
                "space": membership.space.slug,
                "title": translated(membership.space.title),
                "role": membership.role,
                "position": membership.position,
                "shown_on_space_page": membership.is_public,
                "since": _iso(membership.created_at),
            }
            for membership in SpaceMembership.objects.filter(user=user)
            .select_related("space").order_by("id")
        ],
        "roles": [
            {
                "role": role.kind,
                "area": role.area.code if role.area else None,
                "scope": role.scope.code if role.scope else None,
                "since": _iso(role.created_at),
            }
            for role in user.roles.select_related("area", "scope").order_by("id")
        ],
        "actions": [
            {
                "action": entry.action,
                "object_type": entry.object_type,
                "object_id": entry.object_id,
                "object": entry.object_repr,
                "changes": entry.changes,
                "at": _iso(entry.created_at),
            }
            for entry in AuditEntry.objects.filter(actor=user).order_by("created_at", "id")
        ],
        "components": {},
    }
    for spec in all_specs():
        # The component's own section, then what each of its items declares.
        section: dict[str, Any] = {}
        if spec.personal_data is not None:
            section.update(spec.personal_data(user))
        for item in spec.items:
            if item.personal_data is not None and item.personal_data.export is not None:
                section.update(item.personal_data.export(user))
        if spec.personal_data is not None or section:
            data["components"][spec.name] = section
    return data


REDACTED = "[removed]"


@transaction.atomic
def user_delete_account(*, acting_user: User, user: User) -> None:
    """Anonymise the person; their contributions stay and show "Deleted participant".

    Names, "about", e-mail addresses and password go; memberships of groups and spaces and
    organization roles are removed. Earlier audit entries about the person keep what happened
    but lose the personal values they recorded. A group left without an administrator gets its
    longest-standing member as administrator.
    """
    org = user.organization
    user_id = user.pk

    memberships = list(
        GroupMembership.objects.select_for_update()
        .filter(user=user).select_related("group")
    )
    for membership in memberships:
        group = membership.group
        was_admin = (membership.role == GroupMembership.Role.ADMIN
                     and membership.status == GroupMembership.Status.ACCEPTED)
        audited_delete(membership, organization=group.organization, actor=acting_user,
                       action=AuditAction.GROUP_MEMBER_REMOVED_ACCOUNT_DELETED)
        if was_admin and not group_admins(group).exists():
            successor = (
                GroupMembership.objects.filter(group=group,
                                               status=GroupMembership.Status.ACCEPTED)
                .order_by("created_at", "id").first()
            )
            if successor is not None:
                audited_update(successor, organization=group.organization, actor=acting_user,
                               action=AuditAction.GROUP_SET_MEMBER_ROLE,
                               values={"role": GroupMembership.Role.ADMIN})
    for space_membership in SpaceMembership.objects.filter(user=user).select_related("space"):
        audited_delete(space_membership, organization=space_membership.space.organization,
                       actor=acting_user, action=AuditAction.SPACE_MEMBER_REMOVED_ACCOUNT_DELETED)
    for role in Role.objects.filter(user=user):
        audited_delete(role, organization=role.organization, actor=acting_user,
                       action=AuditAction.ROLE_REMOVED_ACCOUNT_DELETED)
    EmailAddress.objects.filter(user=user).delete()

    # Earlier audit entries about this person keep the facts, not the personal values.
    for entry in AuditEntry.objects.filter(object_type=user._meta.label_lower,
                                           object_id=str(user_id)):
        entry.changes = {key: [REDACTED, REDACTED] for key in entry.changes}
        entry.object_repr = str(_("Deleted participant"))
        entry.save(update_fields=["changes", "object_repr"])

    cleared = ["display_name", "legal_name", "about", "email", "notification_preferences",
               "first_name", "last_name", "password"]
    user.display_name = ""
    user.legal_name = ""
    user.about = ""
    user.first_name = ""
    user.last_name = ""
    user.email = f"deleted-{user_id}@invalid"
    user.notification_preferences = {}
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.deleted_at = timezone.now()
    user.set_unusable_password()
    user.save()
    for item in all_item_specs():
        if item.personal_data is not None and item.personal_data.erase is not None:
            item.personal_data.erase(user)
    person_erased.send(sender=User, user=user, acting_user=acting_user)
    audit_record(organization=org, actor=acting_user,
                 action=AuditAction.USER_DELETE_ACCOUNT, obj=user,
                 changes={"cleared": cleared})
