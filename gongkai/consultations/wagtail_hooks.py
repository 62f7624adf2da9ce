"""Admin wiring of 意见征集: the menu with its snippets, the screens, the dashboard panel, audit labels,
and a link from each consultation's list row and editor to its 征集情况 and 意见处理 screens.
"""

from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from gongkai.consultations import admin_urls
from gongkai.consultations.models import AdoptionReport, Consultation
from gongkai.consultations.permissions import can_access_module, can_view
from gongkai.consultations.services import ACTIONS
from gongkai.consultations.views_admin import AdoptionReportViewSet, ConsultationViewSet, DashboardPanel


class ConsultationViewSetGroup(SnippetViewSetGroup):
    menu_label = "意见征集"
    menu_name = "consultations"
    menu_icon = "comment"
    menu_order = 260
    items = (ConsultationViewSet(), AdoptionReportViewSet())


register_snippet(ConsultationViewSetGroup)


@hooks.register("register_admin_urls")
def register_consultation_urls():
    return [path("consultations/", include((admin_urls, "consultations"), namespace="consultations"))]


@hooks.register("register_log_actions")
def register_consultation_log_actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register("construct_homepage_panels")
def add_consultation_dashboard_panel(request, panels):
    if can_access_module(request.user):
        panels.append(DashboardPanel(request.user))


@hooks.register("register_snippet_listing_buttons")
def consultation_listing_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Consultation) and can_view(user, snippet):
        yield Button("征集情况", reverse("consultations:overview", args=[snippet.pk]), priority=5)
        yield Button("意见处理", reverse("consultations:groups", args=[snippet.pk]), priority=6)


@hooks.register("before_publish")
def block_unpublishable(request, instance):
    """A direct publish (系统管理员 only) must pass the same checks as the review's last approval."""
    if not isinstance(instance, Consultation | AdoptionReport):
        return None
    from gongkai.review.rules import publication_blockers

    blockers = publication_blockers(instance)
    if blockers:
        messages.error(request, "未发布：" + "；".join(blockers) + "。")
        return redirect(reverse(instance.snippet_viewset.get_url_name("edit"), args=[instance.pk]))
    return None


@hooks.register("before_delete_snippet")
def guard_delete(request, instances):
    """Nothing a citizen sent is ever deleted: a consultation with comments, or a report, stays.

    Wagtail runs this hook for the single delete view and for bulk deletion alike.
    """
    kept = [
        i for i in instances if isinstance(i, AdoptionReport) or (isinstance(i, Consultation) and i.comments.exists())
    ]
    if kept:
        names = "、".join(str(i) for i in kept)
        messages.error(request, f"未删除：{names}已收到公众意见或为意见采纳情况，不能删除；如需停止公开，请撤回发布。")
        return redirect(reverse(kept[0].snippet_viewset.get_url_name("list")))
    return None
