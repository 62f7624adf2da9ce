"""manage.py bench_portal: a portal of N disclosure items, rendered and searched (docs/performance.md).

For a scratch database with the demo site loaded (``manage.py load_demo``); scripts/bench-portal.sh
runs it and then measures the same database over HTTP (wrk through nginx, gunicorn's memory).

1. Fill: N live ArticlePages over 30 leaf columns, with catalog metadata (索引号, 文号 on ~30 %,
   department, genre, topic, dates over ten years) and their search entries. Rows are written in
   bulk: Page rows with computed treebeard paths, the ArticlePage rows beside them, SearchEntry
   rows built by gongkai.search.indexing.fill_entry, the same builder publication uses. Then the
   tree is checked over every row (treebeard's find_problems on small fills).
2. Uncached render: anonymous requests through django.test.Client (no page cache involved):
   p50/p95 and database queries per page type, against the targets of issue 7.
3. Search: the mixed query set of manage.py search_benchmark through ``search()``.

Pages written this way have no revisions and no Wagtail admin search entries: they are for the
public side. The command refuses to run where demo data is not allowed (production settings).
"""

import datetime
import json
import random
import statistics
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from wagtail.models import Page

from gongkai.catalog.models import GenreCategory, IndexNumberCounter, TopicCategory, Validity
from gongkai.catalog.services import index_agency_code
from gongkai.org.models import Department
from gongkai.portal.models import ArticlePage, ColumnPage, HomePage
from gongkai.search.backends import get_backend
from gongkai.search.indexing import fill_entry
from gongkai.search.management.commands.search_benchmark import (
    DOMAIN,
    QUERIES,
    RARE,
    measure_queries,
    percentile,
    synthetic_text,
    vocabulary,
)
from gongkai.search.models import SearchEntry

# Issue 7's targets for this machine.
ITEM_P95_MS = 50
ITEM_MAX_QUERIES = 15
SEARCH_P95_MS = 100
TARGET_COLUMNS = 30
BATCH = 2000

# Leaf columns added to the demo tree so items spread over about thirty columns, as on a real
# 生态环境厅 site: (parent's URL path, title, slug).
EXTRA_COLUMNS = [
    ("/home/zwgk/fdzdgknr/", "环境监测", "hjjc"),
    ("/home/zwgk/fdzdgknr/", "建设项目环评", "jsxmhp"),
    ("/home/zwgk/fdzdgknr/", "排污许可", "pwxk"),
    ("/home/zwgk/fdzdgknr/", "固体废物", "gtfw"),
    ("/home/zwgk/fdzdgknr/", "核与辐射", "hyfs"),
    ("/home/zwgk/fdzdgknr/", "突发环境事件", "tfhjsj"),
    ("/home/zwgk/fdzdgknr/", "财政预决算", "czyjs"),
    ("/home/zwgk/fdzdgknr/", "人事信息", "rsxx"),
    ("/home/zwgk/fdzdgknr/", "建议提案办理", "jytabl"),
    ("/home/ztzl/", "碳达峰碳中和", "tdftzh"),
    ("/home/ztzl/", "生物多样性保护", "swdyx"),
    ("/home/ztzl/", "河湖长制", "hhzz"),
    ("/home/ztzl/", "农村环境整治", "nchjzz"),
]
# Genres whose items are titled 关于…的<genre>; the others end in the genre's name alone.
ABOUT_GENRES = {"决定", "意见", "通知", "通报", "批复", "函", "办法", "规定"}
NUMBER_PREFIXES = ["黔环发", "黔环函", "黔环通", "黔环办", "黔环评", "黔环罚"]


@dataclass
class Timings:
    ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


class Command(BaseCommand):
    help = "在临时数据库中写入大量公开信息页面，测量未缓存渲染耗时、每页查询数和检索耗时。"

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=200_000, help="写入的公开信息条数（默认200000）。")
        parser.add_argument("--body-chars", type=int, default=600, help="平均正文字数（默认600）。")
        parser.add_argument("--item-renders", type=int, default=200, help="随机渲染的信息页数（默认200）。")
        parser.add_argument("--repeat", type=int, default=5, help="首页、栏目页和每个检索的重复次数（默认5）。")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--reuse", action="store_true", help="沿用上次写入的页面，不再写入（调试用）。")
        parser.add_argument("--urls", help="把压测用的地址写入此 JSON 文件（scripts/bench-portal.sh 使用）。")

    def handle(self, *args, items, body_chars, item_renders, repeat, seed, reuse, urls, **options):
        if not getattr(settings, "GONGKAI_ALLOW_DEMO", False):
            raise CommandError("当前设置不允许写入测试数据：请在临时数据库中运行（见 docs/performance.md）。")
        home = HomePage.objects.first()
        if home is None or not Department.objects.exists():
            raise CommandError("数据库中没有首页或处室：请先运行 manage.py load_demo。")
        rng = random.Random(seed)
        columns = columns_ensure(home)

        if not reuse:
            started = time.perf_counter()
            fill_items(home=home, columns=columns, count=items, body_chars=body_chars, rng=rng)
            elapsed = time.perf_counter() - started
            self.stdout.write(
                f"FILL 写入 {items} 条公开信息（{len(columns)} 个栏目，页面、目录信息和检索索引）："
                f"{elapsed:.1f} 秒，每秒 {items / max(elapsed, 1e-9):.0f} 条"
            )
        problems = tree_problems()
        if problems:
            raise CommandError(f"页面树有问题：{problems}")
        total = Page.objects.count()
        self.stdout.write(f"TREE 页面树检查：{total} 个页面，无问题（深度、子页数、孤立页、路径字符）")
        self.stdout.write(
            f"数据库：{connection.vendor}，公开信息 {ArticlePage.objects.count()} 条，"
            f"检索条目 {SearchEntry.objects.count()} 条"
        )

        targets = pick_targets(home, columns, item_renders, rng)
        results = self.render_all(targets, repeat)
        self.report_renders(results)
        self.search(targets["search_column"], repeat)
        if urls:
            with open(urls, "w", encoding="utf-8") as out:
                json.dump(targets, out, ensure_ascii=False, indent=1)

    def render_all(self, targets: dict, repeat: int) -> dict[str, Timings]:
        client = Client(HTTP_HOST="localhost")
        results: dict[str, Timings] = {}
        plan = [
            ("home", [targets["home"]] * repeat),
            ("column", [url for url in targets["columns"] for _ in range(repeat)]),
            ("column deep", [url for url in targets["columns_deep"] for _ in range(repeat)]),
            ("item", targets["items"]),
            ("search", [url for url in targets["searches"] for _ in range(repeat)]),
        ]
        # In-process requests all come from one address; the search rate limit is for people.
        with override_settings(GONGKAI_SEARCH_PER_MINUTE=10**9):
            client.get(targets["home"])  # imports, template loading: not part of any page's time
            for label, url_list in plan:
                timing = results[label] = Timings()
                for url in url_list:
                    with CaptureQueriesContext(connection) as captured:
                        started = time.perf_counter()
                        response = client.get(url)
                        if hasattr(response, "render"):
                            response.render()
                        timing.ms.append((time.perf_counter() - started) * 1000)
                    timing.queries.append(len(captured.captured_queries))
                    if response.status_code != 200:
                        timing.failures.append(f"{url} → {response.status_code}")
        return results

    def report_renders(self, results: dict[str, Timings]) -> None:
        self.stdout.write("未缓存渲染（进程内 django.test.Client，匿名访问，无整页缓存）：")
        self.stdout.write(f"{'page':<14}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}{'max q':>7}")
        for label, timing in results.items():
            self.stdout.write(
                f"RENDER {label:<14}{len(timing.ms):>5}{statistics.median(timing.ms):>9.1f}"
                f"{percentile(timing.ms, 95):>9.1f}{max(timing.ms):>9.1f}"
                f"{statistics.median(timing.queries):>9.0f}{max(timing.queries):>7}"
            )
        failures = [failure for timing in results.values() for failure in timing.failures]
        if failures:
            raise CommandError("页面未正常返回：" + "；".join(failures[:10]))
        item = results["item"]
        p95, most = percentile(item.ms, 95), max(item.queries)
        self.stdout.write(
            f"TARGET 信息页未缓存 p95 ≤ {ITEM_P95_MS} ms：{met(p95 <= ITEM_P95_MS)}（{p95:.1f} ms）；"
            f"每页查询 ≤ {ITEM_MAX_QUERIES} 条：{met(most <= ITEM_MAX_QUERIES)}（最多 {most} 条）"
        )

    def search(self, column_id: int | None, repeat: int) -> None:
        entries = SearchEntry.objects.count()
        self.stdout.write(f"检索（search()，{entries} 条检索条目，每个检索 {repeat} 次）：")
        # The query set's filter ids are those of the synthetic benchmark; here they must exist.
        overrides = {label: {**params, "column": column_id} for label, _, params in QUERIES if "column" in params}
        timings = measure_queries(lambda line: self.stdout.write("SEARCH " + line), repeat, overrides)
        p50, p95 = statistics.median(timings), percentile(timings, 95)
        self.stdout.write(
            f"TARGET 检索 p95 ≤ {SEARCH_P95_MS} ms：{met(p95 <= SEARCH_P95_MS)}（p50 {p50:.1f} ms，p95 {p95:.1f} ms）"
        )


def met(ok: bool) -> str:
    return "达到" if ok else "未达到"


def columns_ensure(home: HomePage) -> list[ColumnPage]:
    """The leaf columns that receive the items: the demo's, plus EXTRA_COLUMNS up to about thirty."""
    for parent_path, title, slug in EXTRA_COLUMNS:
        parent = Page.objects.filter(url_path=parent_path).first()
        if parent is None or parent.get_children().filter(slug=slug).exists():
            continue
        parent.add_child(instance=ColumnPage(title=title, slug=slug, live=True))
    columns = list(ColumnPage.objects.live().descendant_of(home).order_by("path"))
    paths = {column.path for column in columns}
    leaves = [c for c in columns if not any(p.startswith(c.path) and p != c.path for p in paths)]
    return leaves[:TARGET_COLUMNS]


def fill_items(*, home: HomePage, columns: list[ColumnPage], count: int, body_chars: int, rng: random.Random) -> None:
    """Write ``count`` live ArticlePages beneath ``columns``, with their search entries, in batches."""
    words, weights = vocabulary(rng)
    # A few columns (news, notices) hold most items, as on real sites.
    column_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(columns))]
    rng.shuffle(column_weights)
    departments = list(Department.objects.order_by("pk"))
    genres = list(GenreCategory.objects.order_by("pk"))
    topics = list(TopicCategory.objects.order_by("pk"))
    content_type = ContentType.objects.get_for_model(ArticlePage)
    agency_code = index_agency_code()
    column_ids = dict(ColumnPage.objects.values_list("path", "pk"))
    today = timezone.localdate()
    counters = dict(IndexNumberCounter.objects.values_list("year", "last"))
    numbers: dict[tuple[str, int], int] = {}
    next_step = {column.pk: last_child_step(column) + 1 for column in columns}
    added = dict.fromkeys(next_step, 0)
    backend = get_backend()
    zone = timezone.get_current_timezone()
    fields = ArticlePage._meta.local_concrete_fields
    quote = connection.ops.quote_name
    # Table and column names from the model's meta; the values are bound parameters.
    insert_sql = (
        f"INSERT INTO {quote(ArticlePage._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    for start in range(0, count, BATCH):
        batch = []
        for n in range(start, min(start + BATCH, count)):
            column = rng.choices(columns, column_weights)[0]
            day = today - datetime.timedelta(days=rng.randrange(3650))
            moment = datetime.datetime.combine(day, datetime.time(9), tzinfo=zone) + datetime.timedelta(
                minutes=rng.randrange(540)
            )
            step = next_step[column.pk]
            next_step[column.pk] += 1
            added[column.pk] += 1
            genre, department = rng.choice(genres), rng.choice(departments)
            counters[day.year] = counters.get(day.year, 0) + 1
            slug = f"b{n + 1:06d}"
            title = item_title(rng, words, weights, genre.name)
            body = synthetic_text(rng, words, weights, int(rng.uniform(0.3, 1.7) * body_chars))
            if rng.random() < 0.003:
                body += rng.choice(RARE) + "。"
            page = ArticlePage(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                path=Page._get_path(column.path, column.depth + 1, step),
                depth=column.depth + 1,
                numchild=0,
                url_path=f"{column.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=moment,
                last_published_at=moment,
                latest_revision_created_at=moment,
                locale_id=home.locale_id,
                translation_key=uuid.uuid4(),
                department_id=department.pk,
                genre_id=genre.pk,
                topic_id=rng.choice(topics).pk if topics else None,
                written_date=day - datetime.timedelta(days=rng.randrange(15)),
                document_number=document_number(rng, day, numbers) if rng.random() < 0.3 else "",
                keywords=" ".join(rng.sample(DOMAIN, 3)),
                validity=Validity.VALID,
                index_number=f"{agency_code}/{day.year}-{counters[day.year]:05d}",
                published_date=day,
                summary=body[: rng.randint(40, 120)].rstrip("，。；") + "。",
                body=paragraphs(body),
                source=department.name,
            )
            # No attachments: fill_entry asks the cluster, not the database (modelcluster).
            page._cluster_related_objects = {"attachments": []}
            batch.append(page)
        with transaction.atomic():
            # The Page columns (the parent table) in bulk; this sets each object's id.
            Page.objects.bulk_create(batch)
            for page in batch:
                page.page_ptr_id = page.id
            # bulk_create refuses multi-table inheritance: the child rows go in beside it.
            rows = [tuple(f.get_db_prep_save(getattr(page, f.attname), connection) for f in fields) for page in batch]
            with connection.cursor() as cursor:
                cursor.executemany(insert_sql, rows)
            entries = [fill_entry(SearchEntry(), page, column_ids) for page in batch]
            SearchEntry.objects.bulk_create(entries)
            backend.insert(entries)
    with transaction.atomic():
        for pk, number in added.items():
            Page.objects.filter(pk=pk).update(numchild=F("numchild") + number)
        for year, last in counters.items():
            IndexNumberCounter.objects.update_or_create(year=year, defaults={"last": last})
        # No ANALYZE: a site on SQLite never runs it, and its statistics change the plans measured here.
        backend.optimize()


def last_child_step(parent: Page) -> int:
    last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("-path").first()
    return Page._str2int(last.path[-Page.steplen :]) if last else 0


def item_title(rng: random.Random, words: list[str], weights: list[float], genre: str) -> str:
    core = "".join(rng.choices(words, weights, k=rng.randint(3, 8)))
    return f"关于{core}的{genre}" if genre in ABOUT_GENRES else f"{core}{genre}"


def document_number(rng: random.Random, day: datetime.date, numbers: dict[tuple[str, int], int]) -> str:
    prefix = rng.choice(NUMBER_PREFIXES)
    numbers[prefix, day.year] = numbers.get((prefix, day.year), 0) + 1
    return f"{prefix}〔{day.year}〕{numbers[prefix, day.year]}号"


def paragraphs(text: str) -> str:
    sentences = text.replace("。", "。\n").split("\n")
    groups = ["".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4) if "".join(sentences[i : i + 4])]
    return "".join(f"<p>{group}</p>" for group in groups)


def tree_problems(*, sql: bool | None = None) -> dict[str, int]:
    """treebeard's five problems (bad characters, step length, orphans, depth, numchild), counted.

    treebeard's ``find_problems`` asks two queries per node: fine for a small tree, minutes for
    200,000 pages, so large trees (or ``sql=True``) are checked with the same five conditions as
    one query each.
    """
    if sql is None:
        sql = Page.objects.count() > 5000
    if not sql:
        names = ("evil_chars", "bad_steplen", "orphans", "wrong_depth", "wrong_numchild")
        return {name: len(ids) for name, ids in zip(names, Page.find_problems(), strict=True) if ids}
    # Identifiers from the model's meta and an int: no user input in these statements.
    table = connection.ops.quote_name(Page._meta.db_table)
    step = Page.steplen
    checks = {
        "bad_steplen": f"SELECT COUNT(*) FROM {table} WHERE LENGTH(path) % {step} != 0",  # noqa: S608
        "wrong_depth": f"SELECT COUNT(*) FROM {table} WHERE depth * {step} != LENGTH(path)",  # noqa: S608
        "orphans": (
            f"SELECT COUNT(*) FROM {table} c WHERE c.depth > 1 AND NOT EXISTS "  # noqa: S608
            f"(SELECT 1 FROM {table} p WHERE p.path = SUBSTR(c.path, 1, LENGTH(c.path) - {step}))"
        ),
        "wrong_numchild": (
            f"SELECT COUNT(*) FROM {table} p LEFT JOIN (SELECT SUBSTR(path, 1, LENGTH(path) - {step}) AS parent, "  # noqa: S608
            f"COUNT(*) AS n FROM {table} WHERE depth > 1 GROUP BY 1) c ON c.parent = p.path "
            "WHERE p.numchild != COALESCE(c.n, 0)"
        ),
    }
    found = {}
    with connection.cursor() as cursor:
        for name, sql in checks.items():
            cursor.execute(sql)
            found[name] = cursor.fetchone()[0]
    evil = Page.objects.exclude(path__regex=f"^[{Page.alphabet}]+$").count()
    found["evil_chars"] = evil
    return {name: number for name, number in found.items() if number}


def pick_targets(home: HomePage, columns: list[ColumnPage], item_count: int, rng: random.Random) -> dict:
    """Relative URLs of the pages to measure: home, three columns (first and a deep page), items, searches."""
    # Fresh rows: the fill changed numchild.
    by_size = list(ColumnPage.objects.filter(pk__in=[c.pk for c in columns]).order_by("-numchild", "path"))
    chosen = list(dict.fromkeys([by_size[0], by_size[len(by_size) // 2], by_size[-1]]))
    # The search form offers top-level columns and their children only.
    searchable = [column for column in by_size if column.depth <= home.depth + 2]
    search_column = searchable[0].pk if searchable else None
    deep = []
    for column in chosen:
        pages = max(1, (column.articles().count() - 1) // ColumnPage.page_size + 1)
        deep.append(f"{column.get_url()}?page={max(1, pages * 3 // 4)}")
    ids = list(ArticlePage.objects.live().values_list("pk", flat=True))
    sample = rng.sample(ids, min(item_count, len(ids)))
    items = [page.get_url() for page in Page.objects.filter(pk__in=sample).order_by("?")]
    middle = SearchEntry.objects.exclude(document_number="").order_by("sort_key")
    middle = middle[middle.count() // 2] if middle.exists() else None
    department = Department.objects.order_by("pk")[2:3].first()
    genre = GenreCategory.objects.order_by("pk")[1:2].first()
    year = timezone.localdate().year - 3
    params = [
        {"q": "环"},
        {"q": "铊"},
        {"q": "环境"},
        {"q": "尾矿"},
        {"q": "污染防治"},
        {"q": "突发环境事件"},
        {"q": "钒钛磁铁矿"},
        {"q": "排污许可 公示"},
        {"q": "量子计算机"},
        {"q": middle.document_number if middle else "黔环发"},
        {"q": middle.index_number if middle else "2024"},
        {"q": "污染防治", "department": department.code if department else ""},
        {"q": "环境监测", "year": year, "genre": genre.code if genre else ""},
        {"q": "辐射", "column": search_column or ""},
        {"q": "环境", "page": 10},
        {"q": "环", "page": 50},
    ]
    searches = ["/search/?" + urlencode({k: v for k, v in p.items() if v != ""}) for p in params]
    return {
        "home": home.get_url(),
        "columns": [column.get_url() for column in chosen],
        "columns_deep": deep,
        "items": items,
        "searches": searches,
        "search_column": search_column,
    }
