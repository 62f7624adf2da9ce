"""A penalty from the raw text to the public page and back down, in a real browser.

The department's 信息员 masks the decision and checks it, submits it for review; 处室审核 and
办公室审核 approve it in the editor; a visitor sees the ID number and the phone number masked on
the page and in the API; the office withdraws it after it was revoked, too late, and the lateness
shows on the staff page while the public page states the reason.
"""

import datetime
import re

import pytest

from gongkai.calendar.services import current_date
from gongkai.enforcement.models import Decision
from gongkai.enforcement.tests.factories import DecisionFactory
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery"
ID_NUMBER = "520102199001010018"
PHONE = "13985012345"


def log_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))


def workflow_action(page, decision: Decision, action: str) -> None:
    page.goto(f"/admin/snippets/enforcement/decision/edit/{decision.pk}/")
    page.locator("footer .w-dropdown__toggle").first.click()
    page.locator(f"footer button[data-workflow-action-name={action}]:not([data-workflow-action-modal-url])").click()
    page.wait_for_load_state()


def test_a_penalty_is_masked_reviewed_published_and_withdrawn_late(browser_page, home, agency):
    page = browser_page
    zfc = DepartmentFactory(name="执法处", code="zfc")
    office_dept = DepartmentFactory(name="办公室", code="bgs", is_disclosure_office=True)
    drafter = UserFactory(username="zfc_editor", role=Role.DRAFTER, department=zfc)
    UserFactory(username="zfc_reviewer", role=Role.DEPARTMENT_REVIEWER, department=zfc)
    UserFactory(username="office", role=Role.OFFICE_REVIEWER, department=office_dept)
    decision = DecisionFactory(
        department=zfc,
        decision_date=current_date() - datetime.timedelta(days=1),
        full_text=(
            f"当事人：贵州某某化工有限公司\n委托代理人：周某某，身份证号码{ID_NUMBER}，联系电话{PHONE}。\n"
            "经查，你单位2号锅炉氮氧化物排放浓度超过国家排放标准。"
        ),
    )
    decision.save_revision(user=drafter)

    # The 信息员 makes the masked copy, reads it and confirms it, then submits for review.
    log_in(page, "zfc_editor")
    page.goto(f"/admin/enforcement/decisions/{decision.pk}/masking/")
    page.get_by_role("button", name="生成脱敏文本").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="核对无误").click()
    page.wait_for_load_state()
    decision = Decision.objects.get(pk=decision.pk)
    assert decision.masking_reviewed_at is not None
    assert ID_NUMBER not in decision.public_full_text and PHONE not in decision.public_full_text
    page.goto(f"/admin/snippets/enforcement/decision/edit/{decision.pk}/")
    page.locator("footer .w-dropdown__toggle").first.click()
    page.locator("button[name=action-submit]").click()
    page.wait_for_load_state()
    decision = Decision.objects.get(pk=decision.pk)
    assert decision.workflow_in_progress
    # Submitting from the editor, unchanged, keeps the check of the masked copy.
    assert decision.masking_reviewed_at is not None

    # 处室审核 of the same department, then 办公室审核, approve; the last approval publishes.
    log_in(page, "zfc_reviewer")
    workflow_action(page, decision, "approve")
    log_in(page, "office")
    workflow_action(page, decision, "approve")
    decision = Decision.objects.get(pk=decision.pk)
    assert decision.live

    # A visitor finds it; the page and the API show the masked numbers only.
    page.context.clear_cookies()
    page.goto("/enforcement/decisions/")
    page.get_by_role("searchbox", name="行政相对人名称、统一社会信用代码或决定文书号").fill("贵州某某化工")
    page.locator("form.enf-query button[type=submit]").click()
    page.get_by_role("link", name=decision.decision_number).click()
    body = page.content()
    assert ID_NUMBER not in body and PHONE not in body
    assert "520102********0018" in body and "139****2345" in body
    api = page.request.get(f"/api/v1/enforcement/decisions/{decision.pk}/").text()
    assert ID_NUMBER not in api and PHONE not in api and "520102********0018" in api

    # Revoked ten days ago: withdrawn now, past the 3 working days, with the reason stated.
    log_in(page, "office")
    page.goto(f"/admin/enforcement/decisions/{decision.pk}/withdraw/")
    page.get_by_label("撤下事由").select_option("revoked")
    page.get_by_label("事由发生日期").fill((current_date() - datetime.timedelta(days=10)).isoformat())
    page.get_by_label("事由发生日期").press("Escape")
    page.get_by_label("公开说明").fill("该行政处罚决定已被行政复议机关撤销，现予撤下。")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert not Decision.objects.get(pk=decision.pk).live
    page.goto("/admin/enforcement/pending/")
    main = page.locator("main").inner_text()
    # A withdrawn decision is listed here only as a late withdrawal.
    assert "超过3个工作日才撤下的决定：1件" in main and decision.decision_number in main

    page.context.clear_cookies()
    response = page.goto(f"/enforcement/decisions/{decision.pk}/")
    assert response.status == 410
    assert "该行政处罚决定已被行政复议机关撤销，现予撤下。" in page.content()
    assert "撤销" in page.content()
