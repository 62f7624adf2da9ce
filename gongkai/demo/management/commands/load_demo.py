from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "载入演示数据（仅在数据库为空时载入一次），并打印演示账号。"

    def handle(self, *args, **options):
        self.stdout.write("演示数据尚未实现。")
