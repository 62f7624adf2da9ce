"""`manage.py annual_report YEAR`: the 政府信息公开工作年度报告 figures, or the whole report as a file.

    annual_report 2025                              → every cell as JSON (stdout)
    annual_report 2025 --format docx --output 2025.docx
    annual_report 2025 --format xlsx --output 2025.xlsx
    annual_report 2025 --check                      → exit status 1 when a consistency rule is broken
    annual_report 2025 --submit-as office_user      → create/update the report item and submit it for review

Consistency breaches always go to stderr. A published year shows its frozen figures; ``--live``
recomputes from the data as it is now (and reports where the two differ).
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.foi.models import AnnualReport
from gongkai.foi.report import tables as t
from gongkai.foi.report.views import MAX_YEAR, MIN_YEAR

FORMATS = ("json", "docx", "xlsx")


def parse_year(value: str) -> int:
    if not (value.isascii() and value.isdigit()) or not MIN_YEAR <= int(value) <= MAX_YEAR:
        raise CommandError(f"年度“{value}”无效，应为{MIN_YEAR}至{MAX_YEAR}之间的四位年份，例如 2025。")
    return int(value)


def frozen_differences(frozen: dict, live: dict, path: tuple[str, ...] = ()) -> list[str]:
    """Cells whose published value differs from the value computed now."""
    differences = []
    for key in sorted(set(frozen) | set(live)):
        a, b = frozen.get(key), live.get(key)
        if isinstance(a, dict) and isinstance(b, dict):
            differences += frozen_differences(a, b, path + (key,))
        elif a != b and key not in (t.KEY_AGENCY, t.KEY_TITLE):
            differences.append(f"{'／'.join(path + (key,))}：已发布 {a}，现有数据 {b}。")
    return differences


class Command(BaseCommand):
    help = "生成政府信息公开工作年度报告：输出全部表格数据（JSON）或完整报告（DOCX/XLSX），并检查勾稽关系。"

    def add_arguments(self, parser):
        parser.add_argument("year", help="报告年度，例如 2025")
        parser.add_argument("--format", choices=FORMATS, default="json", help="输出格式（默认 json）")
        parser.add_argument("--output", help="输出文件；docx、xlsx 必须指定，json 不指定时输出到标准输出")
        parser.add_argument("--check", action="store_true", help="勾稽关系不符时以非零状态退出")
        parser.add_argument("--live", action="store_true", help="已发布的年度也按现有数据重新统计")
        parser.add_argument("--submit-as", metavar="用户名", help="以该用户（办公室审核）生成报告页面并提交审核")
        parser.add_argument("--allow-breaches", action="store_true", help="与 --submit-as 同用：勾稽关系不符也提交")

    def handle(self, *args, **options):
        year = parse_year(options["year"])
        fmt = options["format"]
        if fmt != "json" and not options["output"]:
            raise CommandError(f"{fmt.upper()} 格式须用 --output 指定输出文件。")
        report = AnnualReport.objects.filter(year=year).first()

        if options["submit_as"]:
            self._submit(report, year, options["submit_as"], options["allow_breaches"])

        differences: list[str] = []
        if report is not None and not options["live"]:
            data = t.report_data(report)
            if data.frozen:
                differences = frozen_differences(report.snapshot, t.as_json(t.compute(year)))
        else:
            data = t.compute(year)

        if fmt == "json":
            text = json.dumps(t.as_json(data), ensure_ascii=False, indent=2) + "\n"
            if options["output"]:
                Path(options["output"]).write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text, ending="")
        else:
            from gongkai.foi.report.docx import render_docx
            from gongkai.foi.report.xlsx import render_xlsx

            content = (render_docx if fmt == "docx" else render_xlsx)(data)
            try:
                Path(options["output"]).write_bytes(content)
            except OSError as exc:
                raise CommandError(f"无法写入“{options['output']}”：{exc.strerror}") from None
            self.stderr.write(f"已写入 {options['output']}（{len(content)} 字节）。")

        if data.frozen:
            published = timezone.localtime(report.published_at).strftime("%Y-%m-%d %H:%M")
            self.stderr.write(f"{year}年度报告已于{published}发布，以上为发布时冻结的数据。")
        for difference in differences:
            self.stderr.write(f"已发布数据与现有数据不一致：{difference}")
        for breach in data.breaches:
            self.stderr.write(f"勾稽关系不符：{breach}")
        if options["check"] and data.breaches:
            raise CommandError(f"勾稽关系检查发现{len(data.breaches)}处不符。")

    def _submit(self, report: AnnualReport | None, year: int, username: str, allow_breaches: bool) -> None:
        from gongkai.foi.report.page import annual_report_publish

        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在。")
        if report is None:
            raise CommandError(f"尚未建立{year}年度报告：请先在后台填写该年度报告的正文。")
        try:
            page = annual_report_publish(report=report, user=user, allow_breaches=allow_breaches)
        except (PermissionDenied, ValidationError) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError("\n".join(messages)) from None
        self.stderr.write(f"已生成报告页面“{page.title}”（ID {page.pk}）并提交审核。")
