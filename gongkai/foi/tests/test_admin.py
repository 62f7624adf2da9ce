"""The staff screens of 依申请公开: menu, case list, case page, attachments, registration, dashboard, reports."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from gongkai.calendar import services as calendar_services
from gongkai.foi import services as foi_services
from gongkai.foi import views_admin
from gongkai.foi.models import AnnualReport, Application, ApplicationAttachment, Channel, Status
from gongkai.foi.tests.factories import (
    RESIDENT_IDS,
    ApplicationFactory,
    add_correction,
    add_extension,
)
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 3, 10)  # a Tuesday; March 2026 has no holiday


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    calendar_services.invalidate_cache()
    for module in (calendar_services, foi_services, views_admin, views_admin.forms):
        monkeypatch.setattr(module, "current_date", lambda: TODAY)
    yield TODAY
    calendar_services.invalidate_cache()


@pytest.fixture
def depts(db):
    return SimpleNamespace(
        office=DepartmentFactory(name="办公室", code="bgs", is_disclosure_office=True),
        hpc=DepartmentFactory(name="环评处", code="hpc"),
        xjc=DepartmentFactory(name="宣教处", code="xjc"),
    )


@pytest.fixture
def staff(depts):
    return SimpleNamespace(
        office=UserFactory(username="office", role=Role.OFFICE_REVIEWER, department=depts.office),
        head=UserFactory(username="head", role=Role.DISCLOSURE_HEAD, department=depts.office),
        leader=UserFactory(username="leader", role=Role.LEADER, department=depts.office),
        hpc=UserFactory(username="hpc", role=Role.DRAFTER, department=depts.hpc),
        xjc=UserFactory(username="xjc", role=Role.DRAFTER, department=depts.xjc),
        nodept=UserFactory(username="nodept", role=Role.DRAFTER),
    )


def received(on: D, **kwargs) -> Application:
    return ApplicationFactory(received=True, submitted_on=on, **kwargs)


def body_of(response) -> str:
    return response.content.decode()


# --- Menu -------------------------------------------------------------------------------------


def test_menu_items_follow_the_permissions(client, staff):
    client.force_login(staff.office)
    body = body_of(client.get(reverse("wagtailadmin_home")))
    assert reverse("foi:cases") in body and reverse("foi:register") in body and reverse("foi:reports") in body

    client.force_login(staff.hpc)
    body = body_of(client.get(reverse("wagtailadmin_home")))
    assert reverse("foi:cases") in body
    assert reverse("foi:register") not in body and reverse("foi:reports") not in body

    client.force_login(staff.nodept)
    body = body_of(client.get(reverse("wagtailadmin_home")))
    assert reverse("foi:cases") not in body


# --- Case list --------------------------------------------------------------------------------


def test_department_staff_see_only_their_assigned_cases(client, staff, depts):
    mine = received(D(2026, 3, 2))
    mine.handling_departments.add(depts.hpc)
    theirs = received(D(2026, 3, 3))
    theirs.handling_departments.add(depts.xjc)

    client.force_login(staff.office)
    body = body_of(client.get(reverse("foi:cases")))
    assert mine.number in body and theirs.number in body

    client.force_login(staff.hpc)
    response = client.get(reverse("foi:cases"))
    assert response.status_code == 200
    assert mine.number in body_of(response) and theirs.number not in body_of(response)

    client.force_login(staff.nodept)
    assert client.get(reverse("foi:cases")).status_code == 403


def test_list_shows_the_clock_of_each_case(client, staff):
    on_time = received(D(2026, 3, 2))  # due 2026-03-30, 14 working days left on 03-10
    overdue = received(D(2026, 1, 5))  # due 2026-02-02
    suspended = received(D(2026, 3, 4))
    add_correction(suspended, requested_on=D(2026, 3, 5), due_on=D(2026, 3, 19))
    unconfirmed = ApplicationFactory(submitted_on=D(2026, 3, 9))

    client.force_login(staff.office)
    response = client.get(reverse("foi:cases"))
    body = body_of(response)
    rows = {row.pk: row for row in response.context["object_list"]}
    assert set(rows) == {on_time.pk, overdue.pk, suspended.pk, unconfirmed.pk}
    assert "2026-03-30" in body and "14个工作日" in body
    left = views_admin.clock_of(rows[overdue.pk], TODAY).workdays_left
    assert left < 0
    assert f"已超期{-left}个工作日" in body and "w-text-critical-200" in body
    assert "待补正" in body
    assert "待确认" in body


def test_a_due_date_in_a_year_without_holiday_notice_is_marked_provisional(client, staff, monkeypatch):
    late_december = D(2026, 12, 21)
    for module in (calendar_services, foi_services, views_admin):
        monkeypatch.setattr(module, "current_date", lambda: late_december)
    case = received(D(2026, 12, 18))
    client.force_login(staff.office)
    body = body_of(client.get(reverse("foi:cases")))
    assert case.number in body and "（暂定）" in body


def test_filters_and_search(client, staff, depts):
    on_time = received(D(2026, 3, 2), name="李四")
    soon = received(D(2026, 2, 9))  # due 2026-03-12: 2 working days left
    overdue = received(D(2026, 1, 5))
    overdue.handling_departments.add(depts.hpc)
    last_year = ApplicationFactory(closed=True, submitted_on=D(2025, 6, 2))
    client.force_login(staff.office)

    def numbers(query: str) -> set[str]:
        response = client.get(reverse("foi:cases") + query)
        assert response.status_code == 200
        return {a.number for a in response.context["object_list"]}

    assert numbers("?deadline=overdue") == {overdue.number}
    assert numbers("?deadline=due_soon") == {soon.number}
    assert numbers("?status=closed") == {last_year.number}
    assert numbers("?year=2025") == {last_year.number}
    assert numbers(f"?department={depts.hpc.pk}") == {overdue.number}
    assert numbers("?q=李四") == {on_time.number}
    assert numbers(f"?q={soon.number}") == {soon.number}
    # Nonsense in the query string is ignored, never a 500.
    assert len(numbers("?status=bogus&year=abc&department=x&deadline=later&p=99")) == 4
    assert client.get(reverse("foi:cases_results") + "?deadline=overdue").status_code == 200


def test_list_queries_do_not_grow_with_the_number_of_cases(client, staff, depts, django_assert_max_num_queries):
    def add_cases(count: int) -> None:
        for _ in range(count):
            case = received(D(2026, 3, 2))
            case.handling_departments.add(depts.hpc)

    client.force_login(staff.office)
    add_cases(2)
    client.get(reverse("foi:cases"))  # warm the calendar and the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("foi:cases"))
    add_cases(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("foi:cases"))
    assert len(response.context["object_list"]) == 10


# --- Case page --------------------------------------------------------------------------------


def test_case_page_shows_everything_and_the_history(client, staff, depts):
    case = ApplicationFactory(submitted_on=D(2026, 3, 2))
    foi_services.application_confirm_receipt(application=case, user=staff.office, confirmed_on=D(2026, 3, 3))
    foi_services.application_assign(application=case, user=staff.office, departments=[depts.hpc])
    foi_services.case_note_add(application=case, user=staff.hpc, text="本处室掌握该批复文件，建议公开。")

    client.force_login(staff.office)
    response = client.get(reverse("foi:case", args=[case.pk]))
    assert response.status_code == 200
    body = body_of(response)
    for text in (
        case.number,
        "张三",
        case.id_number,  # the factory cycles through several numbers
        "某化工园区环境影响评价报告书批复",
        "网上申请",
        "2026-03-03",  # received
        "第三十三条第二款",  # the citation of the reply limit
        "2026-03-31",  # due: 20 working days after 03-03
        "2026-03-12",  # correction notice due: 7 working days
        "环评处",
        "本处室掌握该批复文件，建议公开。",
        "确认收到申请",  # history, labels from services.ACTIONS
        "指定承办处室",
    ):
        assert text in body, text
    # Handlers get the actions of a case in processing, not those of other states.
    assert reverse("foi:reply", args=[case.pk]) in body
    assert reverse("foi:correction_request", args=[case.pk]) in body
    assert reverse("foi:confirm", args=[case.pk]) not in body
    assert reverse("foi:fee_paid", args=[case.pk]) not in body
    assert reverse("foi:extension_decide", args=[case.pk]) not in body


def test_case_page_permissions(client, staff, depts):
    case = received(D(2026, 3, 2))
    case.handling_departments.add(depts.hpc)

    client.force_login(staff.xjc)
    response = client.get(reverse("foi:case", args=[case.pk]))
    assert response.status_code == 403 and "无权" in body_of(response)
    assert client.get(reverse("foi:case", args=[999999])).status_code == 404

    client.force_login(staff.hpc)
    response = client.get(reverse("foi:case", args=[case.pk]))
    assert response.status_code == 200
    body = body_of(response)
    # An assigned department may add notes, not handle the case.
    assert reverse("foi:note", args=[case.pk]) in body
    assert reverse("foi:reply", args=[case.pk]) not in body

    client.force_login(staff.leader)
    body = body_of(client.get(reverse("foi:case", args=[case.pk])))
    assert case.number in body and reverse("foi:reply", args=[case.pk]) not in body


def test_extension_approval_form_only_for_another_head(client, staff):
    case = received(D(2026, 3, 2))
    extension = add_extension(case, approved=False)
    extension.requested_by = staff.office
    extension.save()
    url = reverse("foi:extension_decide", args=[case.pk])

    client.force_login(staff.office)
    assert url not in body_of(client.get(reverse("foi:case", args=[case.pk])))
    client.force_login(staff.head)
    assert url in body_of(client.get(reverse("foi:case", args=[case.pk])))
    extension.requested_by = staff.head
    extension.save()
    assert url not in body_of(client.get(reverse("foi:case", args=[case.pk])))


# --- Attachments ------------------------------------------------------------------------------


def attach(case: Application, content: bytes = b"%PDF-1.4 identity") -> ApplicationAttachment:
    attachment = ApplicationAttachment(
        application=case,
        kind=ApplicationAttachment.Kind.IDENTITY,
        original_name="身份证.pdf",
        content_type="application/pdf",
        size=len(content),
        uploaded_at=timezone.now(),
    )
    attachment.file.save("id.pdf", ContentFile(content), save=False)
    attachment.save()
    return attachment


def test_attachment_download_checks_who_asks(client, staff, depts):
    case = received(D(2026, 3, 2))
    case.handling_departments.add(depts.hpc)
    attachment = attach(case)
    other = attach(received(D(2026, 3, 3)))
    url = reverse("foi:attachment", args=[case.pk, attachment.pk])

    client.force_login(staff.office)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 identity"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert ModelLogEntry.objects.for_instance(case).filter(action=views_admin.DOWNLOAD_ACTION).count() == 1
    history = body_of(client.get(reverse("foi:case", args=[case.pk])))
    assert "下载申请附件" in history and "类别：身份证明" in history and "身份证.pdf" in history

    # Another case's file through this case's address.
    assert client.get(reverse("foi:attachment", args=[case.pk, other.pk])).status_code == 404

    client.force_login(staff.hpc)
    assert client.get(url).status_code == 200
    client.force_login(staff.xjc)
    assert client.get(url).status_code == 403


def test_missing_file_is_a_404(client, staff):
    case = received(D(2026, 3, 2))
    attachment = attach(case)
    attachment.file.storage.delete(attachment.file.name)
    client.force_login(staff.office)
    assert client.get(reverse("foi:attachment", args=[case.pk, attachment.pk])).status_code == 404


# --- Registration of paper applications -------------------------------------------------------


def register_data(**overrides) -> dict:
    data = {
        "channel": Channel.MAIL_SIGNED,
        "submitted_on": "2026-03-05",
        "signed_on": "2026-03-09",
        "confirmed_on": "",
        "applicant_type": "natural",
        "name": "王五",
        "id_type": "resident_id",
        "id_number": RESIDENT_IDS[1],
        "phone": "13900000000",
        "email": "",
        "address": "贵州省贵阳市南明区某街2号",
        "information_title": "某水库水质监测报告",
        "description": "请求公开2025年某水库水质月度监测报告。",
        "information_form": "paper",
        "delivery": "post",
    }
    data.update(overrides)
    return data


def test_registering_a_mailed_application_shows_the_query_code_once(client, staff):
    client.force_login(staff.office)
    assert client.get(reverse("foi:register")).status_code == 200
    response = client.post(reverse("foi:register"), register_data())
    case = Application.objects.get(name="王五")
    assert response.status_code == 302 and response["Location"] == reverse("foi:case", args=[case.pk])
    assert case.status == Status.PROCESSING
    assert case.received_on == D(2026, 3, 9) and case.signed_on == D(2026, 3, 9)
    assert case.registered_by == staff.office

    first = client.get(response["Location"])
    code = first.context["new_query_code"]
    assert len(code) == 8 and case.check_query_code(code)
    assert code in body_of(first)
    second = client.get(response["Location"])
    assert second.context["new_query_code"] == "" and code not in body_of(second)


def test_registration_errors_are_shown_and_nothing_is_stored(client, staff):
    client.force_login(staff.office)
    response = client.post(reverse("foi:register"), register_data(signed_on=""))
    assert response.status_code == 400
    assert "邮寄申请请填写签收日期。" in body_of(response)

    response = client.post(reverse("foi:register"), register_data(submitted_on="2026-13-45"))
    assert response.status_code == 400 and "请输入有效的日期" in body_of(response)

    response = client.post(reverse("foi:register"), register_data(id_number="110101199003074515"))
    assert response.status_code == 400 and "居民身份证号码有误" in body_of(response)

    response = client.post(reverse("foi:register"), register_data(channel=Channel.ONLINE))
    assert response.status_code == 400 and "请从列表中选择" in body_of(response)
    assert not Application.objects.exists()


def test_only_handlers_register(client, staff):
    client.force_login(staff.hpc)
    assert client.get(reverse("foi:register")).status_code == 403
    assert client.post(reverse("foi:register"), register_data()).status_code == 403
    assert not Application.objects.exists()


# --- Dashboard --------------------------------------------------------------------------------


def test_dashboard_panel_lists_overdue_cases_in_scope(client, staff, depts):
    overdue = received(D(2026, 1, 5))
    overdue.handling_departments.add(depts.hpc)
    other = received(D(2026, 1, 6))
    other.handling_departments.add(depts.xjc)
    ApplicationFactory(submitted_on=D(2026, 3, 9))  # awaiting confirmation

    client.force_login(staff.office)
    body = body_of(client.get(reverse("wagtailadmin_home")))
    assert "依申请公开：答复期限提醒" in body
    assert overdue.number in body and other.number in body
    assert "待确认收到的网上申请：1件" in body

    client.force_login(staff.hpc)
    body = body_of(client.get(reverse("wagtailadmin_home")))
    assert overdue.number in body and other.number not in body
    assert "待确认收到" not in body

    client.force_login(staff.nodept)
    assert "依申请公开：答复期限提醒" not in body_of(client.get(reverse("wagtailadmin_home")))


def test_dashboard_shows_extensions_to_the_head(client, staff):
    case = received(D(2026, 3, 2))
    extension = add_extension(case, approved=False)
    extension.requested_by = staff.office
    extension.save()
    client.force_login(staff.head)
    body = body_of(client.get(reverse("wagtailadmin_home")))
    assert "待您审批的延期申请（1）" in body and case.number in body
    client.force_login(staff.office)
    assert "待您审批的延期申请" not in body_of(client.get(reverse("wagtailadmin_home")))


# --- Annual reports ---------------------------------------------------------------------------


def test_annual_report_prose_is_edited_by_the_office(client, staff):
    received(D(2025, 6, 2))
    client.force_login(staff.office)
    body = body_of(client.get(reverse("foi:reports")))
    assert "2025年度" in body and "2026年度" in body

    url = reverse("foi:report_edit", args=[2025])
    response = client.post(
        url,
        {"overview": "本年度共收到申请若干件。", "problems": "", "other_matters": "", "administrative_fees": "0.07"},
    )
    assert response.status_code == 302
    report = AnnualReport.objects.get(year=2025)
    assert report.overview == "本年度共收到申请若干件。" and str(report.administrative_fees) == "0.0700"
    assert ModelLogEntry.objects.for_instance(report).filter(action="wagtail.create").exists()

    response = client.post(url, {"overview": "x", "problems": "", "other_matters": "", "administrative_fees": "-1"})
    assert response.status_code == 400 and "收费金额不能为负数。" in body_of(response)
    report.refresh_from_db()
    assert report.overview == "本年度共收到申请若干件。"


def test_published_report_is_read_only(client, staff):
    AnnualReport.objects.create(year=2025, overview="已发布的总体情况。", published_at=timezone.now())
    client.force_login(staff.office)
    url = reverse("foi:report_edit", args=[2025])
    assert "已发布" in body_of(client.get(url))
    response = client.post(url, {"overview": "改动", "problems": "", "other_matters": "", "administrative_fees": "0"})
    assert response.status_code == 400
    assert AnnualReport.objects.get(year=2025).overview == "已发布的总体情况。"


def test_reports_are_for_the_office(client, staff):
    client.force_login(staff.hpc)
    assert client.get(reverse("foi:reports")).status_code == 403
    assert client.get(reverse("foi:report_edit", args=[2025])).status_code == 403
    client.force_login(staff.leader)
    assert client.get(reverse("foi:report_edit", args=[2025])).status_code == 200
    response = client.post(
        reverse("foi:report_edit", args=[2025]),
        {"overview": "x", "problems": "", "other_matters": "", "administrative_fees": "0"},
    )
    assert response.status_code == 403 and not AnnualReport.objects.exists()
    client.force_login(staff.office)
    assert client.get(reverse("foi:report_edit", args=[1999])).status_code == 404
    assert client.get(reverse("foi:report_edit", args=[2027])).status_code == 404


def test_report_files_download(client, staff):
    AnnualReport.objects.create(year=2025, overview="总体情况。")
    client.force_login(staff.office)
    for fmt, content_type in views_admin.REPORT_FORMATS.items():
        response = client.get(reverse("foi:report_download", args=[2025, fmt]))
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"] == f'attachment; filename="annual-report-2025.{fmt}"'
        assert response.content[:2] == b"PK"  # both are zip containers
    assert client.get(reverse("foi:report_download", args=[2025, "pdf"])).status_code == 404
    client.force_login(staff.hpc)
    assert client.get(reverse("foi:report_download", args=[2025, "docx"])).status_code == 403


def test_report_is_submitted_for_review_from_its_page(client, staff, home):
    from gongkai.portal.tests.factories import ColumnFactory

    client.force_login(staff.office)
    url = reverse("foi:report_submit", args=[2025])
    response = client.post(url)
    assert response.status_code == 400 and "请先填写并保存" in body_of(response)

    report = AnnualReport.objects.create(year=2025, overview="总体情况。")
    response = client.post(url)
    assert response.status_code == 400 and "未找到“信息公开年报”栏目" in body_of(response)
    report.refresh_from_db()
    assert report.page_id is None

    ColumnFactory(parent=home, title="信息公开年报", slug="annual-reports")
    response = client.post(url, {"allow_breaches": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.page is not None and report.page.title == "2025年政府信息公开工作年度报告"


def test_a_case_older_than_the_rules_is_shown_without_a_clock(client, staff):
    old = ApplicationFactory(closed=True, submitted_on=D(2008, 3, 3))  # before the 2007 Regulation applied
    client.force_login(staff.office)
    assert views_admin.clock_of(old) is None
    assert old.number in body_of(client.get(reverse("foi:cases")))
    response = client.get(reverse("foi:case", args=[old.pk]))
    assert response.status_code == 200 and "不计算期限" in body_of(response)
