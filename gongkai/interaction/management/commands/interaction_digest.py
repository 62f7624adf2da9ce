"""`manage.py interaction_digest [--date YYYY-MM-DD] [--dry-run] [--any-day]`: the daily reminder of 互动交流.

One e-mail per reviewer with something to see, nothing to anyone else:

- 处室审核 of a department: its unanswered valid messages past the reply limit or flagged
  (≥ 60 days 警告, ≥ 80 days 严重, over three months).
- 办公室审核: messages waiting to be routed, and every flagged message of every department.

Meant for cron, every day, e.g. ``40 8 * * * manage.py interaction_digest``: on a day that is not a
working day by the calendar it sends nothing (unless ``--any-day``).
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from gongkai.calendar import services as workdays
from gongkai.interaction import selectors
from gongkai.interaction.models import Message, Status
from gongkai.org.roles import Role


def parse_date(value: str) -> datetime.date:
    try:
        if len(value) != 10:
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期“{value}”无效，应为 YYYY-MM-DD 格式，例如 2026-10-09。") from None


def _line(row) -> str:
    message = row.message
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("interaction:message", args=[message.pk])
    flag = f"【{row.clock.flag_label}】" if row.clock.flag else ""
    department = message.department.name if message.department else "待分办"
    return (
        f"{flag}{message.number}（{department}）“{message.subject}”：{message.received_on:%Y-%m-%d}收到，"
        f"已{row.clock.age_days}天，{row.clock.left_text} {url}"
    )


def digest_lines(messages, today: datetime.date) -> list[str]:
    rows = [r for r in selectors.rows(messages.unanswered(), today) if r.clock.overdue or r.clock.flag]
    rows.sort(key=lambda r: r.message.received_on)
    return [_line(r) for r in rows]


def build_digests(today: datetime.date) -> list[tuple[str, str, list[str]]]:
    """(email, name, lines) for every reviewer who has something to see."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="").select_related("staff_profile")
    out = []
    office = users.filter(groups__name=Role.OFFICE_REVIEWER.value).distinct()
    unrouted = selectors.rows(Message.objects.filter(status=Status.RECEIVED), today)
    all_lines = digest_lines(Message.objects.valid(), today)
    route_lines = [f"待分办：{_line(r)}" for r in unrouted if not (r.clock.overdue or r.clock.flag)]
    for user in office:
        lines = route_lines + all_lines
        if lines:
            out.append((user.email, user.get_full_name() or user.get_username(), lines))
    office_ids = {u.pk for u in office}
    reviewers = users.filter(groups__name=Role.DEPARTMENT_REVIEWER.value, staff_profile__isnull=False).distinct()
    for user in reviewers:
        if user.pk in office_ids:
            continue
        lines = digest_lines(Message.objects.valid().filter(department_id=user.staff_profile.department_id), today)
        if lines:
            out.append((user.email, user.get_full_name() or user.get_username(), lines))
    return out


class Command(BaseCommand):
    help = "发送互动交流留言的每日提醒邮件（超期、临近三个月、待分办）。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按此日期计算（YYYY-MM-DD），默认今天。")
        parser.add_argument("--dry-run", action="store_true", help="只显示将发送的邮件，不发送。")
        parser.add_argument("--any-day", action="store_true", help="非工作日也发送。")

    def handle(self, *args, **options):
        today = parse_date(options["date"]) if options.get("date") else workdays.current_date()
        if not options["any_day"] and not workdays.is_workday(today):
            self.stdout.write(f"{today:%Y-%m-%d}不是工作日，未发送提醒。")
            return
        sent = 0
        for email, name, lines in build_digests(today):
            subject = f"【互动交流】{today:%Y-%m-%d}留言办理提醒：{len(lines)}件"
            body = "\n".join(
                [
                    f"{name}：",
                    "",
                    f"截至{today:%Y年%m月%d日}，以下留言需要办理：",
                    "",
                    *lines,
                    "",
                    "有效留言超过三个月未答复，网站检查即为单项否决（国办秘函〔2019〕19号）。本邮件由系统每日自动发送。",
                ]
            )
            if options["dry_run"]:
                self.stdout.write(f"{email}: {subject}")
            else:
                send_mail(subject, body, None, [email])
            sent += 1
        self.stdout.write(f"{'将发送' if options['dry_run'] else '已发送'}{sent}封提醒邮件。")
