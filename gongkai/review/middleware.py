"""Department scope at the door of Wagtail's page admin views.

Wagtail turns a ``PermissionDenied`` inside the admin into a redirect to the dashboard. The
page permission tester (gongkai.review.permissions) already refuses out-of-scope work, but a
staff member opening another department's item should get an honest 403, so this checks
the same rule before the view runs. It also sends Wagtail's plain unpublish confirmation to
the withdrawal view, where a reason is required.
"""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from wagtail.models import Page

from gongkai.review.permissions import page_in_scope

PAGE_ID_KWARGS = ("page_id", "page_to_move_id")
WORKFLOW_ACTION_VIEWS = {"workflow_action", "collect_workflow_action_data"}
OUT_OF_SCOPE_MESSAGE = "您无权访问此页面：只能处理本处室发布的信息，栏目与普通页面由办公室维护。"


class DepartmentScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.namespace != "wagtailadmin_pages" or not request.user.is_authenticated:
            return None
        page_id = next((view_kwargs[k] for k in PAGE_ID_KWARGS if k in view_kwargs), None)
        if page_id is None:
            return None
        if match.url_name == "unpublish":
            url = reverse("review:withdraw", args=[page_id])
            if request.GET.get("next"):
                url += "?" + urlencode({"next": request.GET["next"]})
            return redirect(url)
        page = Page.objects.filter(pk=page_id).first()
        if page is None or page.depth == 1:
            return None
        from gongkai.review.views import forbidden_response

        if not page_in_scope(request.user, page):
            return forbidden_response(request, OUT_OF_SCOPE_MESSAGE)
        if match.url_name in WORKFLOW_ACTION_VIEWS:
            refusal = workflow_action_refusal(request.user, page.specific, view_kwargs.get("action_name", ""))
            if refusal:
                return forbidden_response(request, refusal)
        return None


def workflow_action_refusal(user, page: Page, action_name: str) -> str | None:
    """Why ``user`` may not take ``action_name`` on ``page``'s current review step, or None."""
    from gongkai.review.models import ReviewTask
    from gongkai.review.rules import approval_blockers, can_review, is_contributor

    task = page.current_workflow_task
    if not isinstance(task, ReviewTask):
        return None
    if action_name in {name for name, _label, _modal in task.get_actions(page, user)}:
        return None
    if can_review(task, page, user, ignore_contribution=True) and is_contributor(user, page):
        return "不能审核本人修改或提交的内容，请由其他审核人员审核。"
    blockers = approval_blockers(page, task=task) if action_name == "approve" else []
    if blockers and can_review(task, page, user):
        return "不能审核通过：" + "；".join(blockers) + "。"
    return f"您不是“{task.name}”步骤的审核人员。"
