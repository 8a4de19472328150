"""Public views of the pages component: the table of contents and each page."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from participa.components.pages import permissions
from participa.components.pages.models import Page
from participa.components.pages.selectors import page_get_for_user, page_list_visible
from participa.core.http import OrgRequest
from participa.core.pagecache import cache_for_visitors
from participa.spaces.decorators import component_view
from participa.spaces.models import Component


def _render_page(request: OrgRequest, component: Component, page: Page,
                 pages: list[Page]) -> HttpResponse:
    return render(request, "pages/page_detail.html", {
        "component": component,
        "space": component.space,
        "page": page,
        "pages": pages,
        "show_toc": bool(component.setting("show_table_of_contents")) and len(pages) > 1,
        "can_manage": permissions.can_manage_pages(request.user, component),
        "can_comment": permissions.can_comment_page(request.user, page),
        "nav": "processes" if component.space.is_process else "assemblies",
    })


@cache_for_visitors
@component_view("pages")
def index(request: OrgRequest, component: Component) -> HttpResponse:
    """The list of pages; a component with a single page shows that page directly."""
    pages = page_list_visible(request.user, component)
    if len(pages) == 1:
        return _render_page(request, component, pages[0], pages)
    return render(request, "pages/index.html", {
        "component": component,
        "space": component.space,
        "pages": pages,
        "can_manage": permissions.can_manage_pages(request.user, component),
        "nav": "processes" if component.space.is_process else "assemblies",
    })


@cache_for_visitors
@component_view("pages", item=page_get_for_user)
def page_detail(request: OrgRequest, component: Component, page: Page) -> HttpResponse:
    return _render_page(request, component, page, page_list_visible(request.user, component))
