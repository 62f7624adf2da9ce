"""The public pages as rendered HTML: layout conventions, navigation, metadata table, footer identity, QR code."""

import re

import pytest
import segno
from bs4 import BeautifulSoup
from django.urls import reverse

from gongkai.catalog.models import Validity
from gongkai.portal.models import ColumnPage
from gongkai.portal.tests.factories import ArticleFactory, ColumnFactory
from gongkai.portal.tests.sitedata import build_portal_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(home):
    return build_portal_site(home)


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def qr_path(url: str) -> str:
    """The module path segno draws for ``url`` (same symbol parameters as the portal)."""
    svg = segno.make(url, error="m").svg_inline(border=2, omitsize=True)
    return re.search(r'<path [^>]*d="([^"]+)"', svg).group(1)


# ---------- every page ----------


def test_layout_landmarks_language_and_skip_link(client, site):
    page = soup_of(client.get("/"))
    assert page.html["lang"] == "zh-CN"
    first_link = page.body.find("a")
    assert first_link.get_text() == "跳到主要内容"
    assert first_link["href"] == "#main"
    main = page.find("main")
    assert main["id"] == "main" and main["tabindex"] == "-1"
    assert page.find("header") and page.find("footer")
    # Every navigation landmark has its own name.
    labels = [nav.get("aria-label") for nav in page.find_all("nav")]
    assert all(labels) and len(labels) == len(set(labels))
    search = page.find("form", attrs={"role": "search"})
    assert search["action"] == "/search/" and search["method"] == "get"
    field = search.find("input", attrs={"name": "q"})
    assert page.find("label", attrs={"for": field["id"]}).get_text(strip=True)


def test_main_navigation_lists_live_in_menu_columns_in_tree_order(client, site, home):
    hidden = ColumnFactory(parent=home, title="内部栏目", slug="internal", show_in_menus=False)
    draft = ColumnFactory(parent=home, title="未发布栏目", slug="unpublished", show_in_menus=True, live=False)
    nav = soup_of(client.get("/")).find("nav", attrs={"aria-label": "主导航"})
    titles = [a.get_text(strip=True) for a in nav.find_all("a")]
    assert titles == [
        "首页",
        "新闻发布",
        "政务公开",
        "政策文件",
        "政策解读",
        "回应关切",
        "办事服务",
        "互动交流",
        "专题专栏",
    ]
    assert hidden.title not in titles and draft.title not in titles
    assert nav.find("a", string="首页")["aria-current"] == "page"


def test_navigation_marks_the_current_section(client, site):
    nav = soup_of(client.get(site["policy"].url)).find("nav", attrs={"aria-label": "主导航"})
    link = nav.find("a", string="政策文件")
    assert "is-active" in link["class"]
    assert not nav.find("a", attrs={"aria-current": "page"})


def test_footer_shows_the_agency_identity(client, site, agency):
    agency.address = "某市观山湖区林城东路10号"
    agency.postcode = "550081"
    agency.save()
    footer = soup_of(client.get("/")).find("footer")
    text = footer.get_text(" ", strip=True)
    for label, value in [
        ("主办单位", agency.name),
        ("地址", agency.address),
        ("邮编", agency.postcode),
        ("联系电话", agency.phone),
        ("网站标识码", agency.website_code),
        ("ICP备案号", agency.icp_record),
        ("公安机关备案号", agency.police_record),
    ]:
        assert f"{label}： {value}" in text or f"{label}：{value}" in text, label
    assert footer.find("a", string=agency.icp_record)["href"] == "https://beian.miit.gov.cn/"
    assert footer.find("a", string="网站地图")["href"] == reverse("portal:sitemap")
    assert footer.find("a", string="联系我们")["href"] == reverse("portal:contact")
    # No 党政机关网站标识 until the agency has one: a badge is never shown unverified.
    assert not footer.select(".conac-badge")
    # Nothing in the footer loads from another host.
    assert not footer.find("img")


def test_conac_badge_links_to_its_verification_address(client, site, agency):
    agency.conac_badge_url = "https://bszs.conac.cn/sitename?method=show&id=ABC"
    agency.save()
    badge = soup_of(client.get("/")).select_one("footer a.conac-badge")
    assert badge["href"] == agency.conac_badge_url
    assert "党政机关网站标识" in badge.get_text()


def test_contact_link_prefers_the_editors_own_page(client, site, home):
    from gongkai.portal.models import StandardPage

    contact = home.add_child(instance=StandardPage(title="联系我们", slug="lxwm", body="<p>电话</p>"))
    footer = soup_of(client.get("/")).find("footer")
    assert footer.find("a", string="联系我们")["href"] == contact.url


@pytest.mark.parametrize("name", ["home", "policies", "policy"])
def test_every_page_carries_a_qr_code_of_its_own_absolute_address(client, site, name):
    path = site[name].url
    response = client.get(path, {"page": "1"} if name == "policies" else {})
    figure = soup_of(response).select_one("footer figure.page-qr")
    svg = figure.find("svg")
    assert svg["role"] == "img" and svg["aria-label"]
    assert figure.find("figcaption").get_text(strip=True) == "扫一扫在手机打开当前页面"
    expected_url = "http://testserver" + path + ("?page=1" if name == "policies" else "")
    paths = [p["d"] for p in svg.find_all("path") if p.get("stroke")]
    assert paths == [qr_path(expected_url)]
    # A different address gives a different symbol, so the check above means something.
    assert qr_path(expected_url) != qr_path("http://testserver/elsewhere/")


def test_pages_use_no_inline_script_or_style(client, site):
    """The Content-Security-Policy forbids inline code; the templates must not need it."""
    for path in ["/", site["policies"].url, site["policy"].url, reverse("portal:sitemap"), "/no-such-page/"]:
        page = soup_of(client.get(path))
        assert not [s for s in page.find_all("script") if not s.get("src")], path
        assert not page.find_all("style"), path
        assert not page.find_all(style=True), path


def test_dates_are_shown_as_yyyy_mm_dd(client, site):
    html = client.get("/").content.decode()
    dates = re.findall(r"<time datetime=\"([^\"]+)\">([^<]+)</time>", html)
    assert dates
    for machine, shown in dates:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", shown) and machine == shown


# ---------- home ----------


def test_home_lists_flagged_columns_in_order_with_latest_items(client, site):
    page = soup_of(client.get("/"))
    blocks = page.select(".home-block")
    assert [b.find("h2").get_text(strip=True) for b in blocks] == ["新闻发布", "通知公告", "政策文件", "政策解读"]
    news = blocks[0]
    titles = [a.get_text(strip=True) for a in news.select(".item-list a")]
    # Newest first, at most six.
    assert titles == [item.title for item in site["news_items"][:6]]
    first_date = news.select_one(".item-list time").get_text()
    assert first_date == site["news_items"][0].published_date.strftime("%Y-%m-%d")
    assert news.select_one("a.panel-more")["href"] == site["news"].url
    headline = page.select_one(".headline a")
    assert headline.get_text(strip=True) == site["news_items"][0].title


def test_home_offers_entry_points_to_services_and_interaction(client, site):
    page = soup_of(client.get("/"))
    entries = {b.find("h2").get_text(strip=True): b for b in page.select(".entry-block")}
    assert list(entries) == ["政务公开", "办事服务", "互动交流"]
    assert entries["办事服务"].find("h2").find("a")["href"] == site["services"].url
    assert "办事指南" in [a.get_text(strip=True) for a in entries["办事服务"].select(".entry-tiles a")]
    assert "厅长信箱" in [a.get_text(strip=True) for a in entries["互动交流"].select(".entry-tiles a")]


def test_home_of_an_empty_site_still_renders(client, home):
    response = client.get("/")
    assert response.status_code == 200
    page = soup_of(response)
    assert not page.select(".home-block") and not page.select(".entry-block")
    assert "网站栏目正在建设中" in page.get_text()


def test_home_without_service_columns_omits_their_entry_points(client, home):
    news = ColumnFactory(parent=home, title="新闻发布", slug="news", show_on_home=True, show_in_menus=True)
    ArticleFactory(parent=news, title="一条新闻")
    page = soup_of(client.get("/"))
    assert [b.find("h2").get_text(strip=True) for b in page.select(".home-block")] == ["新闻发布"]
    assert not page.select(".entry-block")


# ---------- column ----------


def test_column_lists_items_newest_first_with_dates_and_intro(client, site):
    column = site["policies"]
    column.intro = "<p>本栏目发布本厅制发的规范性文件。</p>"
    column.save_revision().publish()
    page = soup_of(client.get(column.url))
    assert page.find("h1").get_text(strip=True) == "政策文件"
    assert "本栏目发布本厅制发的规范性文件" in page.select_one(".column-intro").get_text()
    rows = page.select(".layout-main .item-list li")
    assert [r.find("a").get_text(strip=True) for r in rows][:4] == [i.title for i in site["policy_items"]]
    assert rows[0].find("time").get_text() == site["policy"].published_date.strftime("%Y-%m-%d")


def test_column_paginates(client, site, monkeypatch):
    monkeypatch.setattr(ColumnPage, "page_size", 2)
    column = site["policies"]
    first = soup_of(client.get(column.url))
    pager = first.find("nav", attrs={"aria-label": "分页"})
    assert "共 5 条，第 1/3 页" in pager.get_text()
    assert pager.find("a", attrs={"rel": "next"})["href"] == "?page=2"
    last = soup_of(client.get(column.url, {"page": 3}))
    assert len(last.select(".layout-main .item-list li")) == 1
    # Out-of-range or junk page numbers fall back to a real page, never an error.
    assert client.get(column.url, {"page": "abc"}).status_code == 200
    assert client.get(column.url, {"page": "999"}).status_code == 200


def test_section_page_lists_its_sub_columns_in_the_side_menu(client, site):
    page = soup_of(client.get(site["services"].url))
    menu = page.find("nav", attrs={"aria-label": "办事服务栏目导航"})
    assert [a.get_text(strip=True) for a in menu.select("li a")] == [
        "办事指南",
        "表格下载",
        "审批结果公示",
        "网上办事大厅",
    ]


def test_items_are_not_listed_as_sub_columns(client, home):
    column = ColumnFactory(parent=home, title="政策文件", slug="zc", show_in_menus=True)
    sub = ColumnFactory(parent=column, title="规范性文件", slug="gfx")
    deeper = ColumnFactory(parent=sub, title="现行有效", slug="xxyx")
    item = ArticleFactory(parent=sub, title="某规范性文件")
    response = client.get(sub.url)
    assert [c.pk for c in response.context["subcolumns"]] == [deeper.pk]
    assert item.title in response.content.decode()


# ---------- item ----------


def metadata(page: BeautifulSoup) -> dict[str, str]:
    table = page.select_one("table.meta-table")
    return {
        th.get_text(strip=True): th.find_next_sibling("td").get_text(" ", strip=True)
        for th in table.find_all("th", attrs={"scope": "row"})
    }


def test_item_shows_its_metadata_table_at_the_top(client, site):
    item = site["policy"]
    page = soup_of(client.get(item.url))
    article = page.find("article")
    assert article.find("h1").get_text(strip=True) == item.title
    # The table comes before the body text.
    assert article.find(["table", "div"], class_=["meta-table", "article-body"])["class"] == ["meta-table"]
    assert metadata(page) == {
        "索引号": item.index_number,
        "发布机构": "环评处",
        "主题分类": "环境影响评价",
        "体裁分类": "通知",
        "成文日期": item.written_date.strftime("%Y-%m-%d"),
        "发布日期": item.published_date.strftime("%Y-%m-%d"),
        "文号": "黔环通〔2026〕31号",
        "有效性": "有效",
        "关键词": "环境影响评价、分级审批、建设项目",
    }
    assert item.index_number and re.fullmatch(r".+/\d{4}-\d{5}", item.index_number)
    assert page.select_one("table.meta-table caption").get_text(strip=True) == "信息索引"
    assert not page.select(".validity-notice")
    assert "一、适用范围" in article.select_one(".article-body").get_text()
    assert "信息来源：环评处" in article.select_one(".article-info").get_text()


def test_item_without_optional_metadata_shows_dashes(client, home):
    item = ArticleFactory(parent=ColumnFactory(parent=home), keywords="", document_number="")
    table = metadata(soup_of(client.get(item.url)))
    assert table["主题分类"] == table["体裁分类"] == table["文号"] == table["关键词"] == "—"


def test_repealed_item_links_to_what_replaced_it_and_carries_a_notice(client, site):
    repealed, current = site["repealed"], site["policy"]
    page = soup_of(client.get(repealed.url))
    assert metadata(page)["有效性"].startswith("已废止")
    cell = page.find("th", string="有效性").find_next_sibling("td")
    assert cell.find("a")["href"] == current.url
    notice = page.select_one(".validity-notice")
    assert "本文件已废止" in notice.get_text()
    assert notice.find("a")["href"] == current.url


@pytest.mark.parametrize("validity", [Validity.AMENDED, Validity.EXPIRED])
def test_other_validity_states_carry_a_notice(client, home, validity):
    column = ColumnFactory(parent=home)
    newer = ArticleFactory(parent=column, title="修订后的办法")
    item = ArticleFactory(
        parent=column, validity=validity, superseded_by=newer if validity == Validity.AMENDED else None
    )
    page = soup_of(client.get(item.url))
    assert f"本文件{validity.label}" in page.select_one(".validity-notice").get_text()
    links = page.select(".validity-notice a")
    assert [a["href"] for a in links] == ([newer.url] if validity == Validity.AMENDED else [])


def test_item_breadcrumbs_lead_home_through_its_column(client, site):
    item = site["notice_items"][0]
    crumbs = soup_of(client.get(item.url)).find("nav", attrs={"aria-label": "当前位置"})
    assert [li.get_text(strip=True) for li in crumbs.find_all("li")] == ["首页", "政务公开", "通知公告", item.title]
    assert crumbs.find("span", attrs={"aria-current": "page"}).get_text() == item.title


def test_standard_page(client, home):
    from gongkai.portal.models import StandardPage

    page = home.add_child(
        instance=StandardPage(title="信息公开指南", slug="guide", body="<p>本指南依据条例第十二条编制。</p>")
    )
    soup = soup_of(client.get(page.url))
    assert soup.find("h1").get_text() == "信息公开指南"
    assert "本指南依据条例第十二条编制" in soup.select_one(".article-body").get_text()


# ---------- site map, contact, errors ----------


def test_sitemap_lists_the_live_column_tree(client, site, home):
    ColumnFactory(parent=site["services"], title="草稿栏目", slug="draft-col", live=False)
    response = client.get(reverse("portal:sitemap"))
    assert response.status_code == 200
    page = soup_of(response)
    sections = page.select(".sitemap-grid > .sitemap-section")
    assert [s.find("h2").get_text(strip=True) for s in sections][:3] == ["新闻发布", "政务公开", "政策文件"]
    services = next(s for s in sections if s.find("h2").get_text(strip=True) == "办事服务")
    assert [a.get_text() for a in services.select("ul a")] == ["办事指南", "表格下载", "审批结果公示", "网上办事大厅"]
    assert "草稿栏目" not in page.get_text()
    # Items are not in the reader's site map: it is a map of columns.
    assert site["policy"].title not in page.get_text()
    crumbs = page.find("nav", attrs={"aria-label": "当前位置"})
    assert [li.get_text(strip=True) for li in crumbs.find_all("li")] == ["首页", "网站地图"]


def test_sitemap_xml_lists_every_live_page(client, site):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200 and index["Content-Type"].startswith("application/xml")
    assert "http://testserver/sitemap-pages.xml" in index.content.decode()
    section = client.get("/sitemap-pages.xml").content.decode()
    # Addresses are canonical: the Wagtail site's own host name, whatever host the crawler used.
    assert f"<loc>{site['policy'].full_url}</loc>" in section
    assert f"<loc>{site['services'].full_url}</loc>" in section
    assert f"<loc>{site['home'].full_url}</loc>" in section
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_sitemap_xml_leaves_out_drafts(client, site):
    draft = ArticleFactory(parent=site["policies"], draft=True, slug="draft-item")
    assert f"/{draft.slug}/" not in client.get("/sitemap-pages.xml").content.decode()


def test_contact_page_is_built_from_the_agency_record(client, site, agency):
    agency.address = "某市观山湖区林城东路10号"
    agency.email = "hbt@example.gov.cn"
    agency.save()
    page = soup_of(client.get(reverse("portal:contact")))
    assert page.find("h1").get_text() == "联系我们"
    text = page.select_one("main").get_text(" ", strip=True)
    assert agency.address in text and agency.phone in text and agency.email in text


def test_unknown_address_gets_a_styled_404(client, site):
    response = client.get("/no-such-column/no-such-item/")
    assert response.status_code == 404
    page = soup_of(response)
    assert page.html["lang"] == "zh-CN"
    assert page.find("h1").get_text() == "抱歉，您访问的页面不存在"
    assert page.select_one("main form[role=search] input[name=q]")
    assert page.select_one("main a[href='/']").get_text() == "返回网站首页"
    assert page.find("footer") and page.find("nav", attrs={"aria-label": "主导航"})
    assert "Traceback" not in response.content.decode()


def test_404_with_a_hostile_path_is_still_a_404(client, site):
    """Too long for any QR code, and with markup in it: a 404 all the same, without the QR."""
    response = client.get("/" + "很长" * 3000 + "/<script>/")
    assert response.status_code == 404
    page = soup_of(response)
    assert page.find("h1").get_text() == "抱歉，您访问的页面不存在"
    assert "<script>/" not in response.content.decode()
    assert not page.select("figure.page-qr")


def test_404_for_a_path_with_a_nul_byte(client, site):
    """PostgreSQL refuses NUL in text: the withdrawal look-up must not pass it to the database."""
    response = client.get("/anything%00/")
    assert response.status_code == 404


def test_500_page_renders_without_database_or_context(rf, django_assert_num_queries):
    from gongkai.portal.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/broken/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert '<html lang="zh-CN">' in body
    assert "服务暂时不可用" in body and 'href="/"' in body
    assert "Traceback" not in body


def test_500_falls_back_to_plain_html_if_its_template_fails(rf, monkeypatch):
    from gongkai.portal import views

    def broken(*args, **kwargs):
        raise ValueError("manifest missing")

    monkeypatch.setattr(views.loader, "render_to_string", broken)
    response = views.server_error(rf.get("/"))
    assert response.status_code == 500
    assert "服务暂时不可用" in response.content.decode()


def test_unhandled_exception_gives_the_styled_500(client, site, monkeypatch):
    from gongkai.portal.models import HomePage

    def explode(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(HomePage, "get_context", explode)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "抱歉，服务暂时不可用" in response.content.decode()
