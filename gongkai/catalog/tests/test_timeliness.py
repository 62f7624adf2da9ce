"""Art. 26 timeliness (《政府信息公开条例》第二十六条): 20 working days from the 成文日期, with a fixed today."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from gongkai.catalog.timeliness import TimelinessStatus, classify, dashboard_rows, timeliness_rows
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory
from gongkai.portal.models import ArticlePage
from gongkai.portal.tests.factories import ArticleFactory, ColumnFactory

pytestmark = pytest.mark.django_db

D = datetime.date
# Worked example (docs ogi.md §4): formed Fri 2025-09-26, 20 working days → Thu 2025-10-30
# (the 国庆/中秋 block 10-01..10-08 is not counted; Sun 09-28 and Sat 10-11 are working days).
WRITTEN = D(2025, 9, 26)
DUE = D(2025, 10, 30)


def _classify(today, published=None):
    return classify(written_date=WRITTEN, published_date=published, today=today)


@pytest.mark.parametrize(
    ("today", "status", "left"),
    [
        (D(2025, 9, 26), TimelinessStatus.PENDING, 20),
        (D(2025, 10, 22), TimelinessStatus.PENDING, 6),
        (D(2025, 10, 23), TimelinessStatus.DUE_SOON, 5),
        (D(2025, 10, 30), TimelinessStatus.DUE_SOON, 0),
        (D(2025, 10, 31), TimelinessStatus.OVERDUE, -1),
        (D(2025, 11, 3), TimelinessStatus.OVERDUE, -2),  # the weekend between does not count
    ],
)
def test_unpublished_status_by_working_days_left(today, status, left):
    assert _classify(today) == (DUE, False, status, left)


def test_published_on_the_due_date_is_on_time_and_a_day_later_is_late():
    assert _classify(D(2026, 1, 1), published=DUE)[2] == TimelinessStatus.ON_TIME
    assert _classify(D(2026, 1, 1), published=D(2025, 10, 31))[2] == TimelinessStatus.LATE
    # Once published, today no longer matters and there is no count of days left.
    assert _classify(D(2025, 10, 1), published=D(2025, 10, 9))[2:] == (TimelinessStatus.ON_TIME, None)


def test_deadline_reaching_into_a_year_without_a_notice_is_provisional():
    due, provisional, status, _ = classify(written_date=D(2026, 12, 21), published_date=None, today=D(2026, 12, 22))
    assert due.year == 2027
    assert provisional is True
    assert status == TimelinessStatus.PENDING
    assert classify(written_date=WRITTEN, published_date=None, today=WRITTEN)[1] is False


@pytest.fixture
def column(home):
    return ColumnFactory(parent=home)


@pytest.fixture
def departments():
    return DepartmentFactory(code="hpc", name="环评处"), DepartmentFactory(code="xjc", name="宣教处")


def _draft(column, department, written, title):
    return ArticleFactory(parent=column, department=department, written_date=written, title=title, draft=True)


def test_rows_cover_drafts_and_published_items(column, departments):
    hpc, _ = departments
    _draft(column, hpc, WRITTEN, "逾期草稿")
    _draft(column, hpc, D(2025, 10, 20), "未到期草稿")
    late = ArticleFactory(parent=column, department=hpc, written_date=WRITTEN, title="逾期发布")
    ArticlePage.objects.filter(pk=late.pk).update(published_date=D(2025, 11, 5))
    on_time = ArticleFactory(parent=column, department=hpc, written_date=WRITTEN, title="按时发布")
    ArticlePage.objects.filter(pk=on_time.pk).update(published_date=D(2025, 10, 10))
    ArticleFactory(parent=column, department=hpc, written_date=None, title="无成文日期")

    rows = timeliness_rows(today=D(2025, 11, 3))
    assert [(r.title, r.status) for r in rows] == [
        ("逾期草稿", TimelinessStatus.OVERDUE),
        ("未到期草稿", TimelinessStatus.PENDING),
        ("逾期发布", TimelinessStatus.LATE),
        ("按时发布", TimelinessStatus.ON_TIME),
    ]
    overdue = rows[0]
    assert (overdue.due_date, overdue.workdays_left, overdue.workdays_label) == (DUE, -2, "已逾期2个工作日")
    assert timeliness_rows(today=D(2025, 11, 3), statuses=[TimelinessStatus.LATE])[0].title == "逾期发布"


def test_unpublished_item_is_judged_by_its_latest_draft(column, departments):
    item = _draft(column, departments[0], WRITTEN, "初稿")
    # Wagtail keeps draft edits in revisions; the page row still has the first values.
    item.written_date = D(2025, 10, 27)
    item.title = "修改后的稿件"
    item.save_revision()
    assert ArticlePage.objects.get(pk=item.pk).written_date == WRITTEN
    [row] = timeliness_rows(today=D(2025, 11, 3))
    assert (row.title, row.written_date, row.status) == ("修改后的稿件", D(2025, 10, 27), TimelinessStatus.PENDING)


def test_withdrawn_item_counts_as_published(column, departments):
    item = ArticleFactory(parent=column, department=departments[0], written_date=WRITTEN)
    ArticlePage.objects.filter(pk=item.pk).update(published_date=D(2025, 10, 9))
    ArticlePage.objects.get(pk=item.pk).unpublish()
    [row] = timeliness_rows(today=D(2025, 12, 1))
    assert row.status == TimelinessStatus.ON_TIME


def test_dashboard_is_scoped_to_the_users_department(column, departments):
    hpc, xjc = departments
    _draft(column, hpc, WRITTEN, "环评处逾期")
    _draft(column, xjc, D(2025, 10, 1), "宣教处即将到期")
    late = ArticleFactory(parent=column, department=xjc, written_date=D(2025, 9, 1), title="宣教处逾期发布")
    ArticlePage.objects.filter(pk=late.pk).update(published_date=D(2025, 10, 20))
    old_late = ArticleFactory(parent=column, department=xjc, written_date=D(2025, 1, 1), title="很久前逾期发布")
    ArticlePage.objects.filter(pk=old_late.pk).update(published_date=D(2025, 6, 1))
    today = D(2025, 10, 31)

    def titles(user):
        rows = dashboard_rows(user, today=today)
        return {key: [r.title for r in value] for key, value in rows.items()}

    office = UserFactory(role=Role.OFFICE_REVIEWER)
    assert titles(office) == {
        "overdue": ["环评处逾期"],
        "due_soon": ["宣教处即将到期"],
        "recent_late": ["宣教处逾期发布"],
    }
    drafter = UserFactory(role=Role.DRAFTER, department=hpc)
    assert titles(drafter) == {"overdue": ["环评处逾期"], "due_soon": [], "recent_late": []}
    reviewer = UserFactory(role=Role.DEPARTMENT_REVIEWER, department=xjc)
    assert titles(reviewer) == {"overdue": [], "due_soon": ["宣教处即将到期"], "recent_late": ["宣教处逾期发布"]}
    nobody = UserFactory(role=Role.DRAFTER)
    assert titles(nobody) == {"overdue": [], "due_soon": [], "recent_late": []}


@pytest.fixture
def fixed_today():
    with mock.patch("gongkai.catalog.timeliness.current_date", return_value=D(2025, 10, 31)):
        yield


def test_admin_home_panel(client, column, departments, fixed_today):
    hpc, xjc = departments
    _draft(column, hpc, WRITTEN, "环评处逾期")
    _draft(column, xjc, D(2025, 10, 1), "宣教处即将到期")
    client.force_login(UserFactory(role=Role.DRAFTER, department=xjc))
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "公开时限提醒" in body
    assert "宣教处即将到期" in body
    assert "环评处逾期" not in body
    assert "仅显示本处室的信息" in body
    client.force_login(UserFactory(role=Role.OFFICE_REVIEWER))
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "环评处逾期" in body and "宣教处即将到期" in body
    assert "已逾期1个工作日" in body


def test_report_lists_filters_and_exports(client, column, departments, fixed_today):
    hpc, xjc = departments
    _draft(column, hpc, WRITTEN, "环评处逾期")
    _draft(column, xjc, D(2025, 10, 1), "宣教处即将到期")
    ArticleFactory(parent=column, department=xjc, written_date=D(2024, 3, 1), title="去年的信息")
    url = reverse("catalog_timeliness_report")

    client.force_login(UserFactory(role=Role.OFFICE_REVIEWER))
    body = client.get(url).content.decode()
    assert body.index("环评处逾期") < body.index("宣教处即将到期") < body.index("去年的信息")
    assert "2025-09-26" in body and "2025-10-30" in body and "已逾期1个工作日" in body
    body = client.get(url, {"status": "overdue"}).content.decode()
    assert "环评处逾期" in body and "宣教处即将到期" not in body
    body = client.get(url, {"year": "2024"}).content.decode()
    assert "去年的信息" in body and "环评处逾期" not in body
    body = client.get(url, {"department": hpc.pk}).content.decode()
    assert "环评处逾期" in body and "宣教处即将到期" not in body
    assert client.get(url, {"status": "nonsense", "year": "abc"}).status_code == 200

    export = client.get(url, {"export": "csv"})
    assert export.status_code == 200
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "应公开日期" in text and "2025-10-30" in text and "逾期未公开" in text

    client.force_login(UserFactory(role=Role.DRAFTER, department=xjc))
    body = client.get(url).content.decode()
    assert "宣教处即将到期" in body and "环评处逾期" not in body


def test_report_is_in_the_reports_menu(client):
    client.force_login(UserFactory(role=Role.DRAFTER, department=DepartmentFactory()))
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("catalog_timeliness_report") in body


def test_absurd_written_date_is_skipped_not_fatal(column, departments, caplog):
    _draft(column, departments[0], D(9999, 12, 30), "年份输错")
    _draft(column, departments[0], WRITTEN, "正常")
    assert [row.title for row in timeliness_rows(today=D(2025, 11, 3))] == ["正常"]
