"""`manage.py enforcement_statistics YEAR`: the 行政执法统计年报 figures as JSON or as a workbook.

    enforcement_statistics 2025                                → every figure as JSON (stdout)
    enforcement_statistics 2025 --output 2025.json
    enforcement_statistics 2025 --format xlsx --output 2025.xlsx
    enforcement_statistics 2025 --check                        → exit status 1 when a check fails

Always computed from the data as it is now (never the page's cache). Failed consistency checks go
to stderr.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.calendar import services as calendar
from gongkai.enforcement.statistics import tables as t

FORMATS = ("json", "xlsx")


def parse_year(value: str) -> int:
    today = calendar.current_date()
    if not (value.isascii() and value.isdigit() and len(value) == 4) or not t.valid_year(int(value), today):
        raise CommandError(
            f"年度“{value}”无效，应为{t.FIRST_YEAR}至{today.year}之间的四位年份，例如 {today.year - 1}。"
        )
    return int(value)


class Command(BaseCommand):
    help = "生成行政执法统计年报：输出全部统计数据（JSON）或统计表（XLSX），并检查勾稽关系。"

    def add_arguments(self, parser):
        parser.add_argument("year", help="统计年度，例如 2025")
        parser.add_argument("--format", choices=FORMATS, default="json", help="输出格式（默认 json）")
        parser.add_argument("--output", help="输出文件；xlsx 必须指定，json 不指定时输出到标准输出")
        parser.add_argument("--check", action="store_true", help="勾稽关系不符时以非零状态退出")

    def handle(self, *args, **options):
        year = parse_year(options["year"])
        fmt, output = options["format"], options["output"]
        if fmt == "xlsx" and not output:
            raise CommandError("XLSX 格式须用 --output 指定输出文件。")
        stats = t.compute(year)
        if fmt == "json":
            text = json.dumps(t.as_json(stats), ensure_ascii=False, indent=2) + "\n"
            if output:
                self._write(output, text.encode("utf-8"))
            else:
                self.stdout.write(text, ending="")
        else:
            from gongkai.enforcement.statistics.xlsx import render_xlsx

            self._write(output, render_xlsx(stats))
        for breach in stats.breaches:
            self.stderr.write(f"勾稽关系不符：{breach.label}。{breach.detail}")
        if options["check"] and stats.breaches:
            raise CommandError(f"勾稽关系检查发现{len(stats.breaches)}处不符。")

    def _write(self, output: str, content: bytes) -> None:
        try:
            Path(output).write_bytes(content)
        except OSError as exc:
            raise CommandError(f"无法写入“{output}”：{exc.strerror}") from None
        self.stderr.write(f"已写入 {output}（{len(content)} 字节）。")
