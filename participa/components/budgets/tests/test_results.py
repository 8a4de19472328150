"""Opening and closing the vote, the count of each pool in the background, held results,
their publication, the public results page and "Recount it yourself" (issue #13, points 8
and 9)."""

from __future__ import annotations

import hashlib
import io
import uuid
from contextlib import redirect_stdout
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from participa.components.budgets.models import (
    Ballot,
    Edition,
    ElectionKey,
    Pool,
    Project,
    ProjectState,
)
from participa.components.budgets.models_results import PoolResult, ResultsBuild
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.services import results as services
from participa.components.budgets.tests.conftest import make_pool, make_project, move_to
from participa.components.budgets.tests.voting_support import admitted, voting_edition
from participa.conftest import make_user
from participa.core.models import AuditEntry, JournalEntry, Organization, User
from participa.lib.ballots import generate_keypair
from participa.lib.ballots.sealing import key_fingerprint
from participa.lib.pb import count, read_bytes
from participa.lib.pb.__main__ import run as pb_run
from participa.notifications.models import Notification
from participa.notifications.services import follow_create
from participa.reports.models import BuildState
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db


def url(name: str, component: Component, *args: Any) -> str:
    return reverse(f"spaces:budgets:{name}", args=[component.space.slug, component.pk, *args])


def cast(pool: Pool, *choices: list[Project], **values: Any) -> list[Ballot]:
    """Approval ballots straight in the database (the voting services are tested apart)."""
    return [Ballot.objects.create(edition=pool.edition, pool=pool, cast_on=timezone.localdate(),
                                  choices=[[p.pk, 1] for p in chosen],
                                  receipt_digest=uuid.uuid4().hex, **values)
            for chosen in choices]


@pytest.fixture
def closed(component: Component) -> Edition:
    """An edition whose vote opened (frozen) and closed, with the commission's key."""
    edition, _private = voting_edition(component, tie_breaking=["votes", "cost"])
    move_to(edition, EditionPhase.RESULTS)
    Edition.objects.filter(pk=edition.pk).update(frozen_at=timezone.now())
    edition.refresh_from_db()
    return edition


@pytest.fixture
def city(closed: Edition) -> Pool:
    return make_pool(closed, name="City-wide", amount="100000",
                     max_project_cost=Decimal("60000"), max_projects=3, rule="greedy")


@pytest.fixture
def ballot_projects(component: Component, city: Pool) -> list[Project]:
    # Costs 50,000, 40,000, 30,000 and 10,000: together 130,000 in a pool of 100,000.
    return admitted(component, city, ["50000", "40000", "30000", "10000"])


@pytest.fixture
def voted(city: Pool, ballot_projects: list[Project]) -> list[Ballot]:
    a, b, c, d = ballot_projects
    # Votes: a 5, b 4, c 3, d 1. Greedy: a (50,000), b (90,000), c would pass the amount,
    # d fits (100,000).
    return cast(city, [a, b, c], [a, b, c], [a, b], [a, b, d], [a, c])


def count_edition(edition: Edition, manager: User, capture: Any) -> ResultsBuild:
    with capture(execute=True):
        built = services.results_compute(acting_user=manager, edition=edition)
    built.refresh_from_db()
    assert built.state == BuildState.DONE, built.error
    return built


def stored_file(result: PoolResult) -> bytes:
    handle = services.result_file(result)
    assert handle is not None
    with handle:
        return handle.read()


# --- opening and closing the vote ------------------------------------------------------------


@pytest.fixture
def opening(edition: Edition, checklist: Any) -> Edition:
    """An edition in its appeals phase, its checklist set and the commission's key published."""
    move_to(edition, EditionPhase.APPEALS)
    public, _private = generate_keypair()
    ElectionKey.objects.create(edition=edition, public_key=public,
                               fingerprint=key_fingerprint(public))
    return edition


def test_voting_open_refuses_without_the_commissions_key(opening: Edition, manager: User):
    edition = opening
    make_pool(edition)
    ElectionKey.objects.filter(edition=edition).delete()
    with pytest.raises(ValidationError) as refused:
        services.voting_open(acting_user=manager, edition=edition)
    assert refused.value.messages == [
        "The electoral commission's key has not been published."]
    edition.refresh_from_db()
    assert edition.frozen_at is None


def test_voting_open_refuses_a_set_up_with_problems(opening: Edition, manager: User):
    edition = opening  # no pool
    with pytest.raises(ValidationError) as refused:
        services.voting_open(acting_user=manager, edition=edition)
    assert any("pool" in message.lower() for message in refused.value.messages)
    assert Edition.objects.get(pk=edition.pk).frozen_at is None


def test_voting_open_refuses_while_projects_are_under_review(component: Component,
                                                              manager: User, opening: Edition):
    edition = opening
    pool = make_pool(edition)
    make_project(component, author=None, pool=pool, state=ProjectState.IN_REVIEW)
    with pytest.raises(ValidationError) as refused:
        services.voting_open(acting_user=manager, edition=edition)
    assert refused.value.messages == ["1 project is still under review."]


def test_voting_open_freezes_the_set_up_and_is_audited(opening: Edition, manager: User,
                                                        resident: User):
    edition = opening
    make_pool(edition)
    with pytest.raises(PermissionDenied):
        services.voting_open(acting_user=resident, edition=edition)
    services.voting_open(acting_user=manager, edition=edition)
    assert Edition.objects.get(pk=edition.pk).frozen_at is not None
    assert AuditEntry.objects.filter(action="budget_edition.voting_open",
                                     actor=manager).count() == 1
    with pytest.raises(ValidationError) as again:
        services.voting_open(acting_user=manager, edition=edition)
    assert again.value.messages == ["Voting is already open."]


def test_voting_close_ends_the_vote_now(component: Component, manager: User):
    edition, _private = voting_edition(component)
    Edition.objects.filter(pk=edition.pk).update(frozen_at=None)  # its dates, not opened
    edition.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.voting_close(acting_user=manager, edition=edition)
    assert refused.value.messages == ["Voting has not opened: it cannot be closed."]
    Edition.objects.filter(pk=edition.pk).update(frozen_at=timezone.now())
    edition.refresh_from_db()
    services.voting_close(acting_user=manager, edition=edition)
    edition.refresh_from_db()
    assert edition.voting_closes_at <= timezone.now()
    from participa.components.budgets.phases import edition_phase
    assert edition_phase(edition) == EditionPhase.RESULTS


# --- counting --------------------------------------------------------------------------------


def test_the_count_refuses_before_voting_closes(component: Component, manager: User):
    edition, _private = voting_edition(component)
    with pytest.raises(ValidationError) as refused:
        services.results_compute(acting_user=manager, edition=edition)
    assert refused.value.messages == ["The votes are counted once voting has closed."]


def test_the_count_runs_in_the_background_and_equals_a_recount_of_the_file(
        closed: Edition, city: Pool, ballot_projects: list[Project], voted: list[Ballot],
        manager: User, django_capture_on_commit_callbacks: Any):
    a, b, c, d = ballot_projects
    built = count_edition(closed, manager, django_capture_on_commit_callbacks)
    assert (built.progress, built.total) == (1, 1)
    result = PoolResult.objects.get(pool=city)
    assert result.selected == [str(a.pk), str(b.pk), str(d.pk)]
    assert {row["id"]: row["votes"] for row in result.projects} == {
        str(a.pk): 5, str(b.pk): 4, str(c.pk): 3, str(d.pk): 1}
    assert (result.money_used, result.budget) == (Decimal("100000"), Decimal("100000"))
    assert result.ballots_counted == 5
    data = stored_file(result)
    assert hashlib.sha256(data).hexdigest() == result.sha256
    # Counting the published file with the library gives the same winners.
    election = read_bytes(data).election
    # The file names the projects by their numbers (padded to the same width).
    assert [p.id for p in election.projects] == [str(p.number) for p in ballot_projects]
    recount = count(election, election.rule, tie_breaking=result.tie_breaking)
    in_file = services.file_ids(ballot_projects)
    assert recount.selected == [in_file[int(pk)] for pk in result.selected]
    assert election.official_selected() == {in_file[int(pk)] for pk in result.selected}
    assert result.rule == "greedy" and result.tie_breaking == "votes,cost"
    assert result.published_at is None


def test_counting_a_pool_reads_its_ballots_once_and_publishes_what_it_counted(
        closed: Edition, city: Pool, ballot_projects: list[Project], voted: list[Ballot]):
    a, b, _c, d = ballot_projects
    with CaptureQueriesContext(connection) as captured:
        published, result = services.count_pool(closed, city)

    reads = [query["sql"] for query in captured.captured_queries
             if 'FROM "budgets_ballot"' in query["sql"]]
    assert len(reads) == 1
    # The file names the projects by their numbers (services.file_ids).
    labels = services.file_ids(ballot_projects)
    assert result.selected == [labels[a.pk], labels[b.pk], labels[d.pk]]
    assert published.text == services.pool_election_file(closed, city,
                                                          selected=result.selected).text
    assert published.sha256 == hashlib.sha256(published.data).hexdigest()


def test_the_command_line_verify_agrees_with_the_published_file(
        closed: Edition, city: Pool, voted: list[Ballot], manager: User, tmp_path: Any,
        django_capture_on_commit_callbacks: Any):
    count_edition(closed, manager, django_capture_on_commit_callbacks)
    result = PoolResult.objects.get(pool=city)
    path = tmp_path / "pool.pb"
    path.write_bytes(stored_file(result))
    with redirect_stdout(io.StringIO()):
        assert pb_run(["verify", str(path), "--tie-breaking", result.tie_breaking]) == 0


def test_excluded_ballots_are_not_counted_and_are_listed(
        closed: Edition, city: Pool, ballot_projects: list[Project], voted: list[Ballot],
        manager: User, client_for: Any, component: Component,
        django_capture_on_commit_callbacks: Any):
    _a, _b, c, d = ballot_projects
    now = timezone.now()
    cast(city, [c, d], [c, d], quarantined_at=now)
    cast(city, [d], annulled_at=now)
    cast(city, [c], replaced_at=now)  # replaced by a later ballot: neither counted nor listed
    count_edition(closed, manager, django_capture_on_commit_callbacks)
    result = PoolResult.objects.get(pool=city)
    assert result.ballots_counted == 5
    assert {row["id"]: row["votes"] for row in result.projects}[str(c.pk)] == 3
    assert (result.excluded_quarantined, result.excluded_annulled) == (2, 1)
    services.results_publish(acting_user=manager, edition=closed)
    page = client_for(None).get(url("results", component)).content.decode()
    assert ("2 votes excluded: held for review by the electoral commission as suspicious."
            in page)
    assert "1 vote excluded: annulled by the electoral commission." in page


def test_held_results_are_not_public_before_publication(
        closed: Edition, city: Pool, ballot_projects: list[Project], voted: list[Ballot],
        manager: User, client_for: Any, component: Component,
        django_capture_on_commit_callbacks: Any):
    count_edition(closed, manager, django_capture_on_commit_callbacks)
    result = PoolResult.objects.get(pool=city)
    client = client_for(None)
    page = client.get(url("results", component)).content.decode()
    assert "The results have not been published yet." in page
    assert result.sha256 not in page
    assert ballot_projects[0].title_public not in page
    assert client.get(url("result_file", component, city.pk)).status_code == 404
    assert result.sha256 not in client.get(url("recount", component)).content.decode()
    assert all(p.state == ProjectState.ADMITTED
               for p in Project.objects.filter(pool=city))


def test_publication_selects_projects_notifies_followers_and_shows_the_file(
        closed: Edition, city: Pool, ballot_projects: list[Project], voted: list[Ballot],
        manager: User, client_for: Any, component: Component, org: Organization,
        django_capture_on_commit_callbacks: Any):
    a, b, c, d = ballot_projects
    follower = make_user(org, "follower")
    follow_create(user=follower, target=c)
    count_edition(closed, manager, django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied):
        services.results_publish(acting_user=follower, edition=closed)
    services.results_publish(acting_user=manager, edition=closed)
    states = dict(Project.objects.filter(pool=city).values_list("pk", "state"))
    assert states == {a.pk: ProjectState.SELECTED, b.pk: ProjectState.SELECTED,
                      c.pk: ProjectState.NOT_SELECTED, d.pk: ProjectState.SELECTED}
    assert JournalEntry.objects.filter(action="budget_project_selected").count() == 3
    assert JournalEntry.objects.get(action="budget_project_not_selected").params == {
        "title": c.title_public, "number": str(c.number)}
    assert Notification.objects.filter(recipient=follower,
                                       event="budget_project.result").count() == 1
    with pytest.raises(ValidationError) as again:
        services.results_publish(acting_user=manager, edition=closed)
    assert again.value.messages == ["The results are already published."]
    with pytest.raises(ValidationError):
        services.results_compute(acting_user=manager, edition=closed)

    client = client_for(None)
    page = client.get(url("results", component)).content.decode()
    result = PoolResult.objects.get(pool=city)
    download = client.get(url("result_file", component, city.pk))
    assert download.status_code == 200
    data = b"".join(download.streaming_content)
    # The SHA-256 printed on the page is the one of the file served.
    assert f'<code class="sha256">{hashlib.sha256(data).hexdigest()}</code>' in page
    assert "Money left" in page and "Selected for funding" in page
    assert '<svg class="results-chart"' in page and "<table>" in page
    # Bars in proportion to the votes: 5 votes take the full 192 units, 1 vote a fifth.
    assert 'width="192.0" height="18"' in page and 'width="38.4" height="18"' in page
    assert "No tie had to be broken." in page
    recount_page = client.get(url("recount", component)).content.decode()
    assert "python -m participa.lib.pb verify FILE.pb --tie-breaking votes,cost" in recount_page
    assert result.sha256 in recount_page


def test_the_tie_break_log_is_shown_in_plain_words(
        closed: Edition, component: Component, manager: User, client_for: Any,
        django_capture_on_commit_callbacks: Any):
    pool = make_pool(closed, name="Tied", amount="50000", max_project_cost=Decimal("50000"),
                     rule="greedy")
    first, second = admitted(component, pool, ["40000", "30000"])
    # Same votes; only one fits. Tie-break order: votes (equal), then the cheaper first.
    cast(pool, [first], [second], [first, second])
    count_edition(closed, manager, django_capture_on_commit_callbacks)
    result = PoolResult.objects.get(pool=pool)
    assert result.selected == [str(second.pk)]
    assert result.ties and result.ties[0]["chosen"] == str(second.pk)
    services.results_publish(acting_user=manager, edition=closed)
    page = client_for(None).get(url("results", component)).content.decode()
    low, high = sorted([first.number, second.number])
    assert (f"Projects No. {low}, No. {high} were exactly equal; the tie-break order chose "
            f"project No. {second.number}.") in page


def test_the_results_page_runs_a_fixed_number_of_queries(
        closed: Edition, city: Pool, ballot_projects: list[Project], voted: list[Ballot],
        manager: User, client_for: Any, component: Component,
        django_capture_on_commit_callbacks: Any):
    from participa.testing import assert_constant_queries

    more = make_pool(closed, name="North", amount="200000", max_project_cost=Decimal("90000"))
    extra = admitted(component, more, ["80000", "70000", "60000"])
    cast(more, extra[:2], extra[1:])
    count_edition(closed, manager, django_capture_on_commit_callbacks)
    services.results_publish(acting_user=manager, edition=closed)
    ResultsBuild.objects.all().delete()

    def grow() -> None:
        for n in range(3):
            pool = make_pool(closed, name=f"Pool {n}", amount="300000")
            projects = admitted(component, pool, ["1000", "2000", "3000", "4000"])
            cast(pool, projects[:2], projects[1:])
            services._store_pool(closed, pool, services.report_storage())
        PoolResult.objects.update(published_at=timezone.now())

    _first, second = assert_constant_queries(client_for(None), url("results", component), grow)
    assert second.content.decode().count('<svg class="results-chart"') == 5


@pytest.mark.oracle
def test_pabutools_counts_the_published_file_to_the_same_winners(
        closed: Edition, city: Pool, voted: list[Ballot], manager: User, tmp_path: Any,
        django_capture_on_commit_callbacks: Any):
    from participa.lib.pb.tests import oracle

    count_edition(closed, manager, django_capture_on_commit_callbacks)
    result = PoolResult.objects.get(pool=city)
    path = tmp_path / "pool.pb"
    path.write_bytes(stored_file(result))
    instance, profile = oracle.load(str(path))
    sat = oracle.sat_profile(instance, profile)
    in_file = services.file_ids(list(Project.objects.filter(pool=city)))
    assert oracle.greedy(instance, profile, sat) == {in_file[int(pk)] for pk in result.selected}


def tied_nine_and_ten(closed: Edition, component: Component) -> tuple[Pool, Project, Project]:
    """Projects No. 9 and No. 10 with the same votes and cost, one of them fits; the edition
    breaks ties by the project number alone."""
    Edition.objects.filter(pk=closed.pk).update(tie_breaking=["id"])
    closed.refresh_from_db()
    other = make_pool(closed, name="Other", amount="100000", max_project_cost=Decimal("60000"))
    admitted(component, other, ["10000"] * 8)  # Nos. 1 to 8
    pool = make_pool(closed, name="Tied", amount="50000", max_project_cost=Decimal("50000"),
                     rule="greedy")
    nine, ten = admitted(component, pool, ["30000", "30000"])
    assert (nine.number, ten.number) == (9, 10)
    cast(pool, [nine], [ten], [nine, ten])
    return pool, nine, ten


def test_a_tie_by_number_funds_the_lower_project_number(
        closed: Edition, component: Component, manager: User, client_for: Any,
        django_capture_on_commit_callbacks: Any):
    pool, nine, ten = tied_nine_and_ten(closed, component)
    count_edition(closed, manager, django_capture_on_commit_callbacks)
    result = PoolResult.objects.get(pool=pool)
    assert result.selected == [str(nine.pk)]
    assert result.ties[0] == {"stage": result.ties[0]["stage"],
                              "projects": [str(nine.pk), str(ten.pk)], "chosen": str(nine.pk)}
    election = read_bytes(stored_file(result)).election
    assert [(p.id, p.selected) for p in election.projects] == [("09", 1), ("10", 0)]
    services.results_publish(acting_user=manager, edition=closed)
    page = client_for(None).get(url("results", component)).content.decode()
    assert ("Projects No. 9, No. 10 were exactly equal; the tie-break order chose project "
            "No. 9.") in page
    edition_page = client_for(None).get(url("index", component)).content.decode()
    assert "the lower project number first" in edition_page


@pytest.mark.oracle
def test_pabutools_breaks_the_tie_of_nine_and_ten_alike(
        closed: Edition, component: Component, manager: User, tmp_path: Any,
        django_capture_on_commit_callbacks: Any):
    from participa.lib.pb.tests import oracle

    pool, _nine, _ten = tied_nine_and_ten(closed, component)
    count_edition(closed, manager, django_capture_on_commit_callbacks)
    path = tmp_path / "pool.pb"
    path.write_bytes(stored_file(PoolResult.objects.get(pool=pool)))
    instance, profile = oracle.load(str(path))
    assert oracle.greedy(instance, profile, oracle.sat_profile(instance, profile)) == {"09"}


def test_the_database_refuses_more_money_than_the_pool_and_a_bad_digest(city: Pool):
    values: dict[str, Any] = {"edition": city.edition, "pool": city, "rule": "greedy",
                              "tie_breaking": "id", "budget": Decimal("100000"),
                              "file_path": "x.pb", "sha256": "a" * 64}
    with pytest.raises(IntegrityError), transaction.atomic():
        PoolResult.objects.create(**{**values, "money_used": Decimal("100000.01")})
    with pytest.raises(IntegrityError), transaction.atomic():
        PoolResult.objects.create(**{**values, "money_used": Decimal(0), "sha256": "A" * 64})
    PoolResult.objects.create(**{**values, "money_used": Decimal("100000")})


def test_the_edition_report_has_turnout_excluded_votes_and_results(
        closed: Edition, city: Pool, ballot_projects: list[Project], voted: list[Ballot],
        manager: User, django_capture_on_commit_callbacks: Any):
    from participa.components.budgets.models import Voter
    from participa.components.budgets.report import report_sections

    for n, channel in enumerate(["online", "online", "paper", "online"]):
        Voter.objects.create(edition=closed, pool=city, voter_key=f"key{n}", channel=channel,
                             sealed_link=b"sealed", annulled_at=timezone.now() if n == 3
                             else None, annul_reason="Disputed" if n == 3 else "")
    cast(city, [ballot_projects[2]], quarantined_at=timezone.now())
    count_edition(closed, manager, django_capture_on_commit_callbacks)
    held = next(s for s in report_sections(closed) if s.key == "results")
    assert held.paragraphs == ["The results are not published yet."]
    assert held.tables[0].rows == [["City-wide", 2, 1, 3]]
    services.results_publish(acting_user=manager, edition=closed)
    section = next(s for s in report_sections(closed) if s.key == "results")
    _turnout, counted, money, results = section.tables
    assert counted.rows == [["City-wide", 5, 1, 0]]
    assert money.rows == [["City-wide", "Most votes first, skipping projects that no longer "
                           "fit.", Decimal("100000"), Decimal("100000"), Decimal("0"), 3]]
    # The report ties itself to the published ballot file: anyone recounts that file.
    sha256 = PoolResult.objects.get(pool=city).sha256
    assert section.paragraphs[-1] == f"City-wide: {sha256}"
    a = ballot_projects[0]
    assert results.rows[0] == ["City-wide", a.number, a.title_public, 5, Decimal("50000"),
                               "Selected for funding"]
    assert [row[5] for row in results.rows] == ["Selected for funding"] * 2 + [
        "Not selected", "Selected for funding"]


def test_staff_count_review_the_held_results_and_publish_them(
        closed: Edition, city: Pool, ballot_projects: list[Project], voted: list[Ballot],
        manager: User, resident: User, client_for: Any, component: Component,
        django_capture_on_commit_callbacks: Any):
    page_url = reverse("manage:budgets:manage_results", args=[component.space.slug,
                                                              component.pk])
    assert client_for(resident).post(page_url, {"action": "publish"}).status_code in (403, 404)
    client = client_for(manager)
    refused = client.post(page_url, {"action": "publish"})
    assert refused.status_code == 400
    assert "Count the votes of every pool before publishing the results." in (
        refused.content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(page_url, {"action": "count"}).status_code == 302
    page = client.get(page_url).content.decode()
    result = PoolResult.objects.get(pool=city)
    assert "Results held for review" in page and result.sha256 in page
    assert "The results have not been published yet." in client_for(None).get(
        url("results", component)).content.decode()
    assert client.post(page_url, {"action": "publish"}).status_code == 302
    assert PoolResult.objects.get(pool=city).published_at is not None
    assert result.sha256 in client_for(None).get(url("results", component)).content.decode()


@pytest.mark.parametrize("published", [True, False])
def test_the_file_gives_the_ballots_age_bands_only_where_the_edition_allows_it(
        closed: Edition, city: Pool, ballot_projects: list[Project], manager: User,
        published: bool, django_capture_on_commit_callbacks: Any):
    Edition.objects.filter(pk=closed.pk).update(publish_age_band=published)
    closed.refresh_from_db()
    a, b, _c, _d = ballot_projects
    for _ in range(10):
        cast(city, [a, b], age_band="25-34")
    cast(city, [a], age_band="65+")  # alone in its band: it would single the voter out
    count_edition(closed, manager, django_capture_on_commit_callbacks)
    text = stored_file(PoolResult.objects.get(pool=city)).decode()
    votes = text.split("VOTES\n", 1)[1].splitlines()
    if published:
        assert votes[0] == "voter_id;vote;age"
        assert sorted(row.rsplit(";", 1)[1] for row in votes[1:]) == ["", *["25-34"] * 10]
    else:
        assert votes[0] == "voter_id;vote"
        assert "25-34" not in text and "65+" not in text


def test_the_edition_report_says_how_each_tie_was_broken(
        closed: Edition, component: Component, manager: User,
        django_capture_on_commit_callbacks: Any):
    from participa.components.budgets.report import report_sections

    tied_nine_and_ten(closed, component)
    count_edition(closed, manager, django_capture_on_commit_callbacks)
    services.results_publish(acting_user=manager, edition=closed)
    section = next(s for s in report_sections(closed) if s.key == "results")
    assert ("Tied: Projects No. 9, No. 10 were exactly equal; the tie-break order chose "
            "project No. 9.") in section.paragraphs
