"""Staff screens of 环境投诉举报 in the Wagtail admin: the case list with due flags, one case with its
actions, evidence download, and the dashboard panel.

Each action posts to its own address and calls exactly one function of ``services``; a
``ValidationError`` comes back on the case page (400), a ``PermissionDenied`` as a real 403 page.
Who may do what is ``permissions``'s; what is due when is ``rules``/``selectors``'s.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from gongkai.calendar.services import current_date
from gongkai.complaints import forms_admin as forms
from gongkai.complaints import selectors, services
from gongkai.complaints.models import Category, Complaint, ComplaintResult, Evidence, Extension, Status
from gongkai.complaints.permissions import (
    can_access_module,
    can_approve_extension,
    can_handle,
    can_intake,
    can_see_reporter,
    can_view,
    visible_department_ids,
)
from gongkai.core.admin_views import forbidden as core_forbidden
from gongkai.core.files import open_or_404

OUT_OF_SCOPE = "您无权查看此投诉举报：只能查看本处室承办的投诉举报。"
PAGE_SIZE = 50
HOME_BREADCRUMB = {"url": reverse_lazy("wagtailadmin_home"), "label": "首页"}
LIST_BREADCRUMB = {"url": reverse_lazy("complaints:list"), "label": "投诉举报"}


def forbidden(request: HttpRequest, message: str = OUT_OF_SCOPE) -> HttpResponse:
    return core_forbidden(request, message)


def scoped(user) -> "Complaint.objects":
    ids = visible_department_ids(user)
    queryset = Complaint.objects.select_related("department", "extension")
    return queryset if ids is None else queryset.filter(department_id__in=ids)


class ListView(WagtailAdminTemplateMixin, View):
    template_name = "complaints/admin/list.html"
    page_title = "投诉举报"
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not can_access_module(request.user):
            return forbidden(request, "您无权查看投诉举报。")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [HOME_BREADCRUMB, {"url": "", "label": "投诉举报"}]

    def get(self, request, *args, **kwargs):
        today = current_date()
        queryset = scoped(request.user)
        status = request.GET.get("status", "")
        if status in Status.values:
            queryset = queryset.filter(status=status)
        category = request.GET.get("category", "")
        if category in Category.values:
            queryset = queryset.filter(category=category)
        if request.GET.get("flag") == "1":
            # Due status is derived from dates, so the flagged list is computed over the open cases.
            items = [complaint for complaint, _clock in selectors.flagged(queryset, today)]
        else:
            items = queryset
        page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("p"))
        rows = [(c, selectors.current_clock(c, today)) for c in page.object_list]
        query = request.GET.copy()
        query.pop("p", None)
        context = self.get_context_data(
            rows=rows,
            page=page,
            query=query.urlencode(),
            statuses=Status.choices,
            categories=Category.choices,
            selected_status=status,
            selected_category=category,
            flag=request.GET.get("flag") == "1",
            all_departments=visible_department_ids(request.user) is None,
        )
        return self.render_to_response(context)


@dataclass(frozen=True)
class Action:
    key: str
    heading: str
    button: str
    form: type[Form]
    run: Callable  # (request, complaint, cleaned_data) -> None
    shown: Callable  # (user, complaint) -> bool
    danger: bool = False


def _decision(pk):
    if not pk:
        return None
    from gongkai.enforcement.models import Decision

    decision = Decision.objects.filter(pk=pk).first()
    if decision is None:
        raise ValidationError("没有该编号的行政执法决定。")
    return decision


def _pending_extension(complaint: Complaint) -> Extension | None:
    extension = getattr(complaint, "extension", None)
    return extension if extension is not None and extension.approved_on is None else None


def _result(complaint: Complaint) -> ComplaintResult | None:
    return ComplaintResult.objects.filter(complaint=complaint).first()


def _result_draft(complaint: Complaint) -> ComplaintResult | None:
    result = _result(complaint)
    return result.get_latest_revision_as_object() if result is not None else None


ACTIONS = [
    Action(
        "accept",
        "受理并交办",
        "受理",
        forms.AcceptForm,
        lambda r, c, d: services.complaint_accept(
            complaint=c, user=r.user, department=d["department"], accepted_on=d["accepted_on"]
        ),
        lambda u, c: c.status == Status.RECEIVED and can_intake(u),
    ),
    Action(
        "not_accept",
        "不予受理",
        "不予受理",
        forms.NotAcceptForm,
        lambda r, c, d: services.complaint_not_accept(
            complaint=c, user=r.user, reason=d["reason"], decided_on=d["decided_on"]
        ),
        lambda u, c: c.status == Status.RECEIVED and can_intake(u),
        danger=True,
    ),
    Action(
        "transfer",
        "转办（流域局、市州生态环境局）",
        "转办",
        forms.TransferForm,
        lambda r, c, d: services.complaint_transfer(
            complaint=c,
            user=r.user,
            body_kind=d["body_kind"],
            receiving_body=d["receiving_body"],
            transferred_on=d["transferred_on"],
            note=d["note"],
        ),
        lambda u, c: c.status in (Status.RECEIVED, Status.ACCEPTED) and can_intake(u),
    ),
    Action(
        "assign",
        "改由其他处室承办",
        "改派",
        forms.AssignForm,
        lambda r, c, d: services.complaint_assign(complaint=c, user=r.user, department=d["department"]),
        lambda u, c: c.status == Status.ACCEPTED and can_intake(u),
    ),
    Action(
        "investigation",
        "记录调查情况",
        "保存",
        forms.InvestigationForm,
        lambda r, c, d: services.investigation_record(complaint=c, user=r.user, text=d["text"], done_on=d["done_on"]),
        lambda u, c: c.status == Status.ACCEPTED and can_handle(u, c),
    ),
    Action(
        "extension_request",
        "申请延期办理",
        "提交延期申请",
        forms.ExtensionRequestForm,
        lambda r, c, d: services.extension_request(complaint=c, user=r.user, days=d["days"], reason=d["reason"]),
        lambda u, c: c.status == Status.ACCEPTED and getattr(c, "extension", None) is None and can_handle(u, c),
    ),
    Action(
        "extension_approve",
        "批准延期办理",
        "批准延期",
        forms.EmptyForm,
        lambda r, c, d: services.extension_approve(complaint=c, user=r.user),
        lambda u, c: (
            c.status == Status.ACCEPTED
            and _pending_extension(c) is not None
            and can_approve_extension(u, c, _pending_extension(c).requested_by_id)
        ),
    ),
    Action(
        "result",
        "记录查处结果",
        "保存查处结果并生成脱敏文本",
        forms.ResultForm,
        lambda r, c, d: services.result_record(
            complaint=c,
            user=r.user,
            findings=d["findings"],
            measures=d["measures"],
            penalty_decision_number=d["penalty_decision_number"],
            decision=_decision(d["decision"]),
        ),
        lambda u, c: c.status in (Status.ACCEPTED, Status.CLOSED) and can_handle(u, c),
    ),
    Action(
        "public_text",
        "修改公开文本",
        "保存公开文本",
        forms.PublicTextForm,
        lambda r, c, d: services.result_update_public_text(
            result=_result(c), user=r.user, public_findings=d["public_findings"], public_measures=d["public_measures"]
        ),
        lambda u, c: _result(c) is not None and can_handle(u, c),
    ),
    Action(
        "confirm_masking",
        "核对脱敏文本",
        "核对无误",
        forms.EmptyForm,
        lambda r, c, d: services.result_confirm_masking(result=_result(c), user=r.user),
        lambda u, c: _result(c) is not None and can_handle(u, c),
    ),
    Action(
        "close",
        "办结",
        "办结",
        forms.CloseForm,
        lambda r, c, d: services.complaint_close(complaint=c, user=r.user, closed_on=d["closed_on"]),
        lambda u, c: c.status == Status.ACCEPTED and _result(c) is not None and can_handle(u, c),
    ),
    Action(
        "submit_result",
        "提交查处结果审核",
        "提交审核",
        forms.EmptyForm,
        lambda r, c, d: services.result_submit(result=_result(c), user=r.user),
        lambda u, c: (
            c.status == Status.CLOSED
            and _result(c) is not None
            and not _result(c).workflow_in_progress
            and can_handle(u, c)
        ),
    ),
]
ACTIONS_BY_KEY = {action.key: action for action in ACTIONS}


def _initial(action: Action, complaint: Complaint) -> dict:
    draft = _result_draft(complaint)
    if action.key == "result" and draft is not None:
        return {
            "findings": draft.findings,
            "measures": draft.measures,
            "penalty_decision_number": draft.penalty_decision_number,
            "decision": draft.decision_id,
        }
    if action.key == "public_text" and draft is not None:
        return {"public_findings": draft.public_findings, "public_measures": draft.public_measures}
    return {}


class CaseView(WagtailAdminTemplateMixin, View):
    template_name = "complaints/admin/case.html"
    header_icon = "warning"

    def dispatch(self, request, pk: int, *args, **kwargs):
        self.complaint = get_object_or_404(Complaint.objects.select_related("department", "extension"), pk=pk)
        if not can_view(request.user, self.complaint):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"投诉举报 {self.complaint.number}"

    def get_breadcrumbs_items(self):
        return [HOME_BREADCRUMB, LIST_BREADCRUMB, {"url": "", "label": self.complaint.number}]

    def panels(self, bound: dict[str, Form]) -> list[dict]:
        user = self.request.user
        return [
            {
                "action": action,
                "id": action.key,
                "form": bound.get(action.key) or action.form(initial=_initial(action, self.complaint)),
                "open": action.key in bound,
                "url": reverse("complaints:action", args=[self.complaint.pk, action.key]),
            }
            for action in ACTIONS
            if action.shown(user, self.complaint)
        ]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, bound: dict[str, Form] | None = None, **kwargs):
        complaint, user, today = self.complaint, self.request.user, current_date()
        draft = _result_draft(complaint)
        live = _result(complaint)
        context = super().get_context_data(**kwargs)
        context.update(
            complaint=complaint,
            show_reporter=can_see_reporter(user, complaint),
            acceptance=selectors.acceptance_clock(complaint, today),
            handling=selectors.handling_clock(complaint, today),
            extension=getattr(complaint, "extension", None),
            transfers=list(complaint.transfers.all()),
            investigations=list(complaint.investigations.all()),
            evidence=list(complaint.evidence.all()),
            can_mark=can_handle(user, complaint),
            result=draft,
            result_row=live,
            blockers=draft.publication_blockers() if draft is not None else [],
            edit_result_url=reverse(ComplaintResult.snippet_viewset.get_url_name("edit"), args=[live.pk])
            if live
            else "",
            action_panels=self.panels(bound or {}),
            Status=Status,
        )
        return context


class ActionView(CaseView):
    """POST one action: run its service, then back to the case (with errors on the form: 400)."""

    def get(self, request, *args, **kwargs):
        return redirect("complaints:case", self.complaint.pk)

    def post(self, request, *args, key: str = "", **kwargs):
        action = ACTIONS_BY_KEY.get(key)
        if action is None or not action.shown(request.user, self.complaint):
            return forbidden(request, "您不能对此投诉举报执行该操作。")
        form = action.form(request.POST)
        if form.is_valid():
            try:
                action.run(request, self.complaint, form.cleaned_data)
            except PermissionDenied as error:
                return forbidden(request, str(error))
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(request, f"已{action.heading}。")
                return redirect("complaints:case", self.complaint.pk)
        self.complaint.refresh_from_db()
        response = self.render_to_response(self.get_context_data(bound={key: form}))
        response.status_code = 400
        return response


def _evidence_in_scope(request: HttpRequest, pk: int, evidence_pk: int) -> Evidence | HttpResponse:
    complaint = get_object_or_404(Complaint, pk=pk)
    if not can_view(request.user, complaint):
        return forbidden(request)
    return get_object_or_404(Evidence, pk=evidence_pk, complaint=complaint)


def evidence_download(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    """The reporter's file, as an attachment, to staff who may see the case."""
    evidence = _evidence_in_scope(request, pk, evidence_pk)
    if isinstance(evidence, HttpResponse):
        return evidence
    response = FileResponse(
        open_or_404(evidence.file),
        as_attachment=True,
        filename=f"{evidence.complaint.number}-{evidence.pk}.{evidence.extension}",
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def evidence_publishable(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("complaints:case", pk)
    evidence = _evidence_in_scope(request, pk, evidence_pk)
    if isinstance(evidence, HttpResponse):
        return evidence
    try:
        services.evidence_set_publishable(
            evidence=evidence, user=request.user, publishable=request.POST.get("publishable") == "1"
        )
    except PermissionDenied as error:
        return forbidden(request, str(error))
    messages.success(request, "已更新照片的公开设置。")
    return redirect("complaints:case", pk)


class DashboardPanel(Component):
    """Admin home: complaints due within a few days or overdue, and extensions waiting for this user."""

    name = "complaints_due"
    order = 120
    template_name = "complaints/admin/dashboard_panel.html"
    shown_rows = 10

    def __init__(self, user) -> None:
        self.user = user

    def get_context_data(self, parent_context=None):
        today = current_date()
        rows = selectors.flagged(scoped(self.user), today)
        waiting = [
            extension
            for extension in Extension.objects.filter(approved_on__isnull=True, complaint__status=Status.ACCEPTED)
            .select_related("complaint")
            .order_by("requested_on")
            if can_approve_extension(self.user, extension.complaint, extension.requested_by_id)
        ]
        return {
            "overdue": [r for r in rows if r[1].state == selectors.OVERDUE][: self.shown_rows],
            "due_soon": [r for r in rows if r[1].state == selectors.DUE_SOON][: self.shown_rows],
            "received": scoped(self.user).filter(status=Status.RECEIVED).count() if can_intake(self.user) else None,
            "extensions": waiting,
            "list_url": reverse("complaints:list"),
        }
