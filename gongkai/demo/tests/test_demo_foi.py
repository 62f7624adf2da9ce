"""The demo's 依申请公开 cases and last year's annual report, as a reviewer of the demo would check them."""

import datetime

import pytest
from django.utils import timezone

from gongkai.demo.builder import demo_load
from gongkai.foi.clock import ClockState, clock_for
from gongkai.foi.models import AnnualReport, Application, ApplicationAttachment, Extension, Status
from gongkai.foi.report import tables

pytestmark = pytest.mark.django_db


def test_demo_cases_cover_the_lifecycle_and_last_years_report_is_published(client):
    today = timezone.localdate()
    demo_load(today=today)
    cases = list(Application.objects.with_clock_data())
    clocks = {a.number: clock_for(a) for a in cases}
    statuses = {a.status for a in cases}
    assert {
        Status.SUBMITTED,
        Status.PROCESSING,
        Status.AWAITING_CORRECTION,
        Status.AWAITING_PAYMENT,
        Status.CLOSED,
    } <= statuses
    assert any(c.overdue for c in clocks.values()) and any(c.due_soon for c in clocks.values())
    assert any(p.running for c in clocks.values() for p in c.pauses)  # a consultation still open
    assert Extension.objects.filter(state=Extension.State.REQUESTED).exists()
    assert {a.applicant_type for a in cases} == {
        "natural",
        "commercial",
        "research",
        "public_interest",
        "legal_service",
        "other_org",
    }
    # Every closed case carries its letter in both formats.
    for application in cases:
        if application.status == Status.CLOSED:
            letters = application.attachments.filter(kind=ApplicationAttachment.Kind.LETTER).count()
            assert letters == 2, application.number
            assert clocks[application.number].state is ClockState.CLOSED

    report = AnnualReport.objects.get(year=today.year - 1)
    assert report.published_at is not None and report.page.live
    data = tables.compute(report.year)
    assert data.breaches == []
    assert tables.as_json(data) == report.snapshot
    last_year = datetime.date(today.year - 1, 1, 1)
    received = Application.objects.filter(received_on__year=last_year.year).count()
    assert received == 16
    response = client.get(f"/foi/annual-report/{report.year}/")
    assert response.status_code == 200
    assert "结转下年度继续办理" in response.content.decode()
