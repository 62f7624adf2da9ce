"""Staff screens of 行政执法公示 in the Wagtail admin.

- 执法决定: a snippet (drafts, revisions, locking, the 信息发布审核 workflow) with a list that shows
  the publication clock of every decision, department-scoped like disclosure pages.
- 执法人员 and 执法事项清单: plain model screens with the same department scope.
- Around the editor: 脱敏核对 (raw and masked text side by side, 生成脱敏文本, 核对无误), 撤下公示 and
  信用修复后停止公示. Each posts to its own address and calls exactly one function of
  ``gongkai.enforcement.services``; a ``ValidationError`` comes back on the form (400), a
  ``PermissionDenied`` as a real 403 page. Wagtail itself would turn a raised PermissionDenied
  into a redirect to the dashboard, which tells the user nothing.
- 待公示与超期 and the dashboard panel: unpublished decisions due within 3 working days or overdue,
  and withdrawals that came later than the law allows.

Who may do what is ``gongkai.enforcement.permissions``'s; what is due when is
``gongkai.enforcement.rules``/``selectors``'s. Nothing here decides either.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass

import django_filters
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import CharField, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, Panel, TabbedInterface
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView as GenericIndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.models import WorkflowState
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    IndexView,
    SnippetViewSet,
    UnpublishView,
)

from gongkai.calendar.services import current_date
from gongkai.core.admin_views import forbidden as core_forbidden
from gongkai.enforcement import forms_admin as forms
from gongkai.enforcement import rules, selectors, services
from gongkai.enforcement.models import (
    Decision,
    EnforcementMatter,
    EnforcementOfficer,
    Kind,
    Withdrawal,
)
from gongkai.enforcement.permissions import User, can_edit, can_withdraw, visible_department_ids
from gongkai.org.models import Department
from gongkai.review.snippet_views import (
    ReviewedCollectWorkflowActionDataView,
    ReviewedSnippetEditView,
    ReviewedWorkflowActionView,
)

DUE_SOON_WORKDAYS = 3
OUT_OF_SCOPE = "您无权访问此执法记录：只能处理本处室的执法决定、执法人员和执法事项。"
NO_DEPARTMENT = "您的账号未关联处室，不能录入执法记录，请联系系统管理员。"
HOME_BREADCRUMB = {"url": reverse_lazy("wagtailadmin_home"), "label": "首页"}


# --- Scope ------------------------------------------------------------------------------------


def forbidden(request: HttpRequest, message: str = OUT_OF_SCOPE) -> HttpResponse:
    return core_forbidden(request, message)


def in_scope(user: User, department_id: int | None) -> bool:
    ids = visible_department_ids(user)
    return ids is None or department_id in ids


def scoped(queryset: QuerySet, user: User) -> QuerySet:
    """``queryset`` narrowed to the departments whose records ``user`` sees."""
    ids = visible_department_ids(user)
    return queryset if ids is None else queryset.filter(department_id__in=ids)


class DepartmentPermissionPolicy(ModelPermissionPolicy):
    """The role's model permission (migration 0002), and only within the user's departments."""

    def user_has_permission_for_instance(self, user, action, instance):
        return super().user_has_permission_for_instance(user, action, instance) and in_scope(
            user, instance.department_id
        )

    def instances_user_has_any_permission_for(self, user, actions):
        return scoped(super().instances_user_has_any_permission_for(user, actions), user)


def _department_of(model, pk) -> int | None:
    try:
        pk = int(unquote(str(pk)))
    except ValueError:
        return None  # the view answers 404 itself
    return model.objects.filter(pk=pk).values_list("department_id", flat=True).first()


def department_guard(model: type, view: Callable) -> Callable:
    """Wrap an admin view taking ``pk``: another department's record is a plain 403, whatever the view."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            department_id = _department_of(model, pk)
            if department_id is not None and not in_scope(request.user, department_id):
                return forbidden(request)
        return view(request, *args, **kwargs)

    return guarded


class DepartmentScopedViewSetMixin:
    """Every view of the viewset, list and single record, stays within the user's departments."""

    @property
    def permission_policy(self):
        return DepartmentPermissionPolicy(self.model)

    def construct_view(self, view_class, **kwargs):
        return department_guard(self.model, super().construct_view(view_class, **kwargs))


class ScopedCreateMixin:
    def dispatch(self, request, *args, **kwargs):
        if visible_department_ids(request.user) == []:
            return forbidden(request, NO_DEPARTMENT)
        return super().dispatch(request, *args, **kwargs)


class ScopedIndexMixin:
    def get_base_queryset(self):
        return scoped(super().get_base_queryset(), self.request.user).select_related("department")


def _scoped_departments(request: HttpRequest | None) -> QuerySet:
    ids = visible_department_ids(request.user) if request else []
    departments = Department.objects.order_by("sort_order", "name")
    return departments if ids is None else departments.filter(pk__in=ids)


# --- Decision status and clock ----------------------------------------------------------------


class Status:
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    LIVE = "live"
    WITHDRAWN = "withdrawn"


STATUS_CHOICES = [
    (Status.DRAFT, "草稿"),
    (Status.IN_REVIEW, "审核中"),
    (Status.LIVE, "已公示"),
    (Status.WITHDRAWN, "已撤下或停止公示"),
]


def with_review_state(queryset: QuerySet) -> QuerySet:
    """Annotate ``review_running``: whether a review workflow is running on the decision."""
    content_type = ContentType.objects.get_for_model(Decision)
    running = WorkflowState.objects.filter(
        base_content_type=content_type,
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        status=WorkflowState.STATUS_IN_PROGRESS,
    )
    return queryset.annotate(review_running=Exists(running))


def _withdrawal(decision: Decision) -> Withdrawal | None:
    return getattr(decision, "withdrawal", None)


def never_published(decision: Decision) -> bool:
    """Decisions that are not published at all: a minor party, or a period that publishes nothing."""
    return decision.party_is_minor or (
        decision.public_until is not None and decision.public_until < decision.decision_date
    )


def status_label(decision: Decision, today: datetime.date | None = None) -> str:
    today = today or current_date()
    in_review = getattr(decision, "review_running", None)
    if in_review is None:
        in_review = decision.workflow_in_progress
    withdrawal = _withdrawal(decision)
    if withdrawal is not None:
        return f"已撤下（{withdrawal.get_reason_display()}）"
    if decision.removed_early_on:
        return "已停止公示（信用修复）"
    if decision.live:
        if decision.public_until and decision.public_until < today:
            return "公示期满"
        if in_review:
            return "已公示（修改审核中）"
        return "已公示（有未发布的修改）" if decision.has_unpublished_changes else "已公示"
    if in_review:
        return "审核中"
    if never_published(decision):
        return "草稿（不予公开）"
    return "草稿"


def due_cell(decision: Decision, today: datetime.date | None = None) -> str:
    """公示期限: the due date, 已超期N个工作日 in red when late, 按期/逾期公示 once published."""
    today = today or current_date()
    if decision.first_published_at is None and never_published(decision):
        return "不予公开"
    status = selectors.publication_status(decision, today)
    if status.published_on is not None:
        if status.late:
            return format_html(
                '<span class="w-text-critical-200">逾期公示（{}，期限{}）</span>',
                f"{status.published_on:%Y-%m-%d}",
                f"{status.due:%Y-%m-%d}",
            )
        return f"按期公示（{status.published_on:%Y-%m-%d}）"
    if status.late:
        return format_html(
            '{}<br><strong class="w-text-critical-200">已超期{}个工作日</strong>',
            f"{status.due:%Y-%m-%d}",
            -status.days_left,
        )
    if status.days_left == 0:
        return format_html('{}<br><strong class="w-text-critical-200">今日到期</strong>', f"{status.due:%Y-%m-%d}")
    if status.days_left <= DUE_SOON_WORKDAYS:
        return format_html("{}<br><strong>剩{}个工作日</strong>", f"{status.due:%Y-%m-%d}", status.days_left)
    return format_html("{}<br>剩{}个工作日", f"{status.due:%Y-%m-%d}", status.days_left)


# --- 执法决定: list --------------------------------------------------------------------------


class DecisionFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label="类别", choices=Kind.choices, empty_label="全部")
    department = django_filters.ModelChoiceFilter(label="处室", queryset=_scoped_departments, empty_label="全部")
    status = django_filters.ChoiceFilter(
        label="状态", choices=STATUS_CHOICES, method="filter_status", empty_label="全部"
    )

    class Meta:
        model = Decision
        fields: list[str] = []

    def filter_status(self, queryset, name, value):
        ended = Q(withdrawal__isnull=False) | Q(removed_early_on__isnull=False)
        if value == Status.WITHDRAWN:
            return queryset.filter(ended)
        if value == Status.LIVE:
            return queryset.filter(live=True)
        if value == Status.IN_REVIEW:
            return queryset.filter(review_running=True)
        if value == Status.DRAFT:
            return queryset.filter(live=False, review_running=False).exclude(ended)
        return queryset


class DecisionIndexView(IndexView):
    # The viewset's list_display replaces Wagtail's live/draft tag; our 状态 column says more (审核中, 已撤下…).
    default_ordering = "-decision_date"


def _decision_columns():
    return [
        "decision_number",
        Column("party_name", label="行政相对人", accessor="party_name", sort_key="party_name"),
        Column("kind", label="类别", accessor="get_kind_display", sort_key="kind"),
        Column("department", label="处室", accessor=lambda d: d.department.name, sort_key="department__sort_order"),
        Column(
            "decision_date",
            label="决定日期",
            accessor=lambda d: f"{d.decision_date:%Y-%m-%d}",
            sort_key="decision_date",
        ),
        Column("due", label="公示期限", accessor=due_cell),
        Column("status", label="状态", accessor=status_label),
    ]


# --- 执法决定: editor ------------------------------------------------------------------------


def reviewer_name(decision: Decision) -> str:
    user = decision.masking_reviewed_by
    if user is None:
        return "工作人员"
    return user.get_full_name() or user.get_username()


class MaskingStatusPanel(Panel):
    """Read-only: whether the masked copy has been checked, what still blocks publication, and the links."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "enforcement/admin/panels/masking_status.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            decision = self.instance
            saved = bool(decision and decision.pk)
            context.update(
                decision=decision,
                saved=saved,
                masking_url=reverse("enforcement:masking", args=[decision.pk]) if saved else "",
                blockers=decision.publication_blockers() if saved else [],
                reviewed_by=reviewer_name(decision) if saved else "",
            )
            return context


DECISION_PANELS = TabbedInterface(
    [
        ObjectList(
            [
                MultiFieldPanel(
                    [
                        FieldRowPanel([FieldPanel("kind"), FieldPanel("department")]),
                        FieldPanel("document_title"),
                        FieldRowPanel([FieldPanel("decision_number"), FieldPanel("decision_date")]),
                    ],
                    heading="决定",
                ),
                MultiFieldPanel(
                    [
                        FieldRowPanel([FieldPanel("party_name"), FieldPanel("party_category")]),
                        FieldRowPanel([FieldPanel("party_uscc"), FieldPanel("legal_representative")]),
                        FieldRowPanel([FieldPanel("party_id_type"), FieldPanel("party_id_number")]),
                        FieldPanel("party_is_minor"),
                    ],
                    heading="行政相对人",
                    help_text="自然人的证件号码只在后台保存，任何时候都不公开。",
                ),
                MultiFieldPanel(
                    [
                        FieldPanel("violation_type"),
                        FieldPanel("facts"),
                        FieldPanel("basis"),
                        FieldPanel("penalty_types"),
                        FieldPanel("content"),
                        FieldRowPanel([FieldPanel("fine_amount"), FieldPanel("confiscation_amount")]),
                        FieldPanel("suspended_license"),
                    ],
                    heading="处罚（行政处罚决定填写；依据和决定内容各类决定均须填写）",
                ),
                MultiFieldPanel(
                    [
                        FieldRowPanel([FieldPanel("license_category"), FieldPanel("certificate_name")]),
                        FieldPanel("license_number"),
                        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
                    ],
                    heading="许可（行政许可决定填写）",
                ),
                MultiFieldPanel(
                    [FieldPanel("seriousness"), FieldPanel("special_sector")],
                    heading="公示期限",
                ),
                FieldPanel("remarks"),
                FieldPanel("full_text"),
            ],
            heading="执法决定（原文）",
        ),
        ObjectList(
            [
                MaskingStatusPanel(heading="脱敏核对"),
                FieldPanel("public_facts"),
                FieldPanel("public_content"),
                FieldPanel("public_basis"),
                FieldPanel("public_remarks"),
                FieldPanel("public_full_text"),
            ],
            heading="公开文本（脱敏后）",
        ),
    ],
    base_form_class=forms.DecisionAdminForm,
)


def decision_buttons(decision: Decision, user: User) -> list[Button]:
    """The actions around the editor that apply to this decision now, for this user."""
    buttons = []
    if can_edit(user, decision):
        buttons.append(
            Button("脱敏核对", url=reverse("enforcement:masking", args=[decision.pk]), icon_name="view", priority=40)
        )
    if decision.live and _withdrawal(decision) is None and can_withdraw(user, decision):
        buttons.append(
            Button("撤下公示", url=reverse("enforcement:withdraw", args=[decision.pk]), icon_name="cross", priority=50)
        )
        if decision.kind == Kind.PENALTY and not decision.removed_early_on:
            buttons.append(
                Button(
                    "信用修复后停止公示",
                    url=reverse("enforcement:remove_after_repair", args=[decision.pk]),
                    icon_name="history",
                    priority=60,
                )
            )
    return buttons


class DecisionCreateView(ScopedCreateMixin, CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class DecisionEditView(ReviewedSnippetEditView):
    refused_message = "您不能审核此执法决定。"

    @cached_property
    def header_more_buttons(self):
        return [*super().header_more_buttons, *decision_buttons(self.live_object, self.request.user)]


class DecisionDeleteView(DeleteView):
    def dispatch(self, request, *args, **kwargs):
        if self.object.first_published_at or Withdrawal.objects.filter(decision_id=self.object.pk).exists():
            return forbidden(request, "已公示过的执法决定不能删除：如决定被变更、撤销，请办理“撤下公示”。")
        return super().dispatch(request, *args, **kwargs)


class DecisionUnpublishView(UnpublishView):
    def dispatch(self, request, *args, **kwargs):
        # Taking a decision down needs a reason and a public statement (行政处罚法第四十八条).
        messages.warning(request, "撤下已公示的执法决定须填写撤下事由和公开说明。")
        return redirect("enforcement:withdraw", self.object.pk)


class _ScopedChooserListMixin:
    def get_object_list(self):
        return scoped(super().get_object_list(), self.request.user)


class DecisionChooseView(_ScopedChooserListMixin, ChooseView):
    pass


class DecisionChooseResultsView(_ScopedChooserListMixin, ChooseResultsView):
    pass


class DecisionChooserViewSet(SnippetChooserViewSet):
    """The snippet chooser (used by any chooser widget for decisions) keeps to the user's departments too."""

    choose_view_class = DecisionChooseView
    choose_results_view_class = DecisionChooseResultsView

    def construct_view(self, view_class, **kwargs):
        return department_guard(self.model, super().construct_view(view_class, **kwargs))


class DecisionViewSet(DepartmentScopedViewSetMixin, SnippetViewSet):
    model = Decision
    icon = "doc-full"
    menu_label = "执法决定"
    menu_name = "enforcement-decisions"
    list_display = _decision_columns()
    filterset_class = DecisionFilterSet
    search_fields = ["party_name", "decision_number", "party_uscc"]
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_handler = DECISION_PANELS
    index_view_class = DecisionIndexView
    add_view_class = DecisionCreateView
    edit_view_class = DecisionEditView
    delete_view_class = DecisionDeleteView
    unpublish_view_class = DecisionUnpublishView
    workflow_action_view_class = ReviewedWorkflowActionView
    collect_workflow_action_data_view_class = ReviewedCollectWorkflowActionDataView
    chooser_viewset_class = DecisionChooserViewSet

    def get_queryset(self, request):
        queryset = Decision.objects.select_related("department", "withdrawal")
        return with_review_state(scoped(queryset, request.user))


# --- 执法人员, 执法事项清单 ------------------------------------------------------------------


class _ScopedIndexView(ScopedIndexMixin, GenericIndexView):
    pass


class _ScopedCreateView(ScopedCreateMixin, ModelViewSet.add_view_class):
    pass


class EnforcementOfficerViewSet(DepartmentScopedViewSetMixin, ModelViewSet):
    model = EnforcementOfficer
    icon = "group"
    menu_label = "执法人员"
    menu_name = "enforcement-officers"
    add_to_admin_menu = False
    list_display = ["name", "certificate_number", "department", "enforcement_area", "active"]
    list_filter = ["department", "active"]
    search_fields = ["name", "certificate_number"]
    copy_view_enabled = False
    index_view_class = _ScopedIndexView
    add_view_class = _ScopedCreateView
    edit_handler = ObjectList(
        [
            FieldPanel("department"),
            FieldRowPanel([FieldPanel("name"), FieldPanel("certificate_number")]),
            FieldPanel("enforcement_area"),
            FieldPanel("active"),
        ],
        base_form_class=forms.DepartmentScopedForm,
    )


class EnforcementMatterViewSet(DepartmentScopedViewSetMixin, ModelViewSet):
    model = EnforcementMatter
    icon = "list-ul"
    menu_label = "执法事项清单"
    menu_name = "enforcement-matters"
    add_to_admin_menu = False
    list_display = ["name", "kind", "department", "random_inspection", "updated_on"]
    list_filter = ["kind", "department", "random_inspection"]
    search_fields = ["name", "basis"]
    copy_view_enabled = False
    index_view_class = _ScopedIndexView
    add_view_class = _ScopedCreateView
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("department"), FieldPanel("kind")]),
            FieldPanel("name"),
            FieldPanel("duty"),
            FieldPanel("authority"),
            FieldPanel("basis"),
            FieldPanel("procedure"),
            FieldPanel("remedy"),
            FieldRowPanel([FieldPanel("random_inspection"), FieldPanel("inspection_method")]),
            FieldPanel("flowchart"),
            FieldRowPanel([FieldPanel("updated_on"), FieldPanel("sort_order")]),
        ],
        base_form_class=forms.DepartmentScopedForm,
    )


# --- Actions around the editor ----------------------------------------------------------------


def add_service_errors(form: Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the named field if the form has it."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def edit_url(decision: Decision) -> str:
    return reverse(Decision.snippet_viewset.get_url_name("edit"), args=[decision.pk])


def list_url() -> str:
    return reverse(Decision.snippet_viewset.get_url_name("list"))


class DecisionScreen(WagtailAdminTemplateMixin, View):
    """A screen about one decision: loads it, keeps to the user's departments, breadcrumbs to its editor."""

    header_icon = "doc-full"
    screen_title = ""

    def dispatch(self, request, pk: int, *args, **kwargs):
        self.decision = get_object_or_404(Decision.objects.select_related("department"), pk=pk)
        if not in_scope(request.user, self.decision.department_id):
            return forbidden(request)
        refusal = self.refusal()
        if refusal:
            return forbidden(request, refusal)
        return super().dispatch(request, *args, **kwargs)

    def refusal(self) -> str | None:
        return None

    def get_page_title(self):
        return f"{self.screen_title}：{self.decision.decision_number}"

    def get_breadcrumbs_items(self):
        return [
            HOME_BREADCRUMB,
            {"url": list_url(), "label": "行政执法决定"},
            {"url": edit_url(self.decision), "label": self.decision.decision_number},
            {"url": "", "label": self.get_page_title()},
        ]

    def locked_message(self, draft: Decision) -> str | None:
        lock = draft.get_lock()
        if lock and lock.for_user(self.request.user):
            return "该决定正在审核中或已被锁定，暂时不能修改脱敏文本。"
        return None


# What each masking hit kind is, for the title of its mark (gongkai.enforcement.masking.KINDS).
HIT_KIND_LABELS = {
    "id_number": "证件号码",
    "phone": "手机号码",
    "landline": "固定电话",
    "bank_account": "银行账号",
    "address": "住址",
    "email": "电子邮箱",
    "person_name": "姓名",
}


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str = ""  # non-empty: a masked span

    @property
    def masked(self) -> bool:
        return bool(self.kind)


def _segments(text: str, spans: list[tuple[int, int, str]]) -> list[Segment]:
    segments, pos = [], 0
    for start, end, kind in spans:
        if start > pos:
            segments.append(Segment(text[pos:start]))
        segments.append(Segment(text[start:end], HIT_KIND_LABELS.get(kind, "个人信息")))
        pos = end
    if pos < len(text):
        segments.append(Segment(text[pos:]))
    return segments


def hit_spans(raw: str, result) -> tuple[list, list] | None:
    """Where each hit sits in the raw and in the masked text, or None when the offsets do not add up.

    Offsets are tried as positions in the raw text first, then in the masked text; only a reading
    that rebuilds the masked text exactly is used, so a highlight never points at the wrong words.
    """
    hits = sorted(result.hits, key=lambda h: h.start)
    for offsets_in_raw in (True, False):
        raw_spans, masked_spans, rebuilt, pos, shift = [], [], [], 0, 0
        for hit in hits:
            length = hit.end - hit.start
            if offsets_in_raw:
                raw_start, raw_end = hit.start, hit.end
                masked_start = hit.start + shift
            else:
                masked_start = hit.start
                raw_start = hit.start - shift
                raw_end = raw_start + hit.original_len
            if raw_start < pos or raw_end > len(raw):
                break
            rebuilt += [raw[pos:raw_start], hit.replacement]
            raw_spans.append((raw_start, raw_end, hit.kind))
            masked_spans.append((masked_start, masked_start + len(hit.replacement), hit.kind))
            shift += len(hit.replacement) - (raw_end - raw_start)
            pos = raw_end
            if not offsets_in_raw and length != len(hit.replacement):
                break
        else:
            rebuilt.append(raw[pos:])
            if "".join(rebuilt) == result.text:
                return raw_spans, masked_spans
    return None


def masking_preview(decision: Decision) -> dict:
    """What services.decision_mask would make of the raw texts now (same inputs), for highlighting."""
    return services.masked_texts(decision)


MASKED_FIELDS = (
    ("facts", "违法事实"),
    ("content", "决定内容"),
    ("basis", "依据"),
    ("remarks", "备注"),
    ("full_text", "决定书全文"),
)


def masking_rows(decision: Decision) -> list[dict]:
    preview = masking_preview(decision)
    rows = []
    for name, label in MASKED_FIELDS:
        raw = getattr(decision, name) or ""
        public = getattr(decision, f"public_{name}") or ""
        if not raw and not public:
            continue
        result = preview[name]
        spans = hit_spans(raw, result) if public == result.text else None
        rows.append(
            {
                "label": label,
                "raw": _segments(raw, spans[0]) if spans else [Segment(raw)],
                "public": _segments(public, spans[1]) if spans else [Segment(public)],
                "public_empty": not public,
                "hits": len(result.hits),
                # The stored copy differs from a fresh masking: edited by hand, or masked before the raw text changed.
                "edited": bool(public) and public != result.text,
            }
        )
    return rows


class MaskingView(DecisionScreen):
    """脱敏核对: raw and public text side by side, masked spans marked, with 生成脱敏文本 and 核对无误."""

    template_name = "enforcement/admin/masking.html"
    screen_title = "脱敏核对"

    def refusal(self):
        if not can_edit(self.request.user, self.decision):
            return "您无权核对此执法决定的脱敏文本。"
        return None

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, error: str = "", **kwargs):
        context = super().get_context_data(**kwargs)
        draft = self.decision.get_latest_revision_as_object()
        context.update(
            decision=draft,
            rows=masking_rows(draft),
            error=error,
            locked=self.locked_message(draft),
            blockers=draft.publication_blockers(),
            reviewed_by=reviewer_name(draft),
            edit_url=edit_url(self.decision),
            mask_url=reverse("enforcement:mask", args=[self.decision.pk]),
            confirm_url=reverse("enforcement:confirm_masking", args=[self.decision.pk]),
        )
        return context


class _MaskingActionView(MaskingView):
    http_method_names = ["post"]
    success_message = ""

    def perform(self) -> Decision:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        draft = self.decision.get_latest_revision_as_object()
        locked = self.locked_message(draft)
        if locked:
            return self.render_to_response(self.get_context_data(error=locked), status=409)
        try:
            decision = self.perform()
        except PermissionDenied as error:
            return forbidden(request, str(error) or "您无权修改此执法决定。")
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(error="；".join(error.messages)), status=400)
        messages.success(request, self.message(decision))
        return redirect("enforcement:masking", self.decision.pk)


class MaskView(_MaskingActionView):
    def perform(self) -> Decision:
        return services.decision_mask(decision=self.decision, user=self.request.user)

    def message(self, decision: Decision) -> str:
        hits = sum(len(r.hits) for r in masking_preview(decision).values())
        if hits:
            return f"已生成脱敏文本，替换了{hits}处个人信息。请逐项核对后点击“核对无误”。"
        return "已生成脱敏文本，未发现需要替换的个人信息。请逐项核对后点击“核对无误”。"


class ConfirmMaskingView(_MaskingActionView):
    def perform(self) -> Decision:
        return services.decision_confirm_masking(decision=self.decision, user=self.request.user)

    def message(self, decision: Decision) -> str:
        return "已确认脱敏文本核对无误。"


class _FormActionView(DecisionScreen):
    """A decision action with a small form (撤下, 停止公示)."""

    template_name = "enforcement/admin/action_form.html"
    form_class: type[Form]
    button_label = ""
    intro = ""

    def refusal(self):
        if not can_withdraw(self.request.user, self.decision):
            return "撤下或停止公示须由办公室审核人员办理。"
        return None

    def not_applicable(self) -> str | None:
        return None

    def get(self, request, *args, **kwargs):
        reason = self.not_applicable()
        if reason:
            messages.error(request, reason)
            return redirect(edit_url(self.decision))
        return self.render_to_response(self.get_context_data(form=self.form_class()))

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                message = self.perform(form.cleaned_data)
            except PermissionDenied as error:
                return forbidden(request, str(error))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, message)
                return redirect(edit_url(self.decision))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            decision=self.decision,
            button_label=self.button_label,
            intro=self.intro,
            edit_url=edit_url(self.decision),
            facts=self.facts(),
        )
        return context

    def facts(self) -> list[tuple[str, str]]:
        decision = self.decision
        return [
            ("行政相对人", decision.party_name),
            ("决定日期", f"{decision.decision_date:%Y-%m-%d}"),
            ("状态", status_label(decision)),
        ]


class WithdrawView(_FormActionView):
    form_class = forms.WithdrawForm
    screen_title = "撤下公示"
    button_label = "撤下公示"
    intro = (
        "已公示的决定被变更、撤销、确认违法或者确认无效的，应当在三个工作日内撤下并公开说明理由"
        "（行政处罚法第四十八条、第八十五条）；被要求重新作出的，同样撤下（国办发〔2018〕118号）。"
    )

    def not_applicable(self):
        if _withdrawal(self.decision) is not None:
            return "该决定已撤下。"
        if not self.decision.live:
            return "该决定未公示，无需撤下。"
        return None

    def perform(self, data: dict) -> str:
        withdrawal = services.decision_withdraw(
            decision=self.decision,
            user=self.request.user,
            reason=data["reason"],
            event_date=data["event_date"],
            statement=data["statement"],
            withdrawn_on=data.get("withdrawn_on"),
        )
        due = rules.withdrawal_due(withdrawal.event_date)
        if withdrawal.withdrawn_on > due:
            return f"已撤下公示。注意：应于{due:%Y-%m-%d}前撤下，已超过三个工作日的期限。"
        return "已撤下公示，公开说明已在原位置公开。"


class RemoveAfterRepairView(_FormActionView):
    form_class = forms.RepairRemovalForm
    screen_title = "信用修复后停止公示"
    button_label = "停止公示"
    intro = (
        "行政处罚信息公示满最短公示期后，当事人完成信用修复的，可以提前停止公示"
        "（国家发展改革委令第58号；2026年4月1日起第36号）。"
    )

    def not_applicable(self):
        if not self.decision.live:
            return "该决定未公示。"
        if self.decision.kind != Kind.PENALTY:
            return "只有行政处罚信息可以信用修复后停止公示。"
        return None

    def facts(self):
        earliest = rules.repair_possible_from(self.decision)
        extra = [("最短公示期届满", f"{earliest:%Y-%m-%d}" if earliest else "—")]
        if self.decision.public_until:
            extra.append(("公示截止日期", f"{self.decision.public_until:%Y-%m-%d}"))
        return super().facts() + extra

    def perform(self, data: dict) -> str:
        services.decision_remove_after_repair(
            decision=self.decision, user=self.request.user, reason=data["reason"], removed_on=data.get("removed_on")
        )
        return "已停止公示。"


# --- 待公示与超期 and the dashboard --------------------------------------------------------


def can_access_module(user: User) -> bool:
    policy = DepartmentPermissionPolicy(Decision)
    return user.is_authenticated and policy.user_has_any_permission(user, {"add", "change", "view"})


@dataclass(frozen=True)
class PendingRow:
    decision: Decision
    status: selectors.DueStatus

    @property
    def overdue(self) -> bool:
        return self.status.late

    @property
    def left_text(self) -> str:
        if self.status.late:
            return f"已超期{-self.status.days_left}个工作日"
        if self.status.days_left == 0:
            return "今日到期"
        return f"剩{self.status.days_left}个工作日"


def pending_publication(user: User, today: datetime.date, department_id: int | None = None) -> list[PendingRow]:
    """Unpublished decisions that are overdue or due within 3 working days, most urgent first."""
    decisions = (
        scoped(Decision.objects.all(), user)
        .filter(first_published_at__isnull=True, party_is_minor=False)
        .filter(Q(public_until__isnull=True) | Q(public_until__gte=F("decision_date")))
        .select_related("department")
    )
    if department_id:
        decisions = decisions.filter(department_id=department_id)
    rows = []
    for decision in with_review_state(decisions):
        status = selectors.publication_status(decision, today)
        if status.days_left is not None and status.days_left <= DUE_SOON_WORKDAYS:
            rows.append(PendingRow(decision, status))
    return sorted(rows, key=lambda row: (row.status.days_left, row.decision.decision_date))


@dataclass(frozen=True)
class LateWithdrawal:
    withdrawal: Withdrawal
    due: datetime.date

    @property
    def late_days(self) -> int:
        from gongkai.calendar.services import workdays_between

        return workdays_between(self.due, self.withdrawal.withdrawn_on)


def late_withdrawals(user: User, department_id: int | None = None) -> list[LateWithdrawal]:
    withdrawals = Withdrawal.objects.filter(decision__in=scoped(Decision.objects.all(), user)).select_related(
        "decision", "decision__department", "withdrawn_by"
    )
    if department_id:
        withdrawals = withdrawals.filter(decision__department_id=department_id)
    late = [
        LateWithdrawal(w, rules.withdrawal_due(w.event_date))
        for w in withdrawals.order_by("-withdrawn_on", "-pk")
        if selectors.withdrawal_late(w.decision)
    ]
    return late


class PendingView(WagtailAdminTemplateMixin, TemplateView):
    """待公示与超期, per department."""

    template_name = "enforcement/admin/pending.html"
    page_title = "待公示与超期"
    header_icon = "time"

    def dispatch(self, request, *args, **kwargs):
        if not can_access_module(request.user):
            return forbidden(request, "您无权查看行政执法公示。")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [HOME_BREADCRUMB, {"url": "", "label": "行政执法公示：待公示与超期"}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        departments = _scoped_departments(self.request)
        all_departments = visible_department_ids(user) is None
        form = forms.PendingFilterForm(self.request.GET or None, departments=departments)
        department = form.cleaned_data.get("department") if form.is_bound and form.is_valid() else None
        department_id = department.pk if department else None
        rows = pending_publication(user, current_date(), department_id)
        context.update(
            form=form if all_departments else None,
            overdue=[r for r in rows if r.overdue],
            due_soon=[r for r in rows if not r.overdue],
            late_withdrawals=late_withdrawals(user, department_id),
            due_soon_days=DUE_SOON_WORKDAYS,
            all_departments=all_departments,
            department=department,
            edit_url_name=Decision.snippet_viewset.get_url_name("edit"),
            fast_limit=rules.PUBLICATION_FAST,
            other_limit=rules.PUBLICATION_OTHER,
            withdrawal_limit=rules.WITHDRAWAL,
        )
        return context


class DashboardPanel(Component):
    """Admin home: the user's unpublished decisions that are overdue or nearly due, and late withdrawals."""

    name = "enforcement_pending"
    order = 110
    template_name = "enforcement/admin/dashboard_panel.html"
    shown_rows = 10

    def __init__(self, user: User) -> None:
        self.user = user

    def get_context_data(self, parent_context=None):
        rows = pending_publication(self.user, current_date())
        return {
            "overdue": [r for r in rows if r.overdue],
            "due_soon": [r for r in rows if not r.overdue],
            "late_withdrawals": late_withdrawals(self.user),
            "shown_rows": self.shown_rows,
            "due_soon_days": DUE_SOON_WORKDAYS,
            "pending_url": reverse("enforcement:pending"),
            "edit_url_name": Decision.snippet_viewset.get_url_name("edit"),
            "all_departments": visible_department_ids(self.user) is None,
        }
