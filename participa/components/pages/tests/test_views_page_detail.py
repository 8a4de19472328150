"""One page: its Markdown text (sanitised), the contents of the component, and access checks."""

from __future__ import annotations

from html.parser import HTMLParser

from django.urls import reverse

from participa.components.pages.tests.conftest import make_page


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.names = []
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        self.names.append(tag)
        self.hrefs.extend(value or "" for name, value in attrs if name == "href")


def url(page):
    return reverse("spaces:pages:page_detail",
                   args=[page.component.space.slug, page.component.pk, page.slug])


def test_it_shows_the_page_with_its_markdown(client_for, two_pages):
    response = client_for(None).get(url(two_pages[0]))
    assert response.status_code == 200
    assert "<h1>About the plan</h1>" in response.text
    assert "<h2>Why</h2>" in response.text
    assert "<strong>we care</strong>" in response.text


def test_it_shows_the_text_in_the_visitors_language(client_for, component):
    page = make_page(component, "about", "About")
    page.title = {"en": "About", "ro": "Despre"}
    page.body = {"en": "In English", "ro": "În română"}
    page.save()
    response = client_for(None).get(url(page), HTTP_ACCEPT_LANGUAGE="ro")
    assert "Despre" in response.text
    assert "În română" in response.text


def test_it_marks_the_current_page_in_the_contents(client_for, two_pages):
    response = client_for(None).get(url(two_pages[1]))
    assert f'href="{url(two_pages[0])}"' in response.text
    assert f'href="{url(two_pages[1])}" aria-current="page"' in response.text


def test_it_hides_the_contents_when_the_setting_is_off(client_for, component, two_pages):
    component.settings = {"show_table_of_contents": False}
    component.save()
    response = client_for(None).get(url(two_pages[1]))
    assert f'href="{url(two_pages[0])}"' not in response.text


def test_it_removes_scripts_and_javascript_links(client_for, component):
    page = make_page(
        component, "unsafe", "Unsafe",
        "<script>alert('x')</script>\n\n[click me](javascript:alert(1)) and "
        '<a href="javascript:alert(2)">raw</a> <img src=x onerror=alert(3)>',
    )
    response = client_for(None).get(url(page))
    assert response.status_code == 200
    body = response.text.split('<div class="rich-text">', 1)[1].split("</div>", 1)[0]
    tags = TagCollector()
    tags.feed(body)
    assert "script" not in tags.names
    assert "img" not in tags.names
    assert not [href for href in tags.hrefs if "javascript" in href.lower()]
    assert "click me" in body  # the words stay, only the dangerous link goes


def test_it_answers_404_for_a_missing_page(client_for, component, two_pages):
    response = client_for(None).get(
        reverse("spaces:pages:page_detail",
                args=[component.space.slug, component.pk, "nowhere"])
    )
    assert response.status_code == 404


def test_it_answers_404_when_the_space_is_not_published(client_for, space, two_pages, resident,
                                                      manager):
    space.published_at = None
    space.save()
    assert client_for(resident).get(url(two_pages[0])).status_code == 404
    assert client_for(manager).get(url(two_pages[0])).status_code == 200


def test_it_answers_404_on_the_other_organizations_host(client_for, two_pages, other_org):
    assert client_for(None, host="other.test").get(url(two_pages[0])).status_code == 404


def test_it_offers_staff_the_edit_link(client_for, two_pages, admin, ngo_member):
    page = two_pages[0]
    edit = reverse("manage:pages:manage_edit",
                   args=[page.component.space.slug, page.component.pk, page.pk])
    assert edit in client_for(admin).get(url(page)).text
    assert edit not in client_for(ngo_member).get(url(page)).text


def test_the_markdown_filter_sanitises_whatever_reaches_it():
    from participa.core.templatetags.participa import markdown_filter

    html = markdown_filter({"en": "[ok](https://example.org) [bad](javascript:alert(1)) "
                                  "<javascript:alert(2)>"})
    tags = TagCollector()
    tags.feed(html)
    assert tags.hrefs == ["https://example.org"]
