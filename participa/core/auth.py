"""django-allauth glue: people belong to the organization whose site they signed up on."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.auth_backends import AuthenticationBackend
from allauth.account.models import EmailAddress
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q
from django.http import HttpRequest

from participa.core.models import User
from participa.core.permissions import can_access_manage
from participa.core.person import load_person


def request_organization(request: HttpRequest | None) -> Any:
    return getattr(request, "organization", None) if request is not None else None


def users_with_email(org: Any, email: str, *, include_superusers: bool = False) -> list[User]:
    """The accounts of ``org`` that use ``email`` (case-insensitively), as their own address or
    as one of their confirmed or pending addresses; people of other organizations never.

    ``include_superusers`` adds the deployment's superusers (no organization), who may log in
    on every organization's site.
    """
    email = (email or "").strip().lower()
    if not email:
        return []
    people = Q(organization=org) if org is not None else Q(organization__isnull=True)
    if include_superusers:
        people |= Q(organization__isnull=True, is_superuser=True)
    by_address = EmailAddress.objects.filter(email__iexact=email).values("user_id")
    return list(User.objects.filter(people).filter(
        Q(email__iexact=email) | Q(pk__in=by_address)).order_by("pk"))


class OrganizationAuthenticationBackend(AuthenticationBackend):
    """Log in by e-mail, but only to the organization the person belongs to.

    Superusers (no organization) may log in anywhere. A person of another organization gets
    the same "wrong e-mail or password" answer as an unknown address: nothing is revealed.
    """

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> Any:
        # Django builds a new backend for every call: the request is this call's only.
        self._request = request
        user = super().authenticate(request, **credentials)
        if user is None:
            return None
        org = request_organization(request)
        if user.is_superuser or org is None or user.organization_id == org.pk:
            return user
        return None

    def _authenticate_by_email(self, email: str, password: str) -> AbstractBaseUser | None:
        """Only the accounts of this site's organization (and superusers) are candidates: the
        same address may belong to another account in another organization."""
        request = getattr(self, "_request", None)
        org = request_organization(request)
        if org is None:
            return super()._authenticate_by_email(email, password)
        for user in users_with_email(org, email, include_superusers=True):
            if self._check_password(user, password):
                return user
        return None

    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and not getattr(user, "deleted_at", None)

    def get_user(self, user_id: Any) -> Any:
        """The signed-in person of a request, with the facts every page asks about them (roles,
        memberships, blocks, unread notifications) read in the same query
        (``participa/core/person.py``)."""
        user = load_person(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


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


# The kinds of authenticator that count as a second step (recovery codes only back them up).
SECOND_STEP_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def has_second_step(user: Any) -> bool:
    """Whether the person has set up an authenticator app or a security key."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_STEP_TYPES).exists()


def must_use_second_step(user: Any, org: Any) -> bool:
    """Staff of an organization that requires two-factor authentication (residents never)."""
    return bool(org is not None and org.require_staff_2fa
                and getattr(user, "is_authenticated", False)
                and can_access_manage(user, org))


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_issuer(self) -> str:
        """Authenticator apps list the code under the organization's name."""
        org = request_organization(context.request)
        return str(org.name) if org is not None else super().get_totp_issuer()

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Staff who must use two-factor authentication keep at least one second step."""
        if authenticator.type not in SECOND_STEP_TYPES:
            return True
        org = request_organization(context.request)
        if not must_use_second_step(authenticator.user, org):
            return True
        return Authenticator.objects.filter(
            user_id=authenticator.user_id, type__in=SECOND_STEP_TYPES
        ).exclude(pk=authenticator.pk).exists()
