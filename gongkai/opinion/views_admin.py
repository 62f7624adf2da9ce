"""Staff screens of 舆情监测与回应 in the Wagtail admin.

- 舆情监测 dashboard: events by risk level and state, open spike alerts, and the daily trend of items
  and of the negative share as inline SVG (``charts``).
- 舆情事件: the list and one event with its items and the workflow forms (研判, 交办, 回应, 报告省政府,
  办结), each posting to its own address and calling exactly one function of ``services``; a
  ``ValidationError`` comes back on the page (400), a refusal is a real 403.
- 舆情信息: the items, filterable by negative / sensitive / topic, and 人工录入.
- 突发环境事件: incidents and their timeline; updates are snippets published through review.
- Sources, topic rules and sensitive words: model screens for monitoring staff (wagtail_hooks).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import ModelLogEntry

from gongkai.core.admin_views import forbidden
from gongkai.opinion import charts, forms_admin, permissions, selectors, services
from gongkai.opinion.models import Alert, Event, EventState, Incident, IncidentUpdate, Item, RiskLevel, TopicRule

HOME = {"url": reverse_lazy("wagtailadmin_home"), "label": "首页"}
NO_ACCESS = "您无权访问舆情监测：仅宣教处、办公室、领导及承办处室的工作人员可以查看。"
PAGE_SIZE = 50


def _breadcrumbs(*items) -> list[dict]:
    return [HOME, {"url": reverse("opinion_admin:dashboard"), "label": "舆情监测"}, *items]


def _message(error: ValidationError) -> str:
    return "；".join(error.messages)


class MonitorScreen(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "view"
    need_monitor = True

    def dispatch(self, request, *args, **kwargs):
        allowed = permissions.can_monitor if self.need_monitor else permissions.can_access_module
        if not allowed(request.user):
            return forbidden(request, NO_ACCESS)
        return super().dispatch(request, *args, **kwargs)


class DashboardView(MonitorScreen):
    template_name = "opinion/admin/dashboard.html"
    page_title = "舆情监测"

    def get_breadcrumbs_items(self):
        return [HOME, {"url": "", "label": "舆情监测"}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        days = selectors.daily_series(days=30)
        context.update(
            matrix=selectors.risk_state_matrix(Event.objects.all()),
            alerts=selectors.open_alerts(),
            days=days,
            chart=charts.trend_svg(days),
            hot=selectors.events_with_counts(Event.objects.exclude(state=EventState.CLOSED)).order_by("-last_seen_at")[
                :10
            ],
        )
        return context


class EventListView(MonitorScreen):
    template_name = "opinion/admin/event_list.html"
    page_title = "舆情事件"
    need_monitor = False

    def get_breadcrumbs_items(self):
        return _breadcrumbs({"url": "", "label": "舆情事件"})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        events = selectors.visible_events(request.user)
        state, risk, q = request.GET.get("state", ""), request.GET.get("risk", ""), request.GET.get("q", "")[:100]
        if state in EventState.values:
            events = events.filter(state=state)
        if risk in RiskLevel.values:
            events = events.filter(risk_level=risk)
        elif risk == "none":
            events = events.filter(risk_level="")
        if q.strip():
            events = events.filter(selectors.events_matching(q.strip()))
        page = Paginator(selectors.events_with_counts(events).order_by("-last_seen_at", "-pk"), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context.update(
            page=page,
            states=EventState.choices,
            risks=RiskLevel.choices,
            state=state,
            risk=risk,
            q=q,
            monitor=permissions.can_monitor(request.user),
        )
        return context


class EventView(WagtailAdminTemplateMixin, View):
    """One event: its items, its history, and the forms of the next steps."""

    template_name = "opinion/admin/event.html"
    header_icon = "view"
    forms = {
        "assess": (forms_admin.AssessForm, "event_assess"),
        "assign": (forms_admin.AssignForm, "event_assign"),
        "respond": (forms_admin.RespondForm, "event_respond"),
        "escalate": (forms_admin.EscalateForm, "event_escalate"),
        "close": (forms_admin.CloseForm, "event_close"),
    }

    def dispatch(self, request, pk: int, action: str = "", *args, **kwargs):
        self.event = get_object_or_404(Event.objects.select_related("department", "response_page"), pk=pk)
        if not permissions.can_view_event(request.user, self.event):
            return forbidden(request, "您无权查看该舆情事件：它未交办本处室。")
        self.action = action
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"舆情事件：{self.event.title[:40]}"

    def get_breadcrumbs_items(self):
        return _breadcrumbs(
            {"url": reverse("opinion_admin:events"), "label": "舆情事件"}, {"url": "", "label": self.event.title[:40]}
        )

    def _forms(self, bound: dict | None = None) -> dict:
        event = self.event
        initial = {
            "assess": {"risk_level": event.risk_level, "note": event.assessment_note},
            "assign": {
                "department": event.department_id,
                "involved": list(event.involved_departments.values_list("pk", flat=True)),
            },
            "respond": {
                "public_title": event.public_title or event.title[:200],
                "response_text": event.response_text,
                "response_url": event.response_url,
                "response_page": event.response_page_id,
            },
            "escalate": {"departments": [d for d in [event.department_id] if d]},
        }
        built = {}
        for name, (form_class, _service) in self.forms.items():
            if bound and name in bound:
                built[name] = bound[name]
            else:
                built[name] = form_class(initial=initial.get(name), prefix=name)
        return built

    def render(self, request, *, bound=None, error: str = "", status: int = 200):
        event = self.event
        user = request.user
        items = event.items.select_related("source").order_by("-published_at")[:100]
        context = self.get_context_data(
            event=event,
            counts=selectors.events_with_counts(Event.objects.filter(pk=event.pk)).get(),
            items=items,
            involved=list(event.involved_departments.all()),
            escalations=event.escalations.prefetch_related("departments"),
            alerts=event.alerts.all()[:10],
            history=ModelLogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Event), object_id=str(event.pk)
            ).order_by("-timestamp")[:30],
            forms=self._forms(bound),
            error=error,
            can_monitor=permissions.can_monitor(user),
            can_respond=permissions.can_respond(user, event),
            can_decide=permissions.can_decide(user),
            closed=event.state == EventState.CLOSED,
            incidents=event.incidents.all(),
        )
        return self.render_to_response(context, status=status)

    def render_to_response(self, context, status=200):
        from django.template.response import TemplateResponse

        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render(request)

    def post(self, request):
        if self.action not in self.forms:
            return self.render(request, error="未知的操作。", status=400)
        form_class, service_name = self.forms[self.action]
        form = form_class(request.POST, prefix=self.action)
        if not form.is_valid():
            return self.render(request, bound={self.action: form}, error="请检查填写的内容。", status=400)
        service = getattr(services, service_name)
        try:
            service(event=self.event, user=request.user, **form.cleaned_data)
        except PermissionDenied as refusal:
            return forbidden(request, str(refusal) or NO_ACCESS)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    if field in form.fields:
                        form.add_error(field, errors)
            return self.render(request, bound={self.action: form}, error=_message(error), status=400)
        messages.success(request, "已保存。")
        return redirect("opinion_admin:event", pk=self.event.pk)


class ItemListView(MonitorScreen):
    template_name = "opinion/admin/item_list.html"
    page_title = "舆情信息"

    def get_breadcrumbs_items(self):
        return _breadcrumbs({"url": "", "label": "舆情信息"})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        items = Item.objects.select_related("event", "source").prefetch_related("topics")
        if request.GET.get("negative") == "1":
            items = items.filter(negative=True)
        if request.GET.get("sensitive") == "1":
            items = items.exclude(sensitive_words=[])
        topic = request.GET.get("topic", "")
        if topic.isdigit() and len(topic) < 10:
            items = items.filter(topics=int(topic))
        q = request.GET.get("q", "")[:100].strip()
        if q:
            items = items.filter(Q(title__icontains=q) | Q(text__icontains=q))
        context.update(
            page=Paginator(items.order_by("-published_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page")),
            topics=TopicRule.objects.all(),
            topic=topic,
            q=q,
            negative=request.GET.get("negative") == "1",
            sensitive=request.GET.get("sensitive") == "1",
        )
        return context


class ManualItemView(MonitorScreen):
    template_name = "opinion/admin/form.html"
    page_title = "人工录入舆情"

    def get_breadcrumbs_items(self):
        return _breadcrumbs(
            {"url": reverse("opinion_admin:items"), "label": "舆情信息"}, {"url": "", "label": "人工录入"}
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", forms_admin.ManualItemForm())
        context["submit_label"] = "录入"
        return context

    def post(self, request):
        form = forms_admin.ManualItemForm(request.POST)
        if form.is_valid():
            try:
                item = services.item_create_manual(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, _message(error))
            else:
                messages.success(request, "已录入，并归入舆情事件。")
                return redirect("opinion_admin:event", pk=item.event_id)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class AlertAcknowledgeView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        alert = get_object_or_404(Alert, pk=pk)
        try:
            services.alert_acknowledge(alert=alert, user=request.user)
        except PermissionDenied as refusal:
            return forbidden(request, str(refusal))
        messages.success(request, "预警已处理。")
        return redirect(
            request.POST.get("next")
            if request.POST.get("next", "").startswith("/admin/")
            else "opinion_admin:dashboard"
        )


# --- incidents ----------------------------------------------------------------------------------


def update_edit_url(update: IncidentUpdate) -> str:
    return reverse(IncidentUpdate.snippet_viewset.get_url_name("edit"), args=[update.pk])


class IncidentListView(MonitorScreen):
    template_name = "opinion/admin/incident_list.html"
    page_title = "突发环境事件"
    need_monitor = False

    def get_breadcrumbs_items(self):
        return _breadcrumbs({"url": "", "label": "突发环境事件"})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["incidents"] = Incident.objects.select_related("department", "event").prefetch_related("updates")
        context["form"] = kwargs.get("form") or forms_admin.IncidentForm()
        return context

    def post(self, request):
        form = forms_admin.IncidentForm(request.POST)
        if form.is_valid():
            try:
                incident = services.incident_create(user=request.user, **form.cleaned_data)
            except PermissionDenied as refusal:
                return forbidden(request, str(refusal))
            except ValidationError as error:
                form.add_error(None, _message(error))
            else:
                messages.success(request, "已登记突发环境事件。")
                return redirect("opinion_admin:incident", pk=incident.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class IncidentView(MonitorScreen):
    template_name = "opinion/admin/incident.html"
    need_monitor = False

    def dispatch(self, request, pk: int, *args, **kwargs):
        self.incident = get_object_or_404(Incident.objects.select_related("department", "event"), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"突发环境事件：{self.incident.title}"

    def get_breadcrumbs_items(self):
        return _breadcrumbs(
            {"url": reverse("opinion_admin:incidents"), "label": "突发环境事件"},
            {"url": "", "label": self.incident.title[:40]},
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        updates = list(self.incident.updates.order_by("-as_of", "-pk"))
        context.update(
            incident=self.incident,
            updates=[(u, update_edit_url(u)) for u in updates],
            form=kwargs.get("form") or forms_admin.IncidentUpdateForm(),
            can_edit=permissions.can_edit_incident(self.request.user, self.incident),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = forms_admin.IncidentUpdateForm(request.POST)
        if form.is_valid():
            try:
                update = services.incident_update_create(user=request.user, incident=self.incident, **form.cleaned_data)
            except PermissionDenied as refusal:
                return forbidden(request, str(refusal))
            except ValidationError as error:
                form.add_error(None, _message(error))
            else:
                messages.success(request, "已起草，请在编辑页提交审核。")
                return redirect(update_edit_url(update))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class DashboardPanel(Component):
    """Admin home: open alerts and the events waiting for 研判."""

    name = "opinion_alerts"
    order = 120
    template_name = "opinion/admin/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        return {
            "alerts": selectors.open_alerts(limit=5),
            "waiting": Event.objects.filter(state=EventState.NEW).count(),
            "dashboard_url": reverse("opinion_admin:dashboard"),
            "events_url": reverse("opinion_admin:events"),
        }
