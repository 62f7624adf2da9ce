"""环境投诉举报 (12369): the complaint as received, its handling, and the published result.

- ``Complaint`` holds what the reporter sent, including who they are. That identity never leaves
  the back office: only the handling department and the office see it (``permissions``).
- ``Transfer``, ``Extension``, ``Investigation`` record the steps; each comes from one service.
- ``ComplaintResult`` is the 查处结果 as a Wagtail snippet with drafts, revisions and the review
  workflow (谁查处、谁公开), published exactly as an enforcement decision is: what the public sees
  is its masked copy (``public_*``), never the raw text.

Due dates and lateness are derived from dates by ``rules`` / ``selectors`` and never stored.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin, WorkflowMixin

from gongkai.complaints import regions
from gongkai.foi.models import normalise_query_code
from gongkai.foi.storage import private_storage


class Category(models.TextChoices):
    AIR = "air", "大气"
    WATER = "water", "水"
    NOISE = "noise", "噪声"
    SOLID_WASTE = "solid_waste", "固体废物"
    RADIATION = "radiation", "辐射"
    ECOLOGY = "ecology", "生态破坏"
    OTHER = "other", "其他"


class Status(models.TextChoices):
    RECEIVED = "received", "待受理"
    ACCEPTED = "accepted", "办理中"
    NOT_ACCEPTED = "not_accepted", "不予受理"
    TRANSFERRED = "transferred", "已转办"
    CLOSED = "closed", "已办结"


class ComplaintCounter(models.Model):
    year = models.PositiveIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "举报编号计数"

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


def allocate_number(year: int) -> str:
    """The next number, e.g. ``JB2026-00042``; an F() update inside a transaction never repeats one."""
    with transaction.atomic():
        counter, _ = ComplaintCounter.objects.get_or_create(year=year)
        ComplaintCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
        counter.refresh_from_db()
    return f"JB{year}-{counter.last:05d}"


def hash_query_code(code: str) -> str:
    """Only a keyed hash is stored (its own key: a FOI code never opens a complaint)."""
    key = f"gongkai.complaints.query-code:{settings.SECRET_KEY}".encode()
    return hmac.new(key, normalise_query_code(code).encode(), hashlib.sha256).hexdigest()


class ComplaintQuerySet(models.QuerySet):
    def for_department(self, department_id: int | None):
        return self.filter(department_id=department_id) if department_id is not None else self.none()

    def open(self):
        return self.filter(status__in=[Status.RECEIVED, Status.ACCEPTED])


class Complaint(models.Model):
    number = models.CharField("举报编号", max_length=20, unique=True, editable=False)
    category = models.CharField("举报类别", max_length=20, choices=Category.choices, db_index=True)
    prefecture_code = models.CharField("市（州）", max_length=6, db_index=True)
    county_code = models.CharField("县（市、区）", max_length=6, db_index=True)
    address = models.CharField("详细地址", max_length=200)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    polluter_name = models.CharField("被举报单位或个人", max_length=200, blank=True)
    description = models.TextField("举报内容")

    # The reporter: empty for an anonymous report, whose only way back is the 查询码.
    reporter_name = models.CharField("举报人姓名", max_length=50, blank=True)
    reporter_phone = models.CharField("举报人联系电话", max_length=30, blank=True)
    query_code_hash = models.CharField(max_length=64, editable=False)

    received_at = models.DateTimeField("收到时间", editable=False)
    received_on = models.DateField("收到日期", db_index=True, editable=False)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    department = models.ForeignKey(
        "org.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name="承办处室",
    )
    # The day the reporter was told whether it is accepted (受理, 不予受理, or 转办 instead).
    decided_on = models.DateField("受理告知日期", null=True, blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    not_accepted_reason = models.TextField("不予受理理由", blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = "投诉举报"
        verbose_name_plural = "投诉举报"
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["department", "status"])]
        constraints = [
            models.CheckConstraint(
                name="complaints_accepted_needs_department",
                condition=~Q(status__in=["accepted", "closed"])
                | Q(department__isnull=False, accepted_on__isnull=False),
                violation_error_message="受理的举报须有承办处室和受理日期。",
            ),
            models.CheckConstraint(
                name="complaints_closed_needs_date",
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                violation_error_message="办结的举报须有办结日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}（{self.get_category_display()}）"

    @property
    def is_anonymous(self) -> bool:
        return not self.reporter_name and not self.reporter_phone

    @property
    def prefecture_name(self) -> str:
        return regions.name_of(self.prefecture_code)

    @property
    def county_name(self) -> str:
        return regions.name_of(self.county_code)

    @property
    def place(self) -> str:
        return f"{self.prefecture_name}{self.county_name}"

    def set_query_code(self, code: str) -> None:
        self.query_code_hash = hash_query_code(code)

    def check_query_code(self, code: str) -> bool:
        return hmac.compare_digest(self.query_code_hash, hash_query_code(code))

    def approved_extension(self) -> "Extension | None":
        extension = getattr(self, "extension", None) if self.pk else None
        if extension is not None and extension.approved_on is not None:
            return extension
        return None


def evidence_path(instance: "Evidence", filename: str) -> str:
    # The stored name says nothing about the reporter or the file's original name.
    import uuid

    return f"complaints/{instance.complaint.received_on:%Y/%m}/{uuid.uuid4().hex}.{instance.extension}"


class Evidence(models.Model):
    """A photo or video the reporter sent. Private storage; public only when staff mark it so."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("文件", upload_to=evidence_path, storage=private_storage, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=50)
    extension = models.CharField("扩展名", max_length=10)
    size = models.PositiveBigIntegerField("大小（字节）")
    publishable = models.BooleanField(
        "可随查处结果公开", default=False, help_text="确认照片中没有人脸、车牌、门牌等个人信息后方可勾选。"
    )

    class Meta:
        verbose_name = "举报照片或视频"
        verbose_name_plural = "举报照片或视频"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_video(self) -> bool:
        return self.content_type.startswith("video/")


class Transfer(models.Model):
    """转办: the matter went to a 流域局 or a city (prefecture) bureau; the record stays here."""

    class BodyKind(models.TextChoices):
        BASIN = "basin", "流域生态环境监督管理局"
        CITY = "city", "市（州）生态环境局"
        OTHER = "other", "其他机关"

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="transfers")
    body_kind = models.CharField("接收机关类别", max_length=10, choices=BodyKind.choices)
    receiving_body = models.CharField("接收机关", max_length=100)
    transferred_on = models.DateField("转办日期")
    note = models.TextField("转办说明", blank=True)
    transferred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="经办人"
    )

    class Meta:
        verbose_name = "转办记录"
        verbose_name_plural = "转办记录"
        ordering = ["transferred_on", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint.number} → {self.receiving_body}"


class Extension(models.Model):
    """The one extension of the handling limit (≤ 30 日), asked by the handler, approved by 处室审核."""

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="extension")
    days = models.PositiveSmallIntegerField("延长天数")
    reason = models.TextField("延期理由", help_text="将告知举报人。")
    requested_on = models.DateField("申请日期")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="申请人"
    )
    approved_on = models.DateField("批准日期", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="批准人",
    )

    class Meta:
        verbose_name = "延期办理"
        verbose_name_plural = "延期办理"
        constraints = [
            models.CheckConstraint(
                name="complaints_extension_at_most_30",
                condition=Q(days__gte=1, days__lte=30),
                violation_error_message="延长期限为1至30日。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint.number} 延期{self.days}日"


class Investigation(models.Model):
    """A step of the investigation (现场检查, 监测, 约谈 …), for the record; internal."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="investigations")
    done_on = models.DateField("日期")
    text = models.TextField("调查情况")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="记录人"
    )

    class Meta:
        verbose_name = "调查记录"
        verbose_name_plural = "调查记录"
        ordering = ["done_on", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint.number} {self.done_on:%Y-%m-%d}"


class ComplaintResultQuerySet(models.QuerySet):
    def public(self):
        return self.filter(live=True).select_related("complaint", "department")


class ComplaintResult(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model):
    """The 查处结果 of one complaint, published through review with personal data masked."""

    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="result", editable=False)
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="complaint_results", verbose_name="查处处室"
    )
    findings = models.TextField("调查核实情况")
    measures = models.TextField("处理措施")
    penalty_decision_number = models.CharField("行政处罚决定书文号", max_length=100, blank=True)
    decision = models.ForeignKey(
        "enforcement.Decision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaint_results",
        verbose_name="关联行政执法决定",
    )
    public_findings = models.TextField("调查核实情况（公开文本）", blank=True)
    public_measures = models.TextField("处理措施（公开文本）", blank=True)
    masking_reviewed_at = models.DateTimeField("脱敏核对时间", null=True, blank=True, editable=False)
    masking_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name="脱敏核对人",
    )

    objects = ComplaintResultQuerySet.as_manager()

    class Meta:
        verbose_name = "投诉举报查处结果"
        verbose_name_plural = "投诉举报查处结果"
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.complaint.number} 查处结果"

    def public_texts(self) -> dict[str, str]:
        return {"调查核实情况": self.public_findings, "处理措施": self.public_measures}

    def publication_blockers(self) -> list[str]:
        """Why this result must not go public as it stands (checked by the review workflow)."""
        from gongkai.complaints.masking import leaks_personal_data

        blockers = []
        complaint = Complaint.objects.filter(pk=self.complaint_id).first()
        if complaint is None or complaint.status != Status.CLOSED:
            blockers.append("该投诉举报尚未办结，查处结果办结后方可公开")
        if self.masking_reviewed_at is None:
            blockers.append("脱敏文本尚未经工作人员核对")
        if not (self.public_findings and self.public_measures):
            blockers.append("公开文本为空，请先生成脱敏文本")
        if complaint is not None:
            for label, text in self.public_texts().items():
                if text and leaks_personal_data(text, complaint):
                    blockers.append(f"“{label}”的公开文本中仍有个人信息")
        return blockers

    def get_preview_template(self, request, mode_name):
        return "complaints/public/result_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["result"] = self
        context["complaint"] = self.complaint
        return context
