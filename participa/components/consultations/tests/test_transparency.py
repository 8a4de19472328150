"""The annual indicators of decisional transparency, computed on a seeded year."""

from __future__ import annotations

import datetime

from django.utils import timezone

from participa.components.consultations.models import (
    Campaign,
    Channel,
    Consultation,
    DebateRequest,
    DebateRequestState,
)
from participa.components.consultations.tests.conftest import (
    make_consultation,
    make_contribution,
    make_debate,
)
from participa.components.consultations.tests.test_reports import answer
from participa.components.consultations.transparency import annual_report
from participa.components.meetings.tests.conftest import make_meeting
from participa.core.models import GroupKind, Organization, User, UserGroup
from participa.spaces.models import Component


def at(year: int, month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


def test_it_computes_the_indicators_of_a_year(org: Organization, component: Component,
                                               manager: User, second_official: User,
                                               resident: User, ngo: UserGroup) -> None:
    year = timezone.localdate().year - 1
    first = make_consultation(component, slug="parking")
    urgent = make_consultation(component, slug="snow", urgency=True,
                               urgency_reason="Snow emergency: roads must be cleared.")
    adopted = make_consultation(component, slug="budget", adopted=True)
    Consultation.objects.filter(pk__in=[first.pk, urgent.pk, adopted.pk]).update(
        announced_on=datetime.date(year, 3, 1), opens_on=datetime.date(year, 3, 2),
        closes_on=datetime.date(year, 4, 2), adoption_on=datetime.date(year, 6, 1))
    # Received this year: 2 online + 2 by e-mail + 1 by post; one more the year before.
    accepted = make_contribution(first, author=resident, received_at=at(year, 3, 5))
    partial = make_contribution(first, author=resident, received_at=at(year, 3, 6))
    rejected = make_contribution(first, channel=Channel.EMAIL, received_at=at(year, 3, 7))
    campaign = Campaign.objects.create(consultation=first)
    for _ in range(2):
        make_contribution(first, channel=Channel.POST if _ else Channel.EMAIL,
                          campaign=campaign, received_at=at(year, 3, 8))
    make_contribution(first, channel=Channel.EMAIL, received_at=at(year - 1, 12, 30))
    for target, outcome, why in ((accepted, "accepted", ""), (partial, "partial", "In part."),
                                 (rejected, "rejected", "No budget."),
                                 (campaign, "accepted", "")):
        made = answer(target, outcome=outcome, justification=why, drafted_by=manager,
                      reviewed_by=second_official)
        made.published_at = at(year, 5, 1)
        made.save(update_fields=["published_at"])
    authority = UserGroup.objects.create(organization=org, name="Consiliul Județean",
                                         slug="cj", kind=GroupKind.PUBLIC_AUTHORITY)
    requested = make_debate(first, starts_at=at(year, 3, 20), place="Sala mare",
                            participants=40)
    make_debate(urgent, starts_at=at(year, 3, 21), online_url="https://meet.example/x",
                participants=15)
    # A meeting of the space that is no consultation's debate is not counted.
    make_meeting(requested.component, starts_at=at(year, 3, 22), participants=70)
    for group in (ngo, authority):
        DebateRequest.objects.create(consultation=first, group=group, reason="Please.",
                                     received_at=at(year, 3, 10),
                                     respond_by=datetime.date(year, 3, 20),
                                     state=DebateRequestState.SCHEDULED, debate=requested)

    report = annual_report(org, year)

    assert report.received == 5
    assert report.included == 4          # accepted, partial and the campaign's two
    assert report.received_online == 2
    assert report.online_share == 40
    assert report.debates == 2
    assert report.participants == 55
    assert report.debates_requested == 1
    assert report.debates_own_initiative == 1
    assert report.requests_by_kind == {"ngo": 1, "authority": 1}
    assert report.announced == 3
    assert report.adopted == 1
    assert report.justifications == 2
    assert report.urgency == 1
    assert report.urgency_reasons == [("Parking rules",
                                       "Snow emergency: roads must be cleared.")]
    assert annual_report(org, year - 1).received == 1


def test_an_empty_year_has_zeros(org: Organization) -> None:
    report = annual_report(org, 1999)
    assert report.received == 0 and report.online_share == 0
    assert dict(report.indicators())["Recommendations received"] == 0


def test_it_ignores_other_organizations(org: Organization, other_org: Organization,
                                        component: Component, resident: User) -> None:
    consultation = make_consultation(component, slug="x")
    make_contribution(consultation, author=resident)
    assert annual_report(other_org, timezone.localdate().year).received == 0
    assert annual_report(org, timezone.localdate().year).received == 1


