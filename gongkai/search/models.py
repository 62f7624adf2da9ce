"""The public search index: one SearchEntry per published page.

The entry holds what the search shows and filters on, in portable columns. The full-text
structures are per database and are not model fields (migration 0002 creates them):

- SQLite: the FTS5 table ``search_fts`` (contentless, ``rowid`` = ``sort_key``);
- PostgreSQL: ``tsvector`` columns ``vector`` and ``title_vector`` on this table, GIN-indexed.

Only gongkai.search.indexing writes entries; it keeps both in step (docs/search.md).
"""

import datetime

from django.db import models

# sort_key = days since 1900-01-01 × 2^22 + page id (mod 2^22): the newest item has the largest
# key, and items of one day follow their page ids. Both databases order and page by it, and
# SQLite's FTS5 table uses it as rowid, so "ORDER BY rowid DESC LIMIT 20" can stop after 20
# matches. The key is kept small on purpose: FTS5 stores the gap between consecutive rowids of
# every posting, and a gap of ~10^4 (2-3 bytes) instead of ~10^12 (6 bytes) made the index
# about 40 % smaller in the benchmark. Unique while page ids stay below 4,194,304.
EPOCH = datetime.date(1900, 1, 1)
DAY_SHIFT = 22


def make_sort_key(day: datetime.date, tiebreak: int) -> int:
    days = max((day - EPOCH).days, 0)
    return (days << DAY_SHIFT) + tiebreak % (1 << DAY_SHIFT)


class SearchEntry(models.Model):
    """What the public search knows about one published page."""

    class Kind(models.TextChoices):
        ITEM = "item", "公开信息"  # ArticlePage: catalogued, with 索引号
        PAGE = "page", "页面"  # StandardPage: 信息公开指南, 机构职能…

    # Null only for the synthetic rows of ``manage.py search_benchmark``.
    page = models.OneToOneField(
        "wagtailcore.Page", null=True, on_delete=models.CASCADE, related_name="+", verbose_name="页面"
    )
    sort_key = models.BigIntegerField("排序键", unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.ITEM)
    title = models.CharField("标题", max_length=255)
    body_text = models.TextField("正文文本", blank=True)
    document_number = models.CharField("文号", max_length=100, blank=True, db_index=True)
    index_number = models.CharField("索引号", max_length=40, blank=True, db_index=True)
    published_date = models.DateField("发布日期")
    year = models.PositiveSmallIntegerField("年份", db_index=True)
    # The values below feed the index's filter tokens and must stay exactly as indexed until
    # the entry is rewritten: hence no database constraint and no cascading change. Pages
    # protect their department and genre; a deleted column deletes the pages beneath it.
    department = models.ForeignKey(
        "org.Department",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name="发布机构",
    )
    genre = models.ForeignKey(
        "catalog.GenreCategory",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name="体裁分类",
    )
    column = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name="所在栏目",
    )
    section = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name="一级栏目",
    )
    # Every column (ColumnPage) above the page, space-separated ids: a filter on any of them
    # finds the page.
    column_ids = models.CharField("上级栏目", max_length=200, blank=True)
    indexed_at = models.DateTimeField("索引时间", auto_now=True)

    class Meta:
        verbose_name = "检索条目"
        verbose_name_plural = "检索条目"

    def __str__(self) -> str:
        return self.title

    @property
    def column_id_list(self) -> list[int]:
        return [int(pk) for pk in self.column_ids.split()]
