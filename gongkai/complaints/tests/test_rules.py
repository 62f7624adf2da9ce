"""The calendar-day limits of 信访工作条例 and the 2010 12369 measures, across month ends and holidays."""

import datetime

import pytest

from gongkai.complaints import rules


def test_acceptance_is_15_calendar_days_after_receipt_across_a_month_end():
    assert rules.acceptance_due(datetime.date(2026, 1, 20)) == datetime.date(2026, 2, 4)


def test_handling_is_60_days_after_acceptance_across_february():
    # 2026 is not a leap year: 60 days from 2026-01-31 land on 2026-04-01.
    assert rules.handling_due(datetime.date(2026, 1, 30), datetime.date(2026, 1, 31)) == datetime.date(2026, 4, 1)


def test_extension_adds_at_most_30_calendar_days():
    assert rules.extension_max(datetime.date(2026, 1, 30)) == 30
    assert rules.handling_due(datetime.date(2026, 1, 30), datetime.date(2026, 1, 31), 30) == datetime.date(2026, 5, 1)


def test_holidays_do_not_move_calendar_day_limits():
    # Received on the eve of 国庆 2026 (1–7 October are holidays): still due 15 days later, a holiday.
    assert rules.acceptance_due(datetime.date(2026, 9, 22)) == datetime.date(2026, 10, 7)
    # Spring Festival 2026 (15–23 February) inside the 60 days changes nothing either.
    assert rules.handling_due(datetime.date(2026, 2, 1), datetime.date(2026, 2, 2)) == datetime.date(2026, 4, 3)


def test_the_regulation_is_cited_from_its_date_of_force_and_the_measures_before():
    assert "第二十三条" in rules.limit(rules.ACCEPTANCE, datetime.date(2022, 5, 1)).citation
    assert "第三十四条" in rules.limit(rules.HANDLING, datetime.date(2022, 5, 1)).citation
    assert rules.limit(rules.ACCEPTANCE, datetime.date(2022, 4, 30)).citation == rules.MEASURES_2010
    assert "第三十四条" in rules.limit(rules.EXTENSION_MAX, datetime.date(2026, 1, 1)).citation


def test_no_rule_before_the_2010_measures_took_effect():
    with pytest.raises(rules.NoRuleInForce):
        rules.acceptance_due(datetime.date(2011, 2, 28))


def test_every_limit_has_a_citation_and_contiguous_periods():
    for key in (rules.ACCEPTANCE, rules.HANDLING, rules.EXTENSION_MAX):
        periods = sorted((lim for lim in rules.LIMITS if lim.key == key), key=lambda lim: lim.effective_from)
        assert all(lim.citation for lim in periods)
        for earlier, later in zip(periods, periods[1:], strict=False):
            assert earlier.effective_to + datetime.timedelta(days=1) == later.effective_from
        assert periods[-1].effective_to is None
