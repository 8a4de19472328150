"""Staff pages: campaigns of near-identical contributions (detect, inspect, rename, remove).

A campaign is answered once, on the answers page (``manage_answers?campaign=<id>``); the
report counts it as one position with N signatories.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Substr
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from participa.components.consultations.manage_views.setup import consultation_staff_view
from participa.components.consultations.models import Campaign, Consultation, Contribution
from participa.components.consultations.services import campaigns as services
from participa.core.http import AuthedRequest
from participa.spaces.models import Component
from participa.spaces.staff import render_manage

COMPONENT_TYPE = "consultations"
CAMPAIGNS_PER_PAGE = 25
MEMBERS_PER_PAGE = 50
EXCERPT = 400  # characters of text read for an excerpt


class CampaignLabelForm(forms.Form):
    label = forms.CharField(
        label=gettext_lazy("Name of the campaign"), required=False,
        max_length=services.LABEL_MAX_LENGTH,
        help_text=gettext_lazy("A short name staff recognise, for example the demand of the "
                               "letter. Leave it empty to use the number."),
    )


def _campaign_or_404(consultation: Consultation, campaign_id: int) -> Campaign:
    campaign = (Campaign.objects.filter(consultation=consultation, pk=campaign_id)
                .select_related("answer").first())
    if campaign is None:
        raise Http404
    campaign.consultation = consultation
    return campaign


def _args(consultation: Consultation) -> list[object]:
    component = consultation.component
    return [component.space.slug, component.pk, consultation.pk]


def _list_url(consultation: Consultation) -> str:
    return reverse("manage:consultations:manage_campaigns", args=_args(consultation))


def _detail_url(campaign: Campaign) -> str:
    return reverse("manage:consultations:manage_campaign_detail",
                   args=[*_args(campaign.consultation), campaign.pk])


def _render(request: HttpRequest, template: str, consultation: Consultation,
            **extra: object) -> HttpResponse:
    component = consultation.component
    context = {"consultation": consultation, "component": component, "space": component.space,
               "answers_url": reverse("manage:consultations:manage_answers",
                                      args=_args(consultation)),
               "campaigns_url": _list_url(consultation), **extra}
    return render_manage(request, template, context, nav="spaces")


@consultation_staff_view
def manage_campaigns(request: AuthedRequest, component: Component,
                     consultation: Consultation) -> HttpResponse:
    """The consultation's campaigns, largest first, with the button to detect them again."""
    first = Contribution.objects.filter(campaign=OuterRef("pk")).order_by("number")
    campaigns = (
        Campaign.objects.filter(consultation=consultation)
        .select_related("answer")
        .annotate(signatories=Count("contributions"),
                  first_number=Subquery(first.values("number")[:1]),
                  first_redacted=Subquery(first.annotate(
                      excerpt=Substr("body_redacted", 1, EXCERPT))
                      .values("excerpt")[:1]),
                  first_body=Subquery(first.annotate(excerpt=Substr("body", 1, EXCERPT))
                                      .values("excerpt")[:1]))
        .order_by("-signatories", "id")
    )
    page_obj = Paginator(campaigns, CAMPAIGNS_PER_PAGE).get_page(request.GET.get("page"))
    totals = Contribution.objects.filter(consultation=consultation).aggregate(
        total=Count("pk"), grouped=Count("campaign"))
    return _render(request, "consultations/manage/campaigns.html", consultation,
                   page_obj=page_obj, campaigns=list(page_obj.object_list), totals=totals,
                   threshold_percent=round(consultation.similarity_threshold * 100))


@require_POST
@consultation_staff_view
def manage_campaign_detect(request: AuthedRequest, component: Component,
                           consultation: Consultation) -> HttpResponse:
    result = services.campaigns_detect(acting_user=request.user,
                                       consultation=consultation)
    if result.campaigns:
        messages.success(request, ngettext(
            "Detection finished: %(count)s campaign groups %(grouped)s contributions.",
            "Detection finished: %(count)s campaigns group %(grouped)s contributions.",
            result.campaigns) % {"count": result.campaigns, "grouped": result.grouped})
    else:
        messages.info(request, _("Detection finished: no contributions are similar enough to "
                                 "form a campaign."))
    if result.kept_answered:
        messages.info(request, ngettext(
            "%(count)s campaign already has an answer and was kept as it was.",
            "%(count)s campaigns already have an answer and were kept as they were.",
            result.kept_answered) % {"count": result.kept_answered})
    return HttpResponseRedirect(_list_url(consultation))


@consultation_staff_view
def manage_campaign_detail(request: AuthedRequest, component: Component, consultation: Consultation,
                           campaign_id: int) -> HttpResponse:
    """The members of one campaign; rename it (POST)."""
    campaign = _campaign_or_404(consultation, campaign_id)
    form = CampaignLabelForm(request.POST or None, initial={"label": campaign.label})
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_rename(acting_user=request.user,
                                     campaign=campaign, label=form.cleaned_data["label"])
        except ValidationError as exc:
            form.add_error("label", exc.messages)
        else:
            messages.success(request, _("The campaign's name was saved."))
            return HttpResponseRedirect(_detail_url(campaign))
    members = (Contribution.objects.filter(campaign=campaign)
               .only("number", "channel", "received_at", "body", "body_redacted", "is_late",
                     "publication", "redaction_approved_at")
               .order_by("number"))
    page_obj = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    return _render(request, "consultations/manage/campaigns_detail.html", consultation,
                   campaign=campaign, page_obj=page_obj, members=list(page_obj.object_list),
                   form=form)


@consultation_staff_view
def manage_campaign_remove(request: AuthedRequest, component: Component, consultation: Consultation,
                           campaign_id: int, number: int) -> HttpResponse:
    """Confirm (GET) and take one contribution out of the campaign (POST)."""
    campaign = _campaign_or_404(consultation, campaign_id)
    contribution = (Contribution.objects.filter(campaign=campaign, number=number)
                    .select_related("consultation").first())
    if contribution is None:
        raise Http404
    contribution.consultation = consultation
    if request.method == "POST":
        dissolved = services.campaign_remove_member(
            acting_user=request.user,
            contribution=contribution)
        if dissolved:
            messages.success(request, _(
                "Contribution %(number)s was taken out of the campaign. The campaign had no "
                "other member left to group with and was dissolved.") % {"number": number})
            return HttpResponseRedirect(_list_url(consultation))
        messages.success(request, _("Contribution %(number)s was taken out of the campaign. It "
                                    "now needs an answer of its own.") % {"number": number})
        return HttpResponseRedirect(_detail_url(campaign))
    members = Contribution.objects.filter(campaign=campaign).count()
    details = _("It will need an answer of its own, and later detections will leave it out of "
                "every campaign.")
    if members <= 2 and not hasattr(campaign, "answer"):
        details = "{} {}".format(details, _(
            "The campaign will then have a single member and will be dissolved."))
    return _render(
        request, "includes/confirm_delete.html", consultation, object=contribution,
        heading=_("Take contribution %(number)s out of “%(campaign)s”?")
        % {"number": number, "campaign": campaign},
        details=details, confirm_label=_("Yes, take it out of the campaign"),
        cancel_url=_detail_url(campaign),
    )


urlpatterns: list[URLPattern] = [
    path("<int:consultation_id>/campaigns/", manage_campaigns, name="manage_campaigns"),
    path("<int:consultation_id>/campaigns/detect/", manage_campaign_detect,
         name="manage_campaign_detect"),
    path("<int:consultation_id>/campaigns/<int:campaign_id>/", manage_campaign_detail,
         name="manage_campaign_detail"),
    path("<int:consultation_id>/campaigns/<int:campaign_id>/remove/<int:number>/",
         manage_campaign_remove, name="manage_campaign_remove"),
]
