"""The comment Markdown subset: safe HTML, nofollow links, no images, no raw HTML."""

from __future__ import annotations

from participa.comments.text import render_comment
from participa.core.text import render_markdown


def test_it_renders_emphasis_lists_and_links_with_nofollow_ugc():
    html = render_comment("**Bold** and *it*\n\n- one\n- two\n\n[site](https://example.org)")
    assert "<strong>Bold</strong>" in html and "<em>it</em>" in html
    assert "<li>one</li>" in html
    assert 'rel="nofollow ugc"' in html and 'href="https://example.org"' in html


def test_it_drops_images_raw_html_and_scripts():
    html = render_comment('![x](https://e.org/a.png) <img src=x onerror=alert(1)> '
                          '<script>alert(1)</script> <b>raw</b>')
    assert "<img" not in html and "<script" not in html and "<b>" not in html
    # Raw HTML stays as escaped text: the handler cannot run.
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert html.count("onerror") == 1


def test_it_refuses_javascript_links_and_headings():
    html = render_comment("[x](javascript:alert(1))\n\n# Big")
    assert "href=\"javascript" not in html
    assert "<h1" not in html and "<h2" not in html


def test_it_leaves_the_page_renderer_unchanged():
    assert 'rel="nofollow noopener"' in render_markdown("[a](https://e.org)")
