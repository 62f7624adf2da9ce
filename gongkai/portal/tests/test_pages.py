import pytest

from gongkai.portal.tests.factories import ArticleFactory, ColumnFactory

pytestmark = pytest.mark.django_db


def test_published_item_is_served_with_its_title(client, home):
    column = ColumnFactory(parent=home, title="通知公告", slug="notices")
    item = ArticleFactory(parent=column, title="关于开展环境执法检查的通知")
    response = client.get(item.url)
    assert response.status_code == 200
    assert "关于开展环境执法检查的通知" in response.content.decode()


def test_draft_item_is_not_public(client, home):
    item = ArticleFactory(parent=ColumnFactory(parent=home), draft=True)
    assert client.get(f"/{item.get_parent().slug}/{item.slug}/").status_code == 404


def test_column_page_advertises_its_feeds(client, home):
    column = ColumnFactory(parent=home, title="通知公告", slug="notices")
    ArticleFactory(parent=column, title="关于开展环境执法检查的通知")
    html = client.get(column.url).content.decode()
    assert 'href="/feeds/notices/rss.xml"' in html
    feed = client.get("/feeds/notices/rss.xml")
    assert feed.status_code == 200
    assert "关于开展环境执法检查的通知" in feed.content.decode()
