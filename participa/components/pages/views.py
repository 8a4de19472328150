"""Public views of the pages component: the table of contents and each page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from participa.components.pages import permissions
from participa.components.pages.models import Page
from participa.components.pages.selectors import page_get_for_user, page_list_visible
from participa.core.pagecache import cache_for_visitors
from participa.spaces.models import Component
from participa.spaces.views import get_component_or_404


def _render_page(request: HttpRequest, component: Component, page: Page,
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
def index(request: HttpRequest, space_slug: str, component_id: int) -> HttpResponse:
    """The list of pages; a component with a single page shows that page directly."""
    component = get_component_or_404(request, space_slug, component_id, "pages")
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
def page_detail(request: HttpRequest, space_slug: str, component_id: int,
                slug: str) -> HttpResponse:
    component = get_component_or_404(request, space_slug, component_id, "pages")
    page = page_get_for_user(request.user, component, slug)
    if page is None:
        raise Http404
    return _render_page(request, component, page, page_list_visible(request.user, component))
