"""Page types of the public portal: home, columns (栏目), disclosure items and plain pages."""

from django.core.paginator import Paginator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from gongkai.catalog.models import DisclosureMetadata
from gongkai.portal.features import feature_links
from gongkai.review.forms import DepartmentScopedPageForm
from gongkai.review.permissions import DepartmentPagePermissionTester

# Rich text that a drafter may use. Anything else is stripped by Wagtail's whitelist on save.
BODY_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "hr", "link", "document-link", "image"]

# How many recent items each home-page block lists.
HOME_LIST_SIZE = 6
# Top-level columns that the home page offers as entry points (with their sub-columns as tiles).
# 国办发〔2017〕47号 names 信息发布、解读回应、办事服务、互动交流 as the four functions of a government
# website; the news and policy columns are listed by their show_on_home flag, these are the doors.
HOME_ENTRY_TITLES = ("政务公开", "办事服务", "互动交流")


class HomePage(Page):
    """The portal's home page: news, notices, policies, interpretations and entry points."""

    intro = models.CharField("简介", max_length=200, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["portal.ColumnPage", "portal.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = "首页"

    def permissions_for_user(self, user):
        # Department scope and office-only structure pages: gongkai.review.permissions.
        return DepartmentPagePermissionTester(user, self)

    def route(self, request, path_components):
        # Page.route walks the address one tree level at a time, two queries per level (the child,
        # then its specific row): 6-8 queries for an item three columns deep. No portal page routes
        # sub-paths of its own, so the page stored at the full address is the one the walk would
        # reach; it is found in one query through the slug index. Anything else (a 404, a page
        # type that routes for itself) takes Wagtail's walk. (The full url_path fixes the depth; a
        # depth condition would tempt SQLite to scan the (depth, path) index instead.)
        if path_components:
            found = (
                Page.objects.filter(
                    slug=path_components[-1],
                    url_path=self.url_path + "/".join(path_components) + "/",
                    path__startswith=self.path,
                )
                .order_by("path")
                .first()
            )
            if found is not None:
                return found.specific.route(request, [])
        return super().route(request, path_components)

    def home_columns(self) -> list[tuple["ColumnPage", list["ArticlePage"]]]:
        """Columns flagged 在首页展示, in 首页排序 order, each with its latest items."""
        columns = (
            ColumnPage.objects.live()
            .public()
            .descendant_of(self)
            .filter(show_on_home=True)
            .order_by("home_order", "path")
        )
        return [(column, list(column.articles()[:HOME_LIST_SIZE])) for column in columns]

    def entry_columns(self) -> list[tuple["ColumnPage", list[Page], list[dict]]]:
        """The 政务公开 / 办事服务 / 互动交流 columns that exist, with their live sub-pages and service links."""
        found = {
            column.title: column
            for column in ColumnPage.objects.live().public().child_of(self).filter(title__in=HOME_ENTRY_TITLES)
        }
        entries = []
        for title in HOME_ENTRY_TITLES:
            column = found.get(title)
            if column is not None:
                children = column.get_children().live().public().type(ColumnPage, StandardPage).order_by("path")
                entries.append((column, list(children), feature_links(column.title)))
        return entries

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["home_columns"] = home_columns = self.home_columns()
        # 头条: the newest item of the first home column (usually 新闻发布) leads the page.
        context["headline"] = next((items[0] for _, items in home_columns[:1] if items), None)
        context["entry_columns"] = self.entry_columns()
        return context


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
    subpage_types = [
        "portal.ColumnPage",
        "portal.ArticlePage",
        "portal.StandardPage",
        "policies.PolicyPage",
        "policies.InterpretationPage",
    ]
    page_size = 20

    class Meta:
        verbose_name = "栏目"

    def permissions_for_user(self, user):
        # Department scope and office-only structure pages: gongkai.review.permissions.
        return DepartmentPagePermissionTester(user, self)

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
        # Only navigable pages: items filed directly under the column are in the list, not here.
        context["subcolumns"] = self.get_children().live().public().type(ColumnPage, StandardPage).specific()
        context["page_obj"] = page_obj = paginator.get_page(request.GET.get("page"))
        context["page_range"] = paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
        # A top-level column's sub-columns are already in the side menu; deeper ones list their own.
        context["is_section"] = isinstance(self.get_parent().specific_deferred, HomePage)
        context["feature_links"] = feature_links(self.title)
        return context


# Foreign keys of an item that its page shows (portal/includes/metadata_table.html).
METADATA_RELATIONS = ("department", "topic", "genre")


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
    # Keeps 发布机构 to the drafter's own department (gongkai.review.forms); a form, not a field.
    base_form_class = DepartmentScopedPageForm

    def permissions_for_user(self, user):
        # Department scope: gongkai.review.permissions.
        return DepartmentPagePermissionTester(user, self)

    def get_workflow(self):
        # Items marked 重要信息 go through the workflow with 领导审签 (gongkai.review.rules).
        from gongkai.review.rules import important_workflow_for

        return important_workflow_for(self) or super().get_workflow()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The metadata table shows 发布机构, 主题分类 and 体裁分类: one join instead of three
        # look-ups. Only for the ids this object holds: a preview may carry others than the row.
        stored = ArticlePage.objects.select_related(*METADATA_RELATIONS).filter(pk=self.pk).first()
        for name in METADATA_RELATIONS:
            if stored is not None and getattr(stored, f"{name}_id") == getattr(self, f"{name}_id"):
                setattr(self, name, getattr(stored, name))
        # Each attachment shows its document's URL, type and size: fetched with the attachments.
        context["attachments"] = list(self.attachments.select_related("document"))
        return context

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

    def permissions_for_user(self, user):
        # Department scope and office-only structure pages: gongkai.review.permissions.
        return DepartmentPagePermissionTester(user, self)
