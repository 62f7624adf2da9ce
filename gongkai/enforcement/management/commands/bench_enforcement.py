# ruff: noqa: E501
# Report lines in Chinese read better unbroken.
"""`manage.py bench_enforcement`: the 双公示 import and the public query at scale (docs/enforcement.md).

For a scratch database only (``make bench`` makes one). Two measurements, each printed next to a
reference taken in the same run:

1. Import: writes a file of N realistic 行政处罚 rows in the 双公示 template, then runs the real
   two-step path — ``validate_file`` and ``decisions_import`` (masking, batches of 1,000) — and
   reports the time, rows per second, and the peak memory the import added (tracemalloc), next to
   the time openpyxl alone needs to read the same file.
2. Query: fills the table to M public decisions by bulk insert, then times ``search_public`` for
   a mixed set (party-name fragments, a 统一社会信用代码, a decision number, filters) taking the
   first page, and reports p50/p95 next to a primary-key fetch of 20 rows as the reference.

The target on this machine: import of 100,000 rows under 60 s; query p95 under 50 ms at 1,000,000.
"""

import datetime
import random
import resource
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.core.validators import uscc_check_char
from gongkai.enforcement import exchange, selectors, spreadsheet
from gongkai.enforcement.models import Decision, Kind, PartyCategory
from gongkai.org.models import Department

PREFIX = "BENCH"
CITIES = ["贵阳", "遵义", "六盘水", "安顺", "毕节", "铜仁", "凯里", "都匀", "兴义"]
TRADES = ["化工", "水泥", "焦化", "建材", "锰业", "磷化", "铝业", "煤业", "电力", "印染"]


class Command(BaseCommand):
    help = "测量双公示导入和执法决定公开查询的性能（仅用于临时数据库）。"

    def add_arguments(self, parser):
        parser.add_argument("--import-rows", type=int, default=100_000, help="导入的行数（默认100000）")
        parser.add_argument(
            "--query-decisions", type=int, default=1_000_000, help="查询测量时的决定总数（默认1000000）"
        )
        parser.add_argument("--repeat", type=int, default=5, help="每个查询重复次数（默认5）")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **options):
        department, _ = Department.objects.get_or_create(code="bench-zfc", defaults={"name": "基准测试执法处"})
        user, _ = get_user_model().objects.get_or_create(username="bench-admin", defaults={"is_superuser": True})
        if not user.is_superuser:
            user.is_superuser = True
            user.save(update_fields=["is_superuser"])
        today = timezone.localdate()
        self._import(options["import_rows"], department, user, today, options["seed"])
        self._query(options["query_decisions"], department, today, options["repeat"], options["seed"])

    def _import(self, rows: int, department, user, today, seed: int) -> None:
        with tempfile.TemporaryDirectory() as scratch:
            path = Path(scratch) / "penalties.xlsx"
            start = time.perf_counter()
            spreadsheet.write_rows_to(
                path,
                spreadsheet.generate_rows(rows, "penalty", seed, end=today - datetime.timedelta(days=1)),
                "penalty",
            )
            written = time.perf_counter() - start

            start = time.perf_counter()
            workbook = load_workbook(path, read_only=True, data_only=True)
            for _row in workbook.active.iter_rows(values_only=True):
                pass
            workbook.close()
            reference = time.perf_counter() - start

            rss_before = _peak_rss_mib()
            start = time.perf_counter()
            report = spreadsheet.validate_file(path, "penalty", today=today, max_errors=10)
            validated = time.perf_counter() - start
            start = time.perf_counter()
            result = exchange.decisions_import(
                user=user, department=department, kind=Kind.PENALTY, file=path, today=today
            )
            imported = time.perf_counter() - start
            rss_after = _peak_rss_mib()

        self.stdout.write(f"数据库：{connection.vendor}")
        self.stdout.write(
            f"导入文件：{rows} 行（生成用时 {written:.1f} 秒）；有效 {report.valid_rows} 行，导入 {result.created} 行"
        )
        self.stdout.write(
            f"第一步 校验：{validated:.1f} 秒；第二步 导入有效行（重新读取、校验、脱敏、写入）：{imported:.1f} 秒，"
            f"{result.created / max(imported, 1e-9):.0f} 行/秒"
        )
        self.stdout.write(
            f"参照 openpyxl 只读遍历同一文件 {reference:.1f} 秒；比值 校验 {validated / max(reference, 1e-9):.1f}、"
            f"导入 {imported / max(reference, 1e-9):.1f}；目标 导入100000行 < 60 秒"
        )
        self.stdout.write(
            f"进程内存峰值：校验和导入前 {rss_before:.0f} MiB，之后 {rss_after:.0f} MiB（逐行读取，分批写入）"
        )

    def _query(self, target: int, department, today, repeat: int, seed: int) -> None:
        rng = random.Random(seed)
        existing = Decision.objects.count()
        start = time.perf_counter()
        self._fill(target - existing, department, today, rng)
        filled = time.perf_counter() - start
        public = Decision.objects.filter(live=True).count()
        sample = Decision.objects.filter(live=True).order_by("pk")[public // 2]
        queries = [
            ("企业名称片段（常见）", {"q": "贵阳"}),
            ("企业名称片段（少见）", {"q": f"{CITIES[3]}某{TRADES[7]}"}),
            ("统一社会信用代码", {"q": sample.party_uscc}),
            ("决定文书号", {"q": sample.decision_number}),
            ("类别筛选", {"kind": Kind.PENALTY}),
            ("日期范围", {"date_from": today - datetime.timedelta(days=90), "date_to": today}),
            ("名称 + 日期", {"q": "遵义", "date_from": today - datetime.timedelta(days=365)}),
            ("无结果", {"q": "不存在的企业名称"}),
        ]
        timings: list[float] = []
        lines = []
        for label, params in queries:
            samples = []
            for _ in range(repeat):
                begin = time.perf_counter()
                page = list(selectors.search_public(today, **params)[:20])
                samples.append((time.perf_counter() - begin) * 1000)
            timings.extend(samples)
            lines.append(f"  {label}：中位 {statistics.median(samples):.1f} 毫秒（{len(page)} 条）")
        reference = []
        for _ in range(repeat * len(queries)):
            begin = time.perf_counter()
            list(Decision.objects.filter(pk__gte=sample.pk).order_by("pk")[:20])
            reference.append((time.perf_counter() - begin) * 1000)
        p50, p95 = _percentile(timings, 50), _percentile(timings, 95)
        ref95 = _percentile(reference, 95)
        self.stdout.write(
            f"查询数据：共 {Decision.objects.count()} 件决定，其中公开 {public} 件（补足用时 {filled:.0f} 秒）"
        )
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(
            f"公开查询 p50 {p50:.1f} 毫秒，p95 {p95:.1f} 毫秒；参照主键取20条 p95 {ref95:.2f} 毫秒，比值 {p95 / max(ref95, 1e-6):.0f}；"
            "目标 p95 < 50 毫秒"
        )

    def _fill(self, count: int, department, today, rng: random.Random) -> None:
        """Bulk-insert public decisions (no revisions: they stand for records published long ago)."""
        if count <= 0:
            return
        now = timezone.now()
        batch = []
        for n in range(count):
            city, trade = rng.choice(CITIES), rng.choice(TRADES)
            first17 = f"915200{rng.randint(0, 99):02d}MA6{rng.randint(0, 99999999):08d}"[:17]
            decided = today - datetime.timedelta(days=rng.randint(0, 1000))
            decision = Decision(
                kind=Kind.PENALTY if rng.random() < 0.7 else Kind.LICENSE,
                department=department,
                document_title="行政处罚决定书",
                decision_number=f"{PREFIX}〔{decided.year}〕{n}号",
                decision_date=decided,
                party_name=f"{city}某某{trade}有限公司{n % 997}",
                party_category=PartyCategory.ORGANISATION,
                party_uscc=first17 + uscc_check_char(first17),
                legal_representative="张某",
                penalty_types=["罚款"],
                content="罚款人民币十万元。",
                public_content="罚款人民币十万元。",
                fine_amount=Decimal("10"),
                license_category="普通",
                live=True,
                first_published_at=now,
                last_published_at=now,
                masking_reviewed_at=now,
            )
            decision.public_until = decided + datetime.timedelta(days=1100)
            batch.append(decision)
            if len(batch) == 5000:
                with transaction.atomic():
                    Decision.objects.bulk_create(batch)
                batch = []
        if batch:
            with transaction.atomic():
                Decision.objects.bulk_create(batch)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _peak_rss_mib() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentile(values: list[float], q: int) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]
