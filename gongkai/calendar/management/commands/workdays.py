"""`manage.py workdays add|between|is`: the working-day calendar from the command line.

    workdays add 2025-09-26 20                    → 2025-10-30
    workdays between 2025-09-26 2025-10-30        → 20
    workdays is 2020-02-01                        → 2020-02-01 星期六 休息日
    workdays add 2025-09-26 20 --pause 2025-10-09:2025-10-15

The answer goes to stdout alone, so scripts can use it; a provisional warning goes to stderr.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from gongkai.calendar import services
from gongkai.calendar.models import DayException, weekday_name


def parse_date(value: str) -> datetime.date:
    try:
        if len(value) != 10:
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期“{value}”无效，应为 YYYY-MM-DD 格式的日期，例如 2025-09-26。") from None


def parse_pause(value: str) -> tuple[datetime.date, datetime.date]:
    start, sep, end = value.partition(":")
    if not sep:
        raise CommandError(f"暂停区间“{value}”无效，应为 开始日期:结束日期，例如 2025-10-09:2025-10-15。")
    return parse_date(start), parse_date(end)


class Command(BaseCommand):
    help = "工作日计算：add 起算日 工作日数 / between 起算日 截止日 / is 日期（起算日当天不计入）。"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, title="子命令")
        add = actions.add_parser("add", help="起算日之后第 N 个工作日的日期")
        add.add_argument("start", help="起算日 YYYY-MM-DD（当天不计入）")
        add.add_argument("days", help="工作日数（非负整数）")
        between = actions.add_parser("between", help="起算日之后至截止日（含）之间的工作日数")
        between.add_argument("start", help="起算日 YYYY-MM-DD（当天不计入）")
        between.add_argument("end", help="截止日 YYYY-MM-DD（计入）")
        for sub in (add, between):
            sub.add_argument(
                "--pause",
                action="append",
                default=[],
                metavar="开始:结束",
                help="不计入期限的日期区间（含首尾），可重复，例如 --pause 2025-10-09:2025-10-15",
            )
        check = actions.add_parser("is", help="某日是否为工作日")
        check.add_argument("day", help="日期 YYYY-MM-DD")

    def handle(self, *args, **options):
        action = options["action"]
        try:
            if action == "add":
                self.add(options)
            elif action == "between":
                self.between(options)
            else:
                self.is_workday(options)
        except ValueError as error:
            raise CommandError(str(error)) from None

    def add(self, options) -> None:
        start = parse_date(options["start"])
        days = options["days"]
        if not days.isdigit():
            raise CommandError(f"工作日数“{days}”无效，应为非负整数，例如 20。")
        pauses = [parse_pause(value) for value in options["pause"]]
        result = services.deadline(start, int(days), pauses=pauses)
        self.stdout.write(result.due.isoformat())
        if result.provisional:
            self.warn_provisional(start + datetime.timedelta(days=1), result.due)

    def between(self, options) -> None:
        start = parse_date(options["start"])
        end = parse_date(options["end"])
        pauses = [parse_pause(value) for value in options["pause"]]
        self.stdout.write(str(services.workdays_between(start, end, pauses=pauses)))
        if services.span_is_provisional(start, end, pauses=pauses):
            self.warn_provisional(start + datetime.timedelta(days=1), end)

    def is_workday(self, options) -> None:
        day = parse_date(options["day"])
        answer = "工作日" if services.is_workday(day) else "休息日"
        line = f"{day:%Y-%m-%d} {weekday_name(day)} {answer}"
        entry = DayException.objects.select_related("notice").filter(date=day).first()
        if entry is not None:
            line += f"（{entry.name}{entry.get_kind_display()}，{entry.notice.document_number}）"
        self.stdout.write(line)
        if services.is_provisional(day):
            self.warn_provisional(day, day)

    def warn_provisional(self, first: datetime.date, last: datetime.date) -> None:
        entered = services.entered_years()
        missing = [str(year) for year in range(first.year, last.year + 1) if year not in entered]
        self.stderr.write(f"注意：尚未录入{'、'.join(missing)}年的节假日安排，涉及该年的日期按周末计算，结果仅供参考。")
