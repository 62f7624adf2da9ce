"""How long a draft must stay open for comments, as dated data with the articles they come from.

- 重大行政决策 (and the 重要规划 that 第三条第一款第（二）项 makes one): 《重大行政决策程序暂行条例》
  （国务院令第713号，2019年9月1日起施行）第十四条: "征求意见期限一般不少于30日；因情况紧急等
  原因需要缩短期限的，公开征求意见时应当予以说明".
- 行政规范性文件 closely related to market entities: 《优化营商环境条例》（国务院令第722号，2020年
  1月1日起施行）第六十二条: "向社会公开征求意见的期限一般不少于30日". The platform holds every
  规范性文件 to it; before 2020 it falls back to the general 30 days of the department's practice.
- 标准 and 其他: no single national rule applies to every case; the platform's default is the
  setting ``GONGKAI_CONSULTATIONS_MIN_DAYS`` (30 for 标准, 7 for 其他), which the operator may raise.

The days are calendar days (the regulations say 日, not 工作日), counted from the opening day to
the closing day: opening on 1 March 09:00 and closing on 31 March 17:00 is 30 days. A shorter
period is allowed with a recorded reason (紧急情况), which is shown to the public.

The minimum in force is the larger of the rule on the opening day and the setting for the kind.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

MAJOR_DECISIONS = "《重大行政决策程序暂行条例》（国务院令第713号）"
BUSINESS_ENVIRONMENT = "《优化营商环境条例》（国务院令第722号）"


@dataclass(frozen=True)
class MinimumPeriod:
    kind: str
    days: int
    effective_from: datetime.date
    citation: str


RULES = (
    MinimumPeriod("major", 30, datetime.date(2019, 9, 1), f"{MAJOR_DECISIONS}第十四条：征求意见期限一般不少于30日"),
    MinimumPeriod(
        "planning",
        30,
        datetime.date(2019, 9, 1),
        f"{MAJOR_DECISIONS}第三条第一款第（二）项、第十四条：重要规划征求意见期限一般不少于30日",
    ),
    MinimumPeriod(
        "normative",
        30,
        datetime.date(2020, 1, 1),
        f"{BUSINESS_ENVIRONMENT}第六十二条：行政规范性文件向社会公开征求意见的期限一般不少于30日",
    ),
)
SETTING_CITATION = "本平台设置（GONGKAI_CONSULTATIONS_MIN_DAYS）"


@dataclass(frozen=True)
class Minimum:
    days: int
    citation: str


def minimum_for(kind: str, day: datetime.date) -> Minimum:
    """The minimum consultation period for ``kind`` on ``day``: the legal rule or the setting, whichever is longer."""
    configured = int(settings.GONGKAI_CONSULTATIONS_MIN_DAYS.get(kind, 0))
    legal = [r for r in RULES if r.kind == kind and r.effective_from <= day]
    rule = max(legal, key=lambda r: r.effective_from) if legal else None
    if rule is not None and rule.days >= configured:
        return Minimum(rule.days, rule.citation)
    return Minimum(configured, SETTING_CITATION)


def period_days(opens_at: datetime.datetime, closes_at: datetime.datetime) -> int:
    """Calendar days from the opening day to the closing day, in Beijing time."""
    return (timezone.localtime(closes_at).date() - timezone.localtime(opens_at).date()).days


@dataclass(frozen=True)
class PeriodCheck:
    days: int
    minimum: Minimum
    reason_given: bool

    @property
    def short(self) -> bool:
        return self.days < self.minimum.days

    @property
    def needs_reason(self) -> bool:
        return self.short and not self.reason_given

    @property
    def message(self) -> str:
        return (
            f"征求意见期限为{self.days}日，少于规定的{self.minimum.days}日（{self.minimum.citation}），"
            "须说明缩短期限的理由（如情况紧急）。"
        )


def check_period(kind: str, opens_at: datetime.datetime, closes_at: datetime.datetime, *, reason: str) -> PeriodCheck:
    minimum = minimum_for(kind, timezone.localtime(opens_at).date())
    return PeriodCheck(period_days(opens_at, closes_at), minimum, bool((reason or "").strip()))
