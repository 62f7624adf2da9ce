"""The reply limit in working days (holidays and 调休 from the calendar) and the three-month flags."""

import datetime

import pytest
from django.test import override_settings

from gongkai.interaction import rules
from gongkai.interaction.rules import Flag
from gongkai.interaction.tests.factories import MessageFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_reply_limit_skips_the_2026_national_day_holiday():
    # 2026 (国办发明电〔2025〕7号): 1–7 October off, Saturday 10 October a 调休 working day.
    # Received Tuesday 29 September: working days 30 Sep, 8 Oct, 9 Oct, 10 Oct (Sat, 调休), 12 Oct.
    assert rules.reply_due(D(2026, 9, 29)).due == D(2026, 10, 12)


@override_settings(GONGKAI_INTERACTION_REPLY_WORKDAYS=2)
def test_the_reply_limit_is_configurable():
    assert rules.reply_workdays() == 2
    assert rules.reply_due(D(2026, 9, 29)).due == D(2026, 10, 8)


def test_workdays_left_and_overdue_are_derived_from_today():
    message = MessageFactory(received_on=D(2026, 9, 29))
    assert rules.message_clock(message, today=D(2026, 9, 30)).workdays_left == 4
    assert rules.message_clock(message, today=D(2026, 10, 12)).left_text == "今日到期"
    late = rules.message_clock(message, today=D(2026, 10, 15))
    assert late.overdue and late.workdays_left == -3 and late.left_text == "超期3个工作日"


def test_an_answer_within_the_limit_is_on_time_and_counts_working_days_only():
    message = MessageFactory(received_on=D(2026, 9, 29), routed=True, replied_on=D(2026, 10, 9))
    clock = rules.message_clock(message, today=D(2026, 11, 1))
    assert clock.on_time is True and clock.workdays_used == 3 and clock.flag == Flag.NONE
    message.replied_on = D(2026, 10, 13)
    assert rules.message_clock(message, today=D(2026, 11, 1)).on_time is False


@pytest.mark.parametrize(
    ("today", "flag"),
    [
        (D(2026, 3, 1), Flag.NONE),  # 59 days
        (D(2026, 3, 2), Flag.WARNING),  # 60 days
        (D(2026, 3, 21), Flag.WARNING),  # 79 days
        (D(2026, 3, 22), Flag.SEVERE),  # 80 days
        (D(2026, 4, 1), Flag.SEVERE),  # exactly three months: not yet over
        (D(2026, 4, 2), Flag.OVER),
    ],
)
def test_three_month_flags(today, flag):
    assert rules.age_flag(D(2026, 1, 1), today) == flag


def test_three_months_end_on_the_last_day_of_a_shorter_month():
    assert rules.inspection_line(D(2025, 11, 30)) == D(2026, 2, 28)
    assert rules.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)


def test_answered_and_invalid_messages_are_never_flagged():
    old = D(2026, 1, 1)
    answered = MessageFactory(received_on=old, routed=True, replied_on=D(2026, 6, 1))
    invalid = MessageFactory(received_on=old, invalid=True)
    for message in (answered, invalid):
        assert rules.message_clock(message, today=D(2026, 6, 2)).flag == Flag.NONE
    assert rules.message_clock(MessageFactory(received_on=old), today=D(2026, 6, 2)).flag == Flag.OVER


def test_the_rule_cites_its_source():
    rule = rules.rule(rules.UNANSWERED_MONTHS, D(2026, 1, 1))
    assert rule.value == 3 and "国办秘函〔2019〕19号" in rule.citation
    with pytest.raises(rules.NoRuleInForce):
        rules.rule(rules.UNANSWERED_MONTHS, D(2019, 1, 1))
