"""政策文件与解读: policy documents, their interpretations, 舆情风险评估 and 政策问答.

Both page types subclass ``ArticlePage``, so columns, search, feeds, the catalog and the items
API find them as any other disclosure item. What is particular to them — the coupling of a
policy with its interpretations ("谁起草、谁解读", 同步审签、同步发布) — lives in
``gongkai.policies.rules`` (what blocks) and ``gongkai.policies.services`` (what changes).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from gongkai.policies.forms import InterpretationPageForm, PolicyPageForm
from gongkai.policies.panels import PolicyStatusPanel
from gongkai.portal.models import ArticlePage


class RelationKind(models.TextChoices):
    AMENDS = "amends", "修订"
    REPEALS = "repeals", "废止"


class InterpretationForm(models.TextChoices):
    """解读形式 named by the work plan 一（二）（四）: 图文、音视频、发布会、专家、简明问答、明白卡."""

    TEXT = "text", "文字解读"
    GRAPHIC = "graphic", "图解"
    MEDIA = "media", "音视频"
    BRIEFING = "briefing", "新闻发布会/吹风会"
    EXPERT = "expert", "专家解读"
    QA = "qa", "简明问答"
    CARD = "card", "明白卡"


class PolicyPage(ArticlePage):
    """A policy document (政策文件): 成文、发布、施行日期, 有效性, and what it amends or repeals."""

    effective_date = models.DateField(
        "施行日期", null=True, blank=True, help_text="文件自该日起施行；为空表示自发布之日起施行。"
    )
    livelihood = models.BooleanField(
        "与民生密切相关",
        default=False,
        help_text="与民生密切相关、市场主体和新闻媒体高度关注、群众普遍关心的文件原则上须同步解读。",
    )

    content_panels = ArticlePage.content_panels[:1] + [
        PolicyStatusPanel(heading="解读与发布"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("effective_date"), FieldPanel("livelihood")])],
            heading="施行与解读",
        ),
        *ArticlePage.content_panels[1:],
        InlinePanel("relations", label="修订或废止的文件", heading="修订或废止的文件"),
    ]

    parent_page_types = ["portal.ColumnPage"]
    subpage_types: list[str] = []
    template = "policies/policy_page.html"
    # Department lock plus: an important policy is not submitted without its 舆情风险评估.
    base_form_class = PolicyPageForm

    class Meta:
        verbose_name = "政策文件"
        verbose_name_plural = "政策文件"

    def clean(self):
        super().clean()
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": "文件不能修订或废止自身。"})

    def publication_blockers(self) -> list[str]:
        from gongkai.policies.rules import policy_publication_blockers

        return policy_publication_blockers(self)

    def publish(self, revision, user=None, changed=True, log_action=True, previous_revision=None, **kwargs):
        """Publish the policy and, in the same transaction, its approved interpretations.

        Every route ends here (workflow, 发布 button, ``publish_scheduled``, code), because
        ``Revision.publish`` calls the specific page's ``publish``. A failure anywhere rolls
        the whole publication back: neither the policy nor any interpretation goes public.
        """
        from gongkai.policies.rules import policy_publication_blockers
        from gongkai.policies.services import policy_went_live

        with transaction.atomic():
            blockers = policy_publication_blockers(revision.as_object())
            if blockers:
                raise PermissionDenied("；".join(blockers))
            result = super().publish(
                revision,
                user=user,
                changed=changed,
                log_action=log_action,
                previous_revision=previous_revision,
                **kwargs,
            )
            policy = PolicyPage.objects.get(pk=self.pk)
            if policy.live:
                policy_went_live(policy=policy, user=user)
        return result

    def live_interpretations(self):
        return InterpretationPage.objects.live().public().filter(policy=self).order_by("first_published_at", "pk")

    def published_questions(self):
        return self.questions.filter(is_published=True).order_by("-published_at", "-pk")

    def history(self):
        return self.history_entries.select_related("other").order_by("date", "pk")


class PolicyRelation(Orderable):
    """One earlier policy this policy amends (修订) or repeals (废止); applied when this one goes live."""

    policy = ParentalKey(PolicyPage, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField("关系", max_length=10, choices=RelationKind.choices, default=RelationKind.REPEALS)
    target = models.ForeignKey(
        PolicyPage, on_delete=models.PROTECT, related_name="+", verbose_name="被修订或废止的文件"
    )
    note = models.CharField("说明", max_length=200, blank=True, help_text="如“第五条修订为……”，将显示在文件沿革中。")

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("target")]), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = "修订或废止的文件"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}《{self.target.title}》"


class HistoryEvent(models.TextChoices):
    PUBLISHED = "published", "发布"
    AMENDS = "amends", "修订其他文件"
    REPEALS = "repeals", "废止其他文件"
    AMENDED_BY = "amended_by", "被修订"
    REPEALED_BY = "repealed_by", "被废止"


class PolicyHistoryEntry(models.Model):
    """文件沿革: one dated event in a policy's life, written in the transaction that caused it."""

    policy = models.ForeignKey(PolicyPage, on_delete=models.CASCADE, related_name="history_entries")
    event = models.CharField("事项", max_length=20, choices=HistoryEvent.choices)
    other = models.ForeignKey(
        PolicyPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="相关文件"
    )
    date = models.DateField("日期")
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "文件沿革"
        verbose_name_plural = "文件沿革"
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_event_display()}"


class InterpretationPage(ArticlePage):
    """A 政策解读 of one policy, drafted by the policy's drafting department ("谁起草、谁解读")."""

    policy = models.ForeignKey(
        PolicyPage, on_delete=models.PROTECT, related_name="interpretations", verbose_name="所解读的政策文件"
    )
    form = models.CharField(
        "解读形式", max_length=20, choices=InterpretationForm.choices, default=InterpretationForm.TEXT
    )
    media_url = models.URLField(
        "音视频或发布会地址", blank=True, help_text="音视频、新闻发布会或吹风会的播放地址（可选）。"
    )
    expert_name = models.CharField("解读专家", max_length=100, blank=True, help_text="专家解读时填写专家姓名和单位。")

    content_panels = ArticlePage.content_panels[:1] + [
        MultiFieldPanel(
            [
                FieldPanel("policy"),
                FieldRowPanel([FieldPanel("form"), FieldPanel("expert_name")]),
                FieldPanel("media_url"),
            ],
            heading="解读信息",
        ),
        *ArticlePage.content_panels[1:],
    ]

    parent_page_types = ["portal.ColumnPage"]
    subpage_types: list[str] = []
    template = "policies/interpretation_page.html"
    base_form_class = InterpretationPageForm

    class Meta:
        verbose_name = "政策解读"
        verbose_name_plural = "政策解读"

    def clean(self):
        super().clean()
        from gongkai.policies.rules import interpretation_department_error

        error = interpretation_department_error(self)
        if error:
            raise ValidationError({"department": error})

    def defer_publication_after_review(self, *, revision, user=None) -> bool:
        """Called by gongkai.review.workflows when the review finishes: wait for the policy?"""
        from gongkai.policies.services import interpretation_hold

        return interpretation_hold(interpretation=revision.as_object(), revision=revision, user=user)

    def publish(self, revision, user=None, **kwargs):
        from gongkai.policies.rules import interpretation_publication_error

        error = interpretation_publication_error(revision.as_object())
        if error:
            raise PermissionDenied(error)
        return super().publish(revision, user=user, **kwargs)


class ExemptionStatus(models.TextChoices):
    PENDING = "pending", "待办公室审核"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"


class InterpretationExemption(models.Model):
    """A request that a policy be published without interpretation, decided by 办公室审核."""

    policy = models.ForeignKey(PolicyPage, on_delete=models.CASCADE, related_name="exemptions", verbose_name="政策文件")
    reason = models.TextField("免于解读理由", max_length=1000)
    status = models.CharField("状态", max_length=10, choices=ExemptionStatus.choices, default=ExemptionStatus.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="申请人"
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="审核人",
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decision_comment = models.CharField("审核意见", max_length=500, blank=True)

    class Meta:
        verbose_name = "免于解读申请"
        verbose_name_plural = "免于解读申请"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="policies_exemption_reason_not_empty"),
            models.UniqueConstraint(
                fields=["policy"], condition=models.Q(status="pending"), name="policies_one_pending_exemption"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy.title}：{self.get_status_display()}"


class RiskLevel(models.TextChoices):
    LOW = "low", "低"
    MEDIUM = "medium", "中"
    HIGH = "high", "高"


class RiskAssessment(models.Model):
    """舆情风险评估 of an important policy (work plan 一（三）). Staff-only: never public, never in the API.

    Kept out of the page (and so out of its revisions, previews and the items API) on purpose.
    """

    policy = models.OneToOneField(
        PolicyPage, on_delete=models.CASCADE, related_name="risk_assessment", verbose_name="政策文件"
    )
    level = models.CharField("风险等级", max_length=10, choices=RiskLevel.choices)
    concerns = models.TextField("可预见的社会关切", max_length=2000)
    response_plan = models.TextField("应对处置预案", max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="填写人"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "舆情风险评估"
        verbose_name_plural = "舆情风险评估"
        constraints = [
            models.CheckConstraint(condition=~models.Q(concerns=""), name="policies_risk_concerns_not_empty"),
            models.CheckConstraint(condition=~models.Q(response_plan=""), name="policies_risk_plan_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.policy.title}：风险{self.get_level_display()}"


class PolicyQuestion(models.Model):
    """政策问答: a question people ask about policies and the department's answer.

    Written and published by reviewers (处室审核 of the answering department, 办公室审核):
    an answer is short, factual and reviewed by whoever publishes it, so no second workflow.
    """

    question = models.CharField("问题", max_length=300)
    answer = models.TextField("答复", max_length=4000)
    policies = models.ManyToManyField(PolicyPage, blank=True, related_name="questions", verbose_name="相关政策文件")
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="+", verbose_name="答复处室"
    )
    is_published = models.BooleanField("公开", default=False)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "政策问答"
        verbose_name_plural = "政策问答"
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(question=""), name="policies_question_not_empty"),
            models.CheckConstraint(condition=~models.Q(answer=""), name="policies_answer_not_empty"),
            models.CheckConstraint(
                condition=models.Q(is_published=False) | models.Q(published_at__isnull=False),
                name="policies_question_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.question

    def live_policies(self):
        return self.policies.live().public().order_by("-published_date")

    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.answer.splitlines() if line.strip()]
