"""Staff views of the offline channels: register a proposal received by letter, e-mail or in
person, review its redactions and publish it, print its receipt; and turn a consultation's
contribution answered "out of scope" into a proposal of this component."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from participa.components.consultations.models import Contribution
from participa.components.proposals.forms_intake import (
    HideWordsForm,
    RegisterProposalForm,
    kind_label,
)
from participa.components.proposals.manage_views.proposals import (
    proposal_staff_view,
    proposals_staff_view,
    render_proposals,
)
from participa.components.proposals.models import Proposal
from participa.components.proposals.services import from_contributions, intake
from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest
from participa.redaction import review
from participa.spaces.models import Component


def _url(name: str, component: Component, *args: object) -> str:
    return reverse(f"manage:proposals:{name}", args=[component.space.slug, component.pk, *args])


@proposals_staff_view
def manage_register(request: AuthedRequest, component: Component) -> HttpResponse:
    """Register a proposal received by letter, e-mail or in person."""
    form = RegisterProposalForm(request.POST or None, component=component)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = intake.proposal_register(
                acting_user=request.user, component=component, channel=data["channel"],
                received_at=data["received_at"], author_name=data["author_name"],
                author_email=data["author_email"], title=data["title"], body=data["body"],
                publication=data["publication"], scope=data["scope"], area=data["area"],
                category=data["category"])
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Proposal No. %(label)s is registered. Check the "
                                        "personal data removed, then publish it.")
                             % {"label": proposal.registration_label})
            return HttpResponseRedirect(_url("manage_review", component, proposal.number))
    response = render_proposals(request, "proposals/manage/intake_form.html", component,
                                form=form)
    if request.method == "POST":
        response.status_code = 400
    return response


def _review_page(request: AuthedRequest, component: Component, proposal: Proposal,
                 form: HideWordsForm, status: int = 200) -> HttpResponse:
    spans = proposal.redactions or {}
    response = render_proposals(
        request, "proposals/manage/intake_review.html", component, proposal=proposal,
        form=form,
        title_segments=review.segments(proposal.title, spans.get("title") or [],
                                       label=kind_label),
        body_segments=review.segments(proposal.body, spans.get("body") or [],
                                      label=kind_label),
        receipt_url=_url("manage_receipt", component, proposal.number))
    response.status_code = status
    return response


@proposal_staff_view
def manage_review(request: AuthedRequest, component: Component,
                  proposal: Proposal) -> HttpResponse:
    """The proposal as received (staff only) beside what the public will read: hide more
    words, keep some visible, publish."""
    here = _url("manage_review", component, proposal.number)
    form = HideWordsForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "hide":
                form = HideWordsForm(request.POST)
                if not form.is_valid():
                    return _review_page(request, component, proposal, form, 400)
                count = intake.proposal_hide_words(
                    acting_user=request.user, proposal=proposal,
                    words=form.cleaned_data["words"], kind=form.cleaned_data["kind"],
                    all_occurrences=form.cleaned_data["all_occurrences"])
                messages.success(request, ngettext(
                    "The words are hidden in %(count)d place.",
                    "The words are hidden in %(count)d places.", count) % {"count": count})
            elif action == "remove":
                if intake.proposal_redaction_remove(
                        acting_user=request.user, proposal=proposal,
                        field=request.POST.get("field", ""),
                        start=int(request.POST.get("start", "-1")),
                        end=int(request.POST.get("end", "-1"))):
                    messages.success(request, _("The words are visible again in the "
                                                "published text."))
                else:
                    messages.info(request, _("That redaction was already removed."))
            elif action == "publish":
                intake.proposal_publish_registered(acting_user=request.user, proposal=proposal)
                messages.success(request, _("The proposal is published in the journal."))
            else:
                messages.error(request, _("Choose what to do."))
        except PermissionDenied as error:
            raise Http404 from error
        except ValueError:
            messages.error(request, _("The redaction to remove was not understood. Reload "
                                      "the page."))
        except ValidationError as error:
            if action == "hide":
                apply_service_errors(form, error)
                return _review_page(request, component, proposal, form, 400)
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(here)
    if proposal.channel == "online":
        raise Http404
    return _review_page(request, component, proposal, form)


@proposal_staff_view
def manage_receipt(request: AuthedRequest, component: Component,
                   proposal: Proposal) -> HttpResponse:
    """The receipt of a registered proposal, to print or copy into the answer to the
    sender."""
    if proposal.channel == "online":
        raise Http404
    return render_proposals(request, "proposals/manage/receipt.html", component,
                            proposal=proposal)


@proposals_staff_view
def manage_from_contributions(request: AuthedRequest, component: Component) -> HttpResponse:
    """The organization's contributions answered "out of scope — noted for the action plan",
    each to turn into a proposal of this component with one action."""
    rows = from_contributions.candidates(component.space.organization)
    return render_proposals(request, "proposals/manage/from_contributions.html", component,
                            rows=rows)


@require_POST
@proposals_staff_view
def manage_from_contribution(request: AuthedRequest, component: Component,
                             contribution_id: int) -> HttpResponse:
    contribution = (Contribution.objects
                    .filter(pk=contribution_id,
                            consultation__component__space__organization=(
                                component.space.organization))
                    .select_related("consultation__component__space__organization",
                                    "author", "group").first())
    if contribution is None:
        raise Http404
    try:
        proposal = from_contributions.proposal_from_contribution(
            acting_user=request.user, contribution=contribution, component=component)
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(_url("manage_from_contributions", component))
    messages.success(request, _("The contribution is now proposal No. %(number)s.")
                     % {"number": proposal.number})
    return HttpResponseRedirect(_url("manage_detail", component, proposal.number))
