import pytest

from participa.core.audit import audited_create, audited_delete, audited_update, diff
from participa.core.models import Area, AuditEntry


def test_it_diffs_only_changed_fields():
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == {"b": [2, 3], "c": [None, 4]}


@pytest.mark.django_db
def test_it_records_actor_action_object_and_changes(org, admin):
    area = audited_create(Area, organization=org, actor=admin, action="area.create",
                          values={"organization": org, "code": "mobility",
                                  "name": {"en": "Mobility"}})
    audited_update(area, organization=org, actor=admin, action="area.update",
                   values={"name": {"en": "Mobility and transport"}})
    audited_update(area, organization=org, actor=admin, action="area.update",
                   values={"name": {"en": "Mobility and transport"}})  # no change: no entry
    entries = list(AuditEntry.objects.filter(object_type="core.area").order_by("id"))
    assert [e.action for e in entries] == ["area.create", "area.update"]
    assert entries[1].actor == admin
    assert entries[1].organization == org
    assert entries[1].object_id == str(area.pk)
    assert entries[1].changes == {"name": [{"en": "Mobility"}, {"en": "Mobility and transport"}]}
    assert entries[0].changes["code"] == [None, "mobility"]

    audited_delete(area, organization=org, actor=admin, action="area.delete")
    last = AuditEntry.objects.filter(action="area.delete").get()
    assert last.changes["code"] == ["mobility", None]
    assert not Area.objects.filter(code="mobility").exists()


@pytest.mark.django_db
def test_it_validates_before_writing(org, admin):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        audited_create(Area, organization=org, actor=admin, action="area.create",
                       values={"organization": org, "code": "not a slug!", "name": {}})
    assert not AuditEntry.objects.exists()
