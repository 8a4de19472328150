"""Reads of people and groups used by views and the "download my data" export."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from participa.core.i18n import translated
from participa.core.models import AuditEntry, GroupMembership, Organization, User, UserGroup


def user_display(user: Any) -> str:
    """How django-allauth names a person in messages and e-mails: the public name only."""
    return str(getattr(user, "public_name", "") or "")


def profile_get_visible(viewer: Any, org: Organization, username: str) -> User | None:
    """The person behind a public profile, if the profile may be shown on ``org``'s site."""
    from participa.core.permissions import can_view_profile

    if "\x00" in username:  # no user name holds NUL (and PostgreSQL refuses it in a query)
        return None
    person = User.objects.filter(username=username, organization=org).first()
    if person is None or not can_view_profile(viewer, person, org):
        return None
    return person


def group_list_visible(org: Organization, *, kind: str = "") -> QuerySet[UserGroup]:
    qs = UserGroup.objects.filter(organization=org).annotate(
        member_count=Count(
            "memberships",
            filter=Q(memberships__status=GroupMembership.Status.ACCEPTED,
                     memberships__user__deleted_at__isnull=True),
        )
    )
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("name", "id")


def group_get(org: Organization, slug: str) -> UserGroup | None:
    return UserGroup.objects.filter(organization=org, slug=slug).select_related(
        "organization").first()


def group_members(group: UserGroup) -> QuerySet[GroupMembership]:
    """Accepted members (administrators first), active people only."""
    return GroupMembership.objects.filter(
        group=group, status=GroupMembership.Status.ACCEPTED,
        user__is_active=True, user__deleted_at__isnull=True,
    ).select_related("user").order_by("role", "created_at", "id")


def group_admin_count(group: UserGroup) -> int:
    return GroupMembership.objects.filter(
        group=group, status=GroupMembership.Status.ACCEPTED, role=GroupMembership.Role.ADMIN,
    ).count()


def group_pending_requests(group: UserGroup) -> list[GroupMembership]:
    return list(
        GroupMembership.objects.filter(
            group=group, status=GroupMembership.Status.REQUESTED,
            user__is_active=True, user__deleted_at__isnull=True,
        ).select_related("user").order_by("created_at", "id")
    )


def group_membership_for(user: Any, group: UserGroup) -> GroupMembership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return GroupMembership.objects.filter(group=group, user=user).first()


def user_public_groups(person: User) -> list[UserGroup]:
    """Groups the person is an accepted member of, in their own organization."""
    return list(
        UserGroup.objects.filter(
            organization=person.organization,
            memberships__user=person,
            memberships__status=GroupMembership.Status.ACCEPTED,
        ).order_by("name", "id")
    )


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else value


def user_personal_data(user: User) -> dict[str, Any]:
    """Everything the person gave or did, for "download my data" (their own legal name too)."""
    from allauth.account.models import EmailAddress

    from participa.spaces.models import SpaceMembership
    from participa.spaces.registry import all_specs

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
