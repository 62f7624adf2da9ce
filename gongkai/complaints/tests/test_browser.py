"""The issue's scenario in a real browser: a report with a photo is submitted → accepted → extended
with a reason, which the reporter reads on the query page → closed, and its masked result is public.
"""

import re

import pytest

from gongkai.complaints.models import Complaint, ComplaintResult
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
NAME, PHONE = "李建华", "13985067890"
REASON = "需委托监测机构连续采样一个月，超出原办理期限。"


def log_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))


def act(page, complaint: Complaint, key: str, fill: dict | None = None) -> None:
    page.goto(f"/admin/complaints/{complaint.pk}/")
    page.locator(f"#{key}-section summary").click()
    for selector, value in (fill or {}).items():
        field = page.locator(f"#{key}-section {selector}")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    page.locator(f'#{key}-section button[data-action="{key}"]').click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/admin/complaints/{complaint.pk}/"), page.url


def test_report_accept_extend_close_publish(browser_page, home, tmp_path):
    page = browser_page
    hpc = DepartmentFactory(name="环评处", code="hpc")
    office_dept = DepartmentFactory(name="办公室", code="bgs", is_disclosure_office=True)
    UserFactory(username="hpc_drafter", role=Role.DRAFTER, department=hpc)
    head = UserFactory(username="hpc_reviewer", role=Role.DEPARTMENT_REVIEWER, department=hpc)
    office = UserFactory(username="office", role=Role.OFFICE_REVIEWER, department=office_dept)
    photo = tmp_path / "现场.png"
    photo.write_bytes(PNG)

    # The citizen reports water pollution with a photo.
    page.goto("/complaints/new/")
    page.check("#id_category_1")  # 水
    page.select_option("#id_prefecture_code", label="遵义市")
    page.select_option("#id_county_code", label="仁怀市")
    page.fill("#id_address", "茅台镇某某村赤水河边")
    page.fill("#id_polluter_name", "某某酒业有限公司")
    page.fill("#id_description", f"酒糟废水直接排入河道，河水发黑。我是村民{NAME}。")
    page.set_input_files("#id_files", str(photo))
    page.fill("#id_reporter_name", NAME)
    page.fill("#id_reporter_phone", PHONE)
    page.wait_for_timeout(3200)  # the form refuses posts made within 3 seconds of rendering
    page.get_by_role("button", name="提交举报").click()
    page.wait_for_url(re.compile(r"/complaints/new/done/$"))
    number = page.locator("[data-cx-number]").inner_text()
    code = page.locator("[data-cx-code]").inner_text()
    complaint = Complaint.objects.get(number=number)
    assert complaint.evidence.count() == 1

    # The office accepts it for 环评处; the handler asks for an extension, the head approves it.
    log_in(page, "office")
    act(page, complaint, "accept", {"select[name=department]": "环评处"})
    log_in(page, "hpc_drafter")
    assert NAME in page.goto(f"/admin/complaints/{complaint.pk}/").text()
    act(page, complaint, "extension_request", {"input[name=days]": "30", "textarea[name=reason]": REASON})
    log_in(page, "hpc_reviewer")
    act(page, complaint, "extension_approve")

    # The reporter reads the reason on the query page.
    page.context.clear_cookies()
    page.goto("/complaints/query/")
    page.fill("#id_number", number)
    page.fill("#id_code", code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(re.compile(rf"/complaints/case/{number}/$"))
    assert page.locator("[data-cx-extension-reason]").inner_text() == REASON
    assert "延长30日" in page.locator("[data-cx-handling]").inner_text()

    # The handler records the result (masked on the page), checks it, closes and submits it.
    log_in(page, "hpc_drafter")
    act(
        page,
        complaint,
        "result",
        {
            "textarea[name=findings]": f"经查，举报人{NAME}（电话{PHONE}）反映属实，某某酒业有限公司废水处理设施停运。",
            "textarea[name=measures]": "责令停产整改，依法立案查处。",
        },
    )
    masked = page.locator("[data-public-findings]").inner_text()
    assert NAME not in masked and PHONE not in masked and "李某某" in masked
    page.locator("[data-publishable-toggle]").click()  # the photo may go public
    page.wait_for_load_state()
    act(page, complaint, "confirm_masking")
    act(page, complaint, "close")
    act(page, complaint, "submit_result")
    assert page.locator("[data-status]").inner_text() == "已办结"

    # Review: 处室审核 then 办公室审核 (the editor's approval screens are covered by the enforcement tests).
    for user in (head, office):
        result = ComplaintResult.objects.get(complaint=complaint)
        result.current_workflow_task.on_action(result.current_workflow_task_state.specific, user, "approve")
    result = ComplaintResult.objects.get(complaint=complaint)
    assert result.live

    # The public sees the masked result and the photo, never the reporter.
    page.context.clear_cookies()
    page.goto("/complaints/")
    page.get_by_role("link", name=re.compile("责令停产整改")).click()
    body = page.locator("main").inner_text() if page.locator("main").count() else page.content()
    assert "李某某" in body and NAME not in body and PHONE not in body
    assert "仁怀市" in body and "环评处" in body
    assert page.locator("img[alt^=举报现场照片]").count() == 1
