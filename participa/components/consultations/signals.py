"""Registrations with the shared services, done once at start-up.

- attachments: documents of a consultation (public once announced), the private files of a
  contribution (staff only: a file cannot be redacted, so it is never published), the minutes
  of a debate (public once announced);
- search: announced consultations, the articles of their draft, and contributions whose
  redacted text is public (each row inherits its consultation's visibility: ``parent``);
- notifications: the sentences of the consultation events.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participa.attachments.registry import register_target
from participa.components.consultations import permissions
from participa.components.consultations.models import (
    Article,
    Consultation,
    ConsultationState,
    Contribution,
    Debate,
    Publication,
    VersionKind,
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


def _consultation_url(consultation: Consultation) -> str:
    """The consultation's address, worked out once per instance (a batch of contributions
    being indexed shares one consultation instance: see ``_prefetching``)."""
    url = getattr(consultation, "_search_url", None)
    if url is None:
        url = consultation._search_url = consultation.get_absolute_url()  # type: ignore[attr-defined]
    return str(url)


def _contribution_url(contribution: Contribution) -> str:
    return f"{_consultation_url(contribution.consultation)}#contribution-{contribution.number}"


def article_visible_to(user: Any, org: Organization) -> QuerySet[Article]:
    """Articles of the draft (the text put to consultation) of visible consultations."""
    return Article.objects.filter(
        version__consultation__in=consultation_visible_to(user, org).values("pk"),
        version__kind=VersionKind.DRAFT,
    )


def _consultations_for_search() -> QuerySet[Consultation]:
    return Consultation.objects.select_related(
        "component__space__organization", "component__space__scope", "component__space__area",
        "scope", "department")


def _children_of(model: type[Model], lookup: str) -> Any:
    """``children`` for the search registry: ``model`` objects of a consultation."""
    def children(parent: Model) -> QuerySet[Any] | None:
        if not isinstance(parent, Consultation):
            return None
        return model._default_manager.filter(**{lookup: parent})
    return children


def _prefetching(path: str) -> list[str]:
    """What indexing reads through ``path`` (a consultation), prefetched so that a batch
    shares one instance of each consultation, component, space and organization."""
    return [f"{path}__{related}" for related in (
        "component__space__organization", "component__space__scope",
        "component__space__area", "scope", "department")]


# "Art. 3", "Articolul 3", "Artykuł 3.", "§ 3" → "3" (the word is in the heading sentence).
_ARTICLE_WORD = re.compile(r"^\s*(?:art(?:icle|icolul|ykuł|\.)?|§)\s*", re.IGNORECASE)


def article_number(article: Article) -> str:
    number = article.number
    if article.level >= 2 and article.parent_number:
        number = f"{article.parent_number.rstrip('.')} {number}"
    return _ARTICLE_WORD.sub("", number).strip().rstrip(".").strip()


def _article_label(article: Article) -> str:
    return " ".join(part for part in (article.number, article.heading) if part)


def _article_heading(facts: dict[str, str]) -> str:
    if facts.get("number"):
        return _("Article %(number)s of “%(consultation)s”") % facts
    return _("“%(label)s” in the draft of “%(consultation)s”") % facts


def _contribution_heading(facts: dict[str, str]) -> str:
    return _("Contribution No. %(number)s to “%(consultation)s”") % facts


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
    queryset=_consultations_for_search,
)
# The articles of the draft put to consultation, once it is announced.
register(
    Article, kind="article", label=_("Articles of drafts"),
    text=lambda article: {"title": _article_label(article), "body": article.body},
    visible_to=article_visible_to,
    url=lambda article: f"{_consultation_url(article.version.consultation)}#article-{article.key}",
    space=lambda article: article.version.consultation.component.space,
    date=lambda article: (article.version.consultation.published_at
                          or article.version.created_at),
    organization=lambda article: article.version.consultation.component.space.organization,
    scope=lambda article: (article.version.consultation.scope
                           or article.version.consultation.component.space.scope),
    area=lambda article: (article.version.consultation.department
                          or article.version.consultation.component.space.area),
    indexable=lambda article: (article.version.kind == VersionKind.DRAFT
                               and article.version.consultation.state != ConsultationState.DRAFT),
    parent=lambda article: article.version.consultation,
    children=_children_of(Article, "version__consultation"),
    queryset=lambda: Article.objects.prefetch_related(*_prefetching("version__consultation")),
    heading=_article_heading,
    facts=lambda article: {"number": article_number(article), "label": _article_label(article),
                           "consultation": article.version.consultation.title},
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
    published=lambda contribution: contribution.is_public,
    parent=lambda contribution: contribution.consultation,
    children=_children_of(Contribution, "consultation"),
    queryset=lambda: Contribution.objects.prefetch_related(*_prefetching("consultation")),
    heading=_contribution_heading,
    facts=lambda contribution: {"number": str(contribution.number),
                                "consultation": contribution.consultation.title},
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
