"""Projects submitted to a participatory budget: drafts, submission, withdrawal. Every write
keyword-only, atomic and audited.

Rules every project keeps:

- it is written and submitted only while the edition's submission phase is open, by a person
  eligible for the edition (verified when the edition asks for a verification method);
- its number is taken under the component's row lock (never twice; the database refuses a
  duplicate);
- its cost is the sum of its cost items, computed here (never typed), and within its pool's
  limits (minimum and maximum cost of a project) when it is submitted;
- what is public is the redacted title and description (``title_public``,
  ``description_public``): the redaction engine runs at submission, the authors' names
  included, as proposals do;
- its authors may change it while it is a draft; once submitted it stays as submitted (the
  formal review may ask for a correction, later);
- its authors may withdraw it until the formal review ends; it stays visible, marked
  withdrawn.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.components.budgets import permissions
from participa.components.budgets.actions import BudgetAction, BudgetJournalAction
from participa.components.budgets.geo import area_clean
from participa.components.budgets.models import CostItem, Pool, Project, ProjectState
from participa.core.audit import Notice, audited_create, audited_update
from participa.core.journal import Public
from participa.core.models import GroupMembership, User
from participa.notifications.services import follow_automatically
from participa.redaction import engine as redaction
from participa.spaces.models import Component, SpaceMembership

# What an author may set on a project (its cost comes from its cost items).
EDITABLE = frozenset({"title", "description", "pool", "category", "address", "latitude",
                      "longitude", "area_geojson", "group"})
MAX_COST_ITEMS = 30


def _org(project: Project) -> Any:
    return project.component.space.organization


def project_line(project: Project, action: BudgetJournalAction, **params: Any) -> Public:
    """A public journal line about ``project`` (its public title only)."""
    component = project.component
    return Public(action=action, item=project, url=project.get_absolute_url(),
                  space_id=component.space_id, component_id=component.pk,
                  params={"title": project.title_public or project.title,
                          "number": str(project.number), **params})


def _managers(project: Project) -> tuple[int, ...]:
    """The managers of the project's space (told of new and withdrawn projects)."""
    return tuple(SpaceMembership.objects.filter(
        space_id=project.component.space_id, role=SpaceMembership.Role.MANAGER)
        .order_by("user_id").values_list("user_id", flat=True))


def next_number(component: Component) -> int:
    """The next number of ``component`` (inside the creating transaction: the component's row
    stays locked until it commits)."""
    Component.objects.select_for_update().filter(pk=component.pk).first()
    last = Project.objects.filter(component=component).aggregate(last=Max("number"))["last"]
    return int(last or 0) + 1


def author_names(project: Project) -> list[str]:
    """The names the redaction engine hides in the authors' own text."""
    names: list[str] = []
    author = project.author
    if author is not None:
        names += [author.display_name, author.get_full_name()]
    return [name for name in names if name and name.strip()]


def redact(project: Project) -> dict[str, Any]:
    """The public title and description and the redactions over the originals."""
    org = _org(project)
    names = author_names(project)
    title = redaction.redact_for(org, project.title, names=names)
    description = redaction.redact_for(org, project.description, names=names)
    return {
        "title_public": title.text.strip() or project.title_public or project.title,
        "description_public": description.text,
        "redactions": {"title": redaction.spans_to_json(title.spans),
                       "description": redaction.spans_to_json(description.spans)},
    }


def _money(amount: Decimal) -> str:
    return formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


def _checked(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(data) - EDITABLE)
    if unknown:
        raise TypeError(f"Not editable on a project: {', '.join(unknown)}")
    values = dict(data)
    for name in ("title", "description", "address"):
        if isinstance(values.get(name), str):
            values[name] = values[name].strip()
    if "area_geojson" in values:
        values["area_geojson"] = area_clean(values["area_geojson"])
    return values


def cost_items_clean(items: Sequence[tuple[str, Decimal]]) -> list[tuple[str, Decimal]]:
    """The cost items as written (description, amount), checked: each has a description and
    an amount above zero."""
    cleaned: list[tuple[str, Decimal]] = []
    if len(items) > MAX_COST_ITEMS:
        raise ValidationError({"cost_items": ngettext(
            "A project has at most %(count)d cost item.",
            "A project has at most %(count)d cost items.", MAX_COST_ITEMS)
            % {"count": MAX_COST_ITEMS}}, code="too_many")
    for description, amount in items:
        description = (description or "").strip()
        if not description:
            raise ValidationError({"cost_items": _("Say what each cost item pays for.")},
                                  code="description")
        if amount is None or amount <= 0:
            raise ValidationError({"cost_items": _("Each cost item needs an amount above "
                                                   "zero.")}, code="amount")
        cleaned.append((description, amount))
    return cleaned


def cost_limits_refusal(pool: Pool, cost: Decimal) -> ValidationError | None:
    """Why ``cost`` does not fit the pool's limits for one project (None: it fits)."""
    if cost < pool.min_project_cost:
        return ValidationError({"cost_items": _(
            "The project costs %(cost)s: a project of the pool “%(pool)s” costs at least "
            "%(minimum)s.") % {"cost": _money(cost), "pool": pool,
                               "minimum": _money(pool.min_project_cost)}}, code="below_min")
    if cost > pool.max_project_cost:
        return ValidationError({"cost_items": _(
            "The project costs %(cost)s: a project of the pool “%(pool)s” costs at most "
            "%(maximum)s.") % {"cost": _money(cost), "pool": pool,
                               "maximum": _money(pool.max_project_cost)}}, code="above_max")
    return None


def _check(project: Project, acting_user: User, cost: Decimal | None) -> None:
    """Sentences for what the database would refuse, in the person's language."""
    errors: dict[str, Any] = {}
    edition = permissions.edition_of(project.component)
    if not project.title:
        errors["title"] = _("Give your project a title.")
    if not project.description:
        errors["description"] = _("Describe your project.")
    pool = project.pool if project.pool_id else None
    if pool is None or edition is None or pool.edition_id != edition.pk:
        errors["pool"] = _("Choose the pool the project is for.")
    category = project.category if project.category_id else None
    if category is not None and (edition is None or category.edition_id != edition.pk):
        errors["category"] = _("Choose a category of this participatory budget.")
    if (project.latitude is None) != (project.longitude is None):
        errors["latitude"] = _("Give both the latitude and the longitude of the map point, or "
                               "neither.")
    if project.group is not None and not (
            project.group.is_verified
            and project.group.memberships.filter(
                user=acting_user, status=GroupMembership.Status.ACCEPTED).exists()):
        errors["group"] = _("You can submit only in the name of a verified group you are a "
                            "member of.")
    if pool is not None and "pool" not in errors and cost is not None:
        refusal = cost_limits_refusal(pool, cost)
        if refusal is not None:
            errors.update(refusal.message_dict)
    if errors:
        raise ValidationError(errors)


def _replace_cost_items(project: Project, items: Sequence[tuple[str, Decimal]]) -> Decimal:
    """Replace the project's cost items (their public text redacted as the project's is);
    their sum (the project's cost)."""
    org, names = _org(project), author_names(project)
    project.cost_items.all().delete()
    CostItem.objects.bulk_create([
        CostItem(project=project, description=description, amount=amount, position=index,
                 description_public=redaction.redact_for(org, description,
                                                         names=names).text.strip())
        for index, (description, amount) in enumerate(items)])
    return sum((amount for _description, amount in items), Decimal(0))


def _refuse_unless_open(acting_user: User, component: Component) -> None:
    refusal = permissions.submission_refusal(acting_user, component)
    if refusal is not None:
        raise refusal


@transaction.atomic
def project_create(*, acting_user: User, component: Component, data: Mapping[str, Any],
                   cost_items: Sequence[tuple[str, Decimal]],
                   submit: bool = False) -> Project:
    """A resident's new project: a draft to finish later, or submitted at once."""
    _refuse_unless_open(acting_user, component)
    values = _checked(data)
    items = cost_items_clean(cost_items)
    cost = sum((amount for _description, amount in items), Decimal(0))
    candidate = Project(component=component, author=acting_user, **values)
    _check(candidate, acting_user, cost if items else None)
    values.update(component=component, author=acting_user, number=next_number(component),
                  cost=cost)
    project: Project = audited_create(
        Project, organization=component.space.organization, actor=acting_user,
        action=BudgetAction.PROJECT_CREATE, values=values)
    _replace_cost_items(project, items)
    if submit:
        project_submit(acting_user=acting_user, project=project)
    return project


@transaction.atomic
def project_update(*, acting_user: User, project: Project, data: Mapping[str, Any],
                   cost_items: Sequence[tuple[str, Decimal]]) -> Project:
    """The authors change a draft (while submission is open); its cost is recomputed."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not permissions.is_author(acting_user, locked):
        raise ValidationError(_("Only its authors can change a project."), code="author")
    if locked.state != ProjectState.DRAFT:
        raise ValidationError(_("A submitted project stays as submitted."), code="submitted")
    _refuse_unless_open(acting_user, project.component)
    values = _checked(data)
    items = cost_items_clean(cost_items)
    cost = sum((amount for _description, amount in items), Decimal(0))
    candidate = copy.copy(project)
    for name, value in values.items():
        setattr(candidate, name, value)
    _check(candidate, acting_user, cost if items else None)
    _replace_cost_items(project, items)
    values.update(cost=cost, updated_at=timezone.now())
    audited_update(project, organization=_org(project), actor=acting_user,
                   action=BudgetAction.PROJECT_UPDATE, values=values)
    return project


@transaction.atomic
def project_submit(*, acting_user: User, project: Project) -> Project:
    """Submit a draft: checked against its pool's cost limits, redacted, public, its author
    follows it."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not permissions.is_author(acting_user, locked):
        raise ValidationError(_("Only its authors can submit a project."), code="author")
    if locked.state != ProjectState.DRAFT:
        raise ValidationError(_("This project is already submitted."), code="submitted")
    _refuse_unless_open(acting_user, project.component)
    items = list(project.cost_items.values_list("amount", flat=True))
    if not items:
        raise ValidationError({"cost_items": _("Break the cost of the project into at least "
                                               "one cost item.")}, code="no_cost")
    cost = sum(items, Decimal(0))
    _check(project, acting_user, cost)
    now = timezone.now()
    values = {"state": ProjectState.SUBMITTED, "submitted_at": now, "published_at": now,
              "updated_at": now, "cost": cost, **redact(project)}
    audited_update(
        project, organization=_org(project), actor=acting_user,
        action=BudgetAction.PROJECT_SUBMIT, values=values,
        public=[project_line(project, BudgetJournalAction.PROJECT_SUBMITTED,
                             title=values["title_public"])],
        # Those who run the space hear of every new project without following anything.
        notice=Notice(event="budget_project.submitted", target=project,
                      also=_managers(project)))
    follow_automatically(user=acting_user, target=project)
    return project


@transaction.atomic
def project_withdraw(*, acting_user: User, project: Project) -> Project:
    """The authors withdraw a submitted project before the formal review ends: it stays
    visible, marked withdrawn, and takes no more signatures."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    locked.component = project.component
    refusal = permissions.withdrawal_refusal(acting_user, locked)
    if refusal is not None:
        raise refusal
    now = timezone.now()
    audited_update(
        project, organization=_org(project), actor=acting_user,
        action=BudgetAction.PROJECT_WITHDRAW,
        values={"state": ProjectState.WITHDRAWN, "withdrawn_at": now, "updated_at": now},
        public=[project_line(project, BudgetJournalAction.PROJECT_WITHDRAWN)],
        notice=Notice(event="budget_project.withdrawn", target=project,
                      also=_managers(project)))
    return project


