"""Staff screens of 双随机一公开: the list of draws, announcing one, entering the beacon and drawing,
recording outcomes and cancelling; and the 检查对象名录 (a ModelViewSet scoped to departments).

Each action posts to its own address and calls exactly one function of
``gongkai.enforcement.services_draw``; a ``ValidationError`` comes back on the form (400), a
``PermissionDenied`` as a plain 403 page. The items appear in the 行政执法公示 menu when it is there
(see ``add_draw_menu_items``), otherwise as a menu of their own.

Imported by ``gongkai.enforcement.wagtail_hooks`` so that its ``hooks.register`` calls run.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse, reverse_lazy
from django.views import View
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import ModelLogEntry
from wagtail.permission_policies.base import BasePermissionPolicy

from gongkai.calendar.services import current_date
from gongkai.core.admin_views import forbidden as core_forbidden
from gongkai.enforcement import services_draw
from gongkai.enforcement.models import EnforcementMatter, EnforcementOfficer
from gongkai.enforcement.models_draw import Draw, DrawStatus, InspectionTarget
from gongkai.enforcement.permissions import EDITOR_ROLES, can_edit, can_withdraw, visible_department_ids
from gongkai.org.models import Department
from gongkai.review.permissions import scope_for

HOME_BREADCRUMB = {"url": reverse_lazy("wagtailadmin_home"), "label": "首页"}
DRAWS_BREADCRUMB = {"url": reverse_lazy("enforcement_draws_admin:list"), "label": "双随机抽查"}
CONFLICT_SPLIT = re.compile(r"[,，\t ]+")


# --- Who may do what -------------------------------------------------------------------------


def can_access_draws(user) -> bool:
    """Staff who edit enforcement records of some department, and those who see every department."""
    scope = scope_for(user)
    return scope.sees_all_departments or (scope.has_any_role(EDITOR_ROLES) and scope.department_id is not None)


def can_organise_draws(user) -> bool:
    scope = scope_for(user)
    return scope.has_any_role(EDITOR_ROLES) and (scope.sees_all_departments or scope.department_id is not None)


def organising_departments(user):
    """The departments in whose name ``user`` may announce a draw."""
    if not can_organise_draws(user):
        return Department.objects.none()
    ids = visible_department_ids(user)
    departments = Department.objects.order_by("sort_order", "name")
    return departments if ids is None else departments.filter(pk__in=ids)


def visible_draws(user):
    ids = visible_department_ids(user)
    draws = Draw.objects.select_related("department", "matter")
    return draws if ids is None else draws.filter(department_id__in=ids)


def forbidden(request: HttpRequest, message: str = "您无权查看或办理此抽查。") -> HttpResponse:
    return core_forbidden(request, message)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the named field if the form has it."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def suggest_code() -> str:
    """The next free code of the form 2026-SJ-003 for this year."""
    prefix = f"{current_date().year}-SJ-"
    numbers = [
        int(code[len(prefix) :])
        for code in Draw.objects.filter(code__startswith=prefix).values_list("code", flat=True)
        if code[len(prefix) :].isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


# --- Forms ------------------------------------------------------------------------------------


class _TargetChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: InspectionTarget) -> str:
        extra = f" · {obj.category}" if obj.category else ""
        return f"{obj.name}（{obj.draw_code}）{extra}"


class _OfficerChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: EnforcementOfficer) -> str:
        return f"{obj.name}（执法证号 {obj.certificate_number}）· {obj.department.name}"


class _MatterChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: EnforcementMatter) -> str:
        return f"{obj.name}（{obj.department.name}）"


def parse_conflicts(text: str) -> list[tuple[str, str]]:
    """Lines "执法证号,检查对象编号" (comma, full-width comma, tab or spaces) → pairs; '#' starts a comment."""
    pairs, problems = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [p for p in CONFLICT_SPLIT.split(line) if p]
        if len(parts) != 2:
            problems.append(f"第{number}行“{line}”应为“执法证号,检查对象编号”两项。")
            continue
        pairs.append((parts[0], parts[1].upper() if len(parts[1]) == 18 else parts[1]))
    if problems:
        raise forms.ValidationError(problems)
    return pairs


class AnnounceForm(forms.Form):
    code = forms.CharField(
        label="抽查编号", max_length=50, help_text="字母、数字和连字符，如 2026-SJ-003。公开后不能修改。"
    )
    title = forms.CharField(
        label="抽查名称", max_length=200, help_text="例如：2026年第一季度重点排污单位“双随机”抽查。"
    )
    matter = _MatterChoice(
        label="随机抽查事项",
        queryset=EnforcementMatter.objects.none(),
        required=False,
        empty_label="（不指定）",
        help_text="执法事项清单中列入随机抽查事项清单的事项。",
    )
    targets = _TargetChoices(
        label="检查对象名录",
        queryset=InspectionTarget.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="默认为本处室名录中全部在录的检查对象。",
    )
    target_count = forms.IntegerField(label="抽取检查对象数量", min_value=1, max_value=services_draw.MAX_TARGET_COUNT)
    inspectors = _OfficerChoices(
        label="执法检查人员名录",
        queryset=EnforcementOfficer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="只列出在岗的执法人员。默认为本处室在岗的执法人员。",
    )
    inspectors_per_target = forms.IntegerField(
        label="每个检查对象选派执法人员人数",
        min_value=2,
        max_value=services_draw.MAX_INSPECTORS_PER_TARGET,
        initial=2,
        help_text="不少于2人（《行政处罚法》第四十二条）。",
    )
    min_departments = forms.IntegerField(
        label="每个检查对象的执法人员至少来自几个处室",
        min_value=1,
        initial=1,
        help_text="填1即不作要求；大于1时，同一检查对象的执法人员来自不同处室（本机关的做法，非法定要求）。",
    )
    conflicts = forms.CharField(
        label="回避关系",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "每行一对“执法证号,检查对象编号”，表示该执法人员须回避该检查对象（《行政处罚法》第四十三条）。"
            "只填编号，不填原因：回避关系随公告公开。"
        ),
    )
    beacon_source = forms.CharField(
        label="随机数来源",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "公告后才由第三方公布、本机关无法影响的公开数值，并写明写法。"
            "例如：2026-03-02 福彩3D第2026055期开奖号码（三位数字，不含空格，如 073）。"
            "可能的取值越多越好（如双色球）。"
        ),
    )
    confirm = forms.BooleanField(
        label="我已核对以上参数。发布后抽查参数和承诺值即向社会公开，不能修改",
        required=True,
        error_messages={"required": "请确认已核对抽查参数。"},
    )

    def __init__(self, *args, department: Department, **kwargs):
        super().__init__(*args, **kwargs)
        self.department = department
        targets = InspectionTarget.objects.filter(department=department, active=True).order_by("name", "pk")
        officers = EnforcementOfficer.objects.filter(active=True).select_related("department")
        self.fields["targets"].queryset = targets
        self.fields["inspectors"].queryset = officers.order_by("department__sort_order", "name")
        self.fields["matter"].queryset = EnforcementMatter.objects.filter(random_inspection=True).select_related(
            "department"
        )
        if not self.is_bound:
            self.initial.setdefault("code", suggest_code())
            self.initial.setdefault("targets", list(targets.values_list("pk", flat=True)))
            self.initial.setdefault(
                "inspectors", list(officers.filter(department=department).values_list("pk", flat=True))
            )

    def clean_conflicts(self) -> list[tuple[str, str]]:
        return parse_conflicts(self.cleaned_data.get("conflicts", ""))


class RunForm(forms.Form):
    beacon = forms.CharField(
        label="随机数来源值",
        max_length=200,
        help_text="从公告指定的来源查得的数值，严格按公告说明的写法填写。",
    )
    beacon_again = forms.CharField(label="再次输入随机数来源值", max_length=200)
    confirm = forms.BooleanField(
        label="我已从公开来源核对该数值。抽取只能进行一次，结果即时公开",
        required=True,
        error_messages={"required": "请确认已核对随机数来源值。"},
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("beacon") and data.get("beacon_again") and data["beacon"] != data["beacon_again"]:
            self.add_error("beacon_again", "两次输入的随机数来源值不一致。")
        return data


class OutcomeForm(forms.Form):
    target_code = forms.ChoiceField(label="检查对象")
    inspected_on = forms.DateField(label="检查日期", widget=forms.DateInput(attrs={"type": "date"}))
    issues_found = forms.BooleanField(label="发现问题", required=False)
    summary = forms.CharField(
        label="检查结果（公开）",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="随抽查公开。不要写入人员姓名、电话、身份证号码等个人信息。",
    )
    follow_up = forms.CharField(
        label="后续处理（公开）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="例如：责令限期改正；已立案调查。",
    )

    def __init__(self, *args, draw: Draw, **kwargs):
        super().__init__(*args, **kwargs)
        result = draw.draw_result()
        selected = result.selected if result else ()
        self.fields["target_code"].choices = [
            (code, f"{n}. {draw.target_name(code) or code}（{code}）") for n, code in enumerate(selected, start=1)
        ]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="取消原因（公开）",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="取消后不再抽取，原因与公告一并公开。需要抽查的，另行发布新的抽查公告。",
    )


# --- Views ------------------------------------------------------------------------------------


class DrawListView(WagtailAdminTemplateMixin, View):
    template_name = "enforcement/draw/admin/list.html"
    page_title = "双随机抽查"
    header_icon = "crosshairs"

    def dispatch(self, request, *args, **kwargs):
        if not can_access_draws(request.user):
            return forbidden(request, "只有执法处室和办公室的工作人员可以查看双随机抽查。")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [HOME_BREADCRUMB, {"url": "", "label": "双随机抽查"}]

    def get(self, request, *args, **kwargs):
        draws = visible_draws(request.user).annotate(outcome_count=Count("outcomes"))
        context = self.get_context_data(
            draws=draws.order_by("-announced_at", "-pk")[:200],
            can_organise=can_organise_draws(request.user),
        )
        return self.render_to_response(context)


class AnnounceView(WagtailAdminTemplateMixin, View):
    """发布抽查公告: the parameters from the directories, published with their commitment."""

    template_name = "enforcement/draw/admin/announce.html"
    page_title = "发布双随机抽查公告"
    header_icon = "plus"

    def dispatch(self, request, *args, **kwargs):
        if not can_organise_draws(request.user):
            return forbidden(request, "只有执法处室和办公室的工作人员可以组织双随机抽查。")
        self.departments = organising_departments(request.user)
        raw = request.POST.get("department") or request.GET.get("department")
        department = self.departments.filter(pk=raw).first() if raw and raw.isdigit() else None
        if department is None:
            own = scope_for(request.user).department_id
            department = self.departments.filter(pk=own).first() or self.departments.first()
        if department is None:
            return forbidden(request, "没有可以组织抽查的处室。")
        self.department = department
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [HOME_BREADCRUMB, DRAWS_BREADCRUMB, {"url": "", "label": "发布抽查公告"}]

    def render_form(self, form: AnnounceForm, status: int = 200) -> HttpResponse:
        context = self.get_context_data(
            form=form,
            department=self.department,
            departments=self.departments,
            limits={
                "targets": services_draw.MAX_TARGETS,
                "inspectors": services_draw.MAX_INSPECTORS,
                "conflicts": services_draw.MAX_CONFLICTS,
            },
        )
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_form(AnnounceForm(department=self.department))

    def post(self, request, *args, **kwargs):
        form = AnnounceForm(request.POST, department=self.department)
        if form.is_valid():
            data = form.cleaned_data
            try:
                draw = services_draw.draw_announce(
                    user=request.user,
                    department=self.department,
                    code=data["code"],
                    title=data["title"],
                    matter=data["matter"],
                    target_ids=[t.pk for t in data["targets"]],
                    inspector_ids=[o.pk for o in data["inspectors"]],
                    target_count=data["target_count"],
                    inspectors_per_target=data["inspectors_per_target"],
                    conflicts=data["conflicts"],
                    beacon_source=data["beacon_source"],
                    min_departments=data["min_departments"],
                )
            except PermissionDenied as error:
                return forbidden(request, str(error))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"已发布抽查公告 {draw.code}，承诺值 {draw.commitment}。")
                return redirect("enforcement_draws_admin:draw", pk=draw.pk)
        messages.error(request, "未能发布抽查公告，请按提示修改。")
        return self.render_form(form, status=400)


class DrawView(WagtailAdminTemplateMixin, View):
    """One draw with the forms that apply to its state: draw, record outcomes, cancel."""

    template_name = "enforcement/draw/admin/draw.html"
    header_icon = "crosshairs"

    def dispatch(self, request, *args, **kwargs):
        if not can_access_draws(request.user):
            return forbidden(request)
        self.draw = get_object_or_404(Draw.objects.select_related("department", "matter"), pk=kwargs["pk"])
        if not visible_draws(request.user).filter(pk=self.draw.pk).exists():
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"{self.draw.code} {self.draw.title}"

    def get_breadcrumbs_items(self):
        return [HOME_BREADCRUMB, DRAWS_BREADCRUMB, {"url": "", "label": self.draw.code}]

    def render_page(self, *, status: int = 200, **forms_given: Any) -> HttpResponse:
        draw, user = self.draw, self.request.user
        editable = can_edit(user, draw)
        open_ = draw.status == DrawStatus.ANNOUNCED
        context = self.get_context_data(
            draw=draw,
            parameters=draw.parameters["parameters"],
            public_url=reverse("enforcement_draws:detail", args=[draw.code]),
            rows=self.rows(),
            run_form=forms_given.get("run_form") or (RunForm() if editable and open_ else None),
            outcome_form=forms_given.get("outcome_form")
            or (
                OutcomeForm(draw=draw, initial={"inspected_on": current_date()})
                if editable and draw.status == DrawStatus.DRAWN
                else None
            ),
            cancel_form=forms_given.get("cancel_form")
            or (CancelForm() if can_withdraw(user, draw) and draw.status != DrawStatus.CANCELLED else None),
            log_entries=ModelLogEntry.objects.for_instance(draw).select_related("user").order_by("-timestamp")[:50],
        )
        return self.render_to_response(context, status=status)

    def rows(self) -> list[dict]:
        result = self.draw.draw_result()
        if result is None:
            return []
        outcomes = {o.target_code: o for o in self.draw.outcomes.all()}
        return [
            {
                "number": n,
                "code": a.target,
                "name": self.draw.target_name(a.target),
                "inspectors": [{"code": i, **self.draw.inspector(i)} for i in a.inspectors],
                "outcome": outcomes.get(a.target),
            }
            for n, a in enumerate(result.assignments, start=1)
        ]

    def get(self, request, *args, **kwargs):
        return self.render_page()


class _DrawActionView(DrawView):
    """POST only: one form, one service call, back to the draw page."""

    http_method_names = ["post"]
    form_name = ""

    def build_form(self) -> forms.Form:
        raise NotImplementedError

    def call(self, form: forms.Form) -> str:
        """Call the service; return the success message."""
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        form = self.build_form()
        if form.is_valid():
            try:
                message = self.call(form)
            except PermissionDenied as error:
                return forbidden(request, str(error))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, message)
                return redirect("enforcement_draws_admin:draw", pk=self.draw.pk)
        messages.error(request, "未能办理，请按提示修改。")
        return self.render_page(status=400, **{self.form_name: form})


class RunView(_DrawActionView):
    form_name = "run_form"

    def build_form(self) -> forms.Form:
        return RunForm(self.request.POST)

    def call(self, form: forms.Form) -> str:
        draw = services_draw.draw_run(draw=self.draw, user=self.request.user, beacon=form.cleaned_data["beacon"])
        selected = len(draw.result["result"]["selected"])
        return f"已抽取：随机数来源值 {draw.beacon}，抽中 {selected} 个检查对象。结果已公开。"


class OutcomeView(_DrawActionView):
    form_name = "outcome_form"

    def build_form(self) -> forms.Form:
        return OutcomeForm(self.request.POST, draw=self.draw)

    def call(self, form: forms.Form) -> str:
        data = form.cleaned_data
        outcome = services_draw.outcome_record(
            draw=self.draw,
            user=self.request.user,
            target_code=data["target_code"],
            inspected_on=data["inspected_on"],
            summary=data["summary"],
            issues_found=data["issues_found"],
            follow_up=data["follow_up"],
        )
        return f"已录入“{outcome.target_name or outcome.target_code}”的检查结果，已公开。"


class CancelView(_DrawActionView):
    form_name = "cancel_form"

    def build_form(self) -> forms.Form:
        return CancelForm(self.request.POST)

    def call(self, form: forms.Form) -> str:
        services_draw.draw_cancel(draw=self.draw, user=self.request.user, reason=form.cleaned_data["reason"])
        return "已取消该抽查，取消原因已公开。"


# --- 检查对象名录 ---------------------------------------------------------------------------


class TargetPermissionPolicy(BasePermissionPolicy):
    """Department scope of ``gongkai.enforcement.permissions`` for the directory.

    Nobody deletes an entry: draws refer to it by its code, so it is taken off the directory by
    unticking 在录 instead.
    """

    def user_has_permission(self, user, action):
        return action != "delete" and can_organise_draws(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return action != "delete" and can_edit(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        targets = InspectionTarget.objects.all()
        if not self.user_has_any_permission(user, actions):
            return targets.none()
        ids = visible_department_ids(user)
        return targets if ids is None else targets.filter(department_id__in=ids)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if set(actions) <= {"delete"}:
            return users.none()
        return users.filter(Q(is_superuser=True) | Q(groups__name__in=[r.value for r in EDITOR_ROLES])).distinct()


def _scoped(queryset, user):
    ids = visible_department_ids(user)
    return queryset if ids is None else queryset.filter(department_id__in=ids)


class _DepartmentFieldMixin:
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if "department" in form.fields:
            form.fields["department"].queryset = organising_departments(self.request.user)
        return form


class TargetIndexView(generic.IndexView):
    def get_base_queryset(self):
        return _scoped(super().get_base_queryset(), self.request.user).select_related("department")


class TargetCreateView(_DepartmentFieldMixin, generic.CreateView):
    def get_initial(self):
        initial = super().get_initial()
        initial.setdefault("department", scope_for(self.request.user).department_id)
        return initial


class TargetEditView(_DepartmentFieldMixin, generic.EditView):
    def get_queryset(self):
        return _scoped(InspectionTarget.objects.all(), self.request.user)


class InspectionTargetViewSet(ModelViewSet):
    model = InspectionTarget
    icon = "clipboard-list"
    menu_label = "检查对象名录"
    add_to_admin_menu = False
    copy_view_enabled = False
    index_view_class = TargetIndexView
    add_view_class = TargetCreateView
    edit_view_class = TargetEditView
    form_fields = ["department", "name", "uscc", "category", "address", "active"]
    list_display = [
        "name",
        Column("draw_code", label="抽查编号"),
        "category",
        "department",
        BooleanColumn("active", label="在录"),
    ]
    list_filter = ["department", "active"]
    search_fields = ["name", "uscc", "category", "address"]
    search_backend_name = None

    @property
    def permission_policy(self):
        return TargetPermissionPolicy(InspectionTarget)


inspection_target_viewset = InspectionTargetViewSet("inspection_targets", url_prefix="enforcement-draws/targets")


# --- Wiring -----------------------------------------------------------------------------------


def _draw_urls():
    return [
        path("", DrawListView.as_view(), name="list"),
        path("announce/", AnnounceView.as_view(), name="announce"),
        path("<int:pk>/", DrawView.as_view(), name="draw"),
        path("<int:pk>/run/", RunView.as_view(), name="run"),
        path("<int:pk>/outcome/", OutcomeView.as_view(), name="outcome"),
        path("<int:pk>/cancel/", CancelView.as_view(), name="cancel"),
    ]


@hooks.register("register_admin_urls")
def register_draw_urls():
    return [path("enforcement-draws/", include((_draw_urls(), "enforcement_draws_admin")))]


@hooks.register("register_admin_viewset")
def register_inspection_target_viewset():
    return inspection_target_viewset


@hooks.register("register_log_actions")
def register_draw_log_actions(actions):
    for action, label in services_draw.ACTIONS.items():
        actions.register_action(action, label, label)


class _ShownMenuItem(MenuItem):
    def __init__(self, *args, shown, **kwargs):
        super().__init__(*args, **kwargs)
        self._shown = shown

    def is_shown(self, request):
        return self._shown(request.user)


@cache
def draw_menu_items() -> tuple[MenuItem, ...]:
    # Built lazily, after URL loading, so reverse() is safe.
    return (
        _ShownMenuItem(
            "双随机抽查",
            reverse("enforcement_draws_admin:list"),
            name="enforcement-draws",
            icon_name="crosshairs",
            order=800,
            shown=can_access_draws,
        ),
        _ShownMenuItem(
            "检查对象名录",
            inspection_target_viewset.menu_url,
            name="enforcement-draw-targets",
            icon_name="clipboard-list",
            order=810,
            shown=can_organise_draws,
        ),
    )


@hooks.register("construct_main_menu")
def add_draw_menu_items(request, menu_items):
    """Put the draw screens into the 行政执法公示 menu, or into a menu of their own without it.

    The 行政执法公示 menu belongs to ``wagtail_hooks`` (a snippet viewset group); its submenu is shared
    by every request, so a copy with these items added replaces it for this request.
    """
    own = [item for item in draw_menu_items() if item.is_shown(request)]
    if not own:
        return
    for index, item in enumerate(menu_items):
        if item.name == "enforcement" and isinstance(item, SubmenuMenuItem):
            menu = Menu(items=[*item.menu.registered_menu_items, *own])
            menu_items[index] = SubmenuMenuItem(
                item.label,
                menu,
                name=item.name,
                icon_name=item.icon_name,
                order=item.order,
                classname=item.classname,
                attrs=item.attrs,
            )
            return
    menu_items.append(
        SubmenuMenuItem("双随机抽查", Menu(items=own), name="enforcement-draws-menu", icon_name="crosshairs", order=251)
    )
