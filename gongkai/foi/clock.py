"""The statutory clock of one application, derived from its dates every time it is asked for.

Nothing here is stored: the due date, the working days left and the paused intervals follow from
the receipt date, the 补正, the consultations, the extension and the fee notice. Change any of
those and the clock changes with it.

The rules (``shared/spec/ogi.md`` §1, §4, §6):

- Day 1 is the first working day after the start day (民法典第二百零一条; gongkai.calendar).
- The clock starts on the receipt date (条例第三十一条). A 补正 notice must go out within 7 working
  days of it (第三十条); once the corrected application arrives the reply limit **restarts** from
  that day; while the applicant has not supplemented, there is no reply due date at all.
- The reply limit is 20 working days (第三十三条第二款; 15 under the 2007 Regulation for cases
  received before 2019-05-15), plus an approved extension of at most as many again.
- Consultation time is left out (第三十三条第三款): each letter pauses the clock from the day it
  is sent to the day the answer arrives, and at most to the end of the addressee's 15 working days
  (第三十二条, 第三十四条), since after that the agency decides without the answer.
- With ``GONGKAI_FOI_FEE_STOPS_CLOCK`` (default on), a fee notice pauses the clock from the day it
  is sent to the day the fee is paid, or at most to the end of the 20-working-day payment period.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist

from gongkai.calendar import services as workdays
from gongkai.foi import rules
from gongkai.foi.models import Application, Extension, Status


class ClockState(StrEnum):
    NOT_STARTED = "not_started"  # online submission not yet confirmed as received
    SUSPENDED = "suspended"  # waiting for the applicant's 补正: no reply due date
    RUNNING = "running"
    CLOSED = "closed"
    INVALID = "invalid"


@dataclass(frozen=True)
class Pause:
    start: datetime.date
    end: datetime.date  # inclusive; for a pause still running, the latest day it can last
    reason: str
    running: bool


@dataclass(frozen=True)
class Clock:
    state: ClockState
    today: datetime.date
    received_on: datetime.date | None = None
    started_on: datetime.date | None = None  # receipt, or the day the corrected application arrived
    reply_limit: rules.Limit | None = None
    extension_days: int = 0
    pauses: tuple[Pause, ...] = ()
    due: datetime.date | None = None
    provisional: bool = False  # a day up to ``due`` lies in a year whose holiday notice is not entered
    correction_notice_due: datetime.date | None = None  # None: no statutory limit for the notice
    correction_requested_on: datetime.date | None = None
    correction_due: datetime.date | None = None
    fee_payment_due: datetime.date | None = None
    closed_on: datetime.date | None = None

    @property
    def limit_days(self) -> int:
        return (self.reply_limit.days if self.reply_limit else 0) + self.extension_days

    @property
    def workdays_left(self) -> int | None:
        """Working days from tomorrow up to the due date (0 = due today); negative when overdue."""
        if self.due is None or self.state is not ClockState.RUNNING:
            return None
        pauses = self.pause_intervals
        if self.today <= self.due:
            return workdays.workdays_between(self.today, self.due, pauses=pauses)
        return -workdays.workdays_between(self.due, self.today, pauses=pauses)

    @property
    def overdue(self) -> bool:
        left = self.workdays_left
        return left is not None and left < 0

    @property
    def due_soon(self) -> bool:
        left = self.workdays_left
        return left is not None and 0 <= left <= settings.GONGKAI_FOI_DUE_SOON_WORKDAYS

    @property
    def closed_on_time(self) -> bool | None:
        """For a closed case: was the reply sent by the due date? None if it never had one."""
        if self.state is not ClockState.CLOSED or self.closed_on is None:
            return None
        if self.due is None:
            # Closed while waiting for 补正 (abandoned) or before any clock: no limit could be missed.
            return True
        return self.closed_on <= self.due

    @property
    def pause_intervals(self) -> list[tuple[datetime.date, datetime.date]]:
        return [(p.start, p.end) for p in self.pauses]

    @property
    def correction_notice_late(self) -> bool:
        """Did the 补正 notice go out later than the 7 working days of 条例第三十条?"""
        return (
            self.correction_requested_on is not None
            and self.correction_notice_due is not None
            and self.correction_requested_on > self.correction_notice_due
        )

    @property
    def correction_notice_possible(self) -> bool:
        """May a 补正 notice still be sent today (once only, within 7 working days of receipt)?"""
        return (
            self.state is ClockState.RUNNING
            and self.correction_requested_on is None
            and self.correction_notice_due is not None
            and self.today <= self.correction_notice_due
        )


def _one(application: Application, name: str):
    try:
        return getattr(application, name)
    except ObjectDoesNotExist:
        return None


def correction_notice_due(received_on: datetime.date) -> datetime.date | None:
    """The last day for the one 补正 notice; None where no limit applied (the 2007 Regulation set none)."""
    try:
        rule = rules.limit(rules.CORRECTION_NOTICE, received_on)
    except rules.NoRuleInForce:
        return None
    return workdays.add_workdays(received_on, rule.days)


def consultation_pause(consultation, *, today: datetime.date | None = None) -> Pause:
    reason = consultation.get_kind_display()
    try:
        days = rules.limit(consultation.limit_key, consultation.sent_on).days
    except rules.NoRuleInForce:
        # Before 2019-05-15 the addressee had no fixed period: the pause lasts until the answer.
        end = consultation.answered_on or today or workdays.current_date()
        return Pause(consultation.sent_on, end, reason, consultation.answered_on is None)
    latest = workdays.add_workdays(consultation.sent_on, days)
    if consultation.answered_on is not None:
        return Pause(consultation.sent_on, min(consultation.answered_on, latest), reason, False)
    return Pause(consultation.sent_on, latest, reason, True)


def fee_payment_due(fee_notice) -> datetime.date:
    # 收到收费通知次日起20个工作日: the start day itself is not counted, exactly as add_workdays counts.
    return workdays.add_workdays(fee_notice.received_on, rules.limit(rules.FEE_PAYMENT, fee_notice.received_on).days)


def clock_for(application: Application, *, today: datetime.date | None = None) -> Clock:
    """The clock of ``application`` as of ``today`` (Beijing), or as of its closing day once closed.

    Pass applications fetched with ``Application.objects.with_clock_data()`` to avoid a query per
    related record.
    """
    today = today or workdays.current_date()
    status = application.status
    if status == Status.INVALID:
        return Clock(state=ClockState.INVALID, today=today)
    received_on = application.received_on
    if received_on is None:
        return Clock(state=ClockState.NOT_STARTED, today=today)

    closed = status == Status.CLOSED
    as_of = application.closed_on if closed and application.closed_on else today
    correction = _one(application, "correction")
    extension = _one(application, "extension")
    fee_notice = _one(application, "fee_notice")

    common = {
        "today": as_of,
        "received_on": received_on,
        "correction_notice_due": correction_notice_due(received_on),
        "closed_on": application.closed_on if closed else None,
    }
    if correction is not None:
        common["correction_due"] = correction.due_on
        common["correction_requested_on"] = correction.requested_on
        if correction.supplemented_on is None:
            state = ClockState.CLOSED if closed else ClockState.SUSPENDED
            return Clock(state=state, **common)
        started_on = correction.supplemented_on
    else:
        started_on = received_on

    pauses = [consultation_pause(c, today=as_of) for c in application.consultations.all()]
    if fee_notice is not None:
        payment_due = fee_payment_due(fee_notice)
        common["fee_payment_due"] = payment_due
        if settings.GONGKAI_FOI_FEE_STOPS_CLOCK:
            if fee_notice.paid_on is not None:
                pauses.append(
                    Pause(fee_notice.issued_on, min(fee_notice.paid_on, payment_due), "缴纳信息处理费", False)
                )
            else:
                pauses.append(Pause(fee_notice.issued_on, payment_due, "缴纳信息处理费", True))
    pauses.sort(key=lambda p: (p.start, p.end))

    reply_limit = rules.limit(rules.REPLY, started_on)
    extension_days = extension.days if extension is not None and extension.state == Extension.State.APPROVED else 0
    deadline = workdays.deadline(
        started_on, reply_limit.days + extension_days, pauses=[(p.start, p.end) for p in pauses]
    )
    return Clock(
        state=ClockState.CLOSED if closed else ClockState.RUNNING,
        started_on=started_on,
        reply_limit=reply_limit,
        extension_days=extension_days,
        pauses=tuple(pauses),
        due=deadline.due,
        provisional=deadline.provisional,
        **common,
    )
