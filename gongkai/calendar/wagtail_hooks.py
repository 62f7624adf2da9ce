"""Admin wiring of the working-day calendar: the 工作日历 menu and the missing-notice warning."""

from wagtail import hooks

from gongkai.calendar.admin_views import HolidayNoticeViewSet, MissingNoticePanel


@hooks.register("register_admin_viewset")
def register_calendar_viewset():
    return HolidayNoticeViewSet("workcalendar")


@hooks.register("construct_homepage_panels")
def add_missing_notice_panel(request, panels):
    panels.append(MissingNoticePanel(request.user))
