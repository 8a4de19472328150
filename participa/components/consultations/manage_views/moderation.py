"""Staff pages: review what redaction hid in each contribution, then approve it.

Moderators of the organization and the consultation's managers use them. Nothing is public
until approved; only the redacted text ever is.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.components.consultations import permissions
from participa.components.consultations.forms_answers import HideWordsForm, kind_label
from participa.components.consultations.manage_views.setup import consultation_in
from participa.components.consultations.models import Consultation, Contribution
from participa.components.consultations.services import moderation as services
from participa.core import permissions as core_permissions
from participa.core.http import AuthedRequest
from participa.redaction import review
from participa.spaces.decorators import staff_view
from participa.spaces.models import Component, Space
from participa.spaces.staff import render_manage

COMPONENT_TYPE = "consultations"
PER_PAGE = 25


def _runs_moderation(user: Any, space: Space) -> bool:
    return core_permissions.can_access_manage(user, space.organization)


# The consultation if the person may review its contributions' redactions; else 404.
moderation_staff_view = staff_view(
    COMPONENT_TYPE, space_permission=_runs_moderation, item=consultation_in,
    item_arg="consultation_id", item_permission=permissions.can_moderate_contributions)


def _list_url(consultation: Consultation) -> str:
    component = consultation.component
    return reverse("manage:consultations:manage_moderation",
                   args=[component.space.slug, component.pk, consultation.pk])


def _detail_url(consultation: Consultation, number: int) -> str:
    component = consultation.component
    return reverse("manage:consultations:manage_moderation_detail",
                   args=[component.space.slug, component.pk, consultation.pk, number])


def segments(text: str, spans: Any) -> list[dict[str, Any]]:
    """The original text cut into plain parts and redacted parts (with their kind)."""
    return review.segments(text, spans, label=kind_label)


@moderation_staff_view
def manage_moderation(request: AuthedRequest, component: Component,
                      consultation: Consultation) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                row = Contribution.objects.filter(
                    consultation=consultation, number=request.POST.get("number") or 0).first()
                if row is None:
                    raise Http404
                if services.redaction_approve(acting_user=user,
                                              contribution=row):
                    messages.success(request, _("Contribution %(number)s is approved: its "
                                                "redacted text may now be published.")
                                     % {"number": row.number})
                else:
                    messages.info(request, _("Contribution %(number)s was already approved.")
                                  % {"number": row.number})
            elif action == "approve_page":
                numbers = [int(n) for n in request.POST.getlist("numbers") if n.isdigit()]
                ids = Contribution.objects.filter(consultation=consultation,
                                                  number__in=numbers).values_list("pk", flat=True)
                count = services.redaction_approve_many(
                    acting_user=user,
                    consultation=consultation, contribution_ids=list(ids))
                messages.success(request, ngettext(
                    "%(count)d contribution was approved.",
                    "%(count)d contributions were approved.", count) % {"count": count})
            else:
                messages.error(request, _("Choose what to approve."))
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(request.get_full_path())

    show_approved = request.GET.get("status") == "approved"
    rows_qs = services.awaiting_review(consultation, approved=show_approved).select_related(
        "article", "redaction_approved_by")
    page_obj = Paginator(rows_qs, PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page_obj.object_list)
    waiting = services.awaiting_review(consultation).count()
    return render_manage(request, "consultations/manage/moderation.html", {
        "component": consultation.component,
        "space": consultation.component.space,
        "consultation": consultation,
        "rows": rows,
        "page_obj": page_obj,
        "show_approved": show_approved,
        "waiting": waiting,
        "pending_rows": [row for row in rows if row.redaction_approved_at is None],
    }, nav="spaces")


@moderation_staff_view
def manage_moderation_detail(request: AuthedRequest, component: Component,
                             consultation: Consultation, number: int) -> HttpResponse:
    contribution = (Contribution.objects.filter(consultation=consultation, number=number)
                    .select_related("article", "redaction_approved_by").first())
    if contribution is None:
        raise Http404
    contribution.consultation = consultation
    user = request.user
    here = _detail_url(consultation, number)
    form = HideWordsForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "hide":
                form = HideWordsForm(request.POST)
                if form.is_valid():
                    try:
                        count = services.redaction_hide_words(
                            acting_user=user,
                            contribution=contribution, words=form.cleaned_data["words"],
                            kind=form.cleaned_data["kind"],
                            all_occurrences=form.cleaned_data["all_occurrences"])
                    except ValidationError as error:
                        form.add_error("words", error.messages)
                    else:
                        messages.success(request, ngettext(
                            "The words are hidden in %(count)d place.",
                            "The words are hidden in %(count)d places.", count)
                            % {"count": count})
                        return HttpResponseRedirect(here)
            elif action == "remove":
                start = int(request.POST.get("start", "-1"))
                end = int(request.POST.get("end", "-1"))
                if services.redaction_remove(acting_user=user,
                                             contribution=contribution, start=start, end=end):
                    messages.success(request, _("The words are visible again in the published "
                                                "text."))
                else:
                    messages.info(request, _("That redaction was already removed."))
                return HttpResponseRedirect(here)
            elif action == "approve":
                services.redaction_approve(acting_user=user,
                                           contribution=contribution)
                messages.success(request, _("Contribution %(number)s is approved: its redacted "
                                            "text may now be published.") % {"number": number})
                following = (services.awaiting_review(consultation)
                             .filter(number__gt=number).values_list("number", flat=True).first())
                return HttpResponseRedirect(_detail_url(consultation, following)
                                            if following else _list_url(consultation))
            else:
                messages.error(request, _("Choose what to do."))
                return HttpResponseRedirect(here)
        except PermissionDenied:
            raise Http404 from None
        except (ValueError, ValidationError) as error:
            text = (" ".join(error.messages) if isinstance(error, ValidationError)
                    else _("The redaction to remove was not understood. Reload the page."))
            messages.error(request, text)
            return HttpResponseRedirect(here)
    following = (services.awaiting_review(consultation).filter(number__gt=number)
                 .values_list("number", flat=True).first())
    return render_manage(request, "consultations/manage/moderation_detail.html", {
        "component": consultation.component,
        "space": consultation.component.space,
        "consultation": consultation,
        "contribution": contribution,
        "segments": segments(contribution.body, contribution.redactions),
        "form": form,
        "list_url": _list_url(consultation),
        "next_url": _detail_url(consultation, following) if following else "",
    }, nav="spaces")


urlpatterns: list[URLPattern] = [
    path("<int:consultation_id>/moderation/", manage_moderation, name="manage_moderation"),
    path("<int:consultation_id>/moderation/<int:number>/", manage_moderation_detail,
         name="manage_moderation_detail"),
]
