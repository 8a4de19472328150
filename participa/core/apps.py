from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "participa.core"
    label = "core"
    verbose_name = _("Organizations and people")

    def ready(self) -> None:
        declare_public_content()


# Models whose rows show on public pages, with the way from a row to its organization.
# The component item models are listed here only until the component manifest declares them
# (each ItemSpec will call pagecache.invalidate_on itself).
PUBLIC_CONTENT: dict[str, str] = {
    "core.Organization": "pk",
    "core.User": "organization_id",  # public display names, profiles
    "core.UserGroup": "organization_id",
    "core.GroupMembership": "group.organization_id",
    "core.Scope": "organization_id",
    "core.Area": "organization_id",
    "spaces.Space": "organization_id",
    "spaces.Phase": "space.organization_id",
    "spaces.SpaceMembership": "space.organization_id",
    "spaces.Component": "space.organization_id",
    "comments.Comment": "organization_id",
    "comments.Support": "comment.organization_id",
    "attachments.Attachment": "organization_id",
    "pages.Page": "component.space.organization_id",
    "consultations.Consultation": "component.space.organization_id",
    "consultations.DateChange": "consultation.component.space.organization_id",
    "consultations.DraftVersion": "consultation.component.space.organization_id",
    "consultations.Article": "version.consultation.component.space.organization_id",
    "consultations.ArticleChange": "version.consultation.component.space.organization_id",
    "consultations.Campaign": "consultation.component.space.organization_id",
    "consultations.Contribution": "consultation.component.space.organization_id",
    "consultations.Answer": "consultation.component.space.organization_id",
    "consultations.Debate": "consultation.component.space.organization_id",
    "consultations.DebateRequest": "consultation.component.space.organization_id",
    "consultations.SynthesisReport": "consultation.component.space.organization_id",
}

# Saves limited to these fields change no public page (a login stamps last_login).
PRIVATE_FIELDS: dict[str, frozenset[str]] = {"core.User": frozenset({"last_login"})}


def declare_public_content() -> None:
    from participa.core import pagecache

    for label, path in PUBLIC_CONTENT.items():
        try:
            model = apps.get_model(label)
        except LookupError:  # an optional app that is not installed
            continue
        pagecache.invalidate_on(model, organization=pagecache.via(path),
                                unless_only=PRIVATE_FIELDS.get(label, frozenset()))
