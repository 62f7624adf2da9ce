"""manage.py search_benchmark: fill synthetic entries and time a mixed query set (docs/search.md).

For a scratch database only, e.g.::

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python manage.py search_benchmark --items 20000

Entries are bulk-inserted straight into SearchEntry and the index (no pages), with text drawn
from a Zipf-weighted vocabulary of this domain, so common words hit most items as they do in
a real corpus. Each query runs through the full ``search()`` path — two capped counts, the page
of sort keys, loading the entries and highlighting titles and snippets.
"""

import datetime
import random
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from gongkai.search.backends import get_backend
from gongkai.search.models import SearchEntry, make_sort_key
from gongkai.search.services import search

DOMAIN = (
    "生态环境 污染防治 大气污染 水污染 土壤污染 固体废物 危险废物 环境影响评价 排污许可 环境监测 "
    "生态保护 自然保护区 饮用水水源 重点流域 空气质量 细颗粒物 臭氧 二氧化硫 氮氧化物 挥发性有机物 "
    "碳排放 碳达峰 碳中和 温室气体 噪声污染 辐射安全 核与辐射 放射源 电磁辐射 环境执法 行政处罚 "
    "环境信访 突发环境事件 应急预案 环境风险 河长制 黑臭水体 农村环境 畜禽养殖 面源污染 工业园区 "
    "清洁生产 节能减排 环境保护税 生态补偿 生物多样性 湿地保护 水土保持 矿山修复 建设项目 竣工验收 "
    "在线监测 自动监测站 监督性监测 环境统计 排放标准 总量控制 污水处理厂 垃圾填埋场 医疗废物 尾矿库 "
    "环境督察 整改方案 问题清单 约谈 挂牌督办 信息公开 行政许可 审批 备案 公示 公告 通知 意见 办法 "
    "规划 方案 报告 通报 批复 决定 细则 指南"
).split()
GENERIC = (
    "关于 进一步 加强 做好 工作 有关 事项 推进 落实 全面 深入 开展 组织 实施 全省 各地 各级 部门 "
    "单位 企业 项目 要求 按照 根据 规定 相关 情况 进行 提高 完善 建立 健全 机制 制度 管理 监督 "
    "检查 考核 责任 任务 目标 措施 保障 重点 领域 问题 整改 成效 明显 持续 改善 稳定 质量 安全 "
    "发展 建设 保护 治理 服务 能力 水平 体系 年度 计划 完成 情况 报告 如下 现将 印发 请 认真 贯彻 "
    "执行 结合 实际 及时 上报 的 了 和 与 及 在 对 为 是 将 已 并 等 中 年 月 日 省 市 县 区"
).split()
RARE = "钒钛磁铁矿 锑冶炼 汞污染 铊超标 稀土尾矿 锰渣库".split()
QUERIES = [
    ("1 char, common", "环", {}),
    ("1 char, rare", "铊", {}),
    ("2 chars, common", "环境", {}),
    ("2 chars, medium", "尾矿", {}),
    ("4 chars, common", "污染防治", {}),
    ("6 chars, phrase", "突发环境事件", {}),
    ("rare phrase", "钒钛磁铁矿", {}),
    ("two terms", "排污许可 公示", {}),
    ("no hit", "量子计算机", {}),
    ("文号", "{document_number}", {}),
    ("索引号", "{index_number}", {}),
    ("query + department", "污染防治", {"department": 3}),
    ("query + year + genre", "环境监测", {"year": 2023, "genre": 2}),
    ("query + column", "辐射", {"column": 7}),
    ("filters only", "", {"department": 5, "year": 2022}),
    ("page 10 of common", "环境", {"offset": 180}),
    ("page 50 of 1 char", "环", {"offset": 980}),
]


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """The domain and generic words with Zipf weights (exponent 0.9) in a random rank order."""
    words = DOMAIN + GENERIC
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(words))]
    rng.shuffle(weights)
    return words, weights


def synthetic_text(rng: random.Random, words: list[str], weights: list[float], length: int) -> str:
    parts: list[str] = []
    size = 0
    while size < length:
        sentence = "".join(rng.choices(words, weights, k=rng.randint(4, 12)))
        parts.append(sentence + rng.choice("，。；。"))
        size += len(sentence) + 1
    return "".join(parts)


class Command(BaseCommand):
    help = "在临时数据库中写入合成检索条目并测量检索耗时（p50/p95）。"

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=20_000)
        parser.add_argument("--body-chars", type=int, default=600, help="平均正文字数（默认600）。")
        parser.add_argument("--repeat", type=int, default=5, help="每个检索重复次数（默认5）。")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--reuse", action="store_true", help="沿用已写入的合成条目，不重新生成。")
        parser.add_argument("--keep", action="store_true", help="结束后保留合成条目。")

    def handle(self, *args, items, body_chars, repeat, seed, reuse, keep, **options):
        if SearchEntry.objects.filter(page__isnull=False).exists():
            raise CommandError("数据库中已有真实检索条目：请在临时数据库中运行本命令（见 docs/search.md）。")
        backend = get_backend()
        if not reuse:
            self.clear(backend)
            started = time.perf_counter()
            self.fill(backend, items, body_chars, seed)
            self.stdout.write(f"写入 {items} 条合成条目：{time.perf_counter() - started:.1f} 秒")
        self.stdout.write(f"数据库：{connection.vendor}，条目数：{SearchEntry.objects.count()}")
        self.measure(repeat)
        if not keep:
            self.clear(backend)

    def clear(self, backend) -> None:
        with transaction.atomic():
            backend.clear()
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM search_searchentry")

    def fill(self, backend, items: int, body_chars: int, seed: int) -> None:
        rng = random.Random(seed)
        words, weights = vocabulary(rng)
        start = datetime.date(2016, 1, 1)
        batch: list[SearchEntry] = []
        for n in range(items):
            day = start + datetime.timedelta(days=rng.randrange(3650))
            body = synthetic_text(rng, words, weights, int(rng.uniform(0.3, 1.7) * body_chars))
            if rng.random() < 0.003:
                body += rng.choice(RARE) + "。"
            title = synthetic_text(rng, words, weights, rng.randint(12, 30))[:-1]
            has_number = rng.random() < 0.3
            batch.append(
                SearchEntry(
                    sort_key=make_sort_key(day, 4_000_000 + n),
                    kind=SearchEntry.Kind.ITEM,
                    title=title[:255],
                    body_text=body,
                    document_number=f"黔环发〔{day.year}〕{n % 200 + 1}号" if has_number else "",
                    index_number=f"11520000MB1503262B/{day.year}-{n % 99_999 + 1:05d}",
                    published_date=day,
                    year=day.year,
                    department_id=rng.randint(1, 15),
                    genre_id=rng.randint(1, 12),
                    column_ids=" ".join(map(str, sorted({rng.randint(1, 6), rng.randint(7, 30)}))),
                    section_id=None,
                    column_id=None,
                )
            )
            if len(batch) == 1000:
                self.store(backend, batch)
                batch = []
        self.store(backend, batch)
        backend.optimize()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    @staticmethod
    def store(backend, batch: list[SearchEntry]) -> None:
        if batch:
            with transaction.atomic():
                SearchEntry.objects.bulk_create(batch)
                backend.insert(batch)

    def measure(self, repeat: int) -> None:
        measure_queries(self.stdout.write, repeat)


def measure_queries(write, repeat: int, overrides: dict[str, dict] | None = None) -> list[float]:
    """Time every query of QUERIES through ``search()``, print a table; return all timings in ms.

    ``overrides`` replaces the filter parameters of the queries with these labels (ids that exist
    in the caller's database, e.g. a real column); manage.py bench_portal uses it.
    """
    # 文号 and 索引号 of an item in the middle of the set, so the look-ups have an answer.
    sample = SearchEntry.objects.exclude(document_number="").order_by("sort_key")
    sample = sample[sample.count() // 2] if sample.exists() else SearchEntry()
    identities = {"document_number": sample.document_number, "index_number": sample.index_number}
    everything: list[float] = []
    write(f"{'query':<24}{'hits':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for label, query, params in QUERIES:
        params = dict((overrides or {}).get(label, params))
        query = query.format(**identities)
        offset = params.pop("offset", 0)
        timings = []
        for _ in range(repeat + 1):
            started = time.perf_counter()
            results = search(query, offset=offset, **params)
            for hit in results.hits:
                str(hit.title_html), str(hit.snippet_html)
            timings.append((time.perf_counter() - started) * 1000)
        timings = timings[1:]  # the first run warms caches
        everything.extend(timings)
        write(
            f"{label:<24}{results.total_display:>8}{statistics.median(timings):>9.1f}"
            f"{percentile(timings, 95):>9.1f}{max(timings):>9.1f}"
        )
    write(
        f"{'ALL':<24}{'':>8}{statistics.median(everything):>9.1f}{percentile(everything, 95):>9.1f}"
        f"{max(everything):>9.1f}"
    )
    return everything


def percentile(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]
