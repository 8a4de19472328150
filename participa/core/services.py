"""Writes on organizations, people, groups, roles, scopes and areas. Each one is audited."""

from __future__ import annotations

from django.db import transaction

from participa.core.audit import audited_update
from participa.core.models import User


@transaction.atomic
def user_set_language(*, user: User, language: str) -> None:
    audited_update(user, organization=user.organization, actor=user,
                   action="user.set_language", values={"preferred_language": language})
