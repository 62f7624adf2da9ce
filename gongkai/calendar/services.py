"""Working-day arithmetic for every statutory deadline in Gongkai.

《政府信息公开条例》 counts its limits in 工作日 without defining the word; parallel statutes
exclude statutory holidays (行政许可法第八十二条, 行政复议法第八十八条第二款). So a working day
is Monday–Friday, minus the weekdays a State Council notice gives off (放假), plus the
weekend days it designates as 上班 (调休). The start day is never counted
(民法典第二百零一条; 民事诉讼法第八十五条第二款): day 1 is the first working day after it.

A year without an entered notice is computed with the weekend rule alone and reported as
provisional; nothing here raises for an unknown year.

The exceptions are read from the database once per process and kept in memory. Saving or
deleting a notice or a day drops that copy at once in this process (signal_handlers.py);
other processes notice the change within ``RECHECK_SECONDS`` by comparing a cheap fingerprint.
"""

import bisect
import datetime
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max
from django.utils import timezone

ONE_DAY = datetime.timedelta(days=1)
# No statutory limit comes near ten years; a longer walk is a caller's mistake, not a deadline.
MAX_SPAN_DAYS = 3650
# How stale another process's in-memory copy may be after an edit made elsewhere.
RECHECK_SECONDS = 60
# From this month on, the dashboard asks for next year's notice (it usually appears Oct–Dec).
NEXT_YEAR_WARNING_MONTH = 11


@dataclass(frozen=True)
class Deadline:
    due: datetime.date
    provisional: bool  # some day up to `due` lies in a year whose notice is not entered yet


@dataclass(frozen=True)
class _Calendar:
    entered_years: frozenset[int]
    overrides: dict[datetime.date, bool]  # date → is a working day, only where it differs from the weekend rule
    off_weekdays: tuple[datetime.date, ...]  # sorted: Monday–Friday dates given off
    working_weekends: tuple[datetime.date, ...]  # sorted: Saturday/Sunday dates designated 上班
    # Year → first date its notices cover: 1 January, or earlier when its 元旦 block starts in December.
    coverage_starts: dict[int, datetime.date]
    fingerprint: tuple

    def is_workday(self, day: datetime.date) -> bool:
        override = self.overrides.get(day)
        return override if override is not None else day.weekday() < 5

    def is_provisional(self, day: datetime.date) -> bool:
        if day.year in self.entered_years:
            return False
        # Next year's notice also settles the December days of its 元旦 block
        # (the 2019 notice set 2018-12-29 to 2018-12-31).
        next_start = self.coverage_starts.get(day.year + 1)
        return next_start is None or day < next_start

    def count_workdays(self, first: datetime.date, last: datetime.date) -> int:
        """Working days in [first, last], by arithmetic rather than a walk over the days."""
        if last < first:
            return 0
        return (
            _count_weekdays(first, last)
            - _count_in(self.off_weekdays, first, last)
            + _count_in(self.working_weekends, first, last)
        )


_lock = threading.RLock()
_calendar: _Calendar | None = None
_checked_at = 0.0


def invalidate_cache() -> None:
    """Forget the in-memory calendar; the next question reloads it from the database."""
    global _calendar
    with _lock:
        _calendar = None


def _fingerprint() -> tuple:
    from gongkai.calendar.models import DayException, HolidayNotice

    notices = HolidayNotice.objects.aggregate(n=Count("pk"), changed=Max("updated_at"))
    days = DayException.objects.aggregate(n=Count("pk"), changed=Max("updated_at"))
    return (notices["n"], notices["changed"], days["n"], days["changed"])


def _load() -> _Calendar:
    from gongkai.calendar.models import DayException, DayKind, HolidayNotice

    fingerprint = _fingerprint()
    entered = frozenset(HolidayNotice.objects.values_list("year", flat=True))
    coverage_starts = {year: datetime.date(year, 1, 1) for year in entered}
    overrides: dict[datetime.date, bool] = {}
    for day, kind, year in DayException.objects.values_list("date", "kind", "notice__year"):
        coverage_starts[year] = min(coverage_starts[year], day)
        working = kind == DayKind.WORK
        # A 放假 entry on a weekend or a 上班 entry on a weekday changes nothing: skip it.
        if working != (day.weekday() < 5):
            overrides[day] = working
    return _Calendar(
        entered_years=entered,
        overrides=overrides,
        off_weekdays=tuple(sorted(d for d, working in overrides.items() if not working)),
        working_weekends=tuple(sorted(d for d, working in overrides.items() if working)),
        coverage_starts=coverage_starts,
        fingerprint=fingerprint,
    )


def _current() -> _Calendar:
    global _calendar, _checked_at
    with _lock:
        calendar = _calendar
        now = time.monotonic()
        if calendar is not None and now - _checked_at >= RECHECK_SECONDS:
            _checked_at = now
            if _fingerprint() != calendar.fingerprint:
                calendar = None
        if calendar is None:
            calendar = _load()
            _calendar = calendar
            _checked_at = now
        return calendar


def is_workday(day: datetime.date) -> bool:
    """Is ``day`` a working day (工作日)? Weekend rule for a year without an entered notice."""
    _check_date(day, "day")
    return _current().is_workday(day)


def is_provisional(day: datetime.date) -> bool:
    """True when ``day``'s year has no entered notice, so the answer for it may still change."""
    _check_date(day, "day")
    return _current().is_provisional(day)


def add_workdays(
    start: datetime.date, days: int, *, pauses: Iterable[tuple[datetime.date, datetime.date]] = ()
) -> datetime.date:
    """The date on which ``days`` working days after ``start`` have passed.

    The start day is not counted (民法典第二百零一条): day 1 is the first working day after
    ``start``. Working days inside a pause (inclusive date intervals, e.g. third-party
    consultation time under 《政府信息公开条例》第三十三条第三款) are not counted.
    ``days == 0`` gives ``start``.
    """
    return _walk(start, days, _merge_pauses(pauses))


def workdays_between(
    start: datetime.date, end: datetime.date, *, pauses: Iterable[tuple[datetime.date, datetime.date]] = ()
) -> int:
    """Working days after ``start`` up to and including ``end``, pauses not counted; 0 if end <= start."""
    _check_date(start, "start")
    _check_date(end, "end")
    merged = _merge_pauses(pauses)
    if end <= start:
        return 0
    calendar = _current()
    first = start + ONE_DAY
    total = calendar.count_workdays(first, end)
    for pause_start, pause_end in merged:
        total -= calendar.count_workdays(max(pause_start, first), min(pause_end, end))
    return total


def span_is_provisional(
    start: datetime.date, end: datetime.date, *, pauses: Iterable[tuple[datetime.date, datetime.date]] = ()
) -> bool:
    """Does any day after ``start`` up to ``end``, outside the pauses, lie in a year without a notice?"""
    _check_date(start, "start")
    _check_date(end, "end")
    merged = _merge_pauses(pauses)
    if end <= start:
        return False
    calendar = _current()
    first = start + ONE_DAY
    for year in range(first.year, end.year + 1):
        if year in calendar.entered_years:
            continue
        day = max(first, datetime.date(year, 1, 1))
        last = min(end, datetime.date(year, 12, 31))
        # Usually the first day decides; only long pauses make this walk.
        while day <= last:
            if not _paused(merged, day) and calendar.is_provisional(day):
                return True
            day += ONE_DAY
    return False


def deadline(
    start: datetime.date, days: int, *, pauses: Iterable[tuple[datetime.date, datetime.date]] = ()
) -> Deadline:
    """``add_workdays`` plus whether the answer may still change when a missing notice is entered."""
    merged = _merge_pauses(pauses)
    due = _walk(start, days, merged)
    return Deadline(due=due, provisional=span_is_provisional(start, due, pauses=merged))


def entered_years() -> frozenset[int]:
    """Years that have at least one entered notice."""
    return _current().entered_years


def current_date() -> datetime.date:
    """Today in Beijing. One place, so that tests can fix the date."""
    return timezone.localdate()


def missing_next_year_notice(today: datetime.date | None = None) -> int | None:
    """From 1 November on: next year, if its notice has not been entered yet; otherwise None."""
    today = today or current_date()
    _check_date(today, "today")
    if today.month < NEXT_YEAR_WARNING_MONTH:
        return None
    next_year = today.year + 1
    return None if next_year in _current().entered_years else next_year


def missing_notice_years(today: datetime.date | None = None) -> list[int]:
    """Years the dashboard should ask for: this year at any time, next year from 1 November."""
    today = today or current_date()
    _check_date(today, "today")
    missing = [] if today.year in _current().entered_years else [today.year]
    next_year = missing_next_year_notice(today)
    if next_year is not None:
        missing.append(next_year)
    return missing


def _walk(start: datetime.date, days: int, merged: list[tuple[datetime.date, datetime.date]]) -> datetime.date:
    _check_date(start, "start")
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError(f"工作日数应为整数，收到 {days!r}。")
    if days < 0:
        raise ValueError(f"工作日数不能为负数：{days}。")
    calendar = _current()
    try:
        limit = start + datetime.timedelta(days=MAX_SPAN_DAYS)
    except OverflowError:
        limit = datetime.date.max
    day = start
    counted = 0
    while counted < days:
        if day >= limit:
            raise ValueError(f"期限超出{MAX_SPAN_DAYS}天（约十年），请检查工作日数和暂停区间。")
        day += ONE_DAY
        if calendar.is_workday(day) and not _paused(merged, day):
            counted += 1
    return day


def _merge_pauses(pauses: Iterable[tuple[datetime.date, datetime.date]]) -> list[tuple[datetime.date, datetime.date]]:
    """Sorted, non-overlapping inclusive intervals."""
    intervals = []
    for pause in pauses:
        try:
            pause_start, pause_end = pause
        except (TypeError, ValueError):
            raise ValueError(f"暂停区间应为（开始日期, 结束日期），收到 {pause!r}。") from None
        _check_date(pause_start, "pause start")
        _check_date(pause_end, "pause end")
        if pause_end < pause_start:
            raise ValueError(f"暂停区间的结束日期{pause_end:%Y-%m-%d}早于开始日期{pause_start:%Y-%m-%d}。")
        intervals.append((pause_start, pause_end))
    intervals.sort()
    merged: list[tuple[datetime.date, datetime.date]] = []
    for pause_start, pause_end in intervals:
        if merged and pause_start <= merged[-1][1] + ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], pause_end))
        else:
            merged.append((pause_start, pause_end))
    return merged


def _paused(merged: list[tuple[datetime.date, datetime.date]], day: datetime.date) -> bool:
    index = bisect.bisect_right(merged, (day, datetime.date.max)) - 1
    return index >= 0 and merged[index][0] <= day <= merged[index][1]


def _check_date(value, name: str) -> None:
    # A datetime is a date subclass, but its calendar day depends on a time zone the caller chose:
    # insist on a date (timezone.localdate()) rather than guess.
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise TypeError(f"{name} 应为 datetime.date，收到 {value!r}。")


def _count_in(sorted_dates: tuple[datetime.date, ...], first: datetime.date, last: datetime.date) -> int:
    return bisect.bisect_right(sorted_dates, last) - bisect.bisect_left(sorted_dates, first)


def _count_weekdays(first: datetime.date, last: datetime.date) -> int:
    """Monday–Friday dates in [first, last]."""
    length = (last - first).days + 1
    weeks, rest = divmod(length, 7)
    start_weekday = first.weekday()
    return weeks * 5 + sum(1 for offset in range(rest) if (start_weekday + offset) % 7 < 5)
