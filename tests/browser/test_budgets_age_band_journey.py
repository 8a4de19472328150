"""Age bands and paper keying before the vote is opened, in the browser: the edition page says
that the ballot files give age bands, the ballot asks an optional year of birth and the
ballot keeps only the band; an administrator at a polling point reads that paper ballots wait
until the organizers open the vote. axe-core checks every page visited."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from participa.components.budgets.models import Ballot, Edition, Residence
from participa.components.budgets.tests.conftest import make_component, make_space
from participa.components.budgets.tests.paper_support import polling_point
from participa.components.budgets.tests.voting_support import admitted, pool_for, voting_edition

from .conftest import PASSWORD, make_person

pytestmark = [pytest.mark.browser]


def sign_in(journey: Any, email: str) -> None:
    journey.goto("account_login")
    form = journey.page.locator("main form:has([name='password'])")
    form.locator("[name='login']").fill(email)
    form.locator("[name='password']").fill(PASSWORD)
    journey.follow(form.locator("[type='submit']"))


def test_it_keeps_only_the_age_band_of_a_voter(journey: Any, site: Any) -> None:
    page = journey.page
    component = make_component(make_space(site))
    edition, _private = voting_edition(component, residence=Residence.ANYONE,
                                      publish_age_band=True)
    pool = pool_for(edition, "approval", name="City-wide")
    first, _second = admitted(component, pool, ["20000", "30000"])
    make_person(site, "Maria P.", "maria@example.org")

    journey.goto("spaces:budgets:index", component.space.slug, component.pk)
    assert ("The published ballot files give each voter's age band (for example 25-34), "
            "never their age or name") in page.locator("main").inner_text()
    sign_in(journey, "maria@example.org")
    journey.goto("spaces:budgets:vote", component.space.slug, component.pk, pool.pk)
    page.get_by_label("Year of birth").fill(str(timezone.localdate().year - 30))
    page.locator(f"#project-{first.pk}").check()
    journey.follow(page.locator("main form").get_by_role("button", name="Cast my vote"))
    assert len(page.locator("#receipt-code").inner_text()) == 24
    assert Ballot.objects.get().age_band == "25-34"


def test_it_tells_the_polling_point_that_the_vote_is_not_opened(journey: Any, site: Any,
                                                               administrator: Any) -> None:
    page = journey.page
    component = make_component(make_space(site))
    edition, _private = voting_edition(component)
    Edition.objects.filter(pk=edition.pk).update(frozen_at=None)
    pool = pool_for(edition, "approval", name="City-wide")
    admitted(component, pool, ["20000"])
    point = polling_point(edition, [administrator])

    sign_in(journey, "ana.admin@example.org")
    journey.goto("manage:budgets:paper_point", component.space.slug, component.pk, point.pk)
    notice = ("Paper ballots are entered once the organizers have opened the vote: every "
              "project must be reviewed and every appeal decided first.")
    assert notice in page.locator("main").inner_text()
    journey.goto("manage:budgets:paper_key", component.space.slug, component.pk, point.pk,
                 pool.pk)
    assert notice in page.locator("main").inner_text()
    assert page.locator("main form").count() == 0
