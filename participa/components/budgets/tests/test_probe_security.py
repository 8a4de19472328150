"""Security probes of the participatory budget and of tracked items, as an outside tester runs
them: ids and numbers of another component, space or organization on every URL (read from the
URLconf, so a URL added later is probed too); drafts, unpublished components and members-only
spaces; POSTs without the CSRF token; staff pages for residents and for staff of another
organization; the reviewer deciding the appeal against their own review; a voter's identity
on public pages, files, reports and search; receipt codes in logs, audit entries and exports."""

from __future__ import annotations

import io
import json
import logging
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import timezone

from participa.components.budgets.models import (
    BudgetCategory,
    ChecklistItem,
    Edition,
    Pool,
    Project,
    ProjectState,
)
from participa.components.budgets.models_fraud import VoteAsMeReport
from participa.components.budgets.models_paper import PaperBallot, PollingPoint
from participa.components.budgets.models_report import EditionReport
from participa.components.budgets.models_review import CorrectionRequest
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.services import paper
from participa.components.budgets.services import report as report_services
from participa.components.budgets.services import results as results_services
from participa.components.budgets.services.appeals import appeal_file
from participa.components.budgets.tests.conftest import (
    make_component,
    make_edition,
    make_pool,
    make_project,
    make_space,
    move_to,
)
from participa.components.budgets.tests.paper_support import clerks, polling_point
from participa.components.budgets.tests.test_appeals import exclude
from participa.components.budgets.tests.voting_support import (
    admitted,
    pool_for,
    resident_of,
    voting_edition,
)
from participa.components.budgets.urls import manage_urlpatterns, urlpatterns
from participa.conftest import make_user
from participa.core.models import AuditEntry, JournalEntry, Organization, Role, RoleKind, User
from participa.opendata.dataset import export_tables
from participa.spaces.models import Component, Space, Visibility
from participa.tracking.manage_urls import urlpatterns as tracking_manage_urlpatterns
from participa.tracking.models import Expense, Milestone, TrackedItem
from participa.tracking.urls import urlpatterns as tracking_urlpatterns

pytestmark = pytest.mark.django_db

BACKEND = "participa.core.auth.OrganizationAuthenticationBackend"
# A number no project of the probed component has.
FOREIGN_NUMBER = 77


def _kwargs_of(pattern: URLPattern) -> list[str]:
    return list(pattern.pattern.converters)


def _with_ids(patterns: list[URLPattern]) -> list[URLPattern]:
    """The URLs of one row (a project, a pool, a polling point, ...): those with an id."""
    return [p for p in patterns if p.name and _kwargs_of(p)]


def _reverse(namespace: str, pattern: URLPattern, base: dict[str, Any],
             ids: dict[str, Any]) -> str:
    # Both "report_id"s: a built report and a "someone voted as me" report.
    values = {**ids, "report_id": ids["vote_as_me_id"]} if (
        pattern.name == "manage_vote_as_me") else ids
    name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
    return reverse(name, kwargs={**base, **{key: values[key] for key in _kwargs_of(pattern)}})


def _rows(component: Component, author: User, number: int = FOREIGN_NUMBER,
          edition: Edition | None = None) -> dict[str, Any]:
    """An edition in ``component`` (or ``edition``) with a row of every kind a URL names, and
    their ids."""
    edition = edition or make_edition(component)
    pool = make_pool(edition)
    project = make_project(component, author=author, pool=pool, number=number,
                           title="Secret fountain")
    org = component.space.organization
    point = PollingPoint.objects.create(edition=edition, name="School", address="Main 5")
    ballot = PaperBallot.objects.create(edition=edition, polling_point=point, serial="A-1",
                                        pool=pool)
    vote_as_me = VoteAsMeReport.objects.create(edition=edition, reporter=author,
                                               voter_key="k" * 64, statement="Not me")
    report = EditionReport.objects.create(edition=edition, language="en")
    item = TrackedItem.objects.create(organization=org, component=component,
                                      title="Secret fountain works")
    milestone = Milestone.objects.create(item=item, title="Dig", position=0)
    expense = Expense.objects.create(item=item, amount=Decimal("10"),
                                     spent_on=timezone.localdate())
    return {
        "edition": edition, "project": project, "item": item,
        "ids": {"number": project.number, "pool_id": pool.pk, "point_id": point.pk,
                "ballot_id": ballot.pk, "vote_as_me_id": vote_as_me.pk,
                "report_id": report.pk, "fmt": "html",
                "category_id": BudgetCategory.objects.create(edition=edition,
                                                             name={"en": "Parks"}).pk,
                "item_id": ChecklistItem.objects.create(edition=edition,
                                                        text={"en": "Legal"}).pk,
                "pk": item.pk, "milestone_id": milestone.pk, "expense_id": expense.pk},
    }


@pytest.fixture
def elsewhere(org: Organization, other_org: Organization, space: Space, resident: User
              ) -> dict[str, dict[str, Any]]:
    """Rows of another budgets component of the same space, of another space, of another
    organization."""
    return {
        "same space": _rows(make_component(space), resident),
        "other space": _rows(make_component(make_space(org, slug="old-budget")), resident),
        "other organization": _rows(make_component(make_space(other_org, slug="far")),
                                    make_user(other_org, "far_resident")),
    }


@pytest.fixture
def ours(component: Component, pool: Pool, resident: User) -> Edition:
    """The probed component: an edition with a pool and project No. 1 (never No. 77)."""
    make_project(component, author=resident, pool=pool)
    return component.budget_edition


def _all_ids_of(rows: dict[str, Any]) -> dict[str, Any]:
    return rows["ids"]


@pytest.mark.parametrize("where", ["same space", "other space", "other organization"])
def test_no_budget_url_reaches_a_row_of_another_component(
        client_for: Any, ours: Edition, component: Component, admin: User, resident: User,
        elsewhere: dict[str, dict[str, Any]], where: str) -> None:
    rows = elsewhere[where]
    base = {"space_slug": component.space.slug, "component_id": component.pk}
    staff_urls = [_reverse("manage:budgets", p, base, rows["ids"])
                  for p in _with_ids(manage_urlpatterns)]
    public_urls = [_reverse("spaces:budgets", p, base, rows["ids"])
                   for p in _with_ids(urlpatterns) if p.name != "report_file"]
    assert len(staff_urls) >= 17 and len(public_urls) >= 12
    admin_client = client_for(admin)
    for url in staff_urls:
        # A page that takes only POSTs says so to a GET whatever the id: nothing is told.
        assert admin_client.get(url).status_code in (404, 405), url
        assert admin_client.post(url, {"action": "publish", "decision": "uphold"}
                                 ).status_code == 404, url
    for user in (resident, admin, None):
        client = client_for(user)
        for url in public_urls:
            response = client.get(url)
            assert response.status_code in (404, 405), (user, url)
            assert "Secret fountain" not in response.content.decode(), url
            assert client.post(url, {}).status_code == 404, (user, url)
    project = rows["project"]
    project.refresh_from_db()
    assert project.state == ProjectState.SUBMITTED
    assert VoteAsMeReport.objects.get(pk=rows["ids"]["vote_as_me_id"]).state == "pending"


def test_no_tracking_url_reaches_an_item_of_another_organization(
        client_for: Any, admin: User, official: User, resident: User,
        elsewhere: dict[str, dict[str, Any]]) -> None:
    rows = elsewhere["other organization"]
    TrackedItem.objects.filter(pk=rows["item"].pk).update(published_at=timezone.now())
    staff_urls = [_reverse("manage:tracking", p, {}, rows["ids"])
                  for p in _with_ids(tracking_manage_urlpatterns)]
    public_urls = [_reverse("tracking", p, {}, rows["ids"])
                   for p in _with_ids(tracking_urlpatterns)]
    assert len(staff_urls) == 8 and len(public_urls) == 1
    for user in (admin, official):
        client = client_for(user)
        for url in staff_urls:
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"progress": "100", "amount": "5"}).status_code == 404, url
    for person in (admin, resident, None):
        assert client_for(person).get(public_urls[0]).status_code == 404
    item = rows["item"]
    assert (item.milestones.count(), item.expenses.count()) == (1, 1)


def test_a_milestone_or_expense_of_another_item_is_not_found(
        client_for: Any, org: Organization, admin: User) -> None:
    mine = TrackedItem.objects.create(organization=org, title="Ours")
    other = TrackedItem.objects.create(organization=org, title="Theirs")
    milestone = Milestone.objects.create(item=other, title="Dig", position=0)
    expense = Expense.objects.create(item=other, amount=Decimal("10"),
                                     spent_on=timezone.localdate())
    client = client_for(admin)
    for name, extra in (("milestone_done", {"milestone_id": milestone.pk}),
                        ("milestone_delete", {"milestone_id": milestone.pk}),
                        ("expense_delete", {"expense_id": expense.pk})):
        url = reverse(f"manage:tracking:{name}", kwargs={"pk": mine.pk, **extra})
        assert client.post(url).status_code == 404, name
    assert (other.milestones.count(), other.expenses.count()) == (1, 1)


PUBLIC_WITHOUT_IDS = ["index", "projects", "map", "map_data", "appeals", "voting",
                      "results", "recount"]


@pytest.mark.parametrize("case", ["members only", "unpublished component", "unpublished space"])
def test_hidden_budgets_answer_404_on_every_public_url(
        client_for: Any, org: Organization, resident: User, outsider: User,
        case: str) -> None:
    space = make_space(org, slug="closed-budget",
                       visibility=Visibility.MEMBERS if case == "members only"
                       else Visibility.PUBLIC, published=case != "unpublished space")
    component = make_component(space, published=case != "unpublished component")
    rows = _rows(component, resident, number=1)
    move_to(rows["edition"], EditionPhase.VOTING)
    base = {"space_slug": space.slug, "component_id": component.pk}
    urls = [_reverse("spaces:budgets", p, base, rows["ids"]) for p in urlpatterns if p.name]
    assert len(urls) == len(urlpatterns)
    for user in (None, resident):
        client = client_for(user)
        for url in urls:
            response = client.get(url)
            if response.status_code == 405:  # POST only, whatever the id
                assert client.post(url, {}).status_code in (302, 404), (case, user, url)
                continue
            if response.status_code == 302:  # the sign-in door before anything else
                assert user is None and response["Location"].startswith("/accounts/login/")
                continue
            assert response.status_code == 404, (case, user, url)
            assert client.post(url, {}).status_code in (302, 404), (case, user, url)
    # Neither in the organization-wide list nor in search.
    for user in (None, resident):
        client = client_for(user)
        for url in (reverse("budgets_list"), reverse("search:search") + "?q=fountain",
                    reverse("tracking:index"), "/"):
            assert "Secret fountain" not in client.get(url).content.decode(), (case, url)
    assert client_for(outsider, "other.test").get(urls[0]).status_code == 404


@pytest.mark.parametrize("state", [ProjectState.DRAFT, ProjectState.WITHDRAWN])
def test_a_draft_is_seen_by_its_author_only(client_for: Any, component: Component,
                                            pool: Pool, resident: User, ngo_member: User,
                                            official: User, state: str) -> None:
    draft = make_project(component, author=resident, pool=pool, state=state,
                         title="Secret fountain")
    base = [component.space.slug, component.pk]
    detail = reverse("spaces:budgets:detail", args=[*base, draft.number])
    lists = [reverse("spaces:budgets:projects", args=base),
             reverse("spaces:budgets:map_data", args=base),
             reverse("spaces:budgets:index", args=base),
             reverse("search:search") + "?q=fountain", reverse("budgets_list")]
    for user in (None, ngo_member, official):
        client = client_for(user)
        if state == ProjectState.DRAFT:
            assert client.get(detail).status_code == 404, user
        for url in lists if state == ProjectState.DRAFT else []:
            # A withdrawn project stays on the public record, marked withdrawn.
            assert "Secret fountain" not in client.get(url).content.decode(), (user, url)
        for name in ("edit", "withdraw", "coauthors", "sign", "appeal", "correct"):
            url = reverse(f"spaces:budgets:{name}", args=[*base, draft.number])
            # Refused: a 404, the sign-in door, or the page saying why (400).
            assert client.post(url, {"title": "Mine now"}).status_code in (302, 400, 404), url
    draft.refresh_from_db()
    assert (draft.title, draft.state) == ("Secret fountain", state)
    if state == ProjectState.DRAFT:
        assert client_for(resident).get(detail).status_code == 200


@pytest.fixture
def official_elsewhere(org: Organization, other_department: Any) -> User:
    user = make_user(org, "official_elsewhere")
    Role.objects.create(organization=org, user=user, kind=RoleKind.OFFICIAL,
                        area=other_department)
    return user


@pytest.mark.parametrize("who", ["resident", "ngo_member", "district_rep", "moderator",
                                 "official_elsewhere", "outsider", None])
def test_staff_pages_refuse_those_who_do_not_run_the_budget(
        request: Any, client_for: Any, ours: Edition, component: Component,
        who: str | None) -> None:
    user = request.getfixturevalue(who) if who else None
    # The ids of rows of the probed component itself.
    ids = _rows(component, make_user(component.space.organization, "author2"),
                edition=ours)["ids"]
    base = {"space_slug": component.space.slug, "component_id": component.pk}
    # The officials of every department review projects and track the winners of theirs
    # (manage_views/review.py, manage_views/tracking.py).
    urls = [_reverse("manage:budgets", p, base, ids) for p in manage_urlpatterns
            if p.name and not (who == "official_elsewhere" and (
                "review" in p.name or p.name == "track_winners"))]
    assert len(urls) >= 25
    host = "other.test" if who == "outsider" else "testserver"
    client = client_for(user, host) if user else client_for(None)
    for url in urls:
        for response in (client.get(url), client.post(url, {"action": "open"})):
            assert response.status_code in (404, 405) or (user is None and response[
                "Location"].startswith("/accounts/login/")), (who, url)
    ours.refresh_from_db()
    assert ours.frozen_at is None


@pytest.mark.parametrize("who", ["resident", "moderator", "outsider", None])
def test_tracking_staff_pages_refuse_residents_and_other_organizations(
        request: Any, client_for: Any, org: Organization, area: Any, who: str | None
        ) -> None:
    user = request.getfixturevalue(who) if who else None
    item = TrackedItem.objects.create(organization=org, title="Ours", department=area)
    milestone = Milestone.objects.create(item=item, title="Dig", position=0)
    expense = Expense.objects.create(item=item, amount=Decimal("10"),
                                     spent_on=timezone.localdate())
    ids = {"pk": item.pk, "milestone_id": milestone.pk, "expense_id": expense.pk}
    # Staff of another organization run their own list: never this one's items.
    urls = [_reverse("manage:tracking", p, {}, ids) for p in tracking_manage_urlpatterns
            if p.name and (who != "outsider" or _kwargs_of(p))]
    host = "other.test" if who == "outsider" else "testserver"
    client = client_for(user, host) if user else client_for(None)
    for url in urls:
        for response in (client.get(url), client.post(url, {"title": "Ours"})):
            assert response.status_code in (404, 405) or (user is None and response[
                "Location"].startswith("/accounts/login/")), (who, url)
    assert (item.milestones.count(), item.expenses.count()) == (1, 1)
    item.refresh_from_db()
    assert item.published_at is None


def test_an_official_of_another_department_does_not_run_the_item(
        client_for: Any, org: Organization, area: Any, other_official: User) -> None:
    item = TrackedItem.objects.create(organization=org, title="Ours", department=area)
    client = client_for(other_official)
    for name in ("detail", "edit", "publish", "milestones", "expenses"):
        url = reverse(f"manage:tracking:{name}", args=[item.pk])
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"title": "Theirs"}).status_code == 404, name
    item.refresh_from_db()
    assert (item.title, item.published_at) == ("Ours", None)


# --- POSTs without the CSRF token --------------------------------------------------------------


def _csrf_client(user: User) -> Client:
    client = Client(enforce_csrf_checks=True, HTTP_HOST="testserver")
    client.force_login(user, backend=BACKEND)
    return client


def test_posts_without_the_csrf_token_change_nothing(
        component: Component, ours: Edition, admin: User, ngo_member: User,
        org: Organization) -> None:
    project = Project.objects.get(component=component)
    Edition.objects.filter(pk=ours.pk).update(supports_enabled=True)
    item = TrackedItem.objects.create(organization=org, title="Ours")
    base = {"space_slug": component.space.slug, "component_id": component.pk}
    ids = {"number": project.number, "pool_id": project.pool_id, "category_id": 1,
           "item_id": 1, "report_id": 1, "vote_as_me_id": 1, "point_id": 1, "ballot_id": 1,
           "fmt": "html", "pk": item.pk, "milestone_id": 1, "expense_id": 1}
    urls = [_reverse("spaces:budgets", p, base, ids) for p in urlpatterns if p.name]
    urls += [_reverse("manage:budgets", p, base, ids) for p in manage_urlpatterns if p.name]
    urls += [_reverse("manage:tracking", p, {}, ids) for p in tracking_manage_urlpatterns]
    for user in (ngo_member, admin):
        client = _csrf_client(user)
        for url in urls:
            response = client.post(url, {"title": "Changed", "action": "open",
                                         "amount": "5", "spent_on": "2026-01-01"})
            assert response.status_code == 403, url
    project.refresh_from_db()
    ours.refresh_from_db()
    item.refresh_from_db()
    assert (project.title, project.supports_count, ours.frozen_at) == (
        "Benches in the park", 0, None)
    assert (item.title, item.expenses.count()) == ("Ours", 0)


# --- the appeal is decided by someone who took no part in the project or its review -------------


@pytest.fixture
def appealed(component: Component, edition: Edition, project: Project, official: User,
             area: Any, resident: User) -> Any:
    move_to(edition, EditionPhase.APPEALS)
    exclude(project, official, area)
    return appeal_file(acting_user=resident, project=project, reason="The county agreed.")


def _decide(client: Client, component: Component, number: int) -> Any:
    return client.post(reverse("manage:budgets:review_decide", args=[
        component.space.slug, component.pk, number]),
        {"outcome": "upheld", "reasons": "Fine by me."})


def test_the_reviewer_cannot_decide_the_appeal_of_the_project_they_reviewed(
        client_for: Any, component: Component, appealed: Any, official: User,
        colleague: User) -> None:
    response = _decide(client_for(official), component, appealed.project.number)
    assert response.status_code == 400
    assert ("You reviewed this project: an appeal is decided by another official."
            in response.content.decode())
    appealed.refresh_from_db()
    assert appealed.outcome == ""
    assert _decide(client_for(colleague), component, appealed.project.number
                   ).status_code == 302
    appealed.refresh_from_db()
    assert appealed.outcome == "upheld"


def test_an_official_who_asked_for_a_correction_cannot_decide_the_appeal(
        client_for: Any, component: Component, appealed: Any, colleague: User) -> None:
    CorrectionRequest.objects.create(project=appealed.project, requested_by=colleague,
                                     message="Add the land's owner.",
                                     deadline=timezone.localdate(),
                                     answered_at=timezone.now())
    response = _decide(client_for(colleague), component, appealed.project.number)
    assert response.status_code == 400
    assert ("You reviewed this project: an appeal is decided by another official."
            in response.content.decode())
    appealed.refresh_from_db()
    assert appealed.outcome == ""


def test_a_co_author_who_is_an_official_cannot_decide_the_appeal(
        client_for: Any, component: Component, appealed: Any, colleague: User) -> None:
    appealed.project.coauthors.add(colleague)
    response = _decide(client_for(colleague), component, appealed.project.number)
    assert response.status_code == 400
    assert "You cannot decide the appeal of your own project." in response.content.decode()
    appealed.refresh_from_db()
    assert appealed.outcome == ""


# --- a voter's identity and receipt code -------------------------------------------------------

NAME, EMAIL, IP, PESEL, AGENT = ("Ionela Votescu", "ionela.votescu@example.org",
                                 "203.0.113.77", "85010112345", "SecretAgent/9.9")


def _texts(response: Any) -> str:
    if response.status_code != 200:
        return ""
    body = (b"".join(response.streaming_content) if response.streaming
            else response.content)
    if body.startswith(b"PK"):  # an XLSX: its shared strings and sheets
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return " ".join(archive.read(name).decode("utf-8", "replace")
                            for name in archive.namelist())
    return body.decode("utf-8", "replace")


def test_nothing_of_a_voters_identity_or_receipt_reaches_pages_files_logs_or_audit(
        client_for: Any, org: Organization, component: Component, manager: User,
        admin: User, caplog: Any, django_capture_on_commit_callbacks: Any) -> None:
    caplog.set_level(logging.DEBUG)
    edition, _private = voting_edition(component)
    pool = pool_for(edition, "approval")
    projects = admitted(component, pool, ["10000", "20000"])
    voter = resident_of(org, "ionela")
    User.objects.filter(pk=voter.pk).update(display_name=NAME, email=EMAIL)
    voter.refresh_from_db()
    client = client_for(voter)
    response = client.post(reverse("spaces:budgets:vote", args=[
        component.space.slug, component.pk, pool.pk]), {"project": str(projects[0].pk)},
        REMOTE_ADDR=IP, HTTP_USER_AGENT=AGENT)
    assert response.status_code == 200, response.content.decode()[:3000]
    receipt = response.context["receipt"]
    assert receipt and receipt in response.content.decode()
    assert "ballot was recorded" in client_for(None).post(reverse(
        "spaces:budgets:receipt_check", args=[component.space.slug, component.pk]),
        {"receipt": receipt}).content.decode()
    a, b, _c = clerks(org)
    point = polling_point(edition, [a, b])
    for clerk in (a, b):
        paper.paper_ballot_key(acting_user=clerk, polling_point=point, serial="A-1",
                               pool=pool, identifier=PESEL, choices={projects[1].pk: 1},
                               parent_name="")
    move_to(edition, EditionPhase.RESULTS)
    with django_capture_on_commit_callbacks(execute=True):
        results_services.results_compute(acting_user=manager, edition=edition)
    results_services.results_publish(acting_user=manager, edition=edition)
    with django_capture_on_commit_callbacks(execute=True):
        built = report_services.edition_report_request(acting_user=manager, edition=edition)
    built.refresh_from_db()
    report_services.edition_report_publish(acting_user=manager, report_build=built)

    slug, pk = component.space.slug, component.pk
    public = [reverse(f"spaces:budgets:{name}", args=[slug, pk]) for name in
              ("index", "projects", "map", "map_data", "appeals", "voting", "results",
               "recount", "receipt_check")]
    public += [reverse("spaces:budgets:detail", args=[slug, pk, p.number]) for p in projects]
    public += [reverse("spaces:budgets:result_file", args=[slug, pk, pool.pk])]
    public += [reverse("spaces:budgets:report_file", args=[slug, pk, fmt])
               for fmt in ("html", "xlsx")]
    public += [reverse("search:search") + f"?q={word}" for word in ("Ionela", "Votescu")]
    public += [reverse("journal:index"), reverse("budgets_list"), reverse("tracking:index"),
               "/"]
    for user in (None, User.objects.get(username="user-clerk_c")):
        client = client_for(user)
        for url in public:
            text = _texts(client.get(url))
            assert text, (user, url)  # every page and file answered
            for secret in (NAME, EMAIL, IP, PESEL, AGENT, receipt):
                assert secret not in text, (url, secret)
    open_data = json.dumps([table.rows for table in export_tables(org)], default=str)
    assert "Project" in open_data
    for secret in (NAME, EMAIL, IP, PESEL, AGENT, receipt):
        assert secret not in open_data, secret
    # Staff files and pages name no voter either, nor the receipt.
    staff = [reverse("manage:budgets:manage_report_file", args=[slug, pk, built.pk, fmt])
             for fmt in ("html", "xlsx")]
    staff += [reverse("manage:budgets:manage_results", args=[slug, pk]),
              reverse("manage:budgets:manage_fraud", args=[slug, pk]),
              reverse("manage:budgets:paper_tallies", args=[slug, pk]),
              *[reverse("opendata:component_export_download", args=[slug, pk, name, "csv"])
                for name in ("budget_projects", "budget_projects_staff",
                             "budget_project_reviews")]]
    for url in staff:
        text = _texts(client_for(admin).get(url))
        assert text, url
        for secret in (PESEL, receipt):
            assert secret not in text, (url, secret)
    audit = json.dumps(list(AuditEntry.objects.values()), default=str)
    journal = json.dumps(list(JournalEntry.objects.values()), default=str)
    for secret in (receipt, PESEL, IP, AGENT):
        assert secret not in audit, secret
        assert secret not in journal, secret
        assert secret not in caplog.text, secret
