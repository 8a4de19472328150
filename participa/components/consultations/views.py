"""Public views of consultations: the lists, the consultation page, the contribution form
and the receipt.

Only the approved, redacted text of contributions their authors agreed to publish is ever
shown (``selectors.public_contributions``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from participa.components.consultations import permissions, selectors
from participa.components.consultations.filters import ConsultationFilterSet
from participa.components.consultations.forms import (
    ContributionFilterForm,
    ContributionForm,
    article_label,
)
from participa.components.consultations.models import Consultation
from participa.components.consultations.services.contributions import (
    ContributionRefused,
    contribution_submit_online,
)
from participa.core.form_errors import apply_service_errors
from participa.core.http import OrgRequest, org_view, signed_in_user
from participa.core.pagecache import cache_for_visitors
from participa.moderation import ratelimit
from participa.spaces.decorators import component_view
from participa.spaces.models import Component

CONSULTATIONS_PER_PAGE = 12
RATE_LIMIT_ACTION = "consultation_contribution"


def _nav(component: Component | None) -> str:
    if component is None:
        return "consultations"
    return "processes" if component.space.is_process else "assemblies"


def _list(request: OrgRequest, component: Component | None) -> HttpResponse:
    org = request.organization
    filterset = ConsultationFilterSet.from_request(
        request, selectors.consultations_visible(request.user, org, component=component),
        organization=org)
    form = filterset.form
    page_obj = Paginator(filterset.filtered_qs, CONSULTATIONS_PER_PAGE).get_page(
        request.GET.get("page"))
    today = timezone.localdate()
    items = []
    for consultation in page_obj.object_list:
        status = consultation.status(today)
        items.append({
            "consultation": consultation,
            "status": status,
            "status_label": selectors.status_label(status),
            "days_left": consultation.days_left(today),
        })
    return render(request, "consultations/consultation_list.html", {
        "component": component,
        "space": component.space if component else None,
        "form": form,
        "filtered": filterset.is_bound,
        "page_obj": page_obj,
        "items": items,
        "can_manage": (component is not None
                       and permissions.can_manage_consultations(request.user, component)),
        "nav": _nav(component),
    })


@cache_for_visitors
@org_view
def consultation_list(request: OrgRequest) -> HttpResponse:
    """Every announced consultation of the organization, whatever its space."""
    return _list(request, None)


@cache_for_visitors
@component_view("consultations")
def index(request: OrgRequest, component: Component) -> HttpResponse:
    return _list(request, component)


# A public view of one consultation the visitor may see (drafts: those who run it); else 404.
consultation_view = component_view("consultations", item=selectors.consultation_get_for_user)


def channel_list(consultation: Consultation) -> list[dict[str, str]]:
    """The ways to send recommendations, with their addresses, in a fixed order."""
    channels = consultation.channels or {}
    found = []
    if channels.get("online"):
        found.append({"key": "online", "label": _("On this platform"), "address": ""})
    labels = {"email": _("By e-mail"), "post": _("By post"), "in_person": _("In person")}
    for key, label in labels.items():
        address = str(channels.get(key) or "").strip()
        if address:
            found.append({"key": key, "label": label, "address": address})
    return found


def _other_channels_sentence(consultation: Consultation) -> str:
    """The other ways to write, as a phrase: "by e-mail to …; by post to …"."""
    channels = consultation.channels or {}
    phrases = {
        "email": _("by e-mail to %(address)s"),
        "post": _("by post to %(address)s"),
        "in_person": _("in person at %(address)s"),
    }
    parts = [phrase % {"address": str(channels[key]).strip()}
             for key, phrase in phrases.items() if str(channels.get(key) or "").strip()]
    if parts:
        return "; ".join(parts)
    return consultation.contact_email


def _date(value: Any) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def refusal_message(consultation: Consultation, code: str) -> str:
    """What to tell a person who cannot contribute online now, and what they can do."""
    others = _other_channels_sentence(consultation)
    if code == "login":
        return _("Log in to send a contribution. If you have no account yet, sign up first.")
    if code == "not_open_yet":
        return _("Recommendations are accepted from %(date)s. Come back then, or follow this "
                 "consultation to be told when it opens.") % {
            "date": _date(consultation.opens_on)}
    if code == "closed":
        if others:
            return _("The deadline for recommendations was %(date)s; you can still write to "
                     "%(channels)s. Contributions received after the deadline are registered "
                     "as late.") % {"date": _date(consultation.closes_on), "channels": others}
        return _("The deadline for recommendations was %(date)s. Contributions are no longer "
                 "accepted online.") % {"date": _date(consultation.closes_on)}
    if code == "disabled":
        if others:
            return _("Contributions are not accepted online at this stage of the process. You "
                     "can write to %(channels)s.") % {"channels": others}
        return _("Contributions are not accepted online at this stage of the process.")
    if others:
        return _("Only people registered on this platform can send contributions online. You "
                 "can write to %(channels)s.") % {"channels": others}
    return _("Only people registered on this platform can send contributions online.")


def _public_items(contributions: Any) -> list[dict[str, Any]]:
    return [
        {
            "contribution": contribution,
            "author": selectors.published_author_label(contribution),
            "answer": selectors.published_answer(contribution),
        }
        for contribution in contributions
    ]


def set_heading_levels(articles: list[Any], top: int = 3) -> None:
    """Give each article the level of its heading (``heading_level``) so that the outline
    reads as the text is built: chapter headings at ``top``, articles below the chapter before
    them, paragraphs below their article. A unit without number or heading (a preamble) shows
    no heading and does not count."""
    chapter = article = None
    for item in articles:
        shown = bool(item.number or item.heading)
        if item.level == 0:
            item.heading_level = top
            if shown:
                chapter, article = top, None
        elif item.level == 1:
            item.heading_level = (chapter + 1) if chapter is not None else top
            if shown:
                article = item.heading_level
        else:
            parent = article if article is not None else chapter
            item.heading_level = (parent + 1) if parent is not None else top
        item.heading_level = min(item.heading_level, 6)


def _contribution_filters(request: HttpRequest,
                          articles: list[Any]) -> tuple[ContributionFilterForm, dict[str, str]]:
    params = {key: request.GET.get(key, "") for key in ("article", "type", "outcome")
              if request.GET.get(key)}
    form = ContributionFilterForm(params or None, articles=articles)
    if form.is_valid():
        return form, {key: value for key, value in form.cleaned_data.items() if value}
    return form, params


@cache_for_visitors
@consultation_view
def detail(request: OrgRequest, component: Component, consultation: Consultation) -> HttpResponse:
    today = timezone.localdate()
    status = consultation.status(today)
    version_list = selectors.versions(consultation)
    draft = version_list[0] if version_list else None
    articles = selectors.draft_articles(draft)
    counts = selectors.contribution_counts_by_article(draft) if draft else {}
    for article in articles:
        # The staff list annotates the same name (so it is not declared on Article).
        article.contribution_count = counts.get(article.pk, 0)  # type: ignore[attr-defined]
        article.label = article_label(article)
    set_heading_levels(articles)
    debate_list = selectors.debates(consultation)
    per_page = int(component.setting("contributions_per_page") or 25)
    filter_form, filters = _contribution_filters(request, articles)
    if filter_form.is_bound and not filter_form.is_valid():
        contributions = selectors.public_contributions(consultation).none()
    else:
        contributions = selectors.public_contributions_filtered(consultation, **filters)
    page_obj = Paginator(contributions, per_page).get_page(request.GET.get("page"))
    refusal = permissions.contribution_refusal(request.user, consultation)
    contribute_url = reverse("spaces:consultations:contribute",
                             args=[component.space.slug, component.pk, consultation.slug])
    return render(request, "consultations/consultation_detail.html", {
        "component": component,
        "space": component.space,
        "consultation": consultation,
        "status": status,
        "status_label": selectors.status_label(status),
        "days_left": consultation.days_left(today),
        "timeline": selectors.timeline(consultation, debate_list, today),
        "date_changes": selectors.date_changes(consultation),
        "channels": channel_list(consultation),
        "versions": version_list,
        "first_version": draft,
        "last_version": version_list[-1] if version_list else None,
        "articles": articles,
        "is_open": status == "open",
        "can_contribute": refusal is None,
        "refusal_message": refusal_message(consultation, refusal) if refusal else "",
        "contribute_url": contribute_url,
        "login_url": _login_url(contribute_url),
        "debate_requests": selectors.debate_requests(consultation),
        "debates": debate_list,
        "can_request_debate": permissions.can_request_debate(request.user, consultation),
        "page_obj": page_obj,
        "items": _public_items(page_obj.object_list),
        "filter_form": filter_form,
        "filtered": filter_form.is_bound,
        "can_manage": permissions.can_manage_consultations(request.user, component),
        "nav": _nav(component),
    })


def _login_url(next_url: str) -> str:
    return f"{reverse('account_login')}?{urlencode({'next': next_url})}"


@consultation_view
def contribute(request: OrgRequest, component: Component,
               consultation: Consultation) -> HttpResponse:
    """The contribution form, or why the person cannot contribute online now."""
    org = component.space.organization
    version_list = selectors.versions(consultation)
    articles = selectors.draft_articles(version_list[0] if version_list else None)
    groups = selectors.user_groups_for_contribution(request.user, org)
    refusal = permissions.contribution_refusal(request.user, consultation)
    status = 200
    retry_after: int | None = None
    if request.method == "POST" and refusal is None:
        form = ContributionForm(request.POST, request.FILES, articles=articles, groups=groups)
        if not form.is_valid():
            status = 400
        elif ratelimit.honeypot_filled(request):
            form.add_error(None, ratelimit.honeypot_message())
            status = 400
        elif (limited := ratelimit.hit(request, RATE_LIMIT_ACTION)) is not None:
            form.add_error(None, ratelimit.limited_message(limited))
            status, retry_after = 429, limited.retry_after
        else:
            try:
                contribution = contribution_submit_online(
                    acting_user=signed_in_user(request),  # no refusal: signed in
                    consultation=consultation, body=form.cleaned_data["body"],
                    type=form.cleaned_data["type"],
                    publication=form.cleaned_data["publication"],
                    article=form.cleaned_data["article"], quote=form.cleaned_data["quote"],
                    group=form.cleaned_data.get("group"), file=form.cleaned_data.get("file"),
                )
            except ContributionRefused as refused:
                refusal = refused.code
                status = 403
            except ValidationError as error:
                apply_service_errors(form, error)
                status = 400
            else:
                messages.success(request, _("Your contribution is registered under no. "
                                            "%(label)s.") % {
                    "label": contribution.registration_label})
                return redirect("spaces:consultations:receipt", component.space.slug,
                                component.pk, consultation.slug, contribution.number)
    else:
        if request.method == "POST":
            status = 403
        key = request.GET.get("article", "")
        initial = {"article": key} if any(a.key == key for a in articles) else {}
        form = ContributionForm(initial=initial, articles=articles, groups=groups)
    selected_key = (form["article"].value() or "") if refusal is None else ""
    response = render(request, "consultations/contribute.html", {
        "component": component,
        "space": component.space,
        "consultation": consultation,
        "form": form if refusal is None else None,
        "articles": articles,
        "selected_article": next((a for a in articles if a.key == selected_key), None),
        "article_texts": {article.key: article.body for article in articles},
        "show_group": "group" in form.fields,
        "refusal": refusal,
        "refusal_message": refusal_message(consultation, refusal) if refusal else "",
        "login_url": _login_url(request.get_full_path()),
        "signup_url": reverse("account_signup"),
        "channels": channel_list(consultation),
        "nav": _nav(component),
    }, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@consultation_view
def receipt(request: OrgRequest, component: Component, consultation: Consultation,
            number: int) -> HttpResponse:
    """The receipt of a contribution, for its author only."""
    contribution = selectors.contribution_get_for_author(request.user, consultation, number)
    if contribution is None:
        raise Http404
    return render(request, "consultations/receipt.html", {
        "component": component,
        "space": component.space,
        "consultation": consultation,
        "contribution": contribution,
        "emailed": bool(getattr(request.user, "email", "")),
        "nav": _nav(component),
    })


urlpatterns: list[URLPattern] = [
    path("", index, name="index"),
    path("<slug:slug>/", detail, name="detail"),
    path("<slug:slug>/contribute/", contribute, name="contribute"),
    path("<slug:slug>/receipt/<int:number>/", receipt, name="receipt"),
]
