"""Who drafts an interpretation, exemptions from interpretation, and 舆情风险评估 before submission."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import PageLogEntry

from gongkai.policies import rules, services
from gongkai.policies.models import ExemptionStatus, InterpretationPage, PolicyPage, RiskLevel
from gongkai.policies.tests.factories import InterpretationFactory, PolicyFactory
from gongkai.policies.tests.helpers import approve_all, fresh
from gongkai.policies.tests.test_coupling import _edit_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def normative(columns, depts):
    return PolicyFactory(parent=columns.policies, draft=True, normative=True, department=depts.dqc)


def _new_interpretation_form(user, parent, policy, department):
    from wagtail.test.utils.form_data import rich_text

    form_class = InterpretationPage.get_edit_handler().get_form_class()
    data = _edit_data(
        InterpretationPage(title="政策解读", slug="jd", department=department, policy=policy),
        body=rich_text("<p>解读正文。</p>"),
    )
    return form_class(data, instance=InterpretationPage(), for_user=user, parent_page=parent)


def test_only_the_drafting_department_drafts_the_interpretation(columns, normative, depts, staff):
    own = _new_interpretation_form(staff.dqc_drafter, columns.interpretations, normative, depts.dqc)
    assert own.is_valid(), own.errors
    other = _new_interpretation_form(staff.xjc_drafter, columns.interpretations, normative, depts.xjc)
    assert not other.is_valid()
    assert "只能由起草处室（大气处）" in str(other.errors["policy"])
    office = _new_interpretation_form(staff.office, columns.interpretations, normative, depts.dqc)
    assert not office.is_valid()
    assert rules.may_draft_interpretation(staff.dqc_reviewer, normative)
    assert not rules.may_draft_interpretation(staff.xjc_reviewer, normative)


def test_interpretation_department_must_be_the_policy_department(columns, normative, depts):
    page = InterpretationPage(title="解读", slug="x", department=depts.xjc, policy=normative, body="<p>x</p>")
    with pytest.raises(ValidationError, match="起草处室（大气处）"):
        page.clean()


def test_exemption_requested_by_department_and_approved_by_office(normative, staff):
    with pytest.raises(PermissionDenied):
        services.exemption_request(policy=normative, user=staff.xjc_drafter, reason="不涉及公众权利义务")
    exemption = services.exemption_request(policy=normative, user=staff.dqc_drafter, reason="仅调整内部工作程序")
    assert exemption.status == ExemptionStatus.PENDING
    with pytest.raises(PermissionDenied, match="已有待审核"):
        services.exemption_request(policy=normative, user=staff.dqc_drafter, reason="再次申请免于解读")
    assert rules.policy_publication_blockers(normative)
    with pytest.raises(PermissionDenied):
        services.exemption_decide(exemption=exemption, user=staff.dqc_reviewer, approve=True)
    with pytest.raises(PermissionDenied, match="须填写意见"):
        services.exemption_decide(exemption=exemption, user=staff.office, approve=False)
    services.exemption_decide(exemption=exemption, user=staff.office, approve=True, comment="同意")
    assert rules.policy_publication_blockers(fresh(normative)) == []
    logs = set(PageLogEntry.objects.filter(page=normative).values_list("action", flat=True))
    assert {"policies.exemption_request", "policies.exemption_decide"} <= logs
    approve_all(normative, staff.dqc_drafter, staff.dqc_reviewer, staff.office2)
    assert fresh(normative).live


def test_requester_cannot_approve_own_exemption(normative, staff, depts):
    from gongkai.org.roles import Role
    from gongkai.org.tests.factories import UserFactory

    both = UserFactory(username="both", role=Role.OFFICE_REVIEWER, department=depts.dqc)
    exemption = services.exemption_request(policy=normative, user=both, reason="仅调整内部工作程序")
    with pytest.raises(PermissionDenied, match="申请人不能审核"):
        services.exemption_decide(exemption=exemption, user=both, approve=True)


def test_rejected_exemption_does_not_unblock(normative, staff):
    exemption = services.exemption_request(policy=normative, user=staff.dqc_drafter, reason="仅调整内部工作程序")
    services.exemption_decide(exemption=exemption, user=staff.office, approve=False, comment="须解读")
    assert rules.policy_publication_blockers(fresh(normative))


def test_exemption_not_needed_for_ordinary_policy(columns, depts, staff):
    policy = PolicyFactory(parent=columns.policies, draft=True, department=depts.dqc)
    with pytest.raises(PermissionDenied, match="无需申请"):
        services.exemption_request(policy=policy, user=staff.dqc_drafter, reason="仅调整内部工作程序")


def test_livelihood_policy_needs_interpretation_or_exemption(columns, depts, staff):
    policy = PolicyFactory(parent=columns.policies, draft=True, livelihood=True, department=depts.dqc)
    assert any("谁起草、谁解读" in b for b in rules.policy_publication_blockers(policy))


@pytest.fixture
def important(columns, depts):
    return PolicyFactory(parent=columns.policies, draft=True, important=True, department=depts.dqc)


def test_risk_assessment_recorded_by_drafting_department(important, staff):
    with pytest.raises(PermissionDenied):
        services.risk_assessment_record(
            policy=important, user=staff.xjc_drafter, level=RiskLevel.HIGH, concerns="收费", response_plan="回应"
        )
    services.risk_assessment_record(
        policy=important,
        user=staff.dqc_drafter,
        level=RiskLevel.MEDIUM,
        concerns="企业成本",
        response_plan="会同宣教处回应",
    )
    assert fresh(important).risk_assessment.level == RiskLevel.MEDIUM
    assert rules.may_see_risk(staff.office, important) and rules.may_see_risk(staff.leader, important)
    assert not rules.may_see_risk(staff.xjc_reviewer, important)
    entry = PageLogEntry.objects.get(page=important, action="policies.risk_assessment")
    assert "企业成本" not in str(entry.data)


def test_submission_blocked_while_risk_assessment_missing(client, important, staff):
    client.force_login(staff.dqc_drafter)
    url = f"/admin/pages/{important.pk}/edit/"
    response = client.post(url, _edit_data(fresh(important), **{"action-submit": "action-submit"}))
    assert response.status_code == 200
    assert "不能提交审核：重要政策文件提交审核前须填写舆情风险评估" in response.content.decode()
    assert fresh(important).current_workflow_state is None

    services.risk_assessment_record(
        policy=important, user=staff.dqc_drafter, level=RiskLevel.LOW, concerns="无明显关切", response_plan="常规回应"
    )
    response = client.post(url, _edit_data(fresh(important), **{"action-submit": "action-submit"}))
    assert response.status_code == 302
    assert fresh(important).current_workflow_state is not None


def test_reviewer_sees_risk_assessment_in_the_review_step(client, important, staff):
    services.risk_assessment_record(
        policy=important,
        user=staff.dqc_drafter,
        level=RiskLevel.HIGH,
        concerns="涉及企业停产整治",
        response_plan="专人值守",
    )
    client.force_login(staff.office)
    html = client.get(f"/admin/pages/{important.pk}/edit/").content.decode()
    assert "风险高" in html
    status = client.get(f"/admin/policies/{important.pk}/").content.decode()
    assert "涉及企业停产整治" in status and "专人值守" in status
    client.force_login(staff.xjc_drafter)
    assert client.get(f"/admin/policies/{important.pk}/").status_code == 403


def test_important_policy_without_assessment_is_not_published(important):
    with pytest.raises(PermissionDenied, match="舆情风险评估"):
        important.get_latest_revision().publish(skip_permission_checks=True)
    assert not PolicyPage.objects.get(pk=important.pk).live


def test_interpretation_states_for_staff(columns, normative, staff):
    from gongkai.policies.selectors import interpretation_overview

    draft = InterpretationFactory(parent=columns.interpretations, policy=normative)
    assert [s.label for s in interpretation_overview(normative)] == ["草稿"]
    approve_all(draft, staff.dqc_drafter, staff.dqc_reviewer, staff.office)
    assert [s.label for s in interpretation_overview(normative)] == ["审核通过，待随文件发布"]
