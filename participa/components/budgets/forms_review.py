"""The forms of the formal review and of appeals: the assessment (the edition's checklist as
rows of met / not met with a note), the correction request, the appeal and its decision.

Every error is shown next to its field and linked to it (``aria-describedby``); a refused form
comes back with everything typed.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participa.components.budgets.forms import _money
from participa.components.budgets.models import ChecklistItem, Project
from participa.components.budgets.models_review import (
    AppealOutcome,
    Assessment,
    Outcome,
    Verdict,
)
from participa.core.form_fields import model_choice_field
from participa.core.models import Area

MET, NOT_MET = "met", "not_met"


class _Described(forms.Form):
    """Links each field to its error messages (``<id>_error``) and help (``<id>_helptext``)
    for screen readers."""

    def link_errors(self) -> None:
        for name, field in self.fields.items():
            if name not in self.errors:
                continue
            bound = self[name]
            ids = [f"{bound.auto_id}_error"]
            if field.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            field.widget.attrs["aria-describedby"] = " ".join(ids)
            field.widget.attrs["aria-invalid"] = "true"


def _verdict(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, widget=forms.RadioSelect,
                             choices=Verdict.choices)


def _note(label: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class AssessmentForm(_Described):
    """The reviewer's assessment. The checklist's points come as fields ``item_<id>`` (met or
    not) and ``item_<id>_note``, listed by :meth:`checklist_rows`."""

    department = forms.ModelChoiceField(
        label=_("Department responsible"), queryset=Area.objects.none(), empty_label=None,
        error_messages={"required": _("Choose the department responsible for the project.")})
    legality = _verdict(_("Is the project legal?"))
    legality_note = _note(_("Note on legality"))
    feasibility = _verdict(_("Is the project technically feasible?"))
    feasibility_note = _note(_("Note on feasibility"))
    formal_compliance = _verdict(_("Does the project meet the formal requirements?"))
    formal_compliance_note = _note(_("Note on formal compliance"))
    corrected_cost = _money(_("Corrected cost"), required=False,
                            help_text=_("Only if the estimated cost is wrong; then say why."))
    cost_reason = _note(_("Reason for the corrected cost"))
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, widget=forms.RadioSelect,
                                choices=Outcome.choices)
    justification = _note(_("Justification"))

    def __init__(self, *args: Any, departments: Any, items: list[ChecklistItem],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "department").queryset = departments
        self.items = items
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=str(item), required=False, widget=forms.RadioSelect,
                choices=[(MET, _("Met")), (NOT_MET, _("Not met"))])
            self.fields[f"item_{item.pk}_note"] = _note(
                gettext("Note on “%(point)s”") % {"point": item})

    def checklist_rows(self) -> list[tuple[ChecklistItem, forms.BoundField,
                                           forms.BoundField]]:
        return [(item, self[f"item_{item.pk}"], self[f"item_{item.pk}_note"])
                for item in self.items]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith("item_")]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data.get(name) if name == "corrected_cost" else data.get(name) or ""
                for name in ("legality", "legality_note", "feasibility", "feasibility_note",
                             "formal_compliance", "formal_compliance_note", "corrected_cost",
                             "cost_reason", "outcome", "justification")}

    def answers(self) -> dict[int, tuple[bool, str]]:
        data = self.cleaned_data
        return {item.pk: (data[f"item_{item.pk}"] == MET, data.get(f"item_{item.pk}_note", ""))
                for item in self.items if data.get(f"item_{item.pk}")}

    @staticmethod
    def initial_of(assessment: Assessment | None) -> dict[str, Any]:
        if assessment is None:
            return {}
        initial: dict[str, Any] = {
            name: getattr(assessment, name)
            for name in ("legality", "legality_note", "feasibility", "feasibility_note",
                         "formal_compliance", "formal_compliance_note", "corrected_cost",
                         "cost_reason", "outcome", "justification")}
        initial["department"] = assessment.department_id
        for answer in assessment.answers.all():
            initial[f"item_{answer.item_id}"] = MET if answer.passed else NOT_MET
            initial[f"item_{answer.item_id}_note"] = answer.note
        return initial


class CorrectionRequestForm(_Described):
    message = forms.CharField(
        label=_("What should the authors correct?"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Say what the authors should correct.")})
    deadline = forms.DateField(
        label=_("Correct by"), widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The last day on which the authors may correct the project."),
        error_messages={"required": _("Give the deadline."),
                        "invalid": _("Write the date as year-month-day, e.g. 2027-03-31.")})

    @staticmethod
    def initial_of(deadline: datetime.date) -> dict[str, Any]:
        return {"deadline": deadline.isoformat()}


class AppealForm(_Described):
    reason = forms.CharField(
        label=_("Why should the project be admitted to the vote?"), max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Say why the project should be admitted to the vote.")})


class AppealDecisionForm(_Described):
    outcome = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect,
                                choices=AppealOutcome.choices,
                                error_messages={"required": _("Choose the decision.")})
    reasons = forms.CharField(
        label=_("Reasons for the decision"), max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Public: shown on the project's page and in the list of appeals."),
        error_messages={"required": _("Give the reasons for the decision.")})


class _ProjectChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _("No. %(number)s: %(title)s") % {"number": obj.number,
                                                "title": obj.title_public or obj.title}


class MergeForm(_Described):
    """The other project of a merge (a project of the same edition under review)."""

    other = _ProjectChoice(label=_("The other project"), queryset=Project.objects.none(),
                           empty_label=None,
                           error_messages={"required": _("Choose the other project.")})

    def __init__(self, *args: Any, projects: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "other").queryset = projects
