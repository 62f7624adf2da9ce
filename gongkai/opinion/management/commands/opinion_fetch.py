"""Fetch the 舆情 RSS/Atom sources that are due (every active one with --all)."""

from django.core.management.base import BaseCommand

from gongkai.opinion.feeds import fetch_due_sources


class Command(BaseCommand):
    help = "抓取到期的舆情订阅源（--all：抓取全部启用的订阅源）。"

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="不论抓取间隔，抓取全部启用的订阅源。")

    def handle(self, *args, **options):
        logs = fetch_due_sources(force=options["all"])
        for log in logs:
            line = f"{log.source.name}：{log.get_status_display()}，新增 {log.new_items} 条"
            if log.error:
                line += f"（{log.error}）"
            self.stdout.write(line)
        self.stdout.write(f"共抓取 {len(logs)} 个订阅源。")
