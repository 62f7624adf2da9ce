from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.audit.chain import chain_path, compare_with_database, verify


class Command(BaseCommand):
    help = "校验审计日志链：逐行核对序号、链接和校验值；可与数据库中的日志和记下的链尾比对。"

    def add_arguments(self, parser):
        parser.add_argument("--path", help="审计链文件（默认为 GONGKAI_AUDIT_CHAIN_PATH）。")
        parser.add_argument("--database", action="store_true", help="同时与数据库中的操作日志逐条比对。")
        parser.add_argument("--head", default="", help="此前记下的链尾校验值，用于发现末尾被截去的记录。")

    def handle(self, *args, **options):
        path = Path(options["path"]) if options["path"] else chain_path()
        if path is None:
            raise CommandError("未配置审计链文件（GONGKAI_AUDIT_CHAIN_PATH），也未用 --path 指定。")
        if not path.exists():
            raise CommandError(f"审计链文件不存在：{path}")
        result = verify(path, head=options["head"])
        problems = list(result.problems)
        if options["database"]:
            problems += compare_with_database(result)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"审计链校验未通过：共 {result.lines} 行，发现 {len(problems)} 处问题。")
        self.stdout.write(self.style.SUCCESS(f"审计链完整：共 {result.lines} 行。"))
        self.stdout.write(f"链尾校验值（请另行记录，供下次 --head 比对）：{result.head}")
