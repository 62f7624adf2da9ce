"""The public 主动公开目录 at /catalog/: browse by 主题分类 and by year; bad filters are 404s."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from gongkai.catalog.models import TopicCategory
from gongkai.portal.tests.factories import ArticleFactory, ColumnFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(year: int, month: int = 6, day: int = 1) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, tzinfo=SHANGHAI)


@pytest.fixture
def column(home):
    return ColumnFactory(parent=home, title="政策文件", slug="policies")


def _rows(response) -> list[list[str]]:
    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.find("table", class_="catalog-table")
    return [[cell.get_text(strip=True) for cell in tr.find_all(["td", "th"])] for tr in table.tbody.find_all("tr")]


def test_lists_published_items_with_their_catalog_metadata(client, column):
    air = TopicCategory.objects.get(code="air")
    item = ArticleFactory(
        parent=column,
        title="大气污染防治通知",
        topic=air,
        document_number="环发〔2026〕1号",
        first_published_at=_at(2026),
    )
    ArticleFactory(parent=column, title="尚在起草", topic=air, draft=True)
    response = client.get("/catalog/")
    assert response.status_code == 200
    assert _rows(response) == [[item.index_number, "大气污染防治通知", "2026-06-01", "环发〔2026〕1号"]]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("caption").get_text(strip=True).startswith("公开信息列表（共 1 条")
    assert [th["scope"] for th in soup.thead.find_all("th")] == ["col"] * 4


def test_browse_by_topic_and_year(client, column):
    air, water = TopicCategory.objects.get(code="air"), TopicCategory.objects.get(code="water")
    ArticleFactory(parent=column, title="大气2025", topic=air, first_published_at=_at(2025))
    ArticleFactory(parent=column, title="大气2026", topic=air, first_published_at=_at(2026))
    ArticleFactory(parent=column, title="水2026", topic=water, first_published_at=_at(2026))

    titles = lambda response: [row[1] for row in _rows(response)]  # noqa: E731
    assert titles(client.get("/catalog/?topic=air")) == ["大气2026", "大气2025"]
    assert titles(client.get("/catalog/?year=2026")) == ["水2026", "大气2026"]
    assert titles(client.get("/catalog/?topic=air&year=2025")) == ["大气2025"]

    body = client.get("/catalog/?topic=air").content.decode()
    assert 'aria-current="page">大气环境（2）</a>' in body
    assert ">水环境（1）</a>" in body
    # Faceted: with a topic chosen, years count that topic's items (and vice versa).
    assert ">2026年（1）</a>" in body and ">2025年（1）</a>" in body
    body = client.get("/catalog/?year=2025").content.decode()
    assert ">大气环境（1）</a>" in body and "水环境" not in body


def test_parent_topic_includes_its_children(client, column):
    parent = TopicCategory.objects.get(code="water")
    child = TopicCategory.objects.create(name="饮用水水源地", code="drinking-water", parent=parent)
    ArticleFactory(parent=column, title="水源地保护", topic=child)
    assert [row[1] for row in _rows(client.get("/catalog/?topic=water"))] == ["水源地保护"]


def test_pagination(client, column):
    for n in range(23):
        ArticleFactory(parent=column, title=f"信息{n:02d}", first_published_at=_at(2026, 1, n + 1))
    first = client.get("/catalog/")
    assert len(_rows(first)) == 20
    assert "下一页" in first.content.decode()
    second = client.get("/catalog/?page=2")
    assert [row[1] for row in _rows(second)] == ["信息02", "信息01", "信息00"]
    # An out-of-range or nonsense page falls back to a valid one rather than failing.
    assert client.get("/catalog/?page=999").status_code == 200
    assert client.get("/catalog/?page=abc").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "topic=no-such-topic",
        "year=abcd",
        "year=20266",
        "year=1000",
        "year=-1",
        "topic=a%00b",
        "year=%C2%B2%C2%B2%C2%B2%C2%B2",
        "topic=" + "x" * 5000,
    ],
)
def test_invalid_filters_are_404(client, home, query):
    response = client.get(f"/catalog/?{query}")
    assert response.status_code == 404


def test_empty_catalog_says_so(client, home):
    response = client.get("/catalog/")
    assert response.status_code == 200
    assert "没有符合条件的公开信息。" in response.content.decode()
