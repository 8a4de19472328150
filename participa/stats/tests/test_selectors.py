"""Participation counts: participants, contributions, comments and followers."""

from __future__ import annotations

import datetime

from django.utils import timezone

from participa.stats import selectors

from .conftest import add_comment, follow, hide, make_component, make_page, make_space


def test_it_counts_participants_contributions_comments_and_followers(
        org, space, two_pages, resident, ngo_member, official, admin, moderator, district_rep):
    about, calendar = two_pages
    add_comment(about, resident, "One")
    add_comment(calendar, resident, "Two")
    add_comment(about, ngo_member, "Three")
    hide(add_comment(about, official, "Hidden"))
    deleted = add_comment(about, admin, "Deleted")
    deleted.deleted_at = timezone.now()
    deleted.save()
    follow(resident, space)
    follow(moderator, space)
    follow(moderator, about)
    follow(district_rep, about)

    counts = selectors.organization_counts(org)
    assert (counts.participants, counts.contributions, counts.comments, counts.followers) == (
        2, 3, 3, 3)
    in_space = selectors.space_counts(space)
    assert (in_space.participants, in_space.contributions, in_space.comments,
            in_space.followers) == (2, 3, 3, 2)


def test_it_leaves_out_what_is_not_public(org, space, two_pages, resident, ngo_member):
    add_comment(two_pages[0], resident, "Public")
    hidden_space = make_space(org, slug="draft-space", published=False)
    add_comment(make_page(make_component(hidden_space), "p", "P"), ngo_member, "Draft")
    members_space = make_space(org, slug="members-space", visibility="members")
    add_comment(make_page(make_component(members_space), "p", "P"), ngo_member, "Members")
    draft_component = make_component(space, published=False)
    add_comment(make_page(draft_component, "d", "D"), ngo_member, "Draft component")
    follow(ngo_member, hidden_space)
    follow(ngo_member, members_space)

    counts = selectors.organization_counts(org)
    assert (counts.participants, counts.comments, counts.followers) == (1, 1, 0)


def test_it_keeps_organizations_apart(org, other_org, space, two_pages, resident, outsider):
    add_comment(two_pages[0], resident, "Ours")
    other_page = make_page(make_component(make_space(other_org, slug="theirs")), "p", "P")
    add_comment(other_page, outsider, "Theirs")
    add_comment(other_page, outsider, "Theirs again")
    assert selectors.organization_counts(org).comments == 1
    assert selectors.organization_counts(other_org).comments == 2
    assert selectors.organization_counts(other_org).participants == 1


def test_it_counts_comments_per_month_over_the_last_twelve_months(org, two_pages, resident):
    today = datetime.date(2026, 11, 22)
    tz = datetime.timezone(datetime.timedelta(hours=2))

    def at(year: int, month: int, day: int) -> datetime.datetime:
        return datetime.datetime(year, month, day, 12, tzinfo=tz)

    for moment in (at(2026, 11, 1), at(2026, 11, 20), at(2026, 8, 15), at(2025, 12, 1),
                   at(2025, 11, 30), at(2025, 1, 5)):
        add_comment(two_pages[0], resident, "Comment", created_at=moment)
    months = selectors.monthly_comments(org, today=today)
    assert len(months) == 12
    assert months[0] == (datetime.date(2025, 12, 1), 1)
    assert months[-1] == (datetime.date(2026, 11, 1), 2)
    assert dict(months)[datetime.date(2026, 8, 1)] == 1
    assert sum(value for _month, value in months) == 4


def test_it_places_comments_in_the_month_of_the_organization_time_zone(org, two_pages,
                                                                        resident):
    # 23:30 UTC on 31 October is already 1 November in Bucharest (UTC+2).
    moment = datetime.datetime(2026, 10, 31, 23, 30, tzinfo=datetime.UTC)
    add_comment(two_pages[0], resident, "Late", created_at=moment)
    months = dict(selectors.monthly_comments(org, today=datetime.date(2026, 11, 22)))
    assert months[datetime.date(2026, 11, 1)] == 1
    assert months[datetime.date(2026, 10, 1)] == 0


def test_it_counts_each_person_once_across_contribution_kinds(org, space, two_pages, resident,
                                                              ngo_member, monkeypatch):
    from participa.comments.models import Support
    from participa.stats import registry

    supports = registry.ContributionKind(
        "supports", "Supports", lambda org: Support.objects.filter(comment__organization=org),
        author_field="user_id", space_field="comment__space_id")
    kinds = registry.all_kinds()
    monkeypatch.setattr(registry, "all_kinds", lambda: [*kinds, supports])
    comment = add_comment(two_pages[0], resident, "One")
    Support.objects.create(comment=comment, user=resident)
    Support.objects.create(comment=comment, user=ngo_member)

    counts = selectors.organization_counts(org)
    assert (counts.participants, counts.contributions, counts.comments) == (2, 3, 1)
    in_space = selectors.space_counts(space)
    assert (in_space.participants, in_space.contributions, in_space.comments) == (2, 3, 1)
