"""A visitor looks up a company's penalty, on a desktop and on a phone.

axe-core finds no WCAG 2.1 AA violation on the public 行政执法公示 pages, the site's CSP blocks
nothing they need, and no page scrolls sideways at phone width.
"""

import datetime
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe

from gongkai.calendar.services import current_date
from gongkai.enforcement.models import Decision, EnforcementMatter, EnforcementOfficer, Kind, Withdrawal
from gongkai.enforcement.tests.factories import DecisionFactory
from gongkai.org.tests.factories import DepartmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

RAW_PHONE = "13987654321"
MASKED_PHONE = "139****4321"
RAW_ID = "520102198807152811"
MASKED_ID = "520102********2811"


def watch_console(page) -> list[str]:
    """Console errors a Content-Security-Policy block would cause, and uncaught script errors."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def axe_violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_21_AA)
    return [f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]]


def no_horizontal_scroll(page) -> bool:
    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, view: document.documentElement.clientWidth})"
    )
    return widths["scroll"] <= widths["view"]


def make_records() -> dict:
    """A small published set: the company's penalty with masked texts, others around it, 事前公开 lists."""
    department = DepartmentFactory(code="zfj", name="生态环境保护综合行政执法局")
    company = DecisionFactory(
        published=True,
        department=department,
        party_name="贵州某某化工有限公司",
        decision_number="黔环罚字〔2026〕101号",
        facts=f"经查，你单位2号锅炉氮氧化物超标排放。现场负责人张小明（身份证{RAW_ID}，电话{RAW_PHONE}）在场。",
        public_facts=f"经查，你单位2号锅炉氮氧化物超标排放。现场负责人张某某（身份证{MASKED_ID}，电话{MASKED_PHONE}）在场。",
        full_text=f"行政处罚决定书\n联系人：张小明，电话{RAW_PHONE}\n罚款人民币贰拾万零伍仟元整。",
        public_full_text=f"行政处罚决定书\n联系人：张某某，电话{MASKED_PHONE}\n罚款人民币贰拾万零伍仟元整。",
        fine_amount=Decimal("20.5"),
        suspended_license="排污许可证 91520100MA6DJ5XL05001P（一个很长的证照编号用来检验窄屏换行）",
    )
    for n in range(3):
        DecisionFactory(
            published=True,
            department=department,
            party_name=f"遵义某某水泥有限公司第{n + 1}分公司",
            decision_date=current_date() - datetime.timedelta(days=10 + n),
        )
    withdrawn = DecisionFactory(published=True, decision_number="黔环罚字〔2026〕7号")
    Withdrawal.objects.create(
        decision=withdrawn,
        reason="revoked",
        event_date=current_date() - datetime.timedelta(days=2),
        statement="该处罚决定已被复议机关撤销，现予撤下。",
        withdrawn_on=current_date() - datetime.timedelta(days=1),
    )
    Decision.objects.filter(pk=withdrawn.pk).update(live=False)
    EnforcementOfficer.objects.create(
        department=department, name="赵六", certificate_number="52000120230001", enforcement_area="大气、水"
    )
    EnforcementMatter.objects.create(
        department=department,
        name="对排污单位的监督检查",
        kind=Kind.INSPECTION,
        duty="对排污单位遵守生态环境法律法规的情况进行监督检查。",
        authority="现场检查、查阅复制资料、询问有关人员。",
        basis="《中华人民共和国环境保护法》第二十四条",
        procedure="确定检查对象 → 现场检查 → 制作笔录 → 处理",
        remedy="对检查中作出的决定不服的，可以依法申请行政复议或者提起行政诉讼。",
        random_inspection=True,
        inspection_method="每年随机抽取不少于5%的排污单位",
        updated_on=current_date(),
    )
    return {"company": company, "withdrawn": withdrawn}


def test_visitor_searches_by_company_name_and_reads_the_masked_decision(browser_page, home):
    page = browser_page
    errors = watch_console(page)
    records = make_records()
    found = {}

    page.goto("/enforcement/")
    page.get_by_role("link", name="执法决定查询").first.click()
    page.wait_for_url("**/enforcement/decisions/")
    page.get_by_label("行政相对人名称、统一社会信用代码或决定文书号").fill("某某化工")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/enforcement/decisions/?q=*")
    assert page.locator("[data-enf-total]").inner_text() == "1"
    if violations := axe_violations(page):
        found["list"] = violations

    page.get_by_role("link", name="黔环罚字〔2026〕101号").click()
    page.wait_for_url(f"**/enforcement/decisions/{records['company'].pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "贵州某某化工有限公司行政处罚决定书"
    body = page.locator("main").inner_text()
    assert MASKED_PHONE in body and MASKED_ID in body and "张某某" in body
    assert RAW_PHONE not in page.content() and RAW_ID not in page.content() and "张小明" not in page.content()
    assert page.get_by_role("row", name="罚款金额（万元） 20.5").is_visible()
    if violations := axe_violations(page):
        found["detail"] = violations
    assert found == {}
    assert errors == []


def test_other_public_pages_have_no_axe_violations_and_no_csp_errors(browser_page, home):
    page = browser_page
    errors = watch_console(page)
    records = make_records()
    found = {}
    paths = (
        "/enforcement/",
        "/enforcement/decisions/",
        "/enforcement/decisions/?kind=bad&page=x",  # with notices
        "/enforcement/decisions/?q=没有这家",  # empty state
        "/enforcement/officers/",
        "/enforcement/matters/",
        "/enforcement/matters/?random=1",
        f"/enforcement/decisions/{records['withdrawn'].pk}/",  # the 410 statement
    )
    for path in paths:
        page.goto(path)
        if violations := axe_violations(page):
            found[path] = violations
    assert "该处罚决定已被复议机关撤销" in page.locator("main").inner_text()
    assert found == {}
    assert errors == []


def test_public_pages_fit_a_phone(mobile_page, home):
    page = mobile_page
    errors = watch_console(page)
    records = make_records()
    overflowing = []
    for path in (
        "/enforcement/",
        "/enforcement/decisions/",
        "/enforcement/decisions/?q=某某",
        f"/enforcement/decisions/{records['company'].pk}/",
        f"/enforcement/decisions/{records['withdrawn'].pk}/",
        "/enforcement/officers/",
        "/enforcement/matters/",
    ):
        page.goto(path)
        if not no_horizontal_scroll(page):
            overflowing.append(path)
    assert overflowing == []
    # The search box and the results are usable at this width too.
    page.goto("/enforcement/decisions/")
    page.get_by_label("行政相对人名称、统一社会信用代码或决定文书号").fill("黔环罚字〔2026〕101号")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/enforcement/decisions/?q=*")
    assert page.get_by_role("link", name="黔环罚字〔2026〕101号").is_visible()
    assert errors == []
