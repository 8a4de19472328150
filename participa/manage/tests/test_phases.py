"""Phases of a process: list in order, create, edit, move, delete."""

from __future__ import annotations

import pytest

from participa.core.models import AuditEntry
from participa.spaces.models import Phase

pytestmark = pytest.mark.django_db


def url(space, suffix: str = "") -> str:
    return f"/manage/spaces/{space.slug}/phases/{suffix}"


def titles(space) -> list[str]:
    return [str(p) for p in Phase.objects.filter(space=space)]


def test_it_lists_phases_in_order_with_the_active_one(client_for, admin, process, phases):
    html = client_for(admin).get(url(process)).content.decode()
    assert html.index("Proposals") < html.index("Voting") < html.index("Results")
    assert "Active now" in html


def test_it_shows_an_empty_state(client_for, admin, process):
    assert "No phases yet" in client_for(admin).get(url(process)).content.decode()


def test_it_is_404_for_an_assembly(client_for, admin, assembly):
    assert client_for(admin).get(url(assembly)).status_code == 404


def test_it_creates_a_phase_at_the_end(client_for, admin, process, phases):
    response = client_for(admin).post(url(process, "new/"), {
        "title__en": "Report", "start_date": "2031-01-01", "end_date": "2031-01-31"})
    assert response.status_code == 302
    assert titles(process)[-1] == "Report"
    assert AuditEntry.objects.get(action="phase.create").actor == admin


def test_it_explains_an_end_date_before_the_start_date(client_for, admin, process):
    response = client_for(admin).post(url(process, "new/"), {
        "title__en": "Backwards", "start_date": "2031-02-01", "end_date": "2031-01-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "The end date can&#x27;t be before the start date." in html
    assert 'value="Backwards"' in html
    assert not Phase.objects.exists()


def test_it_explains_an_edit_with_dates_in_the_wrong_order(client_for, admin, process, phases):
    response = client_for(admin).post(url(process, f"{phases[0].pk}/"), {
        "title__en": "Proposals", "start_date": "2031-02-01", "end_date": "2031-01-01"})
    assert response.status_code == 200
    assert "before the start date" in response.content.decode()


def test_it_edits_a_phase(client_for, admin, process, phases):
    response = client_for(admin).post(url(process, f"{phases[0].pk}/"), {
        "title__en": "Ideas", "start_date": "2031-01-01", "end_date": "2031-01-31"})
    assert response.status_code == 302
    phases[0].refresh_from_db()
    assert str(phases[0]) == "Ideas"
    changes = AuditEntry.objects.get(action="phase.update").changes
    assert changes["title"] == [{"en": "Proposals"}, {"en": "Ideas"}]


def test_it_moves_a_phase_up_and_down(client_for, admin, process, phases):
    client = client_for(admin)
    client.post(url(process, f"{phases[2].pk}/move/"), {"direction": "up"})
    assert titles(process) == ["Proposals", "Results", "Voting"]
    client.post(url(process, f"{phases[0].pk}/move/"), {"direction": "down"})
    assert titles(process) == ["Results", "Proposals", "Voting"]


def test_it_deletes_a_phase_after_confirmation(client_for, admin, process, phases):
    client = client_for(admin)
    assert "Yes, delete" in client.get(url(process, f"{phases[1].pk}/delete/")).content.decode()
    assert len(titles(process)) == 3
    client.post(url(process, f"{phases[1].pk}/delete/"))
    assert titles(process) == ["Proposals", "Results"]


@pytest.mark.parametrize("persona", ["moderator", "district_rep", "resident", "space_manager"])
def test_it_is_404_for_people_who_may_not_manage_the_space(client_for, request, persona,
                                                           process, phases):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(url(process)).status_code == 404
    assert client.post(url(process, "new/"), {
        "title__en": "X", "start_date": "2031-01-01", "end_date": "2031-01-02"}
    ).status_code == 404
    assert client.post(url(process, f"{phases[0].pk}/delete/")).status_code == 404
    assert client.post(url(process, f"{phases[2].pk}/move/"),
                       {"direction": "up"}).status_code == 404
    assert titles(process) == ["Proposals", "Voting", "Results"]


def test_it_is_404_for_a_phase_of_another_space(client_for, official, process, phases,
                                                other_area_process):
    foreign = Phase.objects.create(space=other_area_process, title={"en": "Foreign"},
                                   start_date="2031-01-01", end_date="2031-01-02")
    client = client_for(official)
    assert client.get(url(process, f"{foreign.pk}/")).status_code == 404
    assert client.post(url(process, f"{foreign.pk}/delete/")).status_code == 404
    assert Phase.objects.filter(pk=foreign.pk).exists()
