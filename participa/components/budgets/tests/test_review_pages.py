"""The review's pages: the staff queue (who may open it, filters, the correction deadline
passed, a fixed number of queries), the assessment form (the checklist as rows, errors next to
their fields, nothing lost), the correction request, the confirmation before publishing, the
appeal decision; the author's side on the project page (assessment, correction deadline, the
appeal form with the days left, the decision) and the public list of appeals."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from participa.components.budgets.models import (
    ChecklistItem,
    Edition,
    Pool,
    Project,
    ProjectState,
)
from participa.components.budgets.models_review import (
    Appeal,
    AppealOutcome,
    Assessment,
    CorrectionRequest,
    MergeConsent,
)
from participa.components.budgets.permissions_review import org_today
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.services import review
from participa.components.budgets.services.appeals import appeal_decide, appeal_file
from participa.components.budgets.tests.conftest import make_project, move_to
from participa.core.models import Area, User
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db


def manage_url(name: str, component: Component, *args: Any) -> str:
    return reverse(f"manage:budgets:{name}", args=[component.space.slug, component.pk, *args])


def public_url(name: str, component: Component, *args: Any) -> str:
    return reverse(f"spaces:budgets:{name}", args=[component.space.slug, component.pk, *args])


@pytest.fixture
def in_review(edition: Edition) -> Edition:
    return move_to(edition, EditionPhase.REVIEW)


def _complete(official: User, project: Project, area: Area, checklist: list[ChecklistItem],
              **values: Any) -> Assessment:
    return review.assessment_save(
        acting_user=official, project=project, department=area,
        values={"legality": "yes", "feasibility": "yes", "formal_compliance": "yes",
                "outcome": "admitted", **values},
        answers={item.pk: (True, "Checked.") for item in checklist})


def _excluded(official: User, project: Project, area: Area,
              checklist: list[ChecklistItem]) -> Project:
    _complete(official, project, area, checklist, outcome="not_admitted",
              justification="The land belongs to the county.")
    review.assessment_publish(acting_user=official, project=project)
    return project


# --- the queue ------------------------------------------------------------------------------


@pytest.mark.parametrize("user,status", [("resident", 404), ("ngo_member", 404),
                                         ("official", 200), ("other_official", 200),
                                         ("admin", 200), ("outsider", 404), (None, 302)])
def test_who_opens_the_review_queue(request: Any, client_for: Any, in_review: Edition,
                                    component: Component, project: Project, user: str | None,
                                    status: int):
    person = request.getfixturevalue(user) if user else None
    response = client_for(person).get(manage_url("review_queue", component))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/")


def test_the_queue_shows_the_department_the_reviewer_and_a_passed_deadline(
        client_for: Any, in_review: Edition, component: Component, project: Project,
        official: User, area: Area, checklist: list[ChecklistItem]):
    _complete(official, project, area, checklist)
    request = review.correction_request(acting_user=official, project=project,
                                        message="Split the cost.")
    CorrectionRequest.objects.filter(pk=request.pk).update(deadline=datetime.date(2026, 1, 5))
    page = client_for(official).get(manage_url("review_queue", component)).content.decode()
    assert "<td>Correction requested</td>" in page
    assert "<td>Urbanism</td>" in page
    assert "<td>Official</td>" in page
    assert "by 5 Jan 2026 <strong>(deadline passed)</strong>" in page


def test_the_queue_filters_by_state_and_department(
        client_for: Any, in_review: Edition, component: Component, pool: Pool,
        resident: User, official: User, area: Area, checklist: list[ChecklistItem],
        other_department: Area):
    assessed = make_project(component, author=resident, pool=pool, title="Assessed one")
    make_project(component, author=resident, pool=pool, title="Waiting one")
    _complete(official, assessed, area, checklist)
    client = client_for(official)
    page = client.get(manage_url("review_queue", component),
                      {"state": "in_review"}).content.decode()
    assert "Assessed one" in page and "Waiting one" not in page
    page = client.get(manage_url("review_queue", component),
                      {"department": other_department.pk}).content.decode()
    assert "No project matches." in page
    page = client.get(manage_url("review_queue", component),
                      {"state": "submitted"}).content.decode()
    assert "Waiting one" in page and "Assessed one" not in page


def _queue_queries(client: Any, component: Component) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(manage_url("review_queue", component)).status_code == 200
    return len(queries)


def test_the_queue_runs_a_fixed_number_of_queries(client_for: Any, in_review: Edition,
                                                  component: Component, pool: Pool,
                                                  resident: User, official: User, area: Area,
                                                  checklist: list[ChecklistItem]):
    client = client_for(official)
    for number in range(3):
        project = make_project(component, author=resident, pool=pool)
        _complete(official, project, area, checklist)
    client.get(manage_url("review_queue", component))  # the first read also finds the org
    few = _queue_queries(client, component)
    # The person (with their roles and memberships), the space and component, the edition, the
    # departments of the filter, the count and the page of projects (with assessment,
    # correction, appeal) …
    assert few == 8
    for number in range(12):
        project = make_project(component, author=resident, pool=pool)
        _complete(official, project, area, checklist)
        if number % 2:
            review.correction_request(acting_user=official, project=project, message="Fix.")
    assert _queue_queries(client, component) == few


# --- the assessment form --------------------------------------------------------------------


def test_the_form_lists_the_checklist_as_rows(client_for: Any, in_review: Edition,
                                              component: Component, project: Project,
                                              official: User,
                                              checklist: list[ChecklistItem]):
    page = client_for(official).get(manage_url("review_assess", component, 1)).content.decode()
    assert "<h1>Assess project No. 1: Benches in the park</h1>" in page
    assert "<legend>Within competence" in page
    assert f'name="item_{checklist[0].pk}" value="met"' in page
    assert f'name="item_{checklist[0].pk}_note"' in page
    assert "Note on “Within competence”" in page


def test_an_error_shows_next_to_its_field_and_nothing_is_lost(
        client_for: Any, in_review: Edition, component: Component, project: Project,
        official: User, area: Area, checklist: list[ChecklistItem]):
    response = client_for(official).post(manage_url("review_assess", component, 1), {
        "department": area.pk, "legality": "no", "legality_note": "A county road.",
        "outcome": "not_admitted", "justification": "",
        f"item_{checklist[0].pk}": "not_met", f"item_{checklist[0].pk}_note": "Outside."})
    assert response.status_code == 400
    page = response.content.decode()
    assert ('<p class="error" id="id_justification_error">Justify why the project is not '
            'admitted to the vote.</p>') in page
    assert 'aria-describedby="id_justification_error"' in page
    assert "A county road.</textarea>" in page
    assert "Outside.</textarea>" in page
    assert not Assessment.objects.exists()


def test_the_official_saves_the_draft(client_for: Any, in_review: Edition,
                                      component: Component, project: Project, official: User,
                                      area: Area, checklist: list[ChecklistItem]):
    response = client_for(official).post(manage_url("review_assess", component, 1), {
        "department": area.pk, "legality": "yes", "feasibility": "conditions",
        "corrected_cost": "6200", "cost_reason": "Prices of 2027.",
        f"item_{checklist[0].pk}": "met"})
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.feasibility, str(assessment.corrected_cost)) == ("conditions",
                                                                         "6200.00")
    assert assessment.answers.get().passed is True


@pytest.mark.parametrize("user,status", [("official", 302), ("admin", 302),
                                         ("other_official", 400), ("resident", 404),
                                         ("manager", 400)])
def test_who_may_assess(request: Any, client_for: Any, in_review: Edition,
                        component: Component, project: Project, area: Area, user: str,
                        status: int, checklist: list[ChecklistItem]):
    person = request.getfixturevalue(user)
    response = client_for(person).post(manage_url("review_assess", component, 1),
                                       {"department": area.pk, "legality": "yes"})
    assert response.status_code == status
    if status == 400:
        assert ("Only the officials of the department responsible for the project can "
                "review it.") in response.content.decode()


# --- correction, publication, decision ------------------------------------------------------


def test_the_correction_request_reaches_the_author(client_for: Any, in_review: Edition,
                                                   component: Component, project: Project,
                                                   official: User, resident: User,
                                                   area: Area,
                                                   checklist: list[ChecklistItem]):
    _complete(official, project, area, checklist)
    deadline = org_today(project.component.space.organization) + datetime.timedelta(days=3)
    response = client_for(official).post(manage_url("review_correction", component, 1), {
        "message": "Split the cost of the benches.", "deadline": deadline.isoformat()})
    assert response.status_code == 302
    page = client_for(resident).get(project.get_absolute_url()).content.decode()
    assert "Split the cost of the benches." in page
    assert (f"Correct the project by {deadline.day} {deadline:%b} {deadline.year}."
            in page)
    assert "Split the cost of the benches." not in client_for(None).get(
        project.get_absolute_url()).content.decode()


def test_the_author_corrects_the_project(client_for: Any, in_review: Edition,
                                         component: Component, project: Project,
                                         official: User, resident: User, area: Area,
                                         pool: Pool, checklist: list[ChecklistItem]):
    _complete(official, project, area, checklist)
    review.correction_request(acting_user=official, project=project, message="Split it.")
    client = client_for(resident)
    page = client.get(public_url("correct", component, 1)).content.decode()
    assert "<h1>Correct project No. 1</h1>" in page
    response = client.post(public_url("correct", component, 1), {
        "title": "Benches and bins", "description": "Ten benches, five bins.",
        "pool": pool.pk, "action": "submit",
        "cost-TOTAL_FORMS": "2", "cost-INITIAL_FORMS": "0",
        "cost-0-description": "Benches", "cost-0-amount": "4000",
        "cost-1-description": "Bins", "cost-1-amount": "1000"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.state, project.title_public) == (ProjectState.IN_REVIEW,
                                                     "Benches and bins")


def test_the_confirmation_page_then_the_publication(client_for: Any, in_review: Edition,
                                                    component: Component, project: Project,
                                                    official: User, area: Area,
                                                    checklist: list[ChecklistItem]):
    _complete(official, project, area, checklist, corrected_cost=Decimal("6200"),
              cost_reason="Prices of 2027.")
    client = client_for(official)
    page = client.get(manage_url("review_publish", component, 1)).content.decode()
    assert "<h1>Publish the assessment of project No. 1: Benches in the park</h1>" in page
    assert "Once published, the assessment is public" in page
    assert Assessment.objects.get().published_at is None
    assert client.post(manage_url("review_publish", component, 1)).status_code == 302
    public = client_for(None).get(project.get_absolute_url()).content.decode()
    assert '<h2 id="assessment-title">Formal and substantive review</h2>' in public
    assert "<dd><strong>Admitted to the vote</strong></dd>" in public
    assert "<dd>6,200.00\u00a0lei<br>Reason: Prices of 2027.</dd>" in public
    assert "<th scope=\"row\">Within competence</th><td>Met</td><td>Checked.</td>" in public


def test_the_confirmation_page_lists_what_is_missing(client_for: Any, in_review: Edition,
                                                     component: Component, project: Project,
                                                     official: User, area: Area,
                                                     checklist: list[ChecklistItem]):
    review.assessment_save(acting_user=official, project=project, department=area,
                           values={"legality": "yes"}, answers={})
    page = client_for(official).get(manage_url("review_publish", component, 1)).content.decode()
    assert "<li>Choose the outcome.</li>" in page
    assert "<li>Answer every point of the checklist.</li>" in page
    assert "<button type=\"submit\">Publish the assessment</button>" not in page


def test_an_unpublished_assessment_stays_off_the_public_page(
        client_for: Any, in_review: Edition, project: Project, official: User, area: Area,
        checklist: list[ChecklistItem]):
    _complete(official, project, area, checklist)
    page = client_for(None).get(project.get_absolute_url()).content.decode()
    assert "Formal and substantive review" not in page


def test_the_author_appeals_from_the_project_page(client_for: Any, in_review: Edition,
                                                  component: Component, project: Project,
                                                  official: User, resident: User, area: Area,
                                                  checklist: list[ChecklistItem]):
    _excluded(official, project, area, checklist)
    client = client_for(resident)
    page = client.get(project.get_absolute_url()).content.decode()
    last = org_today(project.component.space.organization) + datetime.timedelta(days=7)
    assert '<h2 id="appeal-title">File an appeal</h2>' in page
    assert (f"8 days left: you may appeal until {last.day} {last:%b} {last.year}."
            in page)
    assert "File an appeal" not in client_for(None).get(
        project.get_absolute_url()).content.decode()
    response = client.post(public_url("appeal", component, 1), {"reason": ""})
    assert response.status_code == 400
    assert ('<p class="error" id="id_reason_error">Say why the project should be admitted to '
            'the vote.</p>') in response.content.decode()
    response = client.post(public_url("appeal", component, 1),
                           {"reason": "The county agreed in writing."})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.state == ProjectState.APPEALED


def test_the_reviewer_is_refused_the_decision_page_and_a_colleague_decides(
        client_for: Any, in_review: Edition, component: Component, project: Project,
        official: User, colleague: User, resident: User, area: Area,
        checklist: list[ChecklistItem]):
    _excluded(official, project, area, checklist)
    appeal_file(acting_user=resident, project=project, reason="The county agreed.")
    page = client_for(official).get(manage_url("review_decide", component, 1)).content.decode()
    assert "You reviewed this project: an appeal is decided by another official." in page
    assert 'name="reasons"' not in page
    response = client_for(official).post(manage_url("review_decide", component, 1),
                                         {"outcome": "upheld", "reasons": "Fine."})
    assert Appeal.objects.get().outcome == ""
    response = client_for(colleague).post(manage_url("review_decide", component, 1),
                                          {"outcome": "upheld",
                                           "reasons": "The county's letter settles it."})
    assert response.status_code == 302
    public = client_for(None).get(project.get_absolute_url()).content.decode()
    assert "<strong>Upheld: the project is admitted to the vote</strong>" in public
    assert "The county&#x27;s letter settles it." in public


def test_the_public_list_of_appeals(client_for: Any, in_review: Edition,
                                    component: Component, pool: Pool, resident: User,
                                    ngo_member: User, official: User, colleague: User,
                                    area: Area, checklist: list[ChecklistItem]):
    first = make_project(component, author=resident, pool=pool, title="Benches")
    second = make_project(component, author=ngo_member, pool=pool, title="Lamps")
    for project, author in ((first, resident), (second, ngo_member)):
        _excluded(official, project, area, checklist)
        appeal_file(acting_user=author, project=project, reason="Private reason.")
    appeal_decide(acting_user=colleague, appeal=Appeal.objects.get(project=first),
                  outcome=AppealOutcome.DISMISSED, reasons="The road is the county's.")
    deadline = Appeal.objects.get(project=second).deadline
    page = client_for(None).get(public_url("appeals", component)).content.decode()
    assert "<caption>2 appeals</caption>" in page
    today = timezone.localdate()
    assert f"<td>Dismissed ({today.day} {today:%b} {today.year})</td>" in page
    assert "<td>The road is the county&#x27;s.</td>" in page
    assert (f"Pending: to be decided by {deadline.day} {deadline:%b} {deadline.year}."
            in page)
    assert "Private reason." not in page


def test_the_edition_page_and_the_staff_page_link_to_the_review(client_for: Any,
                                                                edition: Edition,
                                                                component: Component,
                                                                manager: User):
    page = client_for(None).get(public_url("index", component)).content.decode()
    assert (f'<a href="{public_url("appeals", component)}">Appeals and their outcomes</a>'
            in page)
    page = client_for(manager).get(manage_url("manage_index", component)).content.decode()
    assert f'<a href="{manage_url("review_queue", component)}">Review queue</a>' in page


# --- merging ------------------------------------------------------------------------------------


def test_both_authors_consent_on_their_pages_then_the_official_merges(
        client_for: Any, in_review: Edition, component: Component, pool: Pool,
        resident: User, ngo_member: User, official: User):
    kept = make_project(component, author=resident, pool=pool, title="Benches")
    absorbed = make_project(component, author=ngo_member, pool=pool, title="More benches")
    staff = client_for(official)
    response = staff.post(manage_url("review_merge", component, 1), {"other": absorbed.pk})
    assert response.status_code == 400
    assert "Both authors must consent before their projects are merged." in (
        response.content.decode())
    page = client_for(resident).get(kept.get_absolute_url()).content.decode()
    assert (f'<a href="{public_url("merge_consent", component, 1)}">Merge with another '
            'project</a>') in page
    assert client_for(resident).post(public_url("merge_consent", component, 1),
                                     {"other": absorbed.pk}).status_code == 302
    assert client_for(ngo_member).post(public_url("merge_consent", component, 2),
                                       {"other": kept.pk}).status_code == 302
    page = staff.get(manage_url("review_merge", component, 1)).content.decode()
    assert "Resident consented to merge projects No. 1 and No. 2." in page
    assert "Ngo Member consented to merge projects No. 2 and No. 1." in page
    assert staff.post(manage_url("review_merge", component, 1),
                      {"other": absorbed.pk}).status_code == 302
    absorbed.refresh_from_db()
    assert (absorbed.state, absorbed.merged_into_id) == (ProjectState.MERGED, kept.pk)


def test_only_the_author_gives_the_consent(client_for: Any, in_review: Edition,
                                           component: Component, pool: Pool, resident: User,
                                           ngo_member: User):
    make_project(component, author=resident, pool=pool)
    other = make_project(component, author=ngo_member, pool=pool)
    response = client_for(ngo_member).post(public_url("merge_consent", component, 1),
                                           {"other": other.pk})
    assert response.status_code == 302
    assert not MergeConsent.objects.exists()
