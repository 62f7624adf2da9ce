"""Art. 26 timeliness: is each item public within 20 working days of being formed?

《政府信息公开条例》第二十六条: information to be disclosed proactively is made public within
20 working days of the day it is formed or changed, unless a law or regulation sets another
limit. Here the day it is formed is the item's 成文日期 (written_date); the due date comes
from the working-day calendar (gongkai.calendar.services.deadline, start day not counted).

Everything here is derived from dates when asked, never stored: a holiday notice entered
later, or a date corrected, changes the answer everywhere at once.
"""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet, TextChoices
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone

from gongkai.org.roles import sees_all_departments, user_department

logger = logging.getLogger("gongkai.catalog")

# 《政府信息公开条例》第二十六条: 20 working days.
ART26_WORKDAYS = 20
# Items with this many working days left or fewer are flagged on the dashboard.
DUE_SOON_WORKDAYS = 5
# How far back the dashboard panel looks for items that were published late.
RECENT_LATE_DAYS = 30


class TimelinessStatus(TextChoices):
    PENDING = "pending", "未到期"
    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "逾期未公开"
    ON_TIME = "on_time", "按时公开"
    LATE = "late", "逾期公开"


# Order of urgency, for sorting lists: what needs action first.
STATUS_RANK = {
    TimelinessStatus.OVERDUE: 0,
    TimelinessStatus.DUE_SOON: 1,
    TimelinessStatus.PENDING: 2,
    TimelinessStatus.LATE: 3,
    TimelinessStatus.ON_TIME: 4,
}


@dataclass(frozen=True)
class Timeliness:
    """The Art. 26 position of one item on a given day."""

    pk: int
    title: str
    department_id: int
    department_name: str
    written_date: datetime.date
    due_date: datetime.date
    provisional: bool  # the due date reaches into a year whose holiday notice is not entered yet
    published_date: datetime.date | None
    status: TimelinessStatus
    # Unpublished: working days left until the due date (0 = due today), negative once overdue.
    # Published: None.
    workdays_left: int | None

    @property
    def status_label(self) -> str:
        return str(self.status.label)

    @property
    def provisional_label(self) -> str:
        return "暂定" if self.provisional else ""

    @property
    def workdays_label(self) -> str:
        if self.workdays_left is None:
            return ""
        if self.workdays_left < 0:
            return f"已逾期{-self.workdays_left}个工作日"
        if self.workdays_left == 0:
            return "今日到期"
        return f"剩余{self.workdays_left}个工作日"


def current_date() -> datetime.date:
    """Today in Beijing. One place, so that tests can fix the date."""
    return timezone.localdate()


def classify(
    *, written_date: datetime.date, published_date: datetime.date | None, today: datetime.date, deadline_cache=None
) -> tuple[datetime.date, bool, TimelinessStatus, int | None]:
    """(due date, provisional, status, working days left) for one item."""
    from gongkai.calendar.services import deadline, workdays_between

    cache = deadline_cache if deadline_cache is not None else {}
    if written_date not in cache:
        cache[written_date] = deadline(written_date, ART26_WORKDAYS)
    due = cache[written_date]
    if published_date is not None:
        status = TimelinessStatus.LATE if published_date > due.due else TimelinessStatus.ON_TIME
        return due.due, due.provisional, status, None
    if today > due.due:
        return due.due, due.provisional, TimelinessStatus.OVERDUE, -workdays_between(due.due, today)
    left = workdays_between(today, due.due)
    status = TimelinessStatus.DUE_SOON if left <= DUE_SOON_WORKDAYS else TimelinessStatus.PENDING
    return due.due, due.provisional, status, left


def candidate_items() -> QuerySet:
    """Every item that has, or may have in its latest draft, a 成文日期."""
    from gongkai.portal.models import ArticlePage

    # Aliases mirror another item at a second address and are never numbered or judged themselves.
    return ArticlePage.objects.filter(alias_of__isnull=True).filter(
        Q(written_date__isnull=False) | Q(published_date__isnull=True)
    )


def scope_for_user(items: QuerySet, user) -> QuerySet:
    """A department's staff see their department's items; the office, leaders and admins see all."""
    if sees_all_departments(user):
        return items
    department = user_department(user)
    if department is None:
        return items.none()
    return items.filter(department=department)


def timeliness_rows(
    items: QuerySet | None = None,
    *,
    today: datetime.date | None = None,
    statuses: Iterable[TimelinessStatus] | None = None,
) -> list[Timeliness]:
    """The Art. 26 position of each item with a 成文日期, most urgent first.

    For an item never published, the 成文日期 and title are read from its latest draft (the
    page row keeps what was typed when the page was created); for a published item, from
    the live version. Published items are judged by their 发布日期 (first publication).
    """
    today = today or current_date()
    wanted = set(statuses) if statuses is not None else None
    items = candidate_items() if items is None else items
    rows = (
        items.order_by()
        .annotate(draft_written=KeyTextTransform("written_date", "latest_revision__content"))
        .values_list(
            "pk",
            "title",
            "draft_title",
            "department_id",
            "department__name",
            "written_date",
            "published_date",
            "draft_written",
        )
    )
    cache: dict = {}
    result = []
    for pk, title, draft_title, department_id, department_name, written, published, draft_written in rows:
        if published is None:
            written = _parse_date(draft_written) or written
            title = draft_title or title
        if written is None:
            continue
        try:
            due, provisional, status, left = classify(
                written_date=written, published_date=published, today=today, deadline_cache=cache
            )
        except (OverflowError, ValueError):
            # A mistyped 成文日期 near the end of the calendar (9999-12-31) has no due date;
            # it must not take the dashboard down with it.
            logger.warning("No Art. 26 due date for page %s (成文日期 %s)", pk, written)
            continue
        if wanted is not None and status not in wanted:
            continue
        result.append(
            Timeliness(
                pk=pk,
                title=title,
                department_id=department_id,
                department_name=department_name,
                written_date=written,
                due_date=due,
                provisional=provisional,
                published_date=published,
                status=status,
                workdays_left=left,
            )
        )
    result.sort(key=lambda row: (STATUS_RANK[row.status], row.due_date, row.pk))
    return result


def dashboard_rows(user, *, today: datetime.date | None = None) -> dict[str, list[Timeliness]]:
    """What the 公开时限提醒 panel lists for ``user``: overdue, due soon, and recently published late."""
    today = today or current_date()
    items = scope_for_user(candidate_items(), user)
    unpublished = timeliness_rows(
        items.filter(published_date__isnull=True),
        today=today,
        statuses=[TimelinessStatus.OVERDUE, TimelinessStatus.DUE_SOON],
    )
    recent_late = timeliness_rows(
        items.filter(published_date__gte=today - datetime.timedelta(days=RECENT_LATE_DAYS)),
        today=today,
        statuses=[TimelinessStatus.LATE],
    )
    recent_late.sort(key=lambda row: (row.published_date, row.pk), reverse=True)
    return {
        "overdue": [row for row in unpublished if row.status == TimelinessStatus.OVERDUE],
        "due_soon": [row for row in unpublished if row.status == TimelinessStatus.DUE_SOON],
        "recent_late": recent_late,
    }


def _parse_date(value) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
