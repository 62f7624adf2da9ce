"""Admin wiring of 互动交流: the menu, the reply snippet (reviewed like a disclosure item), the
dashboard panel, and the audit-log labels.
"""

import functools

from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from gongkai.core.admin_views import forbidden
from gongkai.interaction import admin_urls, permissions
from gongkai.interaction.models import Reply
from gongkai.interaction.services import ACTIONS
from gongkai.interaction.views_admin import DashboardPanel
from gongkai.review.permissions import scope_for
from gongkai.review.snippet_views import (
    ReviewedCollectWorkflowActionDataView,
    ReviewedSnippetEditView,
    ReviewedWorkflowActionView,
)

OUT_OF_SCOPE = "该答复不属于您所在的处室，您无权查看。"


def _in_scope(user, department_id) -> bool:
    scope = scope_for(user)
    return scope.sees_all_departments or (department_id is not None and department_id == scope.department_id)


class ReplyPermissionPolicy(ModelPermissionPolicy):
    """The role's model permission (migration 0002), and only within the user's department."""

    def user_has_permission_for_instance(self, user, action, instance):
        return super().user_has_permission_for_instance(user, action, instance) and _in_scope(
            user, instance.department_id
        )

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = super().instances_user_has_any_permission_for(user, actions)
        scope = scope_for(user)
        return queryset if scope.sees_all_departments else queryset.filter(department_id=scope.department_id)


def _guard(view):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None and str(pk).isdigit():
            department_id = Reply.objects.filter(pk=int(pk)).values_list("department_id", flat=True).first()
            if department_id is not None and not _in_scope(request.user, department_id):
                return forbidden(request, OUT_OF_SCOPE)
        return view(request, *args, **kwargs)

    return guarded


class ReplyEditView(ReviewedSnippetEditView):
    refused_message = "您不能审核此答复。"


class ReplyCreateView(CreateView):
    def dispatch(self, request, *args, **kwargs):
        # A reply belongs to a message: it is started from the message page (services.reply_save).
        return forbidden(request, "留言答复须在留言页面起草：请从“互动交流 › 留言列表”打开留言。")


class ReplyViewSet(SnippetViewSet):
    model = Reply
    icon = "mail"
    menu_label = "留言答复"
    menu_name = "interaction-replies"
    add_to_admin_menu = False
    list_display = ["public_subject", "message", "department", "live"]
    search_fields = ["public_subject"]
    copy_view_enabled = False
    inspect_view_enabled = True
    add_view_class = ReplyCreateView
    edit_view_class = ReplyEditView
    workflow_action_view_class = ReviewedWorkflowActionView
    collect_workflow_action_data_view_class = ReviewedCollectWorkflowActionDataView
    edit_handler = ObjectList([FieldPanel("public_subject"), FieldPanel("public_question"), FieldPanel("text")])

    @property
    def permission_policy(self):
        return ReplyPermissionPolicy(self.model)

    def construct_view(self, view_class, **kwargs):
        return _guard(super().construct_view(view_class, **kwargs))

    def get_queryset(self, request):
        queryset = Reply.objects.select_related("message", "department")
        scope = scope_for(request.user)
        return queryset if scope.sees_all_departments else queryset.filter(department_id=scope.department_id)


register_snippet(ReplyViewSet)


class _StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_access_module(request.user)


class _StaffSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return permissions.can_access_module(request.user)


@hooks.register("register_admin_menu_item")
def register_interaction_menu():
    menu = Menu(
        items=[
            _StaffMenuItem(
                "留言列表", reverse("interaction:messages"), name="interaction-messages", icon_name="list-ul", order=10
            ),
            _StaffMenuItem(
                "留言答复",
                reverse("wagtailsnippets_interaction_reply:list"),
                name="interaction-replies",
                icon_name="mail",
                order=20,
            ),
            _StaffMenuItem(
                "办理统计",
                reverse("interaction:statistics"),
                name="interaction-statistics",
                icon_name="table",
                order=30,
            ),
        ]
    )
    return _StaffSubmenu("互动交流", menu, name="interaction", icon_name="mail", order=260)


@hooks.register("register_admin_urls")
def register_interaction_urls():
    return [path("interaction/", include((admin_urls, "interaction"), namespace="interaction"))]


@hooks.register("register_log_actions")
def register_interaction_log_actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register("construct_homepage_panels")
def add_interaction_dashboard_panel(request, panels):
    if permissions.can_access_module(request.user):
        panels.append(DashboardPanel(request.user))


@hooks.register("before_publish")
def block_unpublishable_reply(request, instance):
    """A direct publish (系统管理员 only) must pass the same checks as the review's last approval."""
    if not isinstance(instance, Reply):
        return None
    from gongkai.review.rules import publication_blockers

    blockers = publication_blockers(instance)
    if blockers:
        messages.error(request, "未发布：" + "；".join(blockers) + "。")
        return redirect(reverse("wagtailsnippets_interaction_reply:edit", args=[instance.pk]))
    return None
