"""Staff screens of 新闻发布会与在线访谈 in the Wagtail admin.

- 发布会与访谈: the event snippet (drafts, revisions, locking, the 信息发布审核 workflow), list and
  editor kept to the user's departments.
- 直播控制台 (one per event): add transcript entries, correct or retract them, upload media, end
  the live. Plain forms; each post calls exactly one function of ``gongkai.interviews.services``.
- 提问审核: the moderation queue — approve, reject with a reason, mark as answered.
- The dashboard panel: upcoming and live events, and questions waiting for moderation.

A ``ValidationError`` comes back on the form (400); a ``PermissionDenied`` as a real 403 page.
"""

import functools

import django_filters
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    SnippetViewSet,
)

from gongkai.core.admin_views import forbidden
from gongkai.interviews import forms_admin as forms
from gongkai.interviews import services
from gongkai.interviews.models import Event, Kind, Media, Question, QuestionStatus, TranscriptEntry
from gongkai.interviews.permissions import (
    User,
    can_access_module,
    can_run,
    runnable_events,
    visible_department_ids,
)
from gongkai.review.snippet_views import (
    ReviewedCollectWorkflowActionDataView,
    ReviewedSnippetEditView,
    ReviewedWorkflowActionView,
)

OUT_OF_SCOPE = "您无权访问此活动：只能处理本处室主办的发布会与访谈。"
NO_DEPARTMENT = "您的账号未关联处室，不能录入活动，请联系系统管理员。"
HOME_BREADCRUMB = {"url": reverse_lazy("wagtailadmin_home"), "label": "首页"}


def in_scope(user: User, department_id: int | None) -> bool:
    ids = visible_department_ids(user)
    return ids is None or department_id in ids


def scoped(queryset: QuerySet, user: User) -> QuerySet:
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


def _department_guard(view):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            try:
                department_id = Event.objects.filter(pk=int(unquote(str(pk)))).values_list("department_id", flat=True)
                department_id = department_id.first()
            except ValueError:
                department_id = None
            if department_id is not None and not in_scope(request.user, department_id):
                return forbidden(request, OUT_OF_SCOPE)
        return view(request, *args, **kwargs)

    return guarded


def add_service_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def edit_url(event: Event) -> str:
    return reverse(Event.snippet_viewset.get_url_name("edit"), args=[event.pk])


def list_url() -> str:
    return reverse(Event.snippet_viewset.get_url_name("list"))


def console_url(event: Event) -> str:
    return reverse("interviews:console", args=[event.pk])


# --- the event snippet -------------------------------------------------------------------------


def state_cell(event: Event) -> str:
    state = event.state_at()
    if not event.live:
        return f"{state.label}（未发布）"
    return state.label


class EventFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label="形式", choices=Kind.choices, empty_label="全部")

    class Meta:
        model = Event
        fields: list[str] = []


EVENT_PANELS = ObjectList(
    [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("department")]),
        FieldPanel("title"),
        FieldPanel("topic"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldRowPanel([FieldPanel("place"), FieldPanel("webcast")]),
                FieldPanel("questions_open"),
            ],
            heading="时间与地点",
        ),
        FieldPanel("guests"),
        FieldPanel("related"),
        FieldPanel("summary"),
    ],
    base_form_class=forms.EventAdminForm,
)


class EventCreateView(CreateView):
    def dispatch(self, request, *args, **kwargs):
        if visible_department_ids(request.user) == []:
            return forbidden(request, NO_DEPARTMENT)
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class EventEditView(ReviewedSnippetEditView):
    refused_message = "您不能审核此活动。"

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if can_run(self.request.user, self.object):
            buttons.append(Button("直播控制台", url=console_url(self.object), icon_name="edit", priority=40))
        return buttons


class EventDeleteView(DeleteView):
    def dispatch(self, request, *args, **kwargs):
        event = self.object
        if event.first_published_at or event.questions.exists() or event.entries.exists():
            # Questions sent in and a transcript once public are records: they are never deleted.
            return forbidden(request, "已公开过或已收到提问、已有实录的活动不能删除。")
        return super().dispatch(request, *args, **kwargs)


class EventViewSet(SnippetViewSet):
    model = Event
    icon = "media"
    menu_label = "发布会与访谈"
    menu_name = "interviews-events"
    list_display = [
        "title",
        Column("kind", label="形式", accessor="get_kind_display", sort_key="kind"),
        Column("department", label="主办处室", accessor=lambda e: e.department.name),
        Column(
            "starts_at",
            label="开始时间",
            accessor=lambda e: f"{timezone.localtime(e.starts_at):%Y-%m-%d %H:%M}",
            sort_key="starts_at",
        ),
        Column("state", label="状态", accessor=state_cell),
    ]
    filterset_class = EventFilterSet
    search_fields = ["title"]
    copy_view_enabled = False
    edit_handler = EVENT_PANELS
    add_view_class = EventCreateView
    edit_view_class = EventEditView
    delete_view_class = EventDeleteView
    workflow_action_view_class = ReviewedWorkflowActionView
    collect_workflow_action_data_view_class = ReviewedCollectWorkflowActionDataView

    @property
    def permission_policy(self):
        return DepartmentPermissionPolicy(self.model)

    def construct_view(self, view_class, **kwargs):
        return _department_guard(super().construct_view(view_class, **kwargs))

    def get_queryset(self, request):
        return scoped(Event.objects.select_related("department"), request.user)


# --- the live console -------------------------------------------------------------------------


class EventScreen(WagtailAdminTemplateMixin, View):
    """A screen about one event that only its host department (and 宣教处) may use."""

    header_icon = "media"
    screen_title = ""

    def dispatch(self, request, pk: int, *args, **kwargs):
        self.event = get_object_or_404(Event.objects.select_related("department"), pk=pk)
        if not can_run(request.user, self.event):
            return forbidden(request, services.NOT_HOST)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"{self.screen_title}：{self.event.title}"

    def get_breadcrumbs_items(self):
        return [
            HOME_BREADCRUMB,
            {"url": list_url(), "label": "发布会与访谈"},
            {"url": edit_url(self.event), "label": self.event.title},
            {"url": "", "label": self.screen_title},
        ]


class ConsoleView(EventScreen):
    template_name = "interviews/admin/console.html"
    screen_title = "直播控制台"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        form = forms.EntryForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.entry_add(
                    event=self.event,
                    user=request.user,
                    speaker=form.cleaned_data["speaker"],
                    text=form.cleaned_data["text"],
                    image=form.cleaned_data.get("image"),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "已发布一段文字实录。")
                return redirect(console_url(self.event))
        return self.render_to_response(self.get_context_data(entry_form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.event
        last_speaker = TranscriptEntry.objects.filter(event=event).order_by("-pk").values_list("speaker", flat=True)
        context.setdefault("entry_form", forms.EntryForm(initial={"speaker": last_speaker.first() or ""}))
        context.setdefault("media_form", forms.MediaForm())
        context.update(
            event=event,
            state=event.state_at(),
            entries=TranscriptEntry.objects.filter(event=event).select_related("created_by").order_by("-pk"),
            media=Media.objects.filter(event=event),
            pending=Question.objects.filter(event=event, status=QuestionStatus.PENDING).count(),
            questions_url=reverse("interviews:questions") + f"?event={event.pk}",
            public_url=reverse("interviews_public:event", args=[event.pk]),
            edit_url=edit_url(event),
        )
        return context


class MediaUploadView(EventScreen):
    screen_title = "上传音视频或图片"

    def post(self, request, *args, **kwargs):
        form = forms.MediaForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.media_add(
                    event=self.event,
                    user=request.user,
                    title=form.cleaned_data["title"],
                    summary=form.cleaned_data["summary"],
                    file=form.cleaned_data["file"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "已上传。")
                return redirect(console_url(self.event))
        console = ConsoleView()
        console.setup(request, pk=self.event.pk)
        console.event = self.event
        return console.render_to_response(console.get_context_data(media_form=form), status=400)


class EndView(EventScreen):
    screen_title = "结束直播"

    def post(self, request, *args, **kwargs):
        try:
            services.event_end(event=self.event, user=request.user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "直播已结束，页面不再征集提问。")
        return redirect(console_url(self.event))


class EntryScreen(WagtailAdminTemplateMixin, View):
    header_icon = "media"

    def dispatch(self, request, pk: int, *args, **kwargs):
        self.entry = get_object_or_404(TranscriptEntry.objects.select_related("event"), pk=pk)
        if not can_run(request.user, self.entry.event):
            return forbidden(request, services.NOT_HOST)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        event = self.entry.event
        return [
            HOME_BREADCRUMB,
            {"url": list_url(), "label": "发布会与访谈"},
            {"url": console_url(event), "label": f"直播控制台：{event.title}"},
            {"url": "", "label": self.get_page_title()},
        ]


class EntryEditView(EntryScreen):
    template_name = "interviews/admin/entry_edit.html"
    page_title = "修改文字实录"

    def get(self, request, *args, **kwargs):
        form = forms.EntryEditForm(initial={"speaker": self.entry.speaker, "text": self.entry.text})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = forms.EntryEditForm(request.POST)
        if form.is_valid():
            try:
                services.entry_edit(entry=self.entry, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "已修改，公开页面将显示“已更正”。")
                return redirect(console_url(self.entry.event))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            entry=self.entry,
            revisions=self.entry.revisions.select_related("changed_by"),
            retract_form=forms.ReasonForm(),
            console_url=console_url(self.entry.event),
        )
        return context


class EntryRetractView(EntryScreen):
    template_name = "interviews/admin/entry_edit.html"
    page_title = "撤回文字实录"

    def post(self, request, *args, **kwargs):
        form = forms.ReasonForm(request.POST)
        if form.is_valid():
            try:
                services.entry_retract(entry=self.entry, user=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "已撤回，原文保留在修改记录中。")
                return redirect(console_url(self.entry.event))
        context = self.get_context_data(
            entry=self.entry,
            form=forms.EntryEditForm(initial={"speaker": self.entry.speaker, "text": self.entry.text}),
            retract_form=form,
            revisions=self.entry.revisions.all(),
            console_url=console_url(self.entry.event),
        )
        return self.render_to_response(context, status=400)


# --- question moderation ----------------------------------------------------------------------


class QuestionQueueView(WagtailAdminTemplateMixin, View):
    template_name = "interviews/admin/questions.html"
    page_title = "提问审核"
    header_icon = "help"

    def dispatch(self, request, *args, **kwargs):
        if not can_access_module(request.user):
            return forbidden(request, "您无权审核网友提问。")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [HOME_BREADCRUMB, {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", QuestionStatus.PENDING)
        if status not in QuestionStatus.values and status != "all":
            status = QuestionStatus.PENDING
        events = runnable_events(self.request.user)
        questions = Question.objects.filter(event__in=events).select_related("event", "moderated_by", "answer_entry")
        event_id = self.request.GET.get("event", "")
        event = None
        if event_id.isdigit():
            event = events.filter(pk=int(event_id)).first()
            if event is not None:
                questions = questions.filter(event=event)
        if status != "all":
            questions = questions.filter(status=status)
        rows = list(questions.order_by("submitted_at", "pk")[:200])
        entries = {}
        for question in rows:
            if question.status == QuestionStatus.APPROVED and not question.answered:
                entries.setdefault(
                    question.event_id,
                    list(
                        TranscriptEntry.objects.filter(event_id=question.event_id, retracted_at__isnull=True).order_by(
                            "pk"
                        )
                    ),
                )
        context.update(
            questions=[(q, entries.get(q.event_id, [])) for q in rows],
            status=status,
            statuses=[*QuestionStatus.choices, ("all", "全部")],
            event=event,
            reject_form=kwargs.get("reject_form") or forms.ReasonForm(),
            failed_pk=kwargs.get("failed_pk"),
            next_url=self.request.get_full_path(),
        )
        return context


class QuestionActionView(View):
    action = ""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        question = get_object_or_404(Question.objects.select_related("event"), pk=pk)
        if not can_run(request.user, question.event):
            return forbidden(request, services.NOT_HOST)
        next_url = request.POST.get("next") or reverse("interviews:questions")
        if not next_url.startswith("/admin/"):
            next_url = reverse("interviews:questions")
        try:
            if self.action == "approve":
                services.question_approve(question=question, user=request.user)
                messages.success(request, "提问已公开。")
            elif self.action == "reject":
                form = forms.ReasonForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(form.errors["reason"][0])
                services.question_reject(question=question, user=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, "提问不予公开，理由已记录。")
            elif self.action == "answered":
                form = forms.AnsweredForm(request.POST)
                entry = None
                if form.is_valid() and form.cleaned_data.get("entry"):
                    entry = TranscriptEntry.objects.filter(pk=form.cleaned_data["entry"]).first()
                    if entry is None:
                        raise ValidationError("请选择本场活动中未撤回的实录段落。")
                services.question_mark_answered(question=question, user=request.user, entry=entry)
                messages.success(request, "已标记为已答复。")
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            queue = QuestionQueueView()
            queue.setup(request)
            return queue.render_to_response(queue.get_context_data(), status=400)
        return redirect(next_url)


# --- the dashboard panel ----------------------------------------------------------------------


class DashboardPanel(Component):
    name = "interviews_upcoming"
    order = 130
    template_name = "interviews/admin/dashboard_panel.html"
    shown_rows = 8

    def __init__(self, user: User) -> None:
        self.user = user

    def get_context_data(self, parent_context=None):
        events = runnable_events(self.user)
        rows = (
            Event.objects.filter(pk__in=events.values("pk"), ended_at__isnull=True, ends_at__gt=timezone.now())
            .annotate(pending=Count("questions", filter=Q(questions__status=QuestionStatus.PENDING)))
            .select_related("department")
            .order_by("starts_at")
        )
        waiting = Question.objects.filter(event__in=events, status=QuestionStatus.PENDING).count()
        return {
            "rows": [(e, e.state_at(), console_url(e)) for e in rows[: self.shown_rows]],
            "waiting": waiting,
            "questions_url": reverse("interviews:questions"),
            "list_url": list_url(),
        }
