"""Page types of the public portal: home, columns (栏目), disclosure items and plain pages."""

from django.core.paginator import Paginator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from gongkai.catalog.models import DisclosureMetadata

# Rich text that a drafter may use. Anything else is stripped by Wagtail's whitelist on save.
BODY_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "hr", "link", "document-link", "image"]


class HomePage(Page):
    """The portal's home page: news, notices, policies, interpretations and entry points."""

    intro = models.CharField("简介", max_length=200, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["portal.ColumnPage", "portal.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = "首页"


class ColumnPage(Page):
    """A column (栏目) such as 新闻发布 or 政策文件: lists the items beneath it, newest first."""

    intro = RichTextField("栏目说明", blank=True, features=["bold", "italic", "link"])
    show_on_home = models.BooleanField("在首页展示", default=False)
    home_order = models.PositiveIntegerField("首页排序", default=0)
    update_cycle_days = models.PositiveIntegerField(
        "更新周期（天）",
        null=True,
        blank=True,
        help_text="动态类栏目通常为14天，通知公告、政策文件类为180天；为空表示不考核更新。",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("show_on_home"),
        FieldPanel("home_order"),
        FieldPanel("update_cycle_days"),
    ]

    parent_page_types = ["portal.HomePage", "portal.ColumnPage"]
    subpage_types = ["portal.ColumnPage", "portal.ArticlePage", "portal.StandardPage"]
    page_size = 20

    class Meta:
        verbose_name = "栏目"

    def articles(self):
        """Published items anywhere beneath this column, newest first."""
        return (
            ArticlePage.objects.live()
            .public()
            .descendant_of(self)
            .select_related("department", "genre", "topic")
            .order_by("-published_date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.articles(), self.page_size)
        context["subcolumns"] = self.get_children().live().public().specific()
        context["page_obj"] = paginator.get_page(request.GET.get("page"))
        return context


class ArticlePage(DisclosureMetadata, Page):
    """A disclosure item (公开信息): news, notice, policy document, interpretation, report…"""

    summary = models.TextField("摘要", blank=True, max_length=500)
    body = RichTextField("正文", features=BODY_FEATURES)
    source = models.CharField("信息来源", max_length=100, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("source"),
        InlinePanel("attachments", label="附件"),
    ]
    settings_panels = Page.settings_panels
    promote_panels = Page.promote_panels

    parent_page_types = ["portal.ColumnPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "公开信息"
        verbose_name_plural = "公开信息"

    content_panels = content_panels[:1] + DisclosureMetadata.metadata_panels + content_panels[1:]

    def column(self) -> "ColumnPage | None":
        parent = self.get_parent()
        return parent.specific if parent else None


class ArticleAttachment(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.PROTECT, related_name="+", verbose_name="文件"
    )
    title = models.CharField("附件名称", max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = "附件"

    @property
    def display_title(self) -> str:
        return self.title or self.document.title


class StandardPage(Page):
    """A plain page that is not a catalogued item: 信息公开指南, 机构职能, 联系我们…"""

    body = RichTextField("正文", features=BODY_FEATURES)
    updated_on = models.DateField("更新日期", null=True, blank=True)

    content_panels = Page.content_panels + [FieldPanel("body"), FieldPanel("updated_on")]

    parent_page_types = ["portal.HomePage", "portal.ColumnPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "普通页面"
