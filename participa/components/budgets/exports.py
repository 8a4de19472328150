"""Exports of the budgets component.

- ``staff_rows``: every project (drafts too) with its authors' names and e-mail addresses, for
  the staff who review them (staff only);
- ``open_data_rows``: the open-data rows, WITHOUT personal data: no author, no group, no
  e-mail, no address (a person may have typed theirs), only the redacted title and
  description, the pool, category, map point and money.
  Drafts never appear; nothing at all for a component that is not public;
- ``results_open_data_rows``: the PUBLISHED results, one row per project on a pool's ballot:
  its votes, points, cost and outcome, with its pool's rule, money and the SHA-256 of the
  pool's anonymised ballot file (counts only: nothing about who voted).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from participa.components.budgets.models import CostItem, Project, ProjectState
from participa.components.budgets.models_results import PoolResult
from participa.core.models import User
from participa.spaces.models import Component, Visibility

STAFF_COLUMNS = [
    "number", "state", "pool", "category", "title", "description", "author_name",
    "author_email", "group", "coauthors", "address", "latitude", "longitude", "cost",
    "cost_items", "corrected_cost", "corrected_cost_reason", "supports", "submitted_at",
    "withdrawn_at",
]

OPEN_DATA_COLUMNS = [
    "number", "state", "pool", "district", "category", "title", "description", "latitude",
    "longitude", "cost", "cost_items", "corrected_cost", "corrected_cost_reason",
    "supports", "submitted_at", "withdrawn_at",
]


def _projects(component: Component) -> Any:
    return (Project.objects.filter(component=component)
            .select_related("pool__scope", "category", "author", "group")
            .prefetch_related(Prefetch("cost_items", queryset=CostItem.objects.order_by(
                                  "position", "id")),
                              Prefetch("coauthors", queryset=User.objects.order_by("pk")))
            .order_by("number"))


def _name(obj: Any) -> str:
    return str(obj) if obj is not None else ""


def _items(project: Project, *, public: bool = False) -> str:
    """The cost items, as the staff (the original) or the public (redacted) read them."""
    return "; ".join(f"{item.description_public if public else item.description}: "
                     f"{item.amount}" for item in project.cost_items.all())


def _person(user: User | None) -> str:
    if user is None:
        return ""
    return user.display_name or user.get_full_name() or user.username


def staff_rows(component: Component) -> list[dict[str, Any]]:
    """Every project of ``component``, drafts too, with who wrote it."""
    rows: list[dict[str, Any]] = []
    for project in _projects(component):
        rows.append({
            "number": project.number,
            "state": project.state,
            "pool": _name(project.pool),
            "category": _name(project.category),
            "title": project.title,
            "description": project.description,
            "author_name": _person(project.author),
            "author_email": project.author.email if project.author else "",
            "group": project.group.name if project.group else "",
            "coauthors": ", ".join(_person(person) for person in project.coauthors.all()),
            "address": project.address,
            "latitude": project.latitude,
            "longitude": project.longitude,
            "cost": project.cost,
            "cost_items": _items(project),
            "corrected_cost": project.corrected_cost,
            "corrected_cost_reason": project.corrected_cost_reason,
            "supports": project.supports_count,
            "submitted_at": (timezone.localtime(project.submitted_at)
                             if project.submitted_at else None),
            "withdrawn_at": (timezone.localtime(project.withdrawn_at)
                             if project.withdrawn_at else None),
        })
    return rows


def _is_open_data(component: Component) -> bool:
    space = component.space
    return bool(component.is_published and space.is_published
                and space.visibility == Visibility.PUBLIC)


def open_data_rows(component: Component) -> list[dict[str, Any]]:
    """Submitted projects without personal data (see the module's docstring)."""
    if not _is_open_data(component):
        return []
    rows: list[dict[str, Any]] = []
    for project in _projects(component).exclude(state=ProjectState.DRAFT):
        rows.append({
            "number": project.number,
            "state": project.state,
            "pool": _name(project.pool),
            "district": _name(project.pool.scope),
            "category": _name(project.category),
            "title": project.title_public,
            "description": project.description_public,
            "latitude": project.latitude,
            "longitude": project.longitude,
            "cost": project.cost,
            "cost_items": _items(project, public=True),
            "corrected_cost": project.corrected_cost,
            "corrected_cost_reason": project.corrected_cost_reason,
            "supports": project.supports_count,
            "submitted_at": project.submitted_at,
            "withdrawn_at": project.withdrawn_at,
        })
    return rows


RESULTS_COLUMNS = [
    "pool", "district", "number", "title", "votes", "score", "cost", "selected", "rule",
    "tie_breaking", "pool_amount", "pool_money_used", "ballots_counted",
    "ballots_excluded_quarantined", "ballots_excluded_annulled", "ballot_file_sha256",
    "published_at",
]


def results_open_data_rows(component: Component) -> list[dict[str, Any]]:
    """The published results of ``component``'s edition (see the module's docstring);
    nothing before publication or for a component that is not public. Three queries."""
    if not _is_open_data(component):
        return []
    results = list(PoolResult.objects.filter(edition__component=component,
                                             published_at__isnull=False)
                   .select_related("pool__scope").order_by("pool__position", "pool_id"))
    ids = [int(row["id"]) for result in results for row in result.projects]
    projects = {str(p.pk): p for p in Project.objects.filter(pk__in=ids)} if ids else {}
    rows: list[dict[str, Any]] = []
    for result in results:
        for row in sorted(result.projects, key=lambda r: (-int(r["votes"]), str(r["id"]))):
            project = projects.get(str(row["id"]))
            if project is None:
                continue
            rows.append({
                "pool": _name(result.pool),
                "district": _name(result.pool.scope),
                "number": project.number,
                "title": project.title_public,
                "votes": row["votes"],
                "score": row["score"],
                "cost": row["cost"],
                "selected": bool(row["selected"]),
                "rule": result.rule,
                "tie_breaking": result.tie_breaking,
                "pool_amount": result.budget,
                "pool_money_used": result.money_used,
                "ballots_counted": result.ballots_counted,
                "ballots_excluded_quarantined": result.excluded_quarantined,
                "ballots_excluded_annulled": result.excluded_annulled,
                "ballot_file_sha256": result.sha256,
                "published_at": result.published_at,
            })
    return rows
