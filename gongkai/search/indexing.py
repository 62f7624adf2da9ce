"""Writes to the search index: one entry per published page, kept in step with publication.

What is searchable is what the public may see: a live disclosure item (ArticlePage) with its
发布日期 (so numbered by the catalog), or a live plain page (StandardPage: 信息公开指南…); not
an alias, and not behind a Wagtail view restriction on itself or an ancestor. Everything
else has no entry.

The signal handlers (gongkai.search.signal_handlers) call :func:`search_index_page` on
publish, move and view-restriction changes and :func:`search_index_remove` on unpublish;
deletion cascades from the page to its entry, and the entry's ``pre_delete`` removes its
postings. :func:`search_index_rebuild` recreates everything from the pages.
"""

import datetime
import logging
import re
from collections.abc import Iterable, Iterator
from html import unescape

from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Page

from gongkai.search.backends import get_backend
from gongkai.search.models import SearchEntry, make_sort_key

logger = logging.getLogger("gongkai.search")

# Longer bodies are indexed (and searchable) up to this many characters. A 100,000-character
# text is a 60-page document; the limit keeps one PostgreSQL tsvector well under its 1 MB.
MAX_BODY_CHARS = 100_000
# Block-level ends become line breaks, so <p>污染</p><p>防治</p> does not read as 污染防治.
BLOCK_END_RE = re.compile(r"(</(?:p|h\d|li|blockquote|td|th|tr|div|pre)>|<br\s*/?>|<hr\s*/?>)", re.IGNORECASE)
PATH_STEP = Page.steplen


def plain_text(html: str) -> str:
    """Rich text → plain text, with line breaks where blocks end."""
    return unescape(strip_tags(BLOCK_END_RE.sub(r"\1\n", html or ""))).strip()


def _searchable_types() -> tuple[type, type]:
    from gongkai.portal.models import ArticlePage, StandardPage

    return ArticlePage, StandardPage


def is_searchable(page: Page) -> bool:
    """Whether the public may see ``page`` (a specific instance) and so find it."""
    article_type, standard_type = _searchable_types()
    if not isinstance(page, article_type | standard_type):
        return False
    if not page.live or page.alias_of_id is not None:
        return False
    if isinstance(page, article_type) and page.published_date is None:
        return False
    return not page.get_view_restrictions().exists()


def column_ids_by_path(paths: Iterable[str]) -> dict[str, int]:
    """ColumnPage ids keyed by tree path, for the given paths only."""
    from gongkai.portal.models import ColumnPage

    return dict(ColumnPage.objects.filter(path__in=list(paths)).values_list("path", "pk"))


def ancestor_paths(path: str) -> list[str]:
    return [path[:end] for end in range(PATH_STEP, len(path), PATH_STEP)]


def publication_day(page: Page) -> datetime.date:
    """发布日期 of an item; for a plain page its 更新日期, else the day it was last published."""
    article_type, _ = _searchable_types()
    if isinstance(page, article_type):
        return page.published_date
    moment = page.last_published_at or page.first_published_at
    return page.updated_on or (timezone.localdate(moment) if moment else timezone.localdate())


def body_text_for(page: Page) -> str:
    """What of ``page`` besides its title is searchable: 摘要, 正文, 附件名称, 关键词."""
    article_type, _ = _searchable_types()
    parts = []
    if isinstance(page, article_type):
        parts.append(page.summary)
        parts.append(plain_text(page.body))
        parts.extend(attachment.display_title for attachment in page.attachments.all())
        parts.append(page.keywords)
    else:
        parts.append(plain_text(page.body))
    return "\n".join(part for part in parts if part)[:MAX_BODY_CHARS]


def fill_entry(entry: SearchEntry, page: Page, columns: dict[str, int]) -> SearchEntry:
    """Set every field of ``entry`` from ``page``; ``columns`` maps tree paths to column ids."""
    article_type, _ = _searchable_types()
    day = publication_day(page)
    column_ids = [columns[path] for path in ancestor_paths(page.path) if path in columns]
    entry.page_id = page.pk
    entry.sort_key = make_sort_key(day, page.pk)
    entry.title = page.title[:255]
    entry.body_text = body_text_for(page)
    entry.published_date = day
    entry.year = day.year
    entry.column_ids = " ".join(map(str, column_ids))
    entry.section_id = column_ids[0] if column_ids else None
    entry.column_id = column_ids[-1] if column_ids else None
    if isinstance(page, article_type):
        entry.kind = SearchEntry.Kind.ITEM
        entry.document_number = page.document_number or ""
        entry.index_number = page.index_number or ""
        entry.department_id = page.department_id
        entry.genre_id = page.genre_id
    else:
        entry.kind = SearchEntry.Kind.PAGE
        entry.document_number = entry.index_number = ""
        entry.department_id = entry.genre_id = None
    return entry


def search_index_page(page: Page) -> SearchEntry | None:
    """Bring ``page``'s entry in line with the page as stored now; return the entry, if any.

    Reads the page afresh (the caller's object may be stale or not specific), then creates,
    rewrites or removes the entry in one transaction.
    """
    backend = get_backend()
    with transaction.atomic():
        fresh = Page.objects.filter(pk=page.pk).first()
        fresh = fresh.specific if fresh is not None else None
        old = SearchEntry.objects.select_for_update().filter(page_id=page.pk).first()
        if fresh is None or not is_searchable(fresh):
            if old is not None:
                old.delete()  # pre_delete removes the postings
            return None
        entry = old or SearchEntry()
        if old is not None:
            backend.delete([old])
        fill_entry(entry, fresh, column_ids_by_path(ancestor_paths(fresh.path)))
        entry.save()
        backend.insert([entry])
    return entry


def search_index_remove(page: Page | int) -> bool:
    """Remove a page's entry (unpublished, withdrawn); return whether there was one."""
    page_id = page if isinstance(page, int) else page.pk
    with transaction.atomic():
        entry = SearchEntry.objects.select_for_update().filter(page_id=page_id).first()
        if entry is None:
            return False
        entry.delete()
    return True


def search_index_subtree(page: Page) -> int:
    """Re-index ``page`` and every page beneath it (after a move or a view-restriction change).

    Returns the number of pages looked at.
    """
    article_type, standard_type = _searchable_types()
    # The tree path as stored now: a moved page object may still carry its old one.
    path = Page.objects.filter(pk=page.pk).values_list("path", flat=True).first()
    if path is None:
        return 0
    ids = list(
        Page.objects.filter(path__startswith=path)
        .type(article_type, standard_type)
        .order_by("path")
        .values_list("pk", flat=True)
    )
    for pk in ids:
        search_index_page(Page(pk=pk))
    return len(ids)


def searchable_pages(batch_size: int) -> Iterator[Page]:
    """Every page that should have an entry, as specific instances, oldest first."""
    article_type, standard_type = _searchable_types()
    articles = (
        article_type.objects.live()
        .public()
        .filter(published_date__isnull=False, alias_of__isnull=True)
        .prefetch_related("attachments__document")
        .order_by("published_date", "pk")
    )
    standards = standard_type.objects.live().public().filter(alias_of__isnull=True).order_by("pk")
    yield from articles.iterator(chunk_size=batch_size)
    yield from standards.iterator(chunk_size=batch_size)


def search_index_rebuild(*, batch_size: int = 500) -> int:
    """Empty the index and fill it again from the pages; return the number of entries.

    One transaction: readers see the old index until the new one is complete. On SQLite that
    holds the write lock for the whole run (seconds per ten thousand items), so run it when
    nobody is publishing: after installation, an upgrade that changes tokenisation, or an
    import that bypassed publication.
    """
    from gongkai.portal.models import ColumnPage

    backend = get_backend()
    columns = dict(ColumnPage.objects.values_list("path", "pk"))
    total = 0
    with transaction.atomic():
        backend.clear()
        with connection.cursor() as cursor:
            # Without signals on purpose: the postings went with clear() above.
            cursor.execute("DELETE FROM search_searchentry")
        batch: list[SearchEntry] = []
        for page in searchable_pages(batch_size):
            batch.append(fill_entry(SearchEntry(), page, columns))
            if len(batch) >= batch_size:
                total += _store(batch, backend)
                batch = []
        total += _store(batch, backend)
        backend.optimize()
    logger.info("Search index rebuilt: %d entries", total)
    return total


def _store(batch: list[SearchEntry], backend) -> int:
    if not batch:
        return 0
    now = timezone.now()
    for entry in batch:
        entry.indexed_at = now
    SearchEntry.objects.bulk_create(batch)
    backend.insert(batch)
    return len(batch)


def run_safely(action, *args) -> None:
    """Run an index update from a signal without letting it break the publication.

    Wagtail's own search index does the same: a failed index write is logged, and the page
    is still published. The savepoint keeps a PostgreSQL transaction usable after an error.
    """
    try:
        with transaction.atomic():
            action(*args)
    except Exception:
        logger.exception("Search index update failed (%s); run `manage.py rebuild_search_index`", action.__name__)
