"""Registrations with the shared services, done once at start-up.

- attachments: documents of a consultation (public once announced), the private files of a
  contribution (staff only: a file cannot be redacted, so it is never published), the minutes
  of a debate (public once announced);
- search: announced consultations, and contributions whose redacted text is public;
- notifications: the sentences of the consultation events.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participa.attachments.registry import register_target
from participa.components.consultations import permissions
from participa.components.consultations.models import (
    Consultation,
    ConsultationState,
    Contribution,
    Debate,
    Publication,
)
from participa.core.models import Organization
from participa.notifications.events import register_event
from participa.search.registry import register


def _manage_detail_url(consultation: Consultation) -> str:
    component = consultation.component
    return reverse("manage:consultations:manage_detail",
                   args=[component.space.slug, component.pk, consultation.pk])


register_target(
    Consultation,
    space=lambda consultation: consultation.component.space,
    can_view=permissions.can_view_consultation,
    can_manage=lambda user, consultation: permissions.can_manage_consultations(
        user, consultation.component),
    queryset=lambda: Consultation.objects.select_related("component__space__organization"),
    manage_url=_manage_detail_url,
)
register_target(
    Contribution,
    space=lambda contribution: contribution.consultation.component.space,
    can_view=permissions.can_view_contribution_original,
    can_manage=permissions.can_view_contribution_original,
    queryset=lambda: Contribution.objects.select_related(
        "consultation__component__space__organization"),
    manage_url=lambda contribution: reverse(
        "manage:consultations:manage_contribution_detail",
        args=[contribution.consultation.component.space.slug,
              contribution.consultation.component_id, contribution.consultation_id,
              contribution.number]),
)
register_target(
    Debate,
    space=lambda debate: debate.consultation.component.space,
    can_view=lambda user, debate: permissions.can_view_consultation(user, debate.consultation),
    can_manage=lambda user, debate: permissions.can_manage_consultations(
        user, debate.consultation.component),
    queryset=lambda: Debate.objects.select_related(
        "consultation__component__space__organization"),
    manage_url=lambda debate: reverse(
        "manage:consultations:manage_debates",
        args=[debate.consultation.component.space.slug, debate.consultation.component_id,
              debate.consultation_id]),
)


def consultation_visible_to(user: Any, org: Organization) -> QuerySet[Consultation]:
    """Announced consultations of published components in spaces the visitor may see."""
    from participa.search.kinds import space_visible_to

    return Consultation.objects.filter(
        component__space__in=space_visible_to(user, org).values("pk"),
        component__published_at__isnull=False,
    ).exclude(state=ConsultationState.DRAFT)


def contribution_visible_to(user: Any, org: Organization) -> QuerySet[Contribution]:
    return Contribution.objects.filter(
        consultation__in=consultation_visible_to(user, org).values("pk"),
        redaction_approved_at__isnull=False,
    ).exclude(publication=Publication.NOT_PUBLISHED)


def _contribution_url(contribution: Contribution) -> str:
    return f"{contribution.consultation.get_absolute_url()}#contribution-{contribution.number}"


register(
    Consultation, kind="consultation", label=_("Consultations"),
    text=lambda consultation: {"title": consultation.title, "summary": consultation.summary},
    visible_to=consultation_visible_to,
    url=lambda consultation: consultation.get_absolute_url(),
    space=lambda consultation: consultation.component.space,
    date=lambda consultation: consultation.published_at or consultation.created_at,
    organization=lambda consultation: consultation.component.space.organization,
    scope=lambda consultation: consultation.scope or consultation.component.space.scope,
    area=lambda consultation: consultation.department or consultation.component.space.area,
    indexable=lambda consultation: consultation.state != ConsultationState.DRAFT,
)
# Only the approved, redacted text of a contribution its author agreed to publish is indexed;
# the original text never reaches the index.
register(
    Contribution, kind="contribution", label=_("Contributions to consultations"),
    text=lambda contribution: {
        "title": contribution.consultation.title,
        "body": contribution.body_redacted if contribution.is_public else "",
    },
    visible_to=contribution_visible_to,
    url=_contribution_url,
    space=lambda contribution: contribution.consultation.component.space,
    date=lambda contribution: contribution.received_at,
    organization=lambda contribution: contribution.consultation.component.space.organization,
    indexable=lambda contribution: contribution.is_public,
)

register_event("consultation.published",
               _("“%(title)s” is open for recommendations"))
register_event("consultation.answers_published",
               _("The answers to the recommendations on “%(title)s” are published"))
register_event("consultation.report_published",
               _("The synthesis report of “%(title)s” is published"))
register_event("consultation.dates_changed",
               _("The dates of “%(title)s” have changed; the reason is on its timeline"))
register_event("consultation.debate_scheduled",
               _("A public debate on “%(title)s” has been scheduled"))
