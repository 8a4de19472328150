"""Staff views of the formal review and appeals: the review queue of the edition (filters by
state and department, pages, a fixed number of queries), the assessment form, the correction
request, the confirmation before publishing, and the decision on an appeal.

They open to those who run the space and to the organization's officials and administrators
(the officials of every department review projects); the services decide who may do what.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participa.components.budgets.forms_review import (
    AppealDecisionForm,
    AssessmentForm,
    CorrectionRequestForm,
    MergeForm,
)
from participa.components.budgets.manage_views.common import edition_or_none, render_budget
from participa.components.budgets.models import ChecklistItem, Edition, Project, ProjectState
from participa.components.budgets.models_review import Appeal, MergeConsent
from participa.components.budgets.permissions_review import (
    can_review_budget,
    can_review_space,
    decision_refusal,
    org_today,
)
from participa.components.budgets.selectors_review import (
    assessment_of,
    merge_candidates,
    review_queue,
)
from participa.components.budgets.services import review as services
from participa.components.budgets.services.appeals import appeal_decide
from participa.core.form_errors import apply_service_errors
from participa.core.form_fields import model_choice_field
from participa.core.http import AuthedRequest
from participa.core.models import Area
from participa.spaces.decorators import staff_view
from participa.spaces.models import Component

QUEUE_PER_PAGE = 25

review_staff_view = staff_view("budgets", permission=can_review_budget,
                               space_permission=can_review_space)


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(label=gettext_lazy("State"), required=False,
                              choices=[("", gettext_lazy("Any state")),
                                       *[(value, label) for value, label in ProjectState.choices
                                         if value != ProjectState.DRAFT]])
    department = forms.ModelChoiceField(label=gettext_lazy("Department"), required=False,
                                        queryset=Area.objects.none(),
                                        empty_label=gettext_lazy("Any department"))

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "department").queryset = Area.objects.filter(
            organization=organization)


def _edition(component: Component) -> Edition:
    edition = edition_or_none(component)
    if edition is None:
        raise Http404
    return edition


def _project(component: Component, number: int) -> Project:
    project = (Project.objects.filter(component=component, number=number)
               .exclude(state=ProjectState.DRAFT).select_related("pool").first())
    if project is None:
        raise Http404
    project.component = component
    return project


def _url(name: str, component: Component, *args: Any) -> str:
    return reverse(f"manage:budgets:{name}", args=[component.space.slug, component.pk, *args])


def _respond(request: AuthedRequest, template: str, component: Component, form: Any,
             **extra: Any) -> HttpResponse:
    form.link_errors()
    response = render_budget(request, template, component, form=form, **extra)
    if form.errors:
        response.status_code = 400
    return response


@review_staff_view
def review_queue_view(request: AuthedRequest, component: Component) -> HttpResponse:
    """The projects to review, with their department, reviewer, correction deadline (and
    whether it passed) and pending appeal."""
    edition = _edition(component)
    org = component.space.organization
    form = QueueFilterForm(request.GET or None, organization=org)
    state, department = "", None
    if form.is_valid():
        state = form.cleaned_data.get("state") or ""
        department = form.cleaned_data.get("department")
    paginator = Paginator(review_queue(component, state=state, department=department),
                          QUEUE_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render_budget(request, "budgets/review/manage/queue.html", component,
                         edition=edition, filter_form=form, page_obj=page_obj,
                         rows=list(page_obj.object_list), today=org_today(org))


def _departments(component: Component) -> Any:
    """Every department of the organization: the service refuses an official who is not of
    the one chosen, with a sentence saying so."""
    return Area.objects.filter(organization=component.space.organization)


@review_staff_view
def assess(request: AuthedRequest, component: Component, number: int) -> HttpResponse:
    """The assessment form: the checklist as rows (met / not met, a note), legality,
    feasibility, formal compliance, a corrected cost with its reason, the outcome."""
    edition = _edition(component)
    project = _project(component, number)
    assessment = assessment_of(project)
    items = list(ChecklistItem.objects.filter(edition=edition))
    form = AssessmentForm(request.POST or None, departments=_departments(component),
                          items=items, initial=AssessmentForm.initial_of(assessment))
    if assessment is not None:
        form.fields["department"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_save(
                acting_user=request.user, project=project,
                department=form.cleaned_data["department"], values=form.values(),
                answers=form.answers())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The draft assessment is saved."))
            return HttpResponseRedirect(_url("review_assess", component, project.number))
    return _respond(request, "budgets/review/manage/assess.html", component, form,
                    edition=edition, project=project, assessment=assessment)


@review_staff_view
def correction(request: AuthedRequest, component: Component, number: int) -> HttpResponse:
    """Ask the authors to correct the project by a deadline."""
    _edition(component)
    project = _project(component, number)
    form = CorrectionRequestForm(
        request.POST or None,
        initial=CorrectionRequestForm.initial_of(services.correction_deadline(project)))
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_request(acting_user=request.user, project=project,
                                        message=form.cleaned_data["message"],
                                        deadline=form.cleaned_data["deadline"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The authors are asked to correct the project."))
            return HttpResponseRedirect(_url("review_queue", component))
    return _respond(request, "budgets/review/manage/correction.html", component, form,
                    project=project)


@review_staff_view
def publish(request: AuthedRequest, component: Component, number: int) -> HttpResponse:
    """The assessment as it will be public, and a button to publish it."""
    _edition(component)
    project = _project(component, number)
    assessment = assessment_of(project)
    if assessment is None:
        raise Http404
    assessment.project = project
    error = ""
    if request.method == "POST":
        try:
            services.assessment_publish(acting_user=request.user, project=project)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, _("The assessment is published."))
            return HttpResponseRedirect(_url("review_queue", component))
    response = render_budget(
        request, "budgets/review/manage/publish.html", component, project=project,
        assessment=assessment, answers=list(assessment.answers.select_related("item")),
        problems=services.publication_problems(assessment), error=error)
    if error:
        response.status_code = 400
    return response


@review_staff_view
def decide(request: AuthedRequest, component: Component, number: int) -> HttpResponse:
    """Decide the appeal of a project (an official other than the reviewer)."""
    _edition(component)
    project = _project(component, number)
    appeal = Appeal.objects.filter(project=project).first()
    if appeal is None:
        raise Http404
    appeal.project = project
    assessment = assessment_of(project)
    refusal = decision_refusal(request.user, appeal)
    form = AppealDecisionForm(request.POST or None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            appeal_decide(acting_user=request.user, appeal=appeal,
                          outcome=form.cleaned_data["outcome"],
                          reasons=form.cleaned_data["reasons"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The appeal is decided; the decision is public."))
            return HttpResponseRedirect(_url("review_queue", component))
    response = _respond(request, "budgets/review/manage/decide.html", component, form,
                        project=project, appeal=appeal, assessment=assessment,
                        refusal=refusal.messages[0] if refusal is not None else "")
    if request.method == "POST" and refusal is not None:
        response.status_code = 400  # refused: nothing was decided
    return response


@review_staff_view
def merge(request: AuthedRequest, component: Component, number: int) -> HttpResponse:
    """Merge another project into this one, once the authors of both consented."""
    _edition(component)
    project = _project(component, number)
    form = MergeForm(request.POST or None, projects=merge_candidates(project))
    if request.method == "POST" and form.is_valid():
        absorbed = form.cleaned_data["other"]
        absorbed.component = component
        try:
            services.merge_projects(acting_user=request.user, project=project,
                                    absorbed=absorbed)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Project No. %(absorbed)s is merged into project "
                                        "No. %(number)s.")
                             % {"absorbed": absorbed.number, "number": project.number})
            return HttpResponseRedirect(_url("review_queue", component))
    consents = (MergeConsent.objects.filter(project=project)
                | MergeConsent.objects.filter(other=project)).select_related(
        "project", "other", "author").order_by("created_at", "id")
    return _respond(request, "budgets/review/manage/merge.html", component, form,
                    project=project, consents=list(consents))
