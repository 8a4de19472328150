"""Reads of participatory budgets used by views, exports and the statistics."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, F, Prefetch, Q, QuerySet, Value

from participa.components.budgets.models import (
    BudgetCategory,
    ChecklistItem,
    CostItem,
    Edition,
    Pool,
    Project,
    ProjectState,
    ProjectSupport,
    Voter,
)
from participa.components.budgets.models_review import Appeal
from participa.components.budgets.permissions import can_manage_budget, edition_of, is_author
from participa.components.budgets.phases import edition_phase, edition_timeline
from participa.components.budgets.selectors_tracking import with_tracking
from participa.components.budgets.services.voting import voter_keys_for_user
from participa.core.i18n import translated
from participa.core.models import Organization, User
from participa.spaces.models import Component
from participa.spaces.registry import item_spec
from participa.spaces.visibility import component_visible_q, remember_visible, visible

__all__ = [
    "drafts_of",
    "edition_get",
    "edition_of",
    "edition_phase",
    "edition_timeline",
    "editions_visible",
    "own_projects",
    "project_get_for_user",
    "projects_visible",
]


def edition_get(component: Component) -> Edition | None:
    """The edition of ``component`` with its pools (and their districts), categories and
    checklist read at once (four queries), or None."""
    edition = (Edition.objects.filter(component=component)
               .prefetch_related(
                   Prefetch("pools", queryset=Pool.objects.select_related("scope")),
                   Prefetch("categories", queryset=BudgetCategory.objects.all()),
                   Prefetch("checklist", queryset=ChecklistItem.objects.all()))
               .first())
    if edition is not None:
        edition.component = component
    return edition


@dataclass(frozen=True)
class ListOptions:
    """The options of the project list's filters: the pools and categories of the component's
    edition as (id, name) in order, and whether it collects signatures."""

    pools: list[tuple[int, str]]
    categories: list[tuple[int, str]]
    signatures: bool


def list_options(component: Component) -> ListOptions:
    """The list's options in one query (pools and categories together, each with its
    edition's ``supports_enabled``); a second one only for an edition without either."""
    fields = ("kind", "pk", "name", "signing", "position")
    pools = (Pool.objects.filter(edition__component=component)
             .annotate(kind=Value("pool", output_field=CharField()),
                       signing=F("edition__supports_enabled"))
             .order_by().values_list(*fields))
    categories = (BudgetCategory.objects.filter(edition__component=component)
                  .annotate(kind=Value("category", output_field=CharField()),
                            signing=F("edition__supports_enabled"))
                  .order_by().values_list(*fields))
    rows = sorted(pools.union(categories, all=True), key=lambda row: (row[4], row[1]))
    if rows:
        signatures = bool(rows[0][3])
    else:
        edition = edition_of(component)
        signatures = bool(edition and edition.supports_enabled)
    return ListOptions(
        pools=[(row[1], translated(row[2])) for row in rows if row[0] == "pool"],
        categories=[(row[1], translated(row[2])) for row in rows if row[0] == "category"],
        signatures=signatures)


def projects_visible(user: Any, org: Organization) -> QuerySet[Project]:
    """Every project of ``org`` the visitor may see (the one rule, from the manifest)."""
    spec = item_spec("budget_project")
    assert spec is not None
    return visible(spec, user, org).select_related(
        "component__space__organization", "pool__scope", "category")


def project_get_for_user(user: Any, component: Component, number: int) -> Project | None:
    """The project numbered ``number`` in ``component`` if the visitor may see it (a draft:
    its authors and those who run the space), else None."""
    related = ("component__space__organization", "component__space__scope", "pool__scope",
               "category", "group", "author", "merged_into")
    prefetch = (Prefetch("coauthors", queryset=User.objects.order_by("display_name", "pk")),
                Prefetch("cost_items", queryset=CostItem.objects.order_by("position", "id")))
    project = (with_tracking(projects_visible(user, component.space.organization))
               .filter(component=component, number=number).select_related(*related)
               .prefetch_related(*prefetch).first())
    if project is not None:
        remember_visible(user, project)
    else:  # a draft: its authors and those who run the space
        project = (Project.objects.filter(component=component, number=number,
                                          state=ProjectState.DRAFT)
                   .select_related(*related).prefetch_related(*prefetch).first())
        if project is None:
            return None
        if not (is_author(user, project) or can_manage_budget(user, component)):
            return None
    project.component = component
    return project


def drafts_of(user: Any, component: Component) -> QuerySet[Project]:
    """The drafts ``user`` writes (as author or co-author) in ``component``, latest first."""
    if not getattr(user, "is_authenticated", False):
        return Project.objects.none()
    return (Project.objects.filter(component=component, state=ProjectState.DRAFT)
            .filter(Q(author=user) | Q(coauthors=user)).distinct()
            .order_by("-updated_at", "-id"))


def own_projects(user: Any, org: Organization) -> QuerySet[Project]:
    """Every project ``user`` wrote or co-wrote in ``org``, drafts included (not those of a
    space they can no longer see, unless they are drafts of their own)."""
    return (Project.objects.filter(component__space__organization=org)
            .filter(Q(author=user) | Q(pk__in=Project.coauthors.through.objects
                                       .filter(user=user).values("project_id")))
            .filter(Q(state=ProjectState.DRAFT)
                    | Q(pk__in=projects_visible(user, org).values("pk")))
            .select_related("component__space__organization", "pool__scope", "category"))


def editions_visible(user: Any, org: Organization) -> list[Edition]:
    """The editions of the budgets components the visitor may see, latest first."""
    return list(Edition.objects.filter(component_visible_q(user, org, prefix="component__"))
                .filter(component__published_at__isnull=False)
                .select_related("component__space").order_by("-submission_opens_at", "-pk"))



# --- "download my data" (ComponentSpec.personal_data) ------------------------------------------


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def _project_ref(project: Project) -> dict[str, Any]:
    return {"space": str(project.component.space), "number": project.number,
            "title": project.title_public or project.title}


def personal_data(user: User) -> dict[str, Any]:
    """What the person gave to participatory budgets, for "download my data": the projects they
    submitted (their own text), those they co-author, their support signatures, their appeals
    and, per pool, that they voted — the eligibility record's pool, channel and time. Never
    what they voted: the ballot is secret and cannot be joined to the person (see
    ``services/voting.py``). A fixed number of queries."""
    related = ("component__space", "pool")
    authored = list(Project.objects.filter(author=user).select_related(*related)
                    .order_by("created_at", "pk"))
    coauthored = list(Project.objects.filter(coauthors=user).select_related(*related)
                      .order_by("created_at", "pk"))
    supports = list(ProjectSupport.objects.filter(user=user)
                    .select_related("project__component__space").order_by("created_at", "pk"))
    appeals = list(Appeal.objects.filter(author=user)
                   .select_related("project__component__space").order_by("filed_at", "pk"))
    editions = (list(Edition.objects.filter(component__space__organization=user.organization)
                     .select_related("component__space"))
                if user.organization is not None else [])
    keys = voter_keys_for_user(editions, user)
    votes: list[Voter] = []
    if keys:
        match = Q(pk__in=[])
        for edition_id, key in keys.items():
            match |= Q(edition_id=edition_id, voter_key=key)
        votes = list(Voter.objects.filter(match).select_related("edition__component__space",
                                                                "pool")
                     .order_by("voted_at", "pk"))
    return {
        "projects_submitted": [
            {**_project_ref(p), "title": p.title, "description": p.description,
             "published_title": p.title_public, "state": p.state, "pool": str(p.pool),
             "estimated_cost": str(p.cost), "address": p.address,
             "created_at": _iso(p.created_at), "submitted_at": _iso(p.submitted_at),
             "withdrawn_at": _iso(p.withdrawn_at)} for p in authored],
        "projects_coauthored": [{**_project_ref(p), "state": p.state} for p in coauthored],
        "support_signatures": [{**_project_ref(s.project), "signed_at": _iso(s.created_at)}
                               for s in supports],
        "appeals": [{**_project_ref(a.project), "reason": a.reason,
                     "filed_at": _iso(a.filed_at), "decision": a.outcome,
                     "reasons_for_the_decision": a.reasons,
                     "decided_at": _iso(a.decided_at)} for a in appeals],
        "votes": [{"participatory_budget": str(v.edition.component.space),
                   "pool": str(v.pool), "channel": v.channel, "voted_at": _iso(v.voted_at),
                   "annulled_at": _iso(v.annulled_at)} for v in votes],
    }
