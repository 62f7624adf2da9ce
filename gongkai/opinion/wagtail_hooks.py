"""Admin wiring of 舆情监测与回应: the menu and its screens, the model screens for monitoring staff,
the incident-update snippet with review, the dashboard panel and the audit-log labels.
"""

from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from gongkai.opinion import admin_urls, permissions
from gongkai.opinion.models import IncidentUpdate, SensitiveWord, Source, TopicRule
from gongkai.opinion.services import ACTIONS
from gongkai.opinion.views_admin import DashboardPanel
from gongkai.review.permissions import scope_for
from gongkai.review.snippet_views import ReviewedSnippetViewSetMixin


class MonitorPolicy(ModelPermissionPolicy):
    """Sources, rules and sensitive words: the monitoring staff's (宣教处, office, leaders, admins)."""

    def user_has_permission(self, user, action):
        return permissions.can_monitor(user)

    def user_has_any_permission(self, user, actions):
        return permissions.can_monitor(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return permissions.can_monitor(user)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return permissions.can_monitor(user)

    def instances_user_has_any_permission_for(self, user, actions):
        return (
            self.model._default_manager.all() if permissions.can_monitor(user) else self.model._default_manager.none()
        )


class MonitorViewSetMixin:
    @property
    def permission_policy(self):
        return MonitorPolicy(self.model)


class SourceViewSet(MonitorViewSetMixin, ModelViewSet):
    model = Source
    icon = "link"
    menu_label = "订阅源"
    add_to_admin_menu = False
    list_display = ["name", "url", "active", "fetch_interval_minutes", "last_fetched_at", "last_error"]
    list_filter = ["active"]
    search_fields = ["name", "url"]
    panels = [FieldPanel("name"), FieldPanel("url"), FieldPanel("active"), FieldPanel("fetch_interval_minutes")]


class TopicRuleViewSet(MonitorViewSetMixin, ModelViewSet):
    model = TopicRule
    icon = "tag"
    menu_label = "监测专题"
    add_to_admin_menu = False
    list_display = ["name", "expression", "department", "active"]
    search_fields = ["name", "expression"]
    panels = [FieldPanel("name"), FieldPanel("expression"), FieldPanel("department"), FieldPanel("active")]


class SensitiveWordViewSet(MonitorViewSetMixin, ModelViewSet):
    model = SensitiveWord
    icon = "warning"
    menu_label = "舆情敏感词"
    add_to_admin_menu = False
    list_display = ["word", "note", "active"]
    search_fields = ["word"]
    panels = [FieldPanel("word"), FieldPanel("note"), FieldPanel("active")]


class IncidentUpdatePolicy(ModelPermissionPolicy):
    """The role's model permission (migration 0002), within the incident's department (or for 宣教处)."""

    def user_has_permission_for_instance(self, user, action, instance):
        return super().user_has_permission_for_instance(user, action, instance) and permissions.can_edit_incident(
            user, instance
        )

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = super().instances_user_has_any_permission_for(user, actions)
        if permissions.can_monitor(user) or scope_for(user).sees_all_departments:
            return queryset
        return queryset.filter(department_id=scope_for(user).department_id)


class IncidentUpdateViewSet(ReviewedSnippetViewSetMixin, SnippetViewSet):
    model = IncidentUpdate
    icon = "doc-full"
    menu_label = "突发事件信息发布"
    list_display = ["title", "incident", "kind", "as_of", "live"]
    list_filter = ["kind", "live"]
    panels = [FieldPanel("incident"), FieldPanel("kind"), FieldPanel("title"), FieldPanel("body"), FieldPanel("as_of")]

    @property
    def permission_policy(self):
        return IncidentUpdatePolicy(self.model)


class _ScreenItem(MenuItem):
    def __init__(self, *args, monitor_only: bool = True, **kwargs):
        self.monitor_only = monitor_only
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        check = permissions.can_monitor if self.monitor_only else permissions.can_access_module
        return check(request.user)


class OpinionViewSetGroup(SnippetViewSetGroup):
    menu_label = "舆情监测"
    menu_name = "opinion"
    menu_icon = "view"
    menu_order = 260
    items = (
        IncidentUpdateViewSet(),
        SourceViewSet("opinion_sources"),
        TopicRuleViewSet("opinion_topics"),
        SensitiveWordViewSet("opinion_sensitive_words"),
    )

    def get_submenu_items(self):
        items = super().get_submenu_items()
        screens = [
            ("监测概况", "opinion_admin:dashboard", "opinion-dashboard", "view", True, 10),
            ("舆情事件", "opinion_admin:events", "opinion-events", "list-ul", False, 20),
            ("舆情信息", "opinion_admin:items", "opinion-items", "doc-empty", True, 30),
            ("人工录入", "opinion_admin:item_add", "opinion-item-add", "plus", True, 40),
            ("突发环境事件", "opinion_admin:incidents", "opinion-incidents", "warning", False, 50),
        ]
        for label, url_name, name, icon, monitor_only, order in screens:
            items.append(
                _ScreenItem(label, reverse(url_name), name=name, icon_name=icon, order=order, monitor_only=monitor_only)
            )
        return items

    def get_menu_item(self, order=None):
        item = super().get_menu_item(order)
        original = item.is_shown
        item.is_shown = lambda request: permissions.can_access_module(request.user) or original(request)
        return item


register_snippet(OpinionViewSetGroup)


@hooks.register("register_admin_urls")
def register_opinion_urls():
    return [path("opinion/", include((admin_urls, "opinion_admin"), namespace="opinion_admin"))]


@hooks.register("register_log_actions")
def register_opinion_log_actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register("construct_homepage_panels")
def add_opinion_dashboard_panel(request, panels):
    if permissions.can_monitor(request.user):
        panels.append(DashboardPanel())


@hooks.register("before_publish")
def block_unpublishable_update(request, instance):
    """A direct publish (系统管理员 only) must pass the same checks as the review's last approval."""
    if not isinstance(instance, IncidentUpdate):
        return None
    from gongkai.review.rules import publication_blockers

    blockers = publication_blockers(instance)
    if blockers:
        messages.error(request, "未发布：" + "；".join(blockers) + "。")
        return redirect(reverse(IncidentUpdate.snippet_viewset.get_url_name("edit"), args=[instance.pk]))
    return None
