"""Consultation contributions in the participation statistics: counted, per space and in all."""

from __future__ import annotations

import re

from participa.components.consultations.models import Channel, ConsultationState, Publication
from participa.conftest import make_user
from participa.spaces.models import Visibility
from participa.stats import selectors

from .conftest import make_component, make_consultation, make_contribution, make_space


def test_it_counts_consultation_contributions_and_their_authors(org, consultation, resident,
                                                                 ngo_member):
    make_contribution(consultation, author=resident)
    make_contribution(consultation, author=resident, publication=Publication.NOT_PUBLISHED,
                      approved=False)
    make_contribution(consultation, author=ngo_member)
    # A letter registered by staff: a contribution, but no account to count as a participant.
    make_contribution(consultation, channel=Channel.POST, author_name="Ion Ionescu")

    counts = selectors.organization_counts(org)
    assert counts.by_kind["consultation_contributions"] == 4
    assert (counts.participants, counts.contributions, counts.comments) == (2, 4, 0)
    in_space = selectors.space_counts(consultation.component.space)
    assert (in_space.participants, in_space.contributions) == (2, 4)


def test_it_leaves_out_contributions_nobody_may_see(org, consultation, resident):
    make_contribution(consultation, author=resident)
    draft = make_consultation(consultation.component, slug="draft", state=ConsultationState.DRAFT)
    make_contribution(draft, author=resident)
    hidden_component = make_component(consultation.component.space, published=False)
    make_contribution(make_consultation(hidden_component, slug="hidden"), author=resident)
    members = make_space(org, slug="members", visibility=Visibility.MEMBERS)
    make_contribution(make_consultation(make_component(members), slug="members"),
                      author=resident)
    assert selectors.organization_counts(org).by_kind["consultation_contributions"] == 1


def test_it_adds_up_the_figures_of_every_space_to_the_totals(org, consultation, resident,
                                                             ngo_member, other_org, outsider):
    second_space = make_space(org, slug="budget-rules")
    second = make_consultation(make_component(second_space), slug="budget")
    third = make_consultation(make_component(make_space(org, slug="trees")), slug="trees")
    for _ in range(3):
        make_contribution(consultation, author=resident)
    make_contribution(consultation, channel=Channel.EMAIL, author_name="Ana")
    make_contribution(second, author=ngo_member)
    make_contribution(second, author=resident)
    make_contribution(third, author=make_user(org, "third"))
    theirs = make_consultation(make_component(make_space(other_org, slug="theirs")))
    make_contribution(theirs, author=outsider)

    total = selectors.organization_counts(org)
    rows = selectors.with_counts(list(selectors.space_rows(org)))
    assert len(rows) == 3
    assert [row.counts.contributions for row in rows] == [1, 2, 4]
    assert total.contributions == sum(row.counts.contributions for row in rows) == 7
    assert total.by_kind["consultation_contributions"] == sum(
        row.counts.by_kind.get("consultation_contributions", 0) for row in rows)
    # People are counted once in all, even when they took part in several spaces.
    assert total.participants == 3
    assert [row.counts.participants for row in rows] == [1, 2, 1]


def test_it_shows_consultation_contributions_on_the_statistics_page(client_for, org,
                                                                     consultation, resident):
    make_contribution(consultation, author=resident)
    make_contribution(consultation, author=resident)
    html = client_for(None).get("/statistics/").content.decode()
    assert re.search(r"<dt>Contributions</dt><dd>2</dd>", html)
    assert re.search(r"<dt>Participants</dt><dd>1</dd>", html)
    row = re.search(r'<th scope="row"><a href="/spaces/decisions/">.*?</tr>', html, re.S)
    assert row is not None
    assert re.findall(r"<td>(\d+)</td>", row.group(0)) == ["1", "2", "0", "0"]
