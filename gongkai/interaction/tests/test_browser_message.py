"""The issue's scenario in a real browser: a citizen leaves a public message → the office routes it →
the department drafts the reply → it is approved through review → it appears in the public Q&A with
both times, without the writer's name or phone number.
"""

import re
import time

import pytest

from gongkai.interaction.forms_public import issue_form_token
from gongkai.interaction.models import Message, Reply, Status
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery"
PHONE = "13985012345"


def log_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))


def approve(page, reply: Reply) -> None:
    page.goto(f"/admin/snippets/interaction/reply/edit/{reply.pk}/")
    page.locator("footer .w-dropdown__toggle").first.click()
    page.locator("footer button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])").click()
    page.wait_for_load_state()


def test_a_public_message_is_routed_answered_reviewed_and_published(browser_page, home, agency):
    page = browser_page
    dqc = DepartmentFactory(name="大气处", code="dqc", duties="负责大气、噪声和移动源污染防治。")
    DepartmentFactory(name="环评处", code="hpc", duties="负责建设项目环境影响评价。")
    office_dept = DepartmentFactory(name="办公室", code="bgs", is_disclosure_office=True)
    UserFactory(username="dqc_editor", role=Role.DRAFTER, department=dqc)
    UserFactory(username="dqc_reviewer", role=Role.DEPARTMENT_REVIEWER, department=dqc)
    UserFactory(username="office", role=Role.OFFICE_REVIEWER, department=office_dept)

    # A citizen leaves a consultation and agrees to publication.
    page.goto("/messages/new/")
    page.get_by_label("咨询").check()
    page.locator("#id_subject").fill("小区旁工地夜间施工噪声扰民")
    page.locator("#id_text").fill(f"我是赵六，电话{PHONE}。附近工地每晚施工到凌晨，噪声很大，请问如何投诉？")
    page.locator("#id_name").fill("赵六")
    page.locator("#id_phone").fill(PHONE)
    page.get_by_label("公开（答复后").check()
    # The form was "rendered" a minute ago: the too-fast check passes without the test waiting.
    token = issue_form_token(now=time.time() - 60)
    page.locator("input[name=form_token]").evaluate("(el, value) => { el.value = value; }", token)
    page.get_by_role("button", name="提交留言").click()
    number = page.locator("[data-int-number]").inner_text()
    code = page.locator("[data-int-code]").inner_text()
    message = Message.objects.get(number=number)
    assert message.wants_public and message.suggested_department == dqc and len(code) == 8

    # The office sees the suggestion with its reasons and confirms it.
    log_in(page, "office")
    page.goto(f"/admin/interaction/{message.pk}/")
    assert page.locator("[data-suggested]").inner_text() == "大气处"
    assert "含关键词“噪声”" in page.content()
    page.locator("#id_department").select_option(str(dqc.pk))
    page.get_by_role("button", name="确认分办").click()
    page.wait_for_load_state()
    assert Message.objects.get(pk=message.pk).status == Status.ASSIGNED

    # 大气处 drafts the reply from the masked question and submits it for review.
    log_in(page, "dqc_editor")
    page.goto(f"/admin/interaction/{message.pk}/")
    assert PHONE not in page.locator("#id_public_question").input_value()
    page.locator("#id_text").fill("您好！夜间施工噪声扰民可向所在地生态环境部门投诉，我们已转请观山湖区核查处理。")
    page.get_by_role("button", name="保存答复").click()
    page.wait_for_load_state()
    reply = Reply.objects.get(message=message)
    assert reply.workflow_in_progress and not reply.live

    # 处室审核, then 办公室审核: the last approval publishes and answers the message.
    log_in(page, "dqc_reviewer")
    approve(page, reply)
    log_in(page, "office")
    approve(page, reply)
    message = Message.objects.get(pk=message.pk)
    assert Reply.objects.get(pk=reply.pk).live and message.status == Status.ANSWERED

    # A visitor finds it in the public Q&A, with both times and no personal data.
    page.context.clear_cookies()
    page.goto("/messages/")
    page.get_by_role("link", name="小区旁工地夜间施工噪声扰民").click()
    body = page.content()
    assert "赵六" not in body and PHONE not in body
    assert "已转请观山湖区核查处理" in body
    received = page.locator("[data-received]").inner_text()
    replied = page.locator("[data-replied]").inner_text()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", received) and re.fullmatch(
        r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", replied
    )

    # The writer reads the reply with the number and 查询码 and rates it once.
    page.goto("/messages/query/")
    page.locator("#id_number").fill(number)
    page.locator("#id_code").fill(code)
    page.get_by_role("button", name="查询").click()
    assert page.locator("[data-int-status]").inner_text() == "已答复"
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    assert "您的评价：满意" in page.locator("[data-int-rating]").inner_text()
