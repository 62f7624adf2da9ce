"""Admin wiring of 环境投诉举报: the menu, the case screens, the result snippet, the dashboard panel,
audit-log labels, and the guard that keeps a direct publish within the review's rules.
"""

from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from gongkai.complaints import admin_urls
from gongkai.complaints.models import ComplaintResult
from gongkai.complaints.permissions import can_access_module
from gongkai.complaints.services import ACTIONS
from gongkai.complaints.snippets import ComplaintResultViewSet
from gongkai.complaints.views_admin import DashboardPanel

register_snippet(ComplaintResultViewSet)


class _CasesMenuItem(MenuItem):
    def is_shown(self, request):
        return can_access_module(request.user)


@hooks.register("register_admin_urls")
def register_complaints_urls():
    return [path("complaints/", include((admin_urls, "complaints"), namespace="complaints"))]


@hooks.register("register_admin_menu_item")
def register_complaints_menu_item():
    return _CasesMenuItem("投诉举报", reverse("complaints:list"), name="complaints", icon_name="warning", order=260)


@hooks.register("register_log_actions")
def register_complaints_log_actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register("construct_homepage_panels")
def add_complaints_dashboard_panel(request, panels):
    if can_access_module(request.user):
        panels.append(DashboardPanel(request.user))


@hooks.register("before_publish")
def block_unpublishable_result(request, instance):
    if not isinstance(instance, ComplaintResult):
        return None
    from gongkai.review.rules import publication_blockers

    blockers = publication_blockers(instance)
    if blockers:
        messages.error(request, "未发布：" + "；".join(blockers) + "。")
        return redirect(reverse(ComplaintResult.snippet_viewset.get_url_name("edit"), args=[instance.pk]))
    return None
