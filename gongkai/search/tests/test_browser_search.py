"""The search page in a real browser: search from the header, filter, and no WCAG 2.1 AA violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from gongkai.org.tests.factories import DepartmentFactory
from gongkai.portal.tests.factories import ArticleFactory, ColumnFactory

from .conftest import at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def test_reader_searches_and_filters(browser_page, home):
    column = ColumnFactory(parent=home, title="政策文件", slug="policies")
    dqc = DepartmentFactory(code="dqc", name="大气处")
    hpc = DepartmentFactory(code="hpc", name="环评处")
    ArticleFactory(parent=column, title="大气污染防治行动计划", department=dqc, first_published_at=at(2024))
    ArticleFactory(
        parent=column,
        title="水环境质量公报",
        department=hpc,
        body="<p>流域污染防治成效明显。</p>",
        first_published_at=at(2025),
    )
    page = browser_page
    page.goto("/search/")
    assert "请输入检索词" in page.locator("main").inner_text()
    page.get_by_label("检索词").fill("染防")
    page.get_by_role("button", name="搜索").last.click()
    page.wait_for_url("**/search/?q=*")
    results = page.locator(".search-result")
    assert results.count() == 2
    assert results.first.locator("mark").first.inner_text() == "染防"

    page.get_by_label("发布机构").select_option(label="环评处")
    page.get_by_role("button", name="搜索").last.click()
    page.wait_for_url("**department=hpc**")
    assert results.count() == 1
    assert "水环境质量公报" in results.first.inner_text()
    assert "2025-06-01" in results.first.inner_text()

    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
