"""A viewer keeps the event page open; staff add a transcript entry in the console; it appears by itself."""

import re

import pytest

from gongkai.interviews import services
from gongkai.interviews.tests.factories import EventFactory
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery"


def test_a_new_entry_appears_on_the_open_page_without_reloading(browser_page, home, settings):
    settings.GONGKAI_INTERVIEWS_POLL_SECONDS = 1
    dqc = DepartmentFactory(name="大气环境处", code="dqc")
    host = UserFactory(username="dqc_editor", role=Role.DRAFTER, department=dqc)
    event = EventFactory(department=dqc, live_now=True, title="在线访谈：打好蓝天保卫战")
    first = services.entry_add(event=event, user=host, speaker="主持人", text="各位网友，大家好！")

    viewer = browser_page
    errors = []
    viewer.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    viewer.goto(f"/interviews/{event.pk}/")
    assert viewer.locator(".iv-entry").count() == 1
    viewer.evaluate("window.ivNotReloaded = true")
    viewer.locator("[data-iv-status]").filter(has_text="自动更新").wait_for()

    # Staff, in a second tab: log in and post an entry from the live console.
    staff = viewer.context.new_page()
    staff.goto("/admin/login/")
    staff.fill("#id_username", "dqc_editor")
    staff.fill("#id_password", PASSWORD)
    staff.locator("form button[type=submit]").first.click()
    staff.wait_for_url(re.compile(r"/admin/$"))
    staff.goto(f"/admin/interviews/events/{event.pk}/console/")
    form = staff.locator("[data-iv-entry-form]")
    form.locator("input[name=speaker]").fill("孙某某")
    form.locator("textarea[name=text]").fill("今年细颗粒物平均浓度同比下降4.3%。")
    form.locator("button[type=submit]").click()
    staff.wait_for_load_state()
    assert "已发布一段文字实录" in staff.content()

    # The open public page shows it by itself, then a correction of the first entry.
    viewer.locator(".iv-entry", has_text="同比下降4.3%").wait_for()
    services.entry_edit(entry=first, user=host, speaker="主持人", text="各位网友，下午好！")
    viewer.locator(f"#entry-{first.pk}", has_text="下午好").wait_for()
    assert viewer.locator(f"#entry-{first.pk} .iv-edited").inner_text() == "（已更正）"
    assert viewer.locator(".iv-entry").count() == 2
    assert viewer.evaluate("window.ivNotReloaded") is True
    assert not [e for e in errors if "Content Security Policy" in e]
