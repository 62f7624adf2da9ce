"""信息处理费 (国办函〔2020〕109号): the amounts, from the schedules in ``gongkai.foi.rules``.

按件计收 counts one applicant's applications over a calendar month; the n-th application of the
month costs the rate of the n-th unit, so that a month's notices add up to the progressive total
(35 applications → 20 × 100 + 5 × 200 = 3,000 元). 按量计收 prices the pages of one application
(1,500 pages → 70 × 10 + 100 × 20 + 1,300 × 40 = 54,700 元).
"""

import datetime

from gongkai.foi import rules
from gongkai.foi.models import Application, FeeNotice, Status


def per_item_month_total(count: int, *, on: datetime.date) -> int:
    """What ``count`` applications by one applicant in one calendar month cost together."""
    return rules.fee_schedule(rules.PER_ITEM, on).total(count)


def per_item_fee(ordinal: int, *, on: datetime.date) -> int:
    """The fee for an applicant's ``ordinal``-th application of the month."""
    if ordinal < 1:
        raise ValueError("序号从1开始。")
    return rules.fee_schedule(rules.PER_ITEM, on).rate_of(ordinal)


def per_volume_fee(pages: int, *, on: datetime.date) -> int:
    return rules.fee_schedule(rules.PER_VOLUME, on).total(pages)


def same_applicant(application: Application):
    """Applications by the same person or organisation: the same kind and number of identity document."""
    return Application.objects.filter(id_type=application.id_type, id_number=application.id_number)


def month_ordinal(application: Application) -> int:
    """Which application of its calendar month (by receipt date) this one is, for its applicant."""
    received = application.received_on
    if received is None:
        raise ValueError("申请尚未确认收到，不能按件计费。")
    first = received.replace(day=1)
    mine = same_applicant(application).exclude(status=Status.INVALID)
    earlier = mine.filter(received_on__gte=first, received_on__lt=received).count()
    same_day_before = mine.filter(received_on=received, pk__lt=application.pk).count()
    return earlier + same_day_before + 1


def fee_for(application: Application, *, method: str, pages: int | None = None) -> tuple[int, int]:
    """``(quantity, amount)`` for a fee notice on ``application`` by ``method``."""
    on = application.received_on
    if on is None:
        raise ValueError("申请尚未确认收到，不能计算信息处理费。")
    if method == FeeNotice.Method.PER_ITEM:
        ordinal = month_ordinal(application)
        return ordinal, per_item_fee(ordinal, on=on)
    if method == FeeNotice.Method.PER_VOLUME:
        if pages is None or pages < 1:
            raise ValueError("按量计收须填写页数。")
        return pages, per_volume_fee(pages, on=on)
    raise ValueError(f"未知的计收方式：{method}")
