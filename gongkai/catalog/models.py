"""The 主动公开目录: catalog taxonomy and the metadata every disclosure item carries."""

from django.db import models, transaction
from django.db.models import F
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class TopicCategory(models.Model):
    """主题分类 (e.g. 环境监测、环境影响评价). Edited by the disclosure office."""

    name = models.CharField("名称", max_length=50)
    code = models.CharField("分类代码", max_length=20, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name="上级分类"
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("parent"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class GenreCategory(models.Model):
    """体裁分类 (通知、公告、意见、办法、报告…). Edited by the disclosure office."""

    name = models.CharField("名称", max_length=50, unique=True)
    code = models.CharField("分类代码", max_length=20, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = "体裁分类"
        verbose_name_plural = "体裁分类"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class IndexNumberCounter(models.Model):
    """The last 索引号 sequence number given out in a year."""

    year = models.PositiveIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "索引号计数"

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


def allocate_index_number(*, agency_code: str, year: int) -> str:
    """Give out the next 索引号: ``{统一社会信用代码}/{年份}-{五位序号}``, e.g. ``11520000MB1234567X/2026-00042``.

    The counter row is updated with an F() expression inside a transaction, so two
    simultaneous publications never receive the same number (docs/catalog.md).
    """
    with transaction.atomic():
        counter, _ = IndexNumberCounter.objects.get_or_create(year=year)
        IndexNumberCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
        counter.refresh_from_db()
    return f"{agency_code}/{year}-{counter.last:05d}"


class Validity(models.TextChoices):
    """有效性: whether a document is still in force, and if not, why."""

    VALID = "valid", "有效"
    AMENDED = "amended", "已修订"
    REPEALED = "repealed", "已废止"
    EXPIRED = "expired", "已失效"


class LegalForm(models.TextChoices):
    """文件性质, for section 二（第二十条第（一）项）of the annual report: 规章 and 行政规范性文件."""

    RULE = "rule", "规章"
    NORMATIVE = "normative", "行政规范性文件"


class DisclosureMetadata(models.Model):
    """The catalog metadata of a disclosure item, shown as a table at the top of its page.

    索引号 and 发布日期 are set by the system at first publication and never change afterwards
    (a forged publication date fails a website inspection outright).
    """

    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="+", verbose_name="发布机构"
    )
    topic = models.ForeignKey(
        TopicCategory, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="主题分类"
    )
    genre = models.ForeignKey(
        GenreCategory, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="体裁分类"
    )
    written_date = models.DateField(
        "成文日期", null=True, blank=True, help_text="信息形成（或变更）之日；条例第二十六条的20个工作日自此起算。"
    )
    document_number = models.CharField("文号", max_length=100, blank=True, db_index=True)
    keywords = models.CharField("关键词", max_length=200, blank=True, help_text="多个关键词以空格或逗号分隔。")
    validity = models.CharField("有效性", max_length=20, choices=Validity.choices, default=Validity.VALID)
    superseded_by = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="修订或废止文件",
        help_text="有效性为“已修订”或“已废止”时，链接到修订或废止它的信息。",
    )
    important = models.BooleanField("重要信息（需领导审签）", default=False)
    legal_form = models.CharField(
        "文件性质",
        max_length=20,
        choices=LegalForm.choices,
        blank=True,
        help_text="规章或行政规范性文件；年度报告按此统计制发、废止和现行有效件数。其他信息留空。",
    )
    index_number = models.CharField("索引号", max_length=40, unique=True, null=True, blank=True, editable=False)
    published_date = models.DateField("发布日期", null=True, blank=True, editable=False, db_index=True)

    metadata_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("department"), FieldPanel("topic"), FieldPanel("genre")]),
                FieldRowPanel([FieldPanel("written_date"), FieldPanel("document_number")]),
                FieldRowPanel([FieldPanel("legal_form"), FieldPanel("validity"), FieldPanel("superseded_by")]),
                FieldPanel("keywords"),
                FieldPanel("important"),
            ],
            heading="公开目录信息",
        ),
    ]

    # A copy is a new item: it gets its own 索引号 and 发布日期 when it is first published.
    exclude_fields_in_copy = ["index_number", "published_date"]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding and self.pk is None:
            # A new row never brings a 索引号 with it: Wagtail's aliases copy every field, and a
            # duplicate would fail the unique check in Page.full_clean() before any signal runs.
            self.index_number = None
            self.published_date = None
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        # Publishing an older draft must not wipe what the system set at first publication.
        obj = super().with_content_json(content)
        obj.index_number = self.index_number
        obj.published_date = self.published_date
        return obj

    @property
    def keyword_list(self) -> list[str]:
        return [k for k in self.keywords.replace("，", " ").replace(",", " ").split() if k]
