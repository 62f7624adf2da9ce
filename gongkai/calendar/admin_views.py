"""Admin screens of the working-day calendar: the 工作日历 notice editor and the dashboard warning.

Only administrators (系统管理员, via the model permissions granted in migration 0002, and
superusers) enter notices. Saving goes through Wagtail's generic views, which write the
audit log (wagtail.create / wagtail.edit / wagtail.delete) in the same transaction.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from gongkai.calendar.models import HolidayNotice
from gongkai.calendar.services import missing_notice_years

FORBIDDEN_MESSAGE = "您无权修改工作日历：节假日安排由系统管理员录入。"
MISSING_NOTICE_MESSAGE = "尚未录入{year}年节假日安排，涉及该年的期限按周末计算，仅供参考"

notice_permission_policy = ModelPermissionPolicy(HolidayNotice)


class HolidayNoticeForm(WagtailAdminModelForm):
    """Checks that need the notice and all its days together."""

    def clean(self):
        cleaned_data = super().clean()
        year = cleaned_data.get("year")
        formset = self.formsets.get("days")
        if formset is None:
            return cleaned_data
        formset.is_valid()  # validates the rows, so that errors can be added to them below
        seen: set[datetime.date] = set()
        duplicated = False
        for form in formset.forms:
            if formset.can_delete and formset._should_delete_form(form):
                continue
            day = _entered_date(form)
            if day is None:
                continue
            if day in seen:
                duplicated = True
                form.add_error("date", f"{day:%Y-%m-%d}在本通知中录入了不止一次，同一日期只能录入一次。")
            seen.add(day)
            # A 元旦 block may begin in the last days of the year before (2019's began 2018-12-30).
            if year and not (day.year == year or (day.year == year - 1 and day.month == 12)):
                form.add_error(
                    "date", f"{day:%Y-%m-%d}不属于{year}年的安排：日期应在{year}年内，元旦假期可含上一年12月。"
                )
        if duplicated:
            # Django's own formset message names the field in English ("date"); say it in Chinese.
            formset._non_form_errors = formset.error_class(
                ["有日期重复录入，请删除重复的行。"], error_class="nonform", renderer=formset.renderer
            )
        return cleaned_data


def _entered_date(form) -> datetime.date | None:
    # The formset's own uniqueness check drops a repeated date from cleaned_data: read the input.
    day = getattr(form, "cleaned_data", {}).get("date")
    if day is not None:
        return day
    try:
        return form.fields["date"].clean(form["date"].value())
    except ValidationError:
        return None


def forbidden_response(request: HttpRequest) -> HttpResponse:
    # Wagtail turns PermissionDenied inside the admin into a redirect home; say 403 plainly instead.
    return TemplateResponse(request, "workcalendar/admin/forbidden.html", {"message": FORBIDDEN_MESSAGE}, status=403)


class HonestForbiddenMixin:
    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            return forbidden_response(request)


class NoticeIndexView(HonestForbiddenMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related("days")


class NoticeCreateView(HonestForbiddenMixin, generic.CreateView):
    def get_initial(self):
        # The dashboard warning links here with ?year=YYYY for the missing year.
        initial = super().get_initial()
        year = self.request.GET.get("year", "")
        if year.isdigit() and 2000 <= int(year) <= 2100:
            initial["year"] = int(year)
        return initial


class NoticeEditView(HonestForbiddenMixin, generic.EditView):
    pass


class NoticeDeleteView(HonestForbiddenMixin, generic.DeleteView):
    pass


class NoticeHistoryView(HonestForbiddenMixin, generic.HistoryView):
    pass


class NoticeUsageView(HonestForbiddenMixin, generic.UsageView):
    pass


class HolidayNoticeViewSet(ModelViewSet):
    model = HolidayNotice
    icon = "date"
    menu_label = "工作日历"
    menu_name = "workcalendar"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["year", "document_number", "published_on", "days_summary", "year_workdays"]
    ordering = ["-year", "-published_on"]
    copy_view_enabled = False
    index_view_class = NoticeIndexView
    add_view_class = NoticeCreateView
    edit_view_class = NoticeEditView
    delete_view_class = NoticeDeleteView
    history_view_class = NoticeHistoryView
    usage_view_class = NoticeUsageView
    edit_handler = ObjectList(HolidayNotice.panels, base_form_class=HolidayNoticeForm)

    @property
    def permission_policy(self):
        return notice_permission_policy


class MissingNoticePanel(Component):
    """Admin home, for all staff: a year whose notice is missing makes its deadlines provisional."""

    name = "workcalendar_missing_notice"
    order = 20
    template_name = "workcalendar/admin/missing_notice_panel.html"

    def __init__(self, user, *, today: datetime.date | None = None) -> None:
        self.user = user
        self.today = today

    def warnings(self) -> list[dict]:
        can_enter = notice_permission_policy.user_has_permission(self.user, "add")
        add_url = reverse("workcalendar:add")
        return [
            {
                "year": year,
                "message": MISSING_NOTICE_MESSAGE.format(year=year),
                "url": f"{add_url}?{urlencode({'year': year})}" if can_enter else "",
            }
            for year in missing_notice_years(self.today)
        ]

    def render_html(self, parent_context=None) -> str:
        self._warnings = self.warnings()
        if not self._warnings:
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context=None):
        warnings = getattr(self, "_warnings", None)
        return {"warnings": warnings if warnings is not None else self.warnings()}
