"""Staff review of the vote's fraud signals: clusters with their reasons and counts (never a
ballot), quarantine of a cluster or one vote, the commission's resolution of ballot ids, and
the "someone voted as me" reports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.components.budgets.forms_fraud import QuarantineForm, ResolveForm
from participa.components.budgets.manage_views.common import (
    budget_staff_view,
    edition_or_none,
    render_budget,
)
from participa.components.budgets.models import Edition
from participa.components.budgets.models_fraud import (
    BallotQuarantine,
    VoteAsMeReport,
    VoteAsMeState,
    VoterQuarantine,
)
from participa.components.budgets.services import fraud
from participa.core import permissions as core_permissions
from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest
from participa.spaces.models import Component


def _edition(component: Component) -> Edition:
    edition = edition_or_none(component)
    if edition is None:
        raise Http404
    return edition


def _url(component: Component) -> str:
    return reverse("manage:budgets:manage_fraud", args=[component.space.slug, component.pk])


def _choices(clusters: list[fraud.Cluster]) -> list[tuple[str, str]]:
    return [(c.token, f"{c.reason} ({c.label})") for c in clusters]


def _page(request: AuthedRequest, component: Component, edition: Edition, *,
          quarantine_form: QuarantineForm | None = None, resolve_form: ResolveForm | None = None,
          status: int = 200) -> HttpResponse:
    clusters = fraud.fraud_clusters(edition)
    response = render_budget(
        request, "budgets/fraud/manage.html", component, edition=edition, clusters=clusters,
        quarantined=VoterQuarantine.objects.filter(edition=edition).count(),
        resolved=BallotQuarantine.objects.filter(edition=edition).count(),
        excluded=fraud.excluded_summary(edition),
        reports=list(VoteAsMeReport.objects.filter(edition=edition,
                                                   state=VoteAsMeState.PENDING)
                     .select_related("reporter")),
        may_decide=core_permissions.can_manage_organization(
            request.user, component.space.organization),
        quarantine_form=quarantine_form or QuarantineForm(clusters=_choices(clusters)),
        resolve_form=resolve_form or ResolveForm())
    response.status_code = status
    return response


@budget_staff_view
def manage_fraud(request: AuthedRequest, component: Component) -> HttpResponse:
    """The dashboard (GET) and the quarantine of one cluster or one vote (POST)."""
    edition = _edition(component)
    if request.method != "POST":
        return _page(request, component, edition)
    form = QuarantineForm(request.POST, clusters=_choices(fraud.fraud_clusters(edition)))
    if not form.is_valid():
        return _page(request, component, edition, quarantine_form=form, status=400)
    token = form.cleaned_data["cluster"]
    ids = (fraud.cluster_voter_ids(edition, token) if token
           else [form.cleaned_data["voter"].strip()])
    try:
        count = fraud.votes_quarantine(acting_user=request.user, edition=edition,
                                       voter_ids=ids, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        if getattr(error, "code", None) == "forbidden":
            raise Http404 from None
        apply_service_errors(form, error)
        return _page(request, component, edition, quarantine_form=form, status=400)
    messages.success(request, ngettext("%(count)d vote set aside for the commission.",
                                       "%(count)d votes set aside for the commission.",
                                       count) % {"count": count})
    return HttpResponseRedirect(_url(component))


@budget_staff_view
def manage_fraud_resolve(request: AuthedRequest, component: Component) -> HttpResponse:
    """The commission's officer names the ballots of the quarantined votes."""
    edition = _edition(component)
    if request.method != "POST":
        return HttpResponseRedirect(_url(component))
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return _page(request, component, edition, resolve_form=form, status=400)
    try:
        count = fraud.quarantine_resolve(acting_user=request.user, edition=edition,
                                         ballot_ids=form.ids(),
                                         reason=form.cleaned_data["reason"])
    except ValidationError as error:
        if getattr(error, "code", None) == "forbidden":
            raise Http404 from None
        apply_service_errors(form, error)
        return _page(request, component, edition, resolve_form=form, status=400)
    messages.success(request, ngettext("%(count)d ballot excluded from the results.",
                                       "%(count)d ballots excluded from the results.",
                                       count) % {"count": count})
    return HttpResponseRedirect(_url(component))


@budget_staff_view
def manage_vote_as_me(request: AuthedRequest, component: Component,
                      report_id: int) -> HttpResponse:
    """Uphold or dismiss one "someone voted as me" report (POST)."""
    edition = _edition(component)
    report = get_object_or_404(VoteAsMeReport, pk=report_id, edition=edition)
    if request.method != "POST":
        return HttpResponseRedirect(_url(component))
    report.edition = edition
    try:
        if request.POST.get("decision") == "uphold":
            fraud.vote_as_me_uphold(acting_user=request.user, report=report)
            messages.success(request, _("The report is upheld: the vote in the resident's "
                                        "name is annulled and set aside for the commission, "
                                        "and the resident may vote again."))
        else:
            fraud.vote_as_me_dismiss(acting_user=request.user, report=report)
            messages.success(request, _("The report is dismissed."))
    except ValidationError as error:
        if getattr(error, "code", None) == "forbidden":
            raise Http404 from None
        messages.error(request, error.messages[0])
    return HttpResponseRedirect(_url(component))
