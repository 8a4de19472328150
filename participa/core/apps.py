from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _

# allauth refuses login by e-mail unless addresses are unique in the whole deployment; here they
# are unique per organization instead (core.User's user_email_unique_per_org constraint, and the
# lookups scoped in participa/core/auth.py), so that one message of its check is dropped.
ALLAUTH_DEPLOYMENT_WIDE_EMAIL = "Using email as a login method requires ACCOUNT_UNIQUE_EMAIL"


def _scope_allauth_settings_check() -> None:
    from allauth.account import checks as allauth_checks

    original = allauth_checks.settings_check

    def settings_check(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
        return [message for message in original(app_configs, **kwargs)
                if message.msg != ALLAUTH_DEPLOYMENT_WIDE_EMAIL]

    registry = checks.registry.registry
    registry.registered_checks.discard(original)
    registry.register(settings_check)


class CoreConfig(AppConfig):
    name = "participa.core"
    label = "core"
    verbose_name = _("Organizations and people")

    def ready(self) -> None:
        _scope_allauth_settings_check()
