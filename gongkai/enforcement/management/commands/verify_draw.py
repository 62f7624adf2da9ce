"""`manage.py verify_draw FILE.json`: recompute a published 双随机 draw and say whether it matches.

    verify_draw 2026-SJ-003.json
    verify_draw 2026-SJ-003.json --commitment 3f2a… --beacon 735

Prints the recomputed result and a line per check, then “结论：一致” or “结论：不一致”.
Exit status: 0 all parts match; 1 something does not match; 2 the file cannot be read as a draw
record. Needs no database: everything is recomputed from the file (gongkai.enforcement.draw).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.enforcement import draw


class Command(BaseCommand):
    help = "核验双随机抽查结果文件：按公开算法重新计算承诺值、种子和抽查结果，并与文件中公布的内容比对。"
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="抽查结果 JSON 文件")
        parser.add_argument(
            "--commitment",
            help="抽查公告中公布的承诺值（十六进制）；给出时一并核对，防止抽查参数在公告后被改动",
        )
        parser.add_argument("--beacon", help="从公开来源查得的随机数来源值；给出时一并核对")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"无法读取文件“{path}”：{error.strerror or error}。", returncode=2) from None
        try:
            report = draw.verify(content, announced_commitment=options["commitment"], beacon=options["beacon"])
        except draw.DrawError as error:
            raise CommandError(f"无法核验：{error}", returncode=2) from None

        params, recomputed = report.parameters, report.recomputed
        lines = [
            f"抽查编号：{params.code}",
            f"抽查名称：{params.title}",
            f"算法版本：{recomputed.algorithm}",
            f"随机数来源：{params.beacon_source}",
            f"随机数来源值：{params.beacon}",
            f"承诺值（重新计算）：{recomputed.commitment}",
            f"种子（重新计算）：{recomputed.seed}",
            "抽查结果（重新计算）：",
        ]
        for number, assignment in enumerate(recomputed.assignments, start=1):
            lines.append(f"  {number}. {assignment.target}：{'、'.join(assignment.inspectors)}")
        lines.append("核验：")
        for check in report.checks:
            lines.append(f"  {check.label}：{'一致' if check.ok else '不一致'}")
            if not check.ok:
                lines.append(f"    文件中为：{check.published}")
                lines.append(f"    应为：{check.recomputed}")
        if not report.commitment_checked_against_announcement:
            lines.append("提示：请将上面的承诺值与抽查公告中公布的承诺值核对（或使用 --commitment）。")
        if not report.beacon_checked_against_source:
            lines.append("提示：请将随机数来源值与其公开来源核对（或使用 --beacon）。")
        lines.append(f"结论：{'一致' if report.ok else '不一致'}")
        self.stdout.write("\n".join(lines))
        if not report.ok:
            raise CommandError("核验结果不一致。", returncode=1)
