"""Admin wiring of 依申请公开: its URLs, the 依申请公开 menu, the dashboard panel and audit-log labels."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from gongkai.foi import admin_urls
from gongkai.foi.permissions import can_access_module, can_handle, sees_all_applications
from gongkai.foi.report import REPORT_ACTIONS
from gongkai.foi.services import ACTIONS
from gongkai.foi.views_admin import DOWNLOAD_ACTION, DashboardPanel


@hooks.register("register_admin_urls")
def register_foi_urls():
    return [path("foi/", include((admin_urls, "foi"), namespace="foi"))]


@hooks.register("register_log_actions")
def register_foi_log_actions(actions):
    for action, label in (ACTIONS | REPORT_ACTIONS).items():
        actions.register_action(action, label, label)
    actions.register_action(DOWNLOAD_ACTION, "下载附件", "下载申请附件")


class _PermissionMenuItem(MenuItem):
    def __init__(self, *args, shown, **kwargs):
        super().__init__(*args, **kwargs)
        self._shown = shown

    def is_shown(self, request):
        return self._shown(request.user)


@hooks.register("register_admin_menu_item")
def register_foi_menu():
    # Items are built lazily by Wagtail after URL loading, so reverse() is safe here.
    menu = Menu(
        items=[
            _PermissionMenuItem(
                "申请列表",
                reverse("foi:cases"),
                name="foi-cases",
                icon_name="list-ul",
                order=100,
                shown=can_access_module,
            ),
            _PermissionMenuItem(
                "登记线下申请",
                reverse("foi:register"),
                name="foi-register",
                icon_name="plus",
                order=200,
                shown=can_handle,
            ),
            _PermissionMenuItem(
                "年度报告",
                reverse("foi:reports"),
                name="foi-reports",
                icon_name="doc-full",
                order=300,
                shown=sees_all_applications,
            ),
        ]
    )
    return SubmenuMenuItem("依申请公开", menu, name="foi", icon_name="form", order=240)


@hooks.register("construct_homepage_panels")
def add_foi_dashboard_panel(request, panels):
    if can_access_module(request.user):
        panels.append(DashboardPanel(request.user))
