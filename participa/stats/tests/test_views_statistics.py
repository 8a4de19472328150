"""The organization statistics page, the space page block and the footer link."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from django.db import connection
from django.test.utils import CaptureQueriesContext

from participa.conftest import make_user

from .conftest import add_comment, follow, make_component, make_page, make_space
from .test_charts import _text

SVG = "{http://www.w3.org/2000/svg}"


def _svg(html: str) -> ET.Element:
    match = re.search(r"<svg .*?</svg>", html, re.S)
    assert match, "no chart"
    return ET.fromstring(match.group(0))


def test_it_shows_the_numbers_a_chart_and_the_same_numbers_in_a_table(client_for, org, space,
                                                                      two_pages, resident,
                                                                      ngo_member):
    add_comment(two_pages[0], resident, "One")
    add_comment(two_pages[0], ngo_member, "Two")
    follow(resident, space)
    response = client_for(None).get("/statistics/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    root = _svg(html)
    assert root.get("role") == "img"
    assert _text(root, f"{SVG}title") == "Comments per month"
    assert "2 in all" in _text(root, f"{SVG}desc")
    assert len(root.findall(f".//{SVG}rect[@class='bar']")) == 12
    values = [t.text for t in root.findall(f".//{SVG}text[@class='value']")]
    assert values[-1] == "2"
    month_rows = re.findall(r'<tr><th scope="row"><time datetime="(\d{4}-\d\d)">', html)
    assert len(month_rows) == 12
    assert re.search(r"<dt>Participants</dt><dd>2</dd>", html)
    assert re.search(r"<dt>Followers</dt><dd>1</dd>", html)
    space_row = re.search(r'<th scope="row"><a href="/spaces/ogp-plan/">.*?</tr>', html, re.S)
    assert space_row is not None
    assert re.findall(r"<td>(\d+)</td>", space_row.group(0)) == ["2", "2", "2", "1"]


def test_it_lists_only_public_spaces(client_for, org, space, admin):
    make_space(org, slug="draft-space", published=False)
    make_space(org, slug="members-space", visibility="members")
    html = client_for(admin).get("/statistics/").content.decode()
    assert "/ogp-plan/" in html
    assert "draft-space" not in html and "members-space" not in html


def test_it_shows_an_empty_state_without_spaces(client_for, org):
    html = client_for(None).get("/statistics/").content.decode()
    assert "No public spaces yet." in html
    assert len(_svg(html).findall(f".//{SVG}rect[@class='bar']")) == 12


def _spaces_with_comments(org, count, start):
    author = make_user(org, f"author{start}")
    for n in range(start, start + count):
        space = make_space(org, slug=f"space-{n}")
        page = make_page(make_component(space), "p", "P")
        add_comment(page, author, "Hello")
        follow(author, space)


def _queries(client, url):
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_it_runs_the_same_number_of_queries_for_3_and_30_spaces(client_for, org):
    _spaces_with_comments(org, 3, 0)
    client = client_for(None)
    few = _queries(client, "/statistics/")
    _spaces_with_comments(org, 27, 3)
    many = _queries(client, "/statistics/")
    assert few == many


def test_it_shows_participation_on_the_space_page(client_for, org, space, two_pages, resident,
                                                  ngo_member, moderator):
    add_comment(two_pages[0], resident, "One")
    add_comment(two_pages[1], resident, "Two")
    follow(ngo_member, space)
    follow(moderator, space)
    html = client_for(None).get("/spaces/ogp-plan/").content.decode()
    block = html[html.index('id="participation-heading"'):]
    block = block[:block.index("</section>")]
    assert re.search(r"<dt>Participants</dt><dd>1</dd>", block)
    assert re.search(r"<dt>Comments</dt><dd>2</dd>", block)
    assert re.search(r"<dt>Followers</dt><dd>2</dd>", block)


def test_it_shows_no_participation_block_on_spaces_that_are_not_public(client_for, org,
                                                                       admin):
    make_space(org, slug="members-space", visibility="members")
    response = client_for(admin).get("/spaces/members-space/")
    assert response.status_code == 200
    assert "participation-heading" not in response.content.decode()


def test_it_links_statistics_from_every_page_footer(client_for, org):
    html = client_for(None).get("/").content.decode()
    assert 'href="/statistics/"' in html[html.index("<footer"):]


def test_it_counts_a_space_in_a_fixed_number_of_queries(org, space, two_pages):
    from django.template import Context, Template

    template = Template("{% load stats_tags %}{% space_statistics space %}")

    def queries() -> int:
        template.render(Context({"space": space}))
        with CaptureQueriesContext(connection) as captured:
            template.render(Context({"space": space}))
        return len(captured)

    few = queries()
    for n in range(10):
        author = make_user(org, f"commenter{n}")
        add_comment(two_pages[n % 2], author, "Hello")
        follow(author, space)
    # One query per contribution kind (comments, consultation contributions, questions on
    # meeting agendas, meeting registrations, proposals, supports of proposals, budget
    # projects and their support signatures) and one for the followers.
    assert queries() == few == 9
