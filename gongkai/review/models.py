"""Publishing with review: workflow steps, 错敏词 lists and overrides, withdrawals.

The rules that decide who may do what live in ``gongkai.review.permissions`` and
``gongkai.review.rules``; the state changes in ``gongkai.review.services``. These models
hold data only, plus the Wagtail ``Task`` hooks that delegate to those rules.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Task, TaskState

from gongkai.org.roles import Role

REVIEWER_ROLES = [Role.DEPARTMENT_REVIEWER, Role.OFFICE_REVIEWER, Role.LEADER]


class Severity(models.TextChoices):
    NORMAL = "normal", "一般"
    SEVERE = "severe", "严重"


class ReviewTask(Task):
    """One review step (处室审核, 办公室审核 or 领导审签) of a workflow.

    Who may act is decided by ``gongkai.review.rules.can_review``: members of ``role``, of the
    item's own department when ``same_department`` is set, and never someone whose change is
    under review. A ``same_department`` step skips itself for pages that have no department
    (columns, plain pages): the disclosure office reviews those at its own step.
    """

    role = models.CharField(
        "审核角色", max_length=20, choices=[(r.value, r.value) for r in REVIEWER_ROLES], default=Role.OFFICE_REVIEWER
    )
    same_department = models.BooleanField(
        "仅限本处室", default=False, help_text="勾选后，只有与信息发布机构同一处室的审核人员可以审核。"
    )

    admin_form_fields = Task.admin_form_fields + ["role", "same_department"]

    class Meta:
        verbose_name = "审核步骤"
        verbose_name_plural = "审核步骤"

    @classmethod
    def get_description(cls) -> str:
        return "指定角色的人员审核；本人修改或提交的内容不能由本人审核通过。"

    def start(self, workflow_state, user=None):
        from gongkai.review.rules import task_applies_to

        if task_applies_to(self, workflow_state.content_object):
            return super().start(workflow_state, user=user)
        # Recorded as skipped so the workflow history shows the step was not forgotten.
        task_state = TaskState(
            workflow_state=workflow_state,
            task=self,
            revision=workflow_state.content_object.get_latest_revision(),
            status=TaskState.STATUS_SKIPPED,
            finished_at=timezone.now(),
            comment="该页面不属于任何处室，跳过处室审核。",
        )
        task_state.save()
        return task_state

    def user_can_access_editor(self, obj, user) -> bool:
        from gongkai.review.rules import can_review

        return can_review(self, obj, user)

    def locked_for_user(self, obj, user) -> bool:
        from gongkai.review.rules import can_review

        # While an item waits for review only its reviewers may change it.
        return not (user.is_superuser or can_review(self, obj, user, ignore_contribution=True))

    def user_can_lock(self, obj, user) -> bool:
        from gongkai.review.rules import can_review

        return can_review(self, obj, user, ignore_contribution=True)

    def get_actions(self, obj, user) -> list[tuple[str, str, bool]]:
        from gongkai.review.rules import approval_blockers, can_review

        if not can_review(self, obj, user):
            return []
        actions = [("reject", "退回修改", True)]
        if not approval_blockers(obj, task=self):
            actions += [("approve", "审核通过", False), ("approve", "审核通过并附意见", True)]
        return actions

    def get_form_for_action(self, action: str):
        from gongkai.review.forms import ApproveCommentForm, RejectCommentForm

        return RejectCommentForm if action == "reject" else ApproveCommentForm

    def on_action(self, task_state, user, action_name, **kwargs):
        from gongkai.review.rules import approval_blockers, can_review

        page = task_state.workflow_state.content_object
        # The views only offer permitted actions; this is the last line for direct posts.
        if not can_review(self, page, user):
            raise PermissionDenied("您不能审核此信息：本人修改或提交的内容须由他人审核，其他处室的信息由该处室审核。")
        if action_name == "approve":
            blockers = approval_blockers(page, task=self)
            if blockers:
                raise PermissionDenied("；".join(blockers))
        if action_name == "reject" and not (kwargs.get("comment") or "").strip():
            raise PermissionDenied("退回修改须填写意见。")
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from gongkai.review.rules import task_states_user_can_review

        return task_states_user_can_review(self, user)


@register_setting(icon="tasks")
class ReviewSettings(BaseGenericSetting):
    """Which workflow items marked 重要信息 go through (the one with 领导审签)."""

    important_workflow = models.ForeignKey(
        "wagtailcore.Workflow",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="重要信息审核流程",
        help_text="标记为“重要信息”的公开信息提交审核时使用此流程（应包含领导审签）。为空时与普通信息相同。",
    )

    panels = [FieldPanel("important_workflow")]

    class Meta:
        verbose_name = "发布审核设置"
        verbose_name_plural = "发布审核设置"


class WordQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class SensitiveWord(models.Model):
    """A word that must not appear in published content, or only after the office has looked at it."""

    word = models.CharField("敏感词", max_length=50, unique=True)
    severity = models.CharField("级别", max_length=10, choices=Severity.choices, default=Severity.NORMAL)
    note = models.CharField("说明", max_length=200, blank=True)
    active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = WordQuerySet.as_manager()

    panels = [FieldPanel("word"), FieldPanel("severity"), FieldPanel("note"), FieldPanel("active")]

    class Meta:
        verbose_name = "敏感词"
        verbose_name_plural = "敏感词"
        ordering = ["word"]
        constraints = [models.CheckConstraint(condition=~models.Q(word=""), name="review_sensitiveword_not_empty")]

    def __str__(self) -> str:
        return self.word


class WrongTerm(models.Model):
    """A wrong or outdated expression and its correct form, e.g. 环境保护部 → 生态环境部."""

    wrong = models.CharField("错误用语", max_length=50, unique=True)
    correct = models.CharField("规范用语", max_length=100)
    severity = models.CharField("级别", max_length=10, choices=Severity.choices, default=Severity.NORMAL)
    effective_from = models.DateField(
        "起用日期",
        null=True,
        blank=True,
        help_text="自该日起该用语不再正确（如机构改革更名之日）。成文日期早于此日的信息不提示；为空表示一律提示。",
    )
    exceptions = models.CharField(
        "例外写法",
        max_length=200,
        blank=True,
        help_text="包含该用语但本身正确的写法，多个以空格或逗号分隔，如“环境保护部门”。",
    )
    note = models.CharField("说明", max_length=200, blank=True)
    active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = WordQuerySet.as_manager()

    panels = [
        FieldPanel("wrong"),
        FieldPanel("correct"),
        FieldPanel("severity"),
        FieldPanel("effective_from"),
        FieldPanel("exceptions"),
        FieldPanel("note"),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = "规范用语"
        verbose_name_plural = "规范用语"
        ordering = ["wrong"]
        constraints = [models.CheckConstraint(condition=~models.Q(wrong=""), name="review_wrongterm_not_empty")]

    def __str__(self) -> str:
        return f"{self.wrong} → {self.correct}"

    @property
    def exception_list(self) -> list[str]:
        return [e for e in self.exceptions.replace("，", " ").replace(",", " ").split() if e]


class SensitiveOverride(models.Model):
    """An 办公室审核 decision to let severe 错敏词 through, with its written reason.

    Recorded per page and word: a later version that still contains the same words needs no
    second override, a newly added severe word does (docs/review.md).
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name="页面")
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="版本"
    )
    words = models.JSONField("放行的词", default=list)
    reason = models.TextField("放行理由")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="放行人"
    )
    created_at = models.DateTimeField("放行时间", default=timezone.now)

    class Meta:
        verbose_name = "错敏词放行记录"
        verbose_name_plural = "错敏词放行记录"
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=~models.Q(reason=""), name="review_override_reason_required")]

    def __str__(self) -> str:
        return f"{'、'.join(self.words)}（{timezone.localtime(self.created_at):%Y-%m-%d %H:%M}）"


class WithdrawalNoticeQuerySet(models.QuerySet):
    def shown(self):
        return self.filter(show_notice=True)


class WithdrawalNotice(models.Model):
    """A withdrawal (撤回) of published content, with its reason.

    Every withdrawal is recorded; those with ``show_notice`` are served at the old address
    with HTTP 410 instead of a 404 (docs/review.md).
    """

    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="页面"
    )
    url_path = models.CharField("原地址", max_length=500, db_index=True)
    title = models.CharField("标题", max_length=255)
    reason = models.TextField("撤回原因")
    show_notice = models.BooleanField("在原地址显示撤回公告", default=False)
    withdrawn_at = models.DateTimeField("撤回时间", default=timezone.now)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="撤回人"
    )

    objects = WithdrawalNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = "撤回记录"
        verbose_name_plural = "撤回记录"
        ordering = ["-withdrawn_at", "-pk"]
        constraints = [models.CheckConstraint(condition=~models.Q(reason=""), name="review_withdrawal_reason_required")]

    def __str__(self) -> str:
        return self.title

    @property
    def withdrawn_on(self):
        return timezone.localdate(self.withdrawn_at)
