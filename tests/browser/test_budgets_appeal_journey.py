"""The participatory budget end to end on a phone-sized screen (320 px), issue #13 point 13:
a resident submits a project → an official publishes its assessment "not admitted" → the
author appeals → another official upholds the appeal → the resident votes online for it and
sees the receipt. axe-core checks every page visited. (The edition's dates move from phase to
phase straight in the database, as time would move them.)"""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from participa.components.budgets.models import Ballot, ElectionKey, Project, ProjectState
from participa.components.budgets.models_review import Appeal, AppealOutcome
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.tests.conftest import (
    make_component,
    make_edition,
    make_pool,
    make_space,
    move_to,
)
from participa.core.models import Area, Role, RoleKind
from participa.lib.ballots import generate_keypair
from participa.lib.ballots.sealing import key_fingerprint
from participa.verifications.models import Authorization, Method, Status

from .conftest import NARROW, PASSWORD, make_person

pytestmark = [pytest.mark.browser]


def narrow(journey: Any) -> None:
    journey.page.set_viewport_size(NARROW)


def sign_in(journey: Any, email: str) -> None:
    """Sign out whoever was signed in (a fresh session), then sign ``email`` in."""
    page = journey.page
    page.context.clear_cookies()
    narrow(journey)
    journey.goto("account_login")
    narrow(journey)
    login = page.locator("main form:has([name='password'])")
    login.locator("[name='login']").fill(email)
    login.locator("[name='password']").fill(PASSWORD)
    journey.follow(login.locator("[type='submit']"))
    narrow(journey)


def test_it_takes_a_project_from_submission_through_an_appeal_to_a_vote(journey: Any,
                                                                         site: Any) -> None:
    page = journey.page
    component = make_component(make_space(site))
    edition = make_edition(component)
    pool = make_pool(edition, name="Proiecte pentru tot orașul", max_projects=2)
    urbanism = Area.objects.create(organization=site, code="urbanism",
                                   name={"en": "Urbanism", "ro": "Urbanism"})
    maria = make_person(site, "Maria P.", "maria@example.org")
    for name, email in (("Radu Reviewer", "radu@example.org"),
                        ("Ioana Appeals", "ioana@example.org")):
        official = make_person(site, name, email)
        Role.objects.create(organization=site, user=official, kind=RoleKind.OFFICIAL,
                            area=urbanism)
    slug, pk = component.space.slug, component.pk

    # 1. Maria submits her project while submission is open.
    sign_in(journey, "maria@example.org")
    journey.goto("spaces:budgets:index", slug, pk)
    narrow(journey)
    journey.follow(page.get_by_role("link", name="Submit a project"))
    narrow(journey)
    form = page.locator("main form#project-form")
    form.get_by_label("Title").fill("Bănci în Parcul Rozelor")
    form.get_by_label("Description").fill("Zece bănci la umbră pe aleea principală.")
    form.get_by_label("Pool").select_option(str(pool.pk))
    form.locator("[name='cost-0-description']").fill("Bănci")
    form.locator("[name='cost-0-amount']").fill("40000")
    form.get_by_label("Address or place").fill("Parcul Rozelor")
    journey.follow(form.get_by_role("button", name="Submit the project"))
    narrow(journey)
    project = Project.objects.get()
    assert project.state == ProjectState.SUBMITTED

    # 2. Submission closes; Radu assesses the project "not admitted" and publishes it.
    move_to(edition, EditionPhase.REVIEW)
    sign_in(journey, "radu@example.org")
    journey.goto("manage:budgets:review_queue", slug, pk)
    narrow(journey)
    journey.follow(page.locator("main table").get_by_role("link", name="Assess"))
    narrow(journey)
    assess = page.locator("main form")
    assess.locator("[name='department']").select_option(str(urbanism.pk))
    for question in ("legality", "feasibility", "formal_compliance"):
        assess.locator(f"[name='{question}'][value='yes']").check()
    assess.locator("[name='outcome'][value='not_admitted']").check()
    assess.locator("[name='justification']").fill(
        "Parcul aparține Consiliului Județean, nu primăriei.")
    journey.follow(assess.get_by_role("button", name="Save the draft"))
    narrow(journey)
    journey.follow(page.locator("main").get_by_role("link", name="Review and publish"))
    narrow(journey)
    journey.follow(page.locator("main form").get_by_role("button",
                                                         name="Publish the assessment"))
    project.refresh_from_db()
    assert project.state == ProjectState.NOT_ADMITTED

    # 3. Maria reads the exclusion on her project's page and appeals.
    sign_in(journey, "maria@example.org")
    journey.goto(project.get_absolute_url())
    narrow(journey)
    main = page.locator("main").inner_text()
    assert "Parcul aparține Consiliului Județean, nu primăriei." in main
    appeal = page.locator("#appeal form")
    appeal.get_by_label("Why should the project be admitted to the vote?").fill(
        "Consiliul Județean a dat parcul în administrarea primăriei în 2024.")
    journey.follow(appeal.get_by_role("button", name="File the appeal"))
    narrow(journey)
    assert Appeal.objects.get(project=project).outcome == ""

    # 4. Ioana, who did not review it, upholds the appeal: the project is admitted.
    sign_in(journey, "ioana@example.org")
    journey.goto("manage:budgets:review_queue", slug, pk)
    narrow(journey)
    journey.follow(page.locator("main table").get_by_role("link", name="Decide the appeal"))
    narrow(journey)
    decide = page.locator("main form")
    decide.locator(f"[name='outcome'][value='{AppealOutcome.UPHELD}']").check()
    decide.get_by_label("Reasons for the decision").fill(
        "Actul de administrare din 2024 este la dosar.")
    journey.follow(decide.get_by_role("button", name="Decide"))
    project.refresh_from_db()
    assert project.state == ProjectState.ADMITTED
    journey.goto("spaces:budgets:appeals", slug, pk)
    narrow(journey)
    assert "Actul de administrare din 2024 este la dosar." in page.locator(
        "main").inner_text()

    # 5. Voting opens (the commission's key published); Maria, whose address in the city
    # was confirmed, votes online for her project and sees her receipt.
    move_to(edition, EditionPhase.VOTING)
    public, _private = generate_keypair()
    ElectionKey.objects.create(edition=edition, public_key=public,
                               fingerprint=key_fingerprint(public))
    type(edition).objects.filter(pk=edition.pk).update(frozen_at=timezone.now())  # opened
    Authorization.objects.create(organization=site, user=maria, method=Method.ADDRESS,
                                 status=Status.GRANTED, granted_at=timezone.now(),
                                 address="Strada Mare 1")
    sign_in(journey, "maria@example.org")
    journey.goto("spaces:budgets:index", slug, pk)
    narrow(journey)
    journey.follow(page.locator("main ol.timeline").get_by_role("link", name="Voting"))
    narrow(journey)
    journey.follow(page.locator("main").get_by_role("link",
                                                    name="Proiecte pentru tot orașul"))
    narrow(journey)
    ballot = page.locator("main form")
    ballot.locator(f"#project-{project.pk}").check()
    journey.follow(ballot.get_by_role("button", name="Cast my vote"))
    narrow(journey)
    receipt = page.locator("#receipt-code").inner_text()
    assert len(receipt) == 24
    assert Ballot.objects.get().choices == [[project.pk, 1]]


def test_it_takes_staff_from_the_winning_projects_to_their_public_progress(
        journey: Any, site: Any) -> None:
    from decimal import Decimal

    from participa.components.budgets.models_review import Assessment, Outcome
    from participa.components.budgets.tests.conftest import make_project
    from participa.tracking.selectors import tracked_for
    from participa.tracking.services import tracked_item_publish, tracked_item_update

    page = journey.page
    component = make_component(make_space(site))
    edition = make_edition(component, phase=EditionPhase.IMPLEMENTATION)
    pool = make_pool(edition, name="Proiecte pentru tot orașul")
    urbanism = Area.objects.create(organization=site, code="urbanism",
                                   name={"en": "Urbanism", "ro": "Urbanism"})
    radu = make_person(site, "Radu Reviewer", "radu@example.org")
    Role.objects.create(organization=site, user=radu, kind=RoleKind.OFFICIAL, area=urbanism)
    project = make_project(component, author=None, pool=pool, title="Bănci în Parcul Rozelor",
                           state=ProjectState.SELECTED, items=(("Bănci", "40000"),))
    Assessment.objects.create(project=project, reviewer=radu, department=urbanism,
                              legality="yes", feasibility="yes", formal_compliance="yes",
                              outcome=Outcome.ADMITTED, published_at=timezone.now(),
                              published_by=radu)

    sign_in(journey, "radu@example.org")
    journey.goto("manage:budgets:review_queue", component.space.slug, component.pk)
    narrow(journey)
    journey.follow(page.locator("main").get_by_role("link", name="Track the winning projects"))
    narrow(journey)
    assert "Track 1 winning project?" in page.locator("main").inner_text()
    journey.follow(page.locator("main form").get_by_role(
        "button", name="Yes, track the winning projects"))
    narrow(journey)
    item = tracked_for(project)
    assert item is not None and item.planned_cost == Decimal("40000.00")
    journey.follow(page.locator("main table").get_by_role("link",
                                                          name="Yes: see its tracked item"))
    narrow(journey)

    tracked_item_publish(acting_user=radu, item=item)
    tracked_item_update(acting_user=radu, item=item, status="in_progress", progress=25,
                        note="Băncile sunt comandate.")
    page.context.clear_cookies()
    journey.goto(project.get_absolute_url())
    narrow(journey)
    implementation = page.locator("main section[aria-labelledby='tracked-heading']")
    assert "In progress, 25% done" in implementation.inner_text()
    journey.follow(implementation.get_by_role("link", name="In progress, 25% done"))
    assert "Bănci în Parcul Rozelor" in page.locator("main h1").inner_text()
