"""新闻发布会、在线访谈、政策吹风会: the events, the questions people send in, the live transcript, the media.

An ``Event`` is a Wagtail snippet with drafts, revisions and the 信息发布审核 workflow, published as an
enforcement decision is, with ``department`` (the host department) so department review works.
Whether an event is 预告, 直播中 or 已结束 is derived from its times and its ``ended_at`` flag
(``Event.state_at``), never stored.

Questions, transcript entries and media hang off the event's row, not its revisions: they are
records of what happened, written through ``gongkai.interviews.services`` and audited there.
Nothing a citizen sends is deleted; a rejected question keeps its reason. A retracted or edited
transcript entry keeps every earlier wording in ``EntryRevision``.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin, WorkflowMixin

from gongkai.foi.storage import private_storage


class Kind(models.TextChoices):
    """解读回应形式 (work plan 一(一)、一(二)、一(四))."""

    PRESS_CONFERENCE = "press_conference", "新闻发布会"
    ONLINE_INTERVIEW = "online_interview", "在线访谈"
    POLICY_BRIEFING = "policy_briefing", "政策吹风会"


class State(models.TextChoices):
    UPCOMING = "upcoming", "预告"
    LIVE = "live", "直播中"
    ENDED = "ended", "已结束"


class GuestBlock(blocks.StructBlock):
    name = blocks.CharBlock(label="姓名", max_length=50)
    title = blocks.CharBlock(label="职务", max_length=100, required=False)
    organisation = blocks.CharBlock(label="单位", max_length=100, required=False)

    class Meta:
        label = "嘉宾"
        icon = "user"


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="标题", max_length=200)
    url = blocks.URLBlock(label="网址")

    class Meta:
        label = "相关链接（网址）"
        icon = "link"


class RelatedBlock(blocks.StreamBlock):
    page = blocks.PageChooserBlock(label="相关页面（本站已发布的政策、解读等）")
    link = LinkBlock()


class EventQuerySet(models.QuerySet):
    def public(self):
        return self.filter(live=True)

    def for_state(self, state: str, now: datetime.datetime | None = None):
        """Events in ``state`` at ``now``: the same rule as ``Event.state_at``, in SQL."""
        now = now or timezone.now()
        ended = Q(ended_at__isnull=False) | Q(ends_at__lte=now)
        if state == State.ENDED:
            return self.filter(ended)
        if state == State.LIVE:
            return self.filter(starts_at__lte=now).exclude(ended)
        if state == State.UPCOMING:
            return self.filter(starts_at__gt=now).exclude(ended)
        return self.none()


class Event(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model):
    """One press conference, online interview or policy briefing."""

    kind = models.CharField("形式", max_length=30, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    topic = models.TextField("主题", help_text="本次发布或访谈的主要内容，公开显示。")
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="interview_events", verbose_name="主办处室"
    )
    starts_at = models.DateTimeField("开始时间", db_index=True)
    ends_at = models.DateTimeField("预计结束时间")
    place = models.CharField("地点", max_length=200, blank=True, help_text="现场举办的填写地点；仅网络直播的可不填。")
    webcast = models.BooleanField("网络直播", default=True)
    guests = StreamField([("guest", GuestBlock())], blank=True, verbose_name="嘉宾", use_json_field=True)
    related = StreamField(RelatedBlock(), blank=True, verbose_name="相关政策与页面", use_json_field=True)
    summary = models.TextField("内容摘要", blank=True, help_text="活动结束后的文字摘要，与音视频一同公开。")
    questions_open = models.BooleanField(
        "接受网友提问", default=True, help_text="预告和直播期间在页面上收集网友提问；结束后自动关闭。"
    )

    # Set by services.event_end when the host closes the live early or on time: the one state flag.
    ended_at = models.DateTimeField("结束时间", null=True, blank=True, editable=False)
    # Bumped by every transcript change in the same transaction: the poll's cursor and ETag.
    transcript_version = models.PositiveIntegerField("实录版本", default=0, editable=False)

    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name="录入人",
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "发布会与访谈"
        verbose_name_plural = "发布会与访谈"
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["kind", "starts_at"]), models.Index(fields=["live", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                name="interviews_event_ends_after_start",
                condition=Q(ends_at__gt=models.F("starts_at")),
                violation_error_message="预计结束时间须晚于开始时间。",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # ended_at and transcript_version belong to the live record, not to the text under review:
        # saving an edited draft or publishing an older revision must never turn them back.
        if self.pk and kwargs.get("update_fields") is None:
            current = Event.objects.filter(pk=self.pk).values("ended_at", "transcript_version").first()
            if current is not None:
                self.ended_at = current["ended_at"]
                self.transcript_version = current["transcript_version"]
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        obj.ended_at = self.ended_at
        obj.transcript_version = self.transcript_version
        return obj

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("interviews_public:event", args=[self.pk])

    def state_at(self, now: datetime.datetime | None = None) -> State:
        now = now or timezone.now()
        if self.ended_at is not None or now >= self.ends_at:
            return State.ENDED
        if now >= self.starts_at:
            return State.LIVE
        return State.UPCOMING

    @property
    def state(self) -> State:
        return self.state_at()

    def accepts_questions(self, now: datetime.datetime | None = None) -> bool:
        return self.live and self.questions_open and self.state_at(now) != State.ENDED

    def publication_blockers(self) -> list[str]:
        """Why this event must not go public as it stands (checked by the review workflow)."""
        blockers = []
        if not self.webcast and not self.place.strip():
            blockers.append("请填写地点，或选择网络直播")
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            blockers.append("预计结束时间须晚于开始时间")
        return blockers

    def get_preview_template(self, request, mode_name):
        return "interviews/public/event.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context.update(event=self, state=self.state, entries=[], questions=[], media=[], preview=True)
        return context


class QuestionStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已公开"
    REJECTED = "rejected", "不予公开"


class Question(models.Model):
    """A question sent in on the public page, before or during the event. Never deleted."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="questions", verbose_name="活动")
    text = models.TextField("问题")
    # Never shown publicly: only staff see who asked and how to reach them.
    asker_name = models.CharField("称呼", max_length=50, blank=True)
    asker_contact = models.CharField("联系方式", max_length=100, blank=True)
    submitted_at = models.DateTimeField("提交时间", default=timezone.now, db_index=True)
    status = models.CharField(
        "审核状态", max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.PENDING, db_index=True
    )
    reject_reason = models.CharField("不予公开的理由", max_length=300, blank=True)
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answer_entry = models.ForeignKey(
        "TranscriptEntry",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answered_questions",
        verbose_name="实录中的答复",
    )

    class Meta:
        verbose_name = "网友提问"
        verbose_name_plural = "网友提问"
        ordering = ["submitted_at", "pk"]
        indexes = [models.Index(fields=["event", "status", "submitted_at"])]
        constraints = [
            models.CheckConstraint(
                name="interviews_rejected_has_reason",
                condition=~Q(status="rejected") | ~Q(reject_reason=""),
                violation_error_message="不予公开须填写理由。",
            ),
            models.CheckConstraint(
                name="interviews_answered_is_approved",
                condition=Q(answered_at__isnull=True) | Q(status="approved"),
                violation_error_message="只有已公开的提问才能标记为已答复。",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:30]

    @property
    def answered(self) -> bool:
        return self.answered_at is not None


def _entry_image_path(instance, filename: str) -> str:
    return f"interviews/{instance.event_id}/entries/{filename}"


def _media_path(instance, filename: str) -> str:
    return f"interviews/{instance.event_id}/media/{filename}"


class TranscriptEntry(models.Model):
    """One paragraph of the live text transcript: who spoke and what was said."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="entries", verbose_name="活动")
    speaker = models.CharField("发言人", max_length=100)
    text = models.TextField("内容")
    image = models.FileField("图片", upload_to=_entry_image_path, storage=private_storage, blank=True)
    image_type = models.CharField(max_length=50, blank=True, editable=False)
    created_at = models.DateTimeField("发布时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="录入人"
    )
    updated_at = models.DateTimeField("修改时间", null=True, blank=True)
    # The event's transcript_version when this entry last changed: the poll asks for "after" it.
    change_seq = models.PositiveIntegerField("变更序号", default=0)
    retracted_at = models.DateTimeField("撤回时间", null=True, blank=True)
    retracted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    retraction_reason = models.CharField("撤回原因", max_length=300, blank=True)

    class Meta:
        verbose_name = "文字实录"
        verbose_name_plural = "文字实录"
        ordering = ["pk"]
        indexes = [models.Index(fields=["event", "change_seq"])]

    def __str__(self) -> str:
        return f"{self.speaker}：{self.text[:30]}"

    @property
    def retracted(self) -> bool:
        return self.retracted_at is not None

    @property
    def edited(self) -> bool:
        return self.updated_at is not None


class EntryRevision(models.Model):
    """An earlier wording of a transcript entry, kept when it was edited or retracted."""

    class Change(models.TextChoices):
        EDIT = "edit", "修改"
        RETRACT = "retract", "撤回"

    entry = models.ForeignKey(TranscriptEntry, on_delete=models.CASCADE, related_name="revisions")
    change = models.CharField("变更", max_length=10, choices=Change.choices)
    speaker = models.CharField("原发言人", max_length=100)
    text = models.TextField("原内容")
    reason = models.CharField("原因", max_length=300, blank=True)
    changed_at = models.DateTimeField("变更时间", default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "实录修改记录"
        verbose_name_plural = "实录修改记录"
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_change_display()}：{self.text[:30]}"


class MediaKind(models.TextChoices):
    AUDIO = "audio", "音频"
    VIDEO = "video", "视频"
    IMAGE = "image", "图片"


class Media(models.Model):
    """An audio or video recording or a photo of the event, with its text summary."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="media", verbose_name="活动")
    kind = models.CharField("类型", max_length=10, choices=MediaKind.choices)
    title = models.CharField("标题", max_length=200)
    summary = models.TextField("文字摘要", blank=True, help_text="音视频的文字摘要，便于无法收听收看的读者了解内容。")
    file = models.FileField("文件", upload_to=_media_path, storage=private_storage)
    content_type = models.CharField(max_length=50, editable=False)
    size = models.PositiveBigIntegerField(editable=False)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "音视频与图片"
        verbose_name_plural = "音视频与图片"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title
