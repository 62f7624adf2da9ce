"""Staff screens of 互动交流: the message list with ages and limits, one message (route, draft, close),
the statistics, and the dashboard panel. Each change goes through ``gongkai.interaction.services``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.views import View
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import WorkflowState

from gongkai.calendar.services import current_date
from gongkai.core.admin_views import forbidden
from gongkai.interaction import permissions, selectors, services
from gongkai.interaction.forms_admin import InvalidForm, ReplyForm, RouteForm
from gongkai.interaction.models import Kind, Message, Reply, Status
from gongkai.interaction.routing import suggest_department
from gongkai.interaction.rules import Flag, message_clock, reply_workdays

HOME_BREADCRUMB = {"url": reverse_lazy("wagtailadmin_home"), "label": "首页"}
LIST_BREADCRUMB = {"url": reverse_lazy("interaction:messages"), "label": "互动交流：留言"}
PAGE_SIZE = 50
NO_ACCESS = "您无权查看互动交流留言。"
OUT_OF_SCOPE = "该留言未分办给您所在的处室，您无权查看。"


def reply_edit_url(reply: Reply) -> str:
    return reverse("wagtailsnippets_interaction_reply:edit", args=[reply.pk])


class _StaffView(WagtailAdminTemplateMixin, View):
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_access_module(request.user):
            return forbidden(request, NO_ACCESS)
        return super().dispatch(request, *args, **kwargs)


class MessageListView(_StaffView):
    template_name = "interaction/admin/list.html"
    page_title = "互动交流：留言"

    def get_breadcrumbs_items(self):
        return [HOME_BREADCRUMB, {"url": "", "label": self.page_title}]

    def get(self, request: HttpRequest) -> HttpResponse:
        today = current_date()
        queryset = selectors.staff_messages(request.user)
        status = request.GET.get("status", "")
        if status in Status.values:
            queryset = queryset.filter(status=status)
        kind = request.GET.get("kind", "")
        if kind in Kind.values:
            queryset = queryset.filter(kind=kind)
        flag = request.GET.get("flag", "")
        all_rows = selectors.rows(queryset, today)
        if flag in (Flag.WARNING, Flag.SEVERE, Flag.OVER):
            all_rows = [r for r in all_rows if r.clock.flag == flag]
        elif flag == "overdue":
            all_rows = [r for r in all_rows if r.clock.overdue]
        page = Paginator(all_rows, PAGE_SIZE).get_page(request.GET.get("p"))
        counts, _ = selectors.flag_counts(selectors.staff_messages(request.user), today)
        context = self.get_context_data()
        context.update(
            {
                "page": page,
                "counts": counts,
                "statuses": Status.choices,
                "kinds": Kind.choices,
                "status": status,
                "kind": kind,
                "flag": flag,
                "office": permissions.is_office(request.user),
                "reply_workdays": reply_workdays(),
            }
        )
        return self.render_to_response(context)


class MessageView(_StaffView):
    template_name = "interaction/admin/message.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.message = get_object_or_404(
            Message.objects.select_related("department", "suggested_department"), pk=kwargs["pk"]
        )

    @property
    def page_title(self):
        return f"留言 {self.message.number}"

    def get_breadcrumbs_items(self):
        return [HOME_BREADCRUMB, LIST_BREADCRUMB, {"url": "", "label": self.message.number}]

    def dispatch(self, request, *args, **kwargs):
        if permissions.can_access_module(request.user) and not permissions.can_view(request.user, self.message):
            return forbidden(request, OUT_OF_SCOPE)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.show()

    def show(self, *, route_form=None, reply_form=None, invalid_form=None, status: int = 200) -> HttpResponse:
        message = self.message
        user = self.request.user
        reply = Reply.objects.filter(message=message).first()
        draft = reply.get_latest_revision_as_object() if reply is not None and reply.latest_revision_id else reply
        if reply_form is None and permissions.can_draft(user, message) and message.status == Status.ASSIGNED:
            initial = (
                {"public_subject": draft.public_subject, "public_question": draft.public_question, "text": draft.text}
                if draft is not None
                else services.default_reply_texts(message)
            )
            reply_form = ReplyForm(initial=initial)
        if route_form is None and permissions.can_route(user, message):
            initial = message.department or message.suggested_department
            route_form = RouteForm(initial={"department": initial.pk if initial else None})
        if invalid_form is None and permissions.can_close(user, message):
            invalid_form = InvalidForm()
        open_ = message.status in (Status.RECEIVED, Status.ASSIGNED)
        state = reply.current_workflow_state if reply is not None else None
        in_review = state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
        sent_back = state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES
        context = self.get_context_data()
        context.update(
            {
                "message": message,
                "clock": message_clock(message),
                "reply": reply,
                "draft": draft,
                "in_review": in_review,
                "sent_back": sent_back,
                "reply_edit_url": reply_edit_url(reply) if reply is not None else "",
                "route_form": route_form if open_ and not in_review else None,
                "reply_form": reply_form if message.status == Status.ASSIGNED and not in_review else None,
                "invalid_form": invalid_form if open_ else None,
                "suggestion": suggest_department(f"{message.subject}\n{message.text}") if open_ else None,
                "reply_workdays": reply_workdays(),
            }
        )
        response = self.render_to_response(context)
        response.status_code = status
        return response

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = request.POST.get("action", "")
        try:
            if action == "route":
                form = RouteForm(request.POST)
                if not form.is_valid():
                    return self.show(route_form=form, status=400)
                services.message_route(
                    message=self.message, department=form.cleaned_data["department"], user=request.user
                )
                messages.success(request, f"已分办给{form.cleaned_data['department'].name}。")
            elif action == "reply":
                form = ReplyForm(request.POST)
                if not form.is_valid():
                    return self.show(reply_form=form, status=400)
                data = form.cleaned_data
                reply = services.reply_save(
                    message=self.message,
                    user=request.user,
                    text=data["text"],
                    public_subject=data["public_subject"],
                    public_question=data["public_question"],
                )
                if data["submit_for_review"]:
                    services.reply_submit(reply=reply, user=request.user)
                    messages.success(request, "答复已保存并提交审核。")
                else:
                    messages.success(request, "答复草稿已保存。")
            elif action == "invalid":
                form = InvalidForm(request.POST)
                if not form.is_valid():
                    return self.show(invalid_form=form, status=400)
                services.message_close_invalid(
                    message=self.message,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
                messages.success(request, "已确认为无效留言。")
            else:
                raise Http404("未知操作。")
        except PermissionDenied as error:
            return forbidden(request, str(error))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            self.message.refresh_from_db()
            return self.show(status=400)
        return redirect("interaction:message", pk=self.message.pk)


class StatisticsView(_StaffView):
    template_name = "interaction/admin/statistics.html"
    page_title = "互动交流：办理统计"

    def get_breadcrumbs_items(self):
        return [HOME_BREADCRUMB, LIST_BREADCRUMB, {"url": "", "label": "办理统计"}]

    def get(self, request: HttpRequest) -> HttpResponse:
        table, total = selectors.statistics()
        context = self.get_context_data()
        context.update({"table": table, "total": total, "reply_workdays": reply_workdays()})
        return self.render_to_response(context)


class DashboardPanel(Component):
    """Admin home: unanswered valid messages nearing or past three months, overdue ones, unrouted ones."""

    name = "interaction_flags"
    order = 120
    template_name = "interaction/admin/dashboard_panel.html"
    shown_rows = 8

    def __init__(self, user) -> None:
        self.user = user

    def get_context_data(self, parent_context=None):
        counts, flagged = selectors.flag_counts(selectors.staff_messages(self.user))
        return {
            "counts": counts,
            "flagged": flagged[: self.shown_rows],
            "list_url": reverse("interaction:messages"),
            "office": permissions.is_office(self.user),
        }
