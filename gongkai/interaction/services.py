"""State changes of citizens' messages, one function per change: permission → change → audit log → notice.

Publication of a reply is the review workflow's (信息发布审核, finished by gongkai.review.workflows);
``message_mark_answered`` runs when it happens (the ``published`` signal), so a reply approved in the
admin, published by a command or in a test answers its message the same way.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import WorkflowState

from gongkai.core.text import strip_control_chars
from gongkai.interaction import permissions
from gongkai.interaction.masking import public_text
from gongkai.interaction.models import (
    OPEN_STATUSES,
    InvalidReason,
    Kind,
    Message,
    Rating,
    Reply,
    Status,
    allocate_message_number,
    new_query_code,
)
from gongkai.interaction.routing import suggest_department
from gongkai.org.models import Department
from gongkai.org.roles import Role

ACTIONS = {
    "interaction.submit": "收到留言",
    "interaction.route": "分办留言",
    "interaction.reply_draft": "起草答复",
    "interaction.reply_submit": "提交答复审核",
    "interaction.answer": "答复留言",
    "interaction.invalid": "确认为无效留言",
    "interaction.rate": "留言人评价",
}
MESSAGE_FIELDS = ("kind", "subject", "text", "name", "phone", "email", "wants_public")
MIN_NOTE_LENGTH = 4


def _clean(value: str) -> str:
    return strip_control_chars(value or "").strip()


def _lock(message: Message) -> Message:
    return Message.objects.select_for_update().get(pk=message.pk)


def _mail(subject: str, body: str, recipients: list[str]) -> None:
    recipients = sorted({r for r in recipients if r})
    if recipients:
        # After the commit: a rolled-back change sends nothing.
        transaction.on_commit(lambda: send_mail(subject, body, None, recipients, fail_silently=True))


def _department_staff_emails(department_id: int, roles: tuple[Role, ...]) -> list[str]:
    users = get_user_model().objects.filter(
        is_active=True, staff_profile__department_id=department_id, groups__name__in=[r.value for r in roles]
    )
    return list(users.values_list("email", flat=True).distinct())


def _admin_url(message: Message) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("interaction:message", args=[message.pk])


def message_submit(*, data: dict, now: datetime.datetime | None = None) -> tuple[Message, str]:
    """Store a citizen's message as written, with the routing suggestion; returns it and its 查询码 (shown once)."""
    values = {name: data.get(name) for name in MESSAGE_FIELDS}
    for name in ("subject", "text", "name", "phone", "email"):
        values[name] = _clean(values[name] or "")
    if values["kind"] not in Kind.values:
        raise ValidationError({"kind": "请选择留言类型。"}, code="kind")
    values["wants_public"] = bool(values["wants_public"])
    now = now or timezone.now()
    code = new_query_code()
    suggestion = suggest_department(f"{values['subject']}\n{values['text']}")
    with transaction.atomic():
        message = Message(
            **values,
            received_at=now,
            received_on=timezone.localtime(now).date(),
            suggested_department=suggestion.department,
            suggestion_reasons=suggestion.reasons,
        )
        message.set_query_code(code)
        message.full_clean(exclude=["number", "query_code_hash"])
        message.number = allocate_message_number(message.received_on.year)
        message.save()
        log(instance=message, action="interaction.submit", user=None, data={"kind": message.kind})
    return message, code


@transaction.atomic
def message_route(*, message: Message, department: Department, user: AbstractBaseUser) -> Message:
    """The office confirms (or changes) the department that answers; the department is told."""
    if not permissions.can_route(user, message):
        raise PermissionDenied("分办留言须由办公室审核人员办理。")
    message = _lock(message)
    if message.status not in OPEN_STATUSES:
        raise ValidationError(f"留言当前为“{message.get_status_display()}”，不能分办。", code="status")
    reply = Reply.objects.filter(message=message).first()
    if reply is not None and reply.workflow_in_progress:
        raise ValidationError("答复的审核尚未结束，不能改派。", code="in_review")
    previous = message.department_id
    message.department = department
    message.status = Status.ASSIGNED
    message.routed_at = timezone.now()
    message.routed_by = user
    message.save(update_fields=["department", "status", "routed_at", "routed_by"])
    if reply is not None and reply.department_id != department.pk:
        Reply.objects.filter(pk=reply.pk).update(department=department)
    log(
        instance=message,
        action="interaction.route",
        user=user,
        data={
            "department": department.name,
            "suggested": message.suggested_department.name if message.suggested_department else "",
            "as_suggested": department.pk == message.suggested_department_id,
            "previous": previous,
        },
    )
    if previous != department.pk:
        _mail(
            f"【互动交流】新分办留言 {message.number}",
            f"{department.name}：\n\n留言“{message.subject}”（{message.get_kind_display()}）已分办给你处室答复。\n"
            f"请在答复期限内起草答复并提交审核：{_admin_url(message)}\n",
            _department_staff_emails(department.pk, (Role.DRAFTER, Role.DEPARTMENT_REVIEWER)),
        )
    return message


def default_reply_texts(message: Message) -> dict[str, str]:
    """The masked copy of the question the drafter starts from."""
    return {
        "public_subject": public_text(message.subject, message),
        "public_question": public_text(message.text, message),
    }


@transaction.atomic
def reply_save(
    *,
    message: Message,
    user: AbstractBaseUser,
    text: str,
    public_subject: str | None = None,
    public_question: str | None = None,
) -> Reply:
    """Create or change the draft reply as a new revision (published only through review)."""
    message = _lock(message)
    if not permissions.can_draft(user, message):
        raise PermissionDenied("只有承办处室可以起草答复。")
    if message.status != Status.ASSIGNED:
        raise ValidationError(f"留言当前为“{message.get_status_display()}”，不能起草答复。", code="status")
    text = _clean(text)
    if not text:
        raise ValidationError({"text": "请填写答复内容。"}, code="required")
    reply = Reply.objects.select_for_update().filter(message=message).first()
    if reply is None:
        defaults = default_reply_texts(message)
        reply = Reply(message=message, department=message.department, drafted_by=user, live=False, **defaults)
    else:
        lock = reply.get_lock()
        if lock is not None and lock.for_user(user):
            raise ValidationError("答复正在审核或已被锁定，您不能修改。", code="locked")
        reply = reply.get_latest_revision_as_object() if reply.latest_revision_id else reply
    # A revision carries the department of its day; the reply belongs to whoever has the message now.
    reply.department_id = message.department_id
    reply.text = text
    if public_subject is not None:
        reply.public_subject = _clean(public_subject)[:100]
    if public_question is not None:
        reply.public_question = _clean(public_question)
    if not reply.public_subject or not reply.public_question:
        raise ValidationError("请填写公开的留言主题和内容。", code="required")
    if not reply.live:
        reply.save()
    reply.save_revision(user=user)
    log(instance=message, action="interaction.reply_draft", user=user)
    return reply


@transaction.atomic
def reply_submit(*, reply: Reply, user: AbstractBaseUser):
    """提交审核: start the reply's review workflow (处室审核 → 办公室审核)."""
    reply = Reply.objects.select_for_update().select_related("message").get(pk=reply.pk)
    if not permissions.can_draft(user, reply.message):
        raise PermissionDenied("只有承办处室可以提交答复审核。")
    state = reply.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        # Sent back by a reviewer and changed since: the review resumes at the step that refused it.
        state = state.resume(user)
    elif reply.workflow_in_progress:
        raise ValidationError("答复已在审核中。", code="in_review")
    else:
        workflow = reply.get_workflow()
        if workflow is None:
            raise ValidationError("未配置答复审核流程，请联系系统管理员。", code="no_workflow")
        state = workflow.start(reply.get_latest_revision_as_object(), user)
    log(instance=reply.message, action="interaction.reply_submit", user=user)
    return state


@transaction.atomic
def message_mark_answered(*, reply: Reply, user: AbstractBaseUser | None = None) -> Message:
    """The reply is published: the message is answered (first publication only), the writer told."""
    message = _lock(reply.message)
    if message.replied_at is not None:
        return message  # a later correction of the reply keeps the time of the answer
    now = timezone.now()
    message.status = Status.ANSWERED
    message.replied_at = now
    message.replied_on = timezone.localtime(now).date()
    message.save(update_fields=["status", "replied_at", "replied_on"])
    log(instance=message, action="interaction.answer", user=user, data={"reply": reply.pk})
    if message.email:
        _mail(
            f"您的留言 {message.number} 已答复",
            f"{message.name}：\n\n您于{timezone.localtime(message.received_at):%Y-%m-%d}提交的留言“{message.subject}”已答复：\n\n"
            f"{reply.text}\n\n如需评价答复，请凭留言编号和查询码登录留言查询页面。\n",
            [message.email],
        )
    return message


@transaction.atomic
def message_close_invalid(*, message: Message, user: AbstractBaseUser, reason: str, note: str) -> Message:
    """Close spam, abuse or a duplicate as 无效: kept, never published, not counted."""
    if not permissions.can_close(user, message):
        raise PermissionDenied("确认无效留言须由办公室审核人员办理。")
    message = _lock(message)
    if message.status not in OPEN_STATUSES:
        raise ValidationError(f"留言当前为“{message.get_status_display()}”，不能确认为无效。", code="status")
    if reason not in InvalidReason.values:
        raise ValidationError({"reason": "请选择无效原因。"}, code="reason")
    note = _clean(note)
    if len(note) < MIN_NOTE_LENGTH:
        raise ValidationError({"note": f"请填写说明（至少{MIN_NOTE_LENGTH}个字）。"}, code="note")
    reply = Reply.objects.filter(message=message).first()
    if reply is not None and reply.workflow_in_progress:
        reply.current_workflow_state.cancel(user=user)
    message.status = Status.INVALID
    message.invalid_reason = reason
    message.invalid_note = note[:300]
    message.closed_at = timezone.now()
    message.closed_by = user
    message.save(update_fields=["status", "invalid_reason", "invalid_note", "closed_at", "closed_by"])
    log(
        instance=message, action="interaction.invalid", user=user, data={"reason": reason, "note": message.invalid_note}
    )
    return message


@transaction.atomic
def message_rate(*, message: Message, rating: str, comment: str = "") -> Message:
    """The writer's one satisfaction rating, after the reply."""
    message = _lock(message)
    if message.status != Status.ANSWERED:
        raise ValidationError("留言答复后才能评价。", code="not_answered")
    if message.rating:
        raise ValidationError("您已评价过本次答复。", code="rated")
    if rating not in Rating.values:
        raise ValidationError({"rating": "请选择满意度。"}, code="rating")
    message.rating = rating
    message.rating_comment = _clean(comment)[:500]
    message.rated_at = timezone.now()
    message.save(update_fields=["rating", "rating_comment", "rated_at"])
    log(instance=message, action="interaction.rate", user=None, data={"rating": rating})
    return message
