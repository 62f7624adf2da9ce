"""工作日历 in the Wagtail admin: administrators enter notices; everyone else gets an honest 403."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from gongkai.calendar.models import DayException, HolidayNotice
from gongkai.calendar.services import is_provisional, is_workday
from gongkai.org.roles import Role
from gongkai.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
NON_ADMIN_ROLES = [Role.DRAFTER, Role.DEPARTMENT_REVIEWER, Role.OFFICE_REVIEWER, Role.LEADER]


def notice_form(days, *, year="2027", number="国办发明电〔2026〕8号", initial=0, **fields):
    data = {
        "year": year,
        "published_on": "2026-11-10",
        "document_number": number,
        "title": "",
        "source": "https://www.gov.cn/",
        "days": inline_formset(days, initial=initial),
        **fields,
    }
    return nested_form_data(data)


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(role=Role.ADMINISTRATOR))
    return client


def test_index_lists_the_seeded_notices(admin_client):
    response = admin_client.get(reverse("workcalendar:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "国办发明电〔2025〕7号" in body
    assert "国办发明电〔2020〕1号" in body
    assert "248" in body  # 2026's working days


def test_menu_item_is_shown_to_administrators_only(client):
    client.force_login(UserFactory(role=Role.ADMINISTRATOR))
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar is JSON, where Chinese is \\u-escaped: 工作日历.
    assert '"label": "\\u5de5\\u4f5c\\u65e5\\u5386"' in body
    client.force_login(UserFactory(role=Role.OFFICE_REVIEWER))
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert '"label": "\\u5de5\\u4f5c\\u65e5\\u5386"' not in body


def test_add_view_takes_the_year_from_the_dashboard_link(admin_client):
    response = admin_client.get(reverse("workcalendar:add") + "?year=2027")
    assert response.status_code == 200
    assert response.context["form"].initial["year"] == 2027
    response = admin_client.get(reverse("workcalendar:add") + "?year=abc")
    assert "year" not in response.context["form"].initial


def test_administrator_enters_next_years_notice_and_answers_change_at_once(admin_client):
    assert is_provisional(D(2027, 2, 1))
    assert is_workday(D(2027, 2, 8))
    response = admin_client.post(
        reverse("workcalendar:add"),
        notice_form(
            [
                {"date": "2027-02-06", "kind": "work", "name": "春节"},
                {"date": "2027-02-08", "kind": "off", "name": "春节"},
                {"date": "2027-02-07", "kind": "off", "name": "春节"},  # a weekend day: redundant, accepted
            ]
        ),
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    notice = HolidayNotice.objects.get(document_number="国办发明电〔2026〕8号")
    assert notice.year == 2027
    assert notice.title == "国务院办公厅关于2027年部分节假日安排的通知"
    assert notice.days.count() == 3
    assert not is_provisional(D(2027, 2, 1))
    assert is_workday(D(2027, 2, 6))
    assert not is_workday(D(2027, 2, 8))
    assert ModelLogEntry.objects.filter(action="wagtail.create", object_id=str(notice.pk)).exists()


def test_administrator_removes_a_day(admin_client):
    notice = HolidayNotice.objects.create(
        year=2027, document_number="国办发明电〔2026〕8号", published_on=D(2026, 11, 10)
    )
    day = DayException.objects.create(notice=notice, date=D(2027, 2, 8), kind="off", name="春节")
    assert not is_workday(D(2027, 2, 8))
    response = admin_client.post(
        reverse("workcalendar:edit", args=[notice.pk]),
        notice_form(
            [{"id": str(day.pk), "date": "2027-02-08", "kind": "off", "name": "春节", "DELETE": "1"}], initial=1
        ),
    )
    assert response.status_code == 302
    assert not DayException.objects.filter(pk=day.pk).exists()
    assert is_workday(D(2027, 2, 8))


def _errors(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_working_weekend_day_must_be_a_saturday_or_sunday(admin_client):
    response = admin_client.post(
        reverse("workcalendar:add"), notice_form([{"date": "2027-02-09", "kind": "work", "name": "春节"}])
    )
    assert "2027-02-09是星期二，调休上班日只能是星期六或星期日。" in _errors(response)
    assert not HolidayNotice.objects.filter(year=2027).exists()
    assert not DayException.objects.filter(date__year=2027).exists()


def test_a_date_can_be_entered_only_once(admin_client):
    # 2026-10-10 already belongs to 国办发明电〔2025〕7号.
    response = admin_client.post(
        reverse("workcalendar:add"),
        notice_form([{"date": "2026-10-10", "kind": "work", "name": "国庆节"}], year="2026", number="测试〔2026〕1号"),
    )
    assert "该日期已在另一份通知中录入，同一日期只能录入一次。" in _errors(response)
    response = admin_client.post(
        reverse("workcalendar:add"),
        notice_form(
            [
                {"date": "2027-02-08", "kind": "off", "name": "春节"},
                {"date": "2027-02-08", "kind": "off", "name": "春节"},
            ]
        ),
    )
    body = _errors(response)
    assert "2027-02-08在本通知中录入了不止一次，同一日期只能录入一次。" in body
    assert "有日期重复录入，请删除重复的行。" in body
    assert "请修改date" not in body
    assert not HolidayNotice.objects.filter(year=2027).exists()


def test_days_must_lie_in_the_notices_year(admin_client):
    response = admin_client.post(
        reverse("workcalendar:add"), notice_form([{"date": "2028-01-03", "kind": "off", "name": "元旦"}])
    )
    assert "2028-01-03不属于2027年的安排" in _errors(response)
    # The 元旦 block may start in December of the year before, as 2019's did.
    response = admin_client.post(
        reverse("workcalendar:add"), notice_form([{"date": "2026-12-31", "kind": "off", "name": "元旦"}])
    )
    assert response.status_code == 302
    assert not is_workday(D(2026, 12, 31))


def test_document_number_is_unique(admin_client):
    response = admin_client.post(reverse("workcalendar:add"), notice_form([], number="国办发明电〔2025〕7号"))
    assert "该文号的通知已经录入。" in _errors(response)


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_other_staff_get_403_and_change_nothing(client, role):
    client.force_login(UserFactory(role=role))
    notice = HolidayNotice.objects.get(document_number="国办发明电〔2025〕7号")
    edit_url = reverse("workcalendar:edit", args=[notice.pk])
    response = client.get(edit_url)
    assert response.status_code == 403
    assert "您无权修改工作日历" in response.content.decode()
    response = client.post(edit_url, notice_form([], year="2030", number="国办发明电〔2025〕7号"))
    assert response.status_code == 403
    notice.refresh_from_db()
    assert notice.year == 2026
    assert client.get(reverse("workcalendar:add")).status_code == 403
    assert client.post(reverse("workcalendar:add"), notice_form([])).status_code == 403
    assert client.post(reverse("workcalendar:delete", args=[notice.pk])).status_code == 403
    assert client.get(reverse("workcalendar:index")).status_code == 403
    assert HolidayNotice.objects.filter(pk=notice.pk).exists()
    assert not HolidayNotice.objects.filter(year=2027).exists()


def test_superuser_may_edit(client):
    user = get_user_model().objects.create_superuser("root", "root@example.gov.cn", "correct-horse-battery")
    client.force_login(user)
    notice = HolidayNotice.objects.get(document_number="国办发明电〔2025〕7号")
    assert client.get(reverse("workcalendar:edit", args=[notice.pk])).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(reverse("workcalendar:index"))
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]


def test_index_columns(admin_client):
    body = admin_client.get(reverse("workcalendar:index")).content.decode()
    assert "全年工作日" in body
    assert "放假19天，调休上班6天" in body  # 国办发明电〔2025〕7号: weekdays off and Saturdays/Sundays worked


def test_administrator_deletes_a_notice_and_its_year_becomes_provisional(admin_client):
    notice = HolidayNotice.objects.get(document_number="国办发明电〔2025〕7号")
    assert not is_provisional(D(2026, 6, 1))
    assert not is_workday(D(2026, 10, 1))
    history = admin_client.get(reverse("workcalendar:history", args=[notice.pk]))
    assert history.status_code == 200
    response = admin_client.post(reverse("workcalendar:delete", args=[notice.pk]))
    assert response.status_code == 302
    assert not DayException.objects.filter(date__year=2026).exists()
    assert is_provisional(D(2026, 6, 1))
    assert is_workday(D(2026, 10, 1))
    assert ModelLogEntry.objects.filter(action="wagtail.delete", object_id=str(notice.pk)).exists()
