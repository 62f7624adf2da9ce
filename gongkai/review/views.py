"""Admin views of the review app: 错敏词 report with the office's override, and withdrawal with a reason."""

from django.contrib import messages as django_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.views import View
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from gongkai.review.checker import Hit, check_page, unresolved_severe_words
from gongkai.review.forms import OverrideForm, WithdrawForm
from gongkai.review.models import SensitiveOverride
from gongkai.review.permissions import page_in_scope, specific_page
from gongkai.review.rules import can_review
from gongkai.review.services import can_override, can_withdraw, page_withdraw, sensitive_override_record

HITS_MESSAGE_TAG = "review-hits"
MAX_HITS_IN_MESSAGE = 10


def forbidden_response(request: HttpRequest, message: str) -> HttpResponse:
    """A real 403 in the admin (Wagtail would otherwise turn PermissionDenied into a redirect home)."""
    html = render_to_string("review/forbidden.html", {"message": message}, request=request)
    return HttpResponse(html, status=403)


def _latest_content(page: Page) -> Page:
    revision = page.get_latest_revision()
    return revision.as_object() if revision else page


def user_may_see_checks(user, page: Page) -> bool:
    if page_in_scope(user, page):
        return True
    task = page.current_workflow_task
    return bool(task and hasattr(task, "role") and can_review(task, page, user, ignore_contribution=True))


def hits_message(request: HttpRequest, page: Page, hits: list[Hit]) -> None:
    """Show the 错敏词 hits of ``page`` at the top of the next admin screen."""
    if not hits:
        return
    unresolved = unresolved_severe_words(page, hits)
    if unresolved:
        words = "、".join(unresolved)
        text = f"错敏词检查：发现{len(hits)}处，其中严重错敏词“{words}”未放行，发布前须由办公室审核人员放行。"
        add = django_messages.error
    else:
        text = f"错敏词检查：发现{len(hits)}处，请核对。"
        add = django_messages.warning
    detail = render_to_string(
        "review/includes/hits_list.html",
        {"hits": hits[:MAX_HITS_IN_MESSAGE], "more": max(0, len(hits) - MAX_HITS_IN_MESSAGE)},
    )
    buttons = [messages.button(reverse("review:check", args=[page.pk]), "查看详情")] if page.pk else []
    add(request, messages.render(text, buttons, detail=detail), extra_tags=HITS_MESSAGE_TAG)


def has_queued_hits_message(request: HttpRequest) -> bool:
    return any(HITS_MESSAGE_TAG in (m.extra_tags or "") for m in django_messages.get_messages(request))


class CheckView(WagtailAdminTemplateMixin, View):
    """The 错敏词 report of a page's latest version, its overrides, and the override form."""

    template_name = "review/check.html"
    page_title = "错敏词检查"
    header_icon = "warning"

    def dispatch(self, request, page_id: int, *args, **kwargs):
        self.page = get_object_or_404(Page, id=page_id).specific
        if not user_may_see_checks(request.user, self.page):
            return forbidden_response(request, "您无权查看此信息的错敏词检查结果。")
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_context_data(self, **kwargs):
        content = _latest_content(self.page)
        hits = check_page(content)
        user_can_override = can_override(self.request.user, self.page)
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "page": self.page,
                "hits": hits,
                "unresolved": unresolved_severe_words(content, hits),
                "overrides": SensitiveOverride.objects.filter(page_id=self.page.pk).select_related("user"),
                "can_override": user_can_override,
                "edit_url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
            }
        )
        context.setdefault("form", OverrideForm() if user_can_override else None)
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        form = OverrideForm(request.POST)
        if form.is_valid():
            try:
                override = sensitive_override_record(
                    page=self.page, user=request.user, reason=form.cleaned_data["reason"]
                )
            except PermissionDenied as error:
                return forbidden_response(request, str(error))
            except ValidationError as error:
                form.add_error("reason", error)
            else:
                messages.success(request, f"已放行：{'、'.join(override.words)}。放行记录已写入操作日志。")
                return redirect("review:check", self.page.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class WithdrawView(WagtailAdminTemplateMixin, View):
    """Unpublish with a required reason, optionally leaving a notice at the old address.

    Replaces Wagtail's plain unpublish confirmation (the middleware sends that URL here).
    """

    template_name = "review/withdraw.html"
    page_title = "撤回信息"
    header_icon = "download"

    def dispatch(self, request, page_id: int, *args, **kwargs):
        self.page = specific_page(get_object_or_404(Page, id=page_id))
        if not self.page.live:
            messages.error(request, "该页面未发布，无需撤回。")
            return redirect("wagtailadmin_pages:edit", self.page.pk)
        if not can_withdraw(request.user, self.page):
            return forbidden_response(request, "只有办公室审核人员可以撤回已发布的信息。")
        self.next_url = get_valid_next_url_from_request(request)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"page": self.page, "next": self.next_url})
        context.setdefault("form", WithdrawForm())
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                notice = page_withdraw(
                    page=self.page,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    show_notice=form.cleaned_data["show_notice"],
                )
            except ValidationError as error:
                form.add_error("reason", error)
            else:
                text = f"“{self.page.get_admin_display_title()}”已撤回。"
                if notice.show_notice:
                    text += f"原地址 {notice.url_path} 显示撤回公告。"
                messages.success(request, text)
                return redirect(self.next_url or reverse("wagtailadmin_explore", args=[self.page.get_parent().pk]))
        return self.render_to_response(self.get_context_data(form=form), status=400)
