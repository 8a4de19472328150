import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, models, transaction

import participa
from participa.components.consultations.actions import ConsultationAction
from participa.components.pages.actions import PageAction
from participa.core.actions import AuditAction, action_enums, known_action, register_actions
from participa.core.audit import (
    audit_record,
    audited_create,
    audited_delete,
    audited_update,
    diff,
)
from participa.core.models import Area, AuditEntry


def test_it_diffs_only_changed_fields():
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == {"b": [2, 3], "c": [None, 4]}


@pytest.mark.django_db
def test_it_records_actor_action_object_and_changes(org, admin):
    area = audited_create(Area, organization=org, actor=admin, action=AuditAction.AREA_CREATE,
                          values={"organization": org, "code": "mobility",
                                  "name": {"en": "Mobility"}})
    audited_update(area, organization=org, actor=admin, action=AuditAction.AREA_UPDATE,
                   values={"name": {"en": "Mobility and transport"}})
    audited_update(area, organization=org, actor=admin, action=AuditAction.AREA_UPDATE,
                   values={"name": {"en": "Mobility and transport"}})  # no change: no entry
    entries = list(AuditEntry.objects.filter(object_type="core.area").order_by("id"))
    assert [e.action for e in entries] == ["area.create", "area.update"]
    assert entries[1].actor == admin
    assert entries[1].organization == org
    assert entries[1].object_id == str(area.pk)
    assert entries[1].changes == {"name": [{"en": "Mobility"}, {"en": "Mobility and transport"}]}
    assert entries[0].changes["code"] == [None, "mobility"]

    audited_delete(area, organization=org, actor=admin, action=AuditAction.AREA_DELETE)
    last = AuditEntry.objects.filter(action=AuditAction.AREA_DELETE).get()
    assert last.changes["code"] == ["mobility", None]
    assert not Area.objects.filter(code="mobility").exists()


@pytest.mark.django_db
def test_it_validates_before_writing(org, admin):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        audited_create(Area, organization=org, actor=admin, action=AuditAction.AREA_CREATE,
                       values={"organization": org, "code": "not a slug!", "name": {}})
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["Renamed the area", "area", "Area.Update", "area.update!",
                                    "area.update.again", ".update", ""])
def test_the_database_refuses_free_text_as_an_action(org, admin, action):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.create(organization=org, actor=admin, action=action,
                                  object_type="core.area")
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_the_database_accepts_an_action_code(org, admin):
    entry = AuditEntry.objects.create(organization=org, actor=admin,
                                      action=AuditAction.AREA_UPDATE, object_type="core.area")
    assert AuditEntry.objects.get().action == entry.action == "area.update"


class Unregistered(models.TextChoices):
    """An enumeration nobody declared: its actions are refused."""

    AREA_RENAME = "area.renamed"


@pytest.mark.django_db
def test_it_refuses_an_action_no_enumeration_declares(org, admin):
    with pytest.raises(ValueError, match=r"^Unknown audit action 'area\.renamed'"):
        audit_record(organization=org, actor=admin, action=Unregistered.AREA_RENAME, obj=org)
    with pytest.raises(ValueError, match=r"^Unknown audit action 'area\.renamed'"):
        audited_create(Area, organization=org, actor=admin, action=Unregistered.AREA_RENAME,
                       values={"organization": org, "code": "parks", "name": {"en": "Parks"}})
    assert not AuditEntry.objects.exists()
    assert not Area.objects.exists()


@pytest.mark.django_db
def test_it_records_an_action_a_component_declares(org, admin):
    audit_record(organization=org, actor=admin, action=PageAction.PAGE_UPDATE, obj=org)
    audit_record(organization=org, actor=admin,
                 action=ConsultationAction.CONSULTATION_UPDATE, obj=org)
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "page.update", "consultation.update"]


def test_every_action_value_belongs_to_one_enumeration_only():
    enums = action_enums()
    assert AuditAction in enums
    assert ConsultationAction in enums
    assert PageAction in enums
    values = [value for enum in enums for value in enum.values]
    assert len(values) == len(set(values))
    assert all(known_action(value) for value in values)
    assert not known_action("area.renamed")
    assert all(re.fullmatch(r"[a-z_]+\.[a-z_]+", value) for value in values)


def test_an_enumeration_reusing_another_s_value_is_refused():
    class Clash(models.TextChoices):
        PAGE_CREATE = "page.create"

    with pytest.raises(ImproperlyConfigured, match=r"'page\.create'.*PageAction and .*Clash"):
        register_actions(Clash)
    assert Clash not in action_enums()


def test_the_field_lists_every_registered_action_with_its_label():
    choices = dict(AuditEntry._meta.get_field("action").choices or [])
    assert choices["page.update"] == str(PageAction.PAGE_UPDATE.label) == "Page Update"
    assert choices["area.update"] == "Area Update"
    assert len(choices) == sum(len(enum.values) for enum in action_enums())


def test_no_code_passes_a_free_string_as_an_action():
    # Every call site names a member of a declared enumeration (core's AuditAction or a
    # component's audit_actions): no quoted action anywhere in the code.
    root = Path(participa.__file__).parent
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\baction=f?[\"'][a-z_]+\.", line)
    ]
    assert offenders == []


@pytest.mark.django_db
def test_entries_keep_field_names_and_references_not_free_text(org, admin):
    area = audited_create(Area, organization=org, actor=admin, action=AuditAction.AREA_CREATE,
                          values={"organization": org, "code": "parks", "name": {"en": "Parks"}})
    audit_record(organization=org, actor=admin, action=AuditAction.AREA_UPDATE, obj=admin,
                 changes={"email": ["a@example.org", "b@example.org"],
                          "display_name": ["Ana", "Ana P."], "is_active": [True, False],
                          "note": "Call Ana on 0722 000 000", "kind": "official"})
    entry = AuditEntry.objects.get(action=AuditAction.AREA_UPDATE)
    assert entry.object_repr == ""  # a person is referred to by id only
    assert entry.object_id == str(admin.pk)
    assert entry.changes == {"email": None, "display_name": None, "is_active": [True, False],
                             "note": None, "kind": "official"}
    created = AuditEntry.objects.get(action=AuditAction.AREA_CREATE)
    assert created.object_repr == str(area)  # a public, staff-named object keeps its title
