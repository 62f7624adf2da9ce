"""`manage.py foi_digest`: one reminder e-mail per member of staff with something to do."""

import datetime
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from gongkai.calendar import services as calendar_services
from gongkai.foi.tests.factories import (
    ApplicationFactory,
    add_consultation,
    add_correction,
    add_extension,
    add_fee_notice,
)
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
# The Tuesday before the 2025 National Day holiday (10-01 to 10-08 off, Sat 10-11 a working day).
EVE = D(2025, 9, 30)


@pytest.fixture(autouse=True)
def fresh_calendar():
    calendar_services.invalidate_cache()
    yield
    calendar_services.invalidate_cache()


@pytest.fixture
def depts(db):
    return SimpleNamespace(
        office=DepartmentFactory(name="办公室", code="bgs", is_disclosure_office=True),
        hpc=DepartmentFactory(name="环评处", code="hpc"),
        xjc=DepartmentFactory(name="宣教处", code="xjc"),
    )


@pytest.fixture
def staff(depts):
    return SimpleNamespace(
        office=UserFactory(username="office", role=Role.OFFICE_REVIEWER, department=depts.office),
        head=UserFactory(username="head", role=Role.DISCLOSURE_HEAD, department=depts.office),
        hpc=UserFactory(username="hpc", role=Role.DRAFTER, department=depts.hpc),
        xjc=UserFactory(username="xjc", role=Role.DRAFTER, department=depts.xjc),
        no_mail=UserFactory(username="nomail", role=Role.OFFICE_REVIEWER, email=""),
        gone=UserFactory(username="gone", role=Role.OFFICE_REVIEWER, is_active=False),
    )


def received(on: D, **kwargs):
    return ApplicationFactory(received=True, submitted_on=on, **kwargs)


def run(*args) -> str:
    out = StringIO()
    call_command("foi_digest", *args, stdout=out)
    return out.getvalue()


def mails_by_recipient() -> dict[str, mail.EmailMessage]:
    result = {}
    for message in mail.outbox:
        assert len(message.to) == 1
        result[message.to[0]] = message
    return result


def test_working_days_are_counted_across_the_holiday(staff, depts):
    # Due 2025-10-10: ten calendar days after the eve, but only two working days (10-09, 10-10).
    soon = received(D(2025, 9, 5))
    soon.handling_departments.add(depts.hpc)
    # Due 2025-10-13: 10-09, 10-10, Saturday 10-11 (调休), 10-13 — four working days, not listed.
    later = received(D(2025, 9, 9))
    later.handling_departments.add(depts.hpc)
    # Due Sunday 2025-09-28 (调休): 09-29 and 09-30 have passed since.
    overdue = received(D(2025, 9, 1))

    output = run("--date", "2025-09-30")

    mails = mails_by_recipient()
    assert set(mails) == {staff.office.email, staff.head.email, staff.hpc.email}
    office = mails[staff.office.email]
    assert "已超期1件" in office.subject and "3个工作日内到期1件" in office.subject
    assert f"{soon.number}　答复期限2025-10-10　剩余2个工作日" in office.body
    assert f"{overdue.number}　答复期限2025-09-28　已超期2个工作日" in office.body
    assert later.number not in office.body
    assert f"/admin/foi/cases/{soon.pk}/" in office.body
    # The department hears about its own case only.
    department = mails[staff.hpc.email]
    assert soon.number in department.body and overdue.number not in department.body
    assert "已发送3封提醒邮件" in output


def test_nothing_is_sent_on_a_holiday_unless_asked(staff):
    received(D(2025, 9, 1))
    output = run("--date", "2025-10-03")
    assert "不是工作日" in output and mail.outbox == []
    run("--date", "2025-10-03", "--any-day")
    assert len(mail.outbox) == 2  # office and head


def test_dry_run_sends_nothing(staff):
    received(D(2025, 9, 1))
    output = run("--date", "2025-09-30", "--dry-run")
    assert mail.outbox == []
    assert f"将发送 {staff.office.email}" in output and "试运行" in output


def test_nobody_is_mailed_when_nothing_is_due(staff):
    received(D(2025, 9, 26))  # due 2025-10-30
    output = run("--date", "2025-09-30")
    assert mail.outbox == [] and "已发送0封" in output


def test_office_hears_of_lapsed_periods_and_waiting_submissions(staff):
    unconfirmed = ApplicationFactory(submitted_on=D(2025, 9, 29))
    no_correction = received(D(2025, 9, 1))
    add_correction(no_correction, requested_on=D(2025, 9, 2), due_on=D(2025, 9, 16))
    still_correcting = received(D(2025, 9, 22))
    add_correction(still_correcting, requested_on=D(2025, 9, 23), due_on=D(2025, 10, 15))
    unpaid = received(D(2025, 8, 1))
    add_fee_notice(unpaid, issued_on=D(2025, 8, 4))  # payment due 2025-09-01
    silent = received(D(2025, 8, 25))
    add_consultation(silent, sent_on=D(2025, 8, 26))  # 15 working days end 2025-09-16

    run("--date", "2025-09-30")

    body = mails_by_recipient()[staff.office.email].body
    assert f"■ 待确认收到的网上申请（1件）\n  {unconfirmed.number}" in body
    assert f"{no_correction.number}　补正期限2025-09-16" in body
    assert still_correcting.number not in body
    assert f"{unpaid.number}　缴费期限2025-09-01" in body
    assert f"{silent.number}　征求第三方意见（某化工有限公司）期限2025-09-16" in body
    assert "待您审批的延期申请" not in body
    assert staff.hpc.email not in mails_by_recipient()


def test_the_head_hears_of_extensions_awaiting_approval_but_not_their_own(staff):
    asked_by_office = received(D(2025, 9, 22))
    extension = add_extension(asked_by_office, approved=False)
    extension.requested_by = staff.office
    extension.save()
    asked_by_head = received(D(2025, 9, 23))
    own = add_extension(asked_by_head, approved=False)
    own.requested_by = staff.head
    own.save()

    run("--date", "2025-09-30")

    mails = mails_by_recipient()
    body = mails[staff.head.email].body
    assert f"{asked_by_office.number}　延长20个工作日" in body
    assert asked_by_head.number not in body
    assert staff.office.email not in mails  # nothing else is due: no e-mail at all


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError, match="日期“2025-02-30”无效"):
        call_command("foi_digest", "--date", "2025-02-30", stdout=StringIO())
