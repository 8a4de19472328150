"""Staff view of voting: publish the electoral commission's public key (before voting opens)
and read the turnout per pool — counts only, never who voted for what."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from participa.components.budgets.forms_voting import ElectionKeyForm
from participa.components.budgets.manage_views.common import (
    budget_staff_view,
    edition_or_none,
    render_budget,
)
from participa.components.budgets.models import ElectionKey
from participa.components.budgets.services import voting
from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest
from participa.spaces.models import Component


@budget_staff_view
def manage_voting(request: AuthedRequest, component: Component) -> HttpResponse:
    edition = edition_or_none(component)
    if edition is None:
        raise Http404
    refusal = voting.election_key_refusal(edition)
    form = ElectionKeyForm(request.POST or None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            voting.election_key_set(acting_user=request.user, edition=edition,
                                    public_key=form.cleaned_data["public_key"],
                                    fingerprint=form.cleaned_data["fingerprint"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The election key is published: its fingerprint shows "
                                        "on the voting page."))
            return HttpResponseRedirect(reverse("manage:budgets:manage_voting",
                                                args=[component.space.slug, component.pk]))
    response = render_budget(request, "budgets/manage/voting.html", component, form=form,
                             key=ElectionKey.objects.filter(edition=edition).first(),
                             key_refusal=refusal.messages[0] if refusal else "",
                             turnout=voting.turnout(edition))
    if form.errors:
        response.status_code = 400
    return response
