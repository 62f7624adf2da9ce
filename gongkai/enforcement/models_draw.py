"""双随机一公开 in the database: the directory of inspection targets, the draws and their outcomes.

The algorithm is ``gongkai.enforcement.draw`` (plain Python); these models only keep what it
publishes. A ``Draw`` stores the announcement document (parameters + commitment) when it is
announced, and the record document (parameters, beacon, seed, result) when it is drawn — both as
the very JSON objects that are offered for download, so that a downloaded file can always be
recomputed by anyone (docs/enforcement-draw.md).

Names shown next to the ids on the public page come from ``roster``, a copy of the directories
taken at announcement: later edits of the directories (a company renamed, an officer retired)
never change what a published draw says.

State is derived from the timestamps (``status``), not stored. State changes go through
``gongkai.enforcement.services_draw``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from gongkai.core.validators import is_valid_uscc

__all__ = ["DrawStatus", "InspectionTarget", "Draw", "InspectionOutcome"]


class DrawStatus(models.TextChoices):
    ANNOUNCED = "announced", "已公告，待抽取"
    DRAWN = "drawn", "已抽取"
    CANCELLED = "cancelled", "已取消"


class InspectionTarget(models.Model):
    """One entry of a department's 检查对象名录 (the pool that targets are drawn from).

    Its id in a draw (``draw_code``) is the 统一社会信用代码 when there is one, else "T" and the
    primary key: a stable public code that never carries personal data (a draw's record is
    published in full; a 居民身份证号码 must never be an id, docs/enforcement-draw.md).
    """

    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="inspection_targets", verbose_name="所属处室"
    )
    name = models.CharField("检查对象名称", max_length=200)
    uscc = models.CharField(
        "统一社会信用代码",
        max_length=18,
        blank=True,
        help_text="填写后作为该检查对象在抽查中的编号；未填写的以“T”加系统编号表示。",
    )
    category = models.CharField("类别", max_length=100, blank=True, help_text="例如：重点排污单位、危险废物经营单位。")
    address = models.CharField("地址", max_length=200, blank=True)
    active = models.BooleanField(
        "在录", default=True, help_text="取消勾选即移出名录：不再参加以后的抽查，已发布的抽查不受影响。"
    )

    class Meta:
        verbose_name = "检查对象"
        verbose_name_plural = "检查对象名录"
        ordering = ["department__sort_order", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "uscc"],
                condition=~Q(uscc=""),
                name="enforcement_target_unique_uscc",
                violation_error_message="本处室名录中已有该统一社会信用代码的检查对象。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.draw_code}）" if self.pk else self.name

    def save(self, *args, **kwargs):
        # Normalised before saving so that the uniqueness constraint and the draw ids agree.
        self.uscc = (self.uscc or "").strip().upper()
        return super().save(*args, **kwargs)

    def clean(self) -> None:
        self.uscc = (self.uscc or "").strip().upper()
        if self.uscc and not is_valid_uscc(self.uscc):
            raise ValidationError({"uscc": "统一社会信用代码无效：应为18位，且校验码须符合 GB 32100-2015。"})

    @property
    def draw_code(self) -> str:
        return self.uscc or f"T{self.pk}"


class Draw(models.Model):
    """One 双随机 draw: announced with its commitment, drawn once after the beacon is published."""

    code = models.CharField("抽查编号", max_length=50, unique=True, help_text="例如 2026-SJ-003。")
    title = models.CharField("抽查名称", max_length=200)
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="inspection_draws", verbose_name="组织处室"
    )
    matter = models.ForeignKey(
        "enforcement.EnforcementMatter",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="draws",
        verbose_name="随机抽查事项",
    )
    # The announcement document (draw.announcement_json, parsed): {"parameters": …, "commitment": …}.
    parameters = models.JSONField("抽查公告（参数）")
    commitment = models.CharField("承诺值", max_length=64)
    beacon_source = models.CharField("随机数来源", max_length=500)
    # Names for the ids at announcement: {"targets": {id: {name, category}}, "inspectors": {id: {name, department}}}.
    roster = models.JSONField("名录快照", default=dict)
    announced_at = models.DateTimeField("公告时间")
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="公告人"
    )
    beacon = models.CharField("随机数来源值", max_length=200, blank=True)
    # The record document (draw.to_json, parsed); None until drawn.
    result = models.JSONField("抽查结果记录", null=True, blank=True)
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="抽取人",
    )
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="取消人",
    )
    cancel_reason = models.TextField("取消原因（公开）", blank=True)

    class Meta:
        verbose_name = "双随机抽查"
        verbose_name_plural = "双随机抽查"
        ordering = ["-announced_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="enforcement_draw_drawn_has_record",
                condition=Q(drawn_at__isnull=True) | (~Q(beacon="") & Q(result__isnull=False)),
                violation_error_message="已抽取的抽查须有随机数来源值和抽查结果记录。",
            ),
            models.CheckConstraint(
                name="enforcement_draw_cancel_has_reason",
                condition=Q(cancelled_at__isnull=True) | ~Q(cancel_reason=""),
                violation_error_message="取消抽查须说明原因。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("enforcement_draws:detail", args=[self.code])

    @property
    def status(self) -> DrawStatus:
        if self.cancelled_at is not None:
            return DrawStatus.CANCELLED
        if self.drawn_at is not None:
            return DrawStatus.DRAWN
        return DrawStatus.ANNOUNCED

    def get_status_display(self) -> str:
        return self.status.label

    def draw_parameters(self):
        """The announced DrawParameters (with the beacon once entered)."""
        from gongkai.enforcement import draw

        return draw.parameters_from_json(self.parameters["parameters"], beacon=self.beacon or None)

    def draw_result(self):
        """The published DrawResult, or None before the draw."""
        from gongkai.enforcement import draw

        return draw.from_json(self.result)[1] if self.result else None

    def announcement_document(self) -> str:
        """The announcement file, byte for byte as at announcement (regenerated from the stored values)."""
        from gongkai.enforcement import draw

        return draw.announcement_json(self.draw_parameters())

    def record_document(self) -> str | None:
        """The record file, or None before the draw."""
        from gongkai.enforcement import draw

        if not self.result:
            return None
        params, result = draw.from_json(self.result)
        return draw.to_json(params, result)

    def target_name(self, code: str) -> str:
        return self.roster.get("targets", {}).get(code, {}).get("name", "")

    def inspector(self, code: str) -> dict:
        return self.roster.get("inspectors", {}).get(code, {})


class InspectionOutcome(models.Model):
    """The result of inspecting one drawn target, published with the draw.

    国办发〔2015〕58号: 抽查情况及查处结果及时向社会公开.
    """

    draw = models.ForeignKey(Draw, on_delete=models.PROTECT, related_name="outcomes", verbose_name="抽查")
    target_code = models.CharField("检查对象编号", max_length=50)
    target_name = models.CharField("检查对象名称", max_length=200)
    inspected_on = models.DateField("检查日期")
    summary = models.TextField("检查结果（公开）")
    issues_found = models.BooleanField("发现问题", default=False)
    follow_up = models.TextField("后续处理（公开）", blank=True, help_text="例如：责令限期改正；已立案调查。")
    recorded_at = models.DateTimeField("录入时间", auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="录入人"
    )

    class Meta:
        verbose_name = "抽查结果"
        verbose_name_plural = "抽查结果"
        ordering = ["draw", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["draw", "target_code"],
                name="enforcement_outcome_one_per_target",
                violation_error_message="该检查对象的抽查结果已录入。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.draw.code} {self.target_name}"
