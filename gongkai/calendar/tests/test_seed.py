"""The seeded 2019–2026 notices (migration 0002) against the package they came from and ogi.md §5."""

import datetime

import chinese_calendar
import pytest
from django.contrib.auth.models import Group

from gongkai.calendar.models import DayException, DayKind, HolidayNotice
from gongkai.calendar.services import entered_years, is_workday

pytestmark = pytest.mark.django_db

D = datetime.date


def test_every_day_matches_chinese_calendar():
    # is_workday(), not membership of its `holidays` dict (which lists weekend days in holiday blocks).
    day = D(2018, 12, 1)
    mismatches = []
    while day <= D(2026, 12, 31):
        if is_workday(day) != chinese_calendar.is_workday(day):
            mismatches.append(day)
        day += datetime.timedelta(days=1)
    assert mismatches == []


def test_only_exceptions_to_the_weekend_rule_are_stored():
    days = list(DayException.objects.all())
    assert len(days) == 200
    for day in days:
        weekday = day.date.weekday() < 5
        assert (day.kind == DayKind.OFF) == weekday, day


def test_notices_and_document_numbers():
    numbers = dict(HolidayNotice.objects.values_list("document_number", "year"))
    assert numbers == {
        "国办发明电〔2018〕15号": 2019,
        "国办发明电〔2019〕3号": 2019,
        "国办发明电〔2019〕16号": 2020,
        "国办发明电〔2020〕1号": 2020,
        "国办发明电〔2020〕27号": 2021,
        "国办发明电〔2021〕11号": 2022,
        "国办发明电〔2022〕16号": 2023,
        "国办发明电〔2023〕7号": 2024,
        "国办发明电〔2024〕12号": 2025,
        "国办发明电〔2025〕7号": 2026,
    }
    assert entered_years() == frozenset(range(2019, 2027))
    notice = HolidayNotice.objects.get(document_number="国办发明电〔2025〕7号")
    assert notice.published_on == D(2025, 11, 4)
    assert notice.title == "国务院办公厅关于2026年部分节假日安排的通知"
    assert "content_7047090" in notice.source


@pytest.mark.parametrize(
    ("day", "number", "kind", "name"),
    [
        (D(2018, 12, 29), "国办发明电〔2018〕15号", DayKind.WORK, "元旦"),
        (D(2018, 12, 31), "国办发明电〔2018〕15号", DayKind.OFF, "元旦"),
        (D(2019, 4, 28), "国办发明电〔2019〕3号", DayKind.WORK, "劳动节"),
        (D(2019, 5, 3), "国办发明电〔2019〕3号", DayKind.OFF, "劳动节"),
        (D(2019, 5, 1), "国办发明电〔2018〕15号", DayKind.OFF, "劳动节"),
        (D(2020, 1, 31), "国办发明电〔2020〕1号", DayKind.OFF, "春节"),
        (D(2026, 2, 28), "国办发明电〔2025〕7号", DayKind.WORK, "春节"),
    ],
)
def test_days_belong_to_the_notice_that_set_them(day, number, kind, name):
    entry = DayException.objects.select_related("notice").get(date=day)
    assert (entry.notice.document_number, entry.kind, entry.name) == (number, kind, name)


def test_2020_02_01_is_not_stored_as_a_working_day():
    assert not DayException.objects.filter(date=D(2020, 2, 1)).exists()


def test_administrators_may_edit_the_calendar():
    codenames = set(Group.objects.get(name="系统管理员").permissions.values_list("codename", flat=True))
    assert {"add_holidaynotice", "change_holidaynotice", "delete_holidaynotice", "view_holidaynotice"} <= codenames
    for role in ("信息员", "处室审核", "办公室审核", "领导审签"):
        perms = Group.objects.get(name=role).permissions.filter(content_type__app_label="workcalendar")
        assert not perms.exists()
