"""The organization-wide open-data set: one table per entity, published content only.

Never personal data: no e-mail addresses, legal names, IP addresses or account ids. Comments
carry their author's public name only (the name the person chose to show on the site).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from participa.comments.public import public_comments
from participa.core.models import Organization, UserGroup
from participa.opendata.formats import columns_of
from participa.spaces.models import Component, Phase, Space
from participa.spaces.registry import ExportSpec, all_specs
from participa.spaces.selectors import public_spaces

# Descriptions of the columns every table may use; "<base>_<language>" columns are described
# from their base (e.g. title_ro: "Title (Romanian)").
COLUMN_DESCRIPTIONS: dict[str, str] = {
    "id": N_("Identifier of the row, stable from one build to the next."),
    "slug": N_("Short name used in web addresses."),
    "kind": N_("Type of the row (see the values in the data)."),
    "type": N_("Type of the component (pages, consultations, meetings, ...)."),
    "space": N_("Short name (slug) of the participatory space the row belongs to."),
    "space_id": N_("Identifier of the participatory space (see spaces.csv)."),
    "component_id": N_("Identifier of the component (see components.csv)."),
    "position": N_("Order within its parent (smaller comes first)."),
    "title": N_("Title"),
    "subtitle": N_("Subtitle"),
    "description": N_("Description (Markdown)"),
    "name": N_("Name"),
    "body": N_("Text (Markdown)"),
    "scope": N_("Code of the territory (district, neighbourhood) the space is about."),
    "area": N_("Code of the policy area or department responsible for the space."),
    "url": N_("Public web address."),
    "start_date": N_("First day (ISO 8601 date)."),
    "end_date": N_("Last day (ISO 8601 date)."),
    "published_at": N_("When it was published (ISO 8601 date and time)."),
    "created_at": N_("When it was created (ISO 8601 date and time)."),
    "updated_at": N_("When it was last changed (ISO 8601 date and time)."),
    "edited_at": N_("When its author last edited it, empty if never (ISO 8601 date and time)."),
    "target_type": N_("Kind of object commented on (application.model, e.g. pages.page)."),
    "target_id": N_("Identifier of the object commented on."),
    "parent_id": N_("Identifier of the comment this one replies to (empty for a new thread)."),
    "thread_id": N_("Identifier of the first comment of the thread (empty for a new thread)."),
    "depth": N_("0 for a new thread, 1 for a reply, 2 for a reply to a reply."),
    "alignment": N_("Position taken by the author: for, against, neutral or empty."),
    "author": N_("Public name the author chose to show on the site (never a legal name)."),
    "on_behalf_of": N_("Short name (slug) of the group the comment was written for, if any."),
    "support_count": N_("Number of people who support the comment."),
    "website": N_("Web site of the group."),
    "verified": N_("true when the organization verified the group."),
}


def describe_column(column: str, extra: Mapping[str, str] | None = None) -> str:
    if extra and column in extra:
        return str(extra[column])
    if column in COLUMN_DESCRIPTIONS:
        return _(COLUMN_DESCRIPTIONS[column])
    names = dict(settings.LANGUAGES)
    match = re.fullmatch(r"(.+)_([a-z]{2})", column)
    if match and match.group(2) in names and match.group(1) in COLUMN_DESCRIPTIONS:
        return f"{_(COLUMN_DESCRIPTIONS[match.group(1)])} ({names[match.group(2)]})"
    return _("Column “%(column)s” as declared by the component.") % {"column": column}


@dataclass
class Table:
    name: str
    title: str
    description: str
    rows: list[dict[str, Any]]
    columns: list[str]
    column_descriptions: dict[str, str] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def describe(self, column: str) -> str:
        return describe_column(column, self.column_descriptions)


def _multilingual(row: dict[str, Any], base: str, value: Any, languages: list[str]) -> None:
    value = value if isinstance(value, dict) else {}
    for code in languages:
        row[f"{base}_{code}"] = value.get(code, "") or ""


def _table(name: str, title: str, description: str, rows: list[dict[str, Any]],
           columns: list[str], extra: Mapping[str, str] | None = None) -> Table:
    return Table(name=name, title=title, description=description, rows=rows, columns=columns,
                 column_descriptions=dict(extra or {}))


def _lang_columns(bases: Iterable[str], languages: list[str]) -> list[str]:
    return [f"{base}_{code}" for base in bases for code in languages]


def public_space_list(org: Organization) -> QuerySet[Space]:
    return public_spaces(org).select_related("scope", "area").order_by("id")


def public_component_list(org: Organization) -> QuerySet[Component]:
    return (Component.objects.filter(space__in=public_space_list(org).values("pk"),
                                     published_at__isnull=False)
            .select_related("space__organization").order_by("space_id", "position", "id"))


def spaces_table(org: Organization, languages: list[str]) -> Table:
    columns = ["id", "slug", "kind", *_lang_columns(["title", "subtitle", "description"],
                                                     languages),
               "scope", "area", "url", "published_at", "created_at"]
    rows = []
    for space in public_space_list(org):
        row: dict[str, Any] = {"id": space.pk, "slug": space.slug, "kind": space.kind}
        _multilingual(row, "title", space.title, languages)
        _multilingual(row, "subtitle", space.subtitle, languages)
        _multilingual(row, "description", space.description, languages)
        row.update({
            "scope": space.scope.code if space.scope else "",
            "area": space.area.code if space.area else "",
            "url": f"https://{org.host}{space.get_absolute_url()}",
            "published_at": space.published_at, "created_at": space.created_at,
        })
        rows.append(row)
    return _table("spaces", _("Participatory spaces"),
                  _("Published public processes and assemblies."), rows, columns,
                  {"kind": _("process (dated phases) or assembly (a body with members).")})


def phases_table(org: Organization, languages: list[str]) -> Table:
    columns = ["id", "space_id", "space", "position",
               *_lang_columns(["title", "description"], languages), "start_date", "end_date"]
    rows = []
    phases = (Phase.objects.filter(space__in=public_space_list(org).values("pk"))
              .select_related("space").order_by("space_id", "position", "start_date", "id"))
    for phase in phases:
        row: dict[str, Any] = {"id": phase.pk, "space_id": phase.space_id,
                               "space": phase.space.slug, "position": phase.position}
        _multilingual(row, "title", phase.title, languages)
        _multilingual(row, "description", phase.description, languages)
        row.update({"start_date": phase.start_date, "end_date": phase.end_date})
        rows.append(row)
    return _table("phases", _("Phases"), _("The dated phases of the participatory processes."),
                  rows, columns)


def components_table(org: Organization, languages: list[str]) -> Table:
    columns = ["id", "space_id", "space", "type", *_lang_columns(["name"], languages),
               "position", "url", "published_at"]
    rows = []
    for component in public_component_list(org):
        row: dict[str, Any] = {"id": component.pk, "space_id": component.space_id,
                               "space": component.space.slug, "type": component.type}
        _multilingual(row, "name", component.name, languages)
        url = ""
        if component.spec is not None:
            try:
                url = f"https://{org.host}{component.get_absolute_url()}"
            except NoReverseMatch:  # a component without public pages has no address
                url = ""
        row.update({"position": component.position, "url": url,
                    "published_at": component.published_at})
        rows.append(row)
    return _table("components", _("Components"),
                  _("The participation tools of each space (published ones only)."),
                  rows, columns)


def comments_table(org: Organization) -> Table:
    columns = ["id", "space_id", "target_type", "target_id", "parent_id", "thread_id", "depth",
               "alignment", "body", "author", "on_behalf_of", "support_count", "created_at",
               "edited_at"]
    rows = []
    comments = (public_comments(org)
                .select_related("author", "user_group", "target_type")
                .order_by("created_at", "id"))
    for comment in comments:
        rows.append({
            "id": comment.pk, "space_id": comment.space_id,
            "target_type": f"{comment.target_type.app_label}.{comment.target_type.model}",
            "target_id": comment.target_id, "parent_id": comment.parent_id,
            "thread_id": comment.thread_id, "depth": comment.depth,
            "alignment": comment.alignment, "body": comment.body,
            "author": comment.author.public_name,
            "on_behalf_of": comment.user_group.slug if comment.user_group else "",
            "support_count": comment.support_count,
            "created_at": comment.created_at, "edited_at": comment.edited_at,
        })
    return _table("comments", _("Comments"),
                  _("Published comments on public content; hidden and deleted comments are "
                    "left out."), rows, columns)


def groups_table(org: Organization) -> Table:
    columns = ["id", "slug", "name", "kind", "description", "website", "verified", "created_at"]
    rows = [
        {"id": group.pk, "slug": group.slug, "name": group.name, "kind": group.kind,
         "description": group.description, "website": group.website,
         "verified": group.is_verified, "created_at": group.created_at}
        for group in UserGroup.objects.filter(organization=org).order_by("id")
    ]
    return _table("groups", _("Groups"),
                  _("NGOs, informal groups and public authorities taking part."), rows, columns,
                  {"name": _("Name of the group."), "description": _("Description of the group."),
                   "kind": _("ngo, informal (informal group) or authority (public authority).")})


def rows_as_dicts(rows: Any) -> list[dict[str, Any]]:
    """An export's rows as dicts, whether it returned dicts, ``values()`` or model objects."""
    result: list[dict[str, Any]] = []
    for row in rows:
        if isinstance(row, Mapping):
            result.append(dict(row))
        else:
            result.append({f.attname: getattr(row, f.attname)
                           for f in row._meta.concrete_fields})
    return result


# Never published, even if a component's export returns them by mistake.
PERSONAL_COLUMNS = frozenset({
    "email", "legal_name", "username", "password", "ip", "ip_address", "user_id", "author_id",
    "phone", "address", "birth_date", "national_id", "cnp", "pesel",
})


def is_personal_column(column: str) -> bool:
    name = column.lower()
    return name in PERSONAL_COLUMNS or name.endswith(("_email", "_ip", "_legal_name"))


def export_tables(org: Organization) -> list[Table]:
    """One table per component export declared as open data, over every public component.
    Columns that look like personal data are dropped whatever the component returned."""
    components = list(public_component_list(org))
    tables = []
    for spec in all_specs():
        for export in spec.exports:
            if not export.open_data:
                continue
            rows: list[dict[str, Any]] = []
            for component in components:
                if component.type == spec.name:
                    rows.extend(
                        {key: value for key, value in row.items()
                         if not is_personal_column(key)}
                        for row in rows_as_dicts(export.rows(component))
                    )
            name = spec.name if export.name == spec.name else f"{spec.name}_{export.name}"
            tables.append(_table(
                name, str(export.label),
                _("The “%(export)s” data of every published “%(component)s” component.")
                % {"export": export.label, "component": spec.label},
                rows, columns_of(rows) or _declared_columns(export),
                getattr(export, "columns", None),
            ))
    return tables


def _declared_columns(export: ExportSpec) -> list[str]:
    return list(getattr(export, "columns", None) or ["id"])


def build_tables(org: Organization) -> list[Table]:
    languages = list(org.languages) or [org.default_language]
    return [
        spaces_table(org, languages),
        phases_table(org, languages),
        components_table(org, languages),
        *export_tables(org),
        comments_table(org),
        groups_table(org),
    ]
