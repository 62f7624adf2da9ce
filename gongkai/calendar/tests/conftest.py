import datetime

import pytest

from gongkai.calendar import services
from gongkai.calendar.models import DayException, DayKind, HolidayNotice


@pytest.fixture(autouse=True)
def fresh_calendar():
    # The calendar lives in process memory; a test's rolled-back rows must not outlive the test.
    services.invalidate_cache()
    yield
    services.invalidate_cache()


def enter_notice(year: int, days=(), *, number: str | None = None) -> HolidayNotice:
    """Store a notice for ``year`` with ``days`` as (date, kind, name) the way the admin would."""
    notice = HolidayNotice.objects.create(
        year=year,
        document_number=number or f"国办发明电〔{year - 1}〕99号",
        published_on=datetime.date(year - 1, 11, 1),
        title=f"国务院办公厅关于{year}年部分节假日安排的通知",
    )
    for day, kind, name in days:
        DayException.objects.create(notice=notice, date=day, kind=kind, name=name)
    return notice


OFF = DayKind.OFF
WORK = DayKind.WORK
