"""The audit log: administrators only, filters, fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participa.core import org_services
from participa.core.models import AuditEntry, Scope, User

pytestmark = pytest.mark.django_db

URL = "/manage/audit-log/"


def make_entries(org, actor, count: int) -> None:
    AuditEntry.objects.bulk_create([
        AuditEntry(organization=org, actor=actor, action="scope.update",
                   object_type="core.scope", object_id=str(index),
                   object_repr=f"Scope {index}", changes={"code": [f"a{index}", f"b{index}"]})
        for index in range(count)
    ])


def test_it_shows_who_did_what_with_before_and_after(client_for, org, admin):
    scope = Scope.objects.create(organization=org, code="north", name={"en": "North"})
    org_services.scope_update(scope=scope, acting_user=admin, values={"code": "nord"})
    html = client_for(admin).get(URL).content.decode()
    assert "scope.update" in html
    assert "Admin" in html
    assert "admin@example.org" in html
    assert "North" in html
    assert "north → nord" in html


def test_it_never_shows_another_organizations_entries(client_for, org, admin, other_org,
                                                      outsider):
    AuditEntry.objects.create(organization=other_org, actor=outsider, action="group.verify",
                              object_type="core.area")
    html = client_for(admin).get(URL).content.decode()
    assert "group.verify" not in html
    assert "core.area" not in html  # not even among the filter's choices


def test_it_shows_an_empty_state(client_for, admin):
    assert "Nothing has been recorded yet." in client_for(admin).get(URL).content.decode()


@pytest.mark.parametrize("persona", ["official", "moderator", "district_rep", "resident",
                                     "space_manager"])
def test_it_is_404_for_everybody_but_administrators(client_for, request, persona):
    assert client_for(request.getfixturevalue(persona)).get(URL).status_code == 404


def test_it_is_404_for_another_organizations_administrator(client_for, org, outsider):
    assert client_for(outsider).get(URL).status_code == 404


def test_it_filters_by_person(client_for, org, admin, official):
    AuditEntry.objects.create(organization=org, actor=admin, action="area.create",
                              object_type="core.scope")
    AuditEntry.objects.create(organization=org, actor=official, action="scope.delete",
                              object_type="core.scope")
    client = client_for(admin)
    by_email = client.get(URL, {"person": "OFFICIAL@example.org"}).content.decode()
    assert "scope.delete" in by_email
    assert "area.create" not in by_email
    by_name = client.get(URL, {"person": "admi"}).content.decode()
    assert "area.create" in by_name
    assert "scope.delete" not in by_name


def test_it_filters_by_object_type(client_for, org, admin):
    AuditEntry.objects.create(organization=org, actor=admin, action="scope.create",
                              object_type="core.scope")
    AuditEntry.objects.create(organization=org, actor=admin, action="area.update",
                              object_type="core.area")
    html = client_for(admin).get(URL, {"object_type": "core.area"}).content.decode()
    assert "area.update" in html
    assert "scope.create" not in html
    assert '<option value="core.scope">Scope</option>' in html


def test_it_filters_by_dates(client_for, org, admin):
    now = timezone.now()
    AuditEntry.objects.create(organization=org, actor=admin, action="phase.move",
                              object_type="core.scope",
                              created_at=now - datetime.timedelta(days=30))
    AuditEntry.objects.create(organization=org, actor=admin, action="page.move",
                              object_type="core.scope", created_at=now)
    client = client_for(admin)
    since = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    html = client.get(URL, {"date_from": since}).content.decode()
    assert "page.move" in html
    assert "phase.move" not in html
    html = client.get(URL, {"date_to": since}).content.decode()
    assert "phase.move" in html
    assert "page.move" not in html


def test_it_explains_a_date_range_in_the_wrong_order(client_for, admin):
    html = client_for(admin).get(URL, {"date_from": "2030-02-01",
                                       "date_to": "2030-01-01"}).content.decode()
    assert "The end date can&#x27;t be before the start date." in html


def test_it_paginates(client_for, org, admin):
    make_entries(org, admin, 60)
    client = client_for(admin)
    assert "Page 1 of 2" in client.get(URL).content.decode()
    assert "Page 2 of 2" in client.get(URL, {"page": 2}).content.decode()


def _queries(client, org, actor, count: int, params: dict[str, str]) -> int:
    AuditEntry.objects.all().delete()
    make_entries(org, actor, count)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"person": "admin", "object_type": "core.scope",
                                         "date_from": "2000-01-01"}])
def test_it_runs_a_fixed_number_of_queries(client_for, org, admin, params):
    client = client_for(admin)
    client.get(URL)  # the first page read of the test also looks up the host's organization
    assert _queries(client, org, admin, 5, params) == _queries(client, org, admin, 30, params)


def test_it_runs_a_fixed_number_of_queries_with_many_people(client_for, org, admin):
    client = client_for(admin)
    client.get(URL)  # the first page read of the test also looks up the host's organization

    def queries(count: int) -> int:
        AuditEntry.objects.all().delete()
        for index in range(count):
            person = User.objects.create(username=f"p{count}-{index}", organization=org,
                                         email=f"p{count}-{index}@example.org")
            make_entries(org, person, 1)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    assert queries(5) == queries(30)
