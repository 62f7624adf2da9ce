"""`manage.py load_demo`: loads the demo once into an empty database and always prints the logins."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from wagtail.models import Page, Site, WorkflowState

from gongkai.calendar.services import workdays_between
from gongkai.catalog.models import Validity
from gongkai.core.validators import is_valid_uscc
from gongkai.demo import content
from gongkai.demo.builder import _cn_number, _schedule, annual_report_items, logins_table
from gongkai.org.models import Agency, Department, StaffProfile
from gongkai.org.roles import Role
from gongkai.portal.models import ArticlePage, ColumnPage, HomePage
from gongkai.review.models import WithdrawalNotice

pytestmark = pytest.mark.django_db


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {
        "agencies": Agency.objects.count(),
        "departments": Department.objects.count(),
        "users": get_user_model().objects.count(),
        "pages": Page.objects.count(),
        "workflows": WorkflowState.objects.count(),
        "withdrawals": WithdrawalNotice.objects.count(),
    }


def test_load_demo_builds_the_site_once_and_prints_logins(client):
    output = _load()

    agency = Agency.current()
    assert agency.name == "贵州省生态环境厅"
    assert is_valid_uscc(agency.uscc)
    agency.full_clean()

    names = [d[0] for d in content.DEPARTMENTS]
    assert list(Department.objects.values_list("name", flat=True)) == names
    assert list(Department.objects.filter(is_disclosure_office=True).values_list("name", flat=True)) == ["办公室"]

    User = get_user_model()
    for role in Role:
        assert User.objects.filter(groups__name=role.value).exists(), role
    for department in ("宣教处", "环评处"):
        for role in (Role.DRAFTER, Role.DEPARTMENT_REVIEWER):
            assert StaffProfile.objects.filter(department__name=department, user__groups__name=role.value).exists()
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="xcc_editor").check_password(content.DEMO_PASSWORD)

    live = ArticlePage.objects.live()
    assert live.count() >= 60
    for page in live:
        assert page.index_number and page.index_number.startswith(f"{agency.uscc}/{page.published_date.year}-")
        assert page.published_date == timezone.localdate(page.first_published_at)
        assert page.department_id and page.topic_id and page.genre_id
        assert page.written_date <= page.published_date
    # Some items are published late on purpose, for the 条例第二十六条 timeliness dashboard.
    assert any(workdays_between(p.written_date, p.published_date) > 20 for p in live)

    plan = live.get(title__endswith="年政务公开工作要点")
    for part in ("政策解读和回应关切", "政策措施落实情况公开", "重大事项信息公开", "优化服务功能", "落实各项制度"):
        assert part in plan.body

    amended = ArticlePage.objects.get(validity=Validity.AMENDED)
    assert amended.live and amended.superseded_by.specific.live
    assert ArticlePage.objects.filter(validity=Validity.REPEALED, superseded_by__isnull=False).exists()

    in_review = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS)
    assert in_review.count() >= 3
    assert {s.workflow.name for s in in_review} == {"信息发布审核", "重要信息审核"}

    notice = WithdrawalNotice.objects.get()
    withdrawn = ArticlePage.objects.get(pk=notice.page_id)
    assert not withdrawn.live and withdrawn.index_number and notice.reason
    assert client.get(notice.url_path).status_code == 410

    assert "用户名" in output and "处室" in output and content.DEMO_PASSWORD in output
    for username, *_rest in content.STAFF:
        assert username in output

    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    column = ColumnPage.objects.get(slug="tnyw")
    for url in ("/", column.url, live.filter(validity=Validity.VALID).first().url, "/zwgk/xxgkzn/"):
        assert client.get(url).status_code == 200, url

    before = _counts()
    second = _load()
    assert _counts() == before
    assert "跳过" in second and "xcc_editor" in second and content.DEMO_PASSWORD in second


def test_load_demo_is_refused_where_demo_accounts_are_not_allowed(settings):
    settings.GONGKAI_ALLOW_DEMO = False
    with pytest.raises(CommandError, match="不允许载入演示数据"):
        _load()
    assert not Agency.objects.exists()


def test_schedule_is_deterministic_and_mostly_timely():
    today = datetime.date(2026, 11, 27)
    items = list(content.ITEMS) + annual_report_items(today)
    first, second = _schedule(items, today), _schedule(items, today)
    assert first == second
    lags = [workdays_between(written, at.date()) for written, at in first.values()]
    assert all(lag >= 0 for lag in lags)
    late = sum(1 for lag in lags if lag > 20)
    assert 1 <= late <= len(lags) // 10
    assert [i.title for i in annual_report_items(today)] == [
        content.ANNUAL_REPORT_TITLE.format(year=y) for y in (2023, 2024)
    ]


def test_helpers():
    assert [_cn_number(n) for n in (1, 9, 10, 12, 20, 23)] == ["一", "九", "十", "十二", "二十", "二十三"]
    table = logins_table([("admin", "pw", "系统管理员", "政务中心")]).splitlines()
    assert table[0].startswith("用户名") and table[2].startswith("admin")
