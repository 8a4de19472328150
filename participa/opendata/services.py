"""Writes of the exports and open-data app: staff downloads (audited) and ZIP rebuilds."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.core.actions import AuditAction
from participa.core.audit import audited_create, audited_update
from participa.core.models import Organization, User
from participa.opendata import formats
from participa.opendata.dataset import Table, build_tables, rows_as_dicts
from participa.opendata.models import OpenDataBuild, OpenDataRun
from participa.reports.builds import (
    build_claim,
    build_done,
    build_fail,
)
from participa.reports.models import BuildState
from participa.spaces.models import Component
from participa.spaces.registry import ExportSpec

JSON_NAME = "participa-open-data.json"
README_NAME = "README.md"
DEFAULT_LICENCE = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
# A rebuild "being built" for longer than this is taken as lost (its worker died).
RUN_STALE_AFTER = timedelta(hours=1)


def open_data_licence() -> str:
    return str(getattr(settings, "OPEN_DATA_LICENCE", DEFAULT_LICENCE))


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


@transaction.atomic
def export_download(*, acting_user: User, component: Component, export: ExportSpec,
                    fmt: str) -> ExportFile:
    """One component export as CSV / XLSX / JSON; a read, so not audited."""
    if fmt not in formats.FORMATS:
        raise ValueError(f"Unknown format {fmt!r}")
    rows = rows_as_dicts(export.rows(component))
    columns = formats.columns_of(rows)
    content = formats.render(fmt, columns, rows, title=str(export.label))
    space = component.space
    stamp = timezone.localdate().isoformat()
    filename = f"{space.slug}-{component.pk}-{slugify(export.name) or 'export'}-{stamp}.{fmt}"
    return ExportFile(content=content, content_type=formats.FORMATS[fmt], filename=filename)


def readme_text(org: Organization, tables: list[Table], built_at: Any) -> str:
    # Translatable strings stay outside f-strings: gettext extraction cannot see into them.
    title = _("Open data of %(name)s") % {"name": org.name}
    column_heading, description_heading = _("Column"), _("Description")
    lines = [
        f"# {title}",
        "",
        _("Built on %(date)s from the participation platform at https://%(host)s/.")
        % {"date": built_at.isoformat(), "host": org.host},
        "",
        _("Licence: %(licence)s.") % {"licence": open_data_licence()},
        "",
        _("Only published content of public spaces is included. There is no personal data: "
          "no e-mail addresses, legal names, IP addresses or account identifiers. Comments show "
          "the public name their author chose, and hidden or deleted comments are left out."),
        "",
        _("Every table is a CSV file (UTF-8 with a byte-order mark, comma separated, first row "
          "= column names; dates in ISO 8601). A cell that starts with = + - or @ is written "
          "with a leading apostrophe so that spreadsheets do not run it as a formula. "
          "%(json)s holds the same tables as JSON.") % {"json": JSON_NAME},
        "",
    ]
    for table in tables:
        lines += [
            f"## {table.filename}",
            "",
            f"{table.title}: {table.description} "
            + (ngettext("%(count)d row.", "%(count)d rows.", len(table.rows))
               % {"count": len(table.rows)}),
            "",
            f"| {column_heading} | {description_heading} |",
            "| --- | --- |",
        ]
        for column in table.columns:
            lines.append(f"| `{column}` | {table.describe(column).replace('|', '/')} |")
        lines.append("")
    return "\n".join(lines)


def open_data_zip(org: Organization, *, built_at: Any) -> tuple[bytes, dict[str, int]]:
    """The ZIP (CSV per table, one JSON, README) and the number of rows of each table."""
    with translation.override(org.default_language or settings.LANGUAGE_CODE):
        tables = build_tables(org)
        readme = readme_text(org, tables, built_at)
    everything = {
        "organization": {"name": org.name, "host": org.host},
        "built_at": built_at.isoformat(),
        "licence": open_data_licence(),
        "tables": {table.name: [formats.plain_value(row) for row in table.rows]
                   for table in tables},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(README_NAME, readme.encode("utf-8"))
        for table in tables:
            archive.writestr(table.filename, formats.to_csv(table.columns, table.rows))
        archive.writestr(JSON_NAME, json.dumps(everything, ensure_ascii=False, indent=2)
                         .encode("utf-8"))
    return buffer.getvalue(), {table.name: len(table.rows) for table in tables}


@transaction.atomic
def open_data_build(*, organization: Organization,
                    acting_user: User | None = None) -> OpenDataBuild:
    """Build the organization's open-data ZIP and make it the latest (the old file is removed
    once the new one is committed)."""
    built_at = timezone.now()
    content, counts = open_data_zip(organization, built_at=built_at)
    digest = hashlib.sha256(content).hexdigest()
    name = default_storage.save(
        f"opendata/{organization.pk}/open-data-{built_at:%Y%m%d-%H%M%S}-{digest[:8]}.zip",
        ContentFile(content),
    )
    values = {"file": name, "built_at": built_at, "size": len(content), "sha256": digest,
              "row_counts": counts}
    # Two rebuilds at once: the second waits here, then replaces the first one's file.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    current = OpenDataBuild.objects.filter(organization=organization).first()
    if current is None:
        build: OpenDataBuild = audited_create(
            OpenDataBuild, organization=organization, actor=acting_user,
            action=AuditAction.OPENDATA_BUILD, values={"organization": organization, **values},
        )
        return build
    old_name = current.file.name
    audited_update(current, organization=organization, actor=acting_user,
                   action=AuditAction.OPENDATA_BUILD, values=values)
    if old_name and old_name != name:
        transaction.on_commit(lambda: default_storage.delete(old_name))
    return current


def open_data_run(*, organization: Organization,
                  acting_user: User | None = None) -> OpenDataBuild | None:
    """The background task: claim the organization's queued rebuild and build. None when
    another worker has claimed it. Without a queued rebuild (a task queued directly) it
    builds at once, as before."""
    run = (OpenDataRun.objects.filter(organization=organization, state=BuildState.QUEUED)
           .order_by("created_at").first())
    if run is not None and not build_claim(run, total=1, built_at=timezone.now()):
        return None
    try:
        build = open_data_build(organization=organization, acting_user=acting_user)
    except Exception as error:
        if run is not None:
            build_fail(run, error)
        raise
    if run is not None:
        build_done(run)
    return build
