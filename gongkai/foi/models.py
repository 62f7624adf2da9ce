"""依申请公开: disclosure applications, the steps that move their statutory clock, and their outcome.

These models hold data only. Every change goes through one function in ``gongkai.foi.services``
(permission → change → audit log → notice to the applicant); the clock — due date, working days
left, paused intervals — is derived from these dates by ``gongkai.foi.clock`` and never stored.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from gongkai.core.validators import is_valid_resident_id, is_valid_uscc
from gongkai.foi.outcomes import RULES, Outcome
from gongkai.foi.storage import private_storage

# 查询码: 8 characters from an alphabet without look-alikes (0/O, 1/I/L), about 40 bits.
QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
QUERY_CODE_LENGTH = 8


class ApplicantType(models.TextChoices):
    """The seven columns of the annual report's section 三 (the seventh, 总计, is their sum)."""

    NATURAL_PERSON = "natural", "自然人"
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    PUBLIC_INTEREST = "public_interest", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER_ORGANISATION = "other_org", "其他"

    @property
    def is_organisation(self) -> bool:
        return self is not ApplicantType.NATURAL_PERSON


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO_PERMIT = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN_PERMIT = "taiwan", "台湾居民来往大陆通行证"
    FOREIGN_RESIDENCE = "foreign_residence", "外国人永久居留身份证"
    USCC = "uscc", "统一社会信用代码"
    OTHER = "other", "其他证件"


class Channel(models.TextChoices):
    """How the application arrived; it decides the receipt date (条例第三十一条)."""

    ONLINE = "online", "网上申请"
    IN_PERSON = "in_person", "当面提交"
    MAIL_SIGNED = "mail_signed", "邮寄（需签收）"
    MAIL_ORDINARY = "mail_ordinary", "平常信函"
    FAX = "fax", "传真"
    ORAL = "oral", "口头申请（代为填写）"


class InformationForm(models.TextChoices):
    PAPER = "paper", "纸质"
    EMAIL = "email", "电子邮件"
    DISC = "disc", "光盘"
    INSPECTION = "inspection", "当场查阅、抄录"


class Delivery(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    COLLECT = "collect", "自行领取"
    ONLINE = "online", "网上查询下载"


class Status(models.TextChoices):
    SUBMITTED = "submitted", "待确认收到"
    PROCESSING = "processing", "办理中"
    AWAITING_CORRECTION = "awaiting_correction", "待申请人补正"
    AWAITING_PAYMENT = "awaiting_payment", "待申请人缴费"
    CLOSED = "closed", "已办结"
    INVALID = "invalid", "无效提交"


OPEN_STATUSES = (Status.PROCESSING, Status.AWAITING_CORRECTION, Status.AWAITING_PAYMENT)


class ApplicationCounter(models.Model):
    """The last application number given out in a year."""

    year = models.PositiveIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "申请编号计数"

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


def allocate_application_number(year: int) -> str:
    """The next number, e.g. ``2026-00042``; an F() update inside a transaction never repeats one."""
    with transaction.atomic():
        counter, _ = ApplicationCounter.objects.get_or_create(year=year)
        ApplicationCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
        counter.refresh_from_db()
    return f"{year}-{counter.last:05d}"


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def normalise_query_code(code: str) -> str:
    return "".join((code or "").split()).upper().replace("-", "")


def hash_query_code(code: str) -> str:
    """Only a keyed hash is stored: a copy of the database does not reveal anyone's 查询码."""
    key = f"gongkai.foi.query-code:{settings.SECRET_KEY}".encode()
    return hmac.new(key, normalise_query_code(code).encode(), hashlib.sha256).hexdigest()


class ApplicationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def with_clock_data(self):
        """Everything ``gongkai.foi.clock.clock_for`` reads, in two queries for any number of cases."""
        return self.select_related("correction", "extension", "fee_notice").prefetch_related("consultations")

    def for_user(self, user):
        """Applications a member of staff may see: the disclosure office all, departments those assigned."""
        from gongkai.foi.permissions import sees_all_applications
        from gongkai.review.permissions import scope_for

        if sees_all_applications(user):
            return self
        scope = scope_for(user)
        if scope.department_id is None:
            return self.none()
        return self.filter(handling_departments=scope.department_id).distinct()


class Application(models.Model):
    """One 政府信息公开申请, from submission to reply."""

    number = models.CharField("申请编号", max_length=20, unique=True, editable=False)
    query_code_hash = models.CharField(max_length=64, editable=False)
    channel = models.CharField("申请方式", max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    status = models.CharField("办理状态", max_length=30, choices=Status.choices, default=Status.SUBMITTED)

    # Applicant (条例第二十九条第（一）项). Never shown on a public page or in the API.
    applicant_type = models.CharField("申请人类型", max_length=20, choices=ApplicantType.choices)
    name = models.CharField("姓名或名称", max_length=100)
    id_type = models.CharField("证件类型", max_length=30, choices=IdType.choices)
    id_number = models.CharField("证件号码", max_length=40)
    legal_representative = models.CharField("法定代表人或负责人", max_length=50, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)

    # What is wanted (第（二）项) and in which form (第（三）项).
    information_title = models.CharField("所需信息的名称", max_length=300, blank=True)
    document_number = models.CharField("文号", max_length=100, blank=True)
    description = models.TextField("所需信息的内容描述", max_length=5000)
    information_form = models.CharField("信息的载体形式", max_length=20, choices=InformationForm.choices)
    delivery = models.CharField("获取信息的方式", max_length=20, choices=Delivery.choices)
    fee_waiver_requested = models.BooleanField("申请减免信息处理费", default=False)

    # Receipt (第三十一条). ``received_on`` starts the clock; until staff confirm, an online
    # submission has no receipt date and no clock.
    submitted_at = models.DateTimeField("提交时间")
    signed_on = models.DateField("签收日期", null=True, blank=True, help_text="邮寄申请由本机关签收的日期。")
    received_on = models.DateField("收到申请日期", null=True, blank=True, db_index=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="确认人",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="登记人",
        help_text="线下申请的登记人；网上申请为空。",
    )
    handling_departments = models.ManyToManyField(
        "org.Department", blank=True, related_name="foi_applications", verbose_name="承办处室"
    )
    staff_note = models.TextField("内部备注", blank=True)

    # Outcome: one of the report's categories, and the day the reply went out.
    outcome = models.CharField("办理结果", max_length=40, choices=Outcome.choices, blank=True)
    closed_on = models.DateField("答复（办结）日期", null=True, blank=True, db_index=True)
    reply_text = models.TextField("答复内容", blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="答复人",
    )
    invalid_reason = models.CharField("无效原因", max_length=200, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="foi_closed_has_outcome",
                condition=~Q(status="closed") | (~Q(outcome="") & Q(closed_on__isnull=False)),
                violation_error_message="已办结的申请须有办理结果和办结日期。",
            ),
            models.CheckConstraint(
                name="foi_closed_after_receipt",
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("received_on")),
                violation_error_message="办结日期不能早于收到申请日期。",
            ),
        ]
        indexes = [models.Index(fields=["status", "received_on"])]

    def __str__(self) -> str:
        return f"{self.number}（{self.get_status_display()}）"

    def clean(self) -> None:
        errors = {}
        self.id_number = (self.id_number or "").strip().upper()
        if self.id_type == IdType.RESIDENT_ID and not is_valid_resident_id(self.id_number):
            errors["id_number"] = "居民身份证号码有误：应为18位，且最后一位校验码须正确（GB 11643-1999）。"
        elif self.id_type == IdType.USCC and not is_valid_uscc(self.id_number):
            errors["id_number"] = "统一社会信用代码有误：应为18位，且最后一位校验码须正确（GB 32100-2015）。"
        is_organisation = self.applicant_type and ApplicantType(self.applicant_type).is_organisation
        if is_organisation and self.id_type not in (IdType.USCC, IdType.OTHER):
            errors["id_type"] = "法人或其他组织请填写统一社会信用代码（没有的请选择“其他证件”）。"
        if self.applicant_type == ApplicantType.NATURAL_PERSON and self.id_type == IdType.USCC:
            errors["id_type"] = "自然人请选择个人身份证件。"
        if self.delivery == Delivery.EMAIL and not self.email:
            errors["email"] = "选择以电子邮件获取信息的，请填写电子邮箱。"
        if self.delivery == Delivery.POST and not self.address:
            errors["address"] = "选择邮寄获取信息的，请填写通信地址。"
        if errors:
            raise ValidationError(errors)

    def get_admin_url(self) -> str:
        return reverse("foi:case", args=[self.pk])

    def set_query_code(self, code: str) -> None:
        self.query_code_hash = hash_query_code(code)

    def check_query_code(self, code: str) -> bool:
        return hmac.compare_digest(self.query_code_hash, hash_query_code(code))

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def outcome_rule(self):
        return RULES.get(self.outcome) if self.outcome else None

    @property
    def applicant_label(self) -> str:
        return ApplicantType(self.applicant_type).label


def attachment_path(instance: "ApplicationAttachment", filename: str) -> str:
    # The stored name never contains the uploaded file name: it may carry personal data.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"foi/{instance.application.number}/{instance.kind}-{secrets.token_hex(8)}.{suffix}"


class ApplicationAttachment(models.Model):
    """A file of a case, kept in private storage and served only to staff, or to the applicant with the 查询码."""

    class Kind(models.TextChoices):
        IDENTITY = "identity", "身份证明"
        SUPPLEMENT = "supplement", "补正材料"
        APPLICATION = "application", "申请书扫描件"
        RELEASED = "released", "公开的信息"
        LETTER = "letter", "告知书"
        NOTICE = "notice", "通知书"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    file = models.FileField("文件", upload_to=attachment_path, storage=private_storage, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_at = models.DateTimeField("上传时间")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "申请附件"
        verbose_name_plural = "申请附件"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def visible_to_applicant(self) -> bool:
        return self.kind in (self.Kind.RELEASED, self.Kind.LETTER, self.Kind.NOTICE, self.Kind.SUPPLEMENT)


class Correction(models.Model):
    """The one 补正 notice an application may receive (条例第三十条), and the applicant's answer."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="correction")
    requested_on = models.DateField("告知补正日期")
    items = models.TextField("需要补正的事项", max_length=3000)
    due_on = models.DateField("补正期限", help_text="申请人应在此日期（含）前补正；条例未规定天数，由本机关合理确定。")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="经办人"
    )
    supplemented_on = models.DateField("收到补正日期", null=True, blank=True)
    supplement_text = models.TextField("补正内容", blank=True, max_length=5000)

    class Meta:
        verbose_name = "补正"
        verbose_name_plural = "补正"
        constraints = [
            models.CheckConstraint(
                name="foi_correction_due_after_request",
                condition=Q(due_on__gte=F("requested_on")),
                violation_error_message="补正期限不能早于告知日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.number} 补正"


class Consultation(models.Model):
    """A letter asking a third party (第三十二条) or another agency (第三十四条) for its opinion.

    The time it takes is not counted in the reply limit (第三十三条第三款): from the day the letter
    is sent to the day the answer arrives, or at most to the end of the addressee's 15 working days.
    """

    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", "征求第三方意见"
        OTHER_AGENCY = "other_agency", "征求其他机关意见"

    class Opinion(models.TextChoices):
        AGREE = "agree", "同意公开"
        OBJECT = "object", "不同意公开"
        NONE = "none", "逾期未提出意见"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    party = models.CharField("征求对象", max_length=200)
    sent_on = models.DateField("发出征求意见书日期")
    answered_on = models.DateField("收到意见日期", null=True, blank=True)
    opinion = models.CharField("意见", max_length=20, choices=Opinion.choices, blank=True)
    note = models.TextField("意见摘要", blank=True, max_length=3000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="经办人"
    )

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["sent_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="foi_consultation_answer_after_sending",
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("sent_on")),
                violation_error_message="收到意见日期不能早于发出日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.party}"

    @property
    def limit_key(self) -> str:
        return self.kind  # rules.THIRD_PARTY / rules.OTHER_AGENCY share the values


class Extension(models.Model):
    """A longer reply limit (第三十三条第二款): asked for by the handler, approved by the head of the office."""

    class State(models.TextChoices):
        REQUESTED = "requested", "待审批"
        APPROVED = "approved", "已同意"
        REFUSED = "refused", "未同意"

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="extension")
    days = models.PositiveSmallIntegerField("延长工作日数")
    reason = models.TextField("延期理由", max_length=2000)
    state = models.CharField("审批状态", max_length=20, choices=State.choices, default=State.REQUESTED)
    requested_on = models.DateField("申请延期日期")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="申请人"
    )
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="审批人",
    )
    decision_note = models.CharField("审批意见", max_length=500, blank=True)

    class Meta:
        verbose_name = "延期答复"
        verbose_name_plural = "延期答复"
        constraints = [
            models.CheckConstraint(
                name="foi_extension_positive",
                condition=Q(days__gte=1),
                violation_error_message="延长期限至少1个工作日。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.number} 延期{self.days}个工作日（{self.get_state_display()}）"


class FeeNotice(models.Model):
    """A 信息处理费 notice (国办函〔2020〕109号): one method per application, never both."""

    class Method(models.TextChoices):
        PER_ITEM = "per_item", "按件计收"
        PER_VOLUME = "per_volume", "按量计收"

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="fee_notice")
    method = models.CharField("计收方式", max_length=20, choices=Method.choices)
    quantity = models.PositiveIntegerField("计费数量", help_text="按件：该申请人本自然月内的第几件申请；按量：页数。")
    amount = models.PositiveIntegerField("金额（元）")
    issued_on = models.DateField("发出收费通知日期")
    received_on = models.DateField("申请人收到通知日期")
    paid_on = models.DateField("缴费日期", null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="经办人"
    )

    class Meta:
        verbose_name = "信息处理费"
        verbose_name_plural = "信息处理费"
        constraints = [
            models.CheckConstraint(
                name="foi_fee_received_after_issue",
                condition=Q(received_on__gte=F("issued_on")),
                violation_error_message="收到通知日期不能早于发出日期。",
            ),
            models.CheckConstraint(
                name="foi_fee_paid_after_receipt",
                condition=Q(paid_on__isnull=True) | Q(paid_on__gte=F("issued_on")),
                violation_error_message="缴费日期不能早于通知日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.number} {self.get_method_display()} {self.amount}元"


class Challenge(models.Model):
    """行政复议 or 行政诉讼 brought over a case's reply, for section 四 of the annual report."""

    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", "行政复议"
        LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
        LITIGATION_AFTER = "litigation_after", "行政诉讼（复议后起诉）"

    class Result(models.TextChoices):
        UPHELD = "upheld", "结果维持"
        CORRECTED = "corrected", "结果纠正"
        OTHER = "other", "其他结果"
        PENDING = "pending", "尚未审结"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="challenges")
    kind = models.CharField("类别", max_length=30, choices=Kind.choices)
    case_number = models.CharField("案号", max_length=100, blank=True)
    body = models.CharField("复议机关或受理法院", max_length=100, blank=True)
    filed_on = models.DateField("立案（受理）日期")
    result = models.CharField("结果", max_length=20, choices=Result.choices, default=Result.PENDING)
    concluded_on = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="登记人"
    )

    class Meta:
        verbose_name = "行政复议、行政诉讼"
        verbose_name_plural = "行政复议、行政诉讼"
        ordering = ["filed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="foi_challenge_concluded_has_result",
                condition=(Q(result="pending") & Q(concluded_on__isnull=True))
                | (~Q(result="pending") & Q(concluded_on__isnull=False)),
                violation_error_message="已审结的须填写结果和审结日期；尚未审结的不填审结日期。",
            ),
            models.CheckConstraint(
                name="foi_challenge_concluded_after_filing",
                condition=Q(concluded_on__isnull=True) | Q(concluded_on__gte=F("filed_on")),
                violation_error_message="审结日期不能早于立案日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.number} {self.get_kind_display()}"


class CaseNote(models.Model):
    """An internal note on a case: the handling department's opinion, a phone call with the applicant…"""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField("内容", max_length=3000)
    department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="处室"
    )
    created_at = models.DateTimeField("时间")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="记录人"
    )

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:30]


class AnnualReport(models.Model):
    """政府信息公开工作年度报告 (条例第四十九条、第五十条): staff write the prose, the tables come from data.

    When the report is published, its tables are frozen in ``snapshot`` so that the published
    figures never change afterwards, and next year's check "上年结转 = 去年的结转下年度" compares
    against what was actually published.
    """

    year = models.PositiveSmallIntegerField("年度", unique=True)
    overview = models.TextField("一、总体情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other_matters = models.TextField("六、其他需要报告的事项", blank=True)
    administrative_fees = models.DecimalField(
        "行政事业性收费金额（万元）",
        max_digits=12,
        decimal_places=4,
        default=0,
        help_text="第二十条第（八）项：本年收费金额，单位万元。",
    )
    snapshot = models.JSONField("发布时的表格数据", null=True, blank=True, editable=False)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, editable=False)
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="年报页面",
        editable=False,
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "信息公开年度报告"
        verbose_name_plural = "信息公开年度报告"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年度政府信息公开工作年度报告"


@register_setting(icon="mail")
class FoiSettings(BaseGenericSetting):
    """What every letter to an applicant states: who answers, where to complain, how to reach the office.

    行政复议法（2023）第二十四条 makes the provincial government the reconsideration organ of a provincial
    department; 行政诉讼法第十八条 sends suits to the court where the agency is. Both are facts of the
    installation, so the office enters them here rather than in code.
    """

    office_name = models.CharField("政府信息公开工作机构", max_length=100, default="办公室")
    office_address = models.CharField("受理地址", max_length=200, blank=True)
    office_phone = models.CharField("咨询电话", max_length=50, blank=True)
    office_fax = models.CharField("传真", max_length=50, blank=True, help_text="受理传真申请的号码（条例第三十一条）。")
    office_hours = models.CharField("受理时间", max_length=100, default="工作日 9:00—12:00，14:00—17:30")
    reconsideration_body = models.CharField(
        "行政复议机关", max_length=100, default="省人民政府", help_text="申请人可向其申请行政复议的机关。"
    )
    court = models.CharField("管辖人民法院", max_length=100, default="有管辖权的人民法院")
    correction_period_workdays = models.PositiveSmallIntegerField(
        "默认补正期限（工作日）",
        default=10,
        help_text="告知补正时默认给申请人的补正时间；条例第三十条只要求“合理的补正期限”。",
    )

    panels = [
        FieldPanel("office_name"),
        FieldPanel("office_address"),
        FieldPanel("office_phone"),
        FieldPanel("office_fax"),
        FieldPanel("office_hours"),
        FieldPanel("reconsideration_body"),
        FieldPanel("court"),
        FieldPanel("correction_period_workdays"),
    ]

    class Meta:
        verbose_name = "依申请公开设置"
