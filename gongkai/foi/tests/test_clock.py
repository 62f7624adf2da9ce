"""The statutory clock across holidays, 调休 weekends, 补正 restarts, consultations, extensions and fees.

Every expected date was counted by hand against the State Council notices (shared/spec/ogi.md §5),
and the first three are the spec's own worked examples (§4).
"""

import datetime

import pytest

from gongkai.foi.clock import ClockState, clock_for
from gongkai.foi.models import Consultation, Status
from gongkai.foi.tests.factories import (
    ApplicationFactory,
    add_consultation,
    add_correction,
    add_extension,
    add_fee_notice,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def received(day: D, **kwargs):
    return ApplicationFactory(received=True, submitted_on=day, **kwargs)


@pytest.mark.parametrize(
    ("receipt", "correction_due", "reply_due"),
    [
        # National Day 2025 (10-01–10-08) with the 调休 Sunday 09-28 and Saturday 10-11 counted.
        (D(2025, 9, 26), D(2025, 10, 13), D(2025, 10, 30)),
        # Spring Festival 2026 (02-15–02-23) with 调休 Saturdays 02-14 and 02-28.
        (D(2026, 2, 13), D(2026, 3, 2), D(2026, 3, 19)),
        # National Day 2026 (10-01–10-07), 调休 Saturday 10-10.
        (D(2026, 9, 30), D(2026, 10, 15), D(2026, 11, 3)),
        # 2020: the Spring Festival holiday extended to 02-02 and the 02-01 调休 Saturday cancelled
        # (国办发明电〔2020〕1号). Without the extension this would be 02-21.
        (D(2020, 1, 20), D(2020, 2, 6), D(2020, 2, 25)),
    ],
)
def test_reply_and_correction_limits_across_holidays(receipt, correction_due, reply_due):
    clock = clock_for(received(receipt), today=receipt)
    assert clock.state is ClockState.RUNNING
    assert clock.correction_notice_due == correction_due
    assert clock.due == reply_due
    assert clock.limit_days == 20
    assert "第三十三条第二款" in clock.reply_limit.citation


def test_approved_extension_adds_at_most_twenty_more_working_days():
    application = received(D(2026, 9, 30))
    add_extension(application, days=20)
    assert clock_for(application, today=D(2026, 10, 8)).due == D(2026, 12, 1)


def test_requested_but_unapproved_extension_changes_nothing():
    application = received(D(2026, 9, 30))
    add_extension(application, days=20, approved=False)
    assert clock_for(application, today=D(2026, 10, 8)).due == D(2026, 11, 3)


def test_cases_received_before_the_2019_revision_run_on_fifteen_working_days():
    old = clock_for(received(D(2019, 5, 14)), today=D(2019, 5, 14))
    new = clock_for(received(D(2019, 5, 15)), today=D(2019, 5, 15))
    assert old.limit_days == 15 and "2007年" in old.reply_limit.citation
    assert new.limit_days == 20 and "2019年修订" in new.reply_limit.citation
    # 2019-05-14 (Tue) + 15 working days: no holiday in between.
    assert old.due == D(2019, 6, 4)


def test_correction_restarts_the_clock_from_the_day_the_supplement_arrives():
    application = received(D(2026, 9, 30))
    add_correction(application, requested_on=D(2026, 10, 9), due_on=D(2026, 10, 23), supplemented_on=D(2026, 10, 20))
    clock = clock_for(application, today=D(2026, 10, 21))
    assert clock.started_on == D(2026, 10, 20)
    # Restarted, not paused: 20 working days after 10-20, not the remainder of the first run.
    assert clock.due == D(2026, 11, 17)
    assert clock.correction_notice_late is False


def test_no_reply_due_date_while_waiting_for_the_correction():
    application = received(D(2026, 9, 30))
    add_correction(application, requested_on=D(2026, 10, 9), due_on=D(2026, 10, 23))
    clock = clock_for(application, today=D(2026, 10, 12))
    assert clock.state is ClockState.SUSPENDED
    assert clock.due is None and clock.workdays_left is None
    assert clock.correction_due == D(2026, 10, 23)


def test_correction_notice_after_seven_working_days_is_reported_late():
    application = received(D(2026, 9, 30))
    add_correction(application, requested_on=D(2026, 10, 16), due_on=D(2026, 10, 30))
    assert clock_for(application, today=D(2026, 10, 16)).correction_notice_late is True


def test_answered_consultation_time_is_left_out_of_the_limit():
    application = received(D(2026, 11, 2))
    assert clock_for(application, today=D(2026, 11, 2)).due == D(2026, 11, 30)
    add_consultation(application, sent_on=D(2026, 11, 5), answered_on=D(2026, 11, 12))
    clock = clock_for(application, today=D(2026, 11, 13))
    # Six working days (11-05, 06, 09, 10, 11, 12) are not counted.
    assert clock.due == D(2026, 12, 8)
    assert [(p.start, p.end, p.running) for p in clock.pauses] == [(D(2026, 11, 5), D(2026, 11, 12), False)]


def test_open_consultation_pauses_at_most_for_the_addressees_fifteen_working_days():
    application = received(D(2026, 11, 2))
    add_consultation(application, sent_on=D(2026, 11, 5), kind=Consultation.Kind.OTHER_AGENCY)
    clock = clock_for(application, today=D(2026, 11, 6))
    (pause,) = clock.pauses
    # 15 working days after 11-05: 11-26.
    assert (pause.start, pause.end, pause.running) == (D(2026, 11, 5), D(2026, 11, 26), True)
    # 2 counted days (11-03, 11-04) before the pause, 18 after it (11-27 onwards).
    assert clock.due == D(2026, 12, 22)


def test_late_answer_pauses_no_longer_than_the_fifteen_days():
    application = received(D(2026, 11, 2))
    add_consultation(application, sent_on=D(2026, 11, 5), answered_on=D(2026, 12, 10))
    (pause,) = clock_for(application, today=D(2026, 12, 10)).pauses
    assert pause.end == D(2026, 11, 26)


def test_fee_period_stops_the_clock_by_default_and_not_when_switched_off(settings):
    application = received(D(2026, 11, 2))
    add_fee_notice(application, issued_on=D(2026, 11, 5), paid_on=D(2026, 11, 12))
    assert clock_for(application, today=D(2026, 11, 13)).due == D(2026, 12, 8)
    settings.GONGKAI_FOI_FEE_STOPS_CLOCK = False
    assert clock_for(application, today=D(2026, 11, 13)).due == D(2026, 11, 30)


def test_fee_payment_is_due_twenty_working_days_from_the_day_after_the_notice_arrives():
    application = received(D(2026, 9, 21))
    add_fee_notice(application, issued_on=D(2026, 9, 25))
    clock = clock_for(application, today=D(2026, 9, 25))
    # 09-28 … 09-30 (3), National Day off, 10-08 … 10-10 (6, Saturday 10-10 is 调休), then 14 more.
    assert clock.fee_payment_due == D(2026, 10, 29)


def test_working_days_left_due_soon_and_overdue():
    application = received(D(2026, 11, 2))  # due 2026-11-30
    assert clock_for(application, today=D(2026, 11, 2)).workdays_left == 20
    soon = clock_for(application, today=D(2026, 11, 25))
    assert (soon.workdays_left, soon.due_soon, soon.overdue) == (3, True, False)
    assert clock_for(application, today=D(2026, 11, 30)).workdays_left == 0
    late = clock_for(application, today=D(2026, 12, 3))
    assert (late.workdays_left, late.overdue) == (-3, True)


def test_closed_case_is_judged_on_its_closing_day():
    on_time = ApplicationFactory(closed=True, submitted_on=D(2026, 11, 2), closed_on=D(2026, 11, 30))
    late = ApplicationFactory(closed=True, submitted_on=D(2026, 11, 2), closed_on=D(2026, 12, 1))
    assert clock_for(on_time, today=D(2027, 3, 1)).closed_on_time is True
    assert clock_for(late, today=D(2027, 3, 1)).closed_on_time is False
    assert clock_for(late).workdays_left is None


def test_unconfirmed_and_invalid_submissions_have_no_clock():
    assert clock_for(ApplicationFactory()).state is ClockState.NOT_STARTED
    assert clock_for(ApplicationFactory(status=Status.INVALID)).state is ClockState.INVALID


def test_deadline_in_a_year_without_a_holiday_notice_is_provisional():
    # The seeded calendar stops at 2026; a reply due in January 2027 may still move.
    clock = clock_for(received(D(2026, 12, 15)), today=D(2026, 12, 15))
    assert clock.due.year == 2027
    assert clock.provisional is True
    assert clock_for(received(D(2026, 11, 2)), today=D(2026, 11, 2)).provisional is False


def test_clock_reads_prefetched_records_without_further_queries(django_assert_num_queries):
    for day in (D(2026, 11, 2), D(2026, 11, 3), D(2026, 11, 4)):
        application = received(day)
        add_consultation(
            application, sent_on=day + datetime.timedelta(days=2), answered_on=day + datetime.timedelta(days=3)
        )
    from gongkai.foi.models import Application

    clock_for(Application.objects.first())  # load the calendar cache
    with django_assert_num_queries(2):
        clocks = [clock_for(a, today=D(2026, 11, 20)) for a in Application.objects.with_clock_data()]
    assert len(clocks) == 3
