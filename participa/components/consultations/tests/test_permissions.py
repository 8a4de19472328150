"""The permission matrix of consultations: role by state of the consultation → what one may do."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from participa.components.consultations.models import Answer, ConsultationState, Outcome
from participa.components.consultations.permissions import (
    can_contribute,
    can_manage_consultations,
    can_moderate_contributions,
    can_request_debate,
    can_review_answer,
    can_view_consultation,
    can_view_contribution_original,
    contribution_refusal,
)
from participa.components.consultations.tests.conftest import (
    make_component,
    make_consultation,
    make_contribution,
    make_space,
)
from participa.conftest import make_user
from participa.spaces.models import Phase, SpaceMembership

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "ngo_member", "official", "district_rep", "moderator", "admin",
         "manager", "outsider"]
STATES = ["draft", "upcoming", "open", "closed", "final"]
RUNS = {"official", "admin", "manager"}
# Timeline per state: (announced, opens, closes) in days from today.
DATES = {"draft": (-1, 1, 20), "upcoming": (-10, 3, 20), "open": (-40, -5, 10),
         "closed": (-60, -30, -1), "final": (-60, -30, -1)}


@pytest.fixture
def persona(request, org):
    def get(role, space):
        if role == "anonymous":
            return AnonymousUser()
        if role == "manager":
            user = make_user(org, "manager")
            SpaceMembership.objects.create(space=space, user=user,
                                           role=SpaceMembership.Role.MANAGER)
            return user
        return request.getfixturevalue(role)

    return get


def build(org, area, scope, state):
    space = make_space(org, area=area, scope=scope)
    Phase.objects.create(space=space, title={"en": "Consultation"}, start_date=timezone.localdate(),
                         end_date=timezone.localdate(), position=0)
    component = make_component(space)
    announced, opens, closes = DATES[state]
    db_state = {"draft": ConsultationState.DRAFT, "final": ConsultationState.FINAL}.get(
        state, ConsultationState.PUBLISHED)
    extra: dict[str, Any] = {"closed_at": timezone.now()} if state == "final" else {}
    consultation = make_consultation(component, state=db_state, announced=announced,
                                     opens=opens, closes=closes, **extra)
    return space, component, consultation


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_it_follows_the_matrix(org, area, scope, persona, role, state):
    space, component, consultation = build(org, area, scope, state)
    user = persona(role, space)

    may_view = role in RUNS if state == "draft" else True
    assert can_view_consultation(user, consultation) is may_view
    assert can_manage_consultations(user, component) is (role in RUNS)
    may_contribute = state == "open" and role not in {"anonymous", "outsider"}
    assert can_contribute(user, consultation) is may_contribute
    assert can_moderate_contributions(user, consultation) is (role in RUNS | {"moderator"})


@pytest.mark.parametrize(("state", "code"), [("upcoming", "not_open_yet"), ("open", None),
                                             ("closed", "closed"), ("final", "closed")])
def test_it_says_why_one_cannot_contribute(org, area, scope, resident, state, code):
    _space, _component, consultation = build(org, area, scope, state)
    assert contribution_refusal(resident, consultation) == code
    assert contribution_refusal(AnonymousUser(), consultation) == "login"


def test_only_staff_see_the_original_of_a_contribution(org, area, scope, persona, resident,
                                                       moderator, outsider):
    space, _component, consultation = build(org, area, scope, "open")
    contribution = make_contribution(consultation, author=resident)
    assert can_view_contribution_original(persona("manager", space), contribution)
    assert can_view_contribution_original(moderator, contribution)
    assert not can_view_contribution_original(resident, contribution)
    assert not can_view_contribution_original(outsider, contribution)


def test_a_second_official_reviews_an_answer_never_its_drafter(org, area, scope, persona,
                                                               official, resident):
    space, _component, consultation = build(org, area, scope, "open")
    manager = persona("manager", space)
    contribution = make_contribution(consultation, author=resident)
    answer = Answer.objects.create(consultation=consultation, contribution=contribution,
                                   outcome=Outcome.ACCEPTED, drafted_by=manager)
    assert not can_review_answer(manager, answer)
    assert can_review_answer(official, answer)
    assert not can_review_answer(resident, answer)


def test_only_members_of_a_verified_ngo_request_a_debate(org, area, scope, ngo, ngo_member,
                                                         resident):
    _space, _component, consultation = build(org, area, scope, "open")
    assert not can_request_debate(ngo_member, consultation)  # the NGO is not verified yet
    ngo.verified_at = timezone.now()
    ngo.save()
    assert can_request_debate(ngo_member, consultation)
    assert not can_request_debate(resident, consultation)
