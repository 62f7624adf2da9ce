"""The database side: tokens stored intact, the index kept in step, failures contained."""

import logging

import pytest
from django.db import connection

from gongkai.portal.models import ArticlePage
from gongkai.portal.tests.factories import ArticleFactory, ColumnFactory
from gongkai.search import backends
from gongkai.search.models import SearchEntry
from gongkai.search.services import search
from gongkai.search.tokenizer import PgVectorBuilder

pytestmark = pytest.mark.django_db

TRICKY = "污染防治 PM2.5 00042 Émission 𪚥鿫 11520000MB1503262B/2026-00001"
EXPECTED_TOKENS = {
    "污染", "染防", "防治", "污", "染", "防", "治", "pm2", "5", "00042", "émission",
    "𪚥鿫", "𪚥", "鿫", "11520000mb1503262b", "2026", "00001",
}  # fmt: skip


def stored_tokens(entry: SearchEntry) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tsvector_to_array(vector) FROM search_searchentry WHERE id = %s", [entry.pk])
            return set(cursor.fetchone()[0])
        cursor.execute("CREATE VIRTUAL TABLE temp.search_vocab USING fts5vocab(main, search_fts, 'row')")
        try:
            cursor.execute("SELECT term FROM temp.search_vocab")
            return {row[0] for row in cursor.fetchall()}
        finally:
            cursor.execute("DROP TABLE temp.search_vocab")


def test_the_database_keeps_our_tokens_intact(home):
    page = ArticleFactory(parent=ColumnFactory(parent=home), title="令牌", body=f"<p>{TRICKY}</p>")
    entry = SearchEntry.objects.get(page=page)
    tokens = stored_tokens(entry)
    assert EXPECTED_TOKENS <= tokens
    # Nothing split further or stemmed: every stored text token is one we produced.
    produced = EXPECTED_TOKENS | {"令牌", "令", "牌"}
    ident = PgVectorBuilder()
    ident.add_text(f"{entry.document_number}\n{entry.index_number}")
    produced |= set(ident.positions) | ident.bare
    filters = {
        token
        for token in tokens
        if (token.lstrip("_")[:1] in "cdyg" and token.lstrip("_")[1:].isdigit()) or token.lstrip("_") == "kitem"
    }
    assert tokens - filters <= produced


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgres_reads_our_literals_without_its_parser():
    builder = PgVectorBuilder()
    builder.add_text(TRICKY)
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(%s::tsvector)", [builder.literal()])
        assert set(cursor.fetchone()[0]) == EXPECTED_TOKENS
        # Phrase adjacency survives, and punctuation-separated runs are not adjacent.
        cursor.execute(
            "SELECT %s::tsvector @@ %s::tsquery, %s::tsvector @@ %s::tsquery",
            [builder.literal(), "'污染' <-> '染防'", builder.literal(), "'防治' <-> 'pm2'"],
        )
        assert cursor.fetchone() == (True, False)


def test_index_failure_does_not_block_publication(home, monkeypatch, caplog):
    def broken(self, entries):
        raise RuntimeError("index down")

    backend = type(backends.get_backend())
    monkeypatch.setattr(backend, "insert", broken)
    with caplog.at_level(logging.ERROR, logger="gongkai.search"):
        page = ArticleFactory(parent=ColumnFactory(parent=home), title="照常发布")
    assert ArticlePage.objects.get(pk=page.pk).live
    assert "rebuild_search_index" in caplog.text
    # The savepoint rolled the half-written entry back.
    assert not SearchEntry.objects.filter(page=page).exists()


def test_emptying_the_entry_table_empties_the_index(home):
    ArticleFactory(parent=ColumnFactory(parent=home), title="孤立的倒排记录")
    assert search("倒排").total == 1
    with connection.cursor() as cursor:
        # What `manage.py flush` does: no signals.
        cursor.execute("DELETE FROM search_searchentry")
    assert search("倒排").total == 0
    ArticleFactory(parent=ColumnFactory(parent=home), title="新的记录")
    assert search("记录").total == 1
