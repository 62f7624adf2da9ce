"""Admin wiring of 政策文件与解读: log labels, the 解读与发布 screens, coupling messages and guards, 政策问答."""

from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from gongkai.policies import rules, views_admin
from gongkai.policies.admin_viewsets import PolicyQuestionViewSet
from gongkai.policies.models import InterpretationPage, PolicyPage
from gongkai.policies.services import ACTIONS
from gongkai.review.permissions import specific_page


@hooks.register("register_log_actions")
def register_policy_log_actions(actions):
    for action, label in ACTIONS.items():

        class Formatter(LogFormatter):
            def format_comment(self, log_entry):
                data = log_entry.data or {}
                return data.get("reason") or data.get("comment") or data.get("by_title") or ""

        Formatter.label = label
        actions.register_action(action)(Formatter)


@hooks.register("register_admin_urls")
def register_policy_admin_urls():
    urls = [
        path("<int:pk>/", views_admin.policy_status, name="status"),
        path("<int:pk>/exemption/", views_admin.exemption_request_view, name="exemption_request"),
        path("<int:pk>/risk/", views_admin.risk_record_view, name="risk"),
        path("exemptions/", views_admin.exemption_queue, name="exemptions"),
        path("exemptions/<int:pk>/decide/", views_admin.exemption_decide_view, name="exemption_decide"),
    ]
    return [path("policies/", include((urls, "policies_admin"), namespace="policies_admin"))]


@hooks.register("register_admin_viewset")
def register_question_viewset():
    return PolicyQuestionViewSet("policy_questions")


class _QuestionMenuItem(MenuItem):
    def is_shown(self, request):
        return rules.may_manage_questions(request.user)


@hooks.register("register_admin_menu_item")
def question_menu_item():
    return _QuestionMenuItem("政策问答", reverse("policy_questions:index"), icon_name="help", order=270)


class _ExemptionMenuItem(MenuItem):
    def is_shown(self, request):
        from gongkai.org.roles import Role
        from gongkai.review.permissions import scope_for

        return scope_for(request.user).has_role(Role.OFFICE_REVIEWER)


@hooks.register("register_admin_menu_item")
def exemption_menu_item():
    return _ExemptionMenuItem("免于解读审核", reverse("policies_admin:exemptions"), icon_name="tasks", order=271)


@hooks.register("register_page_header_buttons")
def policy_status_header_button(page, user, next_url=None, view_name=None):
    from wagtail.admin.widgets.button import Button

    if view_name == "edit" and isinstance(specific_page(page), PolicyPage):
        yield Button(
            "解读与发布", url=reverse("policies_admin:status", args=[page.pk]), icon_name="doc-full", priority=55
        )


@hooks.register("before_edit_page")
def show_coupling_state(request, page):
    """On opening a policy or interpretation, say in Chinese what holds its publication."""
    if request.method != "GET":
        return None
    page = specific_page(page)
    if isinstance(page, PolicyPage):
        draft = page.get_latest_revision_as_object()
        blockers = rules.policy_publication_blockers(draft)
        if blockers:
            messages.warning(request, "暂不能发布：" + "；".join(blockers) + "。")
    elif isinstance(page, InterpretationPage):
        if rules.approved_revision(page) is not None:
            messages.info(request, "本解读已审核通过，将随所解读的政策文件同步发布。")
        elif error := rules.interpretation_publication_error(page):
            messages.info(request, error + "。")
    return None


@hooks.register("before_publish_page", order=-1)
def interpretation_never_before_policy(request, page):
    page = specific_page(page)
    error = rules.interpretation_publication_error(page) if isinstance(page, InterpretationPage) else ""
    if error:
        messages.error(request, "未发布：" + error + "。")
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action", order=-1)
def guard_bulk_publish_of_policies(request, action_type, objects, action_class_instance):
    if action_type != "publish":
        return None
    problems = []
    for page in objects:
        page = specific_page(page) if hasattr(page, "specific") else page
        if isinstance(page, InterpretationPage) and (error := rules.interpretation_publication_error(page)):
            problems.append(f"《{page.title}》：{error}")
        elif isinstance(page, PolicyPage) and (
            blockers := rules.policy_publication_blockers(page.get_latest_revision_as_object())
        ):
            problems.append(f"《{page.title}》：{'；'.join(blockers)}")
    if problems:
        messages.error(request, "未发布：" + "。".join(problems) + "。")
        return redirect(action_class_instance.next_url)
    return None
