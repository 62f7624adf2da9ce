"""决策预公开与意见征集: draft decisions put to the public, the comments received, and the 意见采纳情况.

- ``Consultation``: a draft decision (规范性文件, 规划, 重大行政决策, 标准 …) with its 决策依据,
  预期效果 and 起草说明, open between two moments. A Wagtail snippet with drafts, revisions and the
  review workflow, like an enforcement decision, so that nothing goes public unreviewed.
- ``Comment``: one comment as the citizen sent it, on the whole draft, one article or one
  paragraph. Never deleted: staff hide an abusive one (with a reason) and it stays in every export.
- ``CommentGroup``: near-identical and mass comments together, with one decision (采纳, 部分采纳,
  未采纳) and reason for the whole group. Groups are made by ``gongkai.consultations.grouping``
  and may be split or merged by staff.
- ``AdoptionReport``: the 意见采纳情况 with its 听证会/座谈会 records, reviewed and published like the
  consultation. What the public sees of the decisions is the snapshot taken when it is published.

The state of a consultation (未开始, 征集中, 已结束, 已公布采纳情况) is derived from its dates and its
report, never stored.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)


class Kind(models.TextChoices):
    NORMATIVE = "normative", "规范性文件"
    PLANNING = "planning", "规划"
    MAJOR = "major", "重大行政决策"
    STANDARD = "standard", "标准"
    OTHER = "other", "其他"


class IdentityType(models.TextChoices):
    """Who comments: the groups the work plan names (企业、行业协会、商会、律师协会) and the rest."""

    INDIVIDUAL = "individual", "个人"
    ENTERPRISE = "enterprise", "企业"
    TRADE_ASSOCIATION = "trade_association", "行业协会"
    CHAMBER = "chamber", "商会"
    LAWYERS = "lawyers", "律师协会"
    OTHER_ORGANISATION = "other_org", "其他组织"


class Decision(models.TextChoices):
    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"


class State(models.TextChoices):
    NOT_STARTED = "not_started", "未开始"
    OPEN = "open", "征集中"
    CLOSED = "closed", "已结束"
    REPORTED = "reported", "已公布采纳情况"


class MeetingKind(models.TextChoices):
    HEARING = "hearing", "听证会"
    SYMPOSIUM = "symposium", "座谈会"
    CONSULTATION = "consultation", "咨询协商会"


class ConsultationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(live=True)

    def open_at(self, moment: datetime.datetime):
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)


class Consultation(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, ClusterableModel):
    """One draft decision put to public consultation (决策预公开)."""

    title = models.CharField("标题", max_length=200)
    kind = models.CharField("决策类型", max_length=20, choices=Kind.choices)
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="consultations", verbose_name="起草处室"
    )
    draft_text = models.TextField(
        "决策草案",
        help_text="草案全文。按“第一章”“第一条”分行书写，系统自动拆分章、条、款，公众可以对全文或某一条、某一款提出意见。",
    )
    basis = models.TextField("决策依据")
    expected_effect = models.TextField("预期效果")
    explanation = models.TextField("起草说明", blank=True)
    opens_at = models.DateTimeField("征求意见开始时间")
    closes_at = models.DateTimeField("征求意见截止时间")
    short_period_reason = models.TextField(
        "征求意见期限少于规定期限的理由",
        blank=True,
        help_text="因紧急情况等原因征求意见期限少于规定期限的，须说明理由（该理由在公开页面显示）。",
    )
    contact = models.CharField(
        "意见反馈联系方式", max_length=200, blank=True, help_text="例如：电话、电子邮箱、通信地址（公开）。"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name="创建人",
    )

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = "意见征集"
        verbose_name_plural = "意见征集"
        ordering = ["-opens_at", "-pk"]
        indexes = [models.Index(fields=["department", "closes_at"])]
        constraints = [
            models.CheckConstraint(
                name="consultations_closes_after_opens",
                condition=Q(closes_at__gt=models.F("opens_at")),
                violation_error_message="征求意见截止时间须晚于开始时间。",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations_public:detail", args=[self.pk])

    def clean(self) -> None:
        from gongkai.consultations import rules

        errors = {}
        if self.opens_at and self.closes_at:
            if self.closes_at <= self.opens_at:
                errors["closes_at"] = "征求意见截止时间须晚于开始时间。"
            elif self.kind:
                period = rules.check_period(
                    self.kind, self.opens_at, self.closes_at, reason=self.short_period_reason or ""
                )
                if period.needs_reason:
                    errors["short_period_reason"] = period.message
        if self.draft_text:
            from gongkai.consultations.structure import parse

            if not parse(self.draft_text).units:
                errors["draft_text"] = "决策草案不能为空。"
        if errors:
            raise ValidationError(errors)

    # --- derived -----------------------------------------------------------------------------

    def state(self, moment: datetime.datetime | None = None) -> State:
        moment = moment or timezone.now()
        if moment < self.opens_at:
            return State.NOT_STARTED
        if moment < self.closes_at:
            return State.OPEN
        report = getattr(self, "report", None) if self.pk else None
        if report is not None and report.live:
            return State.REPORTED
        return State.CLOSED

    def is_open(self, moment: datetime.datetime | None = None) -> bool:
        return self.state(moment) == State.OPEN

    def structure(self):
        from gongkai.consultations.structure import parse

        return parse(self.draft_text)

    def period_days(self) -> int:
        from gongkai.consultations import rules

        return rules.period_days(self.opens_at, self.closes_at)

    def publication_blockers(self) -> list[str]:
        """Why this draft must not be published as it stands (checked by the review workflow)."""
        from gongkai.consultations import rules

        blockers = []
        try:
            self.clean()
        except ValidationError as error:
            blockers.extend(m for messages in error.message_dict.values() for m in messages)
        if self.opens_at and self.closes_at and self.kind:
            period = rules.check_period(self.kind, self.opens_at, self.closes_at, reason=self.short_period_reason)
            if period.needs_reason and period.message not in blockers:
                blockers.append(period.message)
        if self.pk and self.draft_text:
            # Comments point at 条 and 款 by number: a revised draft must keep every place commented on.
            structure = self.structure()
            targets = Comment.objects.filter(consultation_id=self.pk).values_list("target_article", "target_paragraph")
            lost = sorted(
                {
                    label
                    for a, p in targets.distinct()
                    if structure.target_label(a, p) is None
                    for label in [_label(a, p)]
                }
            )
            if lost:
                blockers.append(f"已有意见针对的{'、'.join(lost)}在修改后的草案中不存在，请保留原条款编号")
        return blockers

    def get_preview_template(self, request, mode_name):
        return "consultations/public/detail.html"

    def get_preview_context(self, request, mode_name):
        from gongkai.consultations.views_public import detail_context

        return detail_context(request, self, preview=True)


def _label(article: int | None, paragraph: int | None) -> str:
    from gongkai.consultations.structure import chinese_numeral

    if article is None:
        return f"第{chinese_numeral(paragraph)}段" if paragraph else "全文"
    return f"第{chinese_numeral(article)}条" + (f"第{chinese_numeral(paragraph)}款" if paragraph else "")


class ConsultationAttachment(Orderable):
    consultation = ParentalKey(Consultation, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField("附件名称", max_length=200)
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.PROTECT, related_name="+", verbose_name="文件"
    )

    class Meta(Orderable.Meta):
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.title


class CommentGroup(models.Model):
    """Comments that say the same thing, decided together (意见采纳情况 per group)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="groups")
    target_article = models.PositiveIntegerField("针对条", null=True, blank=True)
    target_paragraph = models.PositiveIntegerField("针对款（段）", null=True, blank=True)
    # The first comment's normalised text and its bigram shingles: what later comments are compared to.
    representative_text = models.TextField(editable=False)
    # Set when staff split or merged: the group is then theirs, and automatic grouping only adds to it.
    manual = models.BooleanField("人工调整", default=False)
    decision = models.CharField("处理意见", max_length=20, choices=Decision.choices, blank=True)
    reason = models.TextField("理由", blank=True)
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "意见分组"
        verbose_name_plural = "意见分组"
        ordering = ["consultation", "target_article", "target_paragraph", "pk"]
        constraints = [
            models.CheckConstraint(
                name="consultations_group_reason_for_partial_or_not",
                condition=Q(decision__in=["", "adopted"]) | ~Q(reason=""),
                violation_error_message="部分采纳或未采纳的，须说明理由。",
            ),
        ]

    def __str__(self) -> str:
        return f"意见组{self.pk}"


class Comment(models.Model):
    """One comment as received. Name and contact are for staff only and never published."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="comments")
    group = models.ForeignKey(CommentGroup, on_delete=models.PROTECT, related_name="comments")
    number = models.PositiveIntegerField("意见编号", editable=False)
    target_article = models.PositiveIntegerField("针对条", null=True, blank=True)
    target_paragraph = models.PositiveIntegerField("针对款（段）", null=True, blank=True)
    target_label = models.CharField("针对内容", max_length=50)
    text = models.TextField("意见内容")
    normalised_hash = models.CharField(max_length=64, db_index=True, editable=False)
    identity_type = models.CharField("身份类型", max_length=30, choices=IdentityType.choices)
    organisation = models.CharField("单位名称", max_length=200, blank=True)
    name = models.CharField("姓名或联系人", max_length=50)
    contact = models.CharField("联系方式", max_length=100)
    consent_publish = models.BooleanField("同意公开意见内容", default=False)
    received_at = models.DateTimeField("提交时间", default=timezone.now)
    # sha256 of the form's one-time nonce: a double click or a retry of one form stores one comment.
    submission_key = models.CharField(max_length=64, unique=True, editable=False)
    hidden = models.BooleanField("已屏蔽", default=False)
    hidden_reason = models.CharField("屏蔽理由", max_length=300, blank=True)
    hidden_at = models.DateTimeField("屏蔽时间", null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "意见"
        verbose_name_plural = "意见"
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"], name="consultations_comment_number_unique"),
            models.CheckConstraint(
                name="consultations_hidden_needs_reason",
                condition=Q(hidden=False) | ~Q(hidden_reason=""),
                violation_error_message="屏蔽意见须说明理由。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id}-{self.number}"

    @property
    def receipt(self) -> str:
        """The acknowledgement number the citizen is shown: consultation and comment number."""
        return f"YJ{self.consultation_id:04d}-{self.number:05d}"

    @property
    def is_public(self) -> bool:
        return self.consent_publish and not self.hidden


class AdoptionReportQuerySet(models.QuerySet):
    def for_department(self, department_id: int | None):
        return self.filter(department_id=department_id) if department_id is not None else self.none()


class AdoptionReport(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, ClusterableModel):
    """意见采纳情况: published after the consultation closes, with the meetings held on the draft."""

    consultation = models.OneToOneField(
        Consultation, on_delete=models.PROTECT, related_name="report", verbose_name="意见征集"
    )
    # The consultation's department, copied so that department review (处室审核) finds the report.
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="+", editable=False, verbose_name="起草处室"
    )
    summary = models.TextField(
        "采纳情况说明", help_text="征求意见的总体情况、主要意见及采纳情况的概述。逐条处理意见在“意见处理”页面填写。"
    )
    # What the public sees of the decisions, frozen when the report is published (signal_handlers).
    published_entries = models.JSONField(default=list, blank=True, editable=False)
    published_participation = models.JSONField(default=dict, blank=True, editable=False)

    objects = AdoptionReportQuerySet.as_manager()

    class Meta:
        verbose_name = "意见采纳情况"
        verbose_name_plural = "意见采纳情况"
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.consultation.title}意见采纳情况" if self.consultation_id else "意见采纳情况"

    def save(self, *args, **kwargs):
        if self.consultation_id:
            self.department_id = Consultation.objects.values_list("department_id", flat=True).get(
                pk=self.consultation_id
            )
        return super().save(*args, **kwargs)

    def publication_blockers(self) -> list[str]:
        from gongkai.consultations.selectors import report_blockers

        return report_blockers(self.consultation)

    def get_preview_template(self, request, mode_name):
        return "consultations/public/detail.html"

    def get_preview_context(self, request, mode_name):
        from gongkai.consultations.selectors import report_entries
        from gongkai.consultations.views_public import detail_context

        context = detail_context(request, self.consultation, preview=True)
        context["report"] = self
        context["report_entries"] = report_entries(self.consultation)
        context["meetings"] = list(self.meetings.all())
        return context


class Meeting(Orderable):
    """A 听证会 or 座谈会 on the draft, published with the report."""

    report = ParentalKey(AdoptionReport, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField("形式", max_length=20, choices=MeetingKind.choices, default=MeetingKind.SYMPOSIUM)
    held_on = models.DateField("日期")
    place = models.CharField("地点", max_length=200)
    individuals = models.PositiveIntegerField("参加人数：个人", default=0)
    enterprises = models.PositiveIntegerField("参加人数：企业", default=0)
    trade_associations = models.PositiveIntegerField("参加人数：行业协会", default=0)
    chambers = models.PositiveIntegerField("参加人数：商会", default=0)
    lawyers = models.PositiveIntegerField("参加人数：律师协会", default=0)
    other_organisations = models.PositiveIntegerField("参加人数：其他组织", default=0)
    summary = models.TextField("会议情况")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="附件（会议纪要等）",
    )

    class Meta(Orderable.Meta):
        verbose_name = "听证座谈记录"
        verbose_name_plural = "听证座谈记录"

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d}{self.get_kind_display()}"

    def participants(self) -> list[tuple[str, int]]:
        """Participants by identity type, in the order of ``IdentityType``."""
        return [
            (IdentityType.INDIVIDUAL.label, self.individuals),
            (IdentityType.ENTERPRISE.label, self.enterprises),
            (IdentityType.TRADE_ASSOCIATION.label, self.trade_associations),
            (IdentityType.CHAMBER.label, self.chambers),
            (IdentityType.LAWYERS.label, self.lawyers),
            (IdentityType.OTHER_ORGANISATION.label, self.other_organisations),
        ]

    @property
    def participant_total(self) -> int:
        return sum(n for _label, n in self.participants())
