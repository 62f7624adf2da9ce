"""manage.py rebuild_search_index: empty the public search index and fill it again from the pages."""

import time

from django.core.management.base import BaseCommand

from gongkai.search.indexing import search_index_rebuild
from gongkai.search.tasks import rebuild_search_index


class Command(BaseCommand):
    help = "重建站内搜索索引（安装后、升级改变分词方式后、绕过发布流程导入数据后运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="每批写入的条目数（默认500）。")
        parser.add_argument(
            "--background", action="store_true", help="交给后台任务执行（由 run_tasks 的工作进程重建），立即返回。"
        )

    def handle(self, *args, batch_size: int, background: bool = False, **options):
        if background:
            result = rebuild_search_index.enqueue(batch_size=max(1, batch_size))
            self.stdout.write(self.style.SUCCESS(f"已加入后台任务队列（任务 {result.id}），由 run_tasks 执行重建。"))
            return
        started = time.perf_counter()
        total = search_index_rebuild(batch_size=max(1, batch_size))
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"已重建站内搜索索引：{total} 条，用时 {elapsed:.1f} 秒。"))
