"""`manage.py bench_annual_report`: time the annual report's figures over many applications (docs/annual-report.md).

For a scratch database only, e.g.::

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python manage.py bench_annual_report

Bulk-inserts N applications (default 100,000; numbers ``BENCH-…``) received over two years with
a realistic spread of applicant types, outcomes and handling times, plus 行政复议/诉讼 cases on
about 1% of them, then times ``compute(year)`` (best of 3) against two references measured in the
same run: a plain ``SELECT COUNT(*)`` over the table, and Python counting section 三 row by row
over the same rows (which also cross-checks every cell). The rows are deleted afterwards unless
``--keep``. The target is under 2 seconds for 100,000 applications.
"""

import datetime
import random
import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from gongkai.calendar.services import current_date
from gongkai.foi.models import (
    ApplicantType,
    Application,
    Challenge,
    Delivery,
    IdType,
    InformationForm,
    Status,
)
from gongkai.foi.outcomes import Outcome
from gongkai.foi.report import tables as t

PREFIX = "BENCH-"
TARGET_SECONDS = 2.0
BATCH = 2000

APPLICANT_WEIGHTS = {
    ApplicantType.NATURAL_PERSON: 80,
    ApplicantType.COMMERCIAL: 9,
    ApplicantType.RESEARCH: 1,
    ApplicantType.PUBLIC_INTEREST: 2,
    ApplicantType.LEGAL_SERVICE: 5,
    ApplicantType.OTHER_ORGANISATION: 3,
}
# Roughly the shape of published provincial reports: most disclosed or "not held".
OUTCOME_WEIGHTS = {outcome: 1 for outcome in Outcome} | {
    Outcome.DISCLOSED: 45,
    Outcome.PARTIAL: 8,
    Outcome.UNAVAILABLE_NOT_HELD: 15,
    Outcome.UNAVAILABLE_NEEDS_CREATION: 4,
    Outcome.UNAVAILABLE_UNCLEAR: 2,
    Outcome.NOT_PROCESSED_PETITION: 3,
    Outcome.NOT_PROCESSED_REPEAT: 2,
    Outcome.OTHER_NO_CORRECTION: 3,
}


def best_of(runs: int, func) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - started)
    return best, result


def python_section_three(year: int) -> dict[str, dict[str, int]]:
    """Section 三 counted in Python, one row at a time: the reference for speed and for every cell."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    counts: dict[str, Counter] = {row.key: Counter() for row in t.ROWS}
    rows = Application.objects.values_list("applicant_type", "outcome", "received_on", "closed_on", "status")
    for applicant, outcome, received, closed, status in rows.order_by().iterator(chunk_size=5000):
        if status == Status.INVALID or received is None or received > end:
            continue
        if closed is not None and closed < start:
            continue
        counts[t.ROW_NEW if received >= start else t.ROW_CARRIED][applicant] += 1
        if closed is not None and closed <= end:
            counts.get(outcome, Counter())[applicant] += 1
        else:
            counts[t.ROW_CARRY_NEXT][applicant] += 1
    cells = {key: {column: counts[key][column] for column in t.APPLICANT_COLUMNS} for key in counts}
    t._fill_totals(cells)
    return cells


class Command(BaseCommand):
    help = "在临时数据库中批量写入申请数据，测量年度报告统计耗时（仅用于测试库）。"

    def add_arguments(self, parser):
        parser.add_argument("--applications", type=int, default=100_000, help="申请数量（默认100000）")
        parser.add_argument("--year", type=int, help="报告年度（默认上一年；数据分布在该年及前一年）")
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--keep", action="store_true", help="测量后保留写入的数据")

    def handle(self, *args, **options):
        n = options["applications"]
        if n < 1:
            raise CommandError("申请数量须为正整数。")
        year = options["year"] or current_date().year - 1
        if not 2009 <= year <= 9998:
            raise CommandError("年度无效。")
        rng = random.Random(options["seed"])

        self._delete()
        started = time.perf_counter()
        created = self._create(n, year, rng)
        self.stdout.write(
            f"写入 {created[0]} 件申请、{created[1]} 件复议诉讼，用时 {time.perf_counter() - started:.1f} 秒。"
        )
        try:
            self._measure(year)
        finally:
            if not options["keep"]:
                self._delete()

    def _create(self, n: int, year: int, rng: random.Random) -> tuple[int, int]:
        first = datetime.date(year - 1, 1, 1)
        days = (datetime.date(year, 12, 31) - first).days + 1
        types, type_weights = zip(*APPLICANT_WEIGHTS.items(), strict=True)
        outcomes, outcome_weights = zip(*OUTCOME_WEIGHTS.items(), strict=True)
        batch: list[Application] = []
        with transaction.atomic():
            for i in range(n):
                received = first + datetime.timedelta(days=rng.randrange(days))
                applicant = rng.choices(types, type_weights)[0]
                app = Application(
                    number=f"{PREFIX}{i:07d}",
                    query_code_hash="0" * 64,
                    applicant_type=applicant,
                    name="基准测试",
                    id_type=IdType.RESIDENT_ID if applicant == ApplicantType.NATURAL_PERSON else IdType.USCC,
                    id_number="0",
                    phone="0",
                    description="基准测试数据",
                    information_form=InformationForm.EMAIL,
                    delivery=Delivery.EMAIL,
                    submitted_at=timezone.make_aware(datetime.datetime.combine(received, datetime.time(9))),
                    status=Status.PROCESSING,
                    received_on=received,
                )
                roll = rng.random()
                if roll < 0.03:  # invalid submissions and unconfirmed ones: never counted
                    app.status = rng.choice([Status.INVALID, Status.SUBMITTED])
                    app.received_on = None
                elif roll < 0.95:  # replied within 1–45 days (some in the following year)
                    app.status = Status.CLOSED
                    app.outcome = rng.choices(outcomes, outcome_weights)[0]
                    app.closed_on = received + datetime.timedelta(days=rng.randint(1, 45))
                batch.append(app)
                if len(batch) >= BATCH:
                    Application.objects.bulk_create(batch)
                    batch = []
            Application.objects.bulk_create(batch)

            closed = Application.objects.filter(number__startswith=PREFIX, status=Status.CLOSED)
            challenges = []
            for pk, closed_on in closed.values_list("pk", "closed_on").order_by("pk").iterator():
                if rng.random() >= 0.01:
                    continue
                filed = closed_on + datetime.timedelta(days=rng.randint(10, 60))
                challenge = Challenge(application_id=pk, kind=rng.choice(list(Challenge.Kind)), filed_on=filed)
                if rng.random() < 0.7:
                    challenge.result = rng.choice(
                        [Challenge.Result.UPHELD, Challenge.Result.CORRECTED, Challenge.Result.OTHER]
                    )
                    challenge.concluded_on = filed + datetime.timedelta(days=rng.randint(30, 200))
                challenges.append(challenge)
            Challenge.objects.bulk_create(challenges, batch_size=BATCH)
        return n, len(challenges)

    def _measure(self, year: int) -> None:
        total = Application.objects.count()
        report_time, data = best_of(3, lambda: t.compute(year))

        def count_all() -> int:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM {Application._meta.db_table}")  # noqa: S608 (a model's own table name)
                return cursor.fetchone()[0]

        count_time, _ = best_of(3, count_all)
        python_time, cells = best_of(1, lambda: python_section_three(year))
        agrees = cells == data.section_three.cells

        self.stdout.write(f"数据库：{connection.vendor}；表中申请 {total} 件；报告年度 {year}。")
        self.stdout.write(f"compute({year})：{report_time:.3f} 秒（3次取最快）")
        self.stdout.write(f"参照 SELECT COUNT(*)：{count_time:.3f} 秒；比值 {report_time / max(count_time, 1e-9):.1f}")
        self.stdout.write(
            f"参照 Python 逐行统计第三部分：{python_time:.3f} 秒；比值 {report_time / max(python_time, 1e-9):.2f}"
        )
        self.stdout.write(f"第三部分与逐行统计{'一致' if agrees else '不一致'}。")
        totals = {key: row[t.TOTAL_COLUMN] for key, row in data.section_three.cells.items()}
        self.stdout.write(
            f"本年新收 {totals[t.ROW_NEW]}，上年结转 {totals[t.ROW_CARRIED]}，办结 {totals[t.ROW_CLOSED_TOTAL]}，"
            f"结转下年度 {totals[t.ROW_CARRY_NEXT]}；勾稽关系不符 {len(data.breaches)} 处。"
        )
        verdict = "达到" if report_time < TARGET_SECONDS else "未达到"
        self.stdout.write(f"目标（{TARGET_SECONDS:g} 秒以内）：{verdict}。")
        if not agrees:
            raise CommandError("compute() 的第三部分与逐行统计结果不一致。")

    def _delete(self) -> None:
        with transaction.atomic():
            bench = Application.objects.filter(number__startswith=PREFIX)
            Challenge.objects.filter(application__in=bench).delete()
            Application.handling_departments.through.objects.filter(application__in=bench).delete()
            # The bench rows have nothing else pointing at them; a plain DELETE skips the collector,
            # which would load all N rows to look for cascades (and any stray reference still fails).
            bench._raw_delete(bench.db)
