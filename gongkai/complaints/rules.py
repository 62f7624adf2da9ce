"""The statutory clocks of 环境投诉举报 (12369), as dated data with the article each comes from.

Both texts count in 日, not 工作日, and neither redefines 日: the limits are calendar days, and
holidays do not move them (shared/spec/disclosure-rules.md §6, fact 10). Day arithmetic follows
the usual reading of a period in days: it starts on the day after the event, so "within 15 日 of
receipt" ends on receipt + 15.

- 受理告知: whether the matter is accepted, told to the reporter within 15 日 of receipt
  (《信访工作条例》第二十三条; the 2010 《环保举报热线工作管理办法》 has the same 15 日 — its
  article number is not confirmed in the spec, so it is cited by name only).
- 办理: finished within 60 日 of acceptance (条例第三十四条; 办法 the same).
- 延期: once, at most 30 日, approved by the head and the reason told to the reporter (条例第三十四条).

The 2010 办法 (环境保护部令第15号, in force 2011-03-01) was made under the 2005 信访条例; from
2022-05-01 the 信访工作条例 governs, with the same numbers. A complaint is judged by the rules in
force on its receipt date.
"""

import datetime
from dataclasses import dataclass

MEASURES_2010 = "《环保举报热线工作管理办法》（环境保护部令第15号）"
REGULATION_2022 = "《信访工作条例》（2022年）"

MEASURES_IN_FORCE = datetime.date(2011, 3, 1)
REGULATION_IN_FORCE = datetime.date(2022, 5, 1)

ACCEPTANCE = "acceptance"
HANDLING = "handling"
EXTENSION_MAX = "extension_max"


@dataclass(frozen=True)
class Limit:
    """A time limit in calendar days (日)."""

    key: str
    days: int
    effective_from: datetime.date
    effective_to: datetime.date | None  # inclusive; None = still in force
    citation: str
    summary: str

    def in_force_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


_BEFORE_REGULATION = REGULATION_IN_FORCE - datetime.timedelta(days=1)

LIMITS: tuple[Limit, ...] = (
    Limit(
        ACCEPTANCE,
        15,
        MEASURES_IN_FORCE,
        _BEFORE_REGULATION,
        MEASURES_2010,
        "不能当场答复是否受理的，自收到举报之日起15日内告知举报人。",
    ),
    Limit(
        ACCEPTANCE,
        15,
        REGULATION_IN_FORCE,
        None,
        f"{REGULATION_2022}第二十三条；{MEASURES_2010}",
        "自收到之日起15日内书面告知是否受理（姓名、住址不清的除外）。",
    ),
    Limit(
        HANDLING,
        60,
        MEASURES_IN_FORCE,
        _BEFORE_REGULATION,
        MEASURES_2010,
        "自受理之日起60日内办结。",
    ),
    Limit(
        HANDLING,
        60,
        REGULATION_IN_FORCE,
        None,
        f"{REGULATION_2022}第三十四条；{MEASURES_2010}",
        "自受理之日起60日内办结。",
    ),
    Limit(
        EXTENSION_MAX,
        30,
        MEASURES_IN_FORCE,
        _BEFORE_REGULATION,
        MEASURES_2010,
        "情况复杂的，经本机关负责人批准，可以延长办理期限，延长期限不得超过30日，并告知举报人延期理由。",
    ),
    Limit(
        EXTENSION_MAX,
        30,
        REGULATION_IN_FORCE,
        None,
        f"{REGULATION_2022}第三十四条",
        "情况复杂的，经本机关负责人批准，可以适当延长办理期限，但延长期限不得超过30日，并告知信访人延期理由。",
    ),
)


class NoRuleInForce(LookupError):
    pass


def limit(key: str, on: datetime.date) -> Limit:
    """The limit ``key`` in force on ``on`` (the complaint's receipt date)."""
    for candidate in LIMITS:
        if candidate.key == key and candidate.in_force_on(on):
            return candidate
    raise NoRuleInForce(f"{on:%Y-%m-%d}没有有效的“{key}”期限规定。")


def acceptance_due(received_on: datetime.date) -> datetime.date:
    """The last day to tell the reporter whether the complaint is accepted."""
    return received_on + datetime.timedelta(days=limit(ACCEPTANCE, received_on).days)


def handling_due(received_on: datetime.date, accepted_on: datetime.date, extension_days: int = 0) -> datetime.date:
    """The last day to finish handling: acceptance + 60 日, plus an approved extension."""
    return accepted_on + datetime.timedelta(days=limit(HANDLING, received_on).days + extension_days)


def extension_max(received_on: datetime.date) -> int:
    return limit(EXTENSION_MAX, received_on).days
