"""Permission matrix of proposals (issue #12, point 9): persona by phase switches by state.

The expected table is written out here, from what the issue and the architecture say (role AND
the active phase's switch AND visibility), not computed from the code under test. Each cell is
checked through the public or staff view's status code (see the page, see the staff register)
or through the service that does the write (its refusal), inside a savepoint rolled back after
the attempt, so that one capability never changes the next one's starting point.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participa.components.proposals import permissions
from participa.components.proposals.models import (
    Feasibility,
    Outcome,
    Proposal,
    ProposalState,
)
from participa.components.proposals.services.answers import proposal_answer_save_draft
from participa.components.proposals.services.evaluation import proposal_evaluate
from participa.components.proposals.services.proposals import (
    proposal_update,
    proposal_withdraw,
)
from participa.components.proposals.services.supports import support_create
from participa.components.proposals.tests.conftest import make_component, make_proposal
from participa.components.proposals.tests.test_supports import verify
from participa.conftest import login, make_user
from participa.core.models import Area, Organization, Role, RoleKind, Scope, UserGroup
from participa.spaces.models import Space, SpaceMembership

PERSONAS = ["anonymous", "resident", "verified", "author", "coauthor", "ngo_member",
            "official", "other_official", "district_rep", "manager", "moderator", "admin",
            "outsider"]
CAPABILITIES = ["see", "create", "edit", "withdraw", "support", "comment", "register",
                "evaluate", "answer"]

PHASES = {
    "all_on": {"creation_enabled": True, "supports_enabled": True, "comments_enabled": True},
    "all_off": {"creation_enabled": False, "supports_enabled": False,
                "comments_enabled": False},
    "only_supports": {"creation_enabled": False, "supports_enabled": True,
                      "comments_enabled": False},
}
STATES = [ProposalState.DRAFT, ProposalState.PUBLISHED, ProposalState.WITHDRAWN,
          ProposalState.MERGED]

# Who is who. Staff of the space: the official of its area, its manager, the administrator.
ORG_PEOPLE = {"resident", "verified", "author", "coauthor", "ngo_member", "official",
              "other_official", "district_rep", "manager", "moderator", "admin"}
AUTHORS = {"author", "coauthor"}
STAFF = {"official", "manager", "admin"}

# The expected table, one line per (phase, state): for each capability, the personas who may.
# The component asks for verified residents of the proposal's district to support
# (``supports_verified_only``): only "verified" is one.
EVERYONE = set(PERSONAS)
NOBODY: set[str] = set()
EXPECTED: dict[tuple[str, str], dict[str, set[str]]] = {}
for _phase in PHASES:
    for _state in STATES:
        EXPECTED[_phase, _state] = {
            # Drafts: their authors and the space's staff; the rest is public.
            "see": AUTHORS | STAFF if _state == ProposalState.DRAFT else EVERYONE,
            # Creating does not depend on the proposal: the creation switch only.
            "create": ORG_PEOPLE if _phase == "all_on" else NOBODY,
            # Authors change a draft or an unsupported, unanswered published proposal.
            "edit": AUTHORS if _state in (ProposalState.DRAFT, ProposalState.PUBLISHED)
            else NOBODY,
            # Authors withdraw a published proposal, whatever the phase.
            "withdraw": AUTHORS if _state == ProposalState.PUBLISHED else NOBODY,
            "support": {"verified"} if (_state == ProposalState.PUBLISHED
                                        and _phase in ("all_on", "only_supports"))
            else NOBODY,
            "comment": ORG_PEOPLE if (_state == ProposalState.PUBLISHED
                                      and _phase == "all_on") else NOBODY,
            # The staff register does not depend on phases or states.
            "register": STAFF,
            # A draft is not filed yet: nobody evaluates or answers it. A merged proposal is
            # answered through the one it was merged into.
            "evaluate": STAFF if _state in (ProposalState.PUBLISHED, ProposalState.WITHDRAWN)
            else NOBODY,
            "answer": STAFF if _state in (ProposalState.PUBLISHED, ProposalState.WITHDRAWN)
            else NOBODY,
        }
del _phase, _state


class Rollback(Exception):
    """Raised after a successful attempt to undo its writes."""


def attempt(write: Callable[[], Any]) -> bool:
    """Whether ``write`` succeeds (its writes are rolled back either way)."""
    try:
        with transaction.atomic():
            write()
            raise Rollback
    except Rollback:
        return True
    except (ValidationError, PermissionDenied):
        return False


def personas(org: Organization, other_org: Organization, space: Space, area: Area,
             scope: Scope, ngo: UserGroup) -> dict[str, Any]:
    people: dict[str, Any] = {"anonymous": AnonymousUser()}
    for name in ("resident", "verified", "author", "coauthor", "ngo_member", "official",
                 "other_official", "district_rep", "manager", "moderator", "admin"):
        people[name] = make_user(org, name)
    people["outsider"] = make_user(other_org, "outsider")
    verify(people["verified"], scope=scope)
    ngo.memberships.create(user=people["ngo_member"], status="accepted")
    elsewhere = Area.objects.create(organization=org, code="transport",
                                    name={"en": "Transport"})
    Role.objects.create(organization=org, user=people["official"], kind=RoleKind.OFFICIAL,
                        area=area)
    Role.objects.create(organization=org, user=people["other_official"],
                        kind=RoleKind.OFFICIAL, area=elsewhere)
    Role.objects.create(organization=org, user=people["district_rep"],
                        kind=RoleKind.DISTRICT_REPRESENTATIVE, scope=scope)
    Role.objects.create(organization=org, user=people["moderator"], kind=RoleKind.MODERATOR)
    Role.objects.create(organization=org, user=people["admin"], kind=RoleKind.ADMIN)
    Role.objects.create(organization=other_org, user=people["outsider"], kind=RoleKind.ADMIN)
    SpaceMembership.objects.create(space=space, user=people["manager"],
                                   role=SpaceMembership.Role.MANAGER)
    return people


def observe(capability: str, user: Any, proposal: Proposal) -> bool:
    component = proposal.component
    space = component.space
    if capability in ("see", "register"):
        client = login(user) if user.is_authenticated else Client(HTTP_HOST="testserver")
        if capability == "see":
            url = reverse("spaces:proposals:detail",
                          args=[space.slug, component.pk, proposal.number])
        else:
            url = reverse("manage:proposals:manage_register", args=[space.slug, component.pk])
        status = client.get(url).status_code
        # 302: sent to sign in (the back office, for anonymous visitors).
        assert status in (200, 302, 404), (capability, status)
        return status == 200
    fresh = Proposal.objects.select_related("component__space__organization").get(
        pk=proposal.pk)
    if capability == "create":
        return permissions.can_create_proposal(user, component)
    if capability == "edit":
        return attempt(lambda: proposal_update(acting_user=user, proposal=fresh,
                                               data={"title": "Benches and shade"}))
    if capability == "withdraw":
        return attempt(lambda: proposal_withdraw(acting_user=user, proposal=fresh))
    if capability == "support":
        return attempt(lambda: support_create(acting_user=user, proposal=fresh))
    if capability == "comment":
        return permissions.can_comment_proposal(user, fresh)
    if capability == "evaluate":
        return attempt(lambda: proposal_evaluate(
            acting_user=user, proposal=fresh, cost_estimate=decimal.Decimal("1000"),
            feasibility=Feasibility.FEASIBLE))
    assert capability == "answer"
    return attempt(lambda: proposal_answer_save_draft(
        acting_user=user, proposal=fresh, outcome=Outcome.REJECTED,
        justification="No room on that street."))


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("phase", list(PHASES))
def test_it_lets_each_persona_do_what_the_table_says(
        phase: str, state: str, org: Organization, other_org: Organization, area: Area,
        scope: Scope, ngo: UserGroup, space: Space) -> None:
    component = make_component(space, switches=PHASES[phase],
                               settings={"supports_verified_only": True})
    people = personas(org, other_org, space, area, scope, ngo)
    extra: dict[str, Any] = {"scope": scope}
    if state == ProposalState.MERGED:
        extra["merged_into"] = make_proposal(component, author=people["resident"],
                                             title="Shade along the main alley")
        extra["merged_at"] = timezone.now()
    proposal = make_proposal(component, author=people["author"], state=state, **extra)
    proposal.coauthors.add(people["coauthor"])

    wrong = []
    for capability in CAPABILITIES:
        allowed = EXPECTED[phase, state][capability]
        for persona in PERSONAS:
            may = observe(capability, people[persona], proposal)
            if may != (persona in allowed):
                wrong.append(f"{persona} {'may' if may else 'may not'} {capability}")

    assert wrong == []
