"""Rich text: a Markdown subset rendered to HTML and sanitised with nh3."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr",
}


def render_markdown(text: str) -> str:
    """Markdown (raw HTML disabled) to safe HTML. Headings start at h2: the page owns h1."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    html = md.render(text or "")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    html = html.replace("<th>", '<th scope="col">').replace('<th style=', '<th scope="col" style=')
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"scope"}, "td": set()},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )
