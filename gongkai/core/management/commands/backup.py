from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库和全部存储文件（媒体文件、私有附件）到一个 .tar.gz 文件，附清单和校验值。"

    def add_arguments(self, parser):
        parser.add_argument("output", nargs="?", help="备份文件路径（默认 var/backups/gongkai-<时间>.tar.gz）。")

    def handle(self, *args, **options):
        from django.conf import settings

        if options["output"]:
            output = Path(options["output"])
        else:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.VAR_DIR) / "backups" / f"gongkai-{stamp}.tar.gz"
        output.parent.mkdir(parents=True, exist_ok=True)
        try:
            outcome = backup(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"已备份：数据表 {outcome.tables} 张，文件 {outcome.files} 个 → {outcome.path}")
        )
