"""互动交流: citizens' messages (领导信箱, 咨询, 建议) and the reviewed replies that answer them.

A ``Message`` is what a citizen wrote, kept as written (nothing a citizen submitted is ever lost).
The office routes it to a department (``suggested_department`` from ``gongkai.interaction.routing``,
``department`` as confirmed by a person); the department drafts a ``Reply``, a Wagtail snippet with
drafts, revisions and the review workflow exactly like an enforcement decision. The reply's
publication answers the message. The public Q&A shows only the reply's reviewed, masked copy of the
question, never the message itself.

The reply limit, a message's age and the three-month flags are derived from dates by
``gongkai.interaction.rules`` and never stored.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin, WorkflowMixin

QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
QUERY_CODE_LENGTH = 8


class Kind(models.TextChoices):
    LEADER_MAILBOX = "leader_mailbox", "领导信箱"
    CONSULTATION = "consultation", "咨询"
    SUGGESTION = "suggestion", "建议"


class Status(models.TextChoices):
    """Where a message is in its handling. Lateness is never a status: see rules.message_clock."""

    RECEIVED = "received", "待分办"
    ASSIGNED = "assigned", "办理中"
    ANSWERED = "answered", "已答复"
    INVALID = "invalid", "无效"


class InvalidReason(models.TextChoices):
    SPAM = "spam", "垃圾信息"
    ABUSE = "abuse", "辱骂、攻击等不文明内容"
    DUPLICATE = "duplicate", "重复留言"
    OTHER = "other", "其他"


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


OPEN_STATUSES = (Status.RECEIVED, Status.ASSIGNED)


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def normalise_query_code(code: str) -> str:
    return "".join((code or "").split()).upper().replace("-", "")


def hash_query_code(code: str) -> str:
    """Only a keyed hash is stored: a copy of the database does not reveal anyone's 查询码."""
    key = f"gongkai.interaction.query-code:{settings.SECRET_KEY}".encode()
    return hmac.new(key, normalise_query_code(code).encode(), hashlib.sha256).hexdigest()


class MessageCounter(models.Model):
    """The last message number given out in a year (留言编号 LY2026-00001)."""

    year = models.PositiveIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "留言编号计数"
        verbose_name_plural = "留言编号计数"

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


def allocate_message_number(year: int) -> str:
    with transaction.atomic():
        counter, _ = MessageCounter.objects.get_or_create(year=year)
        MessageCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
        counter.refresh_from_db()
    return f"LY{year}-{counter.last:05d}"


class MessageQuerySet(models.QuerySet):
    def valid(self):
        return self.exclude(status=Status.INVALID)

    def unanswered(self):
        return self.filter(status__in=OPEN_STATUSES)

    def for_departments(self, department_ids: list[int] | None):
        """None: every department (the office); otherwise the messages routed to these departments."""
        return self if department_ids is None else self.filter(department_id__in=department_ids)

    def public(self):
        """The public Q&A: answered, the writer agreed to publication, and the reply is live."""
        return self.filter(status=Status.ANSWERED, wants_public=True, reply__live=True)


class Message(models.Model):
    number = models.CharField("留言编号", max_length=20, unique=True, editable=False)
    kind = models.CharField("留言类型", max_length=20, choices=Kind.choices)
    subject = models.CharField("留言主题", max_length=100)
    text = models.TextField("留言内容")
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    wants_public = models.BooleanField(
        "同意公开", default=False, help_text="留言人选择公开的，答复后在网上公开（隐去个人信息）。"
    )
    query_code_hash = models.CharField(max_length=64, editable=False)

    received_at = models.DateTimeField("收到时间", db_index=True)
    # The Beijing date of received_at, written once at submission: the reply limit counts from it.
    received_on = models.DateField("收到日期", db_index=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True)

    suggested_department = models.ForeignKey(
        "org.Department",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="建议承办处室",
    )
    suggestion_reasons = models.JSONField("建议理由", default=list, blank=True)
    department = models.ForeignKey(
        "org.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interaction_messages",
        verbose_name="承办处室",
    )
    routed_at = models.DateTimeField("分办时间", null=True, blank=True)
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="分办人",
    )

    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)

    invalid_reason = models.CharField("无效原因", max_length=20, choices=InvalidReason.choices, blank=True)
    invalid_note = models.CharField("无效说明", max_length=300, blank=True)
    closed_at = models.DateTimeField("确认无效时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="经办人",
    )

    rating = models.CharField("满意度", max_length=20, choices=Rating.choices, blank=True)
    rating_comment = models.CharField("评价意见", max_length=500, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = "留言"
        verbose_name_plural = "留言"
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["status", "received_on"]), models.Index(fields=["department", "status"])]
        constraints = [
            models.CheckConstraint(
                name="interaction_answered_has_reply_time",
                condition=~Q(status="answered") | Q(replied_at__isnull=False),
                violation_error_message="已答复的留言须有答复时间。",
            ),
            models.CheckConstraint(
                name="interaction_invalid_has_reason",
                condition=~Q(status="invalid") | ~Q(invalid_reason=""),
                violation_error_message="确认无效须选择原因。",
            ),
            models.CheckConstraint(
                name="interaction_rating_after_reply",
                condition=Q(rating="") | Q(replied_at__isnull=False),
                violation_error_message="答复后才能评价。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    def set_query_code(self, code: str) -> None:
        self.query_code_hash = hash_query_code(code)

    def check_query_code(self, code: str) -> bool:
        return hmac.compare_digest(self.query_code_hash, hash_query_code(code))

    def published_reply(self) -> "Reply | None":
        reply = getattr(self, "reply", None) if self.pk else None
        return reply if reply is not None and reply.live else None


class ReplyQuerySet(models.QuerySet):
    def for_department(self, department_id: int | None):
        return self.filter(department_id=department_id) if department_id is not None else self.none()


class Reply(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model):
    """The department's answer to one message, with the masked question that is published beside it.

    Reviewed as a disclosure item is (处室审核 → 办公室审核); its publication answers the message
    (``services.message_mark_answered``, from the ``published`` signal).
    """

    message = models.OneToOneField(Message, on_delete=models.PROTECT, related_name="reply", verbose_name="留言")
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="interaction_replies", verbose_name="答复处室"
    )
    public_subject = models.CharField(
        "留言主题（公开文本）", max_length=100, help_text="公开时显示的留言主题，不得含有个人信息。"
    )
    public_question = models.TextField(
        "留言内容（公开文本）", help_text="由系统隐去姓名、电话、证件号码、地址后生成，请核对后再提交审核。"
    )
    text = models.TextField("答复内容")
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField("起草时间", auto_now_add=True)

    objects = ReplyQuerySet.as_manager()

    class Meta:
        verbose_name = "留言答复"
        verbose_name_plural = "留言答复"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"答复 {self.message.number} {self.public_subject}"

    def publication_blockers(self) -> list[str]:
        """Why this reply must not go out as it stands (checked by the review workflow's last step)."""
        from gongkai.interaction.masking import personal_data_left

        blockers = []
        message = Message.objects.filter(pk=self.message_id).first()
        if message is None or message.status == Status.INVALID:
            blockers.append("该留言已确认为无效，不能发布答复")
        if not (self.text or "").strip():
            blockers.append("答复内容为空")
        if message is not None and message.wants_public:
            for label, value in (("留言主题", self.public_subject), ("留言内容", self.public_question)):
                if personal_data_left(value, message):
                    blockers.append(f"“{label}”的公开文本中仍有个人信息")
        return blockers

    def get_preview_template(self, request, mode_name):
        return "interaction/public/preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["reply"] = self
        context["message"] = self.message
        return context
