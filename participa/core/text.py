"""Rich text: a Markdown subset rendered to HTML and sanitised with nh3."""

from __future__ import annotations

import functools

import nh3
from markdown_it import MarkdownIt

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr",
}


_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
# Pages render the same texts again and again: the HTML of recent ones is kept per process
# (a pure function of the text; at most CACHED_TEXTS texts of up to CACHED_LENGTH characters).
CACHED_TEXTS = 1024
CACHED_LENGTH = 20_000


def render_markdown(text: str) -> str:
    """Markdown (raw HTML disabled) to safe HTML. Headings start at h2: the page owns h1."""
    text = text or ""
    return _cached_render(text) if len(text) <= CACHED_LENGTH else _render(text)


@functools.lru_cache(maxsize=CACHED_TEXTS)
def _cached_render(text: str) -> str:
    return _render(text)


def _render(text: str) -> str:
    html = _md.render(text)
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    html = html.replace("<th>", '<th scope="col">').replace('<th style=', '<th scope="col" style=')
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"scope"}, "td": set()},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )
