"""Admin screens of the catalog: taxonomy editors (公开目录 menu), the 公开时限 report and dashboard panel."""

import django_filters
from django.urls import reverse
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from gongkai.catalog import timeliness
from gongkai.catalog.models import GenreCategory, TopicCategory
from gongkai.catalog.timeliness import (
    RECENT_LATE_DAYS,
    TimelinessStatus,
    candidate_items,
    dashboard_rows,
    scope_for_user,
    timeliness_rows,
)
from gongkai.org.models import Department
from gongkai.org.roles import sees_all_departments
from gongkai.portal.models import ArticlePage


class TopicCategoryViewSet(ModelViewSet):
    model = TopicCategory
    icon = "tag"
    menu_label = "主题分类"
    menu_name = "topic-categories"
    add_to_admin_menu = False
    list_display = ["name", "code", "parent", "sort_order"]
    search_fields = ["name", "code"]
    ordering = ["sort_order", "code"]
    copy_view_enabled = False


class GenreCategoryViewSet(ModelViewSet):
    model = GenreCategory
    icon = "tag"
    menu_label = "体裁分类"
    menu_name = "genre-categories"
    add_to_admin_menu = False
    list_display = ["name", "code", "sort_order"]
    search_fields = ["name", "code"]
    ordering = ["sort_order", "code"]
    copy_view_enabled = False


class CatalogViewSetGroup(ModelViewSetGroup):
    menu_label = "公开目录"
    menu_name = "catalog"
    menu_icon = "list-ul"
    menu_order = 250
    items = (TopicCategoryViewSet("topic_categories"), GenreCategoryViewSet("genre_categories"))


class TimelinessFilterSet(WagtailFilterSet):
    # Status and year are judged on derived values (the draft's 成文日期 for unpublished items),
    # so these filters only carry the choice; the view applies them to the computed rows.
    status = django_filters.ChoiceFilter(
        label="状态", choices=TimelinessStatus.choices, method="keep_all", empty_label="全部"
    )
    year = django_filters.NumberFilter(label="成文年份", method="keep_all")
    department = django_filters.ModelChoiceFilter(
        label="发布机构", field_name="department", queryset=lambda request: Department.objects.all()
    )

    class Meta:
        model = ArticlePage
        fields: list[str] = []

    def keep_all(self, queryset, name, value):
        return queryset


class TimelinessReportView(ReportView):
    """Reports → 公开时限: every item with a 成文日期 and its Art. 26 position, most urgent first."""

    page_title = "公开时限"
    header_icon = "time"
    index_url_name = "catalog_timeliness_report"
    index_results_url_name = "catalog_timeliness_report_results"
    filterset_class = TimelinessFilterSet
    paginate_by = 50
    verbose_name_plural = "信息"
    list_export = [
        "title",
        "department_name",
        "written_date",
        "due_date",
        "provisional_label",
        "published_date",
        "status_label",
        "workdays_label",
    ]
    export_headings = {
        "title": "标题",
        "department_name": "发布机构",
        "written_date": "成文日期",
        "due_date": "应公开日期",
        "provisional_label": "日历",
        "published_date": "发布日期",
        "status_label": "状态",
        "workdays_label": "工作日",
    }

    @property
    def columns(self):
        return [
            TitleColumn("title", label="标题", get_url=lambda row: reverse("wagtailadmin_pages:edit", args=[row.pk])),
            Column("department_name", label="发布机构"),
            Column("written_date", label="成文日期", accessor=lambda row: _iso(row.written_date)),
            Column("due_display", label="应公开日期", accessor=_due_display),
            Column("published_date", label="发布日期", accessor=lambda row: _iso(row.published_date)),
            Column("status_label", label="状态"),
            Column("workdays_label", label="剩余/逾期"),
        ]

    def get_queryset(self):
        return scope_for_user(candidate_items(), self.request.user).select_related(None)

    def get_filtered_queryset(self):
        items = self.filter_queryset(self.get_queryset())
        statuses = None
        year = None
        if self.filters and self.filters.is_valid():
            data = self.filters.form.cleaned_data
            if data.get("status"):
                statuses = [TimelinessStatus(data["status"])]
            year = data.get("year")
        rows = timeliness_rows(items, today=self.today(), statuses=statuses)
        if year:
            rows = [row for row in rows if row.written_date.year == int(year)]
        return rows

    def today(self):
        # Through the module, so that tests fixing timeliness.current_date fix it here too.
        return timeliness.current_date()

    def get_filename(self) -> str:
        return f"timeliness-{self.today().isoformat()}"


def _iso(day) -> str:
    # Dates as YYYY-MM-DD, not the zh-hans locale's "2025年9月26日".
    return day.isoformat() if day else ""


def _due_display(row) -> str:
    return f"{row.due_date:%Y-%m-%d}（暂定）" if row.provisional else f"{row.due_date:%Y-%m-%d}"


class TimelinessPanel(Component):
    """Admin home: 公开时限提醒 — overdue and nearly due items in the user's scope."""

    name = "timeliness"
    order = 110
    template_name = "catalog/admin/timeliness_panel.html"
    shown_rows = 10

    def __init__(self, user) -> None:
        self.user = user

    def get_context_data(self, parent_context=None):
        rows = dashboard_rows(self.user)
        return {
            "groups": [
                ("逾期未公开", "overdue", rows["overdue"]),
                ("即将到期（5个工作日内）", "due_soon", rows["due_soon"]),
                (f"近{RECENT_LATE_DAYS}日逾期公开", "late", rows["recent_late"]),
            ],
            "shown_rows": self.shown_rows,
            "report_url": reverse("catalog_timeliness_report"),
            "all_departments": sees_all_departments(self.user),
        }
