"""Staff views of the evaluation: the register of proposals (filters and the columns of an
answer report), one proposal's evaluation (assignment, cost, feasibility, internal notes),
merging a duplicate and splitting a proposal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.answers.models import AnswerState
from participa.components.proposals.forms_evaluation import (
    NO_ANSWER,
    AssignForm,
    EvaluateForm,
    MergeForm,
    NoteForm,
    RegisterFilterForm,
    SplitForm,
)
from participa.components.proposals.manage_views.proposals import (
    proposal_staff_view,
    proposals_staff_view,
    render_proposals,
)
from participa.components.proposals.models import Outcome, Proposal, ProposalAnswer
from participa.components.proposals.services.answers import answer_policy_for
from participa.components.proposals.services.evaluation import (
    notes_newest_first,
    proposal_assign,
    proposal_evaluate,
    proposal_note_add,
)
from participa.components.proposals.services.merge import proposal_merge, proposal_split
from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest
from participa.spaces.models import Component

REGISTER_PER_SCREEN = 50


def with_answers(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Annotate ``current_outcome`` (the latest published answer's), ``answered_at`` and
    ``latest_answer_state`` (the state of the latest answer, published or not)."""
    published = (ProposalAnswer.objects.filter(proposal=OuterRef("pk"),
                                               state=AnswerState.PUBLISHED)
                 .order_by("-published_at", "-id"))
    latest = ProposalAnswer.objects.filter(proposal=OuterRef("pk")).exclude(
        state=AnswerState.SUPERSEDED).order_by("-id")
    return queryset.annotate(
        current_outcome=Subquery(published.values("outcome")[:1]),
        answered_at=Subquery(published.values("published_at")[:1]),
        latest_answer_state=Subquery(latest.values("state")[:1]),
    )


def register_filter(queryset: QuerySet[Proposal], data: dict[str, Any]) -> QuerySet[Proposal]:
    """The register's filters. Overdue: the answer deadline passed and there is no published
    answer other than "being evaluated"."""
    if data.get("state"):
        queryset = queryset.filter(state=data["state"])
    if data.get("department"):
        queryset = queryset.filter(department=data["department"])
    if data.get("evaluator"):
        queryset = queryset.filter(evaluator=data["evaluator"])
    answer = data.get("answer")
    if answer == NO_ANSWER:
        queryset = queryset.filter(Q(latest_answer_state__isnull=True))
    elif answer:
        queryset = queryset.filter(Q(latest_answer_state=answer))
    if data.get("overdue"):
        queryset = queryset.filter(answer_due_on__lt=timezone.localdate()).filter(
            Q(current_outcome__isnull=True) | Q(current_outcome=Outcome.EVALUATING))
    return queryset


@proposals_staff_view
def manage_register(request: AuthedRequest, component: Component) -> HttpResponse:
    org = component.space.organization
    form = RegisterFilterForm(request.GET or None, organization=org)
    proposals = with_answers(
        Proposal.objects.filter(component=component)
        .select_related("department", "evaluator", "scope", "category"))
    filtered = False
    if form.is_bound and form.is_valid():
        filtered = any(form.cleaned_data.values())
        proposals = register_filter(proposals, form.cleaned_data)
    page_obj = Paginator(proposals.order_by("-number"), REGISTER_PER_SCREEN).get_page(
        request.GET.get("page"))
    labels = dict(answer_policy_for(component).outcomes)
    for proposal in page_obj.object_list:
        # Annotated by ``with_answers``: the label of the current answer's outcome.
        outcome = getattr(proposal, "current_outcome", None) or ""
        setattr(proposal, "current_outcome_label", labels.get(outcome, ""))  # noqa: B010
    return render_proposals(request, "proposals/manage/register.html", component,
                            form=form, filtered=filtered, page_obj=page_obj,
                            today=timezone.localdate(),
                            export_url=reverse("opendata:component_exports",
                                               args=[component.space.slug, component.pk]))


def _evaluation_url(component: Component, proposal: Proposal) -> str:
    return reverse("manage:proposals:manage_evaluation",
                   args=[component.space.slug, component.pk, proposal.number])


@proposal_staff_view
def manage_evaluation(request: AuthedRequest, component: Component,
                      proposal: Proposal) -> HttpResponse:
    org = component.space.organization
    action = request.POST.get("action", "")
    assign_form = AssignForm(request.POST if action == "assign" else None, organization=org,
                             initial={"department": proposal.department_id,
                                      "evaluator": proposal.evaluator_id})
    evaluate_form = EvaluateForm(
        request.POST if action == "evaluate" else None,
        initial={"cost_estimate": proposal.cost_estimate, "feasibility": proposal.feasibility})
    note_form = NoteForm(request.POST if action == "note" else None)
    if request.method == "POST":
        try:
            if action == "assign" and assign_form.is_valid():
                proposal_assign(acting_user=request.user, proposal=proposal,
                                department=assign_form.cleaned_data["department"],
                                evaluator=assign_form.cleaned_data["evaluator"])
                messages.success(request, _("The assignment was saved."))
                return redirect(_evaluation_url(component, proposal))
            if action == "evaluate" and evaluate_form.is_valid():
                proposal_evaluate(acting_user=request.user, proposal=proposal,
                                  cost_estimate=evaluate_form.cleaned_data["cost_estimate"],
                                  feasibility=evaluate_form.cleaned_data["feasibility"])
                messages.success(request, _("The evaluation was saved."))
                return redirect(_evaluation_url(component, proposal))
            if action == "note" and note_form.is_valid():
                proposal_note_add(acting_user=request.user, proposal=proposal,
                                  body=note_form.cleaned_data["body"])
                messages.success(request, _("The note was added."))
                return redirect(_evaluation_url(component, proposal))
        except ValidationError as error:
            target = {"assign": assign_form, "evaluate": evaluate_form}.get(action, note_form)
            apply_service_errors(target, error)
    return render_proposals(request, "proposals/manage/evaluation.html", component,
                            proposal=proposal, assign_form=assign_form,
                            evaluate_form=evaluate_form, note_form=note_form,
                            notes=notes_newest_first(proposal))


@proposal_staff_view
def manage_merge(request: AuthedRequest, component: Component,
                 proposal: Proposal) -> HttpResponse:
    form = MergeForm(request.POST or None, proposal=proposal)
    if request.method == "POST" and form.is_valid():
        target = Proposal.objects.filter(component=component,
                                         number=form.cleaned_data["target"]).first()
        try:
            if target is None:
                raise ValidationError({"target": _("Choose the proposal to merge this one "
                                                   "into.")})
            target.component = component
            proposal_merge(acting_user=request.user, source=proposal, target=target)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Proposal No. %(source)s was merged into proposal "
                                        "No. %(target)s.") % {"source": proposal.number,
                                                              "target": target.number})
            return redirect(_evaluation_url(component, target))
    return render_proposals(request, "proposals/manage/merge.html", component,
                            proposal=proposal, form=form)


@proposal_staff_view
def manage_split(request: AuthedRequest, component: Component,
                 proposal: Proposal) -> HttpResponse:
    form = SplitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = proposal_split(acting_user=request.user, proposal=proposal,
                                 title=form.cleaned_data["title"],
                                 body=form.cleaned_data["body"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Proposal No. %(number)s was made from this one.")
                             % {"number": new.number})
            return redirect(_evaluation_url(component, new))
    return render_proposals(request, "proposals/manage/split.html", component,
                            proposal=proposal, form=form)
