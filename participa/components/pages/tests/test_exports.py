"""Open data: the published pages of a component."""

from __future__ import annotations

from participa.components.pages.exports import page_rows
from participa.spaces.registry import get_spec


def test_it_exports_one_row_per_page_with_a_column_per_language(component, two_pages):
    rows = page_rows(component)
    assert [row["slug"] for row in rows] == ["about", "calendar"]
    assert rows[0]["title_en"] == "About the plan"
    assert rows[0]["title_ro"] == ""
    assert rows[0]["body_en"].startswith("## Why")
    assert {"title_pl", "body_pl", "space", "updated_at"} <= set(rows[0])


def test_it_exports_nothing_that_is_not_public(component, two_pages):
    component.published_at = None
    assert page_rows(component) == []
    component.published_at = component.created_at
    component.space.visibility = "members"
    assert page_rows(component) == []
    component.space.visibility = "public"
    component.space.published_at = None
    assert page_rows(component) == []


def test_it_is_declared_as_open_data(component, two_pages):
    spec = get_spec("pages")
    assert spec is not None
    export = spec.exports[0]
    assert export.open_data
    assert len(export.rows(component)) == 2
