"""The public search: :func:`search` for the search page and the JSON API, and the index writes.

Results come in two groups — items whose title (or 文号/索引号) contains every term, then the
other matches — each newest first by 发布日期. There is no relevance scoring: at 200,000 items
ordering every hit of a common word by bm25 alone exceeds the latency budget (tech notes), while
"title first, then date" can be read from the index in order and stopped after one page.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.functional import cached_property
from django.utils.safestring import SafeString

from gongkai.search.backends import ALL, REST, TITLE, CompiledQuery, Filters, get_backend
from gongkai.search.highlight import highlight, snippet
from gongkai.search.indexing import (  # noqa: F401 — the index writes, re-exported for callers
    search_index_page,
    search_index_rebuild,
    search_index_remove,
    search_index_subtree,
)
from gongkai.search.models import SearchEntry
from gongkai.search.tokenizer import Term, parse_query

MAX_QUERY_LENGTH = 100
PAGE_SIZE = 20
MAX_LIMIT = 100
# Counting stops here ("1000+") and so does paging (50 pages). On PostgreSQL every counted
# phrase match costs a tsvector recheck (about 10 µs), so 10,000 would take 100 ms alone
# (docs/search.md, measurements).
COUNT_CAP = 1_000


@dataclass
class SearchHit:
    """One result: the entry (with page, department, genre and columns loaded) and its HTML."""

    entry: SearchEntry
    in_title: bool
    terms: Sequence[Term]

    @property
    def page(self):
        return self.entry.page

    @property
    def page_id(self) -> int | None:
        return self.entry.page_id

    @cached_property
    def title_html(self) -> SafeString:
        return highlight(self.entry.title, self.terms)

    @cached_property
    def snippet_html(self) -> SafeString:
        return snippet(self.entry.body_text, self.terms)

    @cached_property
    def document_number_html(self) -> SafeString:
        return highlight(self.entry.document_number, self.terms)

    @cached_property
    def index_number_html(self) -> SafeString:
        return highlight(self.entry.index_number, self.terms)


@dataclass
class SearchResults:
    """What :func:`search` found. ``total`` is exact up to COUNT_CAP; ``total_capped`` says "more"."""

    query: str
    terms: list[Term]
    filters: Filters
    offset: int
    limit: int
    total: int = 0
    total_capped: bool = False
    hits: list[SearchHit] = field(default_factory=list)
    query_truncated: bool = False

    @property
    def searched(self) -> bool:
        """Whether there was anything to search for (terms or filters)."""
        return bool(self.terms or self.filters)

    @property
    def total_display(self) -> str:
        return f"{COUNT_CAP}+" if self.total_capped else str(self.total)

    def page_ids(self) -> list[int]:
        return [hit.page_id for hit in self.hits if hit.page_id is not None]


def _pk(value) -> int | None:
    if value is None or value == "":
        return None
    return int(getattr(value, "pk", value))


def search(
    query: str,
    *,
    column=None,
    department=None,
    year: int | None = None,
    genre=None,
    items_only: bool = False,
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> SearchResults:
    """Search everything published.

    ``query``: free text; stripped and cut to MAX_QUERY_LENGTH characters (``query_truncated``
    says so). Chinese runs match as substrings (one character or more), Latin letters and
    digits as whole words; several parts must all match. A 文号 or 索引号 typed in full is
    found through the same index (its tokens are indexed with the title).
    ``column``, ``department``, ``genre``: a model instance or its id; ``column`` matches
    items anywhere beneath that column. ``year``: the year of 发布日期. ``items_only``: only
    disclosure items (ArticlePage), not plain pages such as 信息公开指南 — for the JSON API.
    With neither terms nor filters, nothing is searched and the result is empty.
    """
    text = (query or "").strip()
    truncated = len(text) > MAX_QUERY_LENGTH
    text = text[:MAX_QUERY_LENGTH]
    offset = max(0, int(offset))
    limit = min(max(1, int(limit)), MAX_LIMIT)
    filters = Filters(
        column=_pk(column), department=_pk(department), year=_pk(year), genre=_pk(genre), items_only=items_only
    )
    terms = parse_query(text)
    results = SearchResults(
        query=text, terms=terms, filters=filters, offset=offset, limit=limit, query_truncated=truncated
    )
    # Text that has nothing to search for ("！？") does not fall back to listing everything.
    if (text and not terms) or not results.searched:
        return results

    backend = get_backend()
    compiled = CompiledQuery(terms=terms, filters=filters)
    total = backend.count(compiled, ALL, COUNT_CAP + 1)
    results.total_capped = total > COUNT_CAP
    results.total = min(total, COUNT_CAP)
    if offset >= results.total:
        return results
    limit = min(limit, results.total - offset)

    keyed: list[tuple[int, bool]] = []
    if terms:
        keyed = [(key, True) for key in backend.keys(compiled, TITLE, offset, limit)]
        if len(keyed) < limit:
            # The title group ends on this page or before it. Its size is known from the keys
            # when some were on this page; otherwise it is at most `offset`: count that far.
            in_title = offset + len(keyed) if keyed else backend.count(compiled, TITLE, offset + 1)
            rest_offset = max(0, offset - in_title)
            keyed += [(key, False) for key in backend.keys(compiled, REST, rest_offset, limit - len(keyed))]
    else:
        keyed = [(key, False) for key in backend.keys(compiled, ALL, offset, limit)]

    entries = SearchEntry.objects.select_related("page", "department", "genre", "column", "section").in_bulk(
        [key for key, _ in keyed], field_name="sort_key"
    )
    # A key without an entry cannot happen while the index is in step; skip rather than fail.
    results.hits = [
        SearchHit(entry=entries[key], in_title=title, terms=terms) for key, title in keyed if key in entries
    ]
    return results


def search_years() -> list[int]:
    """Years that have searchable items, newest first (two index look-ups, no scan).

    Two queries on purpose: SQLite answers MIN and MAX from the index only one per statement; both
    in one aggregate scan the whole index (25 ms at 200,000 entries, docs/performance.md).
    """
    years = SearchEntry.objects.values_list("year", flat=True)
    first, last = years.order_by("year").first(), years.order_by("-year").first()
    if first is None:
        return []
    return list(range(last, first - 1, -1))
