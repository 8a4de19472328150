"""The Markdown subset of comments: emphasis, links, lists, quotes and code, sanitised by nh3.

No headings, images, tables or raw HTML; every link gets ``rel="nofollow ugc"`` so that
comments never pass search-engine reputation to the sites they link to.
"""

from __future__ import annotations

import functools

import nh3
from markdown_it import MarkdownIt

_ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre"}

_md = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True})
    .disable(["image", "heading", "lheading", "html_block", "html_inline", "hr"])
)


# The HTML of recent comments is kept per process (a pure function of the text).
CACHED_COMMENTS = 4096


@functools.lru_cache(maxsize=CACHED_COMMENTS)
def render_comment(text: str) -> str:
    """Comment Markdown to safe HTML."""
    html = _md.render(text or "")
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc",
    )
