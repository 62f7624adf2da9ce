"""Reads of 互动交流: the public Q&A, the staff list with derived clocks, and the statistics."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import QuerySet

from gongkai.calendar.services import current_date
from gongkai.interaction import permissions
from gongkai.interaction.models import Message, Rating, Status
from gongkai.interaction.rules import Flag, MessageClock, message_clock
from gongkai.org.models import Department


def public_messages() -> QuerySet[Message]:
    """Answered, consented public, with a live reply: what the public Q&A and the API list."""
    return Message.objects.public().select_related("department", "reply").order_by("-replied_at", "-pk")


def staff_messages(user) -> QuerySet[Message]:
    ids = permissions.visible_department_ids(user)
    return Message.objects.for_departments(ids).select_related("department", "suggested_department", "reply")


@dataclass
class Row:
    message: Message
    clock: MessageClock


def rows(messages, today: datetime.date | None = None) -> list[Row]:
    today = today or current_date()
    return [Row(m, message_clock(m, today)) for m in messages]


@dataclass
class FlagCounts:
    warning: int = 0
    severe: int = 0
    over: int = 0
    overdue: int = 0
    unrouted: int = 0
    open: int = 0

    @property
    def any(self) -> bool:
        return bool(self.warning or self.severe or self.over or self.overdue or self.unrouted)


def flag_counts(messages, today: datetime.date | None = None) -> tuple[FlagCounts, list[Row]]:
    """Counts of the unanswered valid messages by flag, and the flagged rows (worst first)."""
    counts = FlagCounts()
    flagged = []
    for row in rows(messages.unanswered(), today):
        counts.open += 1
        counts.unrouted += row.message.status == Status.RECEIVED
        counts.overdue += row.clock.overdue
        if row.clock.flag:
            setattr(counts, row.clock.flag, getattr(counts, row.clock.flag) + 1)
            flagged.append(row)
    order = {Flag.OVER: 0, Flag.SEVERE: 1, Flag.WARNING: 2}
    flagged.sort(key=lambda r: (order[r.clock.flag], r.message.received_on))
    return counts, flagged


@dataclass
class DepartmentStatistics:
    department: Department | None
    received: int = 0
    answered: int = 0
    on_time: int = 0
    workdays_total: int = 0
    ratings: Counter = field(default_factory=Counter)

    @property
    def average_workdays(self) -> float | None:
        return round(self.workdays_total / self.answered, 1) if self.answered else None

    @property
    def on_time_percent(self) -> int | None:
        return round(self.on_time * 100 / self.answered) if self.answered else None

    @property
    def rating_counts(self) -> list[tuple[str, int]]:
        return [(label, self.ratings.get(value, 0)) for value, label in Rating.choices]


def statistics(
    *, year: int | None = None, today: datetime.date | None = None
) -> tuple[list[DepartmentStatistics], DepartmentStatistics]:
    """Per department: valid messages received (in ``year`` if given), answered, on time, average
    working days to the reply, ratings. Invalid messages are not counted; unrouted ones have no department."""
    today = today or current_date()
    messages = Message.objects.valid().select_related("department")
    if year is not None:
        messages = messages.filter(received_on__year=year)
    by_department: dict[int | None, DepartmentStatistics] = {}
    total = DepartmentStatistics(department=None)
    for message in messages:
        entry = by_department.setdefault(message.department_id, DepartmentStatistics(department=message.department))
        clock = message_clock(message, today)
        for target in (entry, total):
            target.received += 1
            if message.status == Status.ANSWERED:
                target.answered += 1
                target.on_time += bool(clock.on_time)
                target.workdays_total += clock.workdays_used
            if message.rating:
                target.ratings[message.rating] += 1
    ordered = sorted(
        by_department.values(),
        key=lambda s: (
            s.department is None,
            s.department.sort_order if s.department else 0,
            s.department.pk if s.department else 0,
        ),
    )
    return ordered, total
