from typing import Any

from django.apps import AppConfig, apps
from django.core import checks
from django.utils.translation import gettext_lazy as _

# allauth refuses login by e-mail unless addresses are unique in the whole deployment; here they
# are unique per organization instead (core.User's user_email_unique_per_org constraint, and the
# lookups scoped in participa/core/auth.py), so that one message of its check is dropped.
ALLAUTH_DEPLOYMENT_WIDE_EMAIL = "Using email as a login method requires ACCOUNT_UNIQUE_EMAIL"


def _scope_allauth_settings_check() -> None:
    # Local import: allauth's checks import its models, and apps.py loads before the app
    # registry is ready.
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
        declare_public_content()
        declare_person_facts()
        forget_organizations_on_write()


def forget_organizations_on_write() -> None:
    """Host names are mapped to organizations from a cache (``core/middleware.py``): every
    write to an organization forgets the mapping."""
    # Local import: these modules import models, loaded only once the app registry is ready.
    from django.db.models.signals import post_delete, post_save

    from participa.core.middleware import forget_organizations
    from participa.core.models import Organization

    post_save.connect(forget_organizations, sender=Organization,
                      dispatch_uid="core.forget_organizations.save")
    post_delete.connect(forget_organizations, sender=Organization,
                        dispatch_uid="core.forget_organizations.delete")


def declare_person_facts() -> None:
    """What core knows about the signed-in person, read with them (``core/person.py``): their
    organization roles and whether they are an accepted member of a group."""
    # Local import: these modules import models, loaded only once the app registry is ready.
    from django.db.models import Exists, OuterRef

    from participa.core.models import GroupMembership, Role
    from participa.core.person import JSONRows, declare_person_fact

    declare_person_fact("roles", lambda: JSONRows(
        Role.objects.filter(user=OuterRef("pk")), "organization_id", "kind", "area_id",
        "scope_id"))
    declare_person_fact("in_a_group", lambda: Exists(GroupMembership.objects.filter(
        user=OuterRef("pk"), status=GroupMembership.Status.ACCEPTED,
        group__organization=OuterRef("organization_id"))))


# Core's models whose rows show on public pages, with the way from a row to its organization.
# Spaces and the items of every component are declared by their manifests (spaces/apps.py).
PUBLIC_CONTENT: dict[str, str] = {
    "core.Organization": "pk",
    "core.User": "organization_id",  # public display names, profiles
    "core.UserGroup": "organization_id",
    "core.GroupMembership": "group.organization_id",
    "core.Scope": "organization_id",
    "core.Area": "organization_id",
}

# Saves limited to these fields change no public page (a login stamps last_login).
PRIVATE_FIELDS: dict[str, frozenset[str]] = {"core.User": frozenset({"last_login"})}


def declare_public_content() -> None:
    # Local import: these modules import models, loaded only once the app registry is ready.
    from participa.core import pagecache

    for label, path in PUBLIC_CONTENT.items():
        try:
            model = apps.get_model(label)
        except LookupError:  # an optional app that is not installed
            continue
        pagecache.invalidate_on(model, organization=pagecache.via(path),
                                unless_only=PRIVATE_FIELDS.get(label, frozenset()))
