"""Admin wiring of the review app: department scope, 错敏词 messages, approval guards, withdrawal."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin import messages
from wagtail.log_actions import LogFormatter
from wagtail.models import Page, get_page_models

from gongkai.review import views
from gongkai.review.admin_viewsets import ReviewViewSetGroup
from gongkai.review.checker import check_page
from gongkai.review.permissions import is_department_owned, scope_for, specific_page
from gongkai.review.rules import approval_blockers, can_review, is_contributor, publication_blockers
from gongkai.review.services import OVERRIDE_ACTION, WITHDRAW_ACTION


def _department_models():
    from gongkai.catalog.models import DisclosureMetadata

    return [m for m in get_page_models() if issubclass(m, DisclosureMetadata)]


@hooks.register("register_admin_urls")
def register_review_urls():
    urls = [
        path("pages/<int:page_id>/check/", views.CheckView.as_view(), name="check"),
        path("pages/<int:page_id>/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
    ]
    return [path("review/", include((urls, "review"), namespace="review"))]


@hooks.register("register_admin_viewset")
def register_review_viewsets():
    return ReviewViewSetGroup()


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    @actions.register_action(OVERRIDE_ACTION)
    class SensitiveOverrideFormatter(LogFormatter):
        label = "错敏词放行"

        def format_message(self, log_entry):
            words = "、".join(log_entry.data.get("words", []))
            return f"错敏词放行：{words}"

        def format_comment(self, log_entry):
            return log_entry.data.get("reason", "")

    @actions.register_action(WITHDRAW_ACTION)
    class WithdrawFormatter(LogFormatter):
        label = "撤回"

        def format_message(self, log_entry):
            if log_entry.data.get("show_notice"):
                return "撤回（原地址保留撤回公告）"
            return "撤回"

        def format_comment(self, log_entry):
            return log_entry.data.get("reason", "")


@hooks.register("construct_explorer_page_queryset")
def explorer_shows_own_department(parent_page, pages, request):
    """Department-scoped staff see their department's items; columns stay visible for navigation."""
    scope = scope_for(request.user)
    if scope.sees_all_departments:
        return pages
    models = _department_models()
    content_types = ContentType.objects.get_for_models(*models, for_concrete_models=False).values()
    visible = ~Q(content_type__in=list(content_types))
    if scope.department_id is not None:
        for model in models:
            visible |= Q(pk__in=model.objects.filter(department_id=scope.department_id).values("pk"))
    return pages.filter(visible)


@hooks.register("before_create_page")
def only_office_creates_structure(request, parent_page, page_class):
    scope = scope_for(request.user)
    if not hasattr(page_class, "department_id"):
        if not scope.manages_structure:
            return views.forbidden_response(request, "栏目和普通页面由办公室维护：您只能在栏目下新建公开信息。")
    elif not scope.sees_all_departments and scope.department_id is None:
        return views.forbidden_response(request, "您的账号未关联处室，不能新建公开信息，请联系系统管理员。")
    return None


def _show_hits(request, page) -> None:
    views.hits_message(request, page, check_page(page))


@hooks.register("after_create_page")
def check_words_after_create(request, page):
    _show_hits(request, specific_page(page))


@hooks.register("after_edit_page")
def check_words_after_edit(request, page):
    _show_hits(request, specific_page(page))


def _approving(request) -> bool:
    return (
        request.method == "POST"
        and bool(request.POST.get("action-workflow-action"))
        and request.POST.get("workflow-action-name") == "approve"
    )


@hooks.register("before_edit_page")
def guard_review_on_edit(request, page):
    """Show hits to author and reviewer on opening the editor; refuse approvals that must not happen.

    The task's get_actions already hides what a user may not do; this repeats the two rules for
    direct posts, as ONS's dis-wagtail does, with a message instead of a bare refusal.
    """
    page = specific_page(page)
    task = page.current_workflow_task
    if request.method == "GET":
        if not views.has_queued_hits_message(request):
            _show_hits(request, page)
        if task and hasattr(task, "role") and can_review(task, page, request.user, ignore_contribution=True):
            if is_contributor(request.user, page):
                messages.warning(request, "此信息包含您本人修改或提交的内容，须由其他审核人员审核通过。")
        return None
    if not _approving(request) or task is None:
        return None
    if is_contributor(request.user, page):
        messages.error(request, "不能审核通过本人修改或提交的内容，请由其他审核人员审核。")
        return redirect("wagtailadmin_pages:edit", page.pk)
    blockers = approval_blockers(page, task=task)
    if blockers:
        messages.error(request, "不能审核通过：" + "；".join(blockers) + "。")
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_publish_page")
def block_severe_words_on_publish(request, page):
    blockers = publication_blockers(specific_page(page))
    if blockers:
        messages.error(
            request,
            "未发布：" + "；".join(blockers) + "。",
            buttons=[messages.button(reverse("review:check", args=[page.pk]), "查看详情")],
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_unpublish_page")
def unpublish_needs_a_reason(request, page):
    # Normally the middleware already sent the user to the withdrawal form; this catches direct posts.
    messages.error(request, "撤回须填写撤回原因。")
    return redirect("review:withdraw", page.pk)


@hooks.register("before_bulk_action")
def guard_bulk_page_actions(request, action_type, objects, action_class_instance):
    pages = [o for o in objects if isinstance(o, Page)]
    if not pages:
        return None
    if action_type == "unpublish":
        messages.error(request, "不能批量撤回：撤回每一条信息都须填写撤回原因，请逐条撤回。")
        return redirect(action_class_instance.next_url)
    if action_type == "publish":
        blocked = [p for p in pages if publication_blockers(specific_page(p))]
        if blocked:
            titles = "、".join(p.get_admin_display_title() for p in blocked)
            messages.error(request, f"未发布：{titles}含有未放行的严重错敏词。")
            return redirect(action_class_instance.next_url)
    return None


@hooks.register("register_page_header_buttons")
def check_words_header_button(page, user, next_url=None, view_name=None):
    from wagtail.admin.widgets.button import Button

    if view_name == "edit" and page.pk and is_department_owned(page) and views.user_may_see_checks(user, page):
        yield Button("错敏词检查", url=reverse("review:check", args=[page.pk]), icon_name="warning", priority=60)


@hooks.register("insert_global_admin_css")
def review_hits_css():
    return format_html(
        "<style>{}</style>",
        ".messages .review-hits{margin:.5em 0 0 1.5em;list-style:disc;font-weight:normal}",
    )
