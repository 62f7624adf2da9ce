"""The 查处结果 goes through 信息发布审核 (处室审核 of its department → 办公室审核) and only then is public;
the review refuses a result whose masked copy was not checked. The demo data is made through the services.
"""

import pytest
from django.urls import reverse

from gongkai.complaints import services
from gongkai.complaints.models import ComplaintResult
from gongkai.complaints.tests.factories import REPORTER_NAME, ComplaintFactory

pytestmark = pytest.mark.django_db


def act(result, user, action: str) -> None:
    result = ComplaintResult.objects.get(pk=result.pk)
    task_state = result.current_workflow_task_state.specific
    result.current_workflow_task.on_action(task_state, user, action)


def closed_with_result(staff, depts):
    complaint = ComplaintFactory()
    services.complaint_accept(complaint=complaint, user=staff.office, department=depts.hpc)
    result = services.result_record(
        complaint=complaint,
        user=staff.hpc_drafter,
        findings=f"经查，{REPORTER_NAME}反映的废气问题属实。",
        measures="已责令停产整改。",
    )
    services.complaint_close(complaint=complaint, user=staff.hpc_drafter)
    return complaint, result


def test_review_by_department_then_office_publishes_the_masked_result(client, home, staff, depts):
    complaint, result = closed_with_result(staff, depts)
    result = services.result_confirm_masking(result=result, user=staff.hpc_drafter)
    services.result_submit(result=result, user=staff.hpc_drafter)
    assert client.get(reverse("complaints_public:index")).content.decode().count("已责令停产整改") == 0
    result = ComplaintResult.objects.get(pk=result.pk)
    act(result, staff.hpc_reviewer, "approve")
    act(result, staff.office, "approve")
    result = ComplaintResult.objects.get(pk=result.pk)
    assert result.live
    html = client.get(reverse("complaints_public:result", args=[result.pk])).content.decode()
    assert "已责令停产整改" in html and REPORTER_NAME not in html and "王某某" in html


def test_a_change_during_review_needs_new_approval_and_a_leak_blocks_publication(staff, depts):
    from gongkai.review.rules import publication_blockers

    complaint, result = closed_with_result(staff, depts)
    result = services.result_confirm_masking(result=result, user=staff.hpc_drafter)
    services.result_submit(result=result, user=staff.hpc_drafter)
    act(result, staff.hpc_reviewer, "approve")
    # Someone puts the reporter's name back into the public copy while the office has it.
    draft = ComplaintResult.objects.get(pk=result.pk).get_latest_revision_as_object()
    draft.public_findings = f"{REPORTER_NAME}反映属实。"
    draft.save_revision(user=staff.hpc_drafter)
    assert "“调查核实情况”的公开文本中仍有个人信息" in publication_blockers(draft)
    act(result, staff.office, "approve")
    result = ComplaintResult.objects.get(pk=result.pk)
    assert not result.live
    assert result.current_workflow_task.specific.role == "处室审核"  # back to the department for the new text


def test_submit_is_refused_before_the_masked_copy_is_checked(staff, depts):
    from django.core.exceptions import ValidationError

    _complaint, result = closed_with_result(staff, depts)
    with pytest.raises(ValidationError, match="脱敏文本尚未经工作人员核对"):
        services.result_submit(result=result, user=staff.hpc_drafter)


def test_demo_data_is_made_through_the_services(db):
    from gongkai.calendar.services import current_date
    from gongkai.complaints.models import Complaint, Extension, Status, Transfer
    from gongkai.demo.complaints import complaints_create
    from gongkai.org.roles import Role
    from gongkai.org.tests.factories import DepartmentFactory, UserFactory

    hpc = DepartmentFactory(name="环评处", code="hpc")
    xcc = DepartmentFactory(name="宣教处", code="xcc")
    bgs = DepartmentFactory(name="办公室", code="bgs", is_disclosure_office=True)
    staff = {
        "office_reviewer": UserFactory(username="office_reviewer", role=Role.OFFICE_REVIEWER, department=bgs),
        "hpc_editor": UserFactory(username="hpc_editor", role=Role.DRAFTER, department=hpc),
        "hpc_reviewer": UserFactory(username="hpc_reviewer", role=Role.DEPARTMENT_REVIEWER, department=hpc),
        "xcc_editor": UserFactory(username="xcc_editor", role=Role.DRAFTER, department=xcc),
        "xcc_reviewer": UserFactory(username="xcc_reviewer", role=Role.DEPARTMENT_REVIEWER, department=xcc),
    }
    assert complaints_create(staff=staff, today=current_date()) == 20
    assert Complaint.objects.filter(status=Status.TRANSFERRED).count() == 2
    assert Transfer.objects.count() == 2
    assert Extension.objects.filter(approved_on__isnull=False).count() == 1
    assert ComplaintResult.objects.filter(live=True).count() == 5
    assert Complaint.objects.filter(category="ecology").exists()
