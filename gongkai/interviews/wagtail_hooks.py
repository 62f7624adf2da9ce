"""Admin wiring of 新闻发布会与在线访谈: the menu, its screens, the dashboard panel, audit-log labels,
and the guard that keeps a direct publish within the review's rules.
"""

from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from gongkai.interviews import admin_urls
from gongkai.interviews.models import Event
from gongkai.interviews.permissions import can_access_module
from gongkai.interviews.services import ACTIONS
from gongkai.interviews.views_admin import DashboardPanel, EventViewSet, edit_url


class _QuestionsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_access_module(request.user)


class InterviewsViewSetGroup(SnippetViewSetGroup):
    menu_label = "发布会与访谈"
    menu_name = "interviews"
    menu_icon = "media"
    menu_order = 260
    items = (EventViewSet(),)

    def get_submenu_items(self):
        items = super().get_submenu_items()
        items.append(
            _QuestionsMenuItem(
                "提问审核", reverse("interviews:questions"), name="interviews-questions", icon_name="help", order=900
            )
        )
        return items


register_snippet(InterviewsViewSetGroup)


@hooks.register("register_admin_urls")
def register_interviews_urls():
    return [path("interviews/", include((admin_urls, "interviews"), namespace="interviews"))]


@hooks.register("register_log_actions")
def register_interviews_log_actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register("construct_homepage_panels")
def add_interviews_dashboard_panel(request, panels):
    if can_access_module(request.user):
        panels.append(DashboardPanel(request.user))


@hooks.register("before_publish")
def block_unpublishable_event(request, instance):
    if not isinstance(instance, Event):
        return None
    from gongkai.review.rules import publication_blockers

    blockers = publication_blockers(instance)
    if blockers:
        messages.error(request, "未发布：" + "；".join(blockers) + "。")
        return redirect(edit_url(instance))
    return None
