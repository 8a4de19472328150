"""The one visibility rule: for every declared item x persona x state, the predicate
(``can_view``) and the queryset (``visible_q``) agree, and so do the components' own
predicates used by their views; the obvious cells are asserted too.

States: ``published`` (public space, published component, announced item), ``draft`` (the item's
own draft state; for a space: unpublished; for a page, which has no state: unpublished
component), ``unpublished_component``, ``members_only`` (a published members-only space) and,
for contributions, ``hidden`` (its author chose not to publish it) and ``unapproved`` (redacted
text not approved yet); for residents' questions on a meeting's agenda, ``hidden`` (hidden
by moderation); for comments (on a page), ``draft`` is a comment on a page of an
unpublished component, ``hidden`` a comment hidden by the moderators and ``deleted`` one its
author deleted. No declared item can be withdrawn yet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from participa.comments.models import Comment
from participa.components.budgets.models import ProjectState, ProjectSupport
from participa.components.budgets.tests import conftest as budgets
from participa.components.consultations import permissions as consultation_permissions
from participa.components.consultations.models import (
    Article,
    ConsultationState,
    Publication,
)
from participa.components.consultations.tests import conftest as consultations
from participa.components.meetings.models import (
    AgendaItem,
    AgendaQuestion,
    MeetingState,
    QuestionState,
    Registration,
    SeatDraw,
)
from participa.components.meetings.tests import conftest as meetings
from participa.components.pages import permissions as page_permissions
from participa.components.pages.models import Page
from participa.components.pages.tests import conftest as pages
from participa.components.proposals.models import ProposalCategory, ProposalState, Support
from participa.components.proposals.tests import conftest as proposals
from participa.conftest import make_user
from participa.core.models import Area, Organization, User
from participa.moderation.models import Moderation
from participa.spaces import permissions as space_permissions
from participa.spaces.models import Space, SpaceMembership, Visibility
from participa.spaces.registry import all_item_specs, item_spec, item_spec_for
from participa.spaces.visibility import can_view, visible_q
from participa.tracking import permissions as tracking_permissions
from participa.tracking.tests import conftest as tracking

PERSONAS = ["anonymous", "resident", "member", "official", "manager", "moderator", "admin",
            "outsider"]
ITEM_STATES = ["published", "draft", "unpublished_component", "members_only"]
STATES: dict[str, list[str]] = {
    "space": ["published", "draft", "members_only"],
    "page": ["published", "draft", "members_only"],
    "consultation": ITEM_STATES,
    "article": ITEM_STATES,
    "meeting": ITEM_STATES,
    "seat_draw": ["published", "unpublished_component", "members_only"],
    "agenda_item": ITEM_STATES,
    "meeting_question": [*ITEM_STATES, "hidden"],
    # Registrations are never public: only those who run the space see them.
    "registration": ITEM_STATES,
    "proposal": [*ITEM_STATES, "withdrawn"],
    "proposal_category": ["published", "unpublished_component", "members_only"],
    # Supports are never public: only those who run the space see them.
    "proposal_support": ITEM_STATES,
    # A participatory budget's projects: a withdrawn one stays public, marked withdrawn.
    "budget_project": [*ITEM_STATES, "withdrawn"],
    # Support signatures are never public: only those who run the space see them.
    "budget_support": ITEM_STATES,
    "contribution": [*ITEM_STATES, "hidden", "unapproved"],
    "comment": ["published", "draft", "members_only", "hidden", "deleted"],
    # A tracked item of a component ("draft": not published yet); "no_component": a published
    # item of the organization outside any component, "no_component_draft" one not published.
    "tracked_item": [*ITEM_STATES, "no_component", "no_component_draft"],
}
CASES = [(kind, state, persona) for kind, states in STATES.items() for state in states
         for persona in PERSONAS]

# The cells nobody should need to think about. Those who run the space (manager, official of
# its area, administrator) see every state; the public sees only what is published in a public
# space, whichever organization they belong to.
PUBLIC_ONLY = {"anonymous", "resident", "outsider"}
RUN_THE_SPACE = {"manager", "official", "admin"}


def expected(kind: str, state: str, persona: str) -> bool | None:
    if kind == "comment" and state in ("hidden", "deleted"):
        return False  # nobody reads a hidden or deleted comment in public
    if state == "withdrawn":
        state = "published"  # a withdrawn proposal stays public, marked withdrawn
    if kind == "meeting_question" and state == "hidden":
        return persona in RUN_THE_SPACE
    if kind in ("registration", "proposal_support", "budget_support"):
        return persona in RUN_THE_SPACE
    if kind == "tracked_item":
        # Its administrators and the officials of its department run it, whatever its state;
        # a space manager is the public here, as far as the space lets them see.
        if persona in ("admin", "official"):
            return True
        if state == "no_component":
            return True
        if state in ("draft", "no_component_draft"):
            return False
        if persona == "manager":
            return state in ("published", "members_only", "unpublished_component")
    if persona in RUN_THE_SPACE:
        return True
    if persona in PUBLIC_ONLY:
        return state == "published"
    if persona == "member":
        return state in ("published", "members_only")
    if persona == "moderator":  # sees every space, but not unpublished or draft items
        if kind == "space":
            return True
        return state in ("published", "members_only")
    return None


def test_it_covers_every_declared_item():
    assert sorted(STATES) == sorted(spec.kind for spec in all_item_specs())


def _space(org: Organization, area: Area, state: str, kind: str, people: dict[str, Any]) -> Space:
    space = Space.objects.create(
        organization=org, kind="process", slug=f"{kind}-{state}", title={"en": "Space"},
        area=area,
        visibility=Visibility.MEMBERS if state == "members_only" else Visibility.PUBLIC,
        published_at=None if (kind == "space" and state == "draft") else timezone.now(),
    )
    SpaceMembership.objects.create(space=space, user=people["manager"],
                                   role=SpaceMembership.Role.MANAGER)
    SpaceMembership.objects.create(space=space, user=people["member"],
                                   role=SpaceMembership.Role.MEMBER)
    return space


def build(kind: str, state: str, org: Organization, area: Area, people: dict[str, Any]) -> Any:
    if kind == "tracked_item" and state.startswith("no_component"):
        return tracking.make_item(org, department=area, published=state == "no_component")
    space = _space(org, area, state, kind, people)
    if kind == "space":
        return space
    if kind in ("page", "comment"):
        component = pages.make_component(space, published=state != "draft")
        page = pages.make_page(component, "page", "Page")
        if kind == "page":
            return page
        comment = Comment.objects.create(
            organization=org, author=people["resident"], space=space, body="Text",
            target_type=ContentType.objects.get_for_model(Page), target_id=page.pk,
            deleted_at=timezone.now() if state == "deleted" else None)
        if state == "hidden":
            Moderation.objects.create(
                organization=org, space=space, hidden_at=timezone.now(),
                content_type=ContentType.objects.get_for_model(Comment), object_id=comment.pk)
        return comment
    if kind == "tracked_item":
        component = proposals.make_component(space,
                                             published=state != "unpublished_component")
        return tracking.make_item(org, component=component, department=area,
                                  published=state != "draft")
    if kind in ("proposal", "proposal_category", "proposal_support"):
        component = proposals.make_component(space,
                                             published=state != "unpublished_component")
        if kind == "proposal_category":
            return ProposalCategory.objects.create(component=component, name={"en": "Parks"})
        proposal = proposals.make_proposal(
            component, author=people["resident"],
            state={"draft": ProposalState.DRAFT, "withdrawn": ProposalState.WITHDRAWN}.get(
                state, ProposalState.PUBLISHED))
        if kind == "proposal_support":
            return Support.objects.create(proposal=proposal, user=people["member"])
        return proposal
    if kind in ("budget_project", "budget_support"):
        component = budgets.make_component(space, published=state != "unpublished_component")
        pool = budgets.make_pool(budgets.make_edition(component))
        project = budgets.make_project(
            component, author=people["resident"], pool=pool,
            state={"draft": ProjectState.DRAFT, "withdrawn": ProjectState.WITHDRAWN}.get(
                state, ProjectState.SUBMITTED))
        if kind == "budget_support":
            return ProjectSupport.objects.create(project=project, user=people["member"])
        return project
    if kind in ("meeting", "seat_draw", "agenda_item", "meeting_question", "registration"):
        component = meetings.make_component(space, published=state != "unpublished_component")
        if kind == "seat_draw":
            return SeatDraw.objects.create(
                component=component, space=space, title={"en": "Observers"}, seats=3,
                applications_close_at=meetings.at(10), committed_number="4817",
                public_value_source="The first number of the national lottery of next Sunday")
        meeting = meetings.make_meeting(
            component, state=MeetingState.DRAFT if state == "draft" else MeetingState.SCHEDULED)
        if kind == "meeting":
            return meeting
        if kind == "registration":
            return Registration.objects.create(meeting=meeting, user=people["resident"])
        item = AgendaItem.objects.create(meeting=meeting, title={"en": "Cycle lanes"})
        if kind == "agenda_item":
            return item
        # "hidden": a question hidden by moderation (state HIDDEN).
        return AgendaQuestion.objects.create(
            agenda_item=item, author=people["resident"], body="Why here?",
            state=QuestionState.HIDDEN if state == "hidden" else QuestionState.PUBLISHED)
    component = consultations.make_component(space,
                                             published=state != "unpublished_component")
    consultation = consultations.make_consultation(
        component, state=ConsultationState.DRAFT if state == "draft"
        else ConsultationState.PUBLISHED)
    if kind == "consultation":
        return consultation
    if kind == "article":
        return Article.objects.filter(version__consultation=consultation).first()
    return consultations.make_contribution(
        consultation, author=people["resident"],
        publication=Publication.NOT_PUBLISHED if state == "hidden" else Publication.NAMED,
        approved=state != "unapproved")


# The predicates the components' views use: they must say the same as the rule.
VIEW_PREDICATES: dict[str, Callable[[Any, Any], bool]] = {
    "space": space_permissions.can_view_space,
    "page": page_permissions.can_view_page,
    "consultation": consultation_permissions.can_view_consultation,
    "article": lambda user, article: consultation_permissions.can_view_consultation(
        user, article.version.consultation),
    "tracked_item": tracking_permissions.can_view_tracked_item,
}


@pytest.fixture
def people(org: Organization, resident: User, official: User, moderator: User, admin: User,
           outsider: User) -> dict[str, Any]:
    return {"anonymous": None, "resident": resident, "member": make_user(org, "member"),
            "official": official, "manager": make_user(org, "manager"),
            "moderator": moderator, "admin": admin, "outsider": outsider}


@pytest.mark.parametrize(("kind", "state", "persona"), CASES)
def test_the_predicate_and_the_queryset_agree(kind: str, state: str, persona: str,
                                              org: Organization, area: Area,
                                              people: dict[str, Any]) -> None:
    obj = build(kind, state, org, area, people)
    user = people[persona]
    spec = item_spec(kind)
    assert spec is not None
    in_queryset = spec.model._default_manager.filter(
        visible_q(spec, user, org)).filter(pk=obj.pk).exists()
    assert can_view(user, obj) == in_queryset
    want = expected(kind, state, persona)
    if want is not None:
        assert in_queryset == want
    if kind in VIEW_PREDICATES:
        # A fresh instance: the predicates cache roles on the user, not on the object.
        fresh = spec.model._default_manager.get(pk=obj.pk)
        assert VIEW_PREDICATES[kind](user, fresh) == in_queryset


def test_another_organizations_rule_never_shows_this_ones_objects(org: Organization,
                                                                   other_org: Organization,
                                                                   area: Area,
                                                                   people: dict[str, Any]):
    """Asked in their own organization, even an administrator of another city sees nothing of
    this one, public or not."""
    objects = [build(kind, state, org, area, people) for kind, states in STATES.items()
               for state in states]
    outsider = people["outsider"]
    for obj in objects:
        spec = item_spec_for(type(obj))
        assert spec is not None
        shown = spec.model._default_manager.filter(visible_q(spec, outsider, other_org))
        assert not shown.filter(pk=obj.pk).exists()


# A tracked item tells its followers of changes only once it is published (the tracking
# services send no notice about an unpublished one), so only its published states are asked.
FOLLOWED = [(kind, state, persona) for kind, state, persona in CASES
            if (kind in ("space", "page", "consultation")
                or (kind == "tracked_item" and state not in ("draft", "no_component_draft")))
            and persona not in ("anonymous", "outsider")]


@pytest.mark.parametrize(("kind", "state", "persona"), FOLLOWED)
def test_who_is_told_agrees_with_who_may_see(kind: str, state: str, persona: str,
                                              org: Organization, area: Area,
                                              people: dict[str, Any]) -> None:
    """Notifications go to the people of the organization the rule lets see the target (the
    same rule, as a filter on users)."""
    from participa.notifications.targets import users_who_can_see_q

    obj = build(kind, state, org, area, people)
    user = people[persona]
    told = User.objects.filter(users_who_can_see_q(obj), pk=user.pk).exists()
    assert told == can_view(user, obj)
