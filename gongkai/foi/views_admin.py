"""Staff screens of 依申请公开: the case list, the case page with its actions, registration of paper
applications, attachments, the annual-report prose and the dashboard panel.

Each action on the case page is a small form posting to its own address; the view calls exactly
one function of ``gongkai.foi.services`` and shows its Chinese ``ValidationError`` on the form
(400) or its ``PermissionDenied`` as a real 403. The clock shown everywhere is
``gongkai.foi.clock.clock_for``, computed per request and never stored.
"""

import datetime
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import django_filters
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Q
from django.forms import Form, Media
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.views import View
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from gongkai.calendar.services import current_date
from gongkai.core.admin_views import forbidden as core_forbidden
from gongkai.foi import clock as foi_clock
from gongkai.foi import fees, rules, services
from gongkai.foi import forms_admin as forms
from gongkai.foi.clock import Clock, ClockState
from gongkai.foi.models import (
    AnnualReport,
    Application,
    ApplicationAttachment,
    Challenge,
    Channel,
    Consultation,
    Extension,
    FeeNotice,
    Status,
)
from gongkai.foi.outcomes import Outcome
from gongkai.foi.permissions import (
    EXTENSION_ROLES,
    can_access_module,
    can_add_note,
    can_approve_extension,
    can_handle,
    can_view,
    sees_all_applications,
)
from gongkai.org.models import Department
from gongkai.review.permissions import scope_for

DOWNLOAD_ACTION = "foi.download"
QUERY_CODE_SESSION_KEY = "gongkai.foi.new_query_code"
REPORT_FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FIRST_REPORT_YEAR = 2008  # the 2007 Regulation came into force on 2008-05-01
RUNNING_STATUSES = (Status.PROCESSING, Status.AWAITING_PAYMENT)
CASES_BREADCRUMB = {"url": reverse_lazy("foi:cases"), "label": "依申请公开"}
HOME_BREADCRUMB = {"url": reverse_lazy("wagtailadmin_home"), "label": "首页"}


# --- Shared helpers ---------------------------------------------------------------------------


def forbidden(request: HttpRequest, message: str = "您无权查看或办理此申请。") -> HttpResponse:
    return core_forbidden(request, message)


def clock_of(application: Application, today: datetime.date | None = None) -> Clock | None:
    """The case's clock as of ``today``, cached on the instance; None when no rule covers its dates."""
    cache = application.__dict__.setdefault("_foi_clocks", {})
    if today not in cache:
        try:
            cache[today] = foi_clock.clock_for(application, today=today)
        except rules.NoRuleInForce:
            # Dates before any rule in gongkai.foi.rules (e.g. before 2008-05-01): shown without a clock, not a 500.
            cache[today] = None
    return cache[today]


def add_service_errors(form: Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the named field if the form has it."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def fee_due(notice: FeeNotice | None) -> datetime.date | None:
    """The payment deadline of a fee notice; None without one, or when no fee rule covers its date."""
    if notice is None:
        return None
    try:
        return foi_clock.fee_payment_due(notice)
    except rules.NoRuleInForce:
        return None


def form_errors_text(form: Form) -> str:
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.extend(f"{label}：{e}" if label else e for e in errors)
    return "；".join(parts)


def due_label(clock: Clock | None) -> str:
    if clock is None:
        return "—"
    if clock.state is ClockState.NOT_STARTED:
        return "待确认收到"
    if clock.state is ClockState.SUSPENDED:
        return "待补正"
    if clock.due is None:
        return "—"
    return f"{clock.due:%Y-%m-%d}（暂定）" if clock.provisional else f"{clock.due:%Y-%m-%d}"


def left_label(clock: Clock | None) -> str:
    """Working days left, 已超期 N 个工作日, or how a closed case ended up."""
    if clock is None:
        return ""
    if clock.state is ClockState.RUNNING:
        left = clock.workdays_left
        if left is None:
            return ""
        if left < 0:
            return format_html('<strong class="w-text-critical-200">已超期{}个工作日</strong>', -left)
        if left == 0:
            return format_html('<strong class="w-text-critical-200">今日到期</strong>')
        if left <= settings.GONGKAI_FOI_DUE_SOON_WORKDAYS:
            return format_html("<strong>{}个工作日</strong>", left)
        return f"{left}个工作日"
    if clock.state is ClockState.SUSPENDED and clock.correction_due:
        return f"补正期限{clock.correction_due:%Y-%m-%d}"
    if clock.state is ClockState.CLOSED:
        on_time = clock.closed_on_time
        if on_time is False:
            return format_html('<span class="w-text-critical-200">超期答复</span>')
        if on_time:
            return "按期办结"
    return ""


def shorten(text: str, length: int = 30) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1] + "…"


def case_url(application: Application) -> str:
    return reverse("foi:case", args=[application.pk])


# --- Case list --------------------------------------------------------------------------------


class Deadline:
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


def _year_choices():
    years = {d.year for d in Application.objects.exclude(received_on=None).dates("received_on", "year")}
    years.add(current_date().year)
    return [(str(y), f"{y}年") for y in sorted(years, reverse=True)]


class CaseFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label="办理状态", choices=Status.choices, empty_label="全部")
    deadline = django_filters.ChoiceFilter(
        label="答复期限",
        choices=[(Deadline.DUE_SOON, "即将到期"), (Deadline.OVERDUE, "已超期")],
        method="keep_all",
        empty_label="全部",
    )
    year = django_filters.ChoiceFilter(label="年度", choices=_year_choices, method="filter_year", empty_label="全部")
    department = django_filters.ModelChoiceFilter(
        label="承办处室",
        field_name="handling_departments",
        queryset=lambda request: Department.objects.order_by("sort_order", "name"),
        empty_label="全部",
    )

    class Meta:
        model = Application
        fields: list[str] = []

    def keep_all(self, queryset, name, value):
        # Overdue and due-soon depend on the derived clock; the view applies them in Python.
        return queryset

    def filter_year(self, queryset, name, value):
        year = int(value)
        # By receipt date, as the annual report counts; unconfirmed submissions by submission date.
        return queryset.filter(Q(received_on__year=year) | Q(received_on__isnull=True, submitted_at__year=year))


def _applicant_cell(application: Application) -> str:
    return f"{application.name}（{application.applicant_label}）"


def _departments_cell(application: Application) -> str:
    return "、".join(d.name for d in application.handling_departments.all()) or "—"


class CaseListView(BaseListingView):
    """依申请公开 → 申请列表: the cases the user may see, with their clocks."""

    page_title = "申请列表"
    header_icon = "form"
    index_url_name = "foi:cases"
    index_results_url_name = "foi:cases_results"
    filterset_class = CaseFilterSet
    is_searchable = True
    search_fields = ["number", "name"]
    search_backend_name = None
    paginate_by = 50
    default_ordering = "-submitted_at"
    verbose_name = "申请"
    verbose_name_plural = "申请"

    def dispatch(self, request, *args, **kwargs):
        if not can_access_module(request.user):
            return forbidden(request, "您无权查看依申请公开申请。")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [HOME_BREADCRUMB, {"url": "", "label": "依申请公开：申请列表"}]

    def get_header_buttons(self):
        from wagtail.admin.widgets.button import HeaderButton

        buttons = super().get_header_buttons()
        if can_handle(self.request.user):
            buttons.append(HeaderButton("登记线下申请", url=reverse("foi:register"), icon_name="plus"))
        return buttons

    @property
    def columns(self):
        return [
            TitleColumn("number", label="申请编号", get_url=case_url, sort_key="number"),
            Column("applicant", label="申请人", accessor=_applicant_cell),
            Column("information", label="所需信息", accessor=lambda a: shorten(a.information_title or a.description)),
            Column(
                "received_on",
                label="收到日期",
                accessor=lambda a: f"{a.received_on:%Y-%m-%d}" if a.received_on else "待确认",
                sort_key="received_on",
            ),
            Column("status", label="状态", accessor="get_status_display"),
            Column("due", label="答复期限", accessor=lambda a: due_label(clock_of(a, self.today))),
            Column("left", label="剩余工作日", accessor=lambda a: left_label(clock_of(a, self.today))),
            Column("departments", label="承办处室", accessor=_departments_cell),
        ]

    def get_valid_orderings(self):
        return ["number", "-number", "received_on", "-received_on", "submitted_at", "-submitted_at"]

    @property
    def today(self) -> datetime.date:
        if not hasattr(self, "_today"):
            self._today = current_date()
        return self._today

    def get_base_queryset(self):
        return (
            Application.objects.for_user(self.request.user).with_clock_data().prefetch_related("handling_departments")
        )

    def get_queryset(self):
        queryset = super().get_queryset()
        deadline = None
        if self.filters and self.filters.is_valid():
            deadline = self.filters.form.cleaned_data.get("deadline")
        if not deadline:
            return queryset
        # Only running clocks can be overdue or due soon; the rest never need their clock computed.
        rows = []
        for application in queryset.filter(status__in=RUNNING_STATUSES):
            clock = clock_of(application, self.today)
            if clock is None:
                continue
            if (deadline == Deadline.OVERDUE and clock.overdue) or (deadline == Deadline.DUE_SOON and clock.due_soon):
                rows.append(application)
        return rows


# --- Case actions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Situation:
    """What the action predicates look at."""

    user: object
    application: Application
    clock: Clock | None
    today: datetime.date
    handler: bool

    @property
    def status(self) -> str:
        return self.application.status


def _one(application: Application, name: str):
    try:
        return getattr(application, name)
    except ObjectDoesNotExist:
        return None


@dataclass(frozen=True)
class CaseAction:
    key: str  # URL name under ``foi:``, form prefix
    heading: str
    button: str
    form_class: type[Form]
    run: Callable  # (user, application, target, cleaned_data) -> success message
    shown: Callable[[Situation], bool]
    targets: Callable[[Application], Iterable] | None = None  # per-object actions
    target_model: type | None = None
    target_label: Callable[[object], str] = str
    form_kwargs: Callable[[Application], dict] = field(default=lambda application: {})
    multipart: bool = False
    danger: bool = False

    def prefix(self, target=None) -> str:
        return f"{self.key}-{target.pk}" if target is not None else self.key

    def url(self, application: Application, target=None) -> str:
        if target is not None:
            return reverse(f"foi:{self.key}", args=[application.pk, target.pk])
        return reverse(f"foi:{self.key}", args=[application.pk])

    def make_form(self, application: Application, target=None, data=None, files=None) -> Form:
        return self.form_class(data, files, prefix=self.prefix(target), **self.form_kwargs(application))


def _confirm(user, application, target, data) -> str:
    application = services.application_confirm_receipt(
        application=application, user=user, confirmed_on=data["confirmed_on"]
    )
    return f"已确认收到申请，收到申请日期为{application.received_on:%Y-%m-%d}，答复期限开始计算。"


def _invalid(user, application, target, data) -> str:
    services.application_mark_invalid(application=application, user=user, reason=data["reason"])
    return "已确认为无效提交，不计入年度报告。"


def _assign(user, application, target, data) -> str:
    departments = list(data["departments"])
    services.application_assign(application=application, user=user, departments=departments)
    if not departments:
        return "已取消指定承办处室。"
    return f"已指定承办处室：{'、'.join(d.name for d in departments)}。"


def _correction_request(user, application, target, data) -> str:
    correction = services.correction_request(
        application=application,
        user=user,
        items=data["items"],
        due_on=data["due_on"],
        requested_on=data["requested_on"],
    )
    return f"已告知补正，补正期限至{correction.due_on:%Y-%m-%d}。补正期间不计算答复期限。"


def _supplement(user, application, target, data) -> str:
    correction = services.correction_supplement(
        application=application,
        user=user,
        text=data["text"],
        files=data["files"],
        supplemented_on=data["supplemented_on"],
    )
    return f"已登记补正，答复期限自{correction.supplemented_on:%Y-%m-%d}起重新计算。"


def _correction_lapse(user, application, target, data) -> str:
    services.correction_lapse(application=application, user=user, closed_on=data["closed_on"])
    return "已按申请人逾期未补正办结，视为放弃申请。"


def _consultation_start(user, application, target, data) -> str:
    consultation = services.consultation_start(
        application=application, user=user, kind=data["kind"], party=data["party"], sent_on=data["sent_on"]
    )
    return f"已登记{consultation.get_kind_display()}（{consultation.party}），征求意见期间不计算答复期限。"


def _consultation_answer(user, application, target, data) -> str:
    consultation = services.consultation_answer(
        consultation=target,
        user=user,
        opinion=data["opinion"],
        answered_on=data["answered_on"],
        note=data["note"],
    )
    return f"已登记{consultation.party}的意见：{consultation.get_opinion_display()}。"


def _extension_request(user, application, target, data) -> str:
    extension = services.extension_request(application=application, user=user, days=data["days"], reason=data["reason"])
    return f"已申请延期{extension.days}个工作日，待政府信息公开工作机构负责人审批。"


def _extension_decide(user, application, target, data) -> str:
    extension = _one(application, "extension")
    if extension is None:
        raise ValidationError("该申请没有待审批的延期申请。")
    approve = data["decision"] == "approve"
    extension = services.extension_decide(extension=extension, user=user, approve=approve, note=data["note"])
    if approve:
        return f"已同意延期{extension.days}个工作日，并告知申请人。"
    return "已不同意延期，答复期限不变。"


def _fee_issue(user, application, target, data) -> str:
    notice = services.fee_notice_issue(
        application=application,
        user=user,
        method=data["method"],
        pages=data["pages"],
        issued_on=data["issued_on"],
        received_on=data["received_on"],
    )
    return f"已发出收费通知：{notice.get_method_display()}{notice.amount}元，缴费期限至{fee_due(notice):%Y-%m-%d}。"


def _fee_paid(user, application, target, data) -> str:
    services.fee_record_payment(application=application, user=user, paid_on=data["paid_on"])
    return "已登记缴费，继续办理。"


def _fee_lapse(user, application, target, data) -> str:
    services.fee_lapse(application=application, user=user, closed_on=data["closed_on"])
    return "已按申请人逾期未缴费办结，视为放弃申请。"


def _reply(user, application, target, data) -> str:
    application = services.application_reply(
        application=application,
        user=user,
        outcome=data["outcome"],
        reply_text=data["reply_text"],
        replied_on=data["replied_on"],
        released_files=data["released_files"],
    )
    return f"已答复：{application.get_outcome_display()}。答复告知书已生成。"


def _challenge_record(user, application, target, data) -> str:
    challenge = services.challenge_record(
        application=application,
        user=user,
        kind=data["kind"],
        filed_on=data["filed_on"],
        case_number=data["case_number"],
        body=data["body"],
    )
    return f"已登记{challenge.get_kind_display()}。"


def _challenge_conclude(user, application, target, data) -> str:
    challenge = services.challenge_conclude(
        challenge=target, user=user, result=data["result"], concluded_on=data["concluded_on"], note=data["note"]
    )
    return f"已登记{challenge.get_kind_display()}结果：{challenge.get_result_display()}。"


def _note(user, application, target, data) -> str:
    services.case_note_add(application=application, user=user, text=data["text"])
    return "已添加办理记录。"


def _unanswered(application: Application):
    return [c for c in application.consultations.all() if c.answered_on is None]


def _pending_challenges(application: Application):
    return [c for c in application.challenges.all() if c.result == Challenge.Result.PENDING]


def _correction_open(s: Situation, *, lapsed: bool) -> bool:
    correction = _one(s.application, "correction")
    if not s.handler or s.status != Status.AWAITING_CORRECTION or correction is None:
        return False
    return (s.today > correction.due_on) is lapsed


def _fee_open(s: Situation, *, lapsed: bool) -> bool:
    due = fee_due(_one(s.application, "fee_notice"))
    if not s.handler or s.status != Status.AWAITING_PAYMENT or due is None:
        return False
    return (s.today > due) is lapsed


def _may_decide_extension(s: Situation) -> bool:
    extension = _one(s.application, "extension")
    return (
        extension is not None
        and extension.state == Extension.State.REQUESTED
        and s.status in RUNNING_STATUSES
        and can_approve_extension(s.user, extension.requested_by_id)
    )


def _not_overdue(s: Situation) -> bool:
    return s.clock is None or not s.clock.overdue


ACTIONS: tuple[CaseAction, ...] = (
    CaseAction(
        "confirm",
        "确认收到申请",
        "确认收到",
        forms.ConfirmReceiptForm,
        _confirm,
        lambda s: s.handler and s.status == Status.SUBMITTED,
    ),
    CaseAction(
        "invalid",
        "确认为无效提交",
        "确认为无效提交",
        forms.MarkInvalidForm,
        _invalid,
        lambda s: s.handler and s.status == Status.SUBMITTED,
        danger=True,
    ),
    CaseAction(
        "correction_request",
        "告知补正",
        "发出补正告知",
        forms.CorrectionRequestForm,
        _correction_request,
        lambda s: (
            s.handler and s.status == Status.PROCESSING and s.clock is not None and s.clock.correction_notice_possible
        ),
    ),
    CaseAction(
        "supplement",
        "登记补正（代申请人录入）",
        "登记补正",
        forms.SupplementForm,
        _supplement,
        lambda s: _correction_open(s, lapsed=False),
        multipart=True,
    ),
    CaseAction(
        "correction_lapse",
        "逾期未补正，不再处理",
        "按逾期未补正办结",
        forms.CloseOnForm,
        _correction_lapse,
        lambda s: _correction_open(s, lapsed=True),
        danger=True,
    ),
    CaseAction(
        "consultation_start",
        "征求意见",
        "登记发出征求意见书",
        forms.ConsultationStartForm,
        _consultation_start,
        lambda s: s.handler and s.status == Status.PROCESSING,
    ),
    CaseAction(
        "consultation_answer",
        "登记征求意见结果",
        "登记意见",
        forms.ConsultationAnswerForm,
        _consultation_answer,
        lambda s: s.handler and s.status not in (Status.INVALID, Status.CLOSED),
        targets=_unanswered,
        target_model=Consultation,
        target_label=lambda c: f"{c.get_kind_display()}：{c.party}（{c.sent_on:%Y-%m-%d}发出）",
    ),
    CaseAction(
        "extension_request",
        "申请延期答复",
        "提交延期申请",
        forms.ExtensionRequestForm,
        _extension_request,
        lambda s: (
            s.handler and s.status in RUNNING_STATUSES and _one(s.application, "extension") is None and _not_overdue(s)
        ),
    ),
    CaseAction(
        "extension_decide",
        "审批延期答复",
        "提交审批意见",
        forms.ExtensionDecideForm,
        _extension_decide,
        _may_decide_extension,
    ),
    CaseAction(
        "fee_issue",
        "发出收费通知",
        "确认发出收费通知",
        forms.FeeNoticeForm,
        _fee_issue,
        lambda s: (
            s.handler
            and s.status == Status.PROCESSING
            and _one(s.application, "fee_notice") is None
            and _not_overdue(s)
        ),
    ),
    CaseAction(
        "fee_paid",
        "登记缴费",
        "登记缴费",
        forms.FeePaymentForm,
        _fee_paid,
        lambda s: _fee_open(s, lapsed=False),
    ),
    CaseAction(
        "fee_lapse",
        "逾期未缴费，不再处理",
        "按逾期未缴费办结",
        forms.CloseOnForm,
        _fee_lapse,
        lambda s: _fee_open(s, lapsed=True),
        danger=True,
    ),
    CaseAction(
        "reply",
        "答复",
        "答复并办结",
        forms.ReplyForm,
        _reply,
        lambda s: s.handler and s.status == Status.PROCESSING,
        multipart=True,
    ),
    CaseAction(
        "assign",
        "指定承办处室",
        "保存承办处室",
        forms.AssignForm,
        _assign,
        lambda s: s.handler and s.status not in (Status.CLOSED, Status.INVALID),
        form_kwargs=lambda application: {"application": application},
    ),
    CaseAction(
        "challenge_record",
        "登记行政复议、行政诉讼",
        "登记",
        forms.ChallengeRecordForm,
        _challenge_record,
        lambda s: s.handler and s.status == Status.CLOSED,
    ),
    CaseAction(
        "challenge_conclude",
        "登记复议、诉讼结果",
        "登记结果",
        forms.ChallengeConcludeForm,
        _challenge_conclude,
        lambda s: s.handler,
        targets=_pending_challenges,
        target_model=Challenge,
        target_label=lambda c: f"{c.get_kind_display()} {c.case_number}（{c.filed_on:%Y-%m-%d}立案）",
    ),
    CaseAction(
        "note",
        "添加办理记录",
        "添加",
        forms.NoteForm,
        _note,
        lambda s: can_add_note(s.user, s.application),
    ),
)
ACTIONS_BY_KEY = {action.key: action for action in ACTIONS}


def case_queryset():
    return (
        Application.objects.with_clock_data()
        .select_related(
            "confirmed_by", "registered_by", "replied_by", "extension__requested_by", "extension__decided_by"
        )
        .prefetch_related("handling_departments", "attachments", "challenges", "notes__created_by", "notes__department")
    )


# Audit-log data keys shown in the case history, in Chinese; anything else is left out.
HISTORY_DATA_LABELS = {
    "channel": "申请方式",
    "received_on": "收到申请日期",
    "reason": "原因",
    "departments": "承办处室",
    "requested_on": "告知日期",
    "due_on": "补正期限",
    "supplemented_on": "收到补正日期",
    "closed_on": "办结日期",
    "kind": "类别",
    "sent_on": "发出日期",
    "opinion": "意见",
    "answered_on": "收到意见日期",
    "days": "工作日数",
    "approved": "同意",
    "method": "计收方式",
    "amount": "金额（元）",
    "paid_on": "缴费日期",
    "outcome": "办理结果",
    "replied_on": "答复日期",
    "filed_on": "立案日期",
    "result": "结果",
    "concluded_on": "审结日期",
}


# Stored choice values shown by their Chinese labels.
HISTORY_VALUE_LABELS = {
    "channel": dict(Channel.choices),
    "kind": {
        **dict(Consultation.Kind.choices),
        **dict(Challenge.Kind.choices),
        **dict(ApplicationAttachment.Kind.choices),
    },
    "opinion": dict(Consultation.Opinion.choices),
    "method": dict(FeeNotice.Method.choices),
    "outcome": dict(Outcome.choices),
    "result": dict(Challenge.Result.choices),
}


def _history_detail(data: dict) -> str:
    parts = []
    for key, label in HISTORY_DATA_LABELS.items():
        if key not in data:
            continue
        value = data[key]
        if key in HISTORY_VALUE_LABELS:
            value = HISTORY_VALUE_LABELS[key].get(value, value)
        elif isinstance(value, bool):
            value = "是" if value else "否"
        elif isinstance(value, list):
            value = "、".join(str(v) for v in value) or "无"
        parts.append(f"{label}：{value}")
    return "；".join(parts)


class CaseView(WagtailAdminTemplateMixin, View):
    """Everything about one case, and the forms of the actions that make sense in its state."""

    template_name = "foi/admin/case.html"
    header_icon = "form"

    def dispatch(self, request, pk: int, *args, **kwargs):
        self.application = get_object_or_404(case_queryset(), pk=pk)
        if not can_view(request.user, self.application):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"申请 {self.application.number}"

    def get_breadcrumbs_items(self):
        return [HOME_BREADCRUMB, CASES_BREADCRUMB, {"url": "", "label": self.application.number}]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        return redirect(case_url(self.application))

    def action_panels(self, clock: Clock | None, bound: dict[str, Form]) -> list[dict]:
        user = self.request.user
        situation = Situation(
            user=user, application=self.application, clock=clock, today=current_date(), handler=can_handle(user)
        )
        panels = []
        for action in ACTIONS:
            if not action.shown(situation):
                continue
            targets = action.targets(self.application) if action.targets else [None]
            for target in targets:
                prefix = action.prefix(target)
                heading = action.heading if target is None else f"{action.heading}：{action.target_label(target)}"
                panels.append(
                    {
                        "action": action,
                        "id": prefix,
                        "heading": heading,
                        "form": bound.get(prefix) or action.make_form(self.application, target),
                        "open": prefix in bound,
                        "url": action.url(self.application, target),
                        "target": target,
                    }
                )
        return panels

    def get_context_data(self, bound: dict[str, Form] | None = None, fee_preview: str = "", **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        clock = clock_of(application)
        panels = self.action_panels(clock, bound or {})
        media = Media()
        for panel in panels:
            media += panel["form"].media
        extension = _one(application, "extension")
        fee_notice = _one(application, "fee_notice")
        correction = _one(application, "correction")
        history = [
            {"entry": entry, "detail": _history_detail(entry.data or {})}
            for entry in ModelLogEntry.objects.for_instance(application).select_related("user")
        ]
        context.update(
            {
                "application": application,
                "clock": clock,
                "due_label": due_label(clock),
                "left_label": left_label(clock),
                "correction": correction,
                "extension": extension,
                "fee_notice": fee_notice,
                "fee_payment_due": fee_due(fee_notice),
                "consultations": [
                    {"consultation": c, "pause": _safe_pause(c)} for c in application.consultations.all()
                ],
                "challenges": application.challenges.all(),
                "notes": application.notes.all(),
                "attachments": application.attachments.all(),
                "departments": application.handling_departments.all(),
                "history": history,
                "panels": panels,
                "media": media,
                "fee_preview": fee_preview,
                "new_query_code": self.pop_query_code(),
                "can_handle": can_handle(self.request.user),
            }
        )
        return context

    def pop_query_code(self) -> str:
        stored = self.request.session.get(QUERY_CODE_SESSION_KEY)
        if not stored or stored.get("pk") != self.application.pk:
            return ""
        # Shown once: reloading the page must not show it again.
        del self.request.session[QUERY_CODE_SESSION_KEY]
        return stored.get("code", "")


def _safe_pause(consultation: Consultation):
    try:
        return foi_clock.consultation_pause(consultation)
    except rules.NoRuleInForce:
        return None


class ActionView(CaseView):
    """POST of one case action: one service call, then back to the case page."""

    action_key: str = ""

    def dispatch(self, request, pk: int, target_pk: int | None = None, *args, **kwargs):
        self.action = ACTIONS_BY_KEY[self.action_key]
        self.target_pk = target_pk
        return super().dispatch(request, pk, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return redirect(case_url(self.application))

    def post(self, request, *args, **kwargs):
        action = self.action
        target = None
        if action.target_model is not None:
            target = get_object_or_404(action.target_model, pk=self.target_pk, application=self.application)
        form = action.make_form(self.application, target, data=request.POST, files=request.FILES)
        if not form.is_valid():
            return self.render_failure(form)
        if action.key == "fee_issue" and "preview" in request.POST:
            return self.render_fee_preview(form)
        try:
            message = action.run(request.user, self.application, target, form.cleaned_data)
        except PermissionDenied as error:
            return forbidden(request, str(error) or "您无权办理此申请。")
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_failure(form)
        except rules.NoRuleInForce as error:
            # A case older than every statutory rule the system holds: say so rather than fail.
            form.add_error(None, str(error))
            return self.render_failure(form)
        messages.success(request, message)
        return redirect(case_url(self.application))

    def render_failure(self, form: Form) -> HttpResponse:
        # The other panels are built from a fresh read: the failed service call changed nothing.
        self.application = get_object_or_404(case_queryset(), pk=self.application.pk)
        context = self.get_context_data(bound={form.prefix: form})
        if any(panel["id"] == form.prefix for panel in context["panels"]):
            messages.error(self.request, "未能完成操作，请按提示修改后重新提交。")
        else:
            # The action does not apply to the case as it stands, so its form is not on the page.
            messages.error(self.request, f"{self.action.heading}未能完成：{form_errors_text(form)}")
        return self.render_to_response(context, status=400)

    def render_fee_preview(self, form: Form) -> HttpResponse:
        data = form.cleaned_data
        try:
            quantity, amount = fees.fee_for(self.application, method=data["method"], pages=data["pages"])
        except (ValueError, rules.NoRuleInForce) as error:
            form.add_error(None, str(error))
            return self.render_failure(form)
        if data["method"] == FeeNotice.Method.PER_ITEM:
            text = f"按件计收：该申请人本月第{quantity}件申请，应收{amount}元。"
        else:
            text = f"按量计收：{quantity}页，应收{amount}元。"
        if amount == 0:
            text += "在免费额度内，不需收费。"
        return self.render_to_response(self.get_context_data(bound={form.prefix: form}, fee_preview=text))


class AttachmentView(View):
    """A case file from private storage, as a download, for staff who may see the case."""

    def get(self, request, pk: int, attachment_pk: int):
        application = get_object_or_404(Application, pk=pk)
        if not can_view(request.user, application):
            return forbidden(request)
        attachment = get_object_or_404(ApplicationAttachment, pk=attachment_pk, application=application)
        try:
            handle = attachment.file.open("rb")
        except (FileNotFoundError, OSError, ValueError):
            raise Http404("文件不存在或已被删除。") from None
        # Who opened an applicant's identity document is worth knowing; the file name is not logged.
        log(
            instance=application,
            action=DOWNLOAD_ACTION,
            user=request.user,
            data={"number": application.number, "attachment": attachment.pk, "kind": attachment.kind},
        )
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.original_name or attachment.file.name.rsplit("/", 1)[-1],
            content_type=attachment.content_type or "application/octet-stream",
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class RegisterView(WagtailAdminTemplateMixin, View):
    """登记线下申请: paper, in person, mail, fax, oral — with the receipt date of 条例第三十一条."""

    template_name = "foi/admin/register.html"
    page_title = "登记线下申请"
    header_icon = "plus"

    def dispatch(self, request, *args, **kwargs):
        if not can_handle(request.user):
            return forbidden(request, "只有政府信息公开工作机构的人员可以登记申请。")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [HOME_BREADCRUMB, CASES_BREADCRUMB, {"url": "", "label": "登记线下申请"}]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        form = form or forms.RegisterForm()
        context.update({"form": form, "media": form.media})
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        form = forms.RegisterForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                application, code = services.application_register(
                    user=request.user,
                    data=form.applicant_data(),
                    channel=data["channel"],
                    submitted_on=data["submitted_on"],
                    signed_on=data["signed_on"],
                    confirmed_on=data["confirmed_on"],
                    files=data["files"],
                )
            except PermissionDenied as error:
                return forbidden(request, str(error))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                request.session[QUERY_CODE_SESSION_KEY] = {"pk": application.pk, "code": code}
                messages.success(
                    request, f"已登记申请{application.number}，收到申请日期{application.received_on:%Y-%m-%d}。"
                )
                return redirect(case_url(application))
        messages.error(request, "未能登记，请按提示修改后重新提交。")
        return self.render_to_response(self.get_context_data(form=form), status=400)


# --- Annual reports ---------------------------------------------------------------------------
# The tables, the files and the report page are gongkai.foi.report's; these screens edit the prose
# and hand over to it.


def _report_access(request) -> HttpResponse | None:
    if not sees_all_applications(request.user):
        return forbidden(request, "年度报告由政府信息公开工作机构编写。")
    return None


def _report_year(year: int) -> int:
    if not FIRST_REPORT_YEAR <= year <= current_date().year:
        raise Http404("没有该年度的年度报告。")
    return year


def _report_data(year: int, report: AnnualReport | None):
    from gongkai.foi.report import tables

    return tables.report_data(report) if report is not None and report.pk else tables.compute(year)


def _downloads(year: int) -> list[tuple[str, str]]:
    return [(fmt.upper(), reverse("foi:report_download", args=[year, fmt])) for fmt in REPORT_FORMATS]


class ReportListView(WagtailAdminTemplateMixin, View):
    template_name = "foi/admin/report_list.html"
    page_title = "信息公开年度报告"
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        return _report_access(request) or super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [HOME_BREADCRUMB, CASES_BREADCRUMB, {"url": "", "label": "年度报告"}]

    def get(self, request, *args, **kwargs):
        reports = {r.year: r for r in AnnualReport.objects.all()}
        years = set(reports)
        years |= {d.year for d in Application.objects.exclude(received_on=None).dates("received_on", "year")}
        today = current_date()
        years |= {today.year - 1, today.year}
        rows = [
            {
                "year": year,
                "report": reports.get(year),
                "edit_url": reverse("foi:report_edit", args=[year]),
                "preview_url": reverse("foi_public:annual_report", args=[year]),
                "downloads": _downloads(year),
            }
            for year in sorted(years, reverse=True)
            if FIRST_REPORT_YEAR <= year <= today.year
        ]
        context = self.get_context_data()
        context.update({"rows": rows, "can_edit": can_handle(request.user)})
        return self.render_to_response(context)


class ReportEditView(WagtailAdminTemplateMixin, View):
    """The prose sections and the fee total of one year's report; the tables come from the cases."""

    template_name = "foi/admin/report_edit.html"
    header_icon = "doc-full"

    def dispatch(self, request, year: int, *args, **kwargs):
        denied = _report_access(request)
        if denied:
            return denied
        self.year = _report_year(year)
        self.report = AnnualReport.objects.filter(year=self.year).first() or AnnualReport(year=self.year)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"{self.year}年度政府信息公开工作年度报告"

    def get_breadcrumbs_items(self):
        return [
            HOME_BREADCRUMB,
            {"url": reverse("foi:reports"), "label": "年度报告"},
            {"url": "", "label": f"{self.year}年度"},
        ]

    @property
    def editable(self) -> bool:
        return can_handle(self.request.user) and self.report.published_at is None

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        form = form or forms.AnnualReportForm(instance=self.report)
        if not self.editable:
            for bound_field in form:
                bound_field.field.disabled = True
        context.update(
            {
                "form": form,
                "report": self.report,
                "editable": self.editable,
                "media": form.media,
                "breaches": _report_data(self.year, self.report).breaches,
                "downloads": _downloads(self.year),
                "preview_url": reverse("foi_public:annual_report", args=[self.year]),
                "page_edit_url": (
                    reverse("wagtailadmin_pages:edit", args=[self.report.page_id]) if self.report.page_id else ""
                ),
                "submit_url": reverse("foi:report_submit", args=[self.year]),
            }
        )
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        if not can_handle(request.user):
            return forbidden(request, "年度报告由政府信息公开工作机构编写。")
        if self.report.published_at is not None:
            messages.error(request, "该年度报告已经发布，不能再修改。")
            return self.render_to_response(self.get_context_data(), status=400)
        creating = self.report.pk is None
        form = forms.AnnualReportForm(request.POST, instance=self.report)
        if not form.is_valid():
            messages.error(request, "未能保存，请按提示修改。")
            return self.render_to_response(self.get_context_data(form=form), status=400)
        report = form.save()
        log(instance=report, action="wagtail.create" if creating else "wagtail.edit", user=request.user)
        messages.success(request, f"已保存{report.year}年度报告。")
        return redirect("foi:report_edit", report.year)


class ReportSubmitView(ReportEditView):
    """生成报告页面并提交审核: gongkai.foi.report.page.annual_report_publish, once the prose is saved."""

    def get(self, request, *args, **kwargs):
        return redirect("foi:report_edit", self.year)

    def post(self, request, *args, **kwargs):
        from gongkai.foi.report.page import annual_report_publish

        if self.report.pk is None:
            messages.error(request, "请先填写并保存年度报告的文字部分，再提交审核。")
            return self.render_to_response(self.get_context_data(), status=400)
        try:
            page = annual_report_publish(
                report=self.report, user=request.user, allow_breaches=bool(request.POST.get("allow_breaches"))
            )
        except PermissionDenied as error:
            return forbidden(request, str(error))
        except ValidationError as error:
            messages.error(request, "未能提交：" + "".join(error.messages))
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(
            request,
            f"已生成报告页面“{page.title}”并提交审核。",
            buttons=[messages.button(reverse("wagtailadmin_pages:edit", args=[page.pk]), "查看页面")],
        )
        return redirect("foi:report_edit", self.year)


class ReportDownloadView(View):
    """The report as DOCX or XLSX: the published figures once frozen, otherwise as they are now."""

    def get(self, request, year: int, fmt: str):
        denied = _report_access(request)
        if denied:
            return denied
        year = _report_year(year)
        if fmt not in REPORT_FORMATS:
            raise Http404("该格式暂不提供下载。")
        renderer = getattr(importlib.import_module(f"gongkai.foi.report.{fmt}"), f"render_{fmt}")
        content = renderer(_report_data(year, AnnualReport.objects.filter(year=year).first()))
        response = HttpResponse(content, content_type=REPORT_FORMATS[fmt])
        response["Content-Disposition"] = f'attachment; filename="annual-report-{year}.{fmt}"'
        response["Cache-Control"] = "private, no-store"
        return response


# --- Deadlines: dashboard and digest ----------------------------------------------------------


@dataclass(frozen=True)
class CaseDeadline:
    application: Application
    clock: Clock

    @property
    def left(self) -> int:
        return self.clock.workdays_left

    @property
    def left_text(self) -> str:
        left = self.left
        if left < 0:
            return f"已超期{-left}个工作日"
        return "今日到期" if left == 0 else f"剩余{left}个工作日"


def deadline_groups(applications: Iterable[Application], today: datetime.date) -> dict[str, list[CaseDeadline]]:
    """Running cases that are overdue, or due within GONGKAI_FOI_DUE_SOON_WORKDAYS, most urgent first."""
    overdue, due_soon = [], []
    for application in applications:
        if application.status not in RUNNING_STATUSES:
            continue
        clock = clock_of(application, today)
        if clock is None or clock.state is not ClockState.RUNNING:
            continue
        left = clock.workdays_left
        if left is None:
            continue
        if left < 0:
            overdue.append(CaseDeadline(application, clock))
        elif left <= settings.GONGKAI_FOI_DUE_SOON_WORKDAYS:
            due_soon.append(CaseDeadline(application, clock))
    overdue.sort(key=lambda row: (row.left, row.application.number))
    due_soon.sort(key=lambda row: (row.left, row.application.number))
    return {"overdue": overdue, "due_soon": due_soon}


def extensions_awaiting(user) -> list[Extension]:
    """Extension requests this user (a head of the office) may decide; never their own."""
    if not scope_for(user).has_any_role(EXTENSION_ROLES):
        return []
    pending = (
        Extension.objects.filter(state=Extension.State.REQUESTED, application__status__in=RUNNING_STATUSES)
        .select_related("application")
        .order_by("requested_on", "pk")
    )
    return [e for e in pending if can_approve_extension(user, e.requested_by_id)]


class DashboardPanel(Component):
    """Admin home: the user's cases that are overdue or due within a few working days."""

    name = "foi_deadlines"
    order = 100
    template_name = "foi/admin/dashboard_panel.html"
    shown_rows = 10

    def __init__(self, user) -> None:
        self.user = user

    def get_context_data(self, parent_context=None):
        today = current_date()
        visible = Application.objects.for_user(self.user)
        running = visible.filter(status__in=RUNNING_STATUSES).with_clock_data()
        groups = deadline_groups(running, today)
        return {
            "groups": [
                ("已超期", "overdue", groups["overdue"]),
                (f"{settings.GONGKAI_FOI_DUE_SOON_WORKDAYS}个工作日内到期", "due_soon", groups["due_soon"]),
            ],
            "shown_rows": self.shown_rows,
            "awaiting_confirmation": visible.filter(status=Status.SUBMITTED).count() if can_handle(self.user) else None,
            "extensions": extensions_awaiting(self.user),
            "list_url": reverse("foi:cases"),
            "all_cases": sees_all_applications(self.user),
        }
