"""Remind staff of consultations that closed without a published 意见采纳情况 (run daily from cron).

Prints one line per consultation, longest waiting first, and a total; ``--department`` narrows it
to one department's code. Exit status 0 either way: the digest is a reminder, not a failure.
"""

from django.core.management.base import BaseCommand, CommandError

from gongkai.consultations.selectors import missing_reports
from gongkai.org.models import Department


class Command(BaseCommand):
    help = "列出已结束但尚未公布意见采纳情况的意见征集。"

    def add_arguments(self, parser):
        parser.add_argument("--department", help="只列出该处室（处室代码）的意见征集。")

    def handle(self, *args, department=None, **options):
        ids = None
        if department:
            found = Department.objects.filter(code=department).values_list("pk", flat=True).first()
            if found is None:
                raise CommandError(f"处室代码 {department} 不存在。")
            ids = [found]
        rows = missing_reports(ids)
        if not rows:
            self.stdout.write("没有已结束而未公布意见采纳情况的意见征集。")
            return
        for row in rows:
            status = "未起草" if row.report is None else ("审核中" if row.report.workflow_in_progress else "草稿")
            self.stdout.write(
                f"{row.consultation.department.name}｜{row.consultation.title}｜"
                f"{row.closed_on:%Y-%m-%d}结束，已{row.days_since_close}天｜采纳情况{status}"
            )
        self.stdout.write(f"共{len(rows)}项意见征集已结束而未公布意见采纳情况。")
