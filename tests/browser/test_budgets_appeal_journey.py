"""The participatory budget end to end on a phone-sized screen (320 px), issue #13 point 13:
a resident submits a project → an official publishes its assessment "not admitted" → the
author appeals → another official upholds the appeal → the resident votes online for it and
sees the receipt → the space manager closes the vote, counts it and publishes the results →
the resident reads the results, opens "Recount it yourself" and downloads the pool's ballot
file, whose SHA-256 is the one printed and which pabutools recounts to the winners shown.
axe-core checks every page visited. (The edition's dates move from phase to phase straight in
the database, as time would move them.)"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from participa.components.budgets.models import Ballot, ElectionKey, Project, ProjectState
from participa.components.budgets.models_review import Appeal, AppealOutcome
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.services.voting import ballot_cast
from participa.components.budgets.tests.conftest import (
    make_component,
    make_edition,
    make_pool,
    make_project,
    make_space,
    move_to,
)
from participa.components.budgets.tests.voting_support import resident_of
from participa.core.models import Area, Role, RoleKind
from participa.lib.ballots import generate_keypair
from participa.lib.ballots.sealing import key_fingerprint
from participa.spaces.models import SpaceMembership
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


def pabutools_greedy_winners(path: Path) -> set[str]:
    """The projects pabutools selects in a ``.pb`` file with the greedy rule (their ids in the
    file)."""
    # Local import: pabutools is the optional oracle extra (the test is marked ``oracle``).
    from participa.lib.pb.tests import oracle

    instance, profile = oracle.load(str(path))
    assert instance.meta["rule"] == "greedy"
    return oracle.greedy(instance, profile, oracle.sat_profile(instance, profile))


@pytest.mark.oracle
def test_it_takes_a_project_from_submission_through_an_appeal_and_the_vote_to_a_recount(
        journey: Any, site: Any) -> None:
    page = journey.page
    component = make_component(make_space(site))
    edition = make_edition(component)
    # 100,000 for three projects costing 40,000 (Maria's), 60,000 and 30,000: not all fit.
    pool = make_pool(edition, name="Proiecte pentru tot orașul", amount="100000",
                     max_project_cost=Decimal("60000"), max_projects=2)
    urbanism = Area.objects.create(organization=site, code="urbanism",
                                   name={"en": "Urbanism", "ro": "Urbanism"})
    maria = make_person(site, "Maria P.", "maria@example.org")
    manager = make_person(site, "Ion Manager", "ion@example.org")
    SpaceMembership.objects.create(space=component.space, user=manager,
                                   role=SpaceMembership.Role.MANAGER)
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

    # 6. Four more residents vote (through the voting service, as the page above does).
    edition.refresh_from_db()
    lights, fountain = (
        make_project(component, author=None, pool=pool, state=ProjectState.ADMITTED,
                     title=title, items=(("Lucrări", cost),))
        for title, cost in (("Iluminat pe strada Mare", "60000"),
                            ("Fântână în Piața Unirii", "30000")))
    for n, chosen in enumerate([[lights], [lights, project], [lights], [fountain]]):
        ballot_cast(acting_user=resident_of(site, f"voter{n}"), edition=edition, pool=pool,
                    choices={p.pk: 1 for p in chosen})
    # Votes: lights 3, Maria's 2, fountain 1. Greedy: lights (60,000) and Maria's (40,000)
    # fill the 100,000; the fountain (30,000) no longer fits.

    # 7. Ion, the space's manager, closes the vote, counts it and publishes the results.
    sign_in(journey, "ion@example.org")
    journey.goto("manage:budgets:manage_results", slug, pk)
    narrow(journey)
    journey.follow(page.locator("main form").get_by_role("button", name="Close voting now"))
    narrow(journey)
    journey.follow(page.locator("main form").get_by_role("button", name="Count the votes"))
    narrow(journey)
    held = page.locator("main section[aria-labelledby='held-heading']")
    assert "100,000.00\xa0lei of 100,000.00\xa0lei used" in held.inner_text()
    journey.follow(held.get_by_role("button", name="Publish the results"))
    narrow(journey)

    # 8. Maria reads the results, then recounts them herself from the downloaded file.
    sign_in(journey, "maria@example.org")
    journey.goto("spaces:budgets:index", slug, pk)
    narrow(journey)
    journey.follow(page.locator("main .section-links").get_by_role(
        "link", name="Results of the vote"))
    narrow(journey)
    results = page.locator(f"main section[aria-labelledby='pool-{pool.pk}-heading']")
    shown = results.locator("h3:text-is('Selected projects') + ul > li").all_inner_texts()
    assert shown == [f"No. {lights.number} Iluminat pe strada Mare",
                     f"No. {project.number} Bănci în Parcul Rozelor"]
    assert "Ballots counted\n5" in results.locator("dl").inner_text()
    printed = results.locator("code.sha256").inner_text()
    journey.follow(page.locator("main").get_by_role("link", name="Recount it yourself"))
    narrow(journey)
    assert printed in page.locator("main").inner_text()
    with page.expect_download() as download:
        page.locator("main").get_by_role("link", name="Proiecte pentru tot orașul").click()
    assert download.value.suggested_filename == f"{slug}-pool-{pool.pk}.pb"
    path = Path(download.value.path())
    assert hashlib.sha256(path.read_bytes()).hexdigest() == printed
    # The file names each project by its public number (zero-padded).
    recounted = {int(pid) for pid in pabutools_greedy_winners(path)}
    titles = dict(Project.objects.filter(component=component, number__in=recounted)
                  .values_list("number", "title_public"))
    assert sorted(f"No. {number} {titles[number]}" for number in recounted) == sorted(shown)


def test_it_takes_staff_from_the_winning_projects_to_their_public_progress(
        journey: Any, site: Any) -> None:
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
