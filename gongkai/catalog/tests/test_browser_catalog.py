"""The public 主动公开目录 in a real browser: browse by topic and year; axe-core finds no WCAG 2.1 AA violation."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe

from gongkai.catalog.models import TopicCategory
from gongkai.portal.tests.factories import ArticleFactory, ColumnFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def test_reader_browses_the_catalog_by_topic_and_year(browser_page, home):
    column = ColumnFactory(parent=home, title="政策文件", slug="policies")
    air, water = TopicCategory.objects.get(code="air"), TopicCategory.objects.get(code="water")
    for title, topic, year in [("大气二〇二五", air, 2025), ("大气二〇二六", air, 2026), ("水二〇二六", water, 2026)]:
        ArticleFactory(
            parent=column,
            title=title,
            topic=topic,
            document_number=f"环发〔{year}〕1号",
            first_published_at=datetime.datetime(year, 5, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
        )
    page = browser_page
    page.goto("/catalog/")
    assert page.locator("h1").inner_text() == "主动公开目录"
    table = page.get_by_role("table", name="公开信息列表")
    assert table.get_by_role("row").count() == 4  # header + 3 items

    page.get_by_role("navigation", name="按主题分类").get_by_role("link", name="大气环境").click()
    page.wait_for_url("**/catalog/?topic=air")
    assert [t.strip() for t in table.locator("tbody th").all_inner_texts()] == ["大气二〇二六", "大气二〇二五"]
    page.get_by_role("navigation", name="按发布年份").get_by_role("link", name="2025年").click()
    page.wait_for_url("**/catalog/?topic=air&year=2025")
    assert [t.strip() for t in table.locator("tbody th").all_inner_texts()] == ["大气二〇二五"]

    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    assert [v["id"] for v in violations] == []
