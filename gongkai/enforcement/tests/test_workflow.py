"""An enforcement decision goes through the same review as a disclosure item (信息发布审核: 处室审核 →
办公室审核), as a Wagtail snippet: through the admin with the test client, and at model level.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import ModelLogEntry, TaskState, Workflow, WorkflowState

from gongkai.calendar.services import current_date
from gongkai.enforcement import selectors
from gongkai.enforcement.models import Decision
from gongkai.enforcement.tests.factories import DecisionFactory
from gongkai.enforcement.tests.test_admin import decision_data, messages_of, url
from gongkai.org.tests.factories import UserFactory
from gongkai.review.tests import conftest as review_fixtures

pytestmark = pytest.mark.django_db

# The review tests' departments (环评处, 宣教处, 办公室) and staff in every role.
depts = review_fixtures.depts
staff = review_fixtures.staff

ID_NUMBER = "520102199001010018"


def reload(decision) -> Decision:
    return Decision.objects.get(pk=decision.pk)


def submit(decision, user) -> WorkflowState:
    """Save a revision as ``user`` and start the workflow, as the editor's 提交审核 does."""
    draft = reload(decision).get_latest_revision_as_object()
    draft.save_revision(user=user)
    return draft.get_workflow().start(draft, user)


def current_task(decision):
    decision = reload(decision)
    return decision.current_workflow_task_state.specific, decision.current_workflow_task


def actions(decision, user) -> set[str]:
    _, task = current_task(decision)
    return {name for name, _label, _modal in task.get_actions(reload(decision), user)}


def act(decision, user, action: str, comment: str = "") -> TaskState:
    task_state, task = current_task(decision)
    kwargs = {"comment": comment} if comment or action == "reject" else {}
    task.on_action(task_state, user, action, **kwargs)
    return TaskState.objects.get(pk=task_state.pk)


def action_url(decision, action: str) -> str:
    task_state = reload(decision).current_workflow_task_state
    return url("workflow_action", decision.pk, action, task_state.pk)


def edit_data(decision, **overrides) -> dict:
    """The editor's form for ``decision`` as it stands (its latest revision), unchanged unless overridden."""
    draft = reload(decision).get_latest_revision_as_object()
    data = decision_data(
        draft.department,
        decision_number=draft.decision_number,
        decision_date=f"{draft.decision_date:%Y-%m-%d}",
        party_name=draft.party_name,
        facts=draft.facts,
        basis=draft.basis,
        content=draft.content,
        full_text=draft.full_text,
        public_facts=draft.public_facts,
        public_content=draft.public_content,
        public_basis=draft.public_basis,
        public_remarks=draft.public_remarks,
        public_full_text=draft.public_full_text,
    )
    data.update(overrides)
    return data


@pytest.fixture
def masked_draft(depts, staff):
    """A 环评处 penalty drafted by the 环评处 信息员, masked and checked (one revision, theirs)."""
    decision = DecisionFactory(department=depts.hpc, masked=True, created_by=staff.hpc_drafter)
    decision.save_revision(user=staff.hpc_drafter)
    return decision


def test_decisions_are_assigned_the_disclosure_review(db):
    workflow = Workflow.objects.get(name="信息发布审核")
    assert Decision.get_default_workflow() == workflow
    assert [t.name for t in workflow.tasks] == ["处室审核", "办公室审核"]


def test_full_chain_through_the_admin(client, depts, staff):
    """信息员 records, masks, checks and submits; 处室审核 then 办公室审核 approve; the decision is public."""
    client.force_login(staff.hpc_drafter)
    data = decision_data(depts.hpc, full_text=f"委托代理人身份证号码{ID_NUMBER}。经查，你单位超标排放。")
    assert client.post(url("add"), data).status_code == 302
    decision = Decision.objects.get(decision_number=data["decision_number"])
    client.post(reverse("enforcement:mask", args=[decision.pk]))
    client.post(reverse("enforcement:confirm_masking", args=[decision.pk]))
    assert reload(decision).masking_reviewed_by == staff.hpc_drafter

    # 提交审核 from the snippet editor.
    response = client.post(url("edit", decision.pk), edit_data(decision, **{"action-submit": "提交审核"}))
    assert response.status_code == 302, response.context and response.context["form"].errors
    task_state, task = current_task(decision)
    assert task.name == "处室审核" and task_state.status == TaskState.STATUS_IN_PROGRESS
    assert reload(decision).get_latest_revision().user == staff.hpc_drafter

    # Another department's reviewer may not; the decision's own department reviewer may.
    client.force_login(staff.xjc_reviewer)
    response = client.post(action_url(decision, "approve"))
    assert response.status_code == 403
    client.force_login(staff.hpc_reviewer)
    assert client.get(url("edit", decision.pk)).status_code == 200
    response = client.post(action_url(decision, "approve"))
    assert response.status_code == 302
    assert current_task(decision)[1].name == "办公室审核"
    assert not reload(decision).live

    client.force_login(staff.office)
    response = client.post(action_url(decision, "approve"))
    assert response.status_code == 302
    decision = reload(decision)
    assert decision.live and decision.first_published_at is not None
    assert decision.current_workflow_state is None
    assert WorkflowState.objects.get(object_id=str(decision.pk)).status == WorkflowState.STATUS_APPROVED
    # Published: the masked copy is what the public sees, the raw identity number is not.
    assert decision in selectors.public_decisions(current_date())
    assert ID_NUMBER in decision.full_text and ID_NUMBER not in decision.public_full_text
    assert selectors.publication_status(decision, current_date()).late is False
    logged = set(ModelLogEntry.objects.for_instance(decision).values_list("action", flat=True))
    assert {"wagtail.workflow.start", "wagtail.workflow.approve", "wagtail.publish"} <= logged


def test_approving_from_the_editor_without_changes(client, masked_draft, staff):
    """The editor's 审核通过 button posts the whole form; it must not make the reviewer a contributor."""
    submit(masked_draft, staff.hpc_drafter)
    client.force_login(staff.hpc_reviewer)
    data = edit_data(
        masked_draft,
        **{"action-workflow-action": "true", "workflow-action-name": "approve", "workflow-action-extra-data": "{}"},
    )
    response = client.post(url("edit", masked_draft.pk), data)
    assert response.status_code == 302
    assert current_task(masked_draft)[1].name == "办公室审核"
    assert reload(masked_draft).get_latest_revision().user == staff.hpc_drafter


def test_approving_own_edits_from_the_editor_is_refused_with_a_message(client, masked_draft, staff):
    submit(masked_draft, staff.hpc_drafter)
    client.force_login(staff.hpc_reviewer)
    # The reviewer corrects the text during review: the change is now also theirs.
    data = edit_data(masked_draft, public_content="罚款人民币贰拾万元整。（更正）")
    assert client.post(url("edit", masked_draft.pk), data).status_code == 302
    data = edit_data(
        masked_draft,
        **{"action-workflow-action": "true", "workflow-action-name": "approve", "workflow-action-extra-data": "{}"},
    )
    response = client.post(url("edit", masked_draft.pk), data, follow=True)
    assert any("本人修改或提交" in m for m in messages_of(response))
    task_state, task = current_task(masked_draft)
    assert task.name == "处室审核" and task_state.status == TaskState.STATUS_IN_PROGRESS


def test_approving_with_changes_from_the_editor_keeps_the_edit_and_refuses_the_approval(client, masked_draft, staff):
    submit(masked_draft, staff.hpc_drafter)
    client.force_login(staff.hpc_reviewer)
    data = edit_data(
        masked_draft,
        public_content="罚款人民币贰拾万元整。（审核人修改）",
        **{"action-workflow-action": "true", "workflow-action-name": "approve", "workflow-action-extra-data": "{}"},
    )
    response = client.post(url("edit", masked_draft.pk), data, follow=True)
    assert response.redirect_chain[-1][0] == url("edit", masked_draft.pk)
    assert any("本人修改或提交" in m for m in messages_of(response))
    task_state, task = current_task(masked_draft)
    assert task.name == "处室审核" and task_state.status == TaskState.STATUS_IN_PROGRESS
    latest = reload(masked_draft).get_latest_revision()
    assert latest.user == staff.hpc_reviewer
    assert latest.as_object().public_content == "罚款人民币贰拾万元整。（审核人修改）"


def test_unchecked_masking_blocks_the_final_approval(client, depts, staff):
    decision = DecisionFactory(department=depts.hpc, public_facts="经查，你单位超标排放。")
    decision.save_revision(user=staff.hpc_drafter)
    submit(decision, staff.hpc_drafter)
    # The department step may pass it on; the office step, which publishes, may not approve.
    assert "approve" in actions(decision, staff.hpc_reviewer)
    act(decision, staff.hpc_reviewer, "approve")
    assert actions(decision, staff.office) == {"reject"}
    with pytest.raises(PermissionDenied, match="脱敏文本尚未经工作人员核对"):
        act(decision, staff.office, "approve")
    client.force_login(staff.office)
    response = client.post(action_url(decision, "approve"))
    assert response.status_code == 403
    assert "脱敏文本尚未经工作人员核对" in response.content.decode()
    assert not reload(decision).live

    # A second office reviewer checks the masking; the first one, who did not touch it, may now approve.
    client.force_login(staff.office2)
    client.post(reverse("enforcement:mask", args=[decision.pk]))
    client.post(reverse("enforcement:confirm_masking", args=[decision.pk]))
    # The new revisions need re-approval (WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT) from the department.
    act(decision, staff.office, "approve")
    assert current_task(decision)[1].name == "处室审核"
    act(decision, staff.hpc_reviewer, "approve")
    assert actions(decision, staff.office2) == set()  # they changed it: someone else must approve
    act(decision, staff.office, "approve")
    assert reload(decision).live


def test_the_drafter_cannot_change_the_masked_copy_while_it_is_in_review(client, masked_draft, staff):
    submit(masked_draft, staff.hpc_drafter)
    client.force_login(staff.hpc_drafter)
    page = client.get(reverse("enforcement:masking", args=[masked_draft.pk])).content.decode()
    assert "正在审核中" in page and "生成脱敏文本</button>" not in page
    response = client.post(reverse("enforcement:mask", args=[masked_draft.pk]))
    assert response.status_code == 409 and "正在审核中" in response.content.decode()
    assert reload(masked_draft).get_latest_revision().user == staff.hpc_drafter
    assert reload(masked_draft).masking_reviewed_at is not None


def test_a_minor_party_is_never_published(depts, staff):
    decision = DecisionFactory(department=depts.hpc, masked=True, person=True, party_is_minor=True)
    decision.save_revision(user=staff.hpc_drafter)
    submit(decision, staff.hpc_drafter)
    act(decision, staff.hpc_reviewer, "approve")
    assert actions(decision, staff.office) == {"reject"}
    with pytest.raises(PermissionDenied, match="未成年人"):
        act(decision, staff.office, "approve")
    assert not reload(decision).live


def test_direct_publish_by_an_administrator_is_checked_too(client, depts, staff):
    decision = DecisionFactory(department=depts.hpc, masked=True, person=True, party_is_minor=True)
    client.force_login(staff.admin)
    data = edit_data(
        decision,
        party_category="person",
        party_name=decision.party_name,
        party_uscc="",
        legal_representative="",
        party_id_number=decision.party_id_number,
        party_is_minor="on",
        **{"action-publish": "发布"},
    )
    response = client.post(url("edit", decision.pk), data, follow=True)
    assert any("未成年人" in m for m in messages_of(response))
    assert not reload(decision).live


def test_rejection_returns_the_decision_to_the_drafter(masked_draft, staff):
    state = submit(masked_draft, staff.hpc_drafter)
    with pytest.raises(PermissionDenied, match="意见"):
        act(masked_draft, staff.hpc_reviewer, "reject", comment=" ")
    act(masked_draft, staff.hpc_reviewer, "reject", comment="请核对罚款金额。")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    draft = reload(masked_draft).get_latest_revision_as_object()
    draft.content = "罚款人民币拾伍万元整。"
    draft.save_revision(user=staff.hpc_drafter)
    state.resume(staff.hpc_drafter)
    assert current_task(masked_draft)[1].name == "处室审核"


def test_author_with_the_reviewer_role_cannot_approve(masked_draft, staff):
    staff.hpc_drafter.groups.add(staff.hpc_reviewer.groups.get())
    author = UserFactory._meta.model.objects.get(pk=staff.hpc_drafter.pk)  # fresh object: no cached roles
    submit(masked_draft, author)
    assert actions(masked_draft, author) == set()
    with pytest.raises(PermissionDenied):
        act(masked_draft, author, "approve")


def test_reviewers_are_emailed_when_a_decision_reaches_them(masked_draft, staff, mailoutbox):
    for user in (staff.hpc_reviewer, staff.xjc_reviewer):
        user.email = f"{user.username}@example.gov.cn"
        user.save()
    submit(masked_draft, staff.hpc_drafter)
    recipients = {to for m in mailoutbox for to in m.to}
    assert "hpc_reviewer@example.gov.cn" in recipients
    assert "xjc_reviewer@example.gov.cn" not in recipients
    mail = next(m for m in mailoutbox if m.to == ["hpc_reviewer@example.gov.cn"])
    assert url("edit", masked_draft.pk) in mail.body


def test_the_office_sees_a_decision_awaiting_its_review(client, masked_draft, staff):
    submit(masked_draft, staff.hpc_drafter)
    act(masked_draft, staff.hpc_reviewer, "approve")
    waiting = {ts.workflow_state.object_id for ts in TaskState.objects.reviewable_by(staff.office)}
    assert str(masked_draft.pk) in waiting
    client.force_login(staff.office)
    assert masked_draft.decision_number in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_department_reviewer_sees_a_decision_awaiting_their_review(masked_draft, staff):
    submit(masked_draft, staff.hpc_drafter)
    waiting = {ts.workflow_state.object_id for ts in TaskState.objects.reviewable_by(staff.hpc_reviewer)}
    assert str(masked_draft.pk) in waiting


def test_another_departments_decision_is_not_listed_for_review(home, depts, staff):
    from gongkai.portal.tests.factories import ArticleFactory, ColumnFactory

    column = ColumnFactory(parent=home, slug="notices")
    page = ArticleFactory(parent=column, draft=True, department=depts.hpc, slug="hpc-item")
    decision = DecisionFactory(id=page.pk, department=depts.xjc, masked=True)
    decision.save_revision(user=staff.xjc_drafter)
    submit(decision, staff.xjc_drafter)
    waiting = [ts.workflow_state.content_object for ts in TaskState.objects.reviewable_by(staff.hpc_reviewer)]
    assert decision not in waiting


def test_a_late_publication_shows_as_late(depts, staff):
    today = current_date()
    decision = DecisionFactory(department=depts.hpc, masked=True, decision_date=today - datetime.timedelta(days=30))
    decision.save_revision(user=staff.hpc_drafter)
    submit(decision, staff.hpc_drafter)
    act(decision, staff.hpc_reviewer, "approve")
    act(decision, staff.office, "approve")
    status = selectors.publication_status(reload(decision), today)
    assert status.published_on == today and status.late
