"""Reads: the clock of a complaint (derived from its dates, never stored) and the public statistics."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from gongkai.complaints import regions, rules
from gongkai.complaints.models import Category, Complaint, ComplaintResult, Status

ON_TIME = "on_time"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
DONE = "done"
DONE_LATE = "done_late"

STATE_LABELS = {
    ON_TIME: "期限内",
    DUE_SOON: "即将到期",
    OVERDUE: "已超期",
    DONE: "按期完成",
    DONE_LATE: "超期完成",
}


@dataclass(frozen=True)
class Clock:
    """The limit now running (or the last one met), its due date and where the case stands."""

    stage: str  # "acceptance" | "handling"
    stage_label: str
    due: datetime.date
    done_on: datetime.date | None
    state: str
    days_left: int  # negative when overdue; 0 for a finished stage
    citation: str

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def overdue_days(self) -> int:
        return -self.days_left if self.days_left < 0 else 0

    @property
    def flagged(self) -> bool:
        return self.state in (DUE_SOON, OVERDUE, DONE_LATE)


def _state(due: datetime.date, done_on: datetime.date | None, today: datetime.date) -> tuple[str, int]:
    if done_on is not None:
        return (DONE if done_on <= due else DONE_LATE), 0
    left = (due - today).days
    if left < 0:
        return OVERDUE, left
    if left <= settings.GONGKAI_COMPLAINTS_DUE_SOON_DAYS:
        return DUE_SOON, left
    return ON_TIME, left


def acceptance_clock(complaint: Complaint, today: datetime.date) -> Clock:
    due = rules.acceptance_due(complaint.received_on)
    state, left = _state(due, complaint.decided_on, today)
    return Clock(
        "acceptance",
        "受理告知",
        due,
        complaint.decided_on,
        state,
        left,
        rules.limit(rules.ACCEPTANCE, complaint.received_on).citation,
    )


def handling_clock(complaint: Complaint, today: datetime.date) -> Clock | None:
    if complaint.accepted_on is None:
        return None
    extension = complaint.approved_extension()
    due = rules.handling_due(complaint.received_on, complaint.accepted_on, extension.days if extension else 0)
    state, left = _state(due, complaint.closed_on, today)
    return Clock(
        "handling",
        "办理（已延期）" if extension else "办理",
        due,
        complaint.closed_on,
        state,
        left,
        rules.limit(rules.HANDLING, complaint.received_on).citation,
    )


def current_clock(complaint: Complaint, today: datetime.date) -> Clock:
    """The clock the case list shows: handling once accepted, else the acceptance notice."""
    return handling_clock(complaint, today) or acceptance_clock(complaint, today)


def flagged(complaints: QuerySet, today: datetime.date) -> list[tuple[Complaint, Clock]]:
    """Open complaints due soon or overdue, most urgent first (for the dashboard)."""
    rows = []
    for complaint in complaints.open().select_related("department", "extension"):
        clock = current_clock(complaint, today)
        if clock.state in (DUE_SOON, OVERDUE):
            rows.append((complaint, clock))
    rows.sort(key=lambda row: row[1].days_left)
    return rows


def public_results() -> QuerySet:
    return ComplaintResult.objects.public().order_by("-complaint__received_on", "-pk")


@dataclass(frozen=True)
class Statistics:
    total: int
    by_category: list[tuple[str, int]]
    by_prefecture: list[tuple[str, int]]
    by_month: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    acceptance_decided: int
    acceptance_on_time: int
    closed: int
    closed_on_time: int
    published: int

    @staticmethod
    def _rate(part: int, whole: int) -> str:
        return f"{part * 100 / whole:.1f}%" if whole else "—"

    @property
    def acceptance_rate(self) -> str:
        return self._rate(self.acceptance_on_time, self.acceptance_decided)

    @property
    def closed_rate(self) -> str:
        return self._rate(self.closed_on_time, self.closed)


def statistics(*, year: int | None = None) -> Statistics:
    """Counts only — nothing that identifies a reporter — per category, prefecture, month, and on-time rates."""
    complaints = Complaint.objects.all()
    if year is not None:
        complaints = complaints.filter(received_on__year=year)
    rows = list(complaints.select_related("extension"))
    categories = Counter(c.category for c in rows)
    prefectures = Counter(c.prefecture_code for c in rows)
    months = Counter(f"{c.received_on:%Y-%m}" for c in rows)
    statuses = Counter(c.status for c in rows)
    decided = [c for c in rows if c.decided_on is not None]
    closed = [c for c in rows if c.status == Status.CLOSED]
    far_future = datetime.date.max
    return Statistics(
        total=len(rows),
        by_category=[(label, categories.get(value, 0)) for value, label in Category.choices],
        by_prefecture=[(p.name, prefectures.get(p.code, 0)) for p in regions.prefectures()],
        by_month=sorted(months.items()),
        by_status=[(label, statuses.get(value, 0)) for value, label in Status.choices],
        acceptance_decided=len(decided),
        acceptance_on_time=sum(1 for c in decided if acceptance_clock(c, far_future).state == DONE),
        closed=len(closed),
        closed_on_time=sum(1 for c in closed if handling_clock(c, far_future).state == DONE),
        published=ComplaintResult.objects.filter(live=True, complaint__in=complaints).count(),
    )
