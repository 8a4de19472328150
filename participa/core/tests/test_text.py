from hypothesis import given
from hypothesis import strategies as st

from participa.core.text import render_markdown


def test_it_renders_the_markdown_subset():
    html = render_markdown("# Title\n\n**bold** and [a link](https://example.org)")
    assert "<h2>Title</h2>" in html  # the page's own title is the only h1
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="nofollow noopener"' in html


def test_it_removes_html_scripts_and_javascript_links():
    html = render_markdown(
        '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=y>'
    )
    assert "<script" not in html
    assert "href" not in html  # the javascript: link stays inert text
    assert "<img" not in html


@given(st.text(max_size=300))
def test_it_never_lets_a_tag_through_from_arbitrary_text(text):
    html = render_markdown(text)
    assert "<script" not in html.lower()
    assert "onerror=" not in html.lower()


def test_it_gives_table_headers_a_scope():
    html = render_markdown("| Commitment | Deadline |\n|---|---|\n| Open data | 2027 |")
    assert '<th scope="col">Commitment</th>' in html
