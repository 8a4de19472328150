"""Server-side SVG charts: accessible (role="img", <title>, <desc>, text labels on every bar),
readable without JavaScript or CSS and in PDF. Always shown next to a table of the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_COLOUR = "#1d4e89"
TEXT_COLOUR = "#1a1a1a"
AXIS_COLOUR = "#595959"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    sublabel: str = ""


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def bar_chart_svg(*, chart_id: str, title: str, description: str, bars: Sequence[Bar],
                  width: int = 720, height: int = 280) -> SafeString:
    """A vertical bar chart: one ``<rect class="bar">`` per bar, its value written above it and
    its label below, so that nothing depends on colour."""
    top, bottom, left, right = 28, 48, 12, 12
    plot_height = height - top - bottom
    plot_width = width - left - right
    slot = plot_width / max(len(bars), 1)
    bar_width = slot * 0.64
    highest = max((bar.value for bar in bars), default=0) or 1
    baseline = top + plot_height
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<line class="axis" x1="{left}" y1="{_number(baseline)}" x2="{width - right}" '
        f'y2="{_number(baseline)}" stroke="{AXIS_COLOUR}" stroke-width="1"/>',
    ]
    for index, bar in enumerate(bars):
        bar_height = plot_height * bar.value / highest
        x = left + slot * index + (slot - bar_width) / 2
        y = baseline - bar_height
        centre = left + slot * index + slot / 2
        parts.append(
            f'<g class="bar-group">'
            f'<rect class="bar" x="{_number(x)}" y="{_number(y)}" width="{_number(bar_width)}" '
            f'height="{_number(bar_height)}" fill="{BAR_COLOUR}"/>'
            f'<text class="value" x="{_number(centre)}" y="{_number(y - 6)}" '
            f'text-anchor="middle" fill="{TEXT_COLOUR}">{bar.value}</text>'
            f'<text class="label" x="{_number(centre)}" y="{_number(baseline + 16)}" '
            f'text-anchor="middle" fill="{TEXT_COLOUR}">{escape(bar.label)}</text>'
        )
        if bar.sublabel:
            parts.append(
                f'<text class="sublabel" x="{_number(centre)}" y="{_number(baseline + 32)}" '
                f'text-anchor="middle" fill="{AXIS_COLOUR}">{escape(bar.sublabel)}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped
