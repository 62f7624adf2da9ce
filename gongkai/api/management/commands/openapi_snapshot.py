from django.core.management.base import BaseCommand

from gongkai.api.openapi import SNAPSHOT_PATH, render_openapi, write_snapshot


class Command(BaseCommand):
    help = "重新生成 gongkai/api/openapi.json（开放接口的 OpenAPI 文档快照）。加 --check 只检查不写入。"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="快照与代码不一致时以非零状态退出，不写文件。")

    def handle(self, *args, check: bool = False, **options):
        current = SNAPSHOT_PATH.read_text(encoding="utf-8") if SNAPSHOT_PATH.exists() else ""
        if check:
            if current != render_openapi():
                self.stderr.write("OpenAPI 快照已过期：请运行 make openapi-snapshot 并提交 gongkai/api/openapi.json。")
                raise SystemExit(1)
            self.stdout.write("OpenAPI 快照是最新的。")
            return
        write_snapshot(SNAPSHOT_PATH)
        self.stdout.write(f"已写入 {SNAPSHOT_PATH}" + ("（无变化）" if current == render_openapi() else ""))
