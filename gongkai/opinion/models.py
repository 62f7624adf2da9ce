"""舆情监测与回应 and 突发环境事件.

- ``Source``: an RSS/Atom feed configured by staff, fetched periodically (``feeds.fetch_source``);
  its conditional-GET validators and its last error are kept on the row.
- ``Item``: one post, article or platform message (a feed entry, a manual entry, a 留言, an 意见, a
  投诉), unique per (source_kind, external_id), with its offline sentiment, sensitive-word hits and
  matching topic rules. Items join an ``Event`` by near-duplicate clustering (``clustering``).
- ``Event``: one story, with the response workflow 研判 → 交办 → 回应 → 办结, and ``Escalation``
  records when several departments are involved (seed plan 一(三): 涉及多个部门的政务舆情，要及时向省政府
  主管部门报告). ``Alert``: a spike of an event's items over its baseline.
- ``Incident`` with ``IncidentUpdate``: a 突发环境事件 and its timeline (首次发布, 进展, 结果); every
  update is published through review, as an enforcement decision is.

Counts, negative shares and states shown to staff are derived by queries (``selectors``), never
stored; ``Event.first_seen_at``/``last_seen_at`` are kept because the incremental clustering
selects "recent events" by them on every ingestion.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin, WorkflowMixin

from gongkai.opinion import expr


class SourceKind(models.TextChoices):
    FEED = "feed", "RSS/Atom订阅源"
    MANUAL = "manual", "人工录入"
    MESSAGE = "message", "领导信箱与留言"
    CONSULTATION = "consultation", "意见征集"
    COMPLAINT = "complaint", "投诉举报"
    OTHER = "other", "其他平台"


class Source(models.Model):
    """An RSS or Atom feed to watch (a news site, a forum's feed, a search-alert feed)."""

    name = models.CharField("名称", max_length=100)
    url = models.URLField("订阅地址", max_length=500, help_text="RSS 或 Atom 订阅源地址（http 或 https）。")
    active = models.BooleanField("启用", default=True)
    fetch_interval_minutes = models.PositiveIntegerField(
        "抓取间隔（分钟）", default=30, help_text="两次抓取之间至少间隔的分钟数。"
    )
    # Conditional GET: what the server sent last time, sent back so that an unchanged feed costs a 304.
    etag = models.CharField("ETag", max_length=300, blank=True, editable=False)
    last_modified = models.CharField("Last-Modified", max_length=100, blank=True, editable=False)
    last_fetched_at = models.DateTimeField("上次抓取时间", null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField("上次成功时间", null=True, blank=True, editable=False)
    last_error = models.CharField("上次错误", max_length=500, blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField("连续失败次数", default=0, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "舆情订阅源"
        verbose_name_plural = "舆情订阅源"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="opinion_source_interval_positive",
                condition=Q(fetch_interval_minutes__gte=1),
                violation_error_message="抓取间隔至少为1分钟。",
            )
        ]

    def __str__(self) -> str:
        return self.name


class FetchLog(models.Model):
    """One fetch of one source: what came back. Kept so that a failing feed can be diagnosed."""

    class Status(models.TextChoices):
        OK = "ok", "成功"
        NOT_MODIFIED = "not_modified", "未更新（304）"
        ERROR = "error", "失败"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="fetch_logs", verbose_name="订阅源")
    fetched_at = models.DateTimeField("抓取时间", db_index=True)
    status = models.CharField("结果", max_length=20, choices=Status.choices)
    new_items = models.PositiveIntegerField("新增条目", default=0)
    error = models.CharField("错误", max_length=500, blank=True)

    class Meta:
        verbose_name = "抓取记录"
        verbose_name_plural = "抓取记录"
        ordering = ["-fetched_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source} {self.fetched_at:%Y-%m-%d %H:%M} {self.get_status_display()}"


class TopicRule(models.Model):
    """A topic as a boolean keyword expression, e.g. ``(污染 OR 排放) AND 乌江 NOT 招聘``."""

    name = models.CharField("专题名称", max_length=100, unique=True)
    expression = models.TextField(
        "关键词表达式",
        max_length=expr.MAX_LENGTH,
        help_text="支持 AND（与）、OR（或）、NOT（非）、括号和引号短语，如：(偷排 OR 直排) AND 乌江 NOT 招聘。",
    )
    department = models.ForeignKey(
        "org.Department",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="主管处室",
        help_text="谁主管、谁负责：该专题舆情默认交办的处室。",
    )
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "监测专题"
        verbose_name_plural = "监测专题"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            expr.parse(self.expression)
        except expr.ExpressionError as error:
            raise ValidationError({"expression": str(error)}) from error


class SensitiveWord(models.Model):
    """A word that flags an item for attention (staff-maintained)."""

    word = models.CharField("敏感词", max_length=50, unique=True)
    note = models.CharField("说明", max_length=200, blank=True)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "舆情敏感词"
        verbose_name_plural = "舆情敏感词"
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word

    def clean(self) -> None:
        self.word = expr.normalise(self.word).strip()
        if not self.word:
            raise ValidationError({"word": "请填写敏感词。"})


class EventState(models.TextChoices):
    NEW = "new", "待研判"
    ASSESSED = "assessed", "已研判"
    ASSIGNED = "assigned", "已交办"
    RESPONDED = "responded", "已回应"
    CLOSED = "closed", "已办结"


class RiskLevel(models.TextChoices):
    LOW = "low", "低"
    MEDIUM = "medium", "中"
    HIGH = "high", "高"
    MAJOR = "major", "重大"


class Event(models.Model):
    """One story told by many items (near-duplicates clustered), and the department's answer to it."""

    title = models.CharField("事件标题", max_length=300)
    state = models.CharField("状态", max_length=20, choices=EventState.choices, default=EventState.NEW, db_index=True)
    first_seen_at = models.DateTimeField("首次出现", db_index=True)
    last_seen_at = models.DateTimeField("最近出现", db_index=True)
    # The texts of a few items, re-read as exemplars when a later batch is clustered against this event.
    key_texts = models.JSONField("代表文本", default=list, editable=False)

    risk_level = models.CharField("风险等级", max_length=20, choices=RiskLevel.choices, blank=True)
    assessment_note = models.TextField("研判意见", blank=True)
    assessed_at = models.DateTimeField("研判时间", null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    department = models.ForeignKey(
        "org.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinion_events",
        verbose_name="承办处室",
    )
    involved_departments = models.ManyToManyField(
        "org.Department", blank=True, related_name="+", verbose_name="涉及处室"
    )
    assigned_at = models.DateTimeField("交办时间", null=True, blank=True)
    public_title = models.CharField("回应标题", max_length=200, blank=True)
    response_text = models.TextField("回应内容", blank=True)
    response_url = models.URLField("回应关切链接", max_length=500, blank=True)
    response_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="回应关切页面",
    )
    responded_at = models.DateTimeField("回应时间", null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    close_note = models.TextField("办结说明", blank=True)

    class Meta:
        verbose_name = "舆情事件"
        verbose_name_plural = "舆情事件"
        ordering = ["-last_seen_at", "-pk"]
        indexes = [models.Index(fields=["state", "last_seen_at"])]

    def __str__(self) -> str:
        return self.title

    def response_link(self) -> str:
        """The published 回应关切 page, or the address staff entered."""
        if self.response_page_id and self.response_page.live:
            return self.response_page.url or ""
        return self.response_url


class EventBand(models.Model):
    """One LSH band key of one exemplar of an event: how a new item finds candidate events quickly."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="bands")
    key = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "key"], name="opinion_band_unique")]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.key}"


class Item(models.Model):
    source_kind = models.CharField("来源类型", max_length=20, choices=SourceKind.choices)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="items", verbose_name="订阅源"
    )
    external_id = models.CharField("来源编号", max_length=300)
    title = models.CharField("标题", max_length=300)
    text = models.TextField("内容", blank=True)
    url = models.URLField("原文链接", max_length=1000, blank=True)
    published_at = models.DateTimeField("发布时间", db_index=True)
    fetched_at = models.DateTimeField("采集时间", auto_now_add=True)
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="items", verbose_name="所属事件"
    )
    sentiment = models.FloatField("情感得分", default=0)
    negative = models.BooleanField("负面", default=False, db_index=True)
    sensitive_words = models.JSONField("命中敏感词", default=list, blank=True)
    topics = models.ManyToManyField(TopicRule, blank=True, related_name="items", verbose_name="命中专题")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "舆情信息"
        verbose_name_plural = "舆情信息"
        ordering = ["-published_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["source_kind", "external_id"], name="opinion_item_unique")]
        indexes = [models.Index(fields=["event", "published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def sensitive(self) -> bool:
        return bool(self.sensitive_words)


class Escalation(models.Model):
    """A report to the provincial government of an event involving several departments (seed plan 一(三))."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="escalations", verbose_name="舆情事件")
    reported_on = models.DateField("报告日期")
    recipient = models.CharField("报告对象", max_length=200, help_text="如：省人民政府办公厅。")
    summary = models.TextField("报告摘要")
    departments = models.ManyToManyField("org.Department", related_name="+", verbose_name="涉及部门（处室）")
    other_agencies = models.CharField(
        "涉及的其他部门", max_length=300, blank=True, help_text="厅外部门，如：省水利厅。"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="登记人"
    )

    class Meta:
        verbose_name = "舆情报告"
        verbose_name_plural = "舆情报告"
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.event}：{self.reported_on:%Y-%m-%d} 报{self.recipient}"


class Alert(models.Model):
    """An event's items in the last window exceeded its baseline rate (``alerts.check_spikes``)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="alerts", verbose_name="舆情事件")
    raised_at = models.DateTimeField("预警时间", db_index=True)
    window_start = models.DateTimeField("统计窗口起")
    recent_count = models.PositiveIntegerField("窗口内条数")
    baseline_count = models.PositiveIntegerField("基线期条数")
    expected = models.FloatField("基线期望条数")
    emailed = models.PositiveIntegerField("通知人数", default=0)
    acknowledged_at = models.DateTimeField("处理时间", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "舆情预警"
        verbose_name_plural = "舆情预警"
        ordering = ["-raised_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event}：{self.recent_count}条"


class IncidentLevel(models.TextChoices):
    """分级 under the 国家突发环境事件应急预案 (国办函〔2014〕119号) 附件1."""

    GENERAL = "iv", "一般（Ⅳ级）"
    LARGER = "iii", "较大（Ⅲ级）"
    MAJOR = "ii", "重大（Ⅱ级）"
    ESPECIALLY_MAJOR = "i", "特别重大（Ⅰ级）"


class Incident(models.Model):
    """A 突发环境事件. Public only once its first update has been published through review."""

    title = models.CharField("事件名称", max_length=200)
    place = models.CharField("发生地点", max_length=200)
    started_at = models.DateTimeField("发生时间")
    level = models.CharField("事件级别", max_length=10, choices=IncidentLevel.choices)
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="opinion_incidents", verbose_name="牵头处室"
    )
    event = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incidents",
        verbose_name="关联舆情事件",
        help_text="重大突发环境事件的新闻发布和舆情回应统筹考虑、同步推进。",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "突发环境事件"
        verbose_name_plural = "突发环境事件"
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class UpdateKind(models.TextChoices):
    FIRST = "first", "首次发布"
    PROGRESS = "progress", "进展"
    RESULT = "result", "结果"


class IncidentUpdate(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model):
    """One entry of an incident's public timeline, published through the 信息发布审核 workflow."""

    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, related_name="updates", verbose_name="突发环境事件"
    )
    kind = models.CharField("发布类型", max_length=20, choices=UpdateKind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("发布内容")
    as_of = models.DateTimeField("信息截至时间", help_text="本条信息所述情况的截至时间。")
    # The incident's department, copied on save, so that 处室审核 finds the update (gongkai.review.rules).
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="+", editable=False, verbose_name="处室"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "突发环境事件信息发布"
        verbose_name_plural = "突发环境事件信息发布"
        ordering = ["-as_of", "-pk"]

    def __str__(self) -> str:
        return f"{self.incident}：{self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.incident_id:
            self.department_id = Incident.objects.filter(pk=self.incident_id).values_list("department_id", flat=True)[0]
        return super().save(*args, **kwargs)

    def publication_blockers(self) -> list[str]:
        """Why this update must not go public as it stands (checked by the review workflow)."""
        blockers = []
        if not (self.body or "").strip():
            blockers.append("发布内容为空")
        others = IncidentUpdate.objects.filter(incident_id=self.incident_id, live=True).exclude(pk=self.pk)
        if self.kind != UpdateKind.FIRST and not others.filter(kind=UpdateKind.FIRST).exists():
            blockers.append("该事件尚未发布“首次发布”信息，请先发布首次发布")
        if self.kind == UpdateKind.FIRST and others.filter(kind=UpdateKind.FIRST).exists():
            blockers.append("该事件已有“首次发布”信息，后续情况请以“进展”发布")
        if self.kind != UpdateKind.RESULT and others.filter(kind=UpdateKind.RESULT).exists():
            blockers.append("该事件已发布处置结果，不能再发布进展")
        return blockers

    def get_preview_template(self, request, mode_name):
        return "incidents/preview.html"
