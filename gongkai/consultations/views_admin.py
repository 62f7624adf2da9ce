"""Staff screens of 意见征集 in the Wagtail admin.

- 意见征集 and 意见采纳情况: snippets (drafts, revisions, locking, the 信息发布审核 workflow),
  department-scoped like enforcement decisions.
- 征集情况 (one consultation): the draft with the comments under each 条 and 款 and the whole-draft
  comments, counts per article, participation by identity type; hide and restore a comment.
- 意见处理: the groups with their comments; split, merge, and the decision with its reason.
- 导出: XLSX of every comment, hidden ones included.

Each POST calls exactly one function of ``gongkai.consultations.services``; a ``ValidationError``
comes back as a message (and a 400 when the form is re-shown), a ``PermissionDenied`` as a real 403.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views import View
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from gongkai.consultations import selectors, services
from gongkai.consultations.export import comments_xlsx
from gongkai.consultations.models import AdoptionReport, Comment, CommentGroup, Consultation, Decision
from gongkai.consultations.permissions import can_handle, can_view, visible_department_ids
from gongkai.core.admin_views import forbidden as core_forbidden
from gongkai.org.models import Department
from gongkai.review.snippet_views import ReviewedSnippetViewSetMixin

OUT_OF_SCOPE = "您无权访问此意见征集：只能处理本处室的意见征集。"
HOME_BREADCRUMB = {"url": reverse_lazy("wagtailadmin_home"), "label": "首页"}


def forbidden(request: HttpRequest, message: str = OUT_OF_SCOPE) -> HttpResponse:
    return core_forbidden(request, message)


def scoped(queryset: QuerySet, user) -> QuerySet:
    ids = visible_department_ids(user)
    return queryset if ids is None else queryset.filter(department_id__in=ids)


class DepartmentPermissionPolicy(ModelPermissionPolicy):
    """The role's model permission (migration 0002), and only within the user's departments."""

    def user_has_permission_for_instance(self, user, action, instance):
        ids = visible_department_ids(user)
        in_scope = ids is None or instance.department_id in ids
        return super().user_has_permission_for_instance(user, action, instance) and in_scope

    def instances_user_has_any_permission_for(self, user, actions):
        return scoped(super().instances_user_has_any_permission_for(user, actions), user)


class DepartmentScopedForm(WagtailAdminModelForm):
    """``department`` limited to the departments the user works for (谁起草谁征集)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("department")
        if field is None:
            return
        departments = Department.objects.order_by("sort_order", "name")
        ids = visible_department_ids(self.for_user) if self.for_user is not None else None
        if ids is not None:
            departments = departments.filter(pk__in=ids)
            if len(ids) == 1 and not self.instance.pk:
                self.initial.setdefault("department", ids[0])
        field.queryset = departments
        field.error_messages["invalid_choice"] = "只能选择本处室。"


def _guard(model, view):
    """Another department's record is a plain 403, whatever the view."""

    def guarded(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            try:
                department_id = (
                    model.objects.filter(pk=int(unquote(str(pk)))).values_list("department_id", flat=True).first()
                )
            except ValueError:
                department_id = None
            ids = visible_department_ids(request.user)
            if department_id is not None and ids is not None and department_id not in ids:
                return forbidden(request)
        return view(request, *args, **kwargs)

    return guarded


class _ScopedViewSetMixin:
    @property
    def permission_policy(self):
        return DepartmentPermissionPolicy(self.model)

    def construct_view(self, view_class, **kwargs):
        return _guard(self.model, super().construct_view(view_class, **kwargs))

    def get_queryset(self, request):
        return scoped(self.model.objects.select_related("department"), request.user)


CONSULTATION_PANELS = ObjectList(
    [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("department")]),
        FieldPanel("draft_text"),
        FieldPanel("basis"),
        FieldPanel("expected_effect"),
        FieldPanel("explanation"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]), FieldPanel("short_period_reason")],
            heading="征集期",
        ),
        FieldPanel("contact"),
        InlinePanel("attachments", heading="附件", label="附件"),
    ],
    base_form_class=DepartmentScopedForm,
)


class ConsultationCreateView(CreateView):
    def dispatch(self, request, *args, **kwargs):
        if visible_department_ids(request.user) == []:
            return forbidden(request, "您的账号未关联处室，不能发起意见征集，请联系系统管理员。")
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class ConsultationViewSet(ReviewedSnippetViewSetMixin, _ScopedViewSetMixin, SnippetViewSet):
    model = Consultation
    icon = "comment"
    menu_label = "意见征集"
    menu_name = "consultations"
    list_display = ["title", "kind", "department", "opens_at", "closes_at"]
    list_filter = ["kind", "department"]
    search_fields = ["title"]
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_handler = CONSULTATION_PANELS
    add_view_class = ConsultationCreateView


class ReportCreateView(CreateView):
    """Reports are started from their consultation (意见处理 → 起草意见采纳情况), never from a blank form."""

    def dispatch(self, request, *args, **kwargs):
        messages.warning(request, "请在意见征集的“意见处理”页面起草意见采纳情况。")
        return redirect(Consultation.snippet_viewset.get_url_name("list"))


class AdoptionReportViewSet(ReviewedSnippetViewSetMixin, _ScopedViewSetMixin, SnippetViewSet):
    model = AdoptionReport
    icon = "tasks"
    menu_label = "意见采纳情况"
    menu_name = "consultation-reports"
    list_display = ["__str__", "department"]
    copy_view_enabled = False
    inspect_view_enabled = True
    add_view_class = ReportCreateView
    edit_handler = ObjectList(
        [FieldPanel("summary"), InlinePanel("meetings", heading="听证会、座谈会记录", label="会议")],
        base_form_class=WagtailAdminModelForm,
    )

    def get_queryset(self, request):
        return scoped(AdoptionReport.objects.select_related("department", "consultation"), request.user)


def report_edit_url(report: AdoptionReport) -> str:
    return reverse(AdoptionReport.snippet_viewset.get_url_name("edit"), args=[report.pk])


def consultation_edit_url(consultation: Consultation) -> str:
    return reverse(Consultation.snippet_viewset.get_url_name("edit"), args=[consultation.pk])


# --- one consultation -------------------------------------------------------------------------


class _ConsultationScreen(WagtailAdminTemplateMixin, View):
    header_icon = "comment"

    def dispatch(self, request, pk: int, *args, **kwargs):
        self.consultation = get_object_or_404(Consultation.objects.select_related("department"), pk=pk)
        if not can_view(request.user, self.consultation):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            HOME_BREADCRUMB,
            {"url": reverse(Consultation.snippet_viewset.get_url_name("list")), "label": "意见征集"},
            {"url": "", "label": self.consultation.title},
        ]

    def base_context(self) -> dict:
        consultation = self.consultation
        report = AdoptionReport.objects.filter(consultation=consultation).first()
        return {
            **self.get_context_data(),
            "consultation": consultation,
            "state": consultation.state(),
            "report": report,
            "report_edit_url": report_edit_url(report) if report else "",
            "edit_url": consultation_edit_url(consultation),
            "can_handle": can_handle(self.request.user, consultation),
            "closed": timezone.now() >= consultation.closes_at,
        }


class OverviewView(_ConsultationScreen):
    template_name = "consultations/admin/overview.html"

    def get_page_title(self):
        return f"征集情况：{self.consultation.title}"

    def get(self, request, *args, **kwargs):
        comments = list(self.consultation.comments.select_related("group").order_by("number"))
        whole, units = selectors.draft_with_comments(self.consultation, comments)
        participation = selectors.participation(self.consultation, include_hidden=True)
        context = self.base_context()
        context.update(
            {
                "whole": whole,
                "units": units,
                "participation": participation,
                "total": len(comments),
                "hidden_total": sum(1 for c in comments if c.hidden),
                "group_total": self.consultation.groups.count(),
            }
        )
        return self.render_to_response(context)


class GroupsView(_ConsultationScreen):
    template_name = "consultations/admin/groups.html"

    def get_page_title(self):
        return f"意见处理：{self.consultation.title}"

    def get(self, request, *args, **kwargs):
        groups = list(selectors.group_rows(self.consultation))
        comments_by_group: dict[int, list[Comment]] = {}
        for comment in self.consultation.comments.order_by("number"):
            comments_by_group.setdefault(comment.group_id, []).append(comment)
        for group in groups:
            group.members = comments_by_group.get(group.pk, [])
            group.shown_members = group.members[:20]
        context = self.base_context()
        context.update(
            {
                "groups": groups,
                "decisions": Decision.choices,
                "blockers": selectors.report_blockers(self.consultation),
                "undecided": sum(1 for g in groups if g.visible and not g.decision),
            }
        )
        return self.render_to_response(context)


def _action(request: HttpRequest, consultation: Consultation, call, success: str) -> None:
    try:
        call()
    except PermissionDenied:
        raise
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, success)


def _consultation_for(request: HttpRequest, consultation: Consultation) -> HttpResponse | None:
    if not can_handle(request.user, consultation):
        return forbidden(request)
    return None


def _back(request: HttpRequest, consultation: Consultation, default: str = "groups") -> HttpResponse:
    name = request.POST.get("next") if request.POST.get("next") in ("groups", "overview") else default
    return redirect(f"consultations:{name}", pk=consultation.pk)


class _Post(View):
    http_method_names = ["post"]


class HideView(_Post):
    def post(self, request, pk: int):
        comment = get_object_or_404(Comment.objects.select_related("consultation"), pk=pk)
        refused = _consultation_for(request, comment.consultation)
        if refused:
            return refused
        if request.POST.get("restore"):
            _action(
                request,
                comment.consultation,
                lambda: services.comment_unhide(comment=comment, user=request.user),
                f"已恢复显示第{comment.number}条意见。",
            )
        else:
            _action(
                request,
                comment.consultation,
                lambda: services.comment_hide(
                    comment=comment, user=request.user, reason=request.POST.get("reason", "")
                ),
                f"已屏蔽第{comment.number}条意见（保留在后台和导出中）。",
            )
        return _back(request, comment.consultation, "overview")


class DecideView(_Post):
    def post(self, request, pk: int):
        group = get_object_or_404(CommentGroup.objects.select_related("consultation"), pk=pk)
        refused = _consultation_for(request, group.consultation)
        if refused:
            return refused
        _action(
            request,
            group.consultation,
            lambda: services.group_decide(
                group=group,
                user=request.user,
                decision=request.POST.get("decision", ""),
                reason=request.POST.get("reason", ""),
            ),
            f"已保存意见组{group.pk}的处理意见。",
        )
        return _back(request, group.consultation)


class MergeView(_Post):
    def post(self, request, pk: int):
        source = get_object_or_404(CommentGroup.objects.select_related("consultation"), pk=pk)
        refused = _consultation_for(request, source.consultation)
        if refused:
            return refused
        target = CommentGroup.objects.filter(
            pk=request.POST.get("target") if (request.POST.get("target") or "").isdigit() else None,
            consultation=source.consultation,
        ).first()
        if target is None:
            messages.error(request, "请选择要并入的意见组（同一次征集）。")
            return _back(request, source.consultation)
        _action(
            request,
            source.consultation,
            lambda: services.group_merge(source=source, target=target, user=request.user),
            f"已将意见组{source.pk}并入意见组{target.pk}。",
        )
        return _back(request, source.consultation)


class SplitView(_Post):
    def post(self, request, pk: int):
        group = get_object_or_404(CommentGroup.objects.select_related("consultation"), pk=pk)
        refused = _consultation_for(request, group.consultation)
        if refused:
            return refused
        ids = [v for v in request.POST.getlist("comment") if v.isdigit()]
        comments = list(Comment.objects.filter(pk__in=ids, group=group))
        _action(
            request,
            group.consultation,
            lambda: services.group_split(comments=comments, user=request.user),
            f"已从意见组{group.pk}拆分出{len(comments)}条意见。",
        )
        return _back(request, group.consultation)


class ReportStartView(_Post):
    def post(self, request, pk: int):
        consultation = get_object_or_404(Consultation, pk=pk)
        refused = _consultation_for(request, consultation)
        if refused:
            return refused
        try:
            report = services.report_start(consultation=consultation, user=request.user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return redirect("consultations:groups", pk=consultation.pk)
        return redirect(report_edit_url(report))


class ExportView(View):
    def get(self, request, pk: int):
        consultation = get_object_or_404(Consultation, pk=pk)
        if not can_handle(request.user, consultation):
            return forbidden(request)
        content = comments_xlsx(consultation)
        log(
            instance=consultation,
            action="consultations.export",
            user=request.user,
            data={"count": consultation.comments.count()},
        )
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="consultation-{consultation.pk}-comments.xlsx"'
        response["Cache-Control"] = "private, no-store"
        return response


# --- dashboard --------------------------------------------------------------------------------


class DashboardPanel(Component):
    """Admin home: consultations closed without a published 意见采纳情况, longest waiting first."""

    name = "consultations_missing_reports"
    order = 120
    template_name = "consultations/admin/dashboard_panel.html"

    def __init__(self, user) -> None:
        self.user = user

    def get_context_data(self, parent_context=None):
        return {"rows": selectors.missing_reports(visible_department_ids(self.user))}
