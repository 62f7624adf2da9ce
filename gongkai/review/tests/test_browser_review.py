"""In a real browser: a 信息员 drafts and submits an item, a 处室审核 of the same department approves it."""

import re

import pytest

from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory
from gongkai.portal.models import ArticlePage
from gongkai.portal.tests.factories import ColumnFactory

# browser_page restores what migrations created (roles' permissions, workflows) after earlier flushes.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery"  # UserFactory's password


def log_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_drafter_submits_and_department_reviewer_approves(browser_page, home):
    page = browser_page
    hpc = DepartmentFactory(name="环评处", code="hpc")
    UserFactory(username="drafter", role=Role.DRAFTER, department=hpc)
    UserFactory(username="reviewer", role=Role.DEPARTMENT_REVIEWER, department=hpc)
    column = ColumnFactory(parent=home, title="通知公告", slug="notices")

    log_in(page, "drafter")
    page.goto(f"/admin/pages/add/portal/articlepage/{column.pk}/")
    # 发布机构 is preselected and limited to the drafter's own department.
    assert page.locator("#id_department option").all_inner_texts() == ["环评处"]
    page.fill("#id_title", "关于开展建设项目环评文件技术复核的通知")
    page.fill("#id_written_date", "2026-11-20")
    page.locator("#id_written_date").press("Escape")
    page.locator("[data-contentpath=body] [contenteditable=true]").click()
    # Draft.js takes Chinese as composed text, not as key presses.
    page.keyboard.insert_text("为提高环评文件质量，现开展技术复核。")
    page.wait_for_function("document.querySelector('input[name=body]').value.includes('技术复核')")
    page.locator("footer .w-dropdown__toggle").click()
    page.locator("button[name=action-submit]").click()
    page.wait_for_url(re.compile(rf"/admin/pages/{column.pk}/$"))
    assert "已创建并提交审核" in page.locator(".messages").inner_text()

    item = ArticlePage.objects.get(title="关于开展建设项目环评文件技术复核的通知")
    assert item.current_workflow_task.name == "处室审核"

    log_in(page, "reviewer")
    page.goto(f"/admin/pages/{item.pk}/edit/")
    page.locator("footer .w-dropdown__toggle").click()
    page.locator("footer button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])").click()
    page.wait_for_url(re.compile(rf"/admin/pages/{column.pk}/$"))

    item = ArticlePage.objects.get(pk=item.pk)
    assert item.current_workflow_task.name == "办公室审核"
    assert not item.live
