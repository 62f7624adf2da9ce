"""The full-text structures beside SearchEntry, one per database (docs/search.md).

SQLite: a contentless FTS5 table whose rowid is SearchEntry.sort_key. The ``ascii`` tokenizer
splits only at ASCII spaces and punctuation and folds only ASCII case, so the tokens written by
gongkai.search.tokenizer (CJK bigrams/unigrams, lower-case words) are stored exactly as given,
whatever Unicode version SQLite's own tables know. ``columnsize=0``: no bm25, no size table.

PostgreSQL: two tsvector columns with GIN indexes, written by gongkai.search.backends.
"""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, ident, body, facets, content='', columnsize=0, tokenize='ascii')",
    # No entries, no postings. Rows normally leave through gongkai.search.indexing, which removes
    # their postings first; this covers what bypasses it: `manage.py flush` and the flush between
    # transactional tests empty the model tables only.
    "CREATE TRIGGER search_fts_empty AFTER DELETE ON search_searchentry "
    "WHEN NOT EXISTS (SELECT 1 FROM search_searchentry) "
    "BEGIN INSERT INTO search_fts (search_fts) VALUES ('delete-all'); END",
]
POSTGRES_CREATE = [
    "ALTER TABLE search_searchentry ADD COLUMN vector tsvector NOT NULL DEFAULT ''",
    "ALTER TABLE search_searchentry ADD COLUMN title_vector tsvector NOT NULL DEFAULT ''",
    "CREATE INDEX search_entry_vector_gin ON search_searchentry USING gin (vector)",
    "CREATE INDEX search_entry_title_vector_gin ON search_searchentry USING gin (title_vector)",
]


def create_full_text(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        for statement in POSTGRES_CREATE:
            schema_editor.execute(statement)


def drop_full_text(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS search_fts_empty")
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")
    elif vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS vector")
        schema_editor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_vector")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create_full_text, drop_full_text, elidable=False)]
