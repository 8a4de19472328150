"""Staff pages: answer every contribution (drafts, four-eyes review, publication of all
approved answers at once) and close the consultation as final."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.components.consultations import permissions
from participa.components.consultations.forms_answers import AnswerForm, ReviewForm
from participa.components.consultations.manage_views.setup import consultation_in
from participa.components.consultations.models import (
    Answer,
    AnswerState,
    Article,
    Campaign,
    Consultation,
    Contribution,
    Outcome,
)
from participa.components.consultations.services import answers as services
from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest, OrgRequest
from participa.spaces.decorators import staff_view
from participa.spaces.models import Component
from participa.spaces.staff import render_manage

COMPONENT_TYPE = "consultations"
PER_PAGE = 25
STATE_FILTERS = ("none", "draft", "approved", "published", "missing")


# The consultation if the person may answer its contributions; 404 otherwise.
answers_staff_view = staff_view(COMPONENT_TYPE, item=consultation_in, item_arg="consultation_id",
                                item_permission=permissions.can_draft_answer)


def answers_url(consultation: Consultation, **query: Any) -> str:
    component = consultation.component
    url = reverse("manage:consultations:manage_answers",
                  args=[component.space.slug, component.pk, consultation.pk])
    query = {key: value for key, value in query.items() if value not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _own_answer(contribution: Contribution) -> Answer | None:
    try:
        return contribution.answer
    except Answer.DoesNotExist:
        return None


def _campaign_answer(campaign: Campaign | None) -> Answer | None:
    if campaign is None:
        return None
    try:
        return campaign.answer
    except Answer.DoesNotExist:
        return None


class _ReviewRights:
    """``permissions.can_review_answer`` once per kind of answer on a page: for one person
    and one consultation its result depends only on the answer's state and on whether that
    person drafted it, so a page of 25 rows asks the database a fixed number of times."""

    def __init__(self, user: Any, consultation: Consultation) -> None:
        self.user = user
        self.consultation = consultation
        self.cache: dict[tuple[str, bool], bool] = {}

    def __call__(self, answer: Answer | None) -> bool:
        if answer is None:
            return False
        key = (answer.state, answer.drafted_by_id == getattr(self.user, "pk", None))
        if key not in self.cache:
            answer.consultation = self.consultation
            self.cache[key] = permissions.can_review_answer(self.user, answer)
        return self.cache[key]


def other_languages(request: OrgRequest) -> list[str]:
    """The organization's languages but its default one: the justification may be written in
    them too."""
    org = request.organization
    return [code for code in org.languages if code != org.default_language]


def _answer_box(request: AuthedRequest, answer: Answer | None, prefix: str,
                bound: dict[str, Any], may_review: _ReviewRights,
                target_label: str) -> dict[str, Any]:
    """What one answer area shows: the form (unless published) and the review buttons."""
    form = bound.get(prefix)
    if form is None and (answer is None or answer.state != AnswerState.PUBLISHED):
        form = AnswerForm(prefix=prefix, initial=AnswerForm.initial_for(answer),
                          languages=other_languages(request))
    review_form = bound.get(f"review-{prefix}") or ReviewForm(prefix=f"review-{prefix}")
    user_pk = getattr(request.user, "pk", None)
    return {
        "answer": answer,
        "form": form,
        "prefix": prefix,
        "can_review": may_review(answer),
        "is_drafter": answer is not None and answer.drafted_by_id == user_pk,
        "review_form": review_form,
        "target_label": target_label,
    }


def _handle_post(request: AuthedRequest, consultation: Consultation,
                 bound: dict[str, Any]) -> HttpResponse | None:
    """Save a draft or review an answer; a redirect on success, None to show errors."""
    action = request.POST.get("action")
    user = request.user
    back = request.get_full_path()
    if action == "draft":
        contribution = campaign = None
        number = _int(request.POST.get("contribution"))
        campaign_id = _int(request.POST.get("campaign"))
        if number is not None:
            contribution = Contribution.objects.filter(consultation=consultation,
                                                       number=number).first()
            target: Any = contribution
            prefix, anchor = f"c{number}", f"#c-{number}"
        else:
            campaign = Campaign.objects.filter(consultation=consultation,
                                               pk=campaign_id or 0).first()
            target = campaign
            prefix, anchor = f"k{campaign_id}", "#campaign-answer"
        if target is None:
            raise Http404
        form = AnswerForm(request.POST, prefix=prefix, languages=other_languages(request))
        if form.is_valid():
            try:
                services.answer_save_draft(
                    acting_user=user,
                    contribution=contribution, campaign=campaign,
                    outcome=form.cleaned_data["outcome"],
                    justification=form.cleaned_data["justification"],
                    justification_translations=form.translations(),
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if contribution is not None:
                    message = _("The draft answer to contribution %(number)s was saved. "
                                "Another official must review it.") % {"number": number}
                else:
                    message = _("The collective answer to the campaign was saved. Another "
                                "official must review it.")
                messages.success(request, message)
                return HttpResponseRedirect(back + anchor)
        bound[prefix] = form
        messages.error(request, _("The answer was not saved. Correct the problem shown "
                                  "below the contribution."))
        return None
    if action in ("approve", "send_back"):
        answer = Answer.objects.filter(consultation=consultation,
                                       pk=_int(request.POST.get("answer")) or 0).first()
        if answer is None:
            raise Http404
        prefix = (f"c{answer.contribution.number}" if answer.contribution_id and answer.contribution
                  else f"k{answer.campaign_id}")
        review_form = ReviewForm(request.POST, prefix=f"review-{prefix}")
        comment = review_form.data.get(f"review-{prefix}-comment", "")
        try:
            services.answer_review(acting_user=user, answer=answer,
                                   approve=action == "approve", comment=str(comment))
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                # Show the refusal next to the comment box and keep what was typed.
                review_form.is_valid()
                apply_service_errors(review_form, error)
                bound[f"review-{prefix}"] = review_form
                messages.error(request, " ".join(error.messages))
                return None
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The answer was approved. It will be published with "
                                        "the other approved answers.") if action == "approve"
                             else _("The answer was sent back to the official who drafted it."))
        anchor = (f"#c-{answer.contribution.number}" if answer.contribution_id
                  and answer.contribution else "#campaign-answer")
        return HttpResponseRedirect(back + anchor)
    messages.error(request, _("Choose what to do with the answer."))
    return HttpResponseRedirect(back)


@answers_staff_view
def manage_answers(request: AuthedRequest, component: Component,
                   consultation: Consultation) -> HttpResponse:
    bound: dict[str, Any] = {}
    if request.method == "POST":
        response = _handle_post(request, consultation, bound)
        if response is not None:
            return response

    state = request.GET.get("state", "")
    state = state if state in STATE_FILTERS else ""
    outcome = request.GET.get("outcome", "")
    outcome = outcome if outcome in Outcome.values else ""
    article_id = _int(request.GET.get("article"))
    campaign_id = _int(request.GET.get("campaign"))

    rows_qs = services.with_effective_answer(
        Contribution.objects.filter(consultation=consultation)
    ).select_related("article", "campaign", "answer__drafted_by", "answer__reviewed_by",
                     "campaign__answer")
    if state == "none":
        rows_qs = rows_qs.filter(Q(answer_state__isnull=True))
    elif state == "missing":
        rows_qs = rows_qs.filter(pk__in=services.unanswered(consultation).values("pk"))
    elif state:
        rows_qs = rows_qs.filter(Q(answer_state=state))
    if outcome:
        rows_qs = rows_qs.filter(Q(answer_outcome=outcome))
    if article_id:
        rows_qs = rows_qs.filter(article_id=article_id)
    campaign = None
    if campaign_id:
        campaign = (Campaign.objects.filter(consultation=consultation, pk=campaign_id)
                    .select_related("answer__drafted_by", "answer__reviewed_by")
                    .annotate(size=Count("contributions")).first())
        if campaign is None:
            raise Http404
        rows_qs = rows_qs.filter(campaign=campaign)
    page_obj = Paginator(rows_qs.order_by("number"), PER_PAGE).get_page(request.GET.get("page"))

    may_review = _ReviewRights(request.user, consultation)
    rows = []
    for contribution in page_obj.object_list:
        own = _own_answer(contribution)
        collective = _campaign_answer(contribution.campaign)
        box = None
        if own is not None or collective is None:
            box = _answer_box(request, own, f"c{contribution.number}", bound, may_review,
                              _("the answer to contribution %(number)s") % {
                                  "number": contribution.number})
        rows.append({"contribution": contribution, "collective": collective, "box": box})

    campaign_box = None
    if campaign is not None:
        campaign_box = _answer_box(request, _campaign_answer(campaign), f"k{campaign.pk}",
                                   bound, may_review, _("the collective answer"))

    counts = services.answer_counts(consultation)
    waiting = services.answers_waiting(consultation)
    articles = list(
        Article.objects.filter(contributions__consultation=consultation).distinct()
        .order_by("version__number", "position", "id")
    )
    campaigns = list(Campaign.objects.filter(consultation=consultation).order_by("id"))
    filtered = bool(state or outcome or article_id or campaign_id)
    return render_manage(request, "consultations/manage/answers.html", {
        "component": consultation.component,
        "space": consultation.component.space,
        "consultation": consultation,
        "counts": counts,
        "waiting": waiting,
        "rows": rows,
        "page_obj": page_obj,
        "campaign": campaign,
        "campaign_box": campaign_box,
        "articles": articles,
        "campaigns": campaigns,
        "outcomes": Outcome.choices,
        "states": [
            ("none", _("Without an answer")), ("draft", _("Draft, waiting for review")),
            ("approved", _("Approved, not yet published")), ("published", _("Published")),
            ("missing", _("Without a published answer")),
        ],
        "filter": {"state": state, "outcome": outcome, "article": article_id,
                   "campaign": campaign_id},
        "filtered": filtered,
        "missing_url": answers_url(consultation, state="missing"),
        "publish_url": reverse("manage:consultations:manage_answers_publish",
                               args=[component.space.slug, component.pk, consultation.pk]),
        "close_url": reverse("manage:consultations:manage_close",
                             args=[component.space.slug, component.pk, consultation.pk]),
    }, nav="spaces")


@answers_staff_view
def manage_answers_publish(request: AuthedRequest, component: Component,
                           consultation: Consultation) -> HttpResponse:
    """Confirm (GET) and publish (POST) every approved answer at once."""
    if not permissions.can_publish_answers(request.user, consultation):
        raise Http404
    back = answers_url(consultation)
    error = ""
    if request.method == "POST":
        try:
            count = services.answers_publish_all(
                acting_user=request.user,
                consultation=consultation)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, ngettext(
                "%(count)d answer was published. The people following the consultation "
                "were told.",
                "%(count)d answers were published. The people following the consultation "
                "were told.", count) % {"count": count})
            return HttpResponseRedirect(back)
    waiting = services.answers_waiting(consultation)
    counts = services.answer_counts(consultation)
    return render_manage(request, "consultations/manage/answers_publish.html", {
        "component": consultation.component,
        "space": consultation.component.space,
        "consultation": consultation,
        "waiting": waiting,
        "counts": counts,
        "error": error,
        "back_url": back,
        "drafts_url": answers_url(consultation, state="draft"),
    }, nav="spaces")


@answers_staff_view
def manage_close(request: AuthedRequest, component: Component,
                 consultation: Consultation) -> HttpResponse:
    """Whether the consultation can be closed as final, and closing it (POST)."""
    if not permissions.can_manage_consultations(request.user, consultation.component):
        raise Http404
    if request.method == "POST":
        try:
            services.consultation_close_final(
                acting_user=request.user,
                consultation=consultation)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The consultation is closed as final. You can now "
                                        "publish the final synthesis report."))
        return HttpResponseRedirect(request.path)
    reason = services.close_refusal(consultation)
    missing = (services.unanswered(consultation).count()
               if consultation.state != "final"
               and services.requires_answer_to_every_contribution(consultation) else 0)
    return render_manage(request, "consultations/manage/close.html", {
        "component": consultation.component,
        "space": consultation.component.space,
        "consultation": consultation,
        "reason": reason,
        "missing": missing,
        "missing_url": answers_url(consultation, state="missing"),
        "answers_url": answers_url(consultation),
    }, nav="spaces")


urlpatterns: list[URLPattern] = [
    path("<int:consultation_id>/answers/", manage_answers, name="manage_answers"),
    path("<int:consultation_id>/answers/publish/", manage_answers_publish,
         name="manage_answers_publish"),
    path("<int:consultation_id>/close/", manage_close, name="manage_close"),
]
