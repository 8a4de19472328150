"""A verified resident votes in a district pool on a phone-sized screen (320 px): the voting
page, a ballot refused for too many projects (the choices kept), the cast ballot, the receipt
and its check; axe-core checks every page visited."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from participa.components.budgets.models import Ballot, Residence, Voter
from participa.components.budgets.tests.conftest import make_component, make_space
from participa.components.budgets.tests.voting_support import admitted, pool_for, voting_edition
from participa.core.models import Scope
from participa.verifications.models import Authorization, Method, Status

from .conftest import NARROW, PASSWORD, make_person

pytestmark = [pytest.mark.browser]


def narrow(journey: Any) -> None:
    journey.page.set_viewport_size(NARROW)


def test_it_takes_a_verified_resident_from_the_ballot_to_the_receipt(journey: Any,
                                                                      site: Any) -> None:
    page = journey.page
    component = make_component(make_space(site))
    district = Scope.objects.create(organization=site, code="iosefin",
                                    name={"en": "Iosefin", "ro": "Iosefin"})
    edition, _private = voting_edition(component, residence=Residence.DISTRICT,
                                      allow_ballot_change=True)
    pool = pool_for(edition, "approval", name="Cartierul Iosefin", max_projects=2,
                    scope=district)
    first, second, third = admitted(component, pool, ["20000", "30000", "40000"])
    person = make_person(site, "Maria P.", "maria@example.org")
    Authorization.objects.create(organization=site, user=person, method=Method.ADDRESS,
                                 status=Status.GRANTED, granted_at=timezone.now(),
                                 address="Strada Mare 1", scope=district)

    narrow(journey)
    journey.goto("account_login")
    narrow(journey)
    login = page.locator("main form:has([name='password'])")
    login.locator("[name='login']").fill("maria@example.org")
    login.locator("[name='password']").fill(PASSWORD)
    journey.follow(login.locator("[type='submit']"))
    narrow(journey)

    journey.goto("spaces:budgets:voting", component.space.slug, component.pk)
    narrow(journey)
    assert edition.election_key.fingerprint in page.locator("main").inner_text()
    journey.follow(page.locator("main").get_by_role("link", name="Cartierul Iosefin"))
    narrow(journey)

    # Three projects where two are allowed: refused, nothing stored, the ticks kept.
    ballot = page.locator("main form")
    for project in (first, second, third):
        ballot.locator(f"#project-{project.pk}").check()
    with page.expect_navigation() as refused:  # answered 400: follow() wants a 2xx
        ballot.get_by_role("button", name="Cast my vote").click()
    assert refused.value is not None and refused.value.status == 400
    journey.check()
    narrow(journey)
    assert ("You chose 3 projects: choose at most 2 projects."
            in page.locator("#error-summary").inner_text())
    assert page.locator(f"#project-{third.pk}").is_checked()
    assert not Ballot.objects.exists()

    page.locator(f"#project-{third.pk}").uncheck()
    journey.follow(page.locator("main form").get_by_role("button", name="Cast my vote"))
    narrow(journey)
    receipt = page.locator("#receipt-code").inner_text()
    assert len(receipt) == 24
    assert Ballot.objects.get().choices == [[first.pk, 1], [second.pk, 1]]
    assert Voter.objects.count() == 1

    journey.follow(page.locator("main").get_by_role("link",
                                                    name="Check that a ballot was recorded"))
    narrow(journey)
    check = page.locator("main form")
    check.get_by_label("Receipt code").fill(receipt.lower())
    journey.follow(check.get_by_role("button", name="Check"))
    assert "Your ballot in “Cartierul Iosefin” was recorded on" in page.locator(
        "main").inner_text()

    # Changing one's mind with the receipt code, until voting closes.
    journey.goto("spaces:budgets:voting", component.space.slug, component.pk)
    narrow(journey)
    journey.follow(page.locator("main").get_by_role("link", name="Change my ballot"))
    narrow(journey)
    change = page.locator("main form")
    change.get_by_label("Receipt code").fill(receipt)
    change.locator(f"#project-{third.pk}").check()
    journey.follow(change.get_by_role("button", name="Replace my ballot"))
    assert "Your ballot is changed" in page.locator("main").inner_text()
    assert Ballot.objects.get(replaced_at__isnull=True).choices == [[third.pk, 1]]


def test_it_takes_staff_through_publishing_the_election_key(journey: Any, site: Any) -> None:
    from participa.components.budgets.phases import EditionPhase
    from participa.components.budgets.tests.conftest import make_edition
    from participa.lib.ballots import generate_keypair
    from participa.lib.ballots.sealing import key_fingerprint
    from participa.spaces.models import SpaceMembership

    page = journey.page
    component = make_component(make_space(site))
    edition = make_edition(component, phase=EditionPhase.APPEALS)
    pool_for(edition, "approval")
    manager = make_person(site, "Ion Manager", "ion@example.org")
    SpaceMembership.objects.create(space=component.space, user=manager,
                                   role=SpaceMembership.Role.MANAGER)
    public, private = generate_keypair()

    journey.goto("account_login")
    login = page.locator("main form:has([name='password'])")
    login.locator("[name='login']").fill("ion@example.org")
    login.locator("[name='password']").fill(PASSWORD)
    journey.follow(login.locator("[type='submit']"))
    journey.goto("manage:budgets:manage_index", component.space.slug, component.pk)
    journey.follow(page.locator("main").get_by_role("link", name="Voting", exact=True))
    narrow(journey)

    form = page.locator("main form")
    form.get_by_label("Public key").fill(public)
    form.get_by_label("Fingerprint").fill(key_fingerprint(public))
    journey.follow(form.get_by_role("button", name="Publish the key"))
    assert key_fingerprint(public) in page.locator("main").inner_text()
    assert private not in page.content()



def test_it_tells_a_screen_reader_user_the_ballot_its_limits_errors_and_receipt(
        journey: Any, site: Any) -> None:
    """What the accessibility tree gives a screen reader on a phone: the heading, the pool as
    a group with its limit, each project with its cost, the errors (announced, focused, tied
    to the group) after a ballot over the limit, and the receipt."""
    from playwright.sync_api import expect

    page = journey.page
    component = make_component(make_space(site))
    edition, _private = voting_edition(component)
    pool = pool_for(edition, "approval", name="Proiecte pentru tot orașul", max_projects=2)
    first, second, third = admitted(component, pool, ["20000", "30000", "40000"])
    person = make_person(site, "Maria P.", "maria@example.org")
    Authorization.objects.create(organization=site, user=person, method=Method.ADDRESS,
                                 status=Status.GRANTED, granted_at=timezone.now(),
                                 address="Strada Mare 1")
    narrow(journey)
    journey.goto("account_login")
    login = page.locator("main form:has([name='password'])")
    login.locator("[name='login']").fill("maria@example.org")
    login.locator("[name='password']").fill(PASSWORD)
    journey.follow(login.locator("[type='submit']"))
    narrow(journey)
    journey.goto("spaces:budgets:vote", component.space.slug, component.pk, pool.pk)
    narrow(journey)

    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(
        "Vote in “Proiecte pentru tot orașul”")
    expect(main.locator("form")).to_match_aria_snapshot(f"""
      - group "Projects in “Proiecte pentru tot orașul”":
        - text: Projects in “Proiecte pentru tot orașul”
        - paragraph: Choose at most 2 projects.
        - checkbox "No. {first.number} Project {pool.pk}-0 (20,000.00 lei)"
        - text: No. {first.number} Project {pool.pk}-0 (20,000.00 lei)
        - paragraph:
          - link "Read about this project"
        - checkbox "No. {second.number} Project {pool.pk}-1 (30,000.00 lei)"
        - text: No. {second.number} Project {pool.pk}-1 (30,000.00 lei)
        - paragraph:
          - link "Read about this project"
        - checkbox "No. {third.number} Project {pool.pk}-2 (40,000.00 lei)"
        - text: No. {third.number} Project {pool.pk}-2 (40,000.00 lei)
        - paragraph:
          - link "Read about this project"
      - button "Cast my vote"
    """)
    group = main.get_by_role("group", name="Projects in “Proiecte pentru tot orașul”")
    expect(group).to_have_accessible_description("Choose at most 2 projects.")

    # Three ticks where two are allowed: the errors are an alert, get the focus, and are
    # read with the group.
    for project in (first, second, third):
        main.locator(f"#project-{project.pk}").check()
    with page.expect_navigation():
        main.get_by_role("button", name="Cast my vote").click()
    journey.check()
    narrow(journey)
    alert = main.get_by_role("alert")
    expect(alert).to_match_aria_snapshot("""
      - alert:
        - heading "There is a problem" [level=2]
        - list:
          - listitem:
            - 'link "You chose 3 projects: choose at most 2 projects."'
    """)
    expect(alert).to_be_focused()
    expect(group).to_have_accessible_description(
        "Choose at most 2 projects. There is a problem You chose 3 projects: choose at most "
        "2 projects.")
    expect(main.get_by_role("checkbox", checked=True)).to_have_count(3)

    main.get_by_role("checkbox", name=f"No. {third.number} Project {pool.pk}-2",
                     exact=False).uncheck()
    journey.follow(main.get_by_role("button", name="Cast my vote"))
    receipt = main.get_by_role("region", name="Your receipt code")
    code = page.locator("#receipt-code").inner_text()
    expect(main.get_by_role("heading", level=1)).to_have_text("Your vote is recorded")
    expect(receipt).to_match_aria_snapshot(f"""
      - region "Your receipt code":
        - heading "Your receipt code" [level=2]
        - paragraph:
          - strong: {code}
        - paragraph: /Copy it, write it down or print this page now.+shown only this once.+/
        - paragraph: With this code you can check that your ballot was recorded.
    """)


@pytest.mark.parametrize("language", ["pl", "ro"])
def test_it_shows_the_voting_page_and_its_errors_in_the_residents_language(
        journey: Any, site: Any, language: str) -> None:
    from django.utils import translation

    page = journey.page
    component = make_component(make_space(site))
    edition, _private = voting_edition(component)
    pool = pool_for(edition, "approval", name="Proiecte pentru tot orașul", max_projects=2)
    projects = admitted(component, pool, ["20000", "30000", "40000"])
    person = make_person(site, "Maria P.", "maria@example.org")
    Authorization.objects.create(organization=site, user=person, method=Method.ADDRESS,
                                 status=Status.GRANTED, granted_at=timezone.now(),
                                 address="Strada Mare 1")
    type(person).objects.filter(pk=person.pk).update(preferred_language=language)
    page.context.add_cookies([{"name": "django_language", "value": language,
                               "url": journey.base_url}])
    narrow(journey)
    journey.goto("account_login")
    login = page.locator("main form:has([name='password'])")
    login.locator("[name='login']").fill("maria@example.org")
    login.locator("[name='password']").fill(PASSWORD)
    journey.follow(login.locator("[type='submit']"))
    narrow(journey)
    journey.goto("spaces:budgets:vote", component.space.slug, component.pk, pool.pk)
    narrow(journey)
    assert page.locator("html").get_attribute("lang") == language
    for project in projects:
        page.locator(f"#project-{project.pk}").check()
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()
    journey.check()
    main = page.locator("main").inner_text()

    english = ["Vote in", "Projects in", "Choose at most", "Read about this project",
               "Cast my vote", "There is a problem", "You chose 3 projects"]
    leftovers = [text for text in english if text in main]
    assert not leftovers, f"English left on the {language} voting page: {leftovers}"
    with translation.override(language):
        expected = [
            translation.gettext("Cast my vote"),
            translation.gettext("Read about this project"),
            translation.gettext("There is a problem"),
            translation.ngettext("Choose at most %(max)s project.",
                                 "Choose at most %(max)s projects.", 2) % {"max": 2},
        ]
    missing = [text for text in expected if text not in main]
    assert not missing, f"not on the {language} voting page: {missing}"
