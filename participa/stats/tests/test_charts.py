"""The server-side SVG bar chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from participa.stats.charts import Bar, bar_chart_svg

SVG = "{http://www.w3.org/2000/svg}"


def _chart(values: list[int]) -> ET.Element:
    bars = [Bar(label=f"M{i}", sublabel="2026", value=v) for i, v in enumerate(values)]
    return ET.fromstring(str(bar_chart_svg(chart_id="c", title="Comments <per> month",
                                           description="Numbers & more", bars=bars)))


def _text(root: ET.Element, path: str) -> str:
    element = root.find(path)
    assert element is not None
    return element.text or ""


def test_it_is_an_accessible_image_with_title_and_description():
    root = _chart([1, 2])
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c-title c-desc"
    assert _text(root, f"{SVG}title") == "Comments <per> month"
    assert _text(root, f"{SVG}desc") == "Numbers & more"


def test_it_draws_one_bar_per_value_with_its_number_and_label_in_text():
    root = _chart([4, 0, 2])
    rects = root.findall(f".//{SVG}rect[@class='bar']")
    assert len(rects) == 3
    heights = [float(rect.get("height", "nan")) for rect in rects]
    assert heights[1] == 0
    assert heights[0] == 2 * heights[2]
    values = [t.text for t in root.findall(f".//{SVG}text[@class='value']")]
    labels = [t.text for t in root.findall(f".//{SVG}text[@class='label']")]
    assert values == ["4", "0", "2"]
    assert labels == ["M0", "M1", "M2"]


def test_it_draws_an_empty_chart_without_dividing_by_zero():
    root = _chart([0, 0])
    assert all(float(r.get("height", "nan")) == 0 for r in root.findall(f".//{SVG}rect"))
