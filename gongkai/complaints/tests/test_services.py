"""The staff workflow as services: permissions, state rules, clocks and the audit trail."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from gongkai.calendar.services import current_date
from gongkai.complaints import permissions, selectors, services
from gongkai.complaints.models import Complaint, ComplaintResult, Status, Transfer
from gongkai.complaints.tests.factories import REPORTER_NAME, REPORTER_PHONE, ComplaintFactory

pytestmark = pytest.mark.django_db


def actions_of(complaint) -> list[str]:
    return list(ModelLogEntry.objects.for_instance(complaint).order_by("pk").values_list("action", flat=True))


def accepted(staff, depts, **kwargs) -> Complaint:
    complaint = ComplaintFactory(**kwargs)
    return services.complaint_accept(complaint=complaint, user=staff.office, department=depts.hpc)


def test_the_office_accepts_and_assigns_and_the_steps_are_audited(staff, depts):
    complaint = accepted(staff, depts)
    assert complaint.status == Status.ACCEPTED
    assert complaint.department == depts.hpc
    assert complaint.accepted_on == current_date()
    services.complaint_assign(complaint=complaint, user=staff.office, department=depts.xjc)
    assert Complaint.objects.get(pk=complaint.pk).department == depts.xjc
    assert actions_of(complaint) == ["complaints.accept", "complaints.assign"]


def test_only_the_office_decides_acceptance(staff, depts):
    complaint = ComplaintFactory()
    for user in (staff.hpc_drafter, staff.hpc_reviewer, staff.leader):
        with pytest.raises(PermissionDenied):
            services.complaint_accept(complaint=complaint, user=user, department=depts.hpc)
    assert Complaint.objects.get(pk=complaint.pk).status == Status.RECEIVED


def test_not_accepted_needs_a_reason_and_counts_as_the_notice(staff):
    complaint = ComplaintFactory(days_ago=20)
    with pytest.raises(ValidationError):
        services.complaint_not_accept(complaint=complaint, user=staff.office, reason="  ")
    complaint = services.complaint_not_accept(
        complaint=complaint, user=staff.office, reason="属于住建部门职责，请向其反映。"
    )
    clock = selectors.acceptance_clock(complaint, current_date())
    assert clock.state == selectors.DONE_LATE  # 20 days after receipt: later than 15


def test_a_transfer_keeps_the_case_visible_with_the_receiving_body_and_date(staff, depts):
    complaint = accepted(staff, depts)
    transfer = services.complaint_transfer(
        complaint=complaint,
        user=staff.office,
        body_kind=Transfer.BodyKind.BASIN,
        receiving_body="生态环境部长江流域生态环境监督管理局",
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.TRANSFERRED
    assert transfer.transferred_on == current_date()
    assert list(complaint.transfers.values_list("receiving_body", flat=True)) == [
        "生态环境部长江流域生态环境监督管理局"
    ]
    assert permissions.can_view(staff.office, complaint)
    with pytest.raises(ValidationError):
        services.complaint_transfer(
            complaint=complaint, user=staff.office, body_kind="city", receiving_body="遵义市生态环境局"
        )


def test_extension_asked_by_the_handler_approved_by_the_department_head_not_themselves(staff, depts):
    complaint = accepted(staff, depts)
    with pytest.raises(ValidationError):
        services.extension_request(complaint=complaint, user=staff.hpc_drafter, days=31, reason="情况复杂需要监测")
    with pytest.raises(PermissionDenied):
        services.extension_request(complaint=complaint, user=staff.xjc_drafter, days=30, reason="情况复杂需要监测")
    services.extension_request(complaint=complaint, user=staff.hpc_reviewer, days=20, reason="情况复杂，需要连续监测")
    # The head cannot approve their own request; another department's head cannot either.
    for user in (staff.hpc_reviewer, staff.xjc_reviewer, staff.hpc_drafter, staff.office):
        with pytest.raises(PermissionDenied):
            services.extension_approve(complaint=complaint, user=user)
    complaint.extension.delete()
    services.extension_request(complaint=complaint, user=staff.hpc_drafter, days=30, reason="情况复杂，需要连续监测")
    extension = services.extension_approve(complaint=complaint, user=staff.hpc_reviewer)
    assert extension.approved_by == staff.hpc_reviewer
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert selectors.handling_clock(complaint, current_date()).due == complaint.accepted_on + datetime.timedelta(
        days=90
    )
    with pytest.raises(ValidationError, match="一次"):
        services.extension_request(complaint=complaint, user=staff.hpc_drafter, days=5, reason="再次延期的理由")


def test_due_status_is_derived_from_dates(staff, depts, settings):
    settings.GONGKAI_COMPLAINTS_DUE_SOON_DAYS = 5
    today = current_date()
    fresh = ComplaintFactory(days_ago=1)
    soon = ComplaintFactory(days_ago=12)
    late = ComplaintFactory(days_ago=16)
    assert selectors.current_clock(fresh, today).state == selectors.ON_TIME
    assert selectors.current_clock(soon, today).state == selectors.DUE_SOON
    assert selectors.current_clock(late, today).state == selectors.OVERDUE
    assert selectors.current_clock(late, today).overdue_days == 1
    flagged = [c.pk for c, _clock in selectors.flagged(Complaint.objects.all(), today)]
    assert flagged == [late.pk, soon.pk]


def test_result_close_and_the_masked_copy(staff, depts):
    complaint = accepted(staff, depts)
    with pytest.raises(ValidationError, match="查处结果"):
        services.complaint_close(complaint=complaint, user=staff.hpc_drafter)
    services.investigation_record(complaint=complaint, user=staff.hpc_drafter, text="现场检查，废气处理设施停运。")
    result = services.result_record(
        complaint=complaint,
        user=staff.hpc_drafter,
        findings=f"经查，举报人{REPORTER_NAME}（电话{REPORTER_PHONE}）反映属实，贵州某某化工有限公司员工李大军承认设施停运。",
        measures="责令改正，罚款五万元。",
        penalty_decision_number="黔环罚〔2026〕88号",
    )
    assert REPORTER_NAME not in result.public_findings and REPORTER_PHONE not in result.public_findings
    assert "李大军" not in result.public_findings
    assert "贵州某某化工有限公司" in result.public_findings  # the polluter organisation is named
    assert result.masking_reviewed_at is None
    assert "脱敏文本尚未经工作人员核对" in result.publication_blockers()
    complaint = services.complaint_close(complaint=complaint, user=staff.hpc_drafter)
    assert complaint.status == Status.CLOSED
    result = services.result_confirm_masking(result=result, user=staff.hpc_drafter)
    assert result.publication_blockers() == []
    state = services.result_submit(result=result, user=staff.hpc_drafter)
    assert state.status == state.STATUS_IN_PROGRESS
    assert "complaints.close" in actions_of(complaint)


def test_confirming_refuses_a_public_text_that_still_names_the_reporter(staff, depts):
    complaint = accepted(staff, depts)
    result = services.result_record(
        complaint=complaint, user=staff.hpc_drafter, findings="经查反映属实。", measures="责令改正。"
    )
    services.result_update_public_text(
        result=result,
        user=staff.hpc_drafter,
        public_findings=f"{REPORTER_NAME}反映属实。",
        public_measures="责令改正。",
    )
    with pytest.raises(ValidationError, match="个人信息"):
        services.result_confirm_masking(result=ComplaintResult.objects.get(pk=result.pk), user=staff.hpc_drafter)


def test_another_department_cannot_handle_or_see_the_reporter(staff, depts):
    complaint = accepted(staff, depts)
    assert permissions.can_see_reporter(staff.hpc_drafter, complaint)
    assert permissions.can_see_reporter(staff.office, complaint)
    assert not permissions.can_see_reporter(staff.xjc_drafter, complaint)
    assert not permissions.can_see_reporter(staff.leader, complaint)
    assert not permissions.can_view(staff.xjc_reviewer, complaint)
    with pytest.raises(PermissionDenied):
        services.investigation_record(complaint=complaint, user=staff.xjc_drafter, text="不是本处室的案件")
