"""Template tags of the review on a project's page: ``{% project_review project as review %}``
reads the published assessment, the open correction request (its authors only) and the
appeal."""

from __future__ import annotations

from django import template

from participa.components.budgets.models import Project
from participa.components.budgets.selectors_review import ProjectReview, project_review

register = template.Library()


@register.simple_tag(takes_context=True)
def project_review_of(context: template.Context, project: Project) -> ProjectReview:
    request = context.get("request")
    user = getattr(request, "user", None)
    return project_review(user, project, is_author=bool(context.get("is_author")))
