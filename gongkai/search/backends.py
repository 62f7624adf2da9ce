"""The full-text index on each database: SQLite FTS5 and PostgreSQL tsvector/GIN.

Both answer the same three questions for a parsed query — which sort keys match, in
descending order, from an offset; and how many match, counted up to a cap — for three groups:

- ``title``: every term is found in the title, 文号 or 索引号;
- ``rest``: every term is found somewhere, but not all in the title group;
- ``all``: used when there are no terms, only filters.

Nothing is ranked by relevance: inside a group the order is the sort key (newest first). On
SQLite the FTS5 rowid *is* the sort key, so ``ORDER BY rowid DESC LIMIT n`` walks the
posting lists backwards and stops after n matches, whatever the number of hits. Filters
(column, department, year, genre) are tokens in the index too, so they narrow the posting
lists instead of being checked row by row.

User input reaches SQL only as tokens made of letters and digits (gongkai.search.tokenizer),
each quoted, and always as a bound parameter.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection as default_connection
from django.db import transaction

from gongkai.search.models import SearchEntry
from gongkai.search.tokenizer import PHRASE, PgVectorBuilder, Term, fts_text, pg_quote

TITLE = "title"
REST = "rest"
ALL = "all"


@dataclass(frozen=True)
class Filters:
    column: int | None = None
    department: int | None = None
    year: int | None = None
    genre: int | None = None
    items_only: bool = False

    def tokens(self) -> list[str]:
        found = ["kitem"] if self.items_only else []
        if self.column is not None:
            found.append(f"c{self.column}")
        if self.department is not None:
            found.append(f"d{self.department}")
        if self.year is not None:
            found.append(f"y{self.year}")
        if self.genre is not None:
            found.append(f"g{self.genre}")
        return found

    def __bool__(self) -> bool:
        return bool(self.tokens())


@dataclass(frozen=True)
class CompiledQuery:
    terms: Sequence[Term]
    filters: Filters = field(default_factory=Filters)

    def groups(self) -> list[str]:
        return [TITLE, REST] if self.terms else [ALL]


def facet_tokens(entry: SearchEntry) -> list[str]:
    """Filter tokens of an entry: c<column id> for every column above it, d, y, g, k<kind>."""
    found = [f"c{pk}" for pk in entry.column_id_list]
    found.append(f"k{entry.kind}")
    if entry.department_id is not None:
        found.append(f"d{entry.department_id}")
    found.append(f"y{entry.year}")
    if entry.genre_id is not None:
        found.append(f"g{entry.genre_id}")
    return found


def ident_text(entry: SearchEntry) -> str:
    return f"{entry.document_number}\n{entry.index_number}"


class SqliteBackend:
    """A contentless FTS5 table: postings only, rowid = SearchEntry.sort_key.

    Contentless keeps the index at the size of its postings (no second copy of the text). The
    price: FTS5 on SQLite 3.40 removes a row only when given the values it indexed, so
    ``delete`` re-tokenises the stored entry, which is why entries are rewritten only through
    gongkai.search.indexing, and why a change to the tokenizer needs ``rebuild_search_index``.
    """

    table = "search_fts"
    text_columns = "{title ident body}"
    title_columns = "{title ident}"

    def __init__(self, connection) -> None:
        self.connection = connection

    @staticmethod
    def row(entry: SearchEntry) -> tuple:
        return (
            entry.sort_key,
            fts_text(entry.title),
            fts_text(ident_text(entry)),
            fts_text(entry.body_text),
            " ".join(facet_tokens(entry)),
        )

    def insert(self, entries: Iterable[SearchEntry]) -> None:
        rows = [self.row(entry) for entry in entries]
        with self.connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, ident, body, facets) VALUES (%s, %s, %s, %s, %s)", rows
            )

    def delete(self, entries: Iterable[SearchEntry]) -> None:
        rows = [self.row(entry) for entry in entries]
        with self.connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_fts (search_fts, rowid, title, ident, body, facets) "
                "VALUES ('delete', %s, %s, %s, %s, %s)",
                rows,
            )

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")

    def optimize(self) -> None:
        """Merge the index segments (after a rebuild): fewer, longer posting lists are faster."""
        with self.connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")

    @staticmethod
    def _term(term: Term, columns: str) -> str:
        # Tokens are letters/digits only; doubling quotes is defence in depth.
        quoted = " + ".join('"' + token.replace('"', '""') + '"' for token in term.tokens)
        return f"{columns} : {quoted}"

    def expression(self, query: CompiledQuery, group: str) -> str:
        facets = [f'facets : "{token}"' for token in query.filters.tokens()]
        anywhere = [self._term(term, self.text_columns) for term in query.terms]
        in_title = [self._term(term, self.title_columns) for term in query.terms]
        if group == ALL:
            return " AND ".join(anywhere + facets)
        if group == TITLE:
            return " AND ".join(in_title + facets)
        return "(" + " AND ".join(anywhere + facets) + ") NOT (" + " AND ".join(in_title) + ")"

    def keys(self, query: CompiledQuery, group: str, offset: int, limit: int) -> list[int]:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s OFFSET %s",
                [self.expression(query, group), limit, offset],
            )
            return [row[0] for row in cursor.fetchall()]

    def count(self, query: CompiledQuery, group: str, cap: int) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH %s LIMIT %s)",
                [self.expression(query, group), cap],
            )
            return cursor.fetchone()[0]


# One statement per group, written out: the query text is always a bound parameter.
PG_KEYS_SQL = {
    TITLE: "SELECT sort_key FROM search_searchentry WHERE title_vector @@ %(query)s::tsquery "
    "ORDER BY sort_key DESC LIMIT %(limit)s OFFSET %(offset)s",
    REST: "SELECT sort_key FROM search_searchentry WHERE vector @@ %(query)s::tsquery "
    "AND NOT (title_vector @@ %(query)s::tsquery) ORDER BY sort_key DESC LIMIT %(limit)s OFFSET %(offset)s",
    ALL: "SELECT sort_key FROM search_searchentry WHERE vector @@ %(query)s::tsquery "
    "ORDER BY sort_key DESC LIMIT %(limit)s OFFSET %(offset)s",
}
PG_COUNT_SQL = {
    TITLE: "SELECT count(*) FROM (SELECT 1 FROM search_searchentry "
    "WHERE title_vector @@ %(query)s::tsquery LIMIT %(cap)s) AS hits",
    REST: "SELECT count(*) FROM (SELECT 1 FROM search_searchentry WHERE vector @@ %(query)s::tsquery "
    "AND NOT (title_vector @@ %(query)s::tsquery) LIMIT %(cap)s) AS hits",
    ALL: "SELECT count(*) FROM (SELECT 1 FROM search_searchentry "
    "WHERE vector @@ %(query)s::tsquery LIMIT %(cap)s) AS hits",
}


class PostgresBackend:
    """``tsvector`` columns on the entry table, built by us and GIN-indexed.

    ``vector`` holds title, 文号/索引号, body and filter tokens; ``title_vector`` the same
    without the body, for the title group. The tsvector and tsquery literals are written by
    gongkai.search.tokenizer, so PostgreSQL's parser and dictionaries never touch a token.
    Filter tokens start with ``_``, which no text token does.
    """

    def __init__(self, connection) -> None:
        self.connection = connection

    @staticmethod
    def vectors(entry: SearchEntry) -> tuple[str, str]:
        facets = ["_" + token for token in facet_tokens(entry)]
        builder = PgVectorBuilder()
        builder.add_text(entry.title)
        builder.add_text(ident_text(entry))
        builder.add_bare(facets)
        title_vector = builder.literal()
        builder.add_text(entry.body_text)
        return builder.literal(), title_vector

    def insert(self, entries: Iterable[SearchEntry]) -> None:
        rows = [(*self.vectors(entry), entry.pk) for entry in entries]
        with self.connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE search_searchentry SET vector = %s::tsvector, title_vector = %s::tsvector WHERE id = %s", rows
            )

    def delete(self, entries: Iterable[SearchEntry]) -> None:
        """Nothing to do: the vectors live in the entry's own row."""

    def clear(self) -> None:
        """Nothing to do: the vectors go with the rows."""

    def optimize(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")

    @staticmethod
    def _term(term: Term) -> str:
        if term.kind == PHRASE:
            return "(" + " <-> ".join(pg_quote(token) for token in term.tokens) + ")"
        return pg_quote(term.text)

    def tsquery(self, query: CompiledQuery) -> str:
        parts = [self._term(term) for term in query.terms]
        parts.extend(pg_quote("_" + token) for token in query.filters.tokens())
        return " & ".join(parts)

    def keys(self, query: CompiledQuery, group: str, offset: int, limit: int) -> list[int]:
        params = {"query": self.tsquery(query), "limit": limit, "offset": offset}
        with self.connection.cursor() as cursor:
            cursor.execute(PG_KEYS_SQL[group], params)
            return [row[0] for row in cursor.fetchall()]

    def count(self, query: CompiledQuery, group: str, cap: int) -> int:
        """Matches, counted up to ``cap``, through the GIN index.

        With a LIMIT the planner prefers to scan the table (or the sort-key index) and test
        each row, which decompresses one tsvector per row: 57 ms for 10,000 rows of 20,000 in
        the benchmark. The GIN bitmap finds the candidates without reading any vector, and
        only phrase queries recheck them. The planner settings apply to this statement only.
        """
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'), "
                "set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)"
            )
            seqscan, indexscan, _, _ = cursor.fetchone()
            cursor.execute(PG_COUNT_SQL[group], {"query": self.tsquery(query), "cap": cap})
            found = cursor.fetchone()[0]
            cursor.execute(
                "SELECT set_config('enable_seqscan', %s, true), set_config('enable_indexscan', %s, true)",
                [seqscan, indexscan],
            )
        return found


def get_backend(connection=None) -> SqliteBackend | PostgresBackend:
    connection = connection or default_connection
    if connection.vendor == "sqlite":
        return SqliteBackend(connection)
    if connection.vendor == "postgresql":
        return PostgresBackend(connection)
    raise NotImplementedError(f"gongkai.search supports SQLite and PostgreSQL, not {connection.vendor}")
