"""China's statutory holiday arrangement as data: one record per State Council notice, and its days.

A day is a working day by the weekend rule (Monday–Friday) unless a notice says otherwise.
Only those exceptions are stored: 放假 on a weekday (a holiday-block day off) and 上班 on a
Saturday or Sunday (调休上班). A year counts as "entered" once it has at least one notice;
until then every date in it is computed with the weekend rule alone and marked provisional.
See docs/calendar.md.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel

WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def weekday_name(day: datetime.date) -> str:
    return WEEKDAY_NAMES[day.weekday()]


def default_notice_title(year: int) -> str:
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


class DayKind(models.TextChoices):
    OFF = "off", "放假"
    WORK = "work", "上班"


class HolidayNotice(ClusterableModel):
    """A 国务院办公厅 notice on a year's holidays (部分节假日安排), or a later notice changing it.

    Usually one per year; a year may have more (2019's 劳动节 change, 国办发明电〔2019〕3号;
    2020's Spring Festival extension, 国办发明电〔2020〕1号), each holding the days it set.
    """

    year = models.PositiveSmallIntegerField(
        "年度",
        validators=[
            MinValueValidator(2000, "年度应在2000年至2100年之间。"),
            MaxValueValidator(2100, "年度应在2000年至2100年之间。"),
        ],
        help_text="通知安排的年度，例如 2027。",
    )
    document_number = models.CharField(
        "文号",
        max_length=50,
        unique=True,
        error_messages={"unique": "该文号的通知已经录入。"},
        help_text="例如：国办发明电〔2025〕7号",
    )
    published_on = models.DateField("发布日期", help_text="通知的发布日期，格式 YYYY-MM-DD。")
    title = models.CharField(
        "标题", max_length=200, blank=True, help_text="留空则为“国务院办公厅关于YYYY年部分节假日安排的通知”。"
    )
    source = models.CharField("来源说明", max_length=500, blank=True, help_text="原文网址或其他出处说明。")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("published_on")]),
        FieldPanel("document_number"),
        FieldPanel("title"),
        FieldPanel("source"),
        InlinePanel(
            "days",
            heading="放假日和调休上班日",
            label="日期",
            help_text=(
                "只需录入与“周一至周五上班、周六周日休息”不同的日期：工作日放假（放假）和周末调休上班（上班）。"
                "假期中本来就是周末的日期可以不录。"
            ),
        ),
    ]

    class Meta:
        ordering = ["-year", "-published_on"]
        verbose_name = "节假日安排通知"
        verbose_name_plural = "节假日安排通知"

    def __str__(self) -> str:
        return f"{self.year}年 {self.document_number}"

    def clean(self) -> None:
        if not self.title and self.year:
            self.title = default_notice_title(self.year)

    def days_summary(self) -> str:
        kinds = [day.kind for day in self.days.all()]
        return f"放假{kinds.count(DayKind.OFF)}天，调休上班{kinds.count(DayKind.WORK)}天"

    days_summary.short_description = "录入的日期"

    def year_workdays(self) -> int:
        """Working days in the notice's year as the calendar now computes them."""
        from gongkai.calendar.services import workdays_between

        return workdays_between(datetime.date(self.year - 1, 12, 31), datetime.date(self.year, 12, 31))

    year_workdays.short_description = "全年工作日"


class DayException(models.Model):
    """One date on which the weekend rule does not hold, as set by its notice."""

    notice = ParentalKey(HolidayNotice, on_delete=models.CASCADE, related_name="days", verbose_name="通知")
    date = models.DateField(
        "日期",
        unique=True,
        error_messages={"unique": "该日期已在另一份通知中录入，同一日期只能录入一次。"},
    )
    kind = models.CharField("类型", max_length=4, choices=DayKind.choices)
    name = models.CharField(
        "节日", max_length=30, help_text="例如：元旦、春节、清明节、劳动节、端午节、中秋节、国庆节。"
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("kind"), FieldPanel("name")])]

    class Meta:
        ordering = ["date"]
        verbose_name = "放假或调休日"
        verbose_name_plural = "放假或调休日"
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=DayKind.values), name="workcalendar_day_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}{self.get_kind_display()}"

    def clean(self) -> None:
        # 调休上班 only ever moves work onto a weekend; a weekday is a working day already.
        if self.kind == DayKind.WORK and self.date and self.date.weekday() < 5:
            raise ValidationError(
                {"date": f"{self.date:%Y-%m-%d}是{weekday_name(self.date)}，调休上班日只能是星期六或星期日。"}
            )
