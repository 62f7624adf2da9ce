"""The statutory clocks of enforcement publicity, as dated data with their sources.

- Publication due (事后公开): 行政许可 and 行政处罚 within 7 working days of the decision, everything
  else within 20 (国办发〔2018〕118号; the 7 days also in the 双公示 credit documents).
- Withdrawal: within 3 working days of the decision being changed, revoked, confirmed illegal or
  void (行政处罚法（2021）第四十八条; 第八十五条 makes 三日 working days). 118号 says only "及时"
  and adds 要求重新作出; the platform holds every kind to the 3 days.
- Publication period (公示期限) of a penalty, by the rules in force on its decision date
  (disclosure-rules.md §2.4): 发改办财金〔2019〕527号, then 国家发展改革委令第58号 from 2023-05-01,
  then 第36号 from 2026-04-01. Each gives a minimum (the earliest 信用修复) and a maximum, after
  which publication ends by itself. Licences stay public while valid; other kinds have no end.

Sources: shared/spec/disclosure-rules.md §1.1, §1.2, §2.1, §2.4.
"""

import datetime
from dataclasses import dataclass

from gongkai.calendar import services as workdays

ORDER_118 = (
    "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》"
    "（国办发〔2018〕118号）"
)
PENALTY_LAW = "《中华人民共和国行政处罚法》（2021年修订）"
NDRC_527 = (
    "《国家发展改革委办公厅关于进一步完善“信用中国”网站及地方信用门户网站行政处罚信息信用修复机制的通知》"
    "（发改办财金〔2019〕527号）"
)
NDRC_58 = "《失信行为纠正后的信用信息修复管理办法（试行）》（国家发展改革委令第58号）"
NDRC_36 = "《信用修复管理办法》（国家发展改革委令第36号）"


@dataclass(frozen=True)
class Limit:
    days: int
    effective_from: datetime.date
    citation: str


PUBLICATION_FAST = Limit(
    7, datetime.date(2019, 1, 3), f"{ORDER_118}：行政许可、行政处罚决定自作出之日起7个工作日内公开"
)
PUBLICATION_OTHER = Limit(20, datetime.date(2019, 1, 3), f"{ORDER_118}：执法决定自作出之日起20个工作日内公开")
WITHDRAWAL = Limit(3, datetime.date(2021, 7, 15), f"{PENALTY_LAW}第四十八条、第八十五条：三日内撤回并公开说明理由")

FAST_KINDS = frozenset({"license", "penalty"})


def publication_limit(kind: str) -> Limit:
    return PUBLICATION_FAST if kind in FAST_KINDS else PUBLICATION_OTHER


def publication_due(kind: str, decision_date: datetime.date) -> datetime.date:
    """The last day to publish a decision of ``kind`` made on ``decision_date``."""
    return workdays.add_workdays(decision_date, publication_limit(kind).days)


def withdrawal_due(event_date: datetime.date) -> datetime.date:
    return workdays.add_workdays(event_date, WITHDRAWAL.days)


@dataclass(frozen=True)
class Period:
    """How long a penalty stays public: repairable from ``minimum``, ended at ``maximum`` (months)."""

    minimum_months: int | None  # None: no publication at all (轻微 under 第36号)
    maximum_months: int | None
    regime: str
    citation: str

    @property
    def published(self) -> bool:
        return self.maximum_months is not None


@dataclass(frozen=True)
class Regime:
    key: str
    effective_from: datetime.date
    effective_to: datetime.date | None  # inclusive
    citation: str


# 527号's own date of effect is not in the spec; it is applied to decisions from 2019 on and to
# anything earlier, which no credit site still shows under any other rule.
REGIMES = (
    Regime("2019", datetime.date(1900, 1, 1), datetime.date(2023, 4, 30), NDRC_527),
    Regime("2023", datetime.date(2023, 5, 1), datetime.date(2026, 3, 31), NDRC_58),
    Regime("2026", datetime.date(2026, 4, 1), None, NDRC_36),
)


def regime_on(day: datetime.date) -> Regime:
    for regime in REGIMES:
        if regime.effective_from <= day and (regime.effective_to is None or day <= regime.effective_to):
            return regime
    raise LookupError(f"{day:%Y-%m-%d}没有适用的公示期限规定。")


def penalty_period(decision_date: datetime.date, *, seriousness: str, special_sector: bool = False) -> Period:
    """The publication period of a penalty under the rules in force on ``decision_date``."""
    regime = regime_on(decision_date)
    if regime.key == "2019":
        # 527号: serious violations 6 months to 3 years; general ones 3 months to 1 year.
        if seriousness == "serious":
            return Period(6, 36, regime.key, regime.citation)
        return Period(3, 12, regime.key, regime.citation)
    if regime.key == "2023":
        # 58号: at least 3 months (1 year in five safety fields), at most 3 years, whatever the seriousness.
        return Period(12 if special_sector else 3, 36, regime.key, regime.citation)
    # 36号: 轻微 in principle not published; 一般 3 months to 1 year; 严重 1 to 3 years.
    if seriousness == "minor":
        return Period(None, None, regime.key, regime.citation)
    if seriousness == "serious":
        return Period(12, 36, regime.key, regime.citation)
    return Period(3, 12, regime.key, regime.citation)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Calendar months on, the last day of a shorter month where the day does not exist (民法典第二百零二条)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError(day)


def publication_end(decision) -> datetime.date | None:
    """The last day the decision is public; None = no end. Penalties: the period's maximum."""
    if decision.kind == "penalty":
        period = penalty_period(
            decision.decision_date, seriousness=decision.seriousness, special_sector=decision.special_sector
        )
        if not period.published:
            return decision.decision_date - datetime.timedelta(days=1)  # never public
        return add_months(decision.decision_date, period.maximum_months)
    if decision.kind == "license":
        return decision.valid_to
    return None


def repair_possible_from(decision) -> datetime.date | None:
    """The earliest day 信用修复 may end publication early (the period's minimum)."""
    if decision.kind != "penalty":
        return None
    period = penalty_period(
        decision.decision_date, seriousness=decision.seriousness, special_sector=decision.special_sector
    )
    if period.minimum_months is None:
        return None
    return add_months(decision.decision_date, period.minimum_months)
