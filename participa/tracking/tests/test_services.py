"""The services of tracked items: what they write, what they refuse, the audit entries, the
public history and the notices to followers; the database's own refusals."""

from __future__ import annotations

import decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from participa.conftest import make_user
from participa.core.models import Area, AuditEntry, Role, RoleKind
from participa.notifications.models import Notification
from participa.notifications.services import follow_create
from participa.tracking import services
from participa.tracking.models import Expense, Milestone, TrackedItem, TrackingUpdate
from participa.tracking.tests.conftest import days, make_item

D = decimal.Decimal


def audit_actions(obj) -> list[str]:
    return list(AuditEntry.objects.filter(object_type=obj._meta.label_lower,
                                          object_id=str(obj.pk))
                .order_by("id").values_list("action", flat=True))


# ---- creation ----------------------------------------------------------------------------

def test_it_creates_an_unpublished_item_for_an_official_of_its_department(org, official, area,
                                                                          scope):
    item = services.tracked_item_create(
        acting_user=official, organization=org, title="  New cycle lane  ", department=area,
        scope=scope, planned_cost=D("1500000.00"), start_on=days(1), end_on=days(90))
    item.refresh_from_db()
    assert item.title == "New cycle lane"
    assert item.published_at is None and item.status == "planned" and item.progress == 0
    assert item.spent == D("0.00")
    assert audit_actions(item) == ["tracking.create"]
    entry = AuditEntry.objects.get(action="tracking.create")
    assert entry.actor == official and entry.organization == org
    assert entry.changes["planned_cost"] == [None, "1500000.00"]


def test_it_refuses_an_official_of_another_department_and_a_resident(org, official, resident):
    other = Area.objects.create(organization=org, code="roads", name={"en": "Roads"})
    for user, department in ((official, other), (official, None), (resident, other)):
        with pytest.raises(PermissionDenied):
            services.tracked_item_create(acting_user=user, organization=org, title="X",
                                         department=department)
    assert TrackedItem.objects.count() == 0


def test_it_refuses_a_department_or_district_of_another_organization(org, other_org, admin):
    foreign = Area.objects.create(organization=other_org, code="roads", name={"en": "Roads"})
    with pytest.raises(ValidationError) as refusal:
        services.tracked_item_create(acting_user=admin, organization=org, title="X",
                                     department=foreign)
    assert refusal.value.message_dict == {
        "department": ["Choose a department of this organization."]}


def test_it_refuses_an_end_before_the_start(org, admin):
    with pytest.raises(ValidationError) as refusal:
        services.tracked_item_create(acting_user=admin, organization=org, title="X",
                                     start_on=days(10), end_on=days(9))
    assert refusal.value.message_dict == {
        "end_on": ["The end date cannot be before the start date."]}


def test_it_tracks_a_source_once_and_finds_it_again(org, admin, area):
    source = Area.objects.create(organization=org, code="parks", name={"en": "Parks"})
    item = services.tracked_item_create(acting_user=admin, organization=org, title="Parks",
                                        source=source, department=area)
    assert services.tracked_for(source) == item
    assert services.tracked_for(area) is None
    with pytest.raises(ValidationError) as refusal:
        services.tracked_item_create(acting_user=admin, organization=org, title="Again",
                                     source=source)
    assert refusal.value.code == "already_tracked"
    assert TrackedItem.objects.count() == 1


# ---- the database's refusals ----------------------------------------------------------

@pytest.mark.parametrize("values", [
    {"progress": 101},
    {"planned_cost": D("-1.00")},
    {"spent": D("-0.01")},
    {"start_on": days(5), "end_on": days(4)},
    {"latitude": D("91"), "longitude": D("21")},
    {"latitude": D("45.75")},  # a point needs both
    {"title": ""},
])
def test_the_database_refuses_an_item_out_of_bounds(org, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_item(org, **values)


def test_the_database_refuses_a_source_tracked_twice_and_a_half_source(org, area):
    from django.contrib.contenttypes.models import ContentType

    area_type = ContentType.objects.get_for_model(Area)
    make_item(org, content_type=area_type, object_id=area.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_item(org, content_type=area_type, object_id=area.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_item(org, content_type=area_type)


def test_the_database_refuses_a_zero_expense_and_two_milestones_at_one_position(item):
    with pytest.raises(IntegrityError), transaction.atomic():
        Expense.objects.create(item=item, amount=D("0.00"), spent_on=days(0))
    Milestone.objects.create(item=item, title="Design", position=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Milestone.objects.create(item=item, title="Works", position=0)


# ---- updates --------------------------------------------------------------------------

def test_it_updates_an_unpublished_item_without_a_note_nor_history(item, official):
    services.tracked_item_update(acting_user=official, item=item, status="preparation",
                                 progress=10, title="Benches and bins")
    item.refresh_from_db()
    assert (item.status, item.progress, item.title) == ("preparation", 10, "Benches and bins")
    assert TrackingUpdate.objects.count() == 0
    assert audit_actions(item) == ["tracking.update"]


def test_it_refuses_progress_outside_0_to_100(item, official):
    with pytest.raises(ValidationError) as refusal:
        services.tracked_item_update(acting_user=official, item=item, progress=120)
    assert "progress" in refusal.value.message_dict or "__all__" in refusal.value.message_dict
    item.refresh_from_db()
    assert item.progress == 0


def test_a_published_item_needs_a_note_to_change_status_progress_or_cost(published_item,
                                                                         official):
    for change in ({"status": "suspended"}, {"progress": 50},
                   {"planned_cost": D("300000.00")}):
        with pytest.raises(ValidationError) as refusal:
            services.tracked_item_update(acting_user=official, item=published_item, **change)
        assert refusal.value.message_dict == {"note": [
            "Explain the change in a note: residents read it in the item's history."]}
    # The title is not part of the public history: no note needed.
    services.tracked_item_update(acting_user=official, item=published_item,
                                 title="A bigger playground")
    assert TrackingUpdate.objects.count() == 0


def test_a_noted_change_goes_into_the_public_history_and_tells_the_followers(
        published_item, official, resident):
    follow_create(user=resident, target=published_item)
    services.tracked_item_update(acting_user=official, item=published_item,
                                 status="suspended", progress=45,
                                 note="Works stopped until the contractor is replaced.")
    update = TrackingUpdate.objects.get()
    assert (update.status_before, update.status_after) == ("in_progress", "suspended")
    assert (update.progress_before, update.progress_after) == (40, 45)
    assert update.text == "Works stopped until the contractor is replaced."
    assert update.author == official
    notice = Notification.objects.get(recipient=resident)
    assert notice.event == "tracked_item.updated"
    assert notice.url == f"/tracking/{published_item.pk}/"
    entry = AuditEntry.objects.get(action="tracking.update")
    assert entry.changes["status"] == ["in_progress", "suspended"]


def test_a_note_alone_is_a_progress_report(published_item, official, resident):
    follow_create(user=resident, target=published_item)
    services.tracked_item_update(acting_user=official, item=published_item,
                                 note="The foundations are poured.")
    update = TrackingUpdate.objects.get()
    assert update.text == "The foundations are poured."
    assert not update.status_changed and not update.progress_changed
    assert Notification.objects.filter(recipient=resident,
                                       event="tracked_item.updated").count() == 1
    assert audit_actions(published_item) == ["tracking.update", "notification.notify"]


def test_an_official_cannot_give_the_item_to_a_department_they_do_not_work_for(item,
                                                                             official, org):
    roads = Area.objects.create(organization=org, code="roads", name={"en": "Roads"})
    with pytest.raises(ValidationError) as refusal:
        services.tracked_item_update(acting_user=official, item=item, department=roads)
    assert refusal.value.message_dict == {"department": [
        "You can only give the item to a department you work for."]}


def test_only_those_who_run_the_item_change_it(item, resident, district_rep, org):
    roads = Area.objects.create(organization=org, code="roads", name={"en": "Roads"})
    other_official = make_user(org, "roads_official")
    Role.objects.create(organization=org, user=other_official, kind=RoleKind.OFFICIAL,
                        area=roads)
    for user in (resident, district_rep, other_official):
        with pytest.raises(PermissionDenied):
            services.tracked_item_update(acting_user=user, item=item, progress=5)
        with pytest.raises(PermissionDenied):
            services.tracked_item_publish(acting_user=user, item=item)
        with pytest.raises(PermissionDenied):
            services.expense_add(acting_user=user, item=item, amount=D("1"),
                                 spent_on=days(0))


# ---- publication ----------------------------------------------------------------------

def test_it_publishes_once(item, admin):
    services.tracked_item_publish(acting_user=admin, item=item)
    item.refresh_from_db()
    assert item.published_at is not None
    with pytest.raises(ValidationError) as refusal:
        services.tracked_item_publish(acting_user=admin, item=item)
    assert refusal.value.messages == ["This item is already published."]
    assert audit_actions(item) == ["tracking.publish"]


# ---- milestones -----------------------------------------------------------------------

def test_milestones_are_added_in_order_completed_once_and_deleted(published_item, official,
                                                                  resident):
    follow_create(user=resident, target=published_item)
    design = services.milestone_add(acting_user=official, item=published_item,
                                    title="Design", due_on=days(30))
    works = services.milestone_add(acting_user=official, item=published_item, title="Works")
    assert [(m.title, m.position) for m in published_item.milestones.all()] == [
        ("Design", 0), ("Works", 1)]
    services.milestone_complete(acting_user=official, milestone=design)
    design.refresh_from_db()
    assert design.done_on == days(0)
    assert Notification.objects.filter(recipient=resident,
                                       event="tracked_item.milestone").count() == 1
    with pytest.raises(ValidationError) as refusal:
        services.milestone_complete(acting_user=official, milestone=design)
    assert refusal.value.messages == ["This milestone is already done."]
    works_pk = works.pk
    services.milestone_delete(acting_user=official, milestone=works)
    assert list(published_item.milestones.values_list("title", flat=True)) == ["Design"]
    assert audit_actions(design) == ["tracking.milestone_add", "tracking.milestone_complete"]
    assert AuditEntry.objects.filter(action="tracking.milestone_delete",
                                     object_id=str(works_pk)).count() == 1


def test_a_milestone_cannot_be_done_in_the_future(item, official):
    milestone = services.milestone_add(acting_user=official, item=item, title="Design")
    with pytest.raises(ValidationError) as refusal:
        services.milestone_complete(acting_user=official, milestone=milestone,
                                    done_on=days(1))
    assert refusal.value.message_dict == {"done_on": [
        "A milestone cannot be done in the future."]}


# ---- expenses -------------------------------------------------------------------------

def test_money_spent_is_the_sum_of_the_expenses(published_item, official, resident):
    follow_create(user=resident, target=published_item)
    first = services.expense_add(acting_user=official, item=published_item,
                                 amount=D("100000.50"), spent_on=days(-3),
                                 description="Design", document="Invoice 12/2026")
    services.expense_add(acting_user=official, item=published_item, amount=D("20000.25"),
                         spent_on=days(0))
    published_item.refresh_from_db()
    assert published_item.spent == D("120000.75")
    assert Notification.objects.filter(recipient=resident,
                                       event="tracked_item.expense").count() == 2
    assert services.expense_delete(acting_user=official, expense=first) == D("20000.25")
    published_item.refresh_from_db()
    assert published_item.spent == D("20000.25")
    assert AuditEntry.objects.filter(action="tracking.expense_add").count() == 2
    assert AuditEntry.objects.filter(action="tracking.expense_delete").count() == 1


@pytest.mark.parametrize(("amount", "spent_on", "errors"), [
    (D("0"), 0, {"amount": ["Enter an amount greater than zero."]}),
    (D("-5"), 0, {"amount": ["Enter an amount greater than zero."]}),
    (D("5"), 1, {"spent_on": ["Money cannot be spent in the future."]}),
])
def test_it_refuses_an_expense_that_cannot_be(item, official, amount, spent_on, errors):
    with pytest.raises(ValidationError) as refusal:
        services.expense_add(acting_user=official, item=item, amount=amount,
                             spent_on=days(spent_on))
    assert refusal.value.message_dict == errors
    assert Expense.objects.count() == 0


def test_saving_unchanged_values_writes_nothing(item, official):
    services.tracked_item_update(acting_user=official, item=item, title=item.title,
                                 progress=item.progress)
    assert audit_actions(item) == []
