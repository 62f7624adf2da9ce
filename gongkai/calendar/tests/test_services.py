"""The working-day calendar's public contract (gongkai.calendar.services)."""

import datetime
import random

import pytest

from gongkai.calendar import services
from gongkai.calendar.models import DayException
from gongkai.calendar.services import (
    Deadline,
    add_workdays,
    deadline,
    is_provisional,
    is_workday,
    missing_next_year_notice,
    missing_notice_years,
    workdays_between,
)
from gongkai.calendar.tests.conftest import OFF, WORK, enter_notice

pytestmark = pytest.mark.django_db

D = datetime.date


# ogi.md §4 worked examples: received on the start date, N working days, start day not counted.
@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2025, 9, 26), 7, D(2025, 10, 13)),
        (D(2025, 9, 26), 20, D(2025, 10, 30)),
        (D(2026, 2, 13), 7, D(2026, 3, 2)),
        (D(2026, 2, 13), 20, D(2026, 3, 19)),
        (D(2026, 9, 30), 20, D(2026, 11, 3)),
        (D(2026, 9, 30), 40, D(2026, 12, 1)),
    ],
)
def test_worked_examples(start, days, due):
    assert add_workdays(start, days) == due
    assert deadline(start, days) == Deadline(due=due, provisional=False)
    assert workdays_between(start, due) == days


def test_2020_spring_festival_extension_cancelled_the_saturday_working_day():
    # 国办发明电〔2020〕1号 extended the break to 2020-02-02; the 02-01 调休 Saturday fell away.
    assert not is_workday(D(2020, 2, 1))
    assert not is_workday(D(2020, 1, 31))
    assert is_workday(D(2020, 2, 3))
    assert is_workday(D(2020, 1, 19))  # Sunday 调休上班 from the original notice


def test_2024_new_years_eve_was_a_working_day():
    # 除夕 2024-02-09 was only "encouraged" off; the statutory block began 02-10.
    assert is_workday(D(2024, 2, 9))
    assert not is_workday(D(2024, 2, 12))
    assert is_workday(D(2024, 2, 18))  # Sunday 调休上班


def test_weekend_working_days_count_and_weekday_holidays_do_not():
    assert is_workday(D(2025, 9, 28))  # Sunday
    assert is_workday(D(2025, 10, 11))  # Saturday
    assert not is_workday(D(2025, 10, 8))  # Wednesday inside 国庆
    assert not is_workday(D(2025, 10, 12))  # ordinary Sunday
    assert is_workday(D(2025, 10, 13))  # ordinary Monday


# ogi.md §5: working days per year after the notices (2020 after the extension).
@pytest.mark.parametrize(
    ("year", "count"),
    [(2019, 250), (2020, 249), (2021, 250), (2022, 249), (2023, 249), (2024, 251), (2025, 248), (2026, 248)],
)
def test_yearly_working_day_counts(year, count):
    first, last = D(year, 1, 1), D(year, 12, 31)
    by_walk = sum(is_workday(first + datetime.timedelta(days=i)) for i in range((last - first).days + 1))
    assert by_walk == count
    assert workdays_between(D(year - 1, 12, 31), last) == count


def test_start_day_is_not_counted():
    # 民法典第二百零一条: day 1 is the first working day after the start date.
    assert add_workdays(D(2025, 9, 26), 1) == D(2025, 9, 28)  # the Sunday 调休 day
    assert add_workdays(D(2025, 10, 13), 1) == D(2025, 10, 14)
    assert add_workdays(D(2025, 10, 13), 0) == D(2025, 10, 13)
    # Received during a holiday block: counting starts after it.
    assert add_workdays(D(2025, 10, 1), 1) == D(2025, 10, 9)
    assert workdays_between(D(2025, 10, 13), D(2025, 10, 13)) == 0
    assert workdays_between(D(2025, 10, 13), D(2025, 10, 14)) == 1


def test_workdays_between_is_zero_when_end_is_not_after_start():
    assert workdays_between(D(2025, 10, 30), D(2025, 9, 26)) == 0
    assert workdays_between(D(2025, 10, 30), D(2025, 10, 30)) == 0


def test_pauses_are_not_counted():
    # A 20-working-day limit paused 2025-10-09 to 10-15 (e.g. 第三方意见征询, 条例第三十三条第三款):
    # the six working days in the pause (10-09, 10-10, Sat 10-11, 10-13, 10-14, 10-15) are added on.
    pause = [(D(2025, 10, 9), D(2025, 10, 15))]
    assert add_workdays(D(2025, 9, 26), 20, pauses=pause) == D(2025, 11, 7)
    assert workdays_between(D(2025, 9, 26), D(2025, 11, 7), pauses=pause) == 20
    assert workdays_between(D(2025, 9, 26), D(2025, 10, 30), pauses=pause) == 14
    # Overlapping and adjacent pauses count once; a pause before the start changes nothing.
    split = [(D(2025, 10, 12), D(2025, 10, 15)), (D(2025, 10, 9), D(2025, 10, 13)), (D(2025, 9, 1), D(2025, 9, 20))]
    assert add_workdays(D(2025, 9, 26), 20, pauses=split) == D(2025, 11, 7)
    # A pause reaching past the end only removes the part inside the span.
    assert workdays_between(D(2025, 9, 26), D(2025, 10, 10), pauses=[(D(2025, 10, 10), D(2025, 12, 31))]) == 4


def test_bad_pauses_are_refused():
    with pytest.raises(ValueError, match="结束日期"):
        add_workdays(D(2025, 9, 26), 5, pauses=[(D(2025, 10, 15), D(2025, 10, 9))])
    with pytest.raises(ValueError, match="暂停区间"):
        workdays_between(D(2025, 9, 26), D(2025, 10, 30), pauses=[D(2025, 10, 9)])
    with pytest.raises(TypeError):
        add_workdays(
            D(2025, 9, 26), 5, pauses=[(datetime.datetime(2025, 10, 9, 8, tzinfo=datetime.UTC), D(2025, 10, 10))]
        )


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="负数"):
        add_workdays(D(2025, 9, 26), -1)
    with pytest.raises(ValueError, match="3650"):
        add_workdays(D(2025, 9, 26), 3000)
    with pytest.raises(ValueError, match="3650"):
        add_workdays(D(2025, 9, 26), 1, pauses=[(D(2025, 9, 27), D(2040, 1, 1))])
    with pytest.raises(ValueError):
        add_workdays(D(9999, 12, 30), 5)
    with pytest.raises(TypeError):
        add_workdays(D(2025, 9, 26), 2.5)
    # A datetime's calendar day depends on its time zone: the caller must choose (timezone.localdate()).
    with pytest.raises(TypeError):
        is_workday(datetime.datetime(2025, 9, 28, 9, 0, tzinfo=datetime.UTC))


def test_unknown_year_is_weekends_only_and_provisional_never_an_error():
    assert is_provisional(D(2027, 1, 1))
    assert is_workday(D(2027, 1, 1))  # a Friday: surely 元旦 off, but no notice says so yet
    assert not is_workday(D(2027, 1, 2))
    assert add_workdays(D(2027, 3, 5), 5) == D(2027, 3, 12)
    assert workdays_between(D(2027, 1, 1), D(2027, 12, 31)) == 260
    assert deadline(D(2026, 12, 25), 10) == Deadline(due=D(2027, 1, 8), provisional=True)
    assert deadline(D(2050, 6, 1), 1) == Deadline(due=D(2050, 6, 2), provisional=True)
    assert not is_provisional(D(2026, 12, 31))
    # A deadline that stays within entered years is final.
    assert deadline(D(2026, 12, 1), 20) == Deadline(due=D(2026, 12, 29), provisional=False)


def test_late_2018_days_come_from_the_2019_notice_and_are_settled():
    # 2019 元旦 block: 2018-12-30 to 2019-01-01 off, Saturday 2018-12-29 worked.
    assert is_workday(D(2018, 12, 29))
    assert not is_workday(D(2018, 12, 31))
    assert not is_provisional(D(2018, 12, 29))
    assert not is_provisional(D(2018, 12, 31))
    assert not is_provisional(D(2018, 12, 30))  # a weekend inside the block, not stored
    # The rest of 2018 has no notice entered: weekends only, provisional.
    assert is_provisional(D(2018, 12, 28))
    assert is_provisional(D(2018, 10, 1))
    assert deadline(D(2018, 12, 28), 2) == Deadline(due=D(2019, 1, 2), provisional=False)
    assert deadline(D(2018, 12, 27), 2).provisional


def test_workdays_between_agrees_with_a_day_by_day_walk():
    rng = random.Random(20261128)
    for _ in range(300):
        start = D(2018, 6, 1) + datetime.timedelta(days=rng.randrange(3500))
        end = start + datetime.timedelta(days=rng.randrange(-5, 400))
        pauses = []
        for _ in range(rng.randrange(3)):
            pause_start = start + datetime.timedelta(days=rng.randrange(-10, 300))
            pauses.append((pause_start, pause_start + datetime.timedelta(days=rng.randrange(30))))
        walked = sum(
            1
            for i in range(1, (end - start).days + 1)
            if is_workday(day := start + datetime.timedelta(days=i)) and not any(a <= day <= b for a, b in pauses)
        )
        assert workdays_between(start, end, pauses=pauses) == walked
        if end > start and walked:
            assert add_workdays(start, walked, pauses=pauses) <= end


def test_add_workdays_and_workdays_between_are_inverse():
    rng = random.Random(7)
    for _ in range(200):
        start = D(2019, 1, 1) + datetime.timedelta(days=rng.randrange(2900))
        days = rng.randrange(0, 60)
        due = add_workdays(start, days)
        assert workdays_between(start, due) == days
        assert days == 0 or is_workday(due)


def test_entering_a_notice_changes_answers_at_once():
    assert is_workday(D(2027, 2, 8))  # Monday
    assert not is_workday(D(2027, 2, 6))  # Saturday
    assert is_provisional(D(2027, 3, 1))
    before = deadline(D(2027, 2, 4), 5)
    assert before == Deadline(due=D(2027, 2, 11), provisional=True)

    notice = enter_notice(2027, [(D(2027, 2, 6), WORK, "春节"), (D(2027, 2, 8), OFF, "春节")])

    assert not is_workday(D(2027, 2, 8))
    assert is_workday(D(2027, 2, 6))
    assert not is_provisional(D(2027, 3, 1))
    # Counted: Fri 02-05, Sat 02-06 (调休), [Mon 02-08 off], 02-09, 02-10, 02-11.
    assert deadline(D(2027, 2, 4), 5) == Deadline(due=D(2027, 2, 11), provisional=False)
    assert add_workdays(D(2027, 2, 4), 6) == D(2027, 2, 12)

    day = DayException.objects.get(date=D(2027, 2, 8))
    day.delete()
    assert is_workday(D(2027, 2, 8))

    notice.delete()
    assert is_provisional(D(2027, 3, 1))
    assert not is_workday(D(2027, 2, 6))


def test_editing_a_day_changes_answers_at_once():
    enter_notice(2027, [(D(2027, 10, 9), WORK, "国庆节")])
    assert is_workday(D(2027, 10, 9))
    day = DayException.objects.get(date=D(2027, 10, 9))
    day.kind = OFF
    day.save()
    assert not is_workday(D(2027, 10, 9))


def test_redundant_entries_do_not_change_the_answer():
    # Whole holiday blocks may be typed in, weekends included; those entries are harmless.
    enter_notice(2027, [(D(2027, 1, 2), OFF, "元旦"), (D(2027, 1, 1), OFF, "元旦")])
    assert not is_workday(D(2027, 1, 2))
    assert not is_workday(D(2027, 1, 1))
    assert workdays_between(D(2026, 12, 31), D(2027, 1, 8)) == 5  # 01-04 to 01-08


def test_answers_come_from_memory(django_assert_num_queries):
    is_workday(D(2025, 1, 1))
    with django_assert_num_queries(0):
        for offset in range(400):
            is_workday(D(2025, 1, 1) + datetime.timedelta(days=offset))
        deadline(D(2025, 9, 26), 20)
        workdays_between(D(2019, 1, 1), D(2026, 12, 31))
        is_provisional(D(2027, 1, 1))


def test_other_processes_see_changes_after_the_recheck_interval(monkeypatch):
    # bulk_create sends no signals: this stands for a change made by another process.
    notice = enter_notice(2027)
    assert is_workday(D(2027, 2, 8))
    DayException.objects.bulk_create([DayException(notice=notice, date=D(2027, 2, 8), kind=OFF, name="春节")])
    assert is_workday(D(2027, 2, 8))  # still the in-memory copy
    monkeypatch.setattr(services, "RECHECK_SECONDS", 0)
    assert not is_workday(D(2027, 2, 8))


def test_missing_next_year_notice_from_1_november():
    assert missing_next_year_notice(D(2026, 10, 31)) is None
    assert missing_next_year_notice(D(2026, 11, 1)) == 2027
    assert missing_next_year_notice(D(2026, 12, 31)) == 2027
    assert missing_next_year_notice(D(2025, 11, 20)) is None  # 2026 is entered
    enter_notice(2027)
    assert missing_next_year_notice(D(2026, 11, 1)) is None


def test_missing_next_year_notice_defaults_to_today(monkeypatch):
    monkeypatch.setattr(services, "current_date", lambda: D(2026, 11, 2))
    assert missing_next_year_notice() == 2027
    monkeypatch.setattr(services, "current_date", lambda: D(2026, 10, 2))
    assert missing_next_year_notice() is None


def test_missing_notice_years_includes_the_current_year_at_any_time():
    assert missing_notice_years(D(2026, 6, 1)) == []
    assert missing_notice_years(D(2026, 11, 1)) == [2027]
    assert missing_notice_years(D(2027, 3, 1)) == [2027]
    assert missing_notice_years(D(2027, 11, 1)) == [2027, 2028]
