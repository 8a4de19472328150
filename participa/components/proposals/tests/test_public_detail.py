"""A proposal's page: its public text, author as published, place, state, history and
comments, in at most 10 queries whatever the number of comments."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from participa.attachments.tests.samples import pdf_bytes
from participa.comments.models import Comment
from participa.components.proposals.actions import ProposalJournalAction
from participa.components.proposals.models import ProposalState, Publication, Support
from participa.components.proposals.tests.conftest import make_proposal
from participa.components.proposals.tests.test_attachments import attach
from participa.components.proposals.tests.test_public_list import answer
from participa.conftest import make_user
from participa.core.models import JournalEntry
from participa.notifications.models import Notification
from participa.notifications.services import follow_create
from participa.testing import assert_constant_queries
from participa.tracking.tests.conftest import make_item


def test_it_shows_the_public_text_number_author_district_and_place(client_for, proposal):
    proposal.title_public = "More benches in the [park]"
    proposal.body_public = "Benches **every** 100 metres.<script>alert(1)</script>"
    proposal.address = "Central Park, main alley"
    proposal.latitude, proposal.longitude = 45.753, 21.225
    proposal.save()

    page = client_for(None).get(proposal.get_absolute_url()).content.decode()

    assert "More benches in the [park]" in page
    assert "<strong>every</strong>" in page
    assert "<script>alert(1)" not in page
    assert "Proposal No. 1" in page
    assert proposal.author_name in page
    assert "North" in page  # the space's district
    assert "Central Park, main alley" in page
    assert "https://www.openstreetmap.org/?mlat=45.753000&amp;mlon=21.225000" in page


def test_the_author_is_shown_as_they_chose(client_for, component, resident, ngo, org):
    anonymous = make_proposal(component, author=resident, publication=Publication.ANONYMOUS)
    grouped = make_proposal(component, author=resident, publication=Publication.GROUP,
                            group=ngo)
    named = make_proposal(component, author=resident)
    coauthor = make_user(org, "maria_ionescu")
    named.coauthors.add(coauthor)
    anonymous.coauthors.add(coauthor)
    client = client_for(None)

    anonymous_page = client.get(anonymous.get_absolute_url()).content.decode()
    group_page = client.get(grouped.get_absolute_url()).content.decode()
    named_page = client.get(named.get_absolute_url()).content.decode()

    assert "Anonymous" in anonymous_page
    assert resident.display_name not in anonymous_page.split("proposal-facts")[1]
    assert "Maria Ionescu" not in anonymous_page
    assert ngo.name in group_page
    assert f"{resident.display_name}, with Maria Ionescu" in named_page


def test_a_merged_proposal_links_to_the_one_it_was_merged_into(client_for, component,
                                                                resident):
    target = make_proposal(component, author=resident, title="Trees on the boulevard")
    merged = make_proposal(component, author=resident, state=ProposalState.MERGED,
                           merged_into=target, merged_at=timezone.now())

    page = client_for(None).get(merged.get_absolute_url()).content.decode()

    assert f'<a href="{target.get_absolute_url()}">proposal No. {target.number}</a>' in page
    assert "Merged into another proposal" in page


def test_the_history_lists_each_step_with_its_date(client_for, component, resident,
                                                   official):
    published = timezone.now() - datetime.timedelta(days=40)
    proposal = make_proposal(component, author=resident, published_at=published,
                             created_at=published - datetime.timedelta(days=1),
                             supports_count=301,
                             threshold_reached_at=published + datetime.timedelta(days=10),
                             answer_due_on=(published + datetime.timedelta(days=40)).date(),
                             commitment_title="Action 4.2: shade on every boulevard",
                             commitment_url="https://example.org/plan/4-2")
    JournalEntry.objects.create(
        organization=component.space.organization, space=component.space,
        component=component, item_type="proposals.proposal", item_id=str(proposal.pk),
        action=ProposalJournalAction.PROPOSAL_THRESHOLD, params={"title": "x"},
        created_at=published + datetime.timedelta(days=10))
    answer(proposal, "integrated", official=official)
    answer(proposal, "rejected", official=official, published=False)

    page = client_for(None).get(proposal.get_absolute_url()).content.decode()
    history = page[page.index('id="history-heading"'):]
    history = history[:history.index("</section>")]

    steps = ["Written", "Published", "Reached the support threshold",
             "Answered: Integrated into the action plan", "Supported 301 times so far"]
    positions = [history.index(step) for step in steps]
    assert positions == sorted(positions)
    assert history.count("Reached the support threshold") == 1
    assert "Rejected" not in history
    assert '<a href="https://example.org/plan/4-2">Action 4.2: shade on every boulevard</a>' \
        in history
    assert "The city must answer by this date" not in history  # it has answered


def test_a_draft_is_shown_to_its_author_only(client_for, component, resident, org):
    draft = make_proposal(component, author=resident, title="Half-written",
                          state=ProposalState.DRAFT)

    assert client_for(None).get(draft.get_absolute_url()).status_code == 404
    assert client_for(make_user(org, "stranger")).get(
        draft.get_absolute_url()).status_code == 404
    assert "Half-written" in client_for(resident).get(draft.get_absolute_url()).content.decode()


# The target, signed in or not. A signed-in person adds one query: themselves, read
# with their roles, memberships, block and unread notifications (participa/core/person.py);
# whether they follow and support the proposal and its comments are columns of the page's own
# queries.
MAX_QUERIES = 10
MAX_QUERIES_SIGNED_IN = 10


def _comment(proposal, author, body):
    return Comment.objects.create(
        organization=proposal.component.space.organization, space=proposal.component.space,
        target_type=ContentType.objects.get_for_model(proposal), target_id=proposal.pk,
        author=author, body=body)


@pytest.mark.parametrize("signed_in", [False, "author", "neighbour"])
def test_the_page_runs_a_fixed_number_of_queries(client_for, proposal, resident, org,
                                                 official, signed_in,
                                                 django_assert_max_num_queries):
    """For a visitor, the proposal's author, and a signed-in neighbour who neither wrote nor
    was invited to co-author it (whose page asks the most about them)."""
    first_comment = _comment(proposal, resident, "A first comment")
    attach(proposal, "plan.pdf", pdf_bytes(), "The plan")
    follow_create(user=resident, target=proposal)
    Support.objects.create(proposal=proposal, user=resident)
    reader = {"author": resident, "neighbour": make_user(org, "neighbour")}.get(signed_in)
    if reader is not None:
        follow_create(user=reader, target=proposal)
    client = client_for(reader)

    def grow():
        for n in range(5):
            commenter = make_user(org, f"commenter{n}")
            _comment(proposal, commenter, f"Comment number {n}")
            reply = _comment(proposal, commenter, f"Reply number {n}")
            reply.parent, reply.thread, reply.depth = first_comment, first_comment, 1
            reply.save()
            Support.objects.create(proposal=proposal, user=commenter)
            proposal.coauthors.add(commenter)
            Notification.objects.create(
                organization=org, recipient=resident, actor=official, event="page.updated",
                content_type=ContentType.objects.get_for_model(proposal),
                object_id=proposal.pk, target_title={"en": f"Item {n}"})
        attach(proposal, "budget.pdf", pdf_bytes(), "The budget")
        answer(proposal, "accepted", official=official)
        # Its implementation, tracked in public: linked without a query of its own.
        make_item(org, title="Benches", published=True, progress=20,
                  content_type=ContentType.objects.get_for_model(proposal),
                  object_id=proposal.pk)

    _first, second = assert_constant_queries(client, proposal.get_absolute_url(), grow)
    assert "Comment number 4" in second.content.decode()
    assert "Reply number 4" in second.content.decode()
    assert "The budget" in second.content.decode()
    assert "Planned, 20% done" in second.content.decode()
    with django_assert_max_num_queries(MAX_QUERIES_SIGNED_IN if signed_in else MAX_QUERIES):
        client.get(proposal.get_absolute_url())
