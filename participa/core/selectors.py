"""Reads of people and groups used by views and the "download my data" export."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from participa.core.models import GroupMembership, Organization, User, UserGroup
from participa.core.permissions import can_view_profile


def user_display(user: Any) -> str:
    """How django-allauth names a person in messages and e-mails: the public name only."""
    return str(getattr(user, "public_name", "") or "")


def profile_get_visible(viewer: Any, org: Organization, username: str) -> User | None:
    """The person behind a public profile, if the profile may be shown on ``org``'s site."""
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
