"""Reads of consultations used by views, exports and the API.

Public reads only ever expose ``Contribution.body_redacted`` of contributions whose author
agreed to publication and whose redaction a moderator approved (``public_contributions``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participa.components.consultations import permissions
from participa.components.consultations.models import (
    Answer,
    AnswerState,
    Article,
    Consultation,
    ConsultationQuerySet,
    ConsultationState,
    Contribution,
    DateChange,
    DebateRequest,
    DraftVersion,
    Publication,
)
from participa.components.meetings.models import Meeting, MeetingState
from participa.core.i18n import translated
from participa.core.models import GroupMembership, Organization, User, UserGroup
from participa.search.selectors import SearchFilters, search_documents
from participa.spaces.models import Component
from participa.spaces.registry import item_spec
from participa.spaces.selectors import public_spaces
from participa.spaces.visibility import visible_q

STATUS_CHOICES = [
    ("open", gettext_lazy("Open for recommendations")),
    ("upcoming", gettext_lazy("Upcoming")),
    ("closed", gettext_lazy("Closed")),
    ("report", gettext_lazy("Report published")),
]
STATUS_LABELS = dict(STATUS_CHOICES)


def status_label(status: str) -> str:
    if status == "draft":
        return _("Draft (not announced)")
    return str(STATUS_LABELS.get(status, status))


def consultations_visible(user: Any, org: Organization, *,
                          component: Component | None = None) -> ConsultationQuerySet:
    """Announced consultations of published components in spaces the visitor may see, with
    what list pages need (component, space, scope, department, number of contributions) and
    their status (``ConsultationQuerySet.with_status()``).

    With ``component``, only that component's announced consultations (the caller has
    checked the visitor may see the component, published or not). Lists narrow this with
    ``filters.ConsultationFilterSet``."""
    if component is not None:
        # The caller has checked that the visitor may see this component.
        qs = Consultation.objects.filter(component=component)
    else:
        spec = item_spec("consultation")
        assert spec is not None
        # The item's rule; the public list leaves out unpublished components even for those
        # who run them (they preview those in the space).
        qs = Consultation.objects.filter(
            visible_q(spec, user, org), component__published_at__isnull=False,
            component__type="consultations",
        )
    qs = qs.exclude(state=ConsultationState.DRAFT)
    return with_list_columns(qs)


def with_list_columns(qs: ConsultationQuerySet) -> ConsultationQuerySet:
    """What a row of a list of consultations shows, in a fixed number of queries: component,
    space, scope, department, number of contributions (all channels) and status."""
    counts = Contribution.objects.filter(consultation=OuterRef("pk")).order_by().values(
        "consultation").annotate(n=Count("pk")).values("n")
    return qs.select_related(
        "component__space__organization", "scope", "department",
    ).annotate(
        contribution_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0),
    ).with_status().order_by("-opens_on", "-id")


def search_ids(user: Any, org: Organization, text: str) -> Any:
    """Consultations whose title or summary match ``text``, through the search index (words
    in any order, without diacritics; a Postgres full-text match in production)."""
    docs = search_documents(user, org, SearchFilters(q=text, kinds=["consultation"]))
    return docs.order_by().values("object_id")


def consultation_get_for_user(user: Any, component: Component,
                              slug: str) -> Consultation | None:
    """The consultation if ``user`` may see it (drafts only for those who run it)."""
    consultation = (Consultation.objects.filter(component=component, slug=slug)
                    .select_related("scope", "department").with_status().first())
    if consultation is None:
        return None
    consultation.component = component
    if not permissions.can_view_consultation(user, consultation):
        return None
    return consultation


def versions(consultation: Consultation) -> list[DraftVersion]:
    return list(DraftVersion.objects.filter(consultation=consultation).order_by("number"))


def draft_articles(version: DraftVersion | None) -> list[Article]:
    if version is None:
        return []
    return list(Article.objects.filter(version=version).order_by("position", "id"))


def contribution_counts_by_article(version: DraftVersion) -> dict[int, int]:
    """{article id: number of contributions received on it} (all channels, published or not:
    a count reveals nothing)."""
    rows = (Contribution.objects.filter(article__version=version).order_by()
            .values("article_id").annotate(n=Count("pk")).values_list("article_id", "n"))
    return dict(rows)


def public_contributions(consultation: Consultation) -> QuerySet[Contribution]:
    """Contributions that may be shown: the author agreed to publication and a moderator
    approved the redacted text. Read only ``body_redacted`` from them."""
    return (
        Contribution.objects.filter(consultation=consultation,
                                    redaction_approved_at__isnull=False)
        .exclude(publication=Publication.NOT_PUBLISHED)
        # "proposal__…": the proposal a contribution became (shown beside it, no import).
        .select_related("article", "author", "group", "campaign__answer", "answer",
                        "proposal__component__space")
        .order_by("number")
    )


def public_contributions_filtered(consultation: Consultation, *, article: str = "",
                                  type: str = "", outcome: str = "") -> QuerySet[Contribution]:
    """``public_contributions`` on one article (its key, or "whole" for the whole draft), of
    one type, with one published outcome (or "none": no published answer yet)."""
    qs = public_contributions(consultation)
    if article == "whole":
        qs = qs.filter(article__isnull=True)
    elif article:
        qs = qs.filter(article__key=article)
    if type:
        qs = qs.filter(type=type)
    published = Answer.objects.filter(state=AnswerState.PUBLISHED)
    own = Exists(published.filter(contribution=OuterRef("pk")))
    collective = Exists(published.filter(campaign=OuterRef("campaign_id")))
    if outcome == "none":
        qs = qs.exclude(own).exclude(collective)
    elif outcome:
        # A contribution's own published answer wins over its campaign's collective one.
        qs = qs.filter(
            Exists(published.filter(contribution=OuterRef("pk"), outcome=outcome))
            | (~own & Exists(published.filter(campaign=OuterRef("campaign_id"),
                                               outcome=outcome))))
    return qs


def published_author_label(contribution: Contribution) -> str:
    """Who the public sees as the author: a group, the public name, the sender as typed by
    staff, or "Anonymous contributor". Never an e-mail address or a legal name."""
    if contribution.publication != Publication.NAMED:
        return _("Anonymous contributor")
    if contribution.group_id and contribution.group is not None:
        return contribution.group.name
    if contribution.author_id and contribution.author is not None:
        return contribution.author.public_name
    return contribution.author_name or _("Anonymous contributor")


def published_answer(contribution: Contribution) -> Answer | None:
    """The published answer to ``contribution``: its own, or its campaign's collective one."""
    try:
        answer: Answer | None = contribution.answer
    except ObjectDoesNotExist:
        answer = None
    if answer is not None and answer.state == AnswerState.PUBLISHED:
        return answer
    campaign = contribution.campaign if contribution.campaign_id else None
    if campaign is not None:
        try:
            collective: Answer | None = campaign.answer
        except ObjectDoesNotExist:
            collective = None
        if collective is not None and collective.state == AnswerState.PUBLISHED:
            return collective
    return None


def debate_requests(consultation: Consultation) -> list[DebateRequest]:
    return list(DebateRequest.objects.filter(consultation=consultation)
                .select_related("group", "debate__minutes").order_by("received_at", "id"))


def date_changes(consultation: Consultation) -> list[DateChange]:
    """The recorded changes of the consultation's published dates, oldest first (one query)."""
    return list(DateChange.objects.filter(consultation=consultation)
                .order_by("changed_at", "id"))


def debates(consultation: Consultation) -> list[Meeting]:
    """The consultation's public debates (announced meetings), soonest first (one query)."""
    return list(Meeting.objects.filter(consultation=consultation)
                .exclude(state=MeetingState.DRAFT)
                .select_related("minutes", "component__space").order_by("starts_at", "id"))


@dataclass
class TimelineStep:
    key: str
    label: str
    start: datetime.date | None
    end: datetime.date | None = None
    state: str = "future"  # past / current / future

    @property
    def is_current(self) -> bool:
        return self.state == "current"


def timeline(consultation: Consultation, debate_list: list[Meeting] | None = None,
             today: datetime.date | None = None) -> list[TimelineStep]:
    """The legal steps with their dates: announcement, comment period, debates, closing, the
    published report, endorsement, adoption. Exactly one step is current once the consultation
    is announced: the one reached most recently."""
    today = today or timezone.localdate()
    steps = [
        TimelineStep("announcement", _("Announcement of the draft"), consultation.announced_on),
        TimelineStep("comments", _("Recommendations accepted"), consultation.opens_on,
                     consultation.closes_on),
    ]
    for debate in debate_list or []:
        if debate.is_cancelled:  # a cancelled meeting is no step of the procedure
            continue
        steps.append(TimelineStep("debate", _("Public debate"),
                                  timezone.localtime(debate.starts_at).date()))
    if consultation.state == ConsultationState.FINAL and consultation.closed_at:
        steps.append(TimelineStep("closed", _("Consultation closed"),
                                  timezone.localtime(consultation.closed_at).date()))
    if consultation.report_published_at:
        steps.append(TimelineStep("report", _("Synthesis report published"),
                                  timezone.localtime(consultation.report_published_at).date()))
    steps.append(TimelineStep("endorsement", _("Draft sent for endorsement"),
                              consultation.endorsement_on))
    steps.append(TimelineStep("adoption", _("Adoption of the decision"),
                              consultation.adoption_on))
    if consultation.state == ConsultationState.DRAFT:
        return steps
    # The current step is the one reached last (the latest date; on a tie, the later step);
    # steps without a date are never current.
    reached = [index for index, step in enumerate(steps)
               if step.start is not None and step.start <= today]
    if not reached:
        return steps
    current = max(reached, key=lambda index: (steps[index].start, index))
    for index in reached:
        steps[index].state = "current" if index == current else "past"
    return steps


def user_groups_for_contribution(user: Any, org: Organization) -> list[UserGroup]:
    """The groups a person may write on behalf of: those they are an accepted member of."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(UserGroup.objects.filter(
        organization=org, memberships__user=user,
        memberships__status=GroupMembership.Status.ACCEPTED,
    ).order_by("name"))


def contribution_get_for_author(user: Any, consultation: Consultation,
                                number: int) -> Contribution | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (Contribution.objects.filter(consultation=consultation, number=number, author=user)
            .select_related("article", "group").first())


def personal_data(user: Any) -> dict[str, Any]:
    """What ``user`` sent to consultations, for "download my data": every contribution with
    its registration number, consultation, date, type, publication choice and text."""
    if not isinstance(user, User) or user.pk is None:
        return {}
    contributions = (Contribution.objects.filter(author=user)
                     .select_related("consultation", "article", "group")
                     .order_by("received_at", "id"))
    return {
        "contributions": [
            {
                "registration_number": contribution.registration_label,
                "consultation": translated(contribution.consultation.title)
                or contribution.consultation.slug,
                "received_at": contribution.received_at.isoformat(),
                "type": contribution.type,
                "channel": contribution.channel,
                "article": str(contribution.article) if contribution.article else None,
                "quote": contribution.quote,
                "on_behalf_of": contribution.group.name if contribution.group else None,
                "publication": contribution.publication,
                "text": contribution.body,
                "published_text": contribution.body_redacted
                if contribution.redaction_approved_at else None,
            }
            for contribution in contributions
        ],
        "debate_requests": [
            {
                "consultation": translated(request.consultation.title)
                or request.consultation.slug,
                "group": request.group.name,
                "reason": request.reason,
                "received_at": request.received_at.isoformat(),
                "state": request.state,
            }
            for request in DebateRequest.objects.filter(requested_by=user)
            .select_related("consultation", "group").order_by("received_at", "id")
        ],
    }



def contributions_counted(org: Organization) -> QuerySet[Contribution]:
    """Every contribution to an announced consultation of a published component in a
    published public space, whatever its channel or publication choice: the participation
    statistics count them all (a count reveals nothing)."""
    return Contribution.objects.filter(
        consultation__component__space__in=public_spaces(org).values("pk"),
        consultation__component__published_at__isnull=False,
        consultation__component__type="consultations",
    ).exclude(consultation__state=ConsultationState.DRAFT)
