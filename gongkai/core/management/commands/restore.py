from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "从 backup 生成的文件恢复数据库和存储文件，并逐表、逐文件核对与备份一致。先停止应用服务器。"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="备份文件路径。")
        parser.add_argument("--replace", action="store_true", help="目标数据库已有数据时仍然覆盖。")

    def handle(self, *args, **options):
        try:
            outcome = restore(Path(options["archive"]), replace=options["replace"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"已恢复并核对一致：数据表 {outcome.tables} 张，文件 {outcome.files} 个。")
        )
