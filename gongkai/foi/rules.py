"""The statutory numbers of 依申请公开, as data with effective dates and the article each comes from.

A case is judged by the rules in force on the day its clock started (the receipt date, or the day
the corrected application arrived): an application received on 2019-05-14 runs on the 2007
Regulation's 15 working days, one received the next day on the 2019 Regulation's 20. Nothing here
reads the database, so the rules are the same in every process and in every test.

Sources: ``shared/spec/ogi.md`` §1 (the 2019 Regulation, 国务院令第711号), §3 (信息处理费,
国办函〔2020〕109号). The 2007 Regulation (国务院令第492号) is kept so that cases received before
2019-05-15 are still computed lawfully in the annual report and in any review.
"""

import datetime
from dataclasses import dataclass

REGULATION_2007 = "《政府信息公开条例》（2007年，国务院令第492号）"
REGULATION_2019 = "《政府信息公开条例》（2019年修订，国务院令第711号）"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

REGULATION_2019_IN_FORCE = datetime.date(2019, 5, 15)
REGULATION_2007_IN_FORCE = datetime.date(2008, 5, 1)
# ogi.md §3 marks this date as unconfirmed: the Measures were issued 2020-11-17 and applied from 2021.
FEE_MEASURES_IN_FORCE = datetime.date(2021, 1, 1)


@dataclass(frozen=True)
class Limit:
    """A time limit in working days."""

    key: str
    days: int
    effective_from: datetime.date
    effective_to: datetime.date | None  # inclusive; None = still in force
    citation: str
    summary: str

    def in_force_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


@dataclass(frozen=True)
class Tier:
    """From the ``first``-th unit on (1-based), each unit costs ``rate`` 元 (超额累进)."""

    first: int
    rate: int


@dataclass(frozen=True)
class FeeSchedule:
    key: str
    tiers: tuple[Tier, ...]  # ascending by ``first``; the last tier may be extended by ``step``
    # 按件: from ``step_from`` on, every further ``step`` units raise the rate by ``step_increase``.
    step_from: int | None
    step: int | None
    step_increase: int | None
    effective_from: datetime.date
    effective_to: datetime.date | None
    citation: str

    def in_force_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def rate_of(self, unit: int) -> int:
        """The price of the ``unit``-th unit (1-based)."""
        if self.step_from is not None and unit >= self.step_from:
            steps = (unit - self.step_from) // self.step + 1
            base = next(t.rate for t in reversed(self.tiers) if t.first < self.step_from)
            return base + steps * self.step_increase
        return next(t.rate for t in reversed(self.tiers) if t.first <= unit)

    def total(self, units: int) -> int:
        """The progressive total for ``units`` units: only units above each threshold pay its rate."""
        if units < 0:
            raise ValueError("数量不能为负数。")
        return sum(self.rate_of(unit) for unit in range(1, units + 1))


CORRECTION_NOTICE = "correction_notice"
REPLY = "reply"
EXTENSION_MAX = "extension_max"
THIRD_PARTY = "third_party"
OTHER_AGENCY = "other_agency"
FEE_PAYMENT = "fee_payment"

LIMITS: tuple[Limit, ...] = (
    Limit(
        CORRECTION_NOTICE,
        7,
        REGULATION_2019_IN_FORCE,
        None,
        f"{REGULATION_2019}第三十条",
        "申请内容不明确的，自收到申请之日起7个工作日内一次性告知申请人补正。",
    ),
    Limit(
        REPLY,
        15,
        REGULATION_2007_IN_FORCE,
        REGULATION_2019_IN_FORCE - datetime.timedelta(days=1),
        f"{REGULATION_2007}第二十四条第二款",
        "自收到申请之日起15个工作日内予以答复。",
    ),
    Limit(
        REPLY,
        20,
        REGULATION_2019_IN_FORCE,
        None,
        f"{REGULATION_2019}第三十三条第二款",
        "不能当场答复的，自收到申请之日起20个工作日内予以答复。",
    ),
    Limit(
        EXTENSION_MAX,
        15,
        REGULATION_2007_IN_FORCE,
        REGULATION_2019_IN_FORCE - datetime.timedelta(days=1),
        f"{REGULATION_2007}第二十四条第二款",
        "经政府信息公开工作机构负责人同意，延长答复期限最长不超过15个工作日。",
    ),
    Limit(
        EXTENSION_MAX,
        20,
        REGULATION_2019_IN_FORCE,
        None,
        f"{REGULATION_2019}第三十三条第二款",
        "需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长期限最长不得超过20个工作日。",
    ),
    Limit(
        THIRD_PARTY,
        15,
        REGULATION_2019_IN_FORCE,
        None,
        f"{REGULATION_2019}第三十二条",
        "第三方应当自收到征求意见书之日起15个工作日内提出意见；征求意见所需时间不计算在答复期限内。",
    ),
    Limit(
        OTHER_AGENCY,
        15,
        REGULATION_2019_IN_FORCE,
        None,
        f"{REGULATION_2019}第三十四条",
        "被征求意见机关自收到征求意见书之日起15个工作日内提出意见，逾期未提出意见的视为同意公开。",
    ),
    Limit(
        FEE_PAYMENT,
        20,
        FEE_MEASURES_IN_FORCE,
        None,
        FEE_MEASURES,
        "申请人应当自收到收费通知的次日起20个工作日内缴纳费用，逾期未缴纳的视为放弃申请。",
    ),
)

PER_ITEM = "per_item"
PER_VOLUME = "per_volume"

FEE_SCHEDULES: tuple[FeeSchedule, ...] = (
    # 按件计收: per applicant, cumulative over one calendar month. 1–10 free; 11–30 at 100 元;
    # from 31 on, each further step of 10 applications costs 100 元 more per application.
    FeeSchedule(
        PER_ITEM,
        (Tier(1, 0), Tier(11, 100)),
        step_from=31,
        step=10,
        step_increase=100,
        effective_from=FEE_MEASURES_IN_FORCE,
        effective_to=None,
        citation=f"{FEE_MEASURES}第四条",
    ),
    # 按量计收: per page of one application. 1–30 free; 31–100 at 10; 101–200 at 20; 201 on at 40 元.
    FeeSchedule(
        PER_VOLUME,
        (Tier(1, 0), Tier(31, 10), Tier(101, 20), Tier(201, 40)),
        step_from=None,
        step=None,
        step_increase=None,
        effective_from=FEE_MEASURES_IN_FORCE,
        effective_to=None,
        citation=f"{FEE_MEASURES}第五条",
    ),
)


class NoRuleInForce(LookupError):
    pass


def limit(key: str, on: datetime.date) -> Limit:
    """The time limit ``key`` in force on ``on``."""
    for candidate in LIMITS:
        if candidate.key == key and candidate.in_force_on(on):
            return candidate
    raise NoRuleInForce(f"{on:%Y-%m-%d}没有有效的“{key}”期限规定。")


def fee_schedule(key: str, on: datetime.date) -> FeeSchedule:
    for candidate in FEE_SCHEDULES:
        if candidate.key == key and candidate.in_force_on(on):
            return candidate
    raise NoRuleInForce(f"{on:%Y-%m-%d}尚无信息处理费标准（{FEE_MEASURES}自{FEE_MEASURES_IN_FORCE:%Y-%m-%d}起施行）。")
