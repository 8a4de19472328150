"""Staff views of the pages component: list, create, edit, reorder and delete pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participa.components.pages import services
from participa.components.pages.forms import PageForm
from participa.components.pages.models import Page
from participa.components.pages.permissions import can_manage_pages
from participa.core.http import AuthedRequest
from participa.core.models import User
from participa.spaces.decorators import staff_view
from participa.spaces.models import Component
from participa.spaces.staff import render_manage

COMPONENT_TYPE = "pages"
PAGES_PER_SCREEN = 50


def _page_or_404(component: Component, page_id: int) -> Page:
    page = Page.objects.filter(component=component, pk=page_id).first()
    if page is None:
        raise Http404
    page.component = component
    return page


def _page_for_staff(user: User, component: Component, page_id: int) -> Page | None:
    page = Page.objects.filter(component=component, pk=page_id).first()
    if page is not None:
        page.component = component
    return page


# The component if the person may run its pages; 404 otherwise (missing = forbidden).
pages_staff_view = staff_view(COMPONENT_TYPE, permission=can_manage_pages)
page_staff_view = staff_view(COMPONENT_TYPE, permission=can_manage_pages,
                             item=_page_for_staff, item_arg="page_id")


def _index_url(component: Component) -> str:
    return reverse("manage:pages:manage_index", args=[component.space.slug, component.pk])


def _render(request: AuthedRequest, template: str, component: Component,
            **extra: object) -> HttpResponse:
    context = {"component": component, "space": component.space, **extra}
    return render_manage(request, template, context, nav="spaces")


@pages_staff_view
def manage_index(request: AuthedRequest, component: Component) -> HttpResponse:
    pages = Page.objects.filter(component=component).order_by("position", "id")
    page_obj = Paginator(pages, PAGES_PER_SCREEN).get_page(request.GET.get("page"))
    rows = list(page_obj.object_list)
    for page in rows:
        page.component = component
    return _render(request, "pages/manage/index.html", component, page_obj=page_obj, pages=rows)


@pages_staff_view
def manage_create(request: AuthedRequest, component: Component) -> HttpResponse:
    org = component.space.organization
    form = PageForm(request.POST or None, organization=org, instance=Page(component=component))
    if request.method == "POST" and form.is_valid():
        values = form.translated_values()
        page = services.page_create(
            acting_user=request.user,
            component=component, title=values["title"], body=values["body"],
            slug=form.cleaned_data["slug"],
        )
        messages.success(request, _("The page “%(title)s” was created.") % {"title": page})
        return HttpResponseRedirect(_index_url(component))
    return _render(request, "pages/manage/form.html", component, form=form, page=None)


@page_staff_view
def manage_edit(request: AuthedRequest, component: Component, page: Page) -> HttpResponse:
    page_title = str(page)
    org = component.space.organization
    form = PageForm(request.POST or None, organization=org, instance=page,
                    initial={"slug": page.slug})
    if request.method == "POST" and form.is_valid():
        values = form.translated_values()
        # The form wrote the new texts on the instance: reload it so the audit sees the change.
        page = _page_or_404(component, page.pk)
        services.page_update(
            acting_user=request.user,
            page=page, title=values["title"], body=values["body"],
            slug=form.cleaned_data["slug"],
        )
        messages.success(request, _("The page “%(title)s” was saved.") % {"title": page})
        return HttpResponseRedirect(_index_url(component))
    return _render(request, "pages/manage/form.html", component, form=form, page=page,
                   page_title=page_title)


@page_staff_view
def manage_delete(request: AuthedRequest, component: Component, page: Page) -> HttpResponse:
    if request.method == "POST":
        title = str(page)
        services.page_delete(acting_user=request.user, page=page)
        messages.success(request, _("The page “%(title)s” was deleted.") % {"title": title})
        return HttpResponseRedirect(_index_url(component))
    return _render(request, "includes/confirm_delete.html", component, object=page,
                   cancel_url=_index_url(component))


@require_POST
@page_staff_view
def manage_move(request: AuthedRequest, component: Component, page: Page) -> HttpResponse:
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Choose whether to move the page up or down."))
        return HttpResponseRedirect(_index_url(component))
    moved = services.page_move(
        acting_user=request.user,
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
