"""The services of 互动交流: submit, route, draft, review and publish, close as invalid, rate."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry, TaskState

from gongkai.interaction import routing, services
from gongkai.interaction.models import Message, Reply, Status
from gongkai.interaction.tests.factories import MessageFactory

pytestmark = pytest.mark.django_db

DATA = {
    "kind": "consultation",
    "subject": "小区旁工地夜间施工噪声扰民",
    "text": "我叫李四，电话139 8501 2345，身份证号520102199001010018，附近工地每晚施工到凌晨，噪声很大。",
    "name": "李四",
    "phone": "13985012345",
    "email": "lisi@example.com",
    "wants_public": True,
}


def actions_of(instance) -> list[str]:
    return list(ModelLogEntry.objects.for_instance(instance).order_by("pk").values_list("action", flat=True))


def approve(reply: Reply, user) -> None:
    reply = Reply.objects.get(pk=reply.pk)
    task_state = reply.current_workflow_task_state.specific
    reply.current_workflow_task.on_action(task_state, user, "approve")


def test_submit_stores_the_message_with_a_hashed_code_and_a_suggestion(depts):
    message, code = services.message_submit(data=DATA)
    assert message.number.startswith("LY") and len(code) == 8
    assert message.check_query_code(code.lower()) and code not in message.query_code_hash
    assert message.status == Status.RECEIVED and message.suggested_department == depts.dqc
    assert any("噪声" in reason for reason in message.suggestion_reasons)
    assert actions_of(message) == ["interaction.submit"]


def test_submit_refuses_an_unknown_kind_and_stores_nothing(depts):
    with pytest.raises(ValidationError):
        services.message_submit(data={**DATA, "kind": "complaint"})
    assert not Message.objects.exists()


def test_routing_explains_itself(depts):
    suggestion = routing.suggest_department("建设项目环评审批公示期间我有意见")
    assert suggestion.department == depts.hpc
    assert "含关键词“环评”（+3）" in suggestion.reasons
    nothing = routing.suggest_department("你好")
    assert nothing.department is None and "人工分办" in nothing.reasons[0]


def test_only_the_office_routes_and_the_department_is_told(depts, staff, django_capture_on_commit_callbacks):
    message = MessageFactory(suggested_department=depts.dqc)
    with pytest.raises(PermissionDenied):
        services.message_route(message=message, department=depts.dqc, user=staff.dqc_reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_route(message=message, department=depts.dqc, user=staff.office)
    assert message.status == Status.ASSIGNED and message.routed_by == staff.office
    entry = ModelLogEntry.objects.for_instance(message).get(action="interaction.route")
    assert entry.data["as_suggested"] is True and entry.data["department"] == "大气处"
    assert [sorted(m.to) for m in mail.outbox] == [sorted([staff.dqc_drafter.email, staff.dqc_reviewer.email])]


def test_full_chain_draft_review_publish_answers_and_mails_the_writer(depts, staff, django_capture_on_commit_callbacks):
    message, _ = services.message_submit(data=DATA)
    services.message_route(message=message, department=depts.dqc, user=staff.office)
    with pytest.raises(PermissionDenied):
        services.reply_save(message=message, user=staff.hpc_drafter, text="不是我们处室的事")
    reply = services.reply_save(message=message, user=staff.dqc_drafter, text="已转请属地核查处理。")
    # The public copy starts masked: the writer's name, phone and ID number are gone.
    assert "李四" not in reply.public_question and "13985012345" not in reply.public_question.replace(" ", "")
    assert "520102199001010018" not in reply.public_question
    services.reply_submit(reply=reply, user=staff.dqc_drafter)
    approve(reply, staff.dqc_reviewer)
    assert not Reply.objects.get(pk=reply.pk).live
    with django_capture_on_commit_callbacks(execute=True):
        approve(reply, staff.office)
    reply = Reply.objects.get(pk=reply.pk)
    message.refresh_from_db()
    assert reply.live and message.status == Status.ANSWERED and message.replied_at is not None
    assert message.replied_on is not None
    assert "interaction.answer" in actions_of(message)
    writer_mail = [m for m in mail.outbox if m.to == ["lisi@example.com"]]
    assert len(writer_mail) == 1 and "已转请属地核查处理。" in writer_mail[0].body


def test_the_drafter_cannot_approve_their_own_reply(depts, staff):
    message = MessageFactory(routed=True, department=depts.dqc)
    reply = services.reply_save(message=message, user=staff.dqc_reviewer, text="答复内容")
    services.reply_submit(reply=reply, user=staff.dqc_reviewer)
    reply = Reply.objects.get(pk=reply.pk)
    task = reply.current_workflow_task
    assert "approve" not in {name for name, _l, _m in task.get_actions(reply, staff.dqc_reviewer)}
    assert reply.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS


def test_personal_data_in_the_public_copy_blocks_publication(depts, staff):
    message = MessageFactory(routed=True, department=depts.dqc, public=True)
    reply = services.reply_save(
        message=message, user=staff.dqc_drafter, text="答复", public_question="我是张三，电话13985012345"
    )
    blockers = reply.get_latest_revision_as_object().publication_blockers()
    assert "“留言内容”的公开文本中仍有个人信息" in blockers


def test_close_invalid_needs_the_office_and_a_reason(depts, staff):
    message = MessageFactory(routed=True, department=depts.dqc)
    with pytest.raises(PermissionDenied):
        services.message_close_invalid(message=message, user=staff.dqc_reviewer, reason="spam", note="广告推销")
    with pytest.raises(ValidationError):
        services.message_close_invalid(message=message, user=staff.office, reason="spam", note="")
    message = services.message_close_invalid(
        message=message, user=staff.office, reason="duplicate", note="与前一条重复"
    )
    assert message.status == Status.INVALID and message.closed_by == staff.office
    entry = ModelLogEntry.objects.for_instance(message).get(action="interaction.invalid")
    assert entry.data["note"] == "与前一条重复"
    with pytest.raises(ValidationError):
        services.reply_save(message=message, user=staff.dqc_drafter, text="答复")


def test_rating_once_after_the_reply():
    unanswered = MessageFactory()
    with pytest.raises(ValidationError):
        services.message_rate(message=unanswered, rating="satisfied")
    message = MessageFactory(answered=True)
    with pytest.raises(ValidationError):
        services.message_rate(message=message, rating="great")
    services.message_rate(message=message, rating="basically", comment="答复及时")
    message.refresh_from_db()
    assert message.get_rating_display() == "基本满意" and message.rating_comment == "答复及时"
    with pytest.raises(ValidationError, match="已评价"):
        services.message_rate(message=message, rating="satisfied")


def test_a_reply_sent_back_as_not_ours_is_rerouted_redrafted_and_resubmitted(depts, staff):
    message = MessageFactory(routed=True, department=depts.dqc)
    reply = services.reply_save(message=message, user=staff.dqc_drafter, text="初稿")
    services.reply_submit(reply=reply, user=staff.dqc_drafter)
    with pytest.raises(ValidationError, match="审核尚未结束"):
        services.message_route(message=message, department=depts.hpc, user=staff.office)
    reply = Reply.objects.get(pk=reply.pk)
    reply.current_workflow_task.on_action(
        reply.current_workflow_task_state.specific, staff.dqc_reviewer, "reject", comment="属环评处职责"
    )
    # Sent back: the office may now give it to the right department, which takes over the draft.
    services.message_route(message=message, department=depts.hpc, user=staff.office)
    assert Reply.objects.get(pk=reply.pk).department == depts.hpc
    reply = services.reply_save(message=message, user=staff.hpc_drafter, text="该项目环评文件可在门户网站查询。")
    services.reply_submit(reply=reply, user=staff.hpc_drafter)
    reply = Reply.objects.get(pk=reply.pk)
    assert reply.current_workflow_state.status == "in_progress"
    approve(reply, staff.hpc_reviewer)
    approve(reply, staff.office)
    assert Reply.objects.get(pk=reply.pk).text == "该项目环评文件可在门户网站查询。"
    assert Message.objects.get(pk=message.pk).status == Status.ANSWERED
