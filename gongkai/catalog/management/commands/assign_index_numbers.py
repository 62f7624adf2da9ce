from django.core.management.base import BaseCommand

from gongkai.catalog.services import catalog_identity_backfill


class Command(BaseCommand):
    help = "为已上线但尚无索引号的公开信息生成索引号和发布日期（通常由发布流程自动完成，本命令用于导入数据后补号）。"

    def handle(self, *args, **options):
        count = catalog_identity_backfill()
        self.stdout.write(f"已为 {count} 条公开信息生成索引号。")
