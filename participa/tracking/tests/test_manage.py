"""The staff pages at /manage/tracking/: who gets in, and the journey of an item from its
creation to its publication, progress reports, milestones and expenses."""

from __future__ import annotations

import decimal

import pytest

from participa.conftest import make_user
from participa.core.models import Area, Role, RoleKind
from participa.notifications.models import Notification
from participa.testing import assert_constant_queries
from participa.tracking.models import Expense, Milestone, TrackedItem, TrackingUpdate
from participa.tracking.tests.conftest import days, make_item

D = decimal.Decimal


def form_data(**values):
    data = {"title": "New cycle lane", "description": "", "status": "planned",
            "progress": "0", "department": "", "scope": "", "planned_cost": "",
            "start_on": "", "end_on": "", "latitude": "", "longitude": ""}
    data.update({key: str(value) for key, value in values.items()})
    return data


@pytest.fixture
def roads_official(org):
    roads = Area.objects.create(organization=org, code="roads", name={"en": "Roads"})
    user = make_user(org, "roads_official")
    Role.objects.create(organization=org, user=user, kind=RoleKind.OFFICIAL, area=roads)
    return user


def test_only_administrators_and_officials_open_the_back_office_of_tracking(
        client_for, resident, district_rep, moderator, official, admin, outsider):
    for user in (None, resident, district_rep, moderator):
        response = client_for(user).get("/manage/tracking/")
        assert response.status_code in (302, 404)
        assert client_for(user).get("/manage/tracking/new/").status_code in (302, 404)
    assert client_for(outsider).get("/manage/tracking/").status_code in (302, 404)
    for user in (official, admin):
        assert client_for(user).get("/manage/tracking/").status_code == 200


def test_an_item_of_another_department_is_missing_for_an_official(client_for, item,
                                                                   roads_official, admin):
    for path in ("", "edit/", "publish/", "milestones/", "expenses/"):
        url = f"/manage/tracking/{item.pk}/{path}"
        assert client_for(roads_official).get(url).status_code == 404
        assert client_for(admin).get(url).status_code == 200


def test_the_list_shows_the_items_one_runs(client_for, org, item, roads_official):
    make_item(org, title="Resurfacing", department=Role.objects.get(
        user=roads_official).area)
    html = client_for(roads_official).get("/manage/tracking/").content.decode()
    assert "Resurfacing" in html and "Benches along the main alley" not in html


def test_the_staff_list_runs_a_fixed_number_of_queries(client_for, org, area, admin):
    make_item(org, title="First", department=area)

    def grow():
        for n in range(5):
            make_item(org, title=f"More {n}", department=area, published=True)

    _first, second = assert_constant_queries(client_for(admin), "/manage/tracking/", grow)
    assert "More 4" in second.content.decode()


def test_an_official_creates_an_item_of_their_department(client_for, official, area, scope):
    response = client_for(official).post("/manage/tracking/new/", form_data(
        department=area.pk, scope=scope.pk, planned_cost="1 500 000,50", start_on=days(1),
        end_on=days(60)))
    item = TrackedItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/manage/tracking/{item.pk}/"
    assert (item.title, item.department, item.scope) == ("New cycle lane", area, scope)
    assert item.planned_cost == D("1500000.50")
    assert item.published_at is None


def test_a_refused_creation_keeps_what_was_typed(client_for, official, roads_official):
    roads = Area.objects.get(code="roads")
    response = client_for(official).post("/manage/tracking/new/", form_data(
        department=roads.pk, title="Keep me", start_on=days(5), end_on=days(1)))
    html = response.content.decode()
    assert response.status_code == 400
    # An official is offered their own departments only.
    assert "Select a valid choice." in html
    assert f'<option value="{roads.pk}"' not in html
    assert 'value="Keep me"' in html
    assert TrackedItem.objects.count() == 0


def test_bad_amounts_and_dates_are_explained_on_their_fields(client_for, admin):
    response = client_for(admin).post("/manage/tracking/new/", form_data(
        planned_cost="-12", start_on=days(5), end_on=days(1), progress="120"))
    html = response.content.decode()
    assert "Write the amount as a number, e.g. 1 234,50 or 1234.50" in html
    assert 'id="id_planned_cost_error"' in html
    assert 'aria-describedby="id_planned_cost_helptext id_planned_cost_error"' in html
    assert "Ensure this value is less than or equal to 100." in html
    assert TrackedItem.objects.count() == 0


def test_the_journey_from_creation_to_a_noted_progress_report(client_for, item, official,
                                                             resident):
    staff = client_for(official)
    # Before publication: changes need no note.
    response = staff.post(f"/manage/tracking/{item.pk}/edit/", form_data(
        title=item.title, department=item.department_id, status="preparation",
        progress=10, planned_cost="1234567,00"))
    assert response.status_code == 302
    assert 'name="note"' not in staff.get(f"/manage/tracking/{item.pk}/edit/").content.decode()
    # Publication: a confirmation, then the item is public.
    page = staff.get(f"/manage/tracking/{item.pk}/publish/").content.decode()
    assert "Publish “Benches along the main alley”?" in page
    assert staff.post(f"/manage/tracking/{item.pk}/publish/").status_code == 302
    item.refresh_from_db()
    assert item.published_at is not None
    assert client_for(None).get(item.get_absolute_url()).status_code == 200
    # A resident follows it.
    follow = client_for(resident).post("/notifications/follow/", {
        "target": f"tracking.trackeditem:{item.pk}", "next": item.get_absolute_url()})
    assert follow.status_code == 302
    # After publication: a change of progress needs a note, and nothing typed is lost.
    refused = staff.post(f"/manage/tracking/{item.pk}/edit/", form_data(
        title=item.title, department=item.department_id, status="in_progress",
        progress=35, planned_cost="1234567,00"))
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "Explain the change in a note: residents read it in the item&#x27;s history." in html
    assert 'id="id_note_error"' in html
    assert 'value="35"' in html
    saved = staff.post(f"/manage/tracking/{item.pk}/edit/", form_data(
        title=item.title, department=item.department_id, status="in_progress",
        progress=35, planned_cost="1234567,00", note="The contractor started the works."))
    assert saved.status_code == 302
    update = TrackingUpdate.objects.get()
    assert (update.status_before, update.status_after) == ("preparation", "in_progress")
    assert (update.progress_before, update.progress_after) == (10, 35)
    notice = Notification.objects.get(recipient=resident, event="tracked_item.updated")
    assert notice.object_id == item.pk
    public = client_for(None).get(item.get_absolute_url()).content.decode()
    assert "The contractor started the works." in public
    assert "Progress: 10% → 35%" in public


def test_publishing_twice_is_refused_on_the_confirmation_page(client_for, published_item,
                                                              official):
    html = client_for(official).post(
        f"/manage/tracking/{published_item.pk}/publish/").content.decode()
    assert "This item is already published." in html


def test_milestones_are_added_marked_done_and_deleted_after_confirmation(client_for, item,
                                                                         official):
    staff = client_for(official)
    url = f"/manage/tracking/{item.pk}/milestones/"
    assert staff.post(url, {"title": "Design", "due_on": days(20)}).status_code == 302
    assert staff.post(url, {"title": "Works", "due_on": ""}).status_code == 302
    design, works = Milestone.objects.order_by("position")
    assert staff.get(f"{url}{design.pk}/done/").status_code == 405
    assert staff.post(f"{url}{design.pk}/done/").status_code == 302
    design.refresh_from_db()
    assert design.done_on == days(0)
    html = staff.get(url).content.decode()
    assert "Done on" in html and "Mark “Works” done" in html
    confirm = staff.get(f"{url}{works.pk}/delete/").content.decode()
    assert "Delete “Works”?" in confirm
    assert staff.post(f"{url}{works.pk}/delete/").status_code == 302
    assert list(Milestone.objects.values_list("title", flat=True)) == ["Design"]
    refused = staff.post(url, {"title": ""}).content.decode()
    assert "This field is required." in refused


def test_expenses_are_recorded_and_deleted_after_confirmation(client_for, item, official):
    staff = client_for(official)
    url = f"/manage/tracking/{item.pk}/expenses/"
    response = staff.post(url, {"amount": "1 234,50", "spent_on": days(-1),
                                "description": "Design study", "document": "Invoice 7"})
    assert response.status_code == 302
    staff.post(url, {"amount": "100", "spent_on": days(0)})
    item.refresh_from_db()
    assert item.spent == D("1334.50")
    expense = Expense.objects.get(document="Invoice 7")
    confirm = staff.get(f"{url}{expense.pk}/delete/").content.decode()
    assert "Delete the expense of 1,234.50\u00a0lei paid on " in confirm
    assert "This cannot be undone." in confirm
    assert staff.post(f"{url}{expense.pk}/delete/").status_code == 302
    item.refresh_from_db()
    assert item.spent == D("100.00")
    future = staff.post(url, {"amount": "5", "spent_on": days(1)}).content.decode()
    assert "Money cannot be spent in the future." in future
    assert Expense.objects.count() == 1


def test_the_back_office_menu_links_to_tracked_items_for_those_who_run_them(
        client_for, official, district_rep):
    assert '<a href="/manage/tracking/">Tracked items</a>' in client_for(official).get(
        "/manage/").content.decode()
    html = client_for(district_rep).get("/manage/").content.decode()
    assert 'href="/manage/tracking/"' not in html
