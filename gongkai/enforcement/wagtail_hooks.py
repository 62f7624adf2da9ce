"""Admin wiring of 行政执法公示: the menu and its screens, the dashboard panel, audit-log labels, and the
guards that keep Wagtail's generic snippet actions (direct publish, bulk delete) within the rules.
"""

from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from gongkai.enforcement import (
    admin_urls,
    draw_admin,  # noqa: F401 (its hooks: the 双随机抽查 screens in this menu)
)
from gongkai.enforcement.models import Decision, Kind, Withdrawal, WithdrawalReason
from gongkai.enforcement.services import ACTIONS
from gongkai.enforcement.views_admin import (
    DashboardPanel,
    DecisionViewSet,
    EnforcementMatterViewSet,
    EnforcementOfficerViewSet,
    can_access_module,
    edit_url,
)
from gongkai.enforcement.views_exchange import can_export, can_import


class _PendingMenuItem(MenuItem):
    def is_shown(self, request):
        return can_access_module(request.user)


class _ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


class _ExportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_export(request.user)


class EnforcementViewSetGroup(SnippetViewSetGroup):
    menu_label = "行政执法公示"
    menu_name = "enforcement"
    menu_icon = "doc-full-inverse"
    menu_order = 250
    items = (
        DecisionViewSet(),
        EnforcementOfficerViewSet("enforcement_officers"),
        EnforcementMatterViewSet("enforcement_matters"),
    )

    def get_submenu_items(self):
        items = super().get_submenu_items()
        # Menu items are built after URL loading, so reverse() is safe here.
        items.append(
            _PendingMenuItem(
                "待公示与超期", reverse("enforcement:pending"), name="enforcement-pending", icon_name="time", order=900
            )
        )
        items.append(
            _ImportMenuItem(
                "导入双公示数据",
                reverse("enforcement:exchange_import"),
                name="enforcement-exchange-import",
                icon_name="upload",
                order=910,
            )
        )
        items.append(
            _ExportMenuItem(
                "导出双公示数据",
                reverse("enforcement:exchange_export"),
                name="enforcement-exchange-export",
                icon_name="download",
                order=920,
            )
        )
        return items


register_snippet(EnforcementViewSetGroup)


@hooks.register("register_admin_urls")
def register_enforcement_urls():
    return [path("enforcement/", include((admin_urls, "enforcement"), namespace="enforcement"))]


@hooks.register("register_log_actions")
def register_enforcement_log_actions(actions):
    labels = dict(ACTIONS)

    @actions.register_action("enforcement.mask")
    class MaskFormatter(LogFormatter):
        label = labels["enforcement.mask"]

        def format_message(self, log_entry):
            hits = (log_entry.data or {}).get("hits")
            return f"生成脱敏文本（替换{hits}处个人信息）" if hits is not None else "生成脱敏文本"

    @actions.register_action("enforcement.withdraw")
    class WithdrawFormatter(LogFormatter):
        label = labels["enforcement.withdraw"]

        def format_message(self, log_entry):
            data = log_entry.data or {}
            reason = dict(WithdrawalReason.choices).get(data.get("reason"), "")
            message = f"撤下公示（{reason}）" if reason else "撤下公示"
            return message + "，超过三个工作日" if data.get("late") else message

    @actions.register_action("enforcement.export")
    class ExportFormatter(LogFormatter):
        label = "导出双公示数据"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            kind = dict(Kind.choices).get(data.get("kind"), "")
            count = data.get("count")
            details = "，".join(part for part in (kind, f"{count}条" if count is not None else "") if part)
            return f"导出双公示数据（{details}）" if details else "导出双公示数据"

    for action, label in ACTIONS.items():
        if action not in {"enforcement.mask", "enforcement.withdraw"}:
            actions.register_action(action, label, label)


@hooks.register("construct_homepage_panels")
def add_enforcement_dashboard_panel(request, panels):
    if can_access_module(request.user):
        panels.append(DashboardPanel(request.user))


@hooks.register("before_publish")
def block_unpublishable_decision(request, instance):
    """A direct publish (系统管理员 only) must pass the same checks as the review's last approval."""
    if not isinstance(instance, Decision):
        return None
    from gongkai.review.rules import publication_blockers

    blockers = publication_blockers(instance)
    if blockers:
        messages.error(request, "未发布：" + "；".join(blockers) + "。")
        return redirect(edit_url(instance))
    return None


@hooks.register("before_bulk_action")
def guard_bulk_decision_delete(request, action_type, objects, action_class_instance):
    decisions = [o for o in objects if isinstance(o, Decision)]
    if action_type != "delete" or not decisions:
        return None
    published = [d for d in decisions if d.first_published_at or Withdrawal.objects.filter(decision_id=d.pk).exists()]
    if published:
        numbers = "、".join(d.decision_number for d in published)
        messages.error(request, f"未删除：{numbers}已公示过，不能删除；如决定被变更、撤销，请办理“撤下公示”。")
        return redirect(action_class_instance.next_url)
    return None
