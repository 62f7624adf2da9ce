"""行政执法公示: what each department publishes before enforcement (事前公开) and the decisions after it (事后公开).

A ``Decision`` is a Wagtail snippet with drafts, revisions and the review workflow, so it is
published exactly as a disclosure item is (处室审核 → 办公室审核, nobody approving their own change).
Everything a reader sees comes from the masked copy (``public_*`` fields), never from the raw
record; the raw full text and the party's identity document stay in the back office.

Due dates, publication periods and lateness are derived from dates by ``gongkai.enforcement.rules``
and never stored.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin, WorkflowMixin

from gongkai.core.validators import is_valid_resident_id, is_valid_uscc


class Kind(models.TextChoices):
    """执法类别 (国办发〔2018〕118号 事后公开; 双公示 covers the first two)."""

    LICENSE = "license", "行政许可"
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    INSPECTION = "inspection", "行政检查"
    OTHER = "other", "其他"


class PartyCategory(models.TextChoices):
    """行政相对人类别, the three values of the 双公示 standard (disclosure-rules.md §2.2)."""

    ORGANISATION = "organisation", "法人及非法人组织"
    PERSON = "person", "自然人"
    INDIVIDUAL_BUSINESS = "individual_business", "个体工商户"


class Seriousness(models.TextChoices):
    """失信程度 for the publication period (国家发展改革委令第36号, from 2026-04-01; 527号 in 2019)."""

    MINOR = "minor", "轻微"
    GENERAL = "general", "一般"
    SERIOUS = "serious", "严重"


class PenaltyType(models.TextChoices):
    """处罚类别 after the 2021 行政处罚法第九条."""

    WARNING = "警告", "警告"
    CRITICISM = "通报批评", "通报批评"
    FINE = "罚款", "罚款"
    CONFISCATE_GAINS = "没收违法所得", "没收违法所得"
    CONFISCATE_PROPERTY = "没收非法财物", "没收非法财物"
    SUSPEND_LICENSE = "暂扣许可证件", "暂扣许可证件"
    DOWNGRADE = "降低资质等级", "降低资质等级"
    REVOKE_LICENSE = "吊销许可证件", "吊销许可证件"
    RESTRICT_BUSINESS = "限制开展生产经营活动", "限制开展生产经营活动"
    SUSPEND_BUSINESS = "责令停产停业", "责令停产停业"
    CLOSE = "责令关闭", "责令关闭"
    OCCUPATIONAL_BAN = "限制从业", "限制从业"
    DETENTION = "行政拘留", "行政拘留"
    OTHER = "其他", "其他"


class LicenseCategory(models.TextChoices):
    ORDINARY = "普通", "普通"
    FRANCHISE = "特许", "特许"
    RECOGNITION = "认可", "认可"
    APPROVAL = "核准", "核准"
    REGISTRATION = "登记", "登记"
    OTHER = "其他", "其他"


class WithdrawalReason(models.TextChoices):
    """Why a published decision comes down: 行政处罚法第四十八条 and 国办发〔2018〕118号 together."""

    CHANGED = "changed", "变更"
    REVOKED = "revoked", "撤销"
    CONFIRMED_ILLEGAL = "confirmed_illegal", "确认违法"
    CONFIRMED_VOID = "confirmed_void", "确认无效"
    REMAKE_ORDERED = "remake_ordered", "要求重新作出"


class DecisionQuerySet(models.QuerySet):
    def for_department(self, department_id: int | None):
        return self.filter(department_id=department_id) if department_id is not None else self.none()


class Decision(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model):
    """One enforcement decision with the 双公示 fields (disclosure-rules.md §2.2)."""

    kind = models.CharField("执法类别", max_length=20, choices=Kind.choices)
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="enforcement_decisions", verbose_name="执法处室"
    )
    document_title = models.CharField(
        "决定文书名称",
        max_length=100,
        help_text="例如：行政处罚决定书、查封扣押决定书、建设项目环境影响报告书审批意见。",
    )
    decision_number = models.CharField("决定文书号", max_length=100, unique=True)
    # The number as the public query compares it (search_index.number_key): an exact match through
    # this index comes before any fragment search.
    decision_number_key = models.CharField(
        "决定文书号（检索形式）", max_length=100, db_index=True, editable=False, default=""
    )
    decision_date = models.DateField("决定日期", db_index=True)

    # 行政相对人
    party_name = models.CharField("行政相对人名称", max_length=200, db_index=True)
    party_category = models.CharField("行政相对人类别", max_length=30, choices=PartyCategory.choices)
    party_uscc = models.CharField("统一社会信用代码", max_length=18, blank=True, db_index=True)
    legal_representative = models.CharField("法定代表人（负责人）", max_length=50, blank=True)
    # A natural person's identity document: kept for the record, never published (only masked).
    party_id_type = models.CharField("证件类型", max_length=30, blank=True, default="身份证")
    party_id_number = models.CharField("证件号码", max_length=40, blank=True)
    party_is_minor = models.BooleanField(
        "当事人为未成年人", default=False, help_text="当事人为未成年人的决定一律不予公开。"
    )

    # 处罚
    violation_type = models.CharField("违法行为类型", max_length=200, blank=True)
    facts = models.TextField("违法事实", blank=True)
    basis = models.TextField("依据", blank=True, help_text="处罚依据或许可依据。")
    penalty_types = models.JSONField("处罚类别", default=list, blank=True)
    content = models.TextField("决定内容", help_text="处罚内容、许可内容或强制措施内容。")
    fine_amount = models.DecimalField(
        "罚款金额（万元）",
        max_digits=18,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    confiscation_amount = models.DecimalField(
        "没收违法所得、没收非法财物的金额（万元）",
        max_digits=18,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    suspended_license = models.CharField("暂扣或吊销证照名称及编号", max_length=200, blank=True)
    seriousness = models.CharField(
        "失信程度",
        max_length=20,
        choices=Seriousness.choices,
        default=Seriousness.GENERAL,
        help_text="决定公示期限：一般失信3个月至1年，严重失信1年至3年，轻微失信原则上不公示（2026年4月1日起）。",
    )
    special_sector = models.BooleanField(
        "食品、药品、特种设备、安全生产、消防领域",
        default=False,
        help_text="2023年5月1日至2026年3月31日作出的处罚，这些领域最短公示期为1年（国家发展改革委令第58号）。",
    )

    # 许可
    license_category = models.CharField("许可类别", max_length=10, choices=LicenseCategory.choices, blank=True)
    certificate_name = models.CharField("许可证书名称", max_length=100, blank=True)
    license_number = models.CharField("许可编号", max_length=100, blank=True)
    valid_from = models.DateField("有效期自", null=True, blank=True)
    valid_to = models.DateField("有效期至", null=True, blank=True)

    remarks = models.TextField("备注", blank=True)
    full_text = models.TextField("决定书全文（原文）", blank=True, help_text="原文只在后台保存；公开的是脱敏后的文本。")

    # The masked copy that is published; made by services.decision_mask, reviewed (and editable) by staff.
    public_facts = models.TextField("违法事实（公开文本）", blank=True)
    public_content = models.TextField("决定内容（公开文本）", blank=True)
    public_basis = models.TextField("依据（公开文本）", blank=True)
    public_remarks = models.TextField("备注（公开文本）", blank=True)
    public_full_text = models.TextField("决定书全文（公开文本）", blank=True)
    masking_reviewed_at = models.DateTimeField("脱敏审核时间", null=True, blank=True, editable=False)
    masking_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name="脱敏审核人",
    )

    # Early end of publication after 信用修复 (国家发展改革委令第58号、第36号).
    removed_early_on = models.DateField("提前停止公示日期", null=True, blank=True, editable=False)
    removal_reason = models.CharField("提前停止公示原因", max_length=300, blank=True, editable=False)

    # The last day of publication under the rules of the decision date (rules.publication_end): a
    # function of this record's own fields, kept in a column so that the public list can filter on it.
    public_until = models.DateField("公示截止日期", null=True, blank=True, editable=False, db_index=True)

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

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "行政执法决定"
        verbose_name_plural = "行政执法决定"
        ordering = ["-decision_date", "-pk"]
        indexes = [models.Index(fields=["kind", "decision_date"]), models.Index(fields=["department", "decision_date"])]
        constraints = [
            models.CheckConstraint(
                name="enforcement_valid_period_order",
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                violation_error_message="有效期至不能早于有效期自。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} {self.party_name}"

    def clean(self) -> None:
        errors = {}
        self.party_uscc = (self.party_uscc or "").strip().upper()
        if self.party_category == PartyCategory.ORGANISATION:
            if not is_valid_uscc(self.party_uscc):
                errors["party_uscc"] = "法人及非法人组织须填写有效的统一社会信用代码（校验位须正确）。"
            if not self.legal_representative:
                errors["legal_representative"] = "法人及非法人组织须填写法定代表人（负责人）。"
        elif self.party_uscc and not is_valid_uscc(self.party_uscc):
            errors["party_uscc"] = "统一社会信用代码校验位错误。"
        if self.party_category == PartyCategory.PERSON:
            if not self.party_id_number:
                errors["party_id_number"] = "自然人须填写证件号码（不公开）。"
            elif self.party_id_type == "身份证" and not is_valid_resident_id(self.party_id_number):
                errors["party_id_number"] = "居民身份证号码校验位错误。"
        if self.kind == Kind.PENALTY:
            unknown = [t for t in self.penalty_types if t not in PenaltyType.values]
            if not self.penalty_types or unknown:
                errors["penalty_types"] = "请选择处罚类别（行政处罚法第九条）。"
            if PenaltyType.FINE in self.penalty_types and self.fine_amount is None:
                errors["fine_amount"] = "处罚类别含罚款的，须填写罚款金额（万元）。"
        if self.kind == Kind.LICENSE and not self.license_category:
            errors["license_category"] = "请选择许可类别。"
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        from gongkai.enforcement.rules import publication_end
        from gongkai.enforcement.search_index import number_key

        self.public_until = publication_end(self)
        self.decision_number_key = number_key(self.decision_number)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "decision_number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "decision_number_key"}
        return super().save(*args, **kwargs)

    def publication_blockers(self) -> list[str]:
        """Why this decision must not go public as it stands (checked by the review workflow)."""
        from gongkai.enforcement.masking import contains_personal_data
        from gongkai.enforcement.rules import penalty_period

        blockers = []
        if self.pk and Withdrawal.objects.filter(decision_id=self.pk).exists():
            blockers.append("该决定已撤下公示，不能再次公示；如重新作出决定，请录入新的决定")
        if self.removed_early_on:
            blockers.append("该决定已在信用修复后停止公示")
        if self.party_is_minor:
            blockers.append("当事人为未成年人，决定不予公开")
        if (
            self.kind == Kind.PENALTY
            and not penalty_period(
                self.decision_date, seriousness=self.seriousness, special_sector=self.special_sector
            ).published
        ):
            blockers.append("轻微失信行为的处罚信息原则上不公示（国家发展改革委令第36号）")
        if self.masking_reviewed_at is None:
            blockers.append("脱敏文本尚未经工作人员核对")
        person = self.party_category == PartyCategory.PERSON
        for label, text in self.public_texts().items():
            if text and contains_personal_data(text, party_name=self.party_name, party_is_person=person):
                blockers.append(f"“{label}”的公开文本中仍有个人信息")
        return blockers

    def public_texts(self) -> dict[str, str]:
        return {
            "违法事实": self.public_facts,
            "决定内容": self.public_content,
            "依据": self.public_basis,
            "备注": self.public_remarks,
            "决定书全文": self.public_full_text,
        }

    def get_preview_template(self, request, mode_name):
        return "enforcement/public/decision.html"


class Withdrawal(models.Model):
    """A published decision that was changed, revoked, confirmed illegal or void, or ordered remade.

    Recorded when the office learns of the event; the decision must come down within 3 working
    days of it (行政处罚法第四十八条, 第八十五条), with a public statement of the reason.
    """

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="withdrawal")
    reason = models.CharField("撤下事由", max_length=30, choices=WithdrawalReason.choices)
    event_date = models.DateField("事由发生日期", help_text="变更、撤销、确认违法或无效、要求重新作出的决定作出之日。")
    statement = models.TextField("公开说明", help_text="撤下后在原位置公开的理由说明。")
    withdrawn_on = models.DateField("撤下日期")
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="经办人"
    )

    class Meta:
        verbose_name = "撤下公示"
        verbose_name_plural = "撤下公示"
        constraints = [
            models.CheckConstraint(
                name="enforcement_withdrawn_after_event",
                condition=Q(withdrawn_on__gte=models.F("event_date")),
                violation_error_message="撤下日期不能早于事由发生日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision.decision_number} {self.get_reason_display()}"


class EnforcementOfficer(models.Model):
    """执法人员 (事前公开: 执法人员 with 执法证号, 国办发〔2018〕118号)."""

    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="enforcement_officers", verbose_name="所属处室"
    )
    name = models.CharField("姓名", max_length=50)
    certificate_number = models.CharField("执法证号", max_length=50, unique=True)
    enforcement_area = models.CharField("执法类别或区域", max_length=100, blank=True)
    active = models.BooleanField("在岗", default=True)

    class Meta:
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员"
        ordering = ["department__sort_order", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate_number}）"


class EnforcementMatter(models.Model):
    """One line of a department's 执法事项清单: 职责, 权限, 依据, 程序, 救济渠道 (事前公开)."""

    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="enforcement_matters", verbose_name="实施处室"
    )
    name = models.CharField("事项名称", max_length=200)
    kind = models.CharField("事项类别", max_length=20, choices=Kind.choices)
    duty = models.TextField("职责")
    authority = models.TextField("权限")
    basis = models.TextField("依据")
    procedure = models.TextField("程序")
    remedy = models.TextField("救济渠道")
    random_inspection = models.BooleanField("列入随机抽查事项清单", default=False)
    inspection_method = models.CharField("抽查方式和比例", max_length=200, blank=True)
    flowchart = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="执法流程图",
    )
    updated_on = models.DateField("更新日期")
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "执法事项"
        verbose_name_plural = "执法事项清单"
        ordering = ["department__sort_order", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


from gongkai.enforcement.models_draw import *  # noqa


class DecisionSearchEntry(models.Model):
    """The index tokens of one decision that may be public (gongkai.enforcement.search_index).

    On SQLite an FTS5 table over this one (migration 0004, kept in step by triggers); on
    PostgreSQL a GIN-indexed ``vector`` column filled by a trigger. Written only by
    ``search_index.sync`` and ``index_many``.
    """

    decision = models.OneToOneField(
        Decision, on_delete=models.CASCADE, primary_key=True, related_name="search_entry", verbose_name="执法决定"
    )
    sort_key = models.BigIntegerField("排序键", unique=True)
    names = models.TextField("名称检索词")
    numbers = models.TextField("文书号检索词")

    class Meta:
        verbose_name = "执法决定检索项"
        verbose_name_plural = "执法决定检索项"

    def __str__(self) -> str:
        return f"检索项 {self.decision_id}"
