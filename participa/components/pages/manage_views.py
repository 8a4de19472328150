"""Staff views of the pages component: list, create, edit, reorder and delete pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participa.components.pages import services
from participa.components.pages.forms import PageForm
from participa.components.pages.models import Page
from participa.components.pages.permissions import can_manage_pages
from participa.manage.access import get_managed_component_or_404
from participa.manage.views import render_manage
from participa.spaces.models import Component

COMPONENT_TYPE = "pages"
PAGES_PER_SCREEN = 50


def _component_or_404(request: HttpRequest, space_slug: str, component_id: int) -> Component:
    """The component if the person may run its pages; 404 otherwise (missing = forbidden)."""
    component: Component = get_managed_component_or_404(
        request, space_slug, component_id, COMPONENT_TYPE
    )
    if not can_manage_pages(request.user, component):
        raise Http404
    return component


def _page_or_404(component: Component, page_id: int) -> Page:
    page = Page.objects.filter(component=component, pk=page_id).first()
    if page is None:
        raise Http404
    page.component = component
    return page


def _index_url(component: Component) -> str:
    return reverse("manage:pages:manage_index", args=[component.space.slug, component.pk])


def _render(request: HttpRequest, template: str, component: Component,
            **extra: object) -> HttpResponse:
    context = {"component": component, "space": component.space, **extra}
    return render_manage(request, template, context, nav="spaces")


def manage_index(request: HttpRequest, space_slug: str, component_id: int) -> HttpResponse:
    component = _component_or_404(request, space_slug, component_id)
    pages = Page.objects.filter(component=component).order_by("position", "id")
    page_obj = Paginator(pages, PAGES_PER_SCREEN).get_page(request.GET.get("page"))
    rows = list(page_obj.object_list)
    for page in rows:
        page.component = component
    return _render(request, "pages/manage/index.html", component, page_obj=page_obj, pages=rows)


def manage_create(request: HttpRequest, space_slug: str, component_id: int) -> HttpResponse:
    component = _component_or_404(request, space_slug, component_id)
    org = component.space.organization
    form = PageForm(request.POST or None, organization=org, instance=Page(component=component))
    if request.method == "POST" and form.is_valid():
        values = form.translated_values()
        page = services.page_create(
            acting_user=request.user,  # type: ignore[arg-type]
            component=component, title=values["title"], body=values["body"],
            slug=form.cleaned_data["slug"],
        )
        messages.success(request, _("The page “%(title)s” was created.") % {"title": page})
        return HttpResponseRedirect(_index_url(component))
    return _render(request, "pages/manage/form.html", component, form=form, page=None)


def manage_edit(request: HttpRequest, space_slug: str, component_id: int,
                page_id: int) -> HttpResponse:
    component = _component_or_404(request, space_slug, component_id)
    page = _page_or_404(component, page_id)
    page_title = str(page)
    org = component.space.organization
    form = PageForm(request.POST or None, organization=org, instance=page,
                    initial={"slug": page.slug})
    if request.method == "POST" and form.is_valid():
        values = form.translated_values()
        # The form wrote the new texts on the instance: reload it so the audit sees the change.
        page = _page_or_404(component, page_id)
        services.page_update(
            acting_user=request.user,  # type: ignore[arg-type]
            page=page, title=values["title"], body=values["body"],
            slug=form.cleaned_data["slug"],
        )
        messages.success(request, _("The page “%(title)s” was saved.") % {"title": page})
        return HttpResponseRedirect(_index_url(component))
    return _render(request, "pages/manage/form.html", component, form=form, page=page,
                   page_title=page_title)


def manage_delete(request: HttpRequest, space_slug: str, component_id: int,
                  page_id: int) -> HttpResponse:
    component = _component_or_404(request, space_slug, component_id)
    page = _page_or_404(component, page_id)
    if request.method == "POST":
        title = str(page)
        services.page_delete(acting_user=request.user, page=page)  # type: ignore[arg-type]
        messages.success(request, _("The page “%(title)s” was deleted.") % {"title": title})
        return HttpResponseRedirect(_index_url(component))
    return _render(request, "includes/confirm_delete.html", component, object=page,
                   cancel_url=_index_url(component))


@require_POST
def manage_move(request: HttpRequest, space_slug: str, component_id: int,
                page_id: int) -> HttpResponse:
    component = _component_or_404(request, space_slug, component_id)
    page = _page_or_404(component, page_id)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Choose whether to move the page up or down."))
        return HttpResponseRedirect(_index_url(component))
    moved = services.page_move(
        acting_user=request.user,  # type: ignore[arg-type]
        page=page, direction="up" if direction == "up" else "down",
    )
    if moved:
        message = (_("“%(title)s” moved up.") if direction == "up"
                   else _("“%(title)s” moved down."))
        messages.success(request, message % {"title": page})
    else:
        messages.info(request, _("“%(title)s” is already at that end of the list.")
                      % {"title": page})
    return HttpResponseRedirect(_index_url(component))
