"""Staff view of a proposal's answers: the answer in the making (draft → approved by a second
official → published), its review, its publication, and the published history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from participa.answers.forms import ReviewForm
from participa.answers.models import AnswerState
from participa.components.proposals.forms_evaluation import ProposalAnswerForm
from participa.components.proposals.manage_views.proposals import (
    proposal_staff_view,
    render_proposals,
)
from participa.components.proposals.models import Proposal
from participa.components.proposals.services.answers import (
    answer_policy_for,
    open_answer,
    proposal_answer_approve,
    proposal_answer_publish,
    proposal_answer_save_draft,
    proposal_answer_send_back,
    published_answers,
)
from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest
from participa.spaces.models import Component


@proposal_staff_view
def manage_answer(request: AuthedRequest, component: Component,
                  proposal: Proposal) -> HttpResponse:
    org = component.space.organization
    policy = answer_policy_for(component)
    languages = [code for code in org.languages if code != org.default_language]
    answer = open_answer(proposal)
    action = request.POST.get("action", "")
    form = ProposalAnswerForm(request.POST if action == "draft" else None, policy=policy,
                              languages=languages,
                              initial=ProposalAnswerForm.initial_for(answer))
    review_form = ReviewForm(request.POST if action in ("approve", "send_back") else None)
    here = reverse("manage:proposals:manage_answer",
                   args=[component.space.slug, component.pk, proposal.number])
    if request.method == "POST":
        try:
            if action == "draft" and form.is_valid():
                proposal_answer_save_draft(
                    acting_user=request.user, proposal=proposal,
                    outcome=form.cleaned_data["outcome"],
                    justification=form.cleaned_data["justification"],
                    justification_translations=form.translations(),
                    commitment_title=form.cleaned_data["commitment_title"],
                    commitment_url=form.cleaned_data["commitment_url"])
                messages.success(request, _("The draft answer was saved: another official "
                                            "must approve it."))
                return redirect(here)
            if answer is not None and action in ("approve", "send_back") and (
                    review_form.is_valid()):
                comment = review_form.cleaned_data["comment"]
                if action == "approve":
                    proposal_answer_approve(acting_user=request.user, answer=answer,
                                            comment=comment)
                    messages.success(request, _("The answer was approved."))
                else:
                    proposal_answer_send_back(acting_user=request.user, answer=answer,
                                              comment=comment)
                    messages.success(request, _("The answer was sent back to its drafter."))
                return redirect(here)
            if answer is not None and action == "publish":
                proposal_answer_publish(acting_user=request.user, answer=answer)
                messages.success(request, _("The answer was published."))
                return redirect(here)
        except ValidationError as error:
            apply_service_errors(review_form if action in ("approve", "send_back") else form,
                                 error)
            if action == "publish":
                messages.error(request, " ".join(error.messages))
    labels = dict(policy.outcomes)
    return render_proposals(
        request, "proposals/manage/answer.html", component, proposal=proposal,
        answer=answer, form=form, review_form=review_form,
        outcome_label=labels.get(answer.outcome, "") if answer else "",
        is_drafter=answer is not None and answer.drafted_by_id == request.user.pk,
        can_review=answer is not None and answer.state == AnswerState.DRAFT
        and answer.drafted_by_id != request.user.pk,
        history=[(item, labels.get(item.outcome, item.outcome))
                 for item in published_answers(proposal).select_related("drafted_by",
                                                                        "reviewed_by")])
