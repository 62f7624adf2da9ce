# ruff: noqa: E501
# Report lines in Chinese read better unbroken.
"""`manage.py bench_enforcement`: the 双公示 import and the public query at scale (docs/enforcement.md).

For a scratch database only (``make bench`` makes one). Two measurements, each printed next to a
reference taken in the same run:

1. Import: writes a file of N realistic 行政处罚 rows in the 双公示 template, then runs the real
   two-step path — ``validate_file`` spooling the valid rows, and ``decisions_import`` from the
   spool (masking, batches of 1,000, one transaction) — and reports the time of each, rows per
   second and the process's peak RSS, next to the time openpyxl alone needs to read the same file.
2. Query: fills the table (and the search index) to M public decisions by plain INSERTs, then
   times the public query as the page runs it — ``search_public`` through ``CappedPaginator``,
   page 1 and the capped count — for a mix of party-name fragments of 1–6 characters, decision
   numbers (whole, written with other brackets, fragments), a 统一社会信用代码 and filters, and
   reports p50/p95 per kind and overall next to a primary-key fetch of 20 rows as the reference.

The target on this machine: import of 100,000 rows under 60 s; query p95 under 50 ms at 1,000,000.
"""

import datetime
import os
import random
import resource
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
from gongkai.enforcement import exchange, search_index, selectors, spreadsheet
from gongkai.enforcement.models import Decision, Kind, PartyCategory
from gongkai.enforcement.spool import SpoolWriter
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
        if rows <= 0:
            return
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
            start, cpu = time.perf_counter(), time.process_time()
            with tempfile.TemporaryFile() as spooled:
                writer = SpoolWriter(spooled, "penalty")
                report = spreadsheet.validate_file(path, "penalty", today=today, max_errors=10, spool=writer)
                signature = writer.close()
                validated, validated_cpu = time.perf_counter() - start, time.process_time() - cpu
                rss_validated = _peak_rss_mib()
                spool_size = spooled.tell()
                spooled.seek(0)
                start, cpu = time.perf_counter(), time.process_time()
                result = exchange.decisions_import(
                    user=user, department=department, kind=Kind.PENALTY, spool=spooled, signature=signature, today=today
                )
                imported, imported_cpu = time.perf_counter() - start, time.process_time() - cpu
            rss_after = _peak_rss_mib()
            size = path.stat().st_size

        total = validated + imported
        self.stdout.write(f"数据库：{connection.vendor}")
        self.stdout.write(
            f"导入文件：{rows} 行，{size / 2**20:.1f} MiB（生成用时 {written:.1f} 秒）；有效 {report.valid_rows} 行，导入 {result.created} 行"
        )
        self.stdout.write(
            f"第一步 校验并暂存有效行：{validated:.1f} 秒（暂存 {spool_size / 2**20:.1f} MiB）；"
            f"第二步 从暂存导入（脱敏、写入）：{imported:.1f} 秒，{result.created / max(imported, 1e-9):.0f} 行/秒；"
            f"合计 {total:.1f} 秒"
        )
        self.stdout.write(
            f"其中本进程CPU时间：校验 {validated_cpu:.1f} 秒，导入 {imported_cpu:.1f} 秒，合计 {validated_cpu + imported_cpu:.1f} 秒"
            f"（机器负载 {_load()}；墙钟时间含等待CPU的时间）"
        )
        self.stdout.write(
            f"参照 openpyxl 只读遍历同一文件 {reference:.1f} 秒；比值 校验 {validated / max(reference, 1e-9):.1f}、"
            f"导入 {imported / max(reference, 1e-9):.1f}；目标 导入100000行 合计 < 60 秒"
        )
        self.stdout.write(
            f"RSS 导入进程内存峰值（ru_maxrss）：校验前 {rss_before:.0f} MiB，校验后 {rss_validated:.0f} MiB，导入后 {rss_after:.0f} MiB"
            "（逐行读取，分批写入）"
        )

    def _query(self, target: int, department, today, repeat: int, seed: int) -> None:
        rng = random.Random(seed)
        existing = Decision.objects.count()
        start = time.perf_counter()
        self._fill(target - existing, department, today, rng)
        filled = time.perf_counter() - start
        public = Decision.objects.filter(live=True).count()
        if not public:
            self.stdout.write("查询数据：没有公开的决定，跳过查询测量（--query-decisions 应大于导入行数）")
            return
        sample = Decision.objects.filter(live=True).order_by("pk")[public // 2]
        year = sample.decision_date.year
        serial = sample.decision_number.split("〕")[1].rstrip("号")
        queries = [
            ("名称片段 1字", {"q": "遵"}),
            ("名称片段 2字（常见）", {"q": "贵阳"}),
            ("名称片段 3字", {"q": "六盘水"}),
            ("名称片段 4字（少见组合）", {"q": f"{CITIES[3]}某{TRADES[7]}"}),
            ("名称片段 6字", {"q": f"{CITIES[4]}某某{TRADES[2]}"}),
            ("名称片段 含数字", {"q": f"{TRADES[5]}有限公司{rng.randrange(997)}"}),
            ("名称片段 全为常见字组（有限公司）", {"q": "有限公司"}),
            ("统一社会信用代码", {"q": sample.party_uscc}),
            ("决定文书号（完整）", {"q": sample.decision_number}),
            ("决定文书号（方括号写法）", {"q": sample.decision_number.replace("〔", "[").replace("〕", "]")}),
            ("决定文书号片段", {"q": f"〔{year}〕{serial[:-1] or serial}"}),
            ("类别筛选", {"kind": Kind.PENALTY}),
            ("日期范围", {"date_from": today - datetime.timedelta(days=90), "date_to": today}),
            ("名称 + 日期", {"q": "遵义", "date_from": today - datetime.timedelta(days=365)}),
            ("名称 + 早年日期", {"q": "铜仁", "date_to": today - datetime.timedelta(days=800)}),
            ("无结果", {"q": "不存在的企业名称"}),
        ]
        timings: list[float] = []
        cpu_timings: list[float] = []
        lines = ["  每种查询取第1页并计数（计数上限 1000，与公开页面和接口相同）："]
        for label, params in queries:
            samples, cpu_samples = [], []
            for _ in range(repeat):
                begin, cpu = time.perf_counter(), time.process_time()
                paginator = selectors.CappedPaginator(selectors.search_public(today, **params), 20)
                page = list(paginator.page(1).object_list)
                samples.append((time.perf_counter() - begin) * 1000)
                cpu_samples.append((time.process_time() - cpu) * 1000)
            timings.extend(samples)
            cpu_timings.extend(cpu_samples)
            shown = f"超过 {paginator.count}" if paginator.capped else str(paginator.count)
            lines.append(
                f"  {label}：p50 {_percentile(samples, 50):.1f} 毫秒，p95 {_percentile(samples, 95):.1f} 毫秒"
                f"（CPU p95 {_percentile(cpu_samples, 95):.1f}；首页 {len(page)} 条，共 {shown} 件）"
            )
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
        self.stdout.write(
            f"本进程CPU时间 p50 {_percentile(cpu_timings, 50):.1f} 毫秒，p95 {_percentile(cpu_timings, 95):.1f} 毫秒"
            f"（机器负载 {_load()}）"
        )

    def _fill(self, count: int, department, today, rng: random.Random) -> None:
        """Bulk-insert public decisions and their index entries (no revisions: records published long ago).

        Plain INSERTs of prepared rows through executemany, 10,000 a transaction: the ORM's
        bulk_create spent most of the time building SQL for a million model instances.
        """
        if count <= 0:
            return
        now = timezone.now()
        fields = [f for f in Decision._meta.concrete_fields if not f.primary_key]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        marks = ", ".join(["%s"] * (len(fields) + 1))
        # Table and column names come from the model, never from input.
        insert = f"INSERT INTO {Decision._meta.db_table} (id, {columns}) VALUES ({marks})"  # noqa: S608
        start_id = (Decision.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        template = Decision(
            kind=Kind.PENALTY,
            department=department,
            document_title="行政处罚决定书",
            decision_number="",
            decision_date=today,
            party_name="",
            party_category=PartyCategory.ORGANISATION,
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
            created_at=now,
        )
        base = {f.attname: f.get_db_prep_save(getattr(template, f.attname), connection) for f in fields}
        entry_sql = "INSERT INTO enforcement_decisionsearchentry (decision_id, sort_key, names, numbers) VALUES (%s, %s, %s, %s)"
        rows, entries = [], []
        for n in range(count):
            pk = start_id + n
            city, trade = rng.choice(CITIES), rng.choice(TRADES)
            first17 = f"915200{rng.randint(0, 99):02d}MA6{rng.randint(0, 99999999):08d}"[:17]
            decided = today - datetime.timedelta(days=rng.randint(0, 1000))
            number = f"{PREFIX}〔{decided.year}〕{n}号"
            name = f"{city}某某{trade}有限公司{n % 997}"
            values = dict(base)
            values.update(
                kind=Kind.PENALTY if rng.random() < 0.7 else Kind.LICENSE,
                decision_number=number,
                decision_number_key=search_index.number_key(number),
                decision_date=decided.isoformat() if connection.vendor == "sqlite" else decided,
                party_name=name,
                party_uscc=first17 + uscc_check_char(first17),
                public_until=(decided + datetime.timedelta(days=1100)),
            )
            if connection.vendor == "sqlite":
                values["public_until"] = values["public_until"].isoformat()
            rows.append([pk] + [values[f.attname] for f in fields])
            entries.append(
                (pk, search_index.sort_key(decided, pk), search_index.tokens(name), search_index.tokens(number))
            )
            if len(rows) == 10_000:
                self._write(insert, rows, entry_sql, entries)
                rows, entries = [], []
        if rows:
            self._write(insert, rows, entry_sql, entries)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM enforcement_decision))",
                    [Decision._meta.db_table],
                )
            cursor.execute("ANALYZE")

    @staticmethod
    def _write(insert: str, rows: list, entry_sql: str, entries: list) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(insert, rows)
            cursor.executemany(entry_sql, entries)


def _load() -> str:
    return "、".join(f"{x:.1f}" for x in os.getloadavg())


def _peak_rss_mib() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentile(values: list[float], q: int) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]
