import pytest

from gongkai.portal.tests.factories import ArticleFactory, ColumnFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_reader_opens_an_item(browser_page, home):
    item = ArticleFactory(parent=ColumnFactory(parent=home, slug="news"), title="全省生态环境质量持续改善")
    browser_page.goto(item.url)
    assert browser_page.locator("h1").inner_text() == "全省生态环境质量持续改善"
    assert browser_page.locator("html").get_attribute("lang") == "zh-CN"
