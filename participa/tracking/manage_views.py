"""Staff pages of tracked items at /manage/tracking/: the list, a new item, an item's page,
its edit form (a note required once published), milestones, expenses and publication.

Administrators run every item; officials the items of their departments. Anyone else, and
any item they do not run, gets a 404 (missing and forbidden look the same)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from participa.core import permissions as core_permissions
from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest, login_required
from participa.core.models import Organization
from participa.spaces.staff import confirm_action, post_only, render_manage
from participa.tracking import services
from participa.tracking.forms import ExpenseForm, MilestoneForm, TrackedItemForm
from participa.tracking.models import Expense, Milestone, TrackedItem, TrackedStatus
from participa.tracking.permissions import can_manage_tracked_item, can_manage_tracking
from participa.tracking.selectors import source_link, tracked_items_managed
from participa.tracking.templatetags.tracking import format_money

NAV = "tracking"
ITEMS_PER_SCREEN = 50

ItemView = Callable[..., HttpResponse]


def _render(request: AuthedRequest, template: str, **context: Any) -> HttpResponse:
    """A staff page; 400 when it shows a refused form again (with its errors and values)."""
    response = render_manage(request, template, context, nav=NAV)
    form = context.get("form")
    if form is not None and form.is_bound and form.errors:
        response.status_code = 400
    return response


def item_staff_view(view: ItemView) -> Callable[..., HttpResponse]:
    """The view gets the item ``pk`` if the person runs it; 404 otherwise."""

    @login_required
    @wraps(view)
    def wrapper(request: AuthedRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        item = (TrackedItem.objects.filter(organization=request.organization, pk=pk)
                .select_related("organization", "department", "scope",
                                "component__space").first())
        if item is None or not can_manage_tracked_item(request.user, item):
            raise Http404
        return view(request, item, *args, **kwargs)

    return wrapper


def _departments(request: AuthedRequest, org: Organization) -> set[int] | None:
    """The departments the person may give an item to: an official's own; any for an
    administrator (None)."""
    if core_permissions.is_admin(request.user, org):
        return None
    return core_permissions.official_area_ids(request.user, org)


def _detail_url(item: TrackedItem) -> str:
    return reverse("manage:tracking:detail", args=[item.pk])


@login_required
def manage_index(request: AuthedRequest) -> HttpResponse:
    org = request.organization
    if not can_manage_tracking(request.user, org):
        raise Http404
    status = request.GET.get("status", "")
    items = tracked_items_managed(request.user, org).order_by("-updated_at", "-id")
    if status in TrackedStatus.values:
        items = items.filter(status=status)
    page_obj = Paginator(items, ITEMS_PER_SCREEN).get_page(request.GET.get("page"))
    return _render(request, "tracking/manage/index.html", page_obj=page_obj,
                   items=list(page_obj.object_list), status=status,
                   statuses=TrackedStatus.choices, organization=org)


@login_required
def manage_create(request: AuthedRequest) -> HttpResponse:
    org = request.organization
    if not can_manage_tracking(request.user, org):
        raise Http404
    form = TrackedItemForm(request.POST or None, organization=org,
                           departments=_departments(request, org))
    if request.method == "POST" and form.is_valid():
        try:
            item = services.tracked_item_create(acting_user=request.user, organization=org,
                                                **form.values())
        except PermissionDenied:
            form.add_error("department", _("You can only track items of a department you "
                                           "work for."))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The item was created. Publish it when it is ready."))
            return redirect(_detail_url(item))
    return _render(request, "tracking/manage/form.html", form=form, item=None)


@item_staff_view
def manage_detail(request: AuthedRequest, item: TrackedItem) -> HttpResponse:
    return _render(request, "tracking/manage/detail.html", item=item,
                   source=source_link(item), organization=item.organization,
                   milestones=list(item.milestones.all()),
                   updates=list(item.updates.all()[:10]))


@item_staff_view
def manage_edit(request: AuthedRequest, item: TrackedItem) -> HttpResponse:
    published = item.published_at is not None
    form = TrackedItemForm(request.POST or None, organization=item.organization,
                           published=published, initial=TrackedItemForm.initial_for(item),
                           departments=_departments(request, item.organization))
    if request.method == "POST" and form.is_valid():
        try:
            services.tracked_item_update(acting_user=request.user, item=item,
                                         note=form.cleaned_data.get("note") or "",
                                         **form.values())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The item was saved."))
            return redirect(_detail_url(item))
    return _render(request, "tracking/manage/form.html", form=form, item=item)


@item_staff_view
def manage_publish(request: AuthedRequest, item: TrackedItem) -> HttpResponse:
    def perform() -> None:
        services.tracked_item_publish(acting_user=request.user, item=item)

    return confirm_action(
        request, obj=item, cancel_url=_detail_url(item), nav=NAV, perform=perform,
        success_url=_detail_url(item),
        success_message=_("The item is public: residents can follow it."),
        blocked_reason=(_("This item is already published.")
                        if item.published_at is not None else None),
        heading=_("Publish “%(title)s”?") % {"title": item.title},
        details=_("Residents will see it, its milestones, money and history, and may follow "
                  "it."),
        confirm_label=_("Yes, publish"))


@item_staff_view
def manage_milestones(request: AuthedRequest, item: TrackedItem) -> HttpResponse:
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_add(acting_user=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The milestone was added."))
            return redirect(reverse("manage:tracking:milestones", args=[item.pk]))
    return _render(request, "tracking/manage/milestones.html", item=item, form=form,
                   milestones=list(item.milestones.all()))


def _milestone(item: TrackedItem, milestone_id: int) -> Milestone:
    milestone = Milestone.objects.filter(item=item, pk=milestone_id).first()
    if milestone is None:
        raise Http404
    milestone.item = item
    return milestone


@item_staff_view
def manage_milestone_done(request: AuthedRequest, item: TrackedItem,
                          milestone_id: int) -> HttpResponse:
    refused = post_only(request)
    if refused is not None:
        return refused
    milestone = _milestone(item, milestone_id)
    try:
        services.milestone_complete(acting_user=request.user, milestone=milestone)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The milestone is marked done."))
    return redirect(reverse("manage:tracking:milestones", args=[item.pk]))


@item_staff_view
def manage_milestone_delete(request: AuthedRequest, item: TrackedItem,
                            milestone_id: int) -> HttpResponse:
    milestone = _milestone(item, milestone_id)
    url = reverse("manage:tracking:milestones", args=[item.pk])
    return confirm_action(
        request, obj=milestone, cancel_url=url, nav=NAV,
        perform=lambda: services.milestone_delete(acting_user=request.user,
                                                  milestone=milestone),
        success_url=url, success_message=_("The milestone was deleted."))


@item_staff_view
def manage_expenses(request: AuthedRequest, item: TrackedItem) -> HttpResponse:
    form = ExpenseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.expense_add(acting_user=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The expense was recorded."))
            return redirect(reverse("manage:tracking:expenses", args=[item.pk]))
    return _render(request, "tracking/manage/expenses.html", item=item, form=form,
                   expenses=list(item.expenses.all()), organization=item.organization)


@item_staff_view
def manage_expense_delete(request: AuthedRequest, item: TrackedItem,
                          expense_id: int) -> HttpResponse:
    expense = Expense.objects.filter(item=item, pk=expense_id).first()
    if expense is None:
        raise Http404
    expense.item = item
    url = reverse("manage:tracking:expenses", args=[item.pk])

    def perform() -> None:
        services.expense_delete(acting_user=request.user, expense=expense)

    return confirm_action(
        request, obj=expense, cancel_url=url, nav=NAV, perform=perform, success_url=url,
        success_message=_("The expense was deleted; the money spent was recomputed."),
        heading=_("Delete the expense of %(amount)s paid on %(date)s?") % {
            "amount": format_money(expense.amount, item.organization),
            "date": date_format(expense.spent_on, "DATE_FORMAT")})
