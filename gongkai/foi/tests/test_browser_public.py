"""A citizen applies, writes down number and 查询码, and checks the status, on a phone and a desktop.

axe-core finds no WCAG 2.1 AA violation on the public 依申请公开 pages, and the site's CSP blocks
nothing they need.
"""

import time

import pytest
from axe_playwright_python.sync_playwright import Axe

from gongkai.foi.forms_public import issue_form_token
from gongkai.foi.models import ApplicantType, Application, Status
from gongkai.foi.tests.factories import RESIDENT_IDS, USCC, ApplicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 256


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def watch_console(page) -> list[str]:
    """Console errors a Content-Security-Policy block would cause, and uncaught script errors."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def axe_violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_21_AA)
    return [f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]]


def backdate_form_token(page) -> None:
    # A person needs more than 3 seconds to fill the form; the test signs an older token instead of sleeping.
    page.locator("input[name='form_token']").evaluate(
        "(input, token) => { input.value = token; }", issue_form_token(now=time.time() - 30)
    )


def fill_natural_person(page) -> None:
    page.get_by_label("自然人").check()
    page.get_by_label("姓名或名称").fill("张三")
    page.get_by_label("证件类型").select_option("resident_id")
    page.get_by_label("证件号码").fill(RESIDENT_IDS[0])
    page.get_by_label("联系电话").fill("13800000000")
    page.get_by_label("电子邮箱").fill("zhangsan@example.com")
    page.get_by_label("所需信息的名称").fill("某化工园区环境影响评价报告书批复")
    page.get_by_label("所需信息的内容描述").fill("请求公开某化工园区2025年度环境影响评价报告书的审批文件。")
    page.get_by_role("group", name="信息的载体形式").get_by_label("电子邮件").check()
    page.get_by_role("group", name="获取信息的方式").get_by_label("网上查询下载").check()
    page.locator("input[type=file][name=identity_files]").set_input_files(
        files=[{"name": "身份证.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.get_by_label("本人承诺以上所填信息").check()


def submit_and_read_credentials(page) -> tuple[str, str]:
    backdate_form_token(page)
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/foi/apply/done/")
    number = page.locator("[data-foi-number]").inner_text().strip()
    code = page.locator("[data-foi-code]").inner_text().strip()
    assert page.get_by_role("button", name="打印本页").is_visible()
    return number, code


def query(page, number: str, code: str) -> None:
    page.goto("/foi/query/")
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(f"**/foi/query/case/{number}/")


def no_horizontal_scroll(page) -> bool:
    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, view: document.documentElement.clientWidth})"
    )
    return widths["scroll"] <= widths["view"]


def test_citizen_applies_on_a_phone_and_checks_the_status(mobile_page, home):
    page = mobile_page
    errors = watch_console(page)
    page.goto("/foi/apply/")
    assert no_horizontal_scroll(page)
    fill_natural_person(page)
    # The organisation part of the two-level choice stays out of the way for a natural person.
    assert not page.get_by_label("法定代表人或负责人").is_visible()
    number, code = submit_and_read_credentials(page)
    assert no_horizontal_scroll(page)
    application = Application.objects.get(number=number)
    assert application.status == Status.SUBMITTED and application.check_query_code(code)

    query(page, number, code)
    assert page.locator("[data-foi-status]").inner_text() == "待确认收到"
    assert no_horizontal_scroll(page)
    # The done page showed the code once; back there it is gone.
    page.goto("/foi/apply/done/")
    assert code not in page.content()
    assert errors == []


def test_organisation_applies_on_a_desktop_fixing_an_error_first(browser_page, home):
    page = browser_page
    errors = watch_console(page)
    page.goto("/foi/apply/")
    fill_natural_person(page)
    page.get_by_label("法人或其他组织", exact=True).check()
    page.get_by_label("法律服务机构").check()
    page.get_by_label("姓名或名称").fill("某某律师事务所")
    page.get_by_label("证件类型").select_option("uscc")
    page.get_by_label("证件号码").fill(USCC[:-1] + ("0" if USCC[-1] != "0" else "1"))  # wrong check character
    page.get_by_label("法定代表人或负责人").fill("李四")
    page.get_by_label("联系人（法人或其他组织必填）").fill("王五")
    backdate_form_token(page)
    page.get_by_role("button", name="提交申请").click()

    summary = page.get_by_role("alert")
    assert "统一社会信用代码有误" in summary.inner_text()
    # The summary has focus, and its link takes the keyboard to the field.
    assert page.evaluate("document.activeElement.hasAttribute('data-foi-error-summary')")
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_id_number"
    assert page.get_by_label("姓名或名称").input_value() == "某某律师事务所"
    assert axe_violations(page) == []

    page.get_by_label("证件号码").fill(USCC)
    page.locator("input[type=file][name=identity_files]").set_input_files(
        files=[{"name": "营业执照.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.get_by_label("本人承诺以上所填信息").check()
    number, code = submit_and_read_credentials(page)
    assert axe_violations(page) == []  # the done page with number and code
    application = Application.objects.get(number=number)
    assert application.applicant_type == ApplicantType.LEGAL_SERVICE
    query(page, number, code)
    assert page.locator("[data-foi-status]").inner_text() == "待确认收到"
    assert errors == []


def test_public_foi_pages_have_no_axe_violations_and_no_csp_errors(browser_page, home):
    page = browser_page
    errors = watch_console(page)
    ApplicationFactory(closed=True)
    found = {}
    for path in ("/foi/", "/foi/apply/", "/foi/query/", "/foi/statistics/", "/foi/apply/done/"):
        page.goto(path)
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    # The query page after a wrong code, with its error summary.
    page.goto("/foi/query/")
    page.get_by_label("申请编号").fill("2026-99999")
    page.get_by_label("查询码").fill("WRONG234")
    page.get_by_role("button", name="查询").click()
    assert "申请编号或查询码不正确" in page.get_by_role("alert").inner_text()
    if violations := axe_violations(page):
        found["query error"] = violations
    assert found == {}
    assert errors == []


def test_case_page_has_no_axe_violations(browser_page, home):
    page = browser_page
    application = ApplicationFactory(received=True)
    query(page, application.number, "ABCD2345")
    assert page.locator("[data-foi-status]").inner_text() == "办理中"
    assert page.locator("[data-foi-due]").is_visible()
    assert axe_violations(page) == []


def test_public_foi_pages_fit_a_phone(mobile_page, home):
    overflowing = []
    for path in ("/foi/", "/foi/apply/", "/foi/query/", "/foi/statistics/"):
        mobile_page.goto(path)
        if not no_horizontal_scroll(mobile_page):
            overflowing.append(path)
    assert overflowing == []
