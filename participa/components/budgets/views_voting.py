"""Public pages of voting online: the voting page of the edition (its pools, the election
key's fingerprint), the ballot of a pool, the confirmation with the receipt code (shown once,
never stored in clear), the receipt check anyone may run, and the change of a ballot by its
receipt. Every page works without JavaScript; a refused ballot comes back with everything the
voter chose and the problems listed at the top, linked to the fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from participa.components.budgets.forms_voting import ReceiptForm, read_ballot, read_birth_year
from participa.components.budgets.models import Edition, ElectionKey, Pool, VotingMethod
from participa.components.budgets.permissions import edition_of
from participa.components.budgets.services import voting
from participa.components.budgets.views import nav_of
from participa.core.http import OrgRequest, is_authenticated, signed_in_user
from participa.spaces.decorators import component_view
from participa.spaces.models import Component


def _edition(component: Component) -> Edition:
    edition = edition_of(component)
    if edition is None:
        raise Http404
    edition.component = component
    return edition


def _pool(edition: Edition, pool_id: int) -> Pool:
    return get_object_or_404(Pool.objects.select_related("scope"), pk=pool_id, edition=edition)


def _context(component: Component, edition: Edition, **extra: Any) -> dict[str, Any]:
    return {"component": component, "space": component.space, "edition": edition,
            "nav": nav_of(component), **extra}


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@component_view("budgets")
def voting_index(request: OrgRequest, component: Component) -> HttpResponse:
    """The edition's voting page: the pools to vote in, the commission's key fingerprint."""
    edition = _edition(component)
    key = ElectionKey.objects.filter(edition=edition).first()
    return render(request, "budgets/voting/index.html", _context(
        component, edition, pools=list(edition.pools.select_related("scope")), key=key,
        allow_change=edition.allow_ballot_change))


def _ballot_page(request: OrgRequest, component: Component, edition: Edition, pool: Pool, *,
                 template: str, problems: list[str], raw: dict[int, str],
                 extra: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    projects = voting.ballot_projects(pool, component)
    chosen_cost = Decimal(0)
    if pool.method == VotingMethod.KNAPSACK:
        chosen_cost = sum((voting.project_cost(p) for p in projects if raw.get(p.pk) == "1"),
                          Decimal(0))
    rows = [{"project": p, "cost": voting.project_cost(p), "value": raw.get(p.pk, ""),
             "checked": raw.get(p.pk) == "1"} for p in projects]
    ranks = list(range(1, (pool.max_projects or len(projects)) + 1))
    response = render(request, template, _context(
        component, edition, pool=pool, rows=rows, problems=problems, ranks=ranks,
        chosen_cost=chosen_cost, left=pool.amount - chosen_cost,
        excess=chosen_cost - pool.amount, over=chosen_cost > pool.amount, **(extra or {})),
        status=status)
    return _no_store(response)


@component_view("budgets")
def vote(request: OrgRequest, component: Component, pool_id: int) -> HttpResponse:
    """The ballot of a pool; a valid POST casts it and answers with the receipt code."""
    edition = _edition(component)
    pool = _pool(edition, pool_id)
    eligibility = voting.voter_eligibility(request.user, edition, pool)
    birth_year, birth_year_raw = read_birth_year(request.POST)
    extra = {"eligibility": eligibility, "birth_year": birth_year_raw,
             "signed_in": is_authenticated(request)}
    if request.method != "POST" or eligibility:
        return _ballot_page(request, component, edition, pool, template="budgets/voting/vote.html",
                            problems=[], raw={}, extra=extra,
                            status=403 if request.method == "POST" else 200)
    projects = voting.ballot_projects(pool)
    pairs, raw = read_ballot(pool, projects, request.POST)
    if request.POST.get("action") == "total":  # knapsack: show the running total, cast nothing
        return _ballot_page(request, component, edition, pool, template="budgets/voting/vote.html",
                            problems=[], raw=raw, extra={**extra, "totalled": True})
    try:
        receipt = voting.ballot_cast(
            acting_user=signed_in_user(request), edition=edition, pool=pool, choices=pairs,
            birth_year=birth_year,
            request_meta=voting.RequestMeta(
                ip=request.META.get("REMOTE_ADDR"),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                accept_language=request.META.get("HTTP_ACCEPT_LANGUAGE", "")))
    except ValidationError as error:
        if hasattr(error, "error_dict"):  # the year of birth: shown next to its field
            extra["birth_year_errors"] = error.message_dict.get("birth_year", [])
            problems = [message for field, messages in error.message_dict.items()
                        if field != "birth_year" for message in messages]
        else:
            problems = list(error.messages)
        return _ballot_page(request, component, edition, pool, template="budgets/voting/vote.html",
                            problems=problems, raw=raw, extra=extra, status=400)
    return _no_store(render(request, "budgets/voting/receipt.html", _context(
        component, edition, pool=pool, receipt=receipt)))


@component_view("budgets")
def receipt_check(request: OrgRequest, component: Component) -> HttpResponse:
    """Anyone types a receipt code and reads whether (and on which day) its ballot was
    recorded; the code travels in a POST, never in an address."""
    edition = _edition(component)
    form = ReceiptForm(request.POST or None)
    answer = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                answer = voting.ballot_check(edition=edition,
                                             receipt=form.cleaned_data["receipt"])
            except ValidationError as error:
                form.add_error("receipt", error.message_dict["receipt"])
        if form.errors:
            status = 400
    return _no_store(render(request, "budgets/voting/check.html", _context(
        component, edition, form=form, answer=answer), status=status))


@component_view("budgets")
def ballot_change(request: OrgRequest, component: Component, pool_id: int) -> HttpResponse:
    """Change one's ballot in a pool with one's receipt code (where the edition allows it)."""
    edition = _edition(component)
    pool = _pool(edition, pool_id)
    refusal = voting.ballot_change_refusal(edition)
    form = ReceiptForm(request.POST or None)
    extra: dict[str, Any] = {"form": form, "refusal": refusal.messages[0] if refusal else ""}
    if request.method != "POST" or refusal is not None:
        return _ballot_page(request, component, edition, pool,
                            template="budgets/voting/change.html", problems=[], raw={},
                            extra=extra, status=403 if request.method == "POST" else 200)
    projects = voting.ballot_projects(pool)
    pairs, raw = read_ballot(pool, projects, request.POST)
    problems: list[str] = []
    if form.is_valid():
        try:
            voting.ballot_change(receipt=form.cleaned_data["receipt"], edition=edition,
                                 pool=pool, choices=pairs)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for message in error.message_dict.get("receipt", []):
                    form.add_error("receipt", message)
            else:
                problems = list(error.messages)
        else:
            return _no_store(render(request, "budgets/voting/changed.html",
                                    _context(component, edition, pool=pool)))
    return _ballot_page(request, component, edition, pool,
                        template="budgets/voting/change.html", problems=problems, raw=raw,
                        extra=extra, status=400)
