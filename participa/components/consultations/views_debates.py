"""The public form with which a verified association or authority requests a public debate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participa.components.consultations import permissions
from participa.components.consultations.models import (
    Consultation,
    ConsultationState,
    DebateRequest,
)
from participa.components.consultations.services.debates import (
    debate_request_create,
    debate_request_deadline,
)
from participa.core.form_errors import apply_service_errors
from participa.core.http import OrgRequest, signed_in_user
from participa.core.models import UserGroup
from participa.spaces.decorators import component_view
from participa.spaces.models import Component


class DebateRequestForm(forms.Form):
    group = forms.ModelChoiceField(
        label=gettext_lazy("On behalf of"), queryset=UserGroup.objects.none(),
        empty_label=None,
        help_text=gettext_lazy("A verified association or public authority you are a member "
                               "of."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Why a public debate is needed"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("This written request is published on the consultation page "
                               "with the name of the group."),
    )

    def __init__(self, *args: Any, groups: list[UserGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = UserGroup.objects.filter(pk__in=[group.pk for group in groups])

    def clean_reason(self) -> str:
        value = str(self.cleaned_data["reason"]).strip()
        if not value:
            raise forms.ValidationError(_("Write why a public debate is needed."))
        return value


def _consultation(user: Any, component: Component, slug: str) -> Consultation | None:
    consultation = Consultation.objects.filter(component=component, slug=slug).first()
    if consultation is None or not permissions.can_view_consultation(user, consultation):
        return None
    consultation.component = component
    return consultation


def _published(user: Any, consultation: Consultation) -> bool:
    return consultation.is_published


def _refusal(request: OrgRequest, consultation: Consultation) -> str:
    if consultation.state == ConsultationState.FINAL:
        return _("This consultation is closed: a public debate can no longer be requested.")
    return _("A public debate can be requested by members of an association or a public "
             "authority whose group is verified by the city hall. Ask the administrator of "
             "your group to have it verified, or write to the contact person of the "
             "consultation.")


@component_view("consultations", item=_consultation, item_permission=_published)
def request_debate(request: OrgRequest, component: Component,
                   consultation: Consultation) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    context: dict[str, Any] = {"component": component, "space": component.space,
                               "consultation": consultation}
    if not permissions.can_request_debate(request.user, consultation):
        context["refusal"] = _refusal(request, consultation)
        return render(request, "consultations/request_debate.html", context, status=403)
    groups = permissions.requestable_groups(request.user, consultation)
    already = {item.group_id: item for item in DebateRequest.objects.filter(
        consultation=consultation, group__in=[group.pk for group in groups])}
    open_groups = [group for group in groups if group.pk not in already]
    form = DebateRequestForm(request.POST or None, groups=open_groups)
    if request.method == "POST" and open_groups and form.is_valid():
        try:
            created = debate_request_create(
                acting_user=signed_in_user(request),
                consultation=consultation, group=form.cleaned_data["group"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _(
                "Your request on behalf of “%(group)s” is registered. The city hall must "
                "schedule the debate by %(date)s; you will be notified.") % {
                "group": created.group.name,
                "date": formats.date_format(created.respond_by, "DATE_FORMAT")})
            return HttpResponseRedirect(f"{consultation.get_absolute_url()}#debates-heading")
    context.update({
        "form": form, "open_groups": open_groups,
        "existing": [already[group.pk] for group in groups if group.pk in already],
        "deadline": debate_request_deadline(consultation, timezone.localdate()),
    })
    return render(request, "consultations/request_debate.html", context,
                  status=400 if form.errors else 200)


urlpatterns: list[URLPattern] = [
    path("<slug:slug>/request-debate/", request_debate, name="request_debate"),
]
