"""Template tags of the budgets pages: a project's photos, with their description as
alternative text, that the visitor may see."""

from __future__ import annotations

from django import template

from participa.attachments.permissions import can_view_file
from participa.attachments.selectors import attachments_of
from participa.components.budgets.models import Project
from participa.core.i18n import translated

register = template.Library()


@register.simple_tag(takes_context=True)
def project_photos(context: template.Context, project: Project) -> list[dict[str, str]]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return [{"url": attachment.get_absolute_url(),
             "alt": translated(attachment.title) or attachment.original_name}
            for attachment in attachments_of(project)
            if attachment.is_image and can_view_file(user, attachment, project)]
