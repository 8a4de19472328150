"""Every write on pages: typed, keyword-only, atomic, audited."""

from __future__ import annotations

from typing import Literal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from participa.components.pages.actions import PageAction
from participa.components.pages.models import Page
from participa.core.audit import audit_record, audited_create, audited_delete, audited_update
from participa.core.i18n import translated
from participa.core.models import User
from participa.core.ordering import swap_with_neighbour
from participa.notifications.services import follow_automatically
from participa.spaces.models import Component

SLUG_MAX_LENGTH = 80


def _clean_texts(value: dict[str, str]) -> dict[str, str]:
    return {code: text.strip() for code, text in value.items() if text and text.strip()}


def _unique_slug(component: Component, wanted: str, exclude_pk: int | None = None) -> str:
    base = slugify(wanted)[:SLUG_MAX_LENGTH].strip("-") or "page"
    others = Page.objects.filter(component=component)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    taken = set(others.values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug = base[: SLUG_MAX_LENGTH - len(suffix)] + suffix
        number += 1
    return slug


def _default_title(component: Component, title: dict[str, str]) -> str:
    org = component.space.organization
    return translated(title, org.default_language, list(org.languages))


@transaction.atomic
def page_create(
    *,
    acting_user: User | None,
    component: Component,
    title: dict[str, str],
    body: dict[str, str],
    slug: str = "",
) -> Page:
    """Add a page at the end of the component. An empty ``slug`` is made from the title."""
    title = _clean_texts(title)
    slug = _unique_slug(component, slug or _default_title(component, title))
    last = (
        Page.objects.select_for_update().filter(component=component)
        .order_by("-position").values_list("position", flat=True).first()
    )
    page: Page = audited_create(
        Page,
        organization=component.space.organization,
        actor=acting_user,
        action=PageAction.PAGE_CREATE,
        values={
            "component": component,
            "slug": slug,
            "title": title,
            "body": _clean_texts(body),
            "position": 0 if last is None else last + 1,
        },
    )

    follow_automatically(user=acting_user, target=page)
    return page


@transaction.atomic
def page_update(
    *,
    acting_user: User | None,
    page: Page,
    title: dict[str, str],
    body: dict[str, str],
    slug: str = "",
) -> Page:
    """Change a page's texts (and address, when ``slug`` is given)."""
    values: dict[str, object] = {"title": _clean_texts(title), "body": _clean_texts(body)}
    if slug and slug != page.slug:
        values["slug"] = _unique_slug(page.component, slug, exclude_pk=page.pk)
    changes = audited_update(
        page, organization=page.component.space.organization, actor=acting_user,
        action=PageAction.PAGE_UPDATE, values=values,
    )
    if changes:
        page.updated_at = timezone.now()
        page.save(update_fields=["updated_at"])
    return page


@transaction.atomic
def page_delete(*, acting_user: User | None, page: Page) -> None:
    audited_delete(page, organization=page.component.space.organization, actor=acting_user,
                   action=PageAction.PAGE_DELETE)


@transaction.atomic
def page_move(
    *, acting_user: User | None, page: Page, direction: Literal["up", "down"]
) -> bool:
    """Swap the page with its neighbour above or below. False when it is already at the end."""
    order = swap_with_neighbour(Page.objects.filter(component_id=page.component_id), page,
                                direction)
    if order is None:
        return False
    audit_record(
        organization=page.component.space.organization, actor=acting_user,
        action=PageAction.PAGE_MOVE,
        obj=page, changes={"order": order},
    )
    return True
