"""The time rules of 互动交流, as dated data with their sources, and the clock derived from them.

- The reply limit is the agency's own published commitment (GONGKAI_INTERACTION_REPLY_WORKDAYS
  working days from the day of receipt, default 5): no national text fixes it. Working days come from
  ``gongkai.calendar.services`` (statutory holidays and 调休 included).
- 国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》（2019-04-18起）, 单项否决 “互动回应差”: a
  website fails if, within the last year, a valid message stayed unanswered for more than three months.
  Invalid messages (spam, abuse, duplicates) are not valid messages and do not count.
- The 60- and 80-day flags are this platform's early warnings before that three-month line, not law.

Nothing here is stored: lateness and flags are computed from the message's dates each time.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings

from gongkai.calendar import services as workdays


class NoRuleInForce(LookupError):
    pass


@dataclass(frozen=True)
class Rule:
    key: str
    value: int
    effective_from: datetime.date
    citation: str
    effective_to: datetime.date | None = None

    def in_force(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


UNANSWERED_MONTHS = "unanswered_months"
WARNING_DAYS = "warning_days"
SEVERE_DAYS = "severe_days"

INSPECTION_2019 = "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决“互动回应差”"

RULES: tuple[Rule, ...] = (
    Rule(UNANSWERED_MONTHS, 3, datetime.date(2019, 4, 18), INSPECTION_2019),
    Rule(WARNING_DAYS, 60, datetime.date(2019, 4, 18), "本平台预警：距三个月期限约一个月"),
    Rule(SEVERE_DAYS, 80, datetime.date(2019, 4, 18), "本平台预警：距三个月期限约十日"),
)


def rule(key: str, day: datetime.date) -> Rule:
    for item in RULES:
        if item.key == key and item.in_force(day):
            return item
    raise NoRuleInForce(f"{key} on {day}")


def reply_workdays() -> int:
    """The configured reply limit in working days (read at call time, so tests can override it)."""
    return int(settings.GONGKAI_INTERACTION_REPLY_WORKDAYS)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later; the month's last day when it has no such day (1-31 + 1 → 2-28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reply_due(received_on: datetime.date) -> workdays.Deadline:
    """The last day of the reply limit: N working days after the day of receipt (that day not counted)."""
    return workdays.deadline(received_on, reply_workdays())


def inspection_line(received_on: datetime.date) -> datetime.date:
    """The last day a message may stay unanswered before it fails an inspection (three months)."""
    months = rule(UNANSWERED_MONTHS, received_on).value
    return add_months(received_on, months)


class Flag:
    NONE = ""
    WARNING = "warning"
    SEVERE = "severe"
    OVER = "over"

    LABELS = {NONE: "", WARNING: "警告", SEVERE: "严重", OVER: "超过三个月"}


@dataclass(frozen=True)
class MessageClock:
    received_on: datetime.date
    due: datetime.date
    provisional: bool
    today: datetime.date
    replied_on: datetime.date | None
    age_days: int
    workdays_used: int
    flag: str

    @property
    def answered(self) -> bool:
        return self.replied_on is not None

    @property
    def workdays_left(self) -> int:
        """Working days left until the limit (0 on the last day); negative: working days overdue."""
        if self.today <= self.due:
            return workdays.workdays_between(self.today, self.due)
        return -workdays.workdays_between(self.due, self.today)

    @property
    def overdue(self) -> bool:
        return not self.answered and self.today > self.due

    @property
    def on_time(self) -> bool | None:
        return None if self.replied_on is None else self.replied_on <= self.due

    @property
    def flag_label(self) -> str:
        return Flag.LABELS[self.flag]

    @property
    def left_text(self) -> str:
        if self.answered:
            return "按期答复" if self.on_time else "超期答复"
        left = self.workdays_left
        if left > 0:
            return f"剩余{left}个工作日"
        if left == 0:
            return "今日到期"
        return f"超期{-left}个工作日"


def age_flag(received_on: datetime.date, today: datetime.date) -> str:
    """The flag of an unanswered valid message received on ``received_on``, as of ``today``."""
    if today > inspection_line(received_on):
        return Flag.OVER
    age = (today - received_on).days
    if age >= rule(SEVERE_DAYS, received_on).value:
        return Flag.SEVERE
    if age >= rule(WARNING_DAYS, received_on).value:
        return Flag.WARNING
    return Flag.NONE


def message_clock(message, today: datetime.date | None = None) -> MessageClock:
    """The derived clock of one message (valid or not; invalid ones are simply not counted by callers)."""
    today = today or workdays.current_date()
    deadline = reply_due(message.received_on)
    replied_on = message.replied_on
    end = replied_on or today
    from gongkai.interaction.models import Status

    open_ = replied_on is None and message.status != Status.INVALID
    return MessageClock(
        received_on=message.received_on,
        due=deadline.due,
        provisional=deadline.provisional,
        today=today,
        replied_on=replied_on,
        age_days=(end - message.received_on).days,
        workdays_used=workdays.workdays_between(message.received_on, end),
        flag=age_flag(message.received_on, today) if open_ else Flag.NONE,
    )
