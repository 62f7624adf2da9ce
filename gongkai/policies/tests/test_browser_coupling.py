"""In a real browser: a policy waiting for its interpretation cannot be approved; approving both publishes both."""

import re

import pytest

from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory
from gongkai.policies.rules import approved_revision
from gongkai.policies.tests.factories import InterpretationFactory, PolicyFactory
from gongkai.policies.tests.helpers import act, fresh, submit
from gongkai.portal.tests.factories import ColumnFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery"  # UserFactory's password


def log_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))


def approve_in_editor(page, item) -> None:
    page.goto(f"/admin/pages/{item.pk}/edit/")
    page.locator("footer .w-dropdown__toggle").click()
    page.locator("footer button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])").click()
    # After an approval Wagtail returns to the column's listing.
    page.wait_for_url(re.compile(rf"/admin/pages/{item.get_parent().pk}/$"))


def test_policy_and_interpretation_go_public_together(browser_page, home):
    page = browser_page
    dqc = DepartmentFactory(name="大气处", code="dqc")
    office = DepartmentFactory(name="办公室", code="bgs", is_disclosure_office=True)
    drafter = UserFactory(username="drafter", role=Role.DRAFTER, department=dqc)
    reviewer = UserFactory(username="reviewer", role=Role.DEPARTMENT_REVIEWER, department=dqc)
    UserFactory(username="office", role=Role.OFFICE_REVIEWER, department=office)
    policies = ColumnFactory(parent=home, title="政策文件", slug="zcwj")
    interpretations = ColumnFactory(parent=home, title="政策解读", slug="zcjd")
    # Bodies in the editor's own form (with block keys), so opening and approving saves no new revision.
    policy = PolicyFactory(
        parent=policies,
        draft=True,
        normative=True,
        department=dqc,
        title="贵州省挥发性有机物污染防治管理办法",
        body='<p data-block-key="k1a2b">为防治挥发性有机物污染，制定本办法。</p>',
    )
    interpretation = InterpretationFactory(
        parent=interpretations,
        policy=policy,
        title="一图读懂挥发性有机物管理办法",
        body='<p data-block-key="k3c4d">一图读懂办法的主要内容。</p>',
    )
    for item in (policy, interpretation):
        submit(item, drafter)
        act(item, reviewer, "approve")

    log_in(page, "office")
    page.goto(f"/admin/pages/{policy.pk}/edit/")
    messages = page.locator(".messages").inner_text()
    assert "暂不能发布" in messages and "谁起草、谁解读" in messages
    page.locator("footer .w-dropdown__toggle").click()
    assert page.locator("footer button[data-workflow-action-name=approve]").count() == 0

    approve_in_editor(page, interpretation)
    assert not fresh(interpretation).live
    assert approved_revision(fresh(interpretation)) is not None  # approved, waiting for the policy

    page.goto(f"/admin/pages/{policy.pk}/edit/")
    assert "暂不能发布" not in page.locator("body").inner_text()
    approve_in_editor(page, policy)
    policy, interpretation = fresh(policy), fresh(interpretation)
    assert policy.live and interpretation.live

    page.context.clear_cookies()
    page.goto(policy.url)
    link = page.get_by_role("link", name="一图读懂挥发性有机物管理办法")
    assert link.is_visible()
    link.click()
    page.wait_for_url(re.compile(re.escape(interpretation.url)))
    assert page.get_by_role("link", name="《贵州省挥发性有机物污染防治管理办法》").is_visible()
