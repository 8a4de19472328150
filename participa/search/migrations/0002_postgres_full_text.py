"""PostgreSQL only: the unaccent extension and a full-text index on the normalised text.

On SQLite both steps do nothing (search there uses the normalised column with ``contains``).
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

INDEX = "search_document_fts"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_searchdocument "
        "USING gin (to_tsvector('simple'::regconfig, normalized))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
