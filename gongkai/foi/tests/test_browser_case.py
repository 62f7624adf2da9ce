"""The whole case in a real browser, citizen and staff taking turns, with the real letters.

A citizen applies online → gets number and 查询码 → the office confirms receipt → asks for 补正 →
the citizen supplements through the query page → the office asks for an extension and the head
of the office approves it → the office replies 部分公开 with a released file → the citizen sees
the status and downloads the 答复告知书.
"""

import re

import pytest

from gongkai.calendar.services import add_workdays, current_date
from gongkai.foi.clock import clock_for
from gongkai.foi.models import Application, ApplicationAttachment, Extension, Status
from gongkai.foi.outcomes import Outcome
from gongkai.foi.tests.test_browser_public import fill_natural_person, query, submit_and_read_credentials
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery"  # UserFactory's password
RELEASED = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def log_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))


def act(page, application: Application, heading: str, button: str, fill=None) -> str:
    """Open one action panel on the staff case page, fill it, submit it; returns the message shown."""
    page.goto(f"/admin/foi/cases/{application.pk}/")
    panel = page.locator("details", has=page.locator("summary", has_text=heading))
    panel.locator("summary").click()
    if fill:
        fill(panel)
    panel.get_by_role("button", name=button, exact=True).click()
    page.wait_for_url(re.compile(rf"/admin/foi/cases/{application.pk}/$"))
    return page.locator(".messages").inner_text()


def test_citizen_and_office_take_a_case_from_application_to_reply(browser_page, home, agency):
    page = browser_page
    office = DepartmentFactory(name="办公室", code="bgs", is_disclosure_office=True)
    UserFactory(username="handler", role=Role.OFFICE_REVIEWER, department=office)
    head = UserFactory(username="head", role=Role.DISCLOSURE_HEAD, department=office)

    # The citizen applies and writes down the number and the 查询码.
    page.goto("/foi/apply/")
    fill_natural_person(page)
    number, code = submit_and_read_credentials(page)
    application = Application.objects.get(number=number)
    assert application.status == Status.SUBMITTED

    # The office confirms receipt: the clock starts today.
    log_in(page, "handler")
    assert "答复期限开始计算" in act(page, application, "确认收到申请", "确认收到")
    application.refresh_from_db()
    assert application.received_on == current_date()

    # …and asks, once, for a 补正.
    def correction(panel):
        panel.get_by_label("需要补正的事项").fill("请写明所需批复的文号或者成文时间。")

    assert "已告知补正" in act(page, application, "告知补正", "发出补正告知", correction)
    application.refresh_from_db()
    assert application.status == Status.AWAITING_CORRECTION

    # The citizen sees the request on the query page and supplements there.
    page.context.clear_cookies()
    query(page, number, code)
    assert page.locator("[data-foi-status]").inner_text() == "待申请人补正"
    assert "请写明所需批复的文号或者成文时间。" in page.content()
    page.get_by_label("补正内容").fill("所需信息为黔环审〔2025〕18号批复。")
    page.get_by_role("button", name="提交补正").click()
    page.wait_for_url(f"**/foi/query/case/{number}/")
    assert page.locator("[data-foi-status]").inner_text() == "办理中"
    application = Application.objects.with_clock_data().get(pk=application.pk)
    assert clock_for(application).started_on == current_date()  # the limit restarted (条例第三十条)

    # The office asks for ten more working days; only the head of the office may approve.
    log_in(page, "handler")

    def extension(panel):
        panel.get_by_label("延长工作日数").fill("10")
        panel.get_by_label("延期理由").fill("所需批复的档案在市级生态环境局，需要调取核对")

    act(page, application, "申请延期答复", "提交延期申请", extension)
    assert Extension.objects.get(application=application).state == Extension.State.REQUESTED
    assert "审批延期答复" not in page.content()  # the requester is offered no approval

    log_in(page, "head")

    def approve(panel):
        panel.locator("select[name$=decision]").select_option("approve")

    act(page, application, "审批延期答复", "提交审批意见", approve)
    extension_record = Extension.objects.get(application=application)
    assert (extension_record.state, extension_record.decided_by) == (Extension.State.APPROVED, head)
    application = Application.objects.with_clock_data().get(pk=application.pk)
    assert clock_for(application).due == add_workdays(current_date(), 30)

    # The office replies 部分公开 with the releasable part attached.
    log_in(page, "handler")

    def reply(panel):
        panel.get_by_label("办理结果").select_option(Outcome.PARTIAL.value)
        panel.get_by_label("答复内容").fill("批复附件中的企业商业秘密部分不予公开，其余部分予以公开。")
        panel.locator("input[type=file]").set_input_files(
            files=[{"name": "批复.pdf", "mimeType": "application/pdf", "buffer": RELEASED}]
        )

    act(page, application, "答复", "答复并办结", reply)
    application.refresh_from_db()
    assert (application.status, application.outcome) == (Status.CLOSED, Outcome.PARTIAL)
    letters = application.attachments.filter(kind=ApplicationAttachment.Kind.LETTER)
    assert sorted(a.content_type for a in letters) == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]

    # The citizen sees the outcome and downloads the letter.
    page.context.clear_cookies()
    query(page, number, code)
    assert page.locator("[data-foi-status]").inner_text() == "已办结"
    assert "部分公开" in page.content()
    link = page.get_by_role("link", name=f"答复告知书-{number}.pdf", exact=True)
    assert page.get_by_role("link", name=f"延期答复告知书-{number}.pdf").is_visible()
    with page.expect_download() as download_info:
        link.click()
    path = download_info.value.path()
    with open(path, "rb") as downloaded:
        assert downloaded.read(5) == b"%PDF-"
    released = page.get_by_role("link", name="批复.pdf")
    assert released.is_visible()
