"""RSS 2.0 and Atom feeds per column and for the whole site, parsed as XML."""

import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest

from gongkai.api.feeds import FEED_SIZE
from gongkai.api.tests.conftest import at
from gongkai.portal.models import ArticlePage
from gongkai.portal.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _rss(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "max-age=300" in response["Cache-Control"]
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel")


def test_column_rss(client, site, agency):
    channel = _rss(client, "/feeds/policies/rss.xml")
    assert channel.findtext("title") == f"政策文件 - {agency.name}"
    assert channel.findtext("link") == "http://testserver/policies/"
    assert channel.findtext("language") == "zh-cn"
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["某省大气污染防治办法（2026年修订）", "某省大气污染防治办法"]
    first = items[0]
    page = site["new_rules"]
    assert first.findtext("link") == f"http://testserver/policies/{page.slug}/"
    assert first.findtext("description") == "修订后的大气污染防治办法。"
    assert parsedate_to_datetime(first.findtext("pubDate")) == at(2026, 3, 2)
    assert sorted(c.text for c in first.findall("category")) == sorted(["大气环境", "办法"])


def test_column_feed_includes_sub_columns(client, site):
    channel = _rss(client, "/feeds/notices/rss.xml")
    assert [i.findtext("title") for i in channel.findall("item")] == ["关于某项目环境影响报告书的批复"]


def test_column_atom(client, site, agency):
    response = client.get("/feeds/policies/atom.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == f"政策文件 - {agency.name}"
    assert "政策文件" in root.findtext(f"{ATOM}subtitle")
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "某省大气污染防治办法（2026年修订）",
        "某省大气污染防治办法",
    ]
    assert entries[0].findtext(f"{ATOM}published").startswith("2026-03-02T10:00:00+08:00")
    assert entries[0].find(f"{ATOM}author").findtext(f"{ATOM}name") == "大气处"


def test_site_feeds(client, site, agency):
    channel = _rss(client, "/feeds/all/rss.xml")
    assert channel.findtext("title") == f"最新公开信息 - {agency.name}"
    assert len(channel.findall("item")) == 3
    atom = ET.fromstring(client.get("/feeds/all/atom.xml").content)
    assert len(atom.findall(f"{ATOM}entry")) == 3


def test_drafts_and_withdrawn_items_are_not_in_feeds(client, site):
    ArticlePage.objects.get(pk=site["new_rules"].pk).unpublish()
    titles = [i.findtext("title") for i in _rss(client, "/feeds/all/rss.xml").findall("item")]
    assert "尚未发布的草稿" not in titles
    assert "某省大气污染防治办法（2026年修订）" not in titles


def test_latest_fifty_by_first_publication(client, site):
    for n in range(FEED_SIZE + 2):
        ArticleFactory(
            parent=site["policies"], title=f"批量{n:02d}", first_published_at=at(2026, 8, 1 + n % 28, n % 24)
        )
    items = _rss(client, "/feeds/policies/rss.xml").findall("item")
    assert len(items) == FEED_SIZE
    dates = [parsedate_to_datetime(i.findtext("pubDate")) for i in items]
    assert dates == sorted(dates, reverse=True)


def test_unknown_column_is_404(client, site):
    assert client.get("/feeds/no-such-column/rss.xml").status_code == 404
    assert client.get("/feeds/no-such-column/atom.xml").status_code == 404
    # NUL in the slug is refused before any query (PostgreSQL cannot even compare with it).
    from django.http import Http404
    from django.test import RequestFactory

    from gongkai.api.feeds import ColumnRssFeed

    with pytest.raises(Http404):
        ColumnRssFeed().get_object(RequestFactory().get("/"), "a\x00b")
