"""The admin home warns every member of staff, from 1 November, that next year's notice is missing."""

import datetime

import pytest
from django.urls import reverse

from gongkai.calendar import services
from gongkai.calendar.admin_views import MissingNoticePanel
from gongkai.calendar.tests.conftest import enter_notice
from gongkai.org.roles import Role
from gongkai.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
WARNING_2027 = "尚未录入2027年节假日安排，涉及该年的期限按周末计算，仅供参考"


def render(user, today) -> str:
    return MissingNoticePanel(user, today=today).render_html()


def test_no_warning_before_1_november():
    user = UserFactory(role=Role.ADMINISTRATOR)
    assert render(user, D(2026, 10, 31)) == ""
    assert render(user, D(2026, 1, 15)) == ""


@pytest.mark.parametrize("today", [D(2026, 11, 1), D(2026, 12, 31)])
def test_warning_from_1_november_with_a_link_for_administrators(today):
    html = render(UserFactory(role=Role.ADMINISTRATOR), today)
    assert WARNING_2027 in html
    assert f'href="{reverse("workcalendar:add")}?year=2027"' in html


def test_other_staff_see_the_warning_without_the_link():
    html = render(UserFactory(role=Role.DRAFTER), D(2026, 11, 1))
    assert WARNING_2027 in html
    assert reverse("workcalendar:add") not in html
    assert "请联系系统管理员" in html


def test_warning_goes_once_the_notice_is_entered():
    user = UserFactory(role=Role.OFFICE_REVIEWER)
    assert WARNING_2027 in render(user, D(2026, 11, 20))
    enter_notice(2027)
    assert render(user, D(2026, 11, 20)) == ""


def test_a_missing_current_year_is_warned_about_all_year():
    html = render(UserFactory(role=Role.LEADER), D(2027, 3, 1))
    assert WARNING_2027 in html


@pytest.mark.parametrize("role", [Role.DRAFTER, Role.DEPARTMENT_REVIEWER, Role.ADMINISTRATOR])
def test_admin_home_shows_the_panel_to_staff(client, monkeypatch, role):
    client.force_login(UserFactory(role=role))
    monkeypatch.setattr(services, "current_date", lambda: D(2026, 10, 31))
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "节假日安排提醒" not in body
    monkeypatch.setattr(services, "current_date", lambda: D(2026, 11, 1))
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "节假日安排提醒" in body
    assert WARNING_2027 in body
