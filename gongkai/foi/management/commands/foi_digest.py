"""`manage.py foi_digest [--date YYYY-MM-DD] [--dry-run] [--any-day]`: the daily reminder e-mail of 依申请公开.

One e-mail per member of staff who has something to do, nothing to anyone who has not:

- 办公室审核 and 公开工作机构负责人: cases overdue or due within GONGKAI_FOI_DUE_SOON_WORKDAYS working
  days, online submissions awaiting confirmation, 补正 and fee periods that have run out (ready to
  close as abandoned), consultations whose 15 working days ended without an answer; the head also
  the extension requests awaiting their approval.
- Staff of an assigned department (承办处室): the overdue and nearly due cases of their department.

Meant for cron, every day, e.g. ``30 8 * * * manage.py foi_digest``: on a day that is not a working
day by the calendar (weekends, holidays) it sends nothing, so 调休 Saturdays get their reminder and
holiday Mondays do not.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from gongkai.calendar import services as workdays
from gongkai.foi import clock as foi_clock
from gongkai.foi import rules
from gongkai.foi.models import OPEN_STATUSES, Application, Consultation, Extension, Status
from gongkai.foi.views_admin import RUNNING_STATUSES, deadline_groups, fee_due
from gongkai.org.roles import Role

OFFICE_ROLES = (Role.OFFICE_REVIEWER, Role.DISCLOSURE_HEAD)


def parse_date(value: str) -> datetime.date:
    try:
        if len(value) != 10:
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期“{value}”无效，应为 YYYY-MM-DD 格式，例如 2025-09-30。") from None


def _case_url(application: Application) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("foi:case", args=[application.pk])


@dataclass
class Section:
    title: str
    lines: list[str] = field(default_factory=list)


@dataclass
class Digest:
    email: str
    name: str
    sections: list[Section]

    @property
    def count(self) -> int:
        return sum(len(s.lines) for s in self.sections)

    def subject(self, today: datetime.date) -> str:
        summary = "，".join(f"{s.title}{len(s.lines)}件" for s in self.sections)
        return f"【依申请公开】{today:%Y-%m-%d}待办提醒：{summary}"

    def body(self, today: datetime.date) -> str:
        parts = [f"{self.name}：", "", f"截至{today:%Y年%m月%d日}，以下依申请公开事项需要办理：", ""]
        for section in self.sections:
            parts.append(f"■ {section.title}（{len(section.lines)}件）")
            parts.extend(f"  {line}" for line in section.lines)
            parts.append("")
        parts.append("本邮件由系统每日自动发送；答复期限按工作日计算（条例第三十三条），以系统显示为准。")
        return "\n".join(parts)


def _deadline_line(row) -> str:
    mark = "（暂定）" if row.clock.provisional else ""
    due = f"答复期限{row.clock.due:%Y-%m-%d}{mark}"
    return f"{row.application.number}　{due}　{row.left_text}　{_case_url(row.application)}"


class Collector:
    """Everything due on ``today``, computed once and handed out per recipient."""

    def __init__(self, today: datetime.date) -> None:
        self.today = today
        running = (
            Application.objects.filter(status__in=RUNNING_STATUSES)
            .with_clock_data()
            .prefetch_related("handling_departments")
        )
        groups = deadline_groups(running, today)
        self.overdue = groups["overdue"]
        self.due_soon = groups["due_soon"]
        self.unconfirmed = list(Application.objects.filter(status=Status.SUBMITTED).order_by("submitted_at", "pk"))
        self.corrections = [
            a
            for a in Application.objects.filter(status=Status.AWAITING_CORRECTION).select_related("correction")
            if a.correction.due_on < today
        ]
        self.fees = []
        for application in Application.objects.filter(status=Status.AWAITING_PAYMENT).select_related("fee_notice"):
            due = fee_due(application.fee_notice)
            if due is not None and due < today:
                self.fees.append((application, due))
        self.consultations = []
        pending = Consultation.objects.filter(answered_on=None, application__status__in=OPEN_STATUSES)
        for consultation in pending.select_related("application").order_by("sent_on", "pk"):
            try:
                end = foi_clock.consultation_pause(consultation).end
            except rules.NoRuleInForce:
                continue
            if end < today:
                self.consultations.append((consultation, end))
        self.extensions = list(
            Extension.objects.filter(state=Extension.State.REQUESTED, application__status__in=RUNNING_STATUSES)
            .select_related("application")
            .order_by("requested_on", "pk")
        )

    def deadline_sections(self, department_id: int | None = None) -> list[Section]:
        def mine(row) -> bool:
            return department_id is None or any(
                d.pk == department_id for d in row.application.handling_departments.all()
            )

        limit = settings.GONGKAI_FOI_DUE_SOON_WORKDAYS
        return [
            Section("已超期", [_deadline_line(r) for r in self.overdue if mine(r)]),
            Section(f"{limit}个工作日内到期", [_deadline_line(r) for r in self.due_soon if mine(r)]),
        ]

    def office_sections(self, user) -> list[Section]:
        sections = self.deadline_sections()
        sections.append(
            Section(
                "待确认收到的网上申请",
                [f"{a.number}　{a.submitted_at:%Y-%m-%d}提交　{_case_url(a)}" for a in self.unconfirmed],
            )
        )
        sections.append(
            Section(
                "补正期限已届满、可按逾期未补正办结",
                [f"{a.number}　补正期限{a.correction.due_on:%Y-%m-%d}　{_case_url(a)}" for a in self.corrections],
            )
        )
        sections.append(
            Section(
                "缴费期限已届满、可按逾期未缴费办结",
                [f"{a.number}　缴费期限{due:%Y-%m-%d}　{_case_url(a)}" for a, due in self.fees],
            )
        )
        sections.append(
            Section(
                "征求意见期限已届满、尚未登记结果",
                [
                    f"{c.application.number}　{c.get_kind_display()}（{c.party}）期限{end:%Y-%m-%d}　"
                    f"{_case_url(c.application)}"
                    for c, end in self.consultations
                ],
            )
        )
        if user.groups.filter(name=Role.DISCLOSURE_HEAD.value).exists():
            sections.append(
                Section(
                    "待您审批的延期申请",
                    [
                        f"{e.application.number}　延长{e.days}个工作日　{_case_url(e.application)}"
                        for e in self.extensions
                        if e.requested_by_id != user.pk
                    ],
                )
            )
        return sections


def digests(today: datetime.date) -> list[Digest]:
    """The e-mails to send on ``today``: one per recipient with anything in it."""
    collector = Collector(today)
    users = get_user_model().objects.filter(is_active=True).exclude(email="").select_related("staff_profile")
    office_ids = set(users.filter(groups__name__in=[r.value for r in OFFICE_ROLES]).values_list("pk", flat=True))
    result = []
    for user in users.order_by("pk"):
        if user.pk in office_ids:
            sections = collector.office_sections(user)
        else:
            profile = getattr(user, "staff_profile", None)
            if profile is None or profile.department_id is None:
                continue
            sections = collector.deadline_sections(profile.department_id)
        sections = [s for s in sections if s.lines]
        if sections:
            name = user.get_full_name() or user.get_username()
            result.append(Digest(email=user.email, name=name, sections=sections))
    return result


class Command(BaseCommand):
    help = (
        "依申请公开每日待办提醒邮件：超期、即将到期、待确认收到、补正或缴费期限届满、征求意见期限届满。"
        "适合由 cron 每天运行（如 30 8 * * * manage.py foi_digest）；非工作日不发送。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按该日计算（YYYY-MM-DD，默认今天）")
        parser.add_argument("--dry-run", action="store_true", help="只显示将发送的邮件，不发送")
        parser.add_argument("--any-day", action="store_true", help="非工作日也发送")

    def handle(self, *args, **options):
        today = parse_date(options["date"]) if options["date"] else workdays.current_date()
        if not options["any_day"] and not workdays.is_workday(today):
            self.stdout.write(f"{today:%Y-%m-%d}不是工作日，不发送提醒（需要时可加 --any-day）。")
            return
        dry_run = options["dry_run"]
        failures = 0
        sent = 0
        planned = digests(today)
        for digest in planned:
            line = (
                f"{digest.email}：{digest.count}项（{'，'.join(f'{s.title}{len(s.lines)}' for s in digest.sections)}）"
            )
            if dry_run:
                self.stdout.write(f"将发送 {line}")
                if options["verbosity"] > 1:
                    self.stdout.write(digest.body(today))
                continue
            try:
                send_mail(digest.subject(today), digest.body(today), None, [digest.email])
            except Exception as exc:  # noqa: BLE001 — one unreachable mailbox must not stop the others
                failures += 1
                self.stderr.write(f"发送失败 {digest.email}：{exc}")
            else:
                sent += 1
                self.stdout.write(f"已发送 {line}")
        if dry_run:
            self.stdout.write(f"{today:%Y-%m-%d}：试运行，应发送{len(planned)}封提醒邮件，未发送。")
        else:
            self.stdout.write(f"{today:%Y-%m-%d}：已发送{sent}封提醒邮件。")
        if failures:
            raise CommandError(f"{failures}封提醒邮件发送失败。")
