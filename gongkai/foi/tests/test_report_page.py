"""Publishing the annual report as a reviewed item, freezing its figures, and the public tables page."""

import io

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry, WorkflowState

from gongkai.catalog.models import GenreCategory
from gongkai.foi.models import AnnualReport, ApplicantType, Application
from gongkai.foi.report import FREEZE_ACTION, SUBMIT_ACTION
from gongkai.foi.report import tables as t
from gongkai.foi.report.page import annual_report_publish
from gongkai.foi.report.signal_handlers import register_signal_handlers
from gongkai.foi.tests.test_report_scenario import YEAR, D, make_application, with_scenario
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory
from gongkai.portal.models import ArticlePage
from gongkai.portal.tests.factories import ColumnFactory
from gongkai.review.tests.helpers import act, reload

URL = f"/foi/annual-report/{YEAR}/"


@pytest.fixture(autouse=True)
def wired():
    # FoiConfig.ready() connects this in the running site; connecting twice is a no-op (dispatch_uid).
    register_signal_handlers()


@pytest.fixture
def scenario_data(home):
    yield from with_scenario(home)


@pytest.fixture
def office(db):
    return DepartmentFactory(name="办公室", code="bgs", is_disclosure_office=True)


@pytest.fixture
def staff(office):
    return {
        "office": UserFactory(username="office", role=Role.OFFICE_REVIEWER, department=office),
        "office2": UserFactory(username="office2", role=Role.OFFICE_REVIEWER, department=office),
        "office_dept_reviewer": UserFactory(username="bgs_rev", role=Role.DEPARTMENT_REVIEWER, department=office),
        "drafter": UserFactory(username="drafter", role=Role.DRAFTER, department=office),
    }


@pytest.fixture
def column(home):
    return ColumnFactory(parent=home, title="信息公开年报", slug="xxgknb")


@pytest.fixture
def report(scenario_data, column):
    return AnnualReport.objects.get(year=YEAR)


def approve_all(page, staff) -> ArticlePage:
    act(page, staff["office_dept_reviewer"], "approve")  # 处室审核 of the office's own department
    act(page, staff["office2"], "approve")  # 办公室审核 by someone who did not submit it
    return reload(page)


def test_only_the_disclosure_office_may_submit(report, staff):
    with pytest.raises(PermissionDenied, match="只有政府信息公开工作机构"):
        annual_report_publish(report=report, user=staff["drafter"])


def test_the_column_must_exist(scenario_data, staff):
    report = AnnualReport.objects.get(year=YEAR)
    with pytest.raises(ValidationError, match="未找到“信息公开年报”栏目"):
        annual_report_publish(report=report, user=staff["office"])


def test_the_disclosure_office_department_must_be_set(report, column, db):
    user = UserFactory(username="admin2", role=Role.ADMINISTRATOR)
    with pytest.raises(ValidationError, match="未设置政府信息公开工作机构"):
        annual_report_publish(report=report, user=user)


def test_submitting_creates_a_draft_item_in_review(report, staff, column, office):
    page = annual_report_publish(report=report, user=staff["office"])
    page = reload(page).get_latest_revision_as_object()
    assert page.get_parent().pk == column.pk
    assert page.title == "2025年政府信息公开工作年度报告"
    assert not page.live
    assert page.department == office
    assert page.genre == GenreCategory.objects.get(name="报告")
    # The body: prose sections, and a link to the tables page for 二–四 (no <table>: the rich text drops it).
    assert "<h2>一、总体情况</h2><p>本年度，本厅认真贯彻落实《中华人民共和国政府信息公开条例》。</p>" in page.body
    assert f'<a href="{URL}">' in page.body and "<table" not in page.body
    assert page.body.count("<h2>") == 6
    titles = [a.document.title for a in page.attachments.all()]
    assert titles == [
        "某省生态环境厅2025年政府信息公开工作年度报告（Word版）",
        "某省生态环境厅2025年政府信息公开工作年度报告（Excel版）",
    ]
    assert [a.document.file_extension for a in page.attachments.all()] == ["docx", "xlsx"]
    state = reload(page).current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.workflow.name == "信息发布审核"
    report.refresh_from_db()
    assert report.page_id == page.pk and report.snapshot is None and report.published_at is None


def test_submitting_again_updates_the_same_item_and_restarts_review(report, staff):
    first = annual_report_publish(report=report, user=staff["office"])
    report.problems = "依申请公开答复文书还需进一步规范。"
    report.save()
    second = annual_report_publish(report=report, user=staff["office"])
    assert second.pk == first.pk
    assert ArticlePage.objects.filter(title="2025年政府信息公开工作年度报告").count() == 1
    assert "依申请公开答复文书还需进一步规范。" in reload(second).get_latest_revision_as_object().body
    states = WorkflowState.objects.filter(object_id=str(first.pk)).order_by("pk").values_list("status", flat=True)
    assert list(states) == [WorkflowState.STATUS_CANCELLED, WorkflowState.STATUS_IN_PROGRESS]


def test_breaches_block_submission_unless_accepted(report, staff):
    Application.objects.bulk_create(
        [make_application(900, ApplicantType.NATURAL_PERSON, D(2025, 4, 1), D(2025, 4, 9), "", "processing")]
    )
    with pytest.raises(ValidationError) as caught:
        annual_report_publish(report=report, user=staff["office"])
    assert caught.value.messages[0] == "年度报告数据的勾稽关系不符，请先核对："
    assert "没有可识别的办理结果" in caught.value.messages[1]
    page = annual_report_publish(report=report, user=staff["office"], allow_breaches=True)
    assert page.pk


def test_publication_freezes_the_figures(report, staff):
    page = annual_report_publish(report=report, user=staff["office"])
    page = approve_all(page, staff)
    assert page.live
    report.refresh_from_db()
    assert report.published_at is not None
    assert report.snapshot == t.as_json(t.compute(YEAR))
    frozen_at, snapshot = report.published_at, report.snapshot

    # Later data and a later publication of the item change nothing that was published.
    Application.objects.bulk_create([make_application(901, ApplicantType.COMMERCIAL, D(2025, 9, 9))])
    annual_report_publish(report=report, user=staff["office"])
    approve_all(page, staff)
    report.refresh_from_db()
    assert (report.published_at, report.snapshot) == (frozen_at, snapshot)
    logged = ModelLogEntry.objects.for_instance(report).order_by("pk").values_list("action", flat=True)
    assert list(logged) == [SUBMIT_ACTION, FREEZE_ACTION, SUBMIT_ACTION]


def test_tables_page_shows_frozen_figures_only_once_published(client, report, staff):
    assert client.get(URL).status_code == 404
    client.force_login(staff["office"])
    preview = client.get(URL)
    assert preview.status_code == 200
    assert "本报告尚未发布" in preview.content.decode()
    client.logout()

    page = approve_all(annual_report_publish(report=report, user=staff["office"]), staff)
    Application.objects.bulk_create([make_application(902, ApplicantType.NATURAL_PERSON, D(2025, 9, 9))])
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "本报告尚未发布" not in html
    assert 'rowspan="22"' in html and 'colspan="7"' in html and 'colspan="10"' in html
    assert f"{t.NOTE}</td>" in html
    # 一、本年新收 as frozen (24), not as it is now (25).
    row = html.split("一、本年新收政府信息公开申请数量</th>", 1)[1].split("</tr>", 1)[0]
    assert row.count("<td") == 7 and row.rstrip().endswith('<td class="report-number">24</td>')
    assert page.url in html and "Word版" in html and "Excel版" in html
    assert "style=" not in html and "<script>" not in html  # CSP: no inline style or script


def test_withdrawn_report_hides_its_tables(client, report, staff):
    page = approve_all(annual_report_publish(report=report, user=staff["office"]), staff)
    page.unpublish()
    assert client.get(URL).status_code == 404


@pytest.mark.parametrize("url", ["/foi/annual-report/1999/", "/foi/annual-report/20251/", "/foi/annual-report/x/"])
def test_bad_years_are_not_found(client, db, url):
    assert client.get(url).status_code == 404


def test_url_name(db):
    assert reverse("foi_public:annual_report", args=[2025]) == URL


def test_attachments_match_the_frozen_figures(report, staff):
    """Figures that change during review are frozen as they are at publication, in the files too."""
    page = annual_report_publish(report=report, user=staff["office"])
    Application.objects.bulk_create([make_application(903, ApplicantType.NATURAL_PERSON, D(2025, 10, 10))])
    page = approve_all(page, staff)
    report.refresh_from_db()
    assert report.snapshot[t.HEADING_APPLICATIONS]["一、本年新收政府信息公开申请数量"]["总计"] == 25
    attachments = {a.document.file_extension: a.document for a in page.attachments.all()}
    with attachments["xlsx"].open_file() as f:
        sheet = load_workbook(io.BytesIO(f.read()))["三、收到和处理政府信息公开申请情况"]
    assert sheet["J6"].value == 25
    with attachments["docx"].open_file() as f:
        assert docx.Document(io.BytesIO(f.read())).tables[1].cell(3, 9).text == "25"
    assert attachments["xlsx"].file_size == attachments["xlsx"].file.size


def test_command_submits_as_a_named_user(report, staff):
    err = io.StringIO()
    call_command("annual_report", str(YEAR), "--submit-as", "office", stdout=io.StringIO(), stderr=err)
    report.refresh_from_db()
    assert report.page is not None and report.page.title == "2025年政府信息公开工作年度报告"
    assert f"已生成报告页面“2025年政府信息公开工作年度报告”（ID {report.page_id}）并提交审核。" in err.getvalue()
    with pytest.raises(CommandError, match="只有政府信息公开工作机构"):
        call_command("annual_report", str(YEAR), "--submit-as", "drafter", stdout=io.StringIO(), stderr=err)
