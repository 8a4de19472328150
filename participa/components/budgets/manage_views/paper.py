"""Staff pages of voting on paper: the polling points (administrators set them up), the
keying of a paper ballot per pool, the mismatches a third official resolves beside the
scanned ballot, and the tallies per polling point (counts only). Only a polling point's
officials and the budget's administrators reach a point's pages; anyone else gets a 404."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from participa.components.budgets.forms_paper import PaperKeyForm, PollingPointForm
from participa.components.budgets.forms_voting import read_ballot
from participa.components.budgets.manage_views.common import edition_or_none, render_budget
from participa.components.budgets.models import Edition, Pool, Project, VotingMethod
from participa.components.budgets.models_paper import (
    PaperBallot,
    PaperBallotState,
    PollingPoint,
)
from participa.components.budgets.permissions_paper import (
    belongs_to_space_organization,
    can_enter_paper_ballots,
    can_key_at,
    can_manage_polling_points,
)
from participa.components.budgets.services import paper, voting
from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest
from participa.spaces.decorators import staff_view
from participa.spaces.models import Component


def _point_of(user: Any, component: Component, value: Any) -> PollingPoint | None:
    point = (PollingPoint.objects.filter(pk=int(value), edition__component=component)
             .select_related("edition").first())
    if point is not None:
        point.edition.component = component
    return point


def _paper_view(**extra: Any) -> Any:
    return staff_view("budgets", permission=can_enter_paper_ballots,
                      space_permission=belongs_to_space_organization, **extra)


paper_staff_view = _paper_view()
point_view = _paper_view(item=_point_of, item_arg="point_id", item_permission=can_key_at)


def _edition(component: Component) -> Edition:
    edition = edition_or_none(component)
    if edition is None:
        raise Http404
    return edition


def _url(name: str, component: Component, *args: Any) -> str:
    return reverse(f"manage:budgets:{name}", args=[component.space.slug, component.pk, *args])


@paper_staff_view
def paper_index(request: AuthedRequest, component: Component) -> HttpResponse:
    """The polling points the person keys at; administrators add polling points here."""
    edition = _edition(component)
    may_manage = can_manage_polling_points(request.user, component)
    form = PollingPointForm(request.POST or None, edition=edition) if may_manage else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                paper.polling_point_create(
                    acting_user=request.user, edition=edition, name=form.cleaned_data["name"],
                    address=form.cleaned_data["address"],
                    officials=list(form.cleaned_data["officials"]))
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The polling point is added."))
                return HttpResponseRedirect(_url("paper_index", component))
    response = render_budget(request, "budgets/paper/index.html", component, form=form,
                             points=paper.points_for(request.user, edition))
    if form is not None and form.errors:
        response.status_code = 400
    return response


@point_view
def paper_point(request: AuthedRequest, component: Component,
                point: PollingPoint) -> HttpResponse:
    """A polling point: its pools to key ballots in, and the ballots whose keyings differ."""
    return render_budget(request, "budgets/paper/point.html", component, point=point,
                         pools=list(point.edition.pools.select_related("scope")),
                         mismatches=paper.mismatches(point),
                         closed=paper.keying_refusal(point.edition))


def _rows(pool: Pool, projects: list[Project], raw: dict[int, str]) -> dict[str, Any]:
    """The ballot's rows as the voting pages show them (knapsack: the running total)."""
    chosen = Decimal(0)
    if pool.method == VotingMethod.KNAPSACK:
        chosen = sum((voting.project_cost(p) for p in projects if raw.get(p.pk) == "1"),
                     Decimal(0))
    return {"rows": [{"project": p, "cost": voting.project_cost(p), "value": raw.get(p.pk, ""),
                      "checked": raw.get(p.pk) == "1"} for p in projects],
            "ranks": list(range(1, (pool.max_projects or len(projects)) + 1)),
            "chosen_cost": chosen, "left": pool.amount - chosen, "over": chosen > pool.amount,
            "totalled": bool(raw)}


def _adding_up(request: AuthedRequest) -> bool:
    """The knapsack ballot's "Add up my choices" button: show the total, key nothing."""
    return request.POST.get("action") == "total"


def _submit(request: AuthedRequest, form: PaperKeyForm, point: PollingPoint, pool: Pool,
            serial: str) -> tuple[PaperBallot | None, list[str]]:
    """Key the ballot; the refusal's ballot problems, or the other errors on the form."""
    projects = voting.ballot_projects(pool)
    pairs, _raw = read_ballot(pool, projects, request.POST)
    data = form.cleaned_data
    try:
        ballot = paper.paper_ballot_key(
            acting_user=request.user, polling_point=point, serial=serial, pool=pool,
            identifier=data["identifier"], choices=pairs, birth_year=data.get("birth_year"),
            parent_name=data.get("parent_name") or "", scan=request.FILES.get("scan"))
    except ValidationError as error:
        if getattr(error, "code", "") == "invalid_ballot":
            return None, list(error.messages)
        apply_service_errors(form, error)
        return None, []
    return ballot, []


def _outcome(ballot: PaperBallot) -> str:
    if ballot.state == PaperBallotState.ACCEPTED:
        return _("Ballot %(serial)s: both keyings agree, the vote is accepted.") % {
            "serial": ballot.serial}
    if ballot.state == PaperBallotState.MISMATCH:
        return _("Ballot %(serial)s: the two keyings differ. It waits for a third official, "
                 "who compares them with the scanned ballot.") % {"serial": ballot.serial}
    return _("Ballot %(serial)s: first keying saved. Another official must enter it a second "
             "time.") % {"serial": ballot.serial}


@point_view
def paper_key(request: AuthedRequest, component: Component, point: PollingPoint,
              pool_id: int) -> HttpResponse:
    """Key one paper ballot of ``pool`` (first or second keying), once the vote is open."""
    pool = get_object_or_404(Pool.objects.select_related("scope"), pk=pool_id,
                             edition=point.edition)
    projects = voting.ballot_projects(pool, component)
    form = PaperKeyForm(request.POST or None, request.FILES or None, edition=point.edition)
    problems: list[str] = []
    raw: dict[int, str] = {}
    closed = paper.keying_refusal(point.edition)
    if closed is not None:
        response = render_budget(request, "budgets/paper/key.html", component, point=point,
                                 pool=pool, form=None, closed=closed, edition=point.edition)
        response.status_code = 400 if request.method == "POST" else 200
        return response
    if request.method == "POST":
        _pairs, raw = read_ballot(pool, projects, request.POST)
        if not _adding_up(request) and form.is_valid():
            ballot, problems = _submit(request, form, point, pool, form.cleaned_data["serial"])
            if ballot is not None:
                messages.success(request, _outcome(ballot))
                return HttpResponseRedirect(_url("paper_key", component, point.pk, pool.pk))
    response = render_budget(request, "budgets/paper/key.html", component, point=point,
                             pool=pool, form=form, problems=problems, edition=point.edition,
                             **_rows(pool, projects, raw))
    if (form.errors and not _adding_up(request)) or problems:
        response.status_code = 400
    response["Cache-Control"] = "no-store"
    return response


def _keyings(ballot: PaperBallot) -> list[dict[str, Any]]:
    """The keyings side by side, with the projects' titles."""
    entries = list(ballot.entries.select_related("official", "pool"))
    titles = {p.pk: f"{p.number}. {p}" for p in Project.objects.filter(
        pool_id__in={entry.pool_id for entry in entries})}
    first = entries[0].voter_key if entries else ""
    return [{"entry": entry, "same_voter": entry.voter_key == first,
             "choices": [(titles.get(pid, str(pid)), value) for pid, value in entry.choices]}
            for entry in entries]


@point_view
def paper_resolve(request: AuthedRequest, component: Component, point: PollingPoint,
                  ballot_id: int) -> HttpResponse:
    """A ballot whose keyings differ: both keyings beside the scanned ballot, and the third
    keying that decides (by an official who keyed neither)."""
    ballot = get_object_or_404(PaperBallot, pk=ballot_id, polling_point=point,
                               state=PaperBallotState.MISMATCH)
    keyings = _keyings(ballot)
    pool = keyings[0]["entry"].pool
    projects = voting.ballot_projects(pool, component)
    form = PaperKeyForm(request.POST or None, edition=point.edition, resolving=True)
    problems: list[str] = []
    raw: dict[int, str] = {}
    if request.method == "POST":
        _pairs, raw = read_ballot(pool, projects, request.POST)
        if not _adding_up(request) and form.is_valid():
            decided, problems = _submit(request, form, point, pool, ballot.serial)
            if decided is not None:
                messages.success(request, _outcome(decided))
                return HttpResponseRedirect(_url("paper_point", component, point.pk))
    already = any(k["entry"].official_id == request.user.pk for k in keyings)
    response = render_budget(request, "budgets/paper/resolve.html", component, point=point,
                             ballot=ballot, keyings=keyings, pool=pool, form=form,
                             problems=problems, edition=point.edition, already=already,
                             is_image=(ballot.scan.name or "").lower().endswith(
                                 (".jpg", ".jpeg", ".png")),
                             **_rows(pool, projects, raw))
    if form.errors or problems:
        response.status_code = 400
    response["Cache-Control"] = "no-store"
    return response


@point_view
def paper_scan(request: AuthedRequest, component: Component, point: PollingPoint,
               ballot_id: int) -> FileResponse:
    ballot = get_object_or_404(PaperBallot, pk=ballot_id, polling_point=point)
    if not ballot.scan:
        raise Http404
    response = FileResponse(ballot.scan.open("rb"))
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@paper_staff_view
def paper_tallies(request: AuthedRequest, component: Component) -> HttpResponse:
    """Per polling point the person keys at: ballots keyed once, differing, accepted."""
    edition = _edition(component)
    rows = paper.tallies(edition, user=request.user)
    totals = {key: sum(row[key] for row in rows)
              for key in ("keyed_once", "mismatch", "accepted", "minors")}
    return render_budget(request, "budgets/paper/tallies.html", component, rows=rows,
                         totals=totals, methods=VotingMethod)
