"""The search service on the real index of whichever database the suite runs on."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, PageViewRestriction

from gongkai.catalog.models import GenreCategory
from gongkai.portal.models import ArticlePage, StandardPage
from gongkai.portal.tests.factories import ArticleFactory, ColumnFactory
from gongkai.search.indexing import search_index_page, search_index_rebuild
from gongkai.search.models import SearchEntry
from gongkai.search.services import COUNT_CAP, search

from .conftest import at

pytestmark = pytest.mark.django_db


def titles(query: str, **filters) -> list[str]:
    return [hit.entry.title for hit in search(query, **filters).hits]


def test_publishing_creates_an_entry_with_the_catalog_identity(corpus):
    entry = SearchEntry.objects.get(page=corpus["plan"])
    assert entry.index_number == corpus["plan"].index_number != ""
    assert entry.published_date.isoformat() == "2024-03-05"
    assert entry.column_id == corpus["policies"].pk
    assert entry.section_id == corpus["policies"].pk
    water = SearchEntry.objects.get(page=corpus["water"])
    assert (water.section_id, water.column_id) == (corpus["news"].pk, corpus["news_local"].pk)
    assert "水质优良比例提高。" in water.body_text and "<b>" not in water.body_text


def test_two_character_word_from_the_body(corpus):
    assert titles("流域") == ["全省水环境质量持续改善"]
    assert titles("空气") == ["关于印发大气污染防治行动计划的通知"]


def test_one_character_query(corpus):
    assert titles("域") == ["全省水环境质量持续改善"]
    # 气: in one title, and in another item's body only — title match first.
    assert titles("气") == ["关于印发大气污染防治行动计划的通知", "2025年工作总结"]


def test_substring_across_word_boundaries(corpus):
    # jieba cuts 污染防治 as 污染/防治; substring search must still find 染防.
    assert set(titles("染防")) == {"关于印发大气污染防治行动计划的通知", "全省水环境质量持续改善", "2025年工作总结"}
    assert set(titles("气污染防")) == {"关于印发大气污染防治行动计划的通知", "2025年工作总结"}


def test_phrase_needs_adjacency(corpus):
    # 环境 and 质量 are both in 全省水环境质量…; 环境质 only where the three characters touch.
    assert titles("环境质") == ["全省水环境质量持续改善"]
    assert titles("空气环境") == []


def test_markup_boundaries_do_not_join_text(home):
    ArticleFactory(parent=ColumnFactory(parent=home), title="段落", body="<p>排放标准</p><p>执行情况</p>")
    assert titles("标准执行") == []
    assert titles("排放标准") == ["段落"]


def test_document_number_lookup(corpus):
    assert titles("黔环发〔2024〕12号") == ["关于印发大气污染防治行动计划的通知"]
    # Brackets and spacing as people type them.
    assert titles("黔环发[2024]12号") == ["关于印发大气污染防治行动计划的通知"]
    assert titles("黔环发〔2024〕13号") == []


def test_index_number_lookup(corpus):
    plan = ArticlePage.objects.get(pk=corpus["plan"].pk)
    assert titles(plan.index_number) == ["关于印发大气污染防治行动计划的通知"]
    assert titles(plan.index_number.lower()) == ["关于印发大气污染防治行动计划的通知"]
    other = ArticlePage.objects.get(pk=corpus["water"].pk)
    assert titles(other.index_number) == ["全省水环境质量持续改善"]


def test_index_number_changed_then_reindexed(home):
    page = ArticleFactory(parent=ColumnFactory(parent=home), title="导入的历史文件")
    ArticlePage.objects.filter(pk=page.pk).update(index_number="11520000MB1503262B/2013-00007")
    search_index_page(page)
    assert titles("11520000MB1503262B/2013-00007") == ["导入的历史文件"]
    assert titles("2013-00007") == ["导入的历史文件"]
    assert titles("2013-00008") == []


def test_latin_and_full_width_input(corpus):
    assert titles("pm2") == ["全省水环境质量持续改善"]
    assert titles("ＰＭ２.５") == ["全省水环境质量持续改善"]
    assert titles("pm") == []  # Latin matches whole words


def test_drafts_are_never_found(corpus):
    assert "尚未发布的污染防治草稿" not in titles("污染防治")
    assert titles("草稿") == []
    assert not SearchEntry.objects.filter(page_id=corpus["draft"].pk).exists()


def test_unpublishing_removes_and_republishing_restores(corpus):
    page = ArticlePage.objects.get(pk=corpus["water"].pk)
    page.unpublish()
    assert titles("流域") == []
    assert not SearchEntry.objects.filter(page_id=page.pk).exists()
    page.save_revision().publish()
    assert titles("流域") == ["全省水环境质量持续改善"]


def test_editing_and_publishing_updates_the_entry(corpus):
    page = ArticlePage.objects.get(pk=corpus["water"].pk)
    page.title = "全省地下水监测报告"
    page.save_revision().publish()
    assert titles("地下水") == ["全省地下水监测报告"]
    assert titles("持续改善") == []
    assert titles("流域") == ["全省地下水监测报告"]


def test_draft_changes_are_not_searchable_until_published(corpus):
    page = ArticlePage.objects.get(pk=corpus["water"].pk)
    page.title = "未发布的新标题"
    page.save_revision()
    assert titles("未发布") == []
    assert titles("持续改善") == ["全省水环境质量持续改善"]


def test_deleting_a_page_removes_its_entry(corpus):
    Page.objects.get(pk=corpus["water"].pk).delete()
    assert titles("流域") == []
    assert search("污染防治").total == 2


def test_deleting_a_column_removes_everything_beneath(corpus):
    Page.objects.get(pk=corpus["news"].pk).delete()
    assert set(titles("污染")) == {"关于印发大气污染防治行动计划的通知"}


def test_view_restriction_hides_and_lifting_shows(corpus):
    restriction = PageViewRestriction.objects.create(page=corpus["news"], restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set(Group.objects.all()[:1])
    assert titles("流域") == []
    restriction.delete()
    assert titles("流域") == ["全省水环境质量持续改善"]


def test_moving_a_page_changes_its_column(corpus):
    page = Page.objects.get(pk=corpus["water"].pk)
    assert titles("流域", column=corpus["news"]) == ["全省水环境质量持续改善"]
    page.move(corpus["policies"], pos="last-child")
    assert titles("流域", column=corpus["news"]) == []
    assert titles("流域", column=corpus["policies"]) == ["全省水环境质量持续改善"]


def test_standard_pages_are_searchable(home):
    guide = StandardPage(title="政府信息公开指南", slug="guide", body="<p>依申请公开的受理机构为办公室。</p>")
    home.add_child(instance=guide)
    guide.save_revision().publish()
    assert titles("受理机构") == ["政府信息公开指南"]
    assert titles("受理机构", department=1) == []
    assert titles("受理机构", items_only=True) == []
    assert SearchEntry.objects.get(page=guide).kind == SearchEntry.Kind.PAGE


def test_filters_narrow(corpus):
    assert len(titles("污染防治")) == 3
    assert len(titles("污染防治", items_only=True)) == 3
    assert set(titles("污染防治", department=corpus["dqc"])) == {
        "关于印发大气污染防治行动计划的通知",
        "2025年工作总结",
    }
    assert titles("污染防治", department=corpus["hpc"].pk) == ["全省水环境质量持续改善"]
    assert set(titles("污染防治", year=2025)) == {"全省水环境质量持续改善", "2025年工作总结"}
    assert titles("污染防治", genre=GenreCategory.objects.get(code="notice")) == ["关于印发大气污染防治行动计划的通知"]
    # A top-level column includes its sub-columns; the direct column works too.
    assert set(titles("污染防治", column=corpus["news"])) == {"全省水环境质量持续改善", "2025年工作总结"}
    assert titles("污染防治", column=corpus["news_local"]) == ["全省水环境质量持续改善"]
    assert titles("污染防治", column=corpus["news_local"], department=corpus["dqc"]) == []


def test_filters_without_a_query_list_newest_first(corpus):
    assert titles("", department=corpus["dqc"]) == ["2025年工作总结", "关于印发大气污染防治行动计划的通知"]
    assert search("", year=2024).total == 1


def test_nothing_to_search_gives_nothing(corpus):
    assert search("").total == 0 and not search("").searched
    results = search("！？（）", department=corpus["dqc"])
    assert results.total == 0 and results.hits == []


def test_title_matches_first_then_newest_first(home):
    column = ColumnFactory(parent=home)
    ArticleFactory(parent=column, title="旧的正文提及", body="<p>生态补偿机制</p>", first_published_at=at(2020))
    ArticleFactory(parent=column, title="新的正文提及", body="<p>生态补偿机制</p>", first_published_at=at(2025))
    ArticleFactory(parent=column, title="生态补偿办法（旧）", body="<p>无关</p>", first_published_at=at(2019))
    ArticleFactory(parent=column, title="生态补偿办法（新）", body="<p>无关</p>", first_published_at=at(2024))
    results = search("生态补偿")
    assert [hit.entry.title for hit in results.hits] == [
        "生态补偿办法（新）",
        "生态补偿办法（旧）",
        "新的正文提及",
        "旧的正文提及",
    ]
    assert [hit.in_title for hit in results.hits] == [True, True, False, False]


def test_paging_crosses_from_title_group_to_body_group(home):
    column = ColumnFactory(parent=home)
    for year in range(2010, 2015):
        ArticleFactory(parent=column, title=f"{year}年辐射安全报告", body="<p>无</p>", first_published_at=at(year))
    for year in range(2015, 2020):
        ArticleFactory(parent=column, title=f"{year}年度总结", body="<p>辐射安全</p>", first_published_at=at(year))
    everything = [hit.entry.title for hit in search("辐射安全", limit=20).hits]
    assert everything[:5] == [f"{year}年辐射安全报告" for year in range(2014, 2009, -1)]
    assert everything[5:] == [f"{year}年度总结" for year in range(2019, 2014, -1)]
    pages = [hit.entry.title for offset in range(0, 10, 3) for hit in search("辐射安全", offset=offset, limit=3).hits]
    assert pages == everything
    assert search("辐射安全", offset=10).hits == []
    assert search("辐射安全", offset=4, limit=2).total == 10


def test_several_terms_must_all_match(corpus):
    assert titles("污染防治 空气") == ["关于印发大气污染防治行动计划的通知"]
    assert titles("污染防治 地下水") == []


@pytest.mark.parametrize(
    "query, total",
    [
        ('"', 0),
        ('"污染', 3),
        ("污染*", 3),
        ("*", 0),
        ("NEAR(污染 防治)", 0),  # "near" is an ordinary word here, found nowhere
        ("污染 NEAR 防治", 0),
        ("(污染", 3),
        ("污染)", 3),
        ("-污染", 3),
        ("污染 -防治", 3),
        ("污染 NOT 防治", 0),
        ("污染 OR 防治", 0),
        ("污染 AND", 0),
        ("title:污染", 0),
        ("{title ident}:污染", 0),
        ("^污染", 3),
        ("污染'; DROP TABLE search_searchentry; --", 0),
        ("'污染' & '防治' | !", 3),
        ("污染 <-> 防治", 3),
        ("污染:*", 3),
        ("\\", 0),
        ("\x00污染", 3),
    ],
)
def test_query_syntax_characters_are_plain_text(corpus, query, total):
    # Only letters and digits count; everything else separates terms and is never syntax.
    assert search(query).total == total
    assert search("污染").total == 3


def test_ten_thousand_characters_are_cut(corpus):
    results = search("流域" + "，" * 9998)
    assert results.query_truncated and len(results.query) == 100
    assert [hit.entry.title for hit in results.hits] == ["全省水环境质量持续改善"]
    assert search("污" * 10_000).total == 0


def test_highlighting_escapes_html(home):
    ArticleFactory(
        parent=ColumnFactory(parent=home),
        title="<script>alert(1)</script>大气监测",
        body="<p>&lt;img src=x onerror=alert(1)&gt; 大气监测数据</p>",
    )
    hit = search("大气监测").hits[0]
    assert str(hit.title_html) == "&lt;script&gt;alert(1)&lt;/script&gt;<mark>大气监测</mark>"
    assert "<img" not in str(hit.snippet_html)
    assert "&lt;img src=x onerror=alert(1)&gt; <mark>大气监测</mark>数据" in str(hit.snippet_html)


def test_count_is_capped(home, monkeypatch):
    from gongkai.search import services

    column = ColumnFactory(parent=home)
    for n in range(4):
        ArticleFactory(parent=column, title=f"通报{n}", first_published_at=at(2020 + n))
    monkeypatch.setattr(services, "COUNT_CAP", 3)
    results = search("通报")
    assert (results.total, results.total_capped, results.total_display) == (3, True, "3+")
    assert len(results.hits) == 3
    assert COUNT_CAP == 1_000


def test_rebuild_reproduces_the_index(corpus):
    before = {q: titles(q) for q in ("污染防治", "气", "黔环发〔2024〕12号", "流域")}
    SearchEntry.objects.filter(page_id=corpus["water"].pk).delete()
    assert titles("流域") == []
    assert search_index_rebuild() == 3
    assert {q: titles(q) for q in before} == before


def test_reindexing_twice_keeps_one_entry(corpus):
    page = ArticlePage.objects.get(pk=corpus["water"].pk)
    search_index_page(page)
    search_index_page(page)
    assert SearchEntry.objects.filter(page=page).count() == 1
    assert titles("流域") == ["全省水环境质量持续改善"]
    assert search("流域").total == 1
