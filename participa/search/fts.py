"""SQLite: the FTS5 full-text table over ``SearchDocument.tokens``.

An external-content FTS5 table (it stores only its index, the text stays in
``search_searchdocument.tokens``) kept in step by three triggers, so that every write on the
search table — one row, ``bulk_create`` with upserts, cascaded deletes — updates it in the same
transaction. A migration creates it; ``ensure_fts`` (run after every ``migrate``) recreates the
triggers and rebuilds the table if a later migration rebuilt ``search_searchdocument`` (SQLite
copies a table to alter it, which drops its triggers).

On PostgreSQL the same role is played by the ``vector`` column and its GIN index.
"""

from __future__ import annotations

from typing import Any

# Literal SQL (no names pasted in): the table, its three triggers, the rebuild and the match.
FTS_TABLE = "search_document_fts"
TABLE = "search_searchdocument"
TRIGGERS = {
    "search_document_fts_insert": (
        "CREATE TRIGGER IF NOT EXISTS search_document_fts_insert "
        "AFTER INSERT ON search_searchdocument BEGIN "
        "INSERT INTO search_document_fts(rowid, tokens) VALUES (new.id, new.tokens); END"
    ),
    "search_document_fts_delete": (
        "CREATE TRIGGER IF NOT EXISTS search_document_fts_delete "
        "AFTER DELETE ON search_searchdocument BEGIN "
        "INSERT INTO search_document_fts(search_document_fts, rowid, tokens) "
        "VALUES ('delete', old.id, old.tokens); END"
    ),
    "search_document_fts_update": (
        "CREATE TRIGGER IF NOT EXISTS search_document_fts_update "
        "AFTER UPDATE OF tokens ON search_searchdocument BEGIN "
        "INSERT INTO search_document_fts(search_document_fts, rowid, tokens) "
        "VALUES ('delete', old.id, old.tokens); "
        "INSERT INTO search_document_fts(rowid, tokens) VALUES (new.id, new.tokens); END"
    ),
}
CREATE_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_document_fts USING fts5("
    "tokens, content='search_searchdocument', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')"
)
REBUILD = "INSERT INTO search_document_fts(search_document_fts) VALUES ('rebuild')"
MATCH_IDS = "SELECT rowid FROM search_document_fts WHERE search_document_fts MATCH %s"


def _existing(cursor: Any) -> set[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') "
                   "AND name LIKE %s", [f"{FTS_TABLE}%"])
    return {row[0] for row in cursor.fetchall()}


def ensure_fts(connection: Any) -> bool:
    """Create what is missing; rebuild the FTS index when anything was. True if it did."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s",
                       [TABLE])
        if cursor.fetchone() is None:
            return False
        present = _existing(cursor)
        missing = [name for name in (FTS_TABLE, *TRIGGERS) if name not in present]
        if not missing:
            return False
        cursor.execute(CREATE_TABLE)
        for sql in TRIGGERS.values():
            cursor.execute(sql)
        cursor.execute(REBUILD)
    return True


def drop_fts(connection: Any) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS search_document_fts_insert")
        cursor.execute("DROP TRIGGER IF EXISTS search_document_fts_delete")
        cursor.execute("DROP TRIGGER IF EXISTS search_document_fts_update")
        cursor.execute("DROP TABLE IF EXISTS search_document_fts")
