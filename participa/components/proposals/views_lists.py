"""The public lists of proposals: a component's (its page), the organization's
(``/proposals/``), a person's own (``/proposals/mine/``, drafts included) and the ones they
support (``/proposals/supported/``) — all filtered and sorted the same way, all through the one
visibility rule (``selectors.proposals_visible``), each in a fixed number of queries."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, Func, Q, QuerySet, Subquery
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from participa.components.proposals import permissions
from participa.components.proposals.filters import (
    RANDOM,
    SEED_MAX,
    ProposalFilterSet,
    with_current_answer,
    with_supported_by,
)
from participa.components.proposals.models import PROPOSAL_ANSWERS, Proposal, ProposalState
from participa.components.proposals.selectors import proposals_visible
from participa.core.http import OrgRequest
from participa.spaces.models import Component

PROPOSALS_PER_PAGE = 20
SEED_SESSION_KEY = "proposals_seed"


def _nav(component: Component | None) -> str:
    if component is None:
        return "proposals"
    return "processes" if component.space.is_process else "assemblies"


def list_rows(proposals: QuerySet[Proposal], user: Any) -> QuerySet[Proposal]:
    """What a card shows, read with the list: the space's district, the current answer and
    whether the visitor supports each proposal."""
    return with_supported_by(with_current_answer(
        proposals.select_related("component__space__scope")), user)


def _seed_param(request: OrgRequest) -> int | None:
    raw = request.GET.get("seed", "")
    return int(raw) % SEED_MAX if raw.isdigit() else None


def _random_redirect(request: OrgRequest) -> HttpResponseRedirect:
    """Random order without a seed in the address: the visitor's seed (kept in their session,
    when they have one) is added, so the order stays the same from page to page and on
    reload; a visitor without a session keeps it through the address alone."""
    seed: int | None = None
    has_session = request.user.is_authenticated or bool(
        getattr(request, "session", None) and request.session.session_key)
    if has_session:
        seed = request.session.get(SEED_SESSION_KEY)
    if not isinstance(seed, int):
        seed = secrets.randbelow(SEED_MAX - 1) + 1
        if has_session:
            request.session[SEED_SESSION_KEY] = seed
    params = request.GET.copy()
    params["seed"] = str(seed)
    params.pop("page", None)
    return HttpResponseRedirect(f"?{params.urlencode()}")


def page_in_one_query(rows: QuerySet[Proposal], raw: str | None,
                      per_page: int = PROPOSALS_PER_PAGE) -> Page:
    """The page numbered ``raw`` (the first when unreadable, the last when past the end) and
    the number found, read together in one query;
    only a page past the end costs a second one."""
    number = int(raw) if raw and raw.isdigit() and int(raw) >= 1 else 1
    # An uncorrelated subquery: computed once, while the page's own columns (the current
    # answer, "supported by me") are computed for its rows only (a window count would compute
    # them for every row found).
    total_found = rows.order_by().annotate(
        total=Func(F("pk"), function="COUNT")).values("total")
    counted = rows.annotate(found=Subquery(total_found))

    def read(number: int) -> list[Proposal]:
        return list(counted[(number - 1) * per_page:number * per_page])

    items = read(number)
    total = int(vars(items[0])["found"]) if items else rows.count()
    paginator = Paginator(rows, per_page)
    paginator.__dict__["count"] = total  # the paginator's cached count: no COUNT query
    if not items and total:
        number = paginator.num_pages
        items = read(number)
    return Page(items, min(number, paginator.num_pages), paginator)


def proposal_list_page(request: OrgRequest, proposals: QuerySet[Proposal], *,
                       component: Component | None, template: str = "proposals/index.html",
                       extra: dict[str, Any] | None = None) -> HttpResponse:
    """A filtered, sorted, paginated list of ``proposals`` (already limited to what the
    visitor may see)."""
    org = request.organization
    params = {key: value for key, value in request.GET.items()
              if key not in ("page", "seed") and value}
    filterset = ProposalFilterSet(params or None, list_rows(proposals, request.user),
                                  organization=org, request=request, component=component,
                                  user=request.user)
    seed = _seed_param(request)
    if filterset.order == RANDOM and seed is None:
        return _random_redirect(request)
    page_obj = page_in_one_query(filterset.sorted_qs(seed), request.GET.get("page"))
    items = list(page_obj.object_list)
    for item in items:
        outcome = getattr(item, "current_outcome", None)
        item.current_answer_label = (PROPOSAL_ANSWERS.outcome_label(outcome)
                                     if outcome else "")
    context = {
        "component": component,
        "space": component.space if component else None,
        "form": filterset.form,
        "filtered": filterset.is_bound,
        "page_obj": page_obj,
        "items": items,
        "can_create": (component is not None
                       and permissions.can_create_proposal(request.user, component)),
        "can_manage": (component is not None
                       and permissions.can_manage_proposals(request.user, component)),
        "nav": _nav(component),
        **(extra or {}),
    }
    return render(request, template, context)


def own_proposals(user: Any, org: Any) -> QuerySet[Proposal]:
    """Every proposal ``user`` wrote or co-wrote in ``org``, drafts included (not those of a
    space they can no longer see, unless they are drafts of their own)."""
    return (Proposal.objects.filter(component__space__organization=org)
            .filter(Q(author=user) | Q(pk__in=Proposal.coauthors.through.objects
                                       .filter(user=user).values("proposal_id")))
            .filter(Q(state=ProposalState.DRAFT)
                    | Q(pk__in=proposals_visible(user, org).values("pk")))
            .select_related("component__space__organization", "scope", "area", "category",
                            "group"))

