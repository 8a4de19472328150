"""The pages component: rich-text pages inside a space. The model every component copies."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participa.components.pages.actions import PageAction
from participa.components.pages.exports import page_rows
from participa.components.pages.models import Page
from participa.components.pages.permissions import can_comment_page, can_manage_pages
from participa.components.pages.seeds import seed
from participa.spaces.registry import (
    AttachmentPolicy,
    CommentPolicy,
    ComponentSpec,
    ExportSpec,
    ItemRule,
    ItemSpec,
    SearchPolicy,
    SettingSpec,
)


def _threshold(page: Page) -> int | None:
    value = page.component.settings.get("moderation_threshold")
    return int(value) if value else None


# A page is visible to whoever may see its component (pages have no state of their own).
PAGE = ItemSpec(
    model=Page, kind="page",
    visibility=ItemRule(component="component"),
    url=lambda page: page.get_absolute_url(),
    title=lambda page: page.title,
    contribution=False,
    # Pages are commentable while their component's active phase allows comments.
    comments=CommentPolicy(can_comment=can_comment_page, threshold=_threshold),
    search=SearchPolicy(
        label=_("Pages"),
        text=lambda page: {"title": page.title, "body": page.body},
        date=lambda page: page.updated_at,
        preview=True,  # those who run the space see pages of an unpublished component
        queryset=lambda: Page.objects.select_related("component__space__organization"),
    ),
    attachments=AttachmentPolicy(
        can_manage=lambda user, page: can_manage_pages(user, page.component),
        manage_url=lambda page: reverse(
            "manage:pages:manage_edit",
            args=[page.component.space.slug, page.component_id, page.pk]),
    ),
    follows=True,
    events={
        "page.published": _("%(actor)s published “%(title)s”"),
        "page.updated": _("%(actor)s updated “%(title)s”"),
    },
    queryset=lambda: Page.objects.select_related(
        "component__space__organization").prefetch_related("component__space__phases"),
)


SPEC = ComponentSpec(
    name="pages",
    label=_("Pages"),
    app_label="pages",
    audit_actions=PageAction,
    description=_("Rich-text pages: background, rules, calendars, contacts."),
    settings={
        "show_table_of_contents": SettingSpec(
            bool, True, _("List the pages at the top of the component"),
        ),
    },
    phase_switches={"comments_enabled": False},
    phase_switch_labels={"comments_enabled": _("Comments enabled")},
    exports=(ExportSpec("pages", _("Pages"), page_rows, open_data=True),),
    seeds=seed,
    public_url_name="index",
    manage_url_name="manage_index",
    items=(PAGE,),
)
