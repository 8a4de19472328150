"""Public views of the budgets component: the edition page (its index: timeline with the
current phase, pools, rules), the list of projects (filters, search, sort, pages, in a fixed
number of queries) and a project's page (place, cost table, co-authors, photos, signatures,
comments)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Func, QuerySet, Subquery
from django.http import HttpResponse
from django.shortcuts import render

from participa.components.budgets import describe, permissions
from participa.components.budgets.filters import ProjectFilterSet
from participa.components.budgets.models import (
    Project,
    ProjectState,
)
from participa.components.budgets.phases import EditionPhase, edition_phase
from participa.components.budgets.selectors import (
    ListOptions,
    drafts_of,
    edition_get,
    list_options,
    project_get_for_user,
    projects_visible,
)
from participa.components.budgets.services.supports import signed
from participa.components.budgets.timeline_links import linked_timeline
from participa.core.http import OrgRequest
from participa.core.maps import tile_attribution
from participa.core.pagecache import cache_for_visitors
from participa.spaces.decorators import component_view
from participa.spaces.models import Component

PROJECTS_PER_PAGE = 20


def nav_of(component: Component | None) -> str:
    if component is None:
        return "budgets"
    return "processes" if component.space.is_process else "assemblies"


def page_in_one_query(rows: QuerySet[Project], raw: str | None,
                      per_page: int = PROJECTS_PER_PAGE) -> Page:
    """The page numbered ``raw`` (the first when unreadable, the last when past the end) and
    the number found, read together in one query; only a page past the end costs a second
    one."""
    number = int(raw) if raw and raw.isdigit() and int(raw) >= 1 else 1
    total_found = rows.order_by().annotate(
        total=Func(F("pk"), function="COUNT")).values("total")
    counted = rows.annotate(found=Subquery(total_found))

    def read(number: int) -> list[Project]:
        return list(counted[(number - 1) * per_page:number * per_page])

    items = read(number)
    total = int(vars(items[0])["found"]) if items else rows.count()
    paginator = Paginator(rows, per_page)
    paginator.__dict__["count"] = total  # the paginator's cached count: no COUNT query
    if not items and total:
        number = paginator.num_pages
        items = read(number)
    return Page(items, min(number, paginator.num_pages), paginator)


def project_list_page(request: OrgRequest, projects: QuerySet[Project], *,
                      component: Component | None, options: ListOptions | None = None,
                      template: str = "budgets/projects.html",
                      extra: dict[str, Any] | None = None) -> HttpResponse:
    """A filtered, sorted, paginated list of ``projects`` (already limited to what the
    visitor may see); the pool and category filters when ``component`` is given."""
    params = {key: value for key, value in request.GET.items() if key != "page" and value}
    filterset = ProjectFilterSet(params or None, projects, organization=request.organization,
                                 request=request, component=component, options=options)
    page_obj = page_in_one_query(filterset.sorted_qs(), request.GET.get("page"))
    return render(request, template, {
        "component": component, "space": component.space if component else None,
        "form": filterset.form, "filtered": filterset.is_bound,
        "page_obj": page_obj, "items": list(page_obj.object_list), "nav": nav_of(component),
        **(extra or {}),
    })


@cache_for_visitors
@component_view("budgets")
def index(request: OrgRequest, component: Component) -> HttpResponse:
    """The edition page: the timeline with the current phase, the pools with their money and
    rules, the categories, who may vote — all public before voting opens."""
    edition = edition_get(component)
    context: dict[str, Any] = {"component": component, "space": component.space,
                               "edition": edition, "nav": nav_of(component),
                               "can_manage": permissions.can_manage_budget(request.user,
                                                                           component)}
    if edition is not None:
        pools = list(edition.pools.all())
        counts = dict(projects_visible(request.user, request.organization)
                      .filter(component=component).values_list("pool_id")
                      .annotate(n=Count("pk")).values_list("pool_id", "n"))
        phase = edition_phase(edition)
        context.update({
            "phase": phase, "phase_label": phase.label,
            "timeline": linked_timeline(edition, component),
            "pools": describe.pool_facts(pools), "counts": counts,
            "projects_count": sum(counts.values()),
            "categories": list(edition.categories.all()),
            "tie_break": describe.tie_break_words(edition),
            "voters": describe.voter_words(edition),
            "can_submit": permissions.can_submit_project(request.user, component),
            "submission_open": phase == EditionPhase.SUBMISSION,
            "drafts": list(drafts_of(request.user, component)[:10]),
        })
    return render(request, "budgets/index.html", context)


@cache_for_visitors
@component_view("budgets")
def projects(request: OrgRequest, component: Component) -> HttpResponse:
    """The submitted projects of the edition, filtered, searched, sorted and paginated, in a
    fixed number of queries: the filters' options in one, the page and its count in one."""
    rows = (projects_visible(request.user, request.organization).filter(component=component))
    return project_list_page(request, rows, component=component,
                             options=list_options(component))


@cache_for_visitors
@component_view("budgets", item=project_get_for_user, item_arg="number")
def detail(request: OrgRequest, component: Component, project: Project) -> HttpResponse:
    user = request.user
    coauthors = list(project.coauthors.all())
    is_author = user.is_authenticated and (
        project.author_id == user.pk or any(person.pk == user.pk for person in coauthors))
    edition = permissions.edition_of(component)
    threshold = project.pool.support_threshold
    refusal = permissions.support_refusal(user, project) if edition else None
    return render(request, "budgets/detail.html", {
        "component": component, "space": component.space, "project": project,
        "edition": edition, "coauthors": coauthors,
        "cost_items": list(project.cost_items.all()),
        "district": project.pool.scope,
        "is_author": is_author,
        "can_withdraw": permissions.can_withdraw_project(user, project),
        "can_edit": is_author and project.state == ProjectState.DRAFT
        and permissions.can_submit_project(user, component),
        "can_manage": permissions.can_manage_budget(user, component),
        "can_comment": permissions.can_comment_project(user, project),
        "supports_enabled": bool(edition and edition.supports_enabled),
        "threshold": threshold,
        "signed": signed(user, project),
        "can_sign": refusal is None,
        "sign_refusal": refusal.messages[0] if refusal is not None else "",
        "signing_open": bool(edition and edition_phase(edition) == EditionPhase.SUBMISSION),
        "map_tile_url": settings.MAP_TILE_URL, "map_attribution": tile_attribution(),
        "area_json": json.dumps(project.area_geojson) if project.area_geojson else "",
        "nav": nav_of(component),
    })


