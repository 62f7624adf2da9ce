from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongkai.demo.builder import DemoError, demo_load, demo_logins, logins_table


class Command(BaseCommand):
    help = "载入演示数据（仅在数据库中尚无机构信息时载入一次），并打印演示账号。"

    def handle(self, *args, **options):
        if not getattr(settings, "GONGKAI_ALLOW_DEMO", False):
            raise CommandError("当前设置不允许载入演示数据（演示账号使用公开的密码）。仅限开发和测试环境使用。")
        try:
            result = demo_load()
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        if result.loaded:
            self.stdout.write(
                self.style.SUCCESS(
                    f"已载入演示数据：已发布信息 {result.published} 条，审核中或退回的草稿 {result.drafts} 条，"
                    f"政府信息公开申请 {result.applications} 件，行政执法决定 {result.decisions} 件。"
                )
            )
            made = "，".join(f"{label} {count} 件" for label, count in result.counts.items() if count)
            if made:
                self.stdout.write(self.style.SUCCESS(f"另有：{made}。"))
        else:
            self.stdout.write("数据库中已有机构信息，跳过演示数据载入。")
        for note in result.notes:
            self.stdout.write(self.style.WARNING(f"提示：{note}"))
        rows = demo_logins()
        if not rows:
            self.stdout.write("未找到演示账号。")
            return
        self.stdout.write("\n演示账号（后台地址 /admin/）：")
        self.stdout.write(logins_table(rows))
