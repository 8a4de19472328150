"""Staff forms of the evaluation of proposals: the register's filters, the assignment, the
evaluation (cost typed as the language writes it), internal notes, answers with their
commitment, merging and splitting."""

from __future__ import annotations

import decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from participa.answers.forms import AnswerForm
from participa.answers.models import AnswerState
from participa.components.proposals.models import Feasibility, Proposal, ProposalState
from participa.components.proposals.services.evaluation import evaluators, parse_amount
from participa.core.form_fields import model_choice_field
from participa.core.models import Area, Organization


class EvaluatorField(forms.ModelChoiceField):
    """Officials by their public name."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name or obj.username)


# The register's "answer" filter: no answer at all, or the state of its latest one.
NO_ANSWER = "none"


class RegisterFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All")), *ProposalState.choices])
    department = forms.ModelChoiceField(label=_("Department"), required=False,
                                        queryset=Area.objects.none(), empty_label=_("All"))
    evaluator = EvaluatorField(label=_("Evaluator"), required=False,
                               queryset=Area.objects.none(), empty_label=_("All"))
    answer = forms.ChoiceField(label=_("Answer"), required=False, choices=[
        ("", _("All")), (NO_ANSWER, _("No answer yet")),
        (AnswerState.DRAFT.value, _("Draft waiting for review")),
        (AnswerState.APPROVED.value, _("Approved, not published")),
        (AnswerState.PUBLISHED.value, _("Published"))])
    overdue = forms.BooleanField(label=_("Only answers overdue"), required=False)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "department").queryset = Area.objects.filter(
            organization=organization)
        model_choice_field(self, "evaluator").queryset = evaluators(organization)


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), required=False,
                                        queryset=Area.objects.none(),
                                        empty_label=_("None"))
    evaluator = EvaluatorField(label=_("Evaluator"), required=False,
                               queryset=Area.objects.none(), empty_label=_("None"))

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "department").queryset = Area.objects.filter(
            organization=organization)
        model_choice_field(self, "evaluator").queryset = evaluators(organization)


class EvaluateForm(forms.Form):
    cost_estimate = forms.CharField(
        label=_("Estimated cost"), required=False, max_length=40,
        help_text=_("In the local currency, e.g. 1 234,50 or 1234.50. Leave empty if not "
                    "known."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    feasibility = forms.ChoiceField(label=_("Feasibility"), required=False,
                                    choices=Feasibility.choices)

    def clean_cost_estimate(self) -> decimal.Decimal | None:
        text = (self.cleaned_data.get("cost_estimate") or "").strip()
        if not text:
            return None
        try:
            return parse_amount(text)
        except ValueError:
            raise forms.ValidationError(
                _("Write the cost as an amount, e.g. 1 234,50 or 1234.50, with at most two "
                  "decimals and no minus sign."), code="amount") from None


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Only staff see internal notes."),
                           error_messages={"required": _("Write the note.")})


class ProposalAnswerForm(AnswerForm):
    """The shared answer form with the commitment of "integrated into the action plan"."""

    commitment_title = forms.CharField(
        label=_("Commitment of the action plan"), required=False, max_length=300,
        help_text=_("Only for “Integrated into the action plan”."))
    commitment_url = forms.CharField(
        label=_("Address of the commitment"), required=False, max_length=500,
        help_text=_("A page of this site (starting with /) or an address starting with "
                    "https://."))

    @staticmethod
    def initial_for(answer: Any) -> dict[str, Any]:
        initial = AnswerForm.initial_for(answer)
        if answer is not None:
            initial.update(commitment_title=answer.commitment_title,
                           commitment_url=answer.commitment_url)
        return initial


class MergeForm(forms.Form):
    target = forms.TypedChoiceField(
        label=_("Merge into the proposal"), coerce=int, choices=(),
        error_messages={"required": _("Choose the proposal to merge this one into.")})

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = (Proposal.objects.filter(component_id=proposal.component_id,
                                          state=ProposalState.PUBLISHED)
                  .exclude(pk=proposal.pk).order_by("number").values_list("number", "title"))
        field = self.fields["target"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose…")), *[
            (number, f"{number}. {title}") for number, title in others]]


class SplitForm(forms.Form):
    title = forms.CharField(label=_("Title of the new proposal"), max_length=200,
                            error_messages={"required": _("Give the new proposal a title.")})
    body = forms.CharField(label=_("Text of the new proposal"),
                           widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("The part of the proposal that becomes a proposal of "
                                       "its own. It is redacted like any proposal."),
                           error_messages={"required": _("Write the text of the new "
                                                         "proposal.")})
