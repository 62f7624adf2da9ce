"""The review chain at model and service level: who may approve, what blocks publication."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry, TaskState, Workflow, WorkflowState

from gongkai.org.roles import Role
from gongkai.org.tests.factories import UserFactory
from gongkai.review.models import ReviewSettings, SensitiveOverride
from gongkai.review.services import OVERRIDE_ACTION, sensitive_override_record
from gongkai.review.tests.helpers import act, actions, current_task, reload, submit

pytestmark = pytest.mark.django_db


def test_migrations_create_both_workflows_on_the_tree_root(home):
    ordinary = Workflow.objects.get(name="信息发布审核")
    important = Workflow.objects.get(name="重要信息审核")
    assert [t.name for t in ordinary.tasks] == ["处室审核", "办公室审核"]
    assert [t.name for t in important.tasks] == ["处室审核", "办公室审核", "领导审签"]
    assert home.get_workflow() == ordinary
    assert ReviewSettings.load().important_workflow == important


def test_full_chain_publishes_the_item_with_an_index_number(draft_item, staff):
    submit(draft_item, staff.hpc_drafter)
    assert current_task(draft_item)[1].name == "处室审核"

    act(draft_item, staff.hpc_reviewer, "approve")
    assert current_task(draft_item)[1].name == "办公室审核"
    assert not reload(draft_item).live

    act(draft_item, staff.office, "approve")
    item = reload(draft_item)
    assert item.live
    assert item.current_workflow_state is None
    assert WorkflowState.objects.get(object_id=str(item.pk)).status == WorkflowState.STATUS_APPROVED
    # The catalog's page_published handler gives the 索引号 at first publication.
    assert item.index_number and item.index_number.endswith(f"/{item.published_date.year}-00001")
    actions_logged = set(PageLogEntry.objects.filter(page=item).values_list("action", flat=True))
    assert {"wagtail.workflow.start", "wagtail.workflow.approve", "wagtail.publish"} <= actions_logged


def test_author_cannot_approve_their_own_item_even_with_the_reviewer_role(draft_item, staff):
    staff.hpc_drafter.groups.add(staff.hpc_reviewer.groups.get())
    author = UserFactory._meta.model.objects.get(pk=staff.hpc_drafter.pk)  # fresh object: no cached roles
    submit(draft_item, author)
    assert actions(draft_item, author) == set()
    with pytest.raises(PermissionDenied):
        act(draft_item, author, "approve")
    assert current_task(draft_item)[0].status == TaskState.STATUS_IN_PROGRESS
    assert actions(draft_item, staff.hpc_reviewer) == {"approve", "reject"}


def test_a_reviewer_who_edited_the_item_cannot_approve_it(draft_item, staff):
    submit(draft_item, staff.hpc_drafter)
    act(draft_item, staff.hpc_reviewer, "approve")
    # The office reviewer corrects a typo during review: the change is now also theirs.
    item = reload(draft_item)
    item.title = "关于某项目环境影响报告书受理情况的公示（更正）"
    item.save_revision(user=staff.office)
    assert "approve" not in actions(item, staff.office)
    assert "approve" in actions(item, staff.office2)


def test_department_reviewer_of_another_department_cannot_approve(draft_item, staff):
    submit(draft_item, staff.hpc_drafter)
    assert actions(draft_item, staff.xjc_reviewer) == set()
    with pytest.raises(PermissionDenied):
        act(draft_item, staff.xjc_reviewer, "approve")
    # Nor may the office skip the department step.
    assert actions(draft_item, staff.office) == set()


def test_reviewers_see_only_what_is_theirs_to_review(draft_item, staff, column, depts):
    from gongkai.portal.tests.factories import ArticleFactory

    other = ArticleFactory(parent=column, draft=True, department=depts.xjc, slug="xjc-item")
    submit(draft_item, staff.hpc_drafter)
    submit(other, staff.xjc_drafter)

    def waiting(user):
        return {ts.workflow_state.object_id for ts in TaskState.objects.reviewable_by(user)}

    assert waiting(staff.hpc_reviewer) == {str(draft_item.pk)}
    assert waiting(staff.xjc_reviewer) == {str(other.pk)}
    assert waiting(staff.hpc_drafter) == set()
    assert waiting(staff.office) == set()
    act(draft_item, staff.hpc_reviewer, "approve")
    assert waiting(staff.office) == {str(draft_item.pk)}


def test_important_item_needs_leader_sign_off(draft_item, staff):
    item = reload(draft_item)
    item.important = True
    item.save_revision(user=staff.hpc_drafter)
    state = submit(item, staff.hpc_drafter)
    assert state.workflow.name == "重要信息审核"
    act(item, staff.hpc_reviewer, "approve")
    act(item, staff.office, "approve")
    assert not reload(item).live
    assert current_task(item)[1].name == "领导审签"
    assert actions(item, staff.office2) == set()
    act(item, staff.leader, "approve")
    assert reload(item).live


def test_item_marked_important_during_ordinary_review_cannot_finish_without_leader(draft_item, staff):
    submit(draft_item, staff.hpc_drafter)
    act(draft_item, staff.hpc_reviewer, "approve")
    item = reload(draft_item)
    item.important = True
    item.save_revision(user=staff.office2)
    # The edit needs re-approval (WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT): back to the department.
    act(item, staff.office, "approve")
    assert current_task(item)[1].name == "处室审核"
    act(item, staff.hpc_reviewer, "approve")
    assert actions(item, staff.office) == {"reject"}
    with pytest.raises(PermissionDenied, match="领导审签"):
        act(item, staff.office, "approve")


def test_rejection_returns_to_the_author_with_the_comment(draft_item, staff, mailoutbox):
    staff.hpc_drafter.email = "drafter@example.gov.cn"
    staff.hpc_drafter.save()
    state = submit(draft_item, staff.hpc_drafter)
    with pytest.raises(PermissionDenied, match="意见"):
        act(draft_item, staff.hpc_reviewer, "reject", comment="  ")
    task_state = act(draft_item, staff.hpc_reviewer, "reject", comment="请补充项目名称和受理日期。")
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.comment == "请补充项目名称和受理日期。"
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert [m.to for m in mailoutbox if "请补充项目名称" in m.body] == [["drafter@example.gov.cn"]]
    # The author resubmits after changes; the department step starts again.
    item = reload(draft_item)
    item.title = item.title + "（补充）"
    item.save_revision(user=staff.hpc_drafter)
    state.resume(staff.hpc_drafter)
    assert current_task(item)[1].name == "处室审核"


def test_reviewers_are_emailed_when_an_item_reaches_them(draft_item, staff, mailoutbox):
    for user in (staff.hpc_reviewer, staff.xjc_reviewer):
        user.email = f"{user.username}@example.gov.cn"
        user.save()
    submit(draft_item, staff.hpc_drafter)
    recipients = {to for m in mailoutbox for to in m.to}
    assert "hpc_reviewer@example.gov.cn" in recipients
    assert "xjc_reviewer@example.gov.cn" not in recipients


def test_severe_word_blocks_final_approval_until_the_office_overrides(draft_item, staff, severe_word):
    item = reload(draft_item)
    item.body = "<p>本项目涉及绝密样词，特此公示。</p>"
    item.save_revision(user=staff.hpc_drafter)
    submit(item, staff.hpc_drafter)
    # The department reviewer sees the hit but may pass the item on to the office.
    assert "approve" in actions(item, staff.hpc_reviewer)
    act(item, staff.hpc_reviewer, "approve")
    assert actions(item, staff.office) == {"reject"}
    with pytest.raises(PermissionDenied, match="绝密样词"):
        act(item, staff.office, "approve")

    with pytest.raises(PermissionDenied):
        sensitive_override_record(page=item, user=staff.hpc_reviewer, reason="引用上级文件原文，用语无误。")
    override = sensitive_override_record(page=item, user=staff.office2, reason="引用上级文件原文，用语无误。")
    assert override.words == ["绝密样词"]
    entry = PageLogEntry.objects.get(page=item, action=OVERRIDE_ACTION)
    assert entry.user == staff.office2
    assert entry.data["reason"] == "引用上级文件原文，用语无误。"
    assert entry.label and entry.revision_id == reload(item).latest_revision_id

    act(item, staff.office, "approve")
    assert reload(item).live


def test_override_requires_a_reason_and_something_to_override(draft_item, staff, severe_word):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        sensitive_override_record(page=draft_item, user=staff.office, reason="没有")
    item = reload(draft_item)
    item.body = "<p>绝密样词</p>"
    item.save_revision(user=staff.hpc_drafter)
    with pytest.raises(ValidationError, match="放行理由"):
        sensitive_override_record(page=item, user=staff.office, reason="   ")
    assert not SensitiveOverride.objects.exists()


def test_scheduled_publishing_goes_through_the_workflow(draft_item, staff):
    item = reload(draft_item)
    item.go_live_at = timezone.now() + datetime.timedelta(hours=2)
    item.save_revision(user=staff.hpc_drafter)
    submit(item, staff.hpc_drafter)
    act(item, staff.hpc_reviewer, "approve")
    act(item, staff.office, "approve")
    item = reload(item)
    assert not item.live
    revision = item.get_latest_revision()
    assert revision.approved_go_live_at == item.go_live_at
    call_command("publish_scheduled", verbosity=0)
    assert not reload(item).live
    # Three hours later the scheduler publishes it.
    later = timezone.now() + datetime.timedelta(hours=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", verbosity=0)
    assert reload(item).live


def test_structural_pages_skip_the_department_step(home, staff):
    from gongkai.portal.tests.factories import ColumnFactory

    column = ColumnFactory(parent=home, slug="policies")
    column.title = "政策文件（新）"
    column.save_revision(user=staff.office)
    state = Workflow.objects.get(name="信息发布审核").start(column, staff.office)
    states = list(state.task_states.order_by("pk").values_list("task__name", "status"))
    assert states == [("处室审核", TaskState.STATUS_SKIPPED), ("办公室审核", TaskState.STATUS_IN_PROGRESS)]


def test_staff_without_department_cannot_review(draft_item, staff, depts):
    reviewer = UserFactory(username="floating_reviewer", role=Role.DEPARTMENT_REVIEWER)
    submit(draft_item, staff.hpc_drafter)
    assert actions(draft_item, reviewer) == set()
