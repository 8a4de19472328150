from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from participa.core import permissions


def organization(request: HttpRequest) -> dict[str, Any]:
    org = getattr(request, "organization", None)
    names = dict(settings.LANGUAGES)
    codes = list(org.languages) if org else [code for code, _ in settings.LANGUAGES]
    user = getattr(request, "user", None)
    return {
        "organization": org,
        "current_language": translation.get_language(),
        "organization_languages": [(code, names.get(code, code)) for code in codes],
        "can_access_manage": bool(
            org and user is not None and permissions.can_access_manage(user, org)
        ),
    }
