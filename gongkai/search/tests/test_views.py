"""The public search page at /search/."""

import re

import pytest
from django.urls import reverse

from gongkai.catalog.models import GenreCategory
from gongkai.portal.models import ArticlePage
from gongkai.portal.tests.factories import ArticleFactory, ColumnFactory

from .conftest import at

pytestmark = pytest.mark.django_db
URL = "/search/"


def result_titles(html: str) -> list[str]:
    found = re.findall(r'<h2 class="search-result-title"><a href="[^"]*">(.*?)</a></h2>', html)
    return [re.sub(r"</?mark>", "", title) for title in found]


def test_url_name():
    assert reverse("search:search") == URL


def test_empty_query_shows_a_prompt(client, corpus):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "请输入检索词" in html
    assert 'class="search-results"' not in html
    # An accessible form: a label for every control, and a submit button.
    for name in ("q", "column", "department", "year", "genre"):
        assert f'<label for="search-{name}">' in html and f'id="search-{name}"' in html
    assert '<button type="submit">搜索</button>' in html


def test_results_show_highlighted_title_snippet_and_metadata(client, corpus):
    response = client.get(URL, {"q": "污染防治"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "共找到 <strong>3</strong> 条结果" in html
    # Title matches first, then newest first.
    assert result_titles(html) == ["关于印发大气污染防治行动计划的通知", "2025年工作总结", "全省水环境质量持续改善"]
    assert "关于印发大气<mark>污染防治</mark>行动计划的通知" in html
    assert "全年重点流域<mark>污染防治</mark>成效明显" in html
    assert '<time datetime="2024-03-05">2024-03-05</time>' in html
    assert "<dd>大气处</dd>" in html and "<dd>环评处</dd>" in html
    assert "黔环发〔2024〕12号" in html
    plan = ArticlePage.objects.get(pk=corpus["plan"].pk)
    assert f'href="{plan.url}"' in html


def test_filters_from_the_form(client, corpus):
    html = client.get(URL).content.decode()
    assert ">政策文件</option>" in html and ">新闻发布 › 地方动态</option>" in html
    assert '<option value="dqc">大气处</option>' in html
    assert '<option value="2025">2025年</option>' in html and '<option value="2024">2024年</option>' in html
    assert '<option value="notice">' in html

    def titles(**params):
        response = client.get(URL, {"q": "污染防治", **params})
        assert response.status_code == 200
        return result_titles(response.content.decode())

    assert titles(department="hpc") == ["全省水环境质量持续改善"]
    assert titles(year="2024") == ["关于印发大气污染防治行动计划的通知"]
    assert titles(column=str(corpus["news"].pk)) == ["2025年工作总结", "全省水环境质量持续改善"]
    assert titles(genre="notice") == ["关于印发大气污染防治行动计划的通知"]
    assert titles(department="hpc", year="2024") == []
    selected = client.get(URL, {"q": "污染防治", "department": "hpc"}).content.decode()
    assert '<option value="hpc" selected>环评处</option>' in selected


def test_filters_alone_list_items(client, corpus):
    response = client.get(URL, {"department": "dqc"})
    assert result_titles(response.content.decode()) == ["2025年工作总结", "关于印发大气污染防治行动计划的通知"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"department": "nope"}, "所选发布机构不存在"),
        ({"year": "abc"}, "所选年份无效"),
        ({"year": "1999"}, "所选年份无效"),
        ({"column": "999999"}, "所选栏目不存在"),
        ({"column": "abc"}, "所选栏目不存在"),
        ({"genre": "<script>"}, "所选体裁不存在"),
    ],
)
def test_bad_filters_are_a_400_with_a_message(client, corpus, params, message):
    response = client.get(URL, {"q": "污染", **params})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "<script>" not in html


def test_ten_thousand_characters_get_a_message_not_a_500(client, corpus):
    response = client.get(URL, {"q": "流域" + "x" * 9998})
    assert response.status_code == 200
    html = response.content.decode()
    assert "检索词过长，已按前100个字检索。" in html
    response = client.get(URL, {"q": "流" * 10_000})
    assert response.status_code == 200


def test_query_without_letters_or_digits(client, corpus):
    response = client.get(URL, {"q": '"*()-'})
    assert response.status_code == 200
    assert "检索词中没有可检索的文字或数字" in response.content.decode()


def test_no_results(client, corpus):
    html = client.get(URL, {"q": "不存在的词语"}).content.decode()
    assert "没有找到相关信息" in html and "共找到 <strong>0</strong> 条结果" in html


def test_html_in_titles_and_queries_is_escaped(client, home):
    ArticleFactory(parent=ColumnFactory(parent=home), title="<img src=x onerror=alert(1)>监测公告", body="<p>监测</p>")
    html = client.get(URL, {"q": "<监测>"}).content.decode()
    assert "<img src=x" not in html and "<监测>" not in html
    assert "“&lt;监测&gt;”共找到" in html
    assert "&lt;img src=x onerror=alert(1)&gt;<mark>监测</mark>公告" in html


def test_pagination_keeps_the_query_and_filters(client, home):
    column = ColumnFactory(parent=home)
    genre = GenreCategory.objects.get(code="notice")
    for n in range(45):
        ArticleFactory(
            parent=column, title=f"排污许可公告{n:02d}", genre=genre, first_published_at=at(2020, 1, 1 + n % 28)
        )
    response = client.get(URL, {"q": "排污许可", "genre": "notice"})
    html = response.content.decode()
    assert len(result_titles(html)) == 20
    assert "第 1/3 页" in html
    assert 'href="?q=%E6%8E%92%E6%B1%A1%E8%AE%B8%E5%8F%AF&amp;genre=notice&amp;page=2"' in html
    page3 = client.get(URL, {"q": "排污许可", "genre": "notice", "page": "3"}).content.decode()
    assert len(result_titles(page3)) == 5 and 'start="41"' in page3
    # Past the end: the last page; nonsense: the first.
    assert result_titles(client.get(URL, {"q": "排污许可", "page": "99"}).content.decode()) == result_titles(page3)
    assert client.get(URL, {"q": "排污许可", "page": "x"}).status_code == 200


def test_a_client_firing_searches_is_held_back(client, settings):
    settings.GONGKAI_SEARCH_PER_MINUTE = 3
    for _ in range(3):
        assert client.get("/search/", {"q": "大气"}, REMOTE_ADDR="10.1.1.1").status_code == 200
    response = client.get("/search/", {"q": "大气"}, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "检索过于频繁，请稍候一分钟再试。" in response.content.decode()
    assert client.get("/search/", {"q": "大气"}, REMOTE_ADDR="10.1.1.2").status_code == 200
    assert client.get("/search/", REMOTE_ADDR="10.1.1.1").status_code == 200  # the empty form is not counted
