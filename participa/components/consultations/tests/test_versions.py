"""Versions of the text: revised and final texts, the side-by-side comparison (staff and
public), linking changes to contributions, and the changes listed for the report."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from participa.components.consultations.models import (
    ArticleChange,
    ConsultationState,
    DraftVersion,
    VersionKind,
)
from participa.components.consultations.services import versions as services
from participa.components.consultations.tests.conftest import make_consultation, make_contribution
from participa.core.models import AuditEntry
from participa.lib.documents import Unit

REVISED = """# Art. 1 Scope

This decision sets the rules for parking in the city centre.

# Art. 2 Fees

Parking costs 3 lei per hour between 8:00 and 18:00.

# Art. 3 Residents

Residents of the centre pay 100 lei per year.

# Art. 4 Bicycles

Bicycle parking is free.
"""


def manage_url(name: str, consultation: Any, *args: Any) -> str:
    component = consultation.component
    return reverse(f"manage:consultations:{name}",
                   args=[component.space.slug, component.pk, consultation.pk, *args])


def public_url(consultation: Any, a: int, b: int) -> str:
    component = consultation.component
    return reverse("spaces:consultations:version_diff",
                   args=[component.space.slug, component.pk, consultation.slug, a, b])


def units(text: str = REVISED) -> list[Unit]:
    return services.parse_source(text.encode(), "revised.md")


@pytest.fixture
def revised(consultation: Any, manager: Any) -> DraftVersion:
    return services.version_create(acting_user=manager, consultation=consultation,
                                   kind=VersionKind.REVISED, units=units(), note="After debate")


# --- services -------------------------------------------------------------------------------


def test_it_adds_versions_in_order_and_only_one_final(consultation, manager, revised):
    assert (revised.number, revised.kind) == (2, VersionKind.REVISED)
    final = services.version_create(acting_user=manager, consultation=consultation,
                                    kind=VersionKind.FINAL, units=units())
    assert final.number == 3
    with pytest.raises(services.VersionRefused):
        services.version_create(acting_user=manager, consultation=consultation,
                                kind=VersionKind.FINAL, units=units())
    with pytest.raises(services.VersionRefused):
        services.version_create(acting_user=manager, consultation=consultation,
                                kind=VersionKind.REVISED, units=units())
    assert AuditEntry.objects.filter(action="consultation.version_create").count() == 2


def test_the_database_allows_one_final_text_only(consultation):
    from django.db import IntegrityError, transaction

    DraftVersion.objects.create(consultation=consultation, number=2, kind=VersionKind.FINAL)
    with pytest.raises(IntegrityError), transaction.atomic():
        DraftVersion.objects.create(consultation=consultation, number=3, kind=VersionKind.FINAL)


def test_it_refuses_versions_of_a_draft_consultation(component, manager):
    draft = make_consultation(component, slug="draft", state=ConsultationState.DRAFT)
    with pytest.raises(services.VersionRefused):
        services.version_create(acting_user=manager, consultation=draft,
                                kind=VersionKind.REVISED, units=units())


def test_it_compares_two_versions_article_by_article(consultation, revised):
    draft = DraftVersion.objects.get(consultation=consultation, number=1)
    rows = {row.key: row for row in services.version_compare(draft, revised)}
    assert rows["art-1"].status == "same"
    assert rows["art-2"].status == "changed"
    assert ("delete", "5") in rows["art-2"].segments
    assert ("insert", "3") in rows["art-2"].segments
    assert rows["art-4"].status == "added"


def test_it_links_a_change_to_contributions(consultation, articles, manager, revised):
    make_contribution(consultation, channel="email", number=12)
    make_contribution(consultation, channel="email", number=40)
    services.article_change_link(acting_user=manager, version=revised, article_key="art-2",
                                 contribution_numbers=[40, 12], note="Fee lowered.")
    change = ArticleChange.objects.get(version=revised, article_key="art-2")
    assert sorted(change.contributions.values_list("number", flat=True)) == [12, 40]
    # Saving again replaces the links.
    services.article_change_link(acting_user=manager, version=revised, article_key="art-2",
                                 contribution_numbers=[12], note="")
    assert list(change.contributions.values_list("number", flat=True)) == [12]
    assert AuditEntry.objects.filter(action="consultation.change_link").count() == 2


def test_it_refuses_unknown_registration_numbers(consultation, manager, revised):
    with pytest.raises(ValidationError) as error:
        services.article_change_link(acting_user=manager, version=revised,
                                     article_key="art-2", contribution_numbers=[99])
    assert "#99" in error.value.messages[0]


def test_it_lists_the_changes_for_the_report(consultation, manager, revised):
    make_contribution(consultation, channel="email", number=12)
    assert services.changes_for_report(consultation)[0]["key"] == "art-2"
    services.article_change_link(acting_user=manager, version=revised, article_key="art-2",
                                 contribution_numbers=[12], note="Fee lowered.")
    final = services.version_create(acting_user=manager, consultation=consultation,
                                    kind=VersionKind.FINAL, units=units(REVISED.replace(
                                        "Bicycle parking is free.", "Bicycles park free.")))
    assert final.number == 3
    changes = {item["key"]: item for item in services.changes_for_report(consultation)}
    assert set(changes) == {"art-2", "art-4"}
    assert changes["art-2"]["contributions"] == [12]
    assert changes["art-2"]["note"] == "Fee lowered."
    assert "5 lei" in changes["art-2"]["before"] and "3 lei" in changes["art-2"]["after"]
    assert changes["art-4"]["status"] == "added" and changes["art-4"]["before"] == ""
    assert changes["art-4"]["after"].endswith("Bicycles park free.")


def test_it_has_no_changes_with_a_single_version(consultation):
    assert services.changes_for_report(consultation) == []


# --- staff pages ----------------------------------------------------------------------------


def test_it_lists_the_versions(client_for, consultation, manager, revised):
    text = client_for(manager).get(manage_url("manage_versions", consultation)).text
    assert "Revised text" in text and "After debate" in text
    assert manage_url("manage_version_diff", consultation, 1, 2) in text
    assert "Upload a revised or the final text" in text


def test_it_uploads_a_revised_text_and_shows_what_changed(client_for, consultation, manager):
    client = client_for(manager)
    response = client.post(manage_url("manage_versions", consultation), {
        "kind": "revised", "note": "",
        "file": SimpleUploadedFile("revised.md", REVISED.encode())})
    assert response.status_code == 302
    assert response["Location"] == manage_url("manage_version_diff", consultation, 1, 2)
    text = client.get(response["Location"]).text
    assert "Before" in text and "After" in text
    assert "<del>" in text and "<ins>" in text
    assert "deleted:" in text and "inserted:" in text
    assert "Why did “Art. 2 Fees” change?" in text


def test_it_explains_an_upload_that_cannot_be_read(client_for, consultation, manager):
    response = client_for(manager).post(manage_url("manage_versions", consultation), {
        "kind": "final", "file": SimpleUploadedFile("final.odt", b"broken")})
    assert response.status_code == 200
    assert "could not be read" in response.text
    assert DraftVersion.objects.filter(consultation=consultation).count() == 1


def test_the_picker_goes_to_the_comparison(client_for, consultation, manager, revised):
    response = client_for(manager).get(manage_url("manage_versions", consultation),
                                       {"a": "2", "b": "1"})
    assert response["Location"] == manage_url("manage_version_diff", consultation, 2, 1)


def test_it_links_changes_from_the_comparison(client_for, consultation, manager, revised):
    make_contribution(consultation, channel="email", number=12)
    client = client_for(manager)
    page = client.get(manage_url("manage_version_diff", consultation, 1, 2))
    row = next(r for r in page.context["rows"] if r.key == "art-2")
    prefix = row.form.prefix
    response = client.post(manage_url("manage_version_link", consultation, 1, 2), {
        "prefix": prefix, f"{prefix}-article_key": "art-2",
        f"{prefix}-contributions": "#12", f"{prefix}-note": "Fee lowered."})
    assert response.status_code == 302
    change = ArticleChange.objects.get(version=revised, article_key="art-2")
    assert list(change.contributions.values_list("number", flat=True)) == [12]
    text = client.get(manage_url("manage_version_diff", consultation, 1, 2)).text
    assert "Changed following contribution #12." in text


def test_it_reports_wrong_numbers_when_linking(client_for, consultation, manager, revised):
    client = client_for(manager)
    response = client.post(manage_url("manage_version_link", consultation, 1, 2), {
        "prefix": "change-1", "change-1-article_key": "art-2",
        "change-1-contributions": "twelve, 77"}, follow=True)
    assert "These are not registration numbers: twelve." in response.text
    response = client.post(manage_url("manage_version_link", consultation, 1, 2), {
        "prefix": "change-1", "change-1-article_key": "art-2",
        "change-1-contributions": "77"}, follow=True)
    assert "registration number #77" in response.text
    assert not ArticleChange.objects.exists()


def test_the_version_pages_are_for_staff(client_for, consultation, resident, revised):
    client = client_for(resident)
    assert client.get(manage_url("manage_versions", consultation)).status_code == 404
    assert client.get(manage_url("manage_version_diff", consultation, 1, 2)).status_code == 404


# --- public comparison ----------------------------------------------------------------------


def test_the_public_sees_the_comparison_and_its_reasons(client_for, consultation, manager,
                                                        revised):
    make_contribution(consultation, channel="email", number=12)
    make_contribution(consultation, channel="email", number=40)
    services.article_change_link(acting_user=manager, version=revised, article_key="art-2",
                                 contribution_numbers=[12, 40], note="")
    response = client_for(None).get(public_url(consultation, 1, 2))
    assert response.status_code == 200
    text = response.text
    assert "Changed following contributions #12, #40." in text
    assert "<del>" in text and "<ins>" in text
    assert '<h3>Before' in text and '<h3>After' in text
    assert "Why did" not in text  # no staff form
    assert "Art. 1" not in text  # unchanged articles only on request
    assert "Art. 1" in client_for(None).get(public_url(consultation, 1, 2), {"all": "1"}).text


def test_the_public_comparison_hides_drafts_and_unknown_versions(client_for, component,
                                                                 consultation, revised):
    draft = make_consultation(component, slug="draft", state=ConsultationState.DRAFT)
    assert client_for(None).get(public_url(draft, 1, 1)).status_code == 404
    assert client_for(None).get(public_url(consultation, 1, 9)).status_code == 404
