"""Forms of the budgets component: the staff's set-up forms (edition, pool, district pools,
category, checklist point) and the resident's project form with its cost items (a formset:
the total is computed by the services, never typed).

The forms check what a person types; the services check the rest (cost limits of the pool, a
verified group the person belongs to, the area's polygon) and their errors are shown on the
same form (``apply_service_errors``), so nothing typed is lost.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from participa.components.budgets.models import (
    BudgetCategory,
    Edition,
    Pool,
    Project,
    Residence,
    VotingMethod,
)
from participa.core.form_fields import ModelIdsField, model_choice_field, within_years
from participa.core.models import GroupMembership, Scope, User, UserGroup
from participa.lib.pb.rules import RULE_NAMES
from participa.spaces.models import Component
from participa.verifications.models import Method

LOCAL_INPUT = "%Y-%m-%dT%H:%M"

# The counting rules in plain words (the rule's name stays in brackets: it is Pabulib's).
RULE_LABELS: dict[str, Any] = {
    "greedy": _("Most votes first, skipping projects that no longer fit"),
    "greedy-no-skip": _("Most votes first, stopping at the first project that does not fit"),
    "greedy-threshold": _("Most votes first, among projects with at least the minimum number "
                          "of votes"),
    "equalshares": _("Method of equal shares"),
    "equalshares/add1": _("Method of equal shares, completed by raising every voter's share"),
    "equalshares/add1u": _("Method of equal shares, completed by raising every voter's share "
                           "then by most votes"),
    "equalshares/utilitarian": _("Method of equal shares, completed by most votes"),
    "equalshares-comparison": _("Method of equal shares, compared with most votes first"),
    "equalshares/add1-comparison": _("Method of equal shares with raised shares, compared "
                                     "with most votes first"),
    "equalshares/add1u-comparison": _("Method of equal shares with raised shares then most "
                                      "votes, compared with most votes first"),
    "equalshares/utilitarian-comparison": _("Method of equal shares completed by most votes, "
                                            "compared with most votes first"),
}


def rule_choices() -> list[tuple[str, Any]]:
    return [(name, RULE_LABELS.get(name, name)) for name in RULE_NAMES]


def _datetime(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, input_formats=[LOCAL_INPUT, "%Y-%m-%d %H:%M"], validators=[within_years],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
        error_messages={"required": _("Give the date and time."),
                        "invalid": _("Write the date and time as 2026-03-01 09:00.")})


def _date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label, validators=[within_years],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Give the date."),
                        "invalid": _("Write the date as 2026-03-01.")})


def _money(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, max_digits=14, decimal_places=2, min_value=0,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"required": _("Give the amount."),
                        "invalid": _("Write the amount as a number, e.g. 12500.50."),
                        "min_value": _("The amount cannot be negative."),
                        "max_decimal_places": _("Write at most 2 decimals."),
                        "max_digits": _("This amount is too large."),
                        "max_whole_digits": _("This amount is too large.")})


# The largest numbers the database's columns hold (small and plain positive integers).
SMALL_MAX, COUNT_MAX = 32767, 2147483647


def _count(label: Any, *, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=1, max_value=SMALL_MAX,
                              help_text=help_text,
                              error_messages={"min_value": _("Give at least 1."),
                                              "invalid": _("Write a whole number.")})


class EditionForm(forms.Form):
    """The dates and eligibility rules of an edition."""

    submission_opens_at = _datetime(_("Submission opens"))
    submission_closes_at = _datetime(_("Submission closes"))
    review_ends_on = _date(_("Formal review ends on"))
    voting_opens_at = _datetime(_("Voting opens"))
    voting_closes_at = _datetime(_("Voting closes"))
    results_on = _date(_("Results published on"))
    appeal_days = forms.IntegerField(label=_("Days to appeal a decision"), min_value=1,
                                     max_value=SMALL_MAX, initial=7)
    appeal_decision_days = forms.IntegerField(label=_("Days to decide an appeal"), min_value=1,
                                              max_value=SMALL_MAX, initial=14)
    correction_days = forms.IntegerField(label=_("Days to correct a project"), min_value=1,
                                         max_value=SMALL_MAX, initial=7)
    residence = forms.ChoiceField(label=_("Who may vote"), choices=Residence.choices,
                                  initial=Residence.CITY, widget=forms.RadioSelect)
    min_age = forms.IntegerField(label=_("Minimum age to vote"), required=False, min_value=0,
                                 max_value=120, help_text=_("Empty: no age limit."))
    minors_with_consent = forms.BooleanField(
        label=_("Minors may vote with a parent's consent"), required=False)
    verification_methods = forms.MultipleChoiceField(
        label=_("Verification required to submit, sign and vote"), choices=Method.choices,
        required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: any signed-in person of the organization."))
    allow_ballot_change = forms.BooleanField(
        label=_("Voters may change their ballot until voting closes"), required=False)
    supports_enabled = forms.BooleanField(
        label=_("Projects collect support signatures before review"), required=False)
    publish_age_band = forms.BooleanField(
        label=_("Publish the voters' age bands in the ballot files"), required=False,
        help_text=_("Voters give their year of birth; only a band such as 25-34 is kept with "
                    "the anonymous ballot, and a band of fewer than 10 voters is left blank."))
    tie_breaking = forms.CharField(
        label=_("Tie-break order"), required=False, max_length=200,
        help_text=_("Steps separated by commas: votes (most votes first), cost (cheapest "
                    "first), -cost, id (project number), seed:2026 (a published random "
                    "order). Empty: by project number."))

    def clean_tie_breaking(self) -> list[str]:
        raw: str = self.cleaned_data.get("tie_breaking", "")
        return [part.strip() for part in raw.split(",") if part.strip()]

    @staticmethod
    def initial_of(edition: Edition) -> dict[str, Any]:
        return {
            "submission_opens_at": timezone.localtime(edition.submission_opens_at),
            "submission_closes_at": timezone.localtime(edition.submission_closes_at),
            "review_ends_on": edition.review_ends_on,
            "voting_opens_at": timezone.localtime(edition.voting_opens_at),
            "voting_closes_at": timezone.localtime(edition.voting_closes_at),
            "results_on": edition.results_on,
            "appeal_days": edition.appeal_days,
            "appeal_decision_days": edition.appeal_decision_days,
            "correction_days": edition.correction_days, "residence": edition.residence,
            "min_age": edition.min_age, "minors_with_consent": edition.minors_with_consent,
            "verification_methods": list(edition.verification_methods or []),
            "allow_ballot_change": edition.allow_ballot_change,
            "supports_enabled": edition.supports_enabled,
            "publish_age_band": edition.publish_age_band,
            "tie_breaking": ", ".join(edition.tie_breaking or []),
        }


class _Named(forms.Form):
    """A name (or text) in each language of the organization, the first one required."""

    name_field = "name"
    name_label: Any = _("Name (%(language)s)")
    name_required: Any = _("Give it a name.")

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = languages
        named = {}
        for index, code in enumerate(languages):
            named[f"{self.name_field}__{code}"] = forms.CharField(
                label=self.name_label % {"language": code}, max_length=300,
                required=index == 0, error_messages={"required": self.name_required})
        # The names first.
        self.fields = {**named, **self.fields}

    def names(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"{self.name_field}__{code}"].strip()
                for code in self.languages
                if self.cleaned_data.get(f"{self.name_field}__{code}", "").strip()}

    @classmethod
    def initial_names(cls, texts: dict[str, str], languages: list[str]) -> dict[str, str]:
        return {f"{cls.name_field}__{code}": texts.get(code, "") for code in languages}


class _PoolRules(forms.Form):
    """What a pool's voting and counting are: shared by one pool and the district pools."""

    min_project_cost = _money(_("Minimum cost of a project"), required=False)
    max_project_cost = _money(_("Maximum cost of a project"), required=False,
                              help_text=_("Empty: the pool's amount."))
    method = forms.ChoiceField(label=_("Voting method"), choices=VotingMethod.choices,
                               initial=VotingMethod.APPROVAL)
    max_projects = _count(_("Projects a voter may choose"),
                          help_text=_("Approval and ranked voting."))
    points_total = _count(_("Points a voter distributes"), help_text=_("Cumulative voting."))
    max_points_per_project = _count(_("Points a voter may give one project"),
                                    help_text=_("Cumulative voting; empty: no limit."))
    rule = forms.ChoiceField(label=_("Counting rule"), choices=rule_choices, initial="greedy")
    threshold = forms.IntegerField(label=_("Minimum votes to be funded"), required=False,
                                   min_value=0, max_value=COUNT_MAX,
                                   help_text=_("Only for the rule with a "
                                               "minimum number of votes."))
    support_threshold = forms.IntegerField(
        label=_("Signatures needed before review"), min_value=0, max_value=COUNT_MAX,
        initial=0,
        help_text=_("0: none."))

    RULE_FIELDS = ("min_project_cost", "max_project_cost", "method", "max_projects",
                   "points_total", "max_points_per_project", "rule", "threshold",
                   "support_threshold")

    def rule_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data.get(name) for name in self.RULE_FIELDS}
        if values["min_project_cost"] is None:
            values["min_project_cost"] = Decimal(0)
        if values["support_threshold"] is None:
            values["support_threshold"] = 0
        if values["method"] != VotingMethod.CUMULATIVE:
            values["points_total"] = values["max_points_per_project"] = None
        if values["method"] not in (VotingMethod.APPROVAL, VotingMethod.RANKED):
            values["max_projects"] = None
        if values["rule"] != "greedy-threshold":
            values["threshold"] = None
        return values


class PoolForm(_Named, _PoolRules):
    name_required = _("Give the pool a name.")

    amount = _money(_("Amount"))
    scope = forms.ModelChoiceField(label=_("District"), queryset=Scope.objects.none(),
                                   required=False, empty_label=_("The whole city"))

    field_order = ["amount", "scope"]

    def __init__(self, *args: Any, component: Component, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "scope").queryset = Scope.objects.filter(
            organization=component.space.organization)

    def service_values(self) -> dict[str, Any]:
        return {"name": self.names(), "amount": self.cleaned_data["amount"],
                "scope": self.cleaned_data.get("scope"), **self.rule_values()}

    @classmethod
    def initial_of(cls, pool: Pool, languages: list[str]) -> dict[str, Any]:
        return {**cls.initial_names(pool.name, languages), "amount": pool.amount,
                "scope": pool.scope_id,
                **{name: getattr(pool, name) for name in cls.RULE_FIELDS}}


class DistrictPoolsForm(_PoolRules):
    """Timișoara-style zones: one pool per chosen district, the total split evenly."""

    total = _money(_("Total amount to split"))
    scopes = ModelIdsField(
        label=_("Districts"), queryset=Scope.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one district.")})

    field_order = ["total", "scopes"]

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = Pool.objects.filter(edition=edition, scope__isnull=False).values("scope_id")
        field = self.fields["scopes"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = (Scope.objects.filter(
            organization=edition.component.space.organization, parent__isnull=False)
            .exclude(pk__in=taken).order_by("pk"))


class CategoryForm(_Named):
    name_required = _("Give the category a name.")

    quota_percent = forms.IntegerField(
        label=_("Share of the money (%)"), required=False, min_value=0, max_value=100,
        help_text=_("Optional: the share of each pool kept for this category."))


class ChecklistItemForm(_Named):
    name_field = "text"
    name_label = _("Text (%(language)s)")
    name_required = _("Write the point of the checklist.")


def _coordinate(label: Any, limit: int, help_text: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, max_digits=9, decimal_places=6, help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off",
                                      "data-limit": str(limit)}),
        error_messages={
            "invalid": _("Write the coordinate as a number with a dot, e.g. 45.753721."),
            "max_decimal_places": _("Write at most 6 decimals."),
            "max_digits": _("Write at most 6 decimals."),
            "max_whole_digits": _("Write at most 6 decimals."),
        },
    )


class ProjectForm(forms.Form):
    """What a resident writes: title, description, pool, category, place, and the group."""

    title = forms.CharField(label=_("Title"), max_length=200,
                            error_messages={"required": _("Give your project a title.")})
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 10}), max_length=10000,
        help_text=_("Markdown: **bold**, lists, links. Do not write e-mail addresses or phone "
                    "numbers: they are hidden from the public page."),
        error_messages={"required": _("Describe your project.")})
    pool = forms.ModelChoiceField(label=_("Pool"), queryset=Pool.objects.none(),
                                  empty_label=None,
                                  error_messages={"required": _("Choose the pool the project "
                                                                "is for.")})
    category = forms.ModelChoiceField(label=_("Category"),
                                      queryset=BudgetCategory.objects.none(), required=False,
                                      empty_label=_("No category"))
    address = forms.CharField(
        label=_("Address or place"), max_length=300, required=False,
        help_text=_("The street and number, or the name of the place."))
    latitude = _coordinate(_("Latitude"), 90,
                           _("Optional: from -90 to 90, e.g. 45.753721. Choose the point on "
                             "the map or type it."))
    longitude = _coordinate(_("Longitude"), 180,
                            _("Optional: from -180 to 180, e.g. 21.225678."))
    area_geojson = forms.CharField(
        label=_("Area (optional)"), required=False, max_length=40000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a project that covers an area: its outline as a GeoJSON polygon. "
                    "The address is enough otherwise."))
    group = forms.ModelChoiceField(label=_("On behalf of the group"),
                                   queryset=UserGroup.objects.none(), required=False,
                                   empty_label=_("No group"),
                                   help_text=_("Only the verified groups you are a member of."))

    def __init__(self, *args: Any, edition: Edition, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = edition.component.space.organization
        model_choice_field(self, "pool").queryset = Pool.objects.filter(
            edition=edition).select_related("scope")
        categories = BudgetCategory.objects.filter(edition=edition)
        model_choice_field(self, "category").queryset = categories
        groups = UserGroup.objects.filter(
            organization=org, verified_at__isnull=False,
            memberships__user=user, memberships__status=GroupMembership.Status.ACCEPTED)
        model_choice_field(self, "group").queryset = groups
        if not categories.exists():
            del self.fields["category"]
        if not groups.exists():
            del self.fields["group"]

    def _in_range(self, name: str, limit: int, message: Any) -> Decimal | None:
        value: Decimal | None = self.cleaned_data.get(name)
        if value is not None and not -limit <= value <= limit:
            raise ValidationError(message, code="range")
        return value

    def clean_latitude(self) -> Decimal | None:
        return self._in_range("latitude", 90, _("The latitude is a number from -90 to 90."))

    def clean_longitude(self) -> Decimal | None:
        return self._in_range("longitude", 180,
                              _("The longitude is a number from -180 to 180."))

    def service_values(self) -> dict[str, Any]:
        """The values the services take (``EDITABLE``)."""
        data = self.cleaned_data
        return {
            "title": data["title"], "description": data["description"], "pool": data["pool"],
            "category": data.get("category"), "address": data.get("address", ""),
            "latitude": data.get("latitude"), "longitude": data.get("longitude"),
            "area_geojson": data.get("area_geojson", ""), "group": data.get("group"),
        }

    @staticmethod
    def initial_of(project: Project) -> dict[str, Any]:
        return {"title": project.title, "description": project.description,
                "pool": project.pool_id, "category": project.category_id,
                "address": project.address, "latitude": project.latitude,
                "longitude": project.longitude,
                "area_geojson": json.dumps(project.area_geojson) if project.area_geojson
                else "", "group": project.group_id}


class CostItemForm(forms.Form):
    """One line of the cost: what it pays for and how much (an empty line is ignored)."""

    description = forms.CharField(label=_("What it pays for"), max_length=200,
                                  required=False)
    amount = _money(_("Amount"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        description = (data.get("description") or "").strip()
        amount = data.get("amount")
        if description and amount is None and "amount" not in self.errors:
            self.add_error("amount", _("Give the amount of this cost item."))
        if amount is not None and not description:
            self.add_error("description", _("Say what this amount pays for."))
        if amount is not None and amount <= 0 and "amount" not in self.errors:
            self.add_error("amount", _("The amount must be above zero."))
        return data


class BaseCostItemFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": ngettext_lazy("A project has at most %(num)d cost line.",
                                        "A project has at most %(num)d cost lines.", "num"),
    }

    def items(self) -> list[tuple[str, Decimal]]:
        """The filled lines, in order."""
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", {}) or {}
            description = (data.get("description") or "").strip()
            if description and data.get("amount") is not None:
                rows.append((description, data["amount"]))
        return rows


COST_LINES_MAX = 30
CostItemFormSet = forms.formset_factory(CostItemForm, formset=BaseCostItemFormSet, extra=0,
                                        max_num=COST_LINES_MAX, absolute_max=COST_LINES_MAX)
COST_ROWS = 3  # empty lines offered (more with "Add cost lines")


_COST_ROW = re.compile(r"cost-(\d{1,6})-(?:description|amount)")


def _number_text(value: Any) -> bool:
    text = str(value)
    return text.isascii() and text.isdigit() and len(text) <= 6


def _counted(data: Any) -> Any:
    """``data`` whose count of cost lines is the lines posted when the count sent with them is
    missing or tampered with (the lines typed are shown again, never dropped)."""
    total, initial = data.get("cost-TOTAL_FORMS", ""), data.get("cost-INITIAL_FORMS", "")
    if _number_text(total) and _number_text(initial) and int(total) <= COST_LINES_MAX:
        return data
    rows = [int(match.group(1)) for key in data if (match := _COST_ROW.fullmatch(key))]
    data = data.copy()
    data["cost-TOTAL_FORMS"] = str(max(rows, default=-1) + 1)
    data["cost-INITIAL_FORMS"] = "0"
    return data


def cost_formset(data: Any = None, *, items: list[tuple[str, Decimal]] | None = None,
                 extra: int = COST_ROWS) -> Any:
    """The cost items' formset: bound to ``data``, or showing ``items`` and ``extra`` empty
    lines."""
    if data is not None:
        return CostItemFormSet(_counted(data), prefix="cost")
    initial = [{"description": description, "amount": amount}
               for description, amount in items or []]
    initial += [{} for _ in range(extra)]
    return CostItemFormSet(initial=initial, prefix="cost")


