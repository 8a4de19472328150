"""A stored full-text column and the visibility of each row (issue #9, point 19).

- ``tokens``: the distinct forms (as written and stemmed) of every word;
- ``vector``: PostgreSQL only, ``tokens`` as a tsvector with a GIN index; it replaces the
  expression index of migration 0002, which recomputed ``to_tsvector`` on every row searched;
- SQLite: an FTS5 table over ``tokens``, kept by triggers (``participa.search.fts``);
- ``published`` / ``component_published`` / ``preview`` / ``component``: who may see the row.

Existing rows keep empty tokens until ``manage.py search_reindex`` runs (see docs/operations.md).
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

OLD_INDEX = "search_document_fts"


class AddIndexOnPostgres(migrations.AddIndex):
    """``AddIndex`` that creates the index on PostgreSQL only (a GIN index means nothing to
    SQLite, which searches through its FTS5 table instead)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def drop_expression_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def restore_expression_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON search_searchdocument "
            "USING gin (to_tsvector('simple'::regconfig, normalized))"
        )


def create_fts(apps, schema_editor):
    from participa.search.fts import ensure_fts

    ensure_fts(schema_editor.connection)


def drop_fts(apps, schema_editor):
    from participa.search.fts import drop_fts

    drop_fts(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0002_postgres_full_text'),
        ('spaces', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchdocument',
            name='component',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='spaces.component'),
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='component_published',
            field=models.BooleanField(default=True),
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='facts',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='preview',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='published',
            field=models.BooleanField(default=True),
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='tokens',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='vector',
            field=django.contrib.postgres.search.SearchVectorField(blank=True, null=True),
        ),
        migrations.RunPython(drop_expression_index, restore_expression_index, elidable=False),
        AddIndexOnPostgres(
            model_name='searchdocument',
            index=django.contrib.postgres.indexes.GinIndex(fields=['vector'], name='search_document_vector'),
        ),
        migrations.RunPython(create_fts, drop_fts, elidable=False),
    ]
