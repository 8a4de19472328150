"""The consultations component: draft decisions open for recommendations, answered one by one.

Its items, as the shared services see them:

- ``consultation``: announced consultations (drafts: those who run the space); followed,
  searched, with public documents attached;
- ``article``: the articles of the draft put to consultation, searched once it is announced;
- ``contribution``: the recommendations (a contribution, counted in the statistics); only the
  approved, redacted text its author agreed to publish is public and indexed; its files are for
  staff only (a file cannot be redacted, so it is never published);

A consultation's public debates are meetings of the meetings component (type "public debate"),
listed by the meetings manifest (upcoming events, search, attachments).
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participa.components.consultations import permissions
from participa.components.consultations.actions import (
    JOURNAL_SENTENCES,
    ConsultationAction,
    ConsultationJournalAction,
)
from participa.components.consultations.exports import consultation_rows, contribution_rows
from participa.components.consultations.models import (
    CONTRIBUTION_ANSWERS,
    Article,
    Consultation,
    ConsultationState,
    Contribution,
    Publication,
    VersionKind,
)
from participa.components.consultations.seeds import seed
from participa.components.consultations.selectors import (
    contributions_counted,
    personal_data,
)
from participa.spaces.registry import (
    AttachmentPolicy,
    ComponentSpec,
    ExportSpec,
    ItemRule,
    ItemSpec,
    NavEntry,
    SearchPolicy,
    SettingSpec,
    StatsPolicy,
    UrlMount,
)


def _manage_detail_url(consultation: Consultation) -> str:
    component = consultation.component
    return reverse("manage:consultations:manage_detail",
                   args=[component.space.slug, component.pk, consultation.pk])


def _consultation_url(consultation: Consultation) -> str:
    """The consultation's address, worked out once per instance (a batch of contributions
    being indexed shares one consultation instance: see ``_prefetching``)."""
    url = getattr(consultation, "_search_url", None)
    if url is None:
        url = consultation._search_url = consultation.get_absolute_url()  # type: ignore[attr-defined]
    return str(url)


def _contribution_url(contribution: Contribution) -> str:
    return f"{_consultation_url(contribution.consultation)}#contribution-{contribution.number}"


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


def _contributions_counted(org: Any) -> QuerySet[Contribution]:
    return contributions_counted(org)


_ANNOUNCED = ~Q(state=ConsultationState.DRAFT)

CONSULTATION = ItemSpec(
    model=Consultation, kind="consultation",
    visibility=ItemRule(component="component", state=_ANNOUNCED),
    url=lambda consultation: consultation.get_absolute_url(),
    title=lambda consultation: consultation.title,
    contribution=False,
    search=SearchPolicy(
        label=_("Consultations"),
        text=lambda consultation: {"title": consultation.title, "summary": consultation.summary},
        date=lambda consultation: consultation.published_at or consultation.created_at,
        scope=lambda consultation: consultation.scope or consultation.component.space.scope,
        area=lambda consultation: consultation.department or consultation.component.space.area,
        indexable=lambda consultation: consultation.state != ConsultationState.DRAFT,
        queryset=_consultations_for_search,
    ),
    attachments=AttachmentPolicy(
        can_manage=lambda user, consultation: permissions.can_manage_consultations(
            user, consultation.component),
        manage_url=_manage_detail_url,
    ),
    follows=True,
    events={
        "consultation.published": _("“%(title)s” is open for recommendations"),
        "consultation.answers_published": _(
            "The answers to the recommendations on “%(title)s” are published"),
        "consultation.report_published": _("The synthesis report of “%(title)s” is published"),
        "consultation.dates_changed": _(
            "The dates of “%(title)s” have changed; the reason is on its timeline"),
        "consultation.debate_scheduled": _("A public debate on “%(title)s” has been scheduled"),
    },
    queryset=lambda: Consultation.objects.select_related("component__space__organization"),
)

# The articles of the draft put to consultation, once it is announced.
ARTICLE = ItemSpec(
    model=Article, kind="article",
    visibility=ItemRule(component="version__consultation__component",
                        state=~Q(version__consultation__state=ConsultationState.DRAFT)),
    url=lambda article: (f"{_consultation_url(article.version.consultation)}"
                         f"#article-{article.key}"),
    title=_article_label,
    contribution=False,
    search=SearchPolicy(
        label=_("Articles of drafts"),
        text=lambda article: {"title": _article_label(article), "body": article.body},
        date=lambda article: (article.version.consultation.published_at
                              or article.version.created_at),
        scope=lambda article: (article.version.consultation.scope
                               or article.version.consultation.component.space.scope),
        area=lambda article: (article.version.consultation.department
                              or article.version.consultation.component.space.area),
        indexable=lambda article: (
            article.version.kind == VersionKind.DRAFT
            and article.version.consultation.state != ConsultationState.DRAFT),
        parent=lambda article: article.version.consultation,
        children=_children_of(Article, "version__consultation"),
        queryset=lambda: Article.objects.prefetch_related(*_prefetching("version__consultation")),
        heading=_article_heading,
        facts=lambda article: {"number": article_number(article),
                               "label": _article_label(article),
                               "consultation": article.version.consultation.title},
    ),
)

# Public: the approved, redacted text of a contribution its author agreed to publish, in an
# announced consultation; the original text never reaches the index.
CONTRIBUTION = ItemSpec(
    model=Contribution, kind="contribution",
    answers=CONTRIBUTION_ANSWERS,
    visibility=ItemRule(
        component="consultation__component",
        state=(~Q(consultation__state=ConsultationState.DRAFT)
               & Q(redaction_approved_at__isnull=False)
               & ~Q(publication=Publication.NOT_PUBLISHED)),
    ),
    url=_contribution_url,
    title=lambda contribution: contribution.consultation.title,
    contribution=True,
    stats=StatsPolicy(
        "consultation_contributions", _("Contributions to consultations"),
        _contributions_counted, author_field="author_id",
        space_field="consultation__component__space_id", date_field="received_at",
    ),
    search=SearchPolicy(
        label=_("Contributions to consultations"),
        text=lambda contribution: {
            "title": contribution.consultation.title,
            "body": contribution.body_redacted if contribution.is_public else "",
        },
        date=lambda contribution: contribution.received_at,
        indexable=lambda contribution: contribution.is_public,
        published=lambda contribution: contribution.is_public,
        parent=lambda contribution: contribution.consultation,
        children=_children_of(Contribution, "consultation"),
        queryset=lambda: Contribution.objects.prefetch_related(*_prefetching("consultation")),
        heading=_contribution_heading,
        facts=lambda contribution: {"number": str(contribution.number),
                                    "consultation": contribution.consultation.title},
    ),
    attachments=AttachmentPolicy(
        can_view=permissions.can_view_contribution_original,
        can_manage=permissions.can_view_contribution_original,
        manage_url=lambda contribution: reverse(
            "manage:consultations:manage_contribution_detail",
            args=[contribution.consultation.component.space.slug,
                  contribution.consultation.component_id, contribution.consultation_id,
                  contribution.number]),
    ),
    queryset=lambda: Contribution.objects.select_related(
        "consultation__component__space__organization"),
)

def _consultation_rows(component: Any) -> Any:
    return consultation_rows(component)


def _contribution_rows(component: Any) -> Any:
    return contribution_rows(component)


def _seed(component: Any) -> None:
    seed(component)


def _personal_data(user: Any) -> dict[str, Any]:
    return personal_data(user)


SPEC = ComponentSpec(
    name="consultations",
    label=_("Consultations"),
    app_label="consultations",
    audit_actions=ConsultationAction,
    journal_actions=ConsultationJournalAction,
    journal_sentences=JOURNAL_SENTENCES,
    description=_(
        "Draft decisions open for recommendations: an answer to every contribution and a "
        "synthesis report."
    ),
    settings={
        "contributions_per_page": SettingSpec(
            int, 25, _("Contributions shown per page"),
        ),
    },
    phase_switches={"contributions_enabled": True},
    phase_switch_labels={"contributions_enabled": _("Recommendations accepted online")},
    exports=(
        ExportSpec("consultations", _("Consultations"), _consultation_rows, open_data=True),
        ExportSpec("contributions", _("Contributions and answers"), _contribution_rows,
                   open_data=True),
    ),
    seeds=_seed,
    personal_data=_personal_data,
    public_url_name="index",
    manage_url_name="manage_index",
    items=(CONSULTATION, ARTICLE, CONTRIBUTION),
    # Shown on the consultation's public page besides the items (timeline, versions, answers,
    # debates requested, the synthesis report): their writes refresh visitors' cached pages.
    intake_adapters={
        "consultations.mailbox":
            "participa.components.consultations.services.mailbox_import.ADAPTER",
    },
    public_models={
        "consultations.DateChange": "consultation.component.space.organization_id",
        "consultations.DraftVersion": "consultation.component.space.organization_id",
        "consultations.ArticleChange": "version.consultation.component.space.organization_id",
        "consultations.Campaign": "consultation.component.space.organization_id",
        "consultations.Answer": "consultation.component.space.organization_id",
        "consultations.DebateRequest": "consultation.component.space.organization_id",
        "consultations.SynthesisReport": "consultation.component.space.organization_id",
    },
    nav=NavEntry(_("Consultations"), "consultations_list", "consultations"),
    urls=UrlMount("consultations/", "participa.components.consultations.public_urls"),
)
