"""Statutory numbers as dated data, and the fee schedules of 国办函〔2020〕109号."""

import datetime
import itertools

import pytest

from gongkai.foi import fees, rules
from gongkai.foi.models import FeeNotice
from gongkai.foi.outcomes import RULES, Group, Outcome
from gongkai.foi.tests.factories import ApplicationFactory

D = datetime.date


def test_every_limit_cites_its_article_and_no_two_are_in_force_on_the_same_day():
    for limit in rules.LIMITS:
        assert "《" in limit.citation and ("条" in limit.citation or "号" in limit.citation)
    by_key = itertools.groupby(sorted(rules.LIMITS, key=lambda r: (r.key, r.effective_from)), key=lambda r: r.key)
    for _, group in by_key:
        group = list(group)
        for earlier, later in itertools.pairwise(group):
            assert earlier.effective_to is not None and earlier.effective_to < later.effective_from


@pytest.mark.parametrize(
    ("key", "day", "days"),
    [
        (rules.CORRECTION_NOTICE, D(2026, 1, 5), 7),
        (rules.REPLY, D(2019, 5, 14), 15),
        (rules.REPLY, D(2019, 5, 15), 20),
        (rules.EXTENSION_MAX, D(2019, 5, 15), 20),
        (rules.THIRD_PARTY, D(2026, 1, 5), 15),
        (rules.OTHER_AGENCY, D(2026, 1, 5), 15),
        (rules.FEE_PAYMENT, D(2026, 1, 5), 20),
    ],
)
def test_limits_in_force(key, day, days):
    assert rules.limit(key, day).days == days


def test_no_fee_before_the_measures_took_effect():
    with pytest.raises(rules.NoRuleInForce):
        fees.per_volume_fee(100, on=D(2020, 12, 31))


def test_per_item_fees_are_progressive_over_a_calendar_month():
    on = D(2026, 3, 1)
    assert fees.per_item_month_total(10, on=on) == 0
    assert fees.per_item_month_total(30, on=on) == 2000
    assert fees.per_item_month_total(35, on=on) == 3000  # 20 × 100 + 5 × 200
    assert fees.per_item_month_total(41, on=on) == 4300  # 20 × 100 + 10 × 200 + 1 × 300
    assert [fees.per_item_fee(n, on=on) for n in (10, 11, 30, 31, 40, 41, 51)] == [0, 100, 100, 200, 200, 300, 400]
    assert sum(fees.per_item_fee(n, on=on) for n in range(1, 36)) == 3000


def test_per_volume_fees_are_progressive_by_page():
    on = D(2026, 3, 1)
    assert [fees.per_volume_fee(p, on=on) for p in (30, 31, 100, 101, 200, 201)] == [0, 10, 700, 720, 2700, 2740]
    assert fees.per_volume_fee(1500, on=on) == 54700  # 70 × 10 + 100 × 20 + 1300 × 40


@pytest.mark.django_db
def test_month_ordinal_counts_one_applicants_applications_in_the_calendar_month():
    same = {"id_number": "110101199003074514"}
    previous_month = ApplicationFactory(received=True, submitted_on=D(2026, 2, 27), **same)
    first = ApplicationFactory(received=True, submitted_on=D(2026, 3, 2), **same)
    other_person = ApplicationFactory(received=True, submitted_on=D(2026, 3, 2), id_number="520102198807152811")
    second = ApplicationFactory(received=True, submitted_on=D(2026, 3, 9), **same)
    assert fees.month_ordinal(previous_month) == 1
    assert fees.month_ordinal(first) == 1
    assert fees.month_ordinal(second) == 2
    assert fees.month_ordinal(other_person) == 1
    assert fees.fee_for(second, method=FeeNotice.Method.PER_VOLUME, pages=1500) == (1500, 54700)


def test_every_outcome_has_exactly_one_report_row_and_an_article():
    assert set(RULES) == set(Outcome)
    rows = [(rule.group, rule.row_label) for rule in RULES.values()]
    assert len(rows) == len(set(rows)) == 21
    counts = {group: sum(1 for g, _ in rows if g == group) for group in Group}
    assert counts == {
        Group.DISCLOSED: 1,
        Group.PARTIAL: 1,
        Group.WITHHELD: 8,
        Group.UNAVAILABLE: 3,
        Group.NOT_PROCESSED: 5,
        Group.OTHER: 3,
    }
    for rule in RULES.values():
        assert "第" in rule.basis or "号" in rule.basis
    assert RULES[Outcome.WITHHELD_SECURITY].row_label == "3.危及“三安全一稳定”"
