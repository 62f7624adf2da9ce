"""Enforcement publicity clocks: 7 and 20 working days, the 3-day withdrawal, and the three regimes."""

import datetime
from types import SimpleNamespace

import pytest

from gongkai.enforcement import rules

D = datetime.date
pytestmark = pytest.mark.django_db  # the working-day calendar lives in the database


@pytest.mark.parametrize(
    ("kind", "decided", "due"),
    [
        # National Day 2025 (10-01–10-08); Saturday 10-11 is a 调休 working day.
        ("penalty", D(2025, 9, 30), D(2025, 10, 16)),
        ("license", D(2025, 9, 30), D(2025, 10, 16)),
        # Spring Festival 2026 (02-15–02-23) with 调休 Saturdays 02-14 and 02-28.
        ("inspection", D(2026, 2, 13), D(2026, 3, 19)),
        ("coercion", D(2026, 2, 13), D(2026, 3, 19)),
        ("penalty", D(2026, 2, 13), D(2026, 3, 2)),
    ],
)
def test_publication_due_dates(kind, decided, due):
    assert rules.publication_due(kind, decided) == due


def test_withdrawal_is_due_three_working_days_after_the_event():
    # 2026-09-30 (Wed): National Day 10-01–10-07, then 10-08, 10-09 and the 调休 Saturday 10-10.
    assert rules.withdrawal_due(D(2026, 9, 30)) == D(2026, 10, 10)
    # 2026-05-29 (Fri): 06-01, 06-02, 06-03.
    assert rules.withdrawal_due(D(2026, 5, 29)) == D(2026, 6, 3)
    assert "第八十五条" in rules.WITHDRAWAL.citation


def _penalty(decided: D, seriousness: str = "general", special_sector: bool = False):
    return SimpleNamespace(
        kind="penalty", decision_date=decided, seriousness=seriousness, special_sector=special_sector, valid_to=None
    )


@pytest.mark.parametrize(
    ("decided", "seriousness", "special", "repair_from", "end", "regime"),
    [
        # 发改办财金〔2019〕527号: general 3 months – 1 year, serious 6 months – 3 years.
        (D(2022, 6, 1), "general", False, D(2022, 9, 1), D(2023, 6, 1), "2019"),
        (D(2022, 6, 1), "serious", False, D(2022, 12, 1), D(2025, 6, 1), "2019"),
        # 58号令 from 2023-05-01: 3 months (1 year in the safety fields) – 3 years, whatever the seriousness.
        (D(2023, 5, 1), "general", False, D(2023, 8, 1), D(2026, 5, 1), "2023"),
        (D(2024, 1, 31), "general", True, D(2025, 1, 31), D(2027, 1, 31), "2023"),
        (D(2026, 3, 31), "serious", False, D(2026, 6, 30), D(2029, 3, 31), "2023"),
        # 36号令 from 2026-04-01: general 3 months – 1 year, serious 1 – 3 years.
        (D(2026, 4, 1), "general", False, D(2026, 7, 1), D(2027, 4, 1), "2026"),
        (D(2026, 4, 1), "serious", False, D(2027, 4, 1), D(2029, 4, 1), "2026"),
    ],
)
def test_publication_period_follows_the_rules_of_the_decision_date(
    decided, seriousness, special, repair_from, end, regime
):
    decision = _penalty(decided, seriousness, special)
    assert rules.regime_on(decided).key == regime
    assert rules.repair_possible_from(decision) == repair_from
    assert rules.publication_end(decision) == end


def test_minor_violations_are_not_published_from_april_2026():
    decision = _penalty(D(2026, 4, 1), "minor")
    assert not rules.penalty_period(decision.decision_date, seriousness="minor").published
    assert rules.publication_end(decision) < decision.decision_date
    assert rules.repair_possible_from(decision) is None
    # Before 36号令 a minor violation was published as a general one.
    assert rules.publication_end(_penalty(D(2026, 3, 31), "minor")) == D(2029, 3, 31)


def test_licences_stay_public_while_valid_and_other_kinds_have_no_end():
    licence = SimpleNamespace(kind="license", decision_date=D(2026, 1, 5), valid_to=D(2031, 1, 4))
    assert rules.publication_end(licence) == D(2031, 1, 4)
    inspection = SimpleNamespace(kind="inspection", decision_date=D(2026, 1, 5), valid_to=None)
    assert rules.publication_end(inspection) is None


def test_add_months_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert rules.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert rules.add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert rules.add_months(D(2025, 11, 30), 3) == D(2026, 2, 28)
    assert rules.add_months(D(2025, 12, 15), 12) == D(2026, 12, 15)
