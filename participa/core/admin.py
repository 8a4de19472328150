"""Django admin: for superusers only (staff work happens in /manage/)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from participa.core.models import AuditEntry, Organization, User, UserGroup


def superusers_only(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_superuser)


admin.site.has_permission = superusers_only  # type: ignore[method-assign]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "host", "default_language", "legal_profile")
    search_fields = ("name", "host")


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ("username", "display_name", "organization", "is_active", "is_superuser")
    list_filter = ("organization", "is_superuser", "is_active")
    search_fields = ("display_name", "email")
    exclude = ("password",)


@admin.register(UserGroup)
class UserGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "organization", "kind", "verified_at")
    list_filter = ("organization", "kind")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "organization", "actor", "action", "object_type", "object_id")
    list_filter = ("organization", "object_type")

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
