"""Admin wiring of the catalog: taxonomy menu, 公开时限 report and panel, audit-log action labels."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from gongkai.catalog.services import ASSIGN_ACTION
from gongkai.catalog.views_admin import CatalogViewSetGroup, TimelinessPanel, TimelinessReportView


@hooks.register("register_admin_viewset")
def register_catalog_viewsets():
    return CatalogViewSetGroup()


@hooks.register("register_log_actions")
def register_catalog_log_actions(actions):
    actions.register_action(ASSIGN_ACTION, "生成索引号", "系统生成索引号和发布日期")


@hooks.register("register_admin_urls")
def register_timeliness_report_urls():
    return [
        path("reports/timeliness/", TimelinessReportView.as_view(), name="catalog_timeliness_report"),
        path(
            "reports/timeliness/results/",
            TimelinessReportView.as_view(results_only=True),
            name="catalog_timeliness_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_timeliness_report_menu_item():
    return MenuItem("公开时限", reverse("catalog_timeliness_report"), name="timeliness", icon_name="time", order=50)


@hooks.register("construct_homepage_panels")
def add_timeliness_panel(request, panels):
    panels.append(TimelinessPanel(request.user))
