"""django-allauth glue: people belong to the organization whose site they signed up on."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.auth_backends import AuthenticationBackend
from django.http import HttpRequest

from participa.core.models import User


def request_organization(request: HttpRequest | None) -> Any:
    return getattr(request, "organization", None) if request is not None else None


class OrganizationAuthenticationBackend(AuthenticationBackend):
    """Log in by e-mail, but only to the organization the person belongs to.

    Superusers (no organization) may log in anywhere. A person of another organization gets
    the same "wrong e-mail or password" answer as an unknown address: nothing is revealed.
    """

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> Any:
        user = super().authenticate(request, **credentials)
        if user is None:
            return None
        org = request_organization(request)
        if user.is_superuser or org is None or user.organization_id == org.pk:
            return user
        return None

    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and not getattr(user, "deleted_at", None)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return request_organization(request) is not None

    def populate_username(self, request: HttpRequest, user: Any) -> None:
        # Usernames are internal identifiers only; they never derive from the e-mail address.
        if not user.username:
            user.username = User.new_username()

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=False)
        user.organization = request_organization(request)
        user.preferred_language = getattr(request, "LANGUAGE_CODE", "") or ""
        if commit:
            user.save()
        return user
