"""The pages component: rich-text pages inside a space. The model every component copies."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from participa.spaces.registry import ComponentSpec, ExportSpec, SettingSpec


def _export_rows(component: Any) -> Any:
    from participa.components.pages.exports import page_rows

    return page_rows(component)


def _seed(component: Any) -> None:
    from participa.components.pages.seeds import seed

    seed(component)


SPEC = ComponentSpec(
    name="pages",
    label=_("Pages"),
    app_label="pages",
    description=_("Rich-text pages: background, rules, calendars, contacts."),
    settings={
        "show_table_of_contents": SettingSpec(
            bool, True, _("List the pages at the top of the component"),
        ),
    },
    phase_switches={"comments_enabled": False},
    phase_switch_labels={"comments_enabled": _("Comments enabled")},
    exports=(ExportSpec("pages", _("Pages"), _export_rows, open_data=True),),
    seeds=_seed,
    public_url_name="index",
    manage_url_name="manage_index",
)
