"""The categories of a component's proposals, managed by those who run the space: add, rename,
reorder, delete (its proposals keep no category). Keyword-only, atomic, audited."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from participa.components.proposals import permissions
from participa.components.proposals.actions import ProposalAction
from participa.components.proposals.models import ProposalCategory
from participa.core.audit import audit_record, audited_create, audited_delete, audited_update
from participa.core.models import User
from participa.core.ordering import swap_with_neighbour
from participa.spaces.models import Component


def _allowed(acting_user: User, component: Component) -> None:
    if not permissions.can_manage_proposals(acting_user, component):
        raise ValidationError(_("Only those who run the space can manage the categories."),
                              code="forbidden")


def _named(name: dict[str, str]) -> dict[str, str]:
    cleaned = {code: text.strip() for code, text in name.items() if text and text.strip()}
    if not cleaned:
        raise ValidationError({"name": _("Give the category a name.")}, code="required")
    return cleaned


@transaction.atomic
def category_create(*, acting_user: User, component: Component,
                    name: dict[str, str]) -> ProposalCategory:
    """A new category, last in the list."""
    _allowed(acting_user, component)
    cleaned = _named(name)
    Component.objects.select_for_update().filter(pk=component.pk).first()
    last = ProposalCategory.objects.filter(component=component).aggregate(
        last=Max("position"))["last"]
    category: ProposalCategory = audited_create(
        ProposalCategory, organization=component.space.organization, actor=acting_user,
        action=ProposalAction.PROPOSAL_CATEGORY_CREATE,
        values={"component": component, "name": cleaned,
                "position": 0 if last is None else last + 1})
    return category


@transaction.atomic
def category_rename(*, acting_user: User, category: ProposalCategory,
                    name: dict[str, str]) -> ProposalCategory:
    _allowed(acting_user, category.component)
    audited_update(category, organization=category.component.space.organization,
                   actor=acting_user, action=ProposalAction.PROPOSAL_CATEGORY_UPDATE,
                   values={"name": _named(name)})
    return category


@transaction.atomic
def category_move(*, acting_user: User, category: ProposalCategory,
                  direction: Literal["up", "down"]) -> bool:
    """Swap the category with its neighbour; False when it is already at that end."""
    _allowed(acting_user, category.component)
    order = swap_with_neighbour(
        ProposalCategory.objects.filter(component_id=category.component_id), category,
        direction)
    if order is None:
        return False
    audit_record(organization=category.component.space.organization, actor=acting_user,
                 action=ProposalAction.PROPOSAL_CATEGORY_UPDATE, obj=category,
                 changes={"order": order})
    return True


@transaction.atomic
def category_delete(*, acting_user: User, category: ProposalCategory) -> int:
    """Delete the category; its proposals keep no category. Returns how many there were."""
    _allowed(acting_user, category.component)
    used = category.proposals.count()
    audited_delete(category, organization=category.component.space.organization,
                   actor=acting_user, action=ProposalAction.PROPOSAL_CATEGORY_DELETE)
    return used
