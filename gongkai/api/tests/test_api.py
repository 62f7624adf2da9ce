"""The read-only JSON API under /api/v1/: published items only, filters, errors, headers."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from gongkai.api.tests.conftest import at
from gongkai.org.models import Department
from gongkai.portal.models import ArticlePage
from gongkai.portal.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]), "message must be Chinese"
    return error


def test_list_shows_published_items_newest_first_with_catalog_metadata(client, site, agency):
    response = client.get("/api/v1/items/")
    assert _titles(response) == [
        "某省大气污染防治办法（2026年修订）",
        "关于某项目环境影响报告书的批复",
        "某省大气污染防治办法",
    ]
    data = response.json()
    assert (data["total"], data["limit"], data["offset"]) == (3, 20, 0)
    new = data["items"][0]
    page = site["new_rules"]
    assert new == {
        "id": page.pk,
        "title": "某省大气污染防治办法（2026年修订）",
        "url": "http://testserver/policies/" + page.slug + "/",
        "index_number": f"{agency.uscc}/2026-00001",
        "column": {"id": site["policies"].pk, "slug": "policies", "title": "政策文件"},
        "department": {"code": "dqc", "name": "大气处"},
        "topic": {"code": "air", "name": "大气环境"},
        "genre": {"code": "measures", "name": "办法"},
        "written_date": "2026-02-20",
        "published_date": "2026-03-02",
        "updated_at": ArticlePage.objects.get(pk=page.pk).last_published_at.isoformat(),
        "document_number": "环发〔2026〕3号",
        "validity": {"code": "valid", "name": "有效"},
        "superseded_by": None,
        "keywords": ["大气", "污染防治", "办法"],
        "summary": "修订后的大气污染防治办法。",
    }
    old = data["items"][2]
    assert old["validity"] == {"code": "amended", "name": "已修订"}
    assert old["superseded_by"] == {"id": page.pk, "title": page.title, "url": new["url"]}


def test_headers_cache_and_cors(client, site):
    response = client.get("/api/v1/items/")
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    preflight = client.options("/api/v1/items/", HTTP_ORIGIN="https://data.example.org")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert client.head("/api/v1/items/").status_code == 200


def test_drafts_withdrawn_and_restricted_items_are_never_exposed(client, site):
    approval = ArticlePage.objects.get(pk=site["approval"].pk)
    approval.unpublish()
    restricted = site["old_rules"]
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    assert _titles(client.get("/api/v1/items/")) == ["某省大气污染防治办法（2026年修订）"]
    for page in (site["draft"], approval, restricted):
        _error(client.get(f"/api/v1/items/{page.pk}/"), 404, "not_found")
    # The restricted item is no longer linked as the amending page either way round.
    assert client.get("/api/v1/items/").json()["items"][0]["superseded_by"] is None


def test_superseding_draft_is_not_linked(client, site, home):
    draft = site["draft"]
    ArticlePage.objects.filter(pk=site["old_rules"].pk).update(superseded_by=draft)
    item = client.get(f"/api/v1/items/{site['old_rules'].pk}/").json()
    assert item["superseded_by"] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("column=policies", ["某省大气污染防治办法（2026年修订）", "某省大气污染防治办法"]),
        ("column=notices", ["关于某项目环境影响报告书的批复"]),  # includes sub-columns
        ("department=hpc", ["关于某项目环境影响报告书的批复"]),
        ("topic=air", ["某省大气污染防治办法（2026年修订）", "某省大气污染防治办法"]),
        ("genre=notice", ["关于某项目环境影响报告书的批复"]),
        ("year=2020", ["某省大气污染防治办法"]),
        ("topic=air&year=2026", ["某省大气污染防治办法（2026年修订）"]),
        ("department=hpc&topic=air", []),
    ],
)
def test_filters(client, site, query, expected):
    response = client.get(f"/api/v1/items/?{query}")
    assert _titles(response) == expected
    assert response.json()["total"] == len(expected)


def test_column_filter_accepts_id(client, site):
    assert _titles(client.get(f"/api/v1/items/?column={site['eia_notices'].pk}")) == ["关于某项目环境影响报告书的批复"]


def test_updated_since_uses_last_publication(client, site):
    ArticlePage.objects.update(last_published_at=at(2026, 3, 2))
    later = at(2026, 7, 1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        page = ArticlePage.objects.get(pk=site["old_rules"].pk)
        page.save_revision().publish()
    assert _titles(client.get("/api/v1/items/?updated_since=2026-07-01")) == ["某省大气污染防治办法"]
    assert _titles(client.get("/api/v1/items/?updated_since=2026-07-01T10:00:01%2B08:00")) == []
    assert _titles(client.get("/api/v1/items/?updated_since=2026-07-01T02:00:00Z")) == ["某省大气污染防治办法"]


def test_pagination(client, site):
    first = client.get("/api/v1/items/?limit=2").json()
    second = client.get("/api/v1/items/?limit=2&offset=2").json()
    assert first["total"] == second["total"] == 3
    assert [i["id"] for i in first["items"]] + [i["id"] for i in second["items"]] == [
        i["id"] for i in client.get("/api/v1/items/").json()["items"]
    ]
    assert client.get("/api/v1/items/?limit=100").status_code == 200
    assert client.get("/api/v1/items/?offset=50").json()["items"] == []


@pytest.mark.parametrize(
    ("query", "code", "parameter"),
    [
        ("limit=0", "invalid_parameter", "limit"),
        ("limit=101", "invalid_parameter", "limit"),
        ("limit=abc", "invalid_parameter", "limit"),
        ("offset=-1", "invalid_parameter", "offset"),
        ("offset=99999999999999999999", "invalid_parameter", "offset"),
        ("year=26", "invalid_parameter", "year"),
        ("year=abcd", "invalid_parameter", "year"),
        ("year=%C2%B2%C2%B2%C2%B2%C2%B2", "invalid_parameter", "year"),
        ("limit=%C2%B2", "invalid_parameter", "limit"),
        ("updated_since=yesterday", "invalid_parameter", "updated_since"),
        ("updated_since=2026-13-45", "invalid_parameter", "updated_since"),
        ("column=no-such-column", "unknown_value", "column"),
        ("department=nobody", "unknown_value", "department"),
        ("department=a%00b", "invalid_parameter", "department"),
        ("column=a%00b", "invalid_parameter", "column"),
        ("updated_since=2026-01-01%00", "invalid_parameter", "updated_since"),
        ("topic=nothing", "unknown_value", "topic"),
        ("genre=nothing", "unknown_value", "genre"),
        ("colour=red", "unknown_parameter", "colour"),
        ("q=" + "环" * 101, "invalid_parameter", "q"),
    ],
)
def test_bad_parameters_are_400_with_a_chinese_json_error(client, site, query, code, parameter):
    error = _error(client.get(f"/api/v1/items/?{query}"), 400, code)
    assert error["parameter"] == parameter


def test_detail_has_body_and_attachments(client, site):
    page = site["approval"]
    item = client.get(f"/api/v1/items/{page.pk}/").json()
    assert item["title"] == "关于某项目环境影响报告书的批复"
    assert item["column"]["slug"] == "eia-notices"
    assert "<p>经研究，批复如下。</p>" in item["body"]
    assert item["source"] == ""
    [attachment] = item["attachments"]
    assert attachment["title"] == "报告书全文"
    assert attachment["url"].startswith("http://testserver/documents/")
    assert attachment["url"].endswith(".pdf")
    assert "/report" in attachment["url"]
    assert attachment["file_extension"] == "pdf"


def test_unknown_item_and_unknown_address_are_json_404(client, site):
    _error(client.get("/api/v1/items/999999/"), 404, "not_found")
    _error(client.get("/api/v1/items/abc/"), 404, "not_found")
    _error(client.get("/api/v1/nothing/here/"), 404, "not_found")
    # Without the trailing slash Django first redirects to the slashed address.
    assert client.get("/api/v1/items").status_code == 301


def test_writes_are_refused(client, site):
    for method in (client.post, client.put, client.delete, client.patch):
        response = method("/api/v1/items/")
        _error(response, 405, "method_not_allowed")
        assert "GET" in response["Allow"]


def test_columns_in_tree_order_with_feeds(client, site, home):
    data = client.get("/api/v1/columns/").json()
    assert [(c["slug"], c["parent_id"]) for c in data["items"]] == [
        ("policies", None),
        ("notices", None),
        ("eia-notices", site["notices"].pk),
    ]
    assert data["items"][0]["feeds"] == {
        "rss": "http://testserver/feeds/policies/rss.xml",
        "atom": "http://testserver/feeds/policies/atom.xml",
    }


def test_departments(client, site):
    data = client.get("/api/v1/departments/").json()
    assert data["total"] == Department.objects.count()
    assert {"code": "hpc", "name": "环评处", "kind": "office"} in data["items"]


def test_list_query_count_does_not_grow_with_items(client, site, django_assert_max_num_queries):
    for n in range(10):
        ArticleFactory(parent=site["policies"], title=f"批量{n}", department=Department.objects.get(code="hpc"))
    client.get("/api/v1/items/")  # warm Wagtail's site-root cache
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/items/?limit=13")
    assert len(response.json()["items"]) == 13


def test_login_group_restriction_also_hides(client, site):
    group = Group.objects.create(name="内部")
    restriction = PageViewRestriction.objects.create(page=site["policies"], restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(group)
    assert _titles(client.get("/api/v1/items/")) == ["关于某项目环境影响报告书的批复"]
    assert [c["slug"] for c in client.get("/api/v1/columns/").json()["items"]] == ["notices", "eia-notices"]


def test_written_date_is_optional(client, site):
    page = ArticleFactory(parent=site["policies"], title="无成文日期", written_date=None)
    assert client.get(f"/api/v1/items/{page.pk}/").json()["written_date"] is None
    assert isinstance(
        datetime.date.fromisoformat(client.get(f"/api/v1/items/{page.pk}/").json()["published_date"]), datetime.date
    )


def test_full_text_query(client, site):
    # A two-character word from the body, and one from a title: title matches come first.
    assert _titles(client.get("/api/v1/items/?q=批复")) == ["关于某项目环境影响报告书的批复"]
    assert _titles(client.get("/api/v1/items/?q=经研究")) == ["关于某项目环境影响报告书的批复"]
    assert _titles(client.get("/api/v1/items/?q=环发〔2026〕3号")) == ["某省大气污染防治办法（2026年修订）"]
    both = client.get("/api/v1/items/?q=大气").json()
    assert both["total"] == 2
    assert [i["title"] for i in both["items"]] == ["某省大气污染防治办法（2026年修订）", "某省大气污染防治办法"]
    assert _titles(client.get("/api/v1/items/?q=大气&year=2020")) == ["某省大气污染防治办法"]
    assert _titles(client.get("/api/v1/items/?q=大气&column=notices")) == []
    assert _titles(client.get("/api/v1/items/?q=大气&limit=1&offset=1")) == ["某省大气污染防治办法"]
    assert client.get("/api/v1/items/?q=大气&limit=1&offset=1").json()["total"] == 2
    assert _titles(client.get("/api/v1/items/?q=尚未发布的草稿")) == []
    number = ArticlePage.objects.get(pk=site["approval"].pk).index_number
    assert _titles(client.get("/api/v1/items/", {"q": number})) == ["关于某项目环境影响报告书的批复"]


def test_full_text_query_counts_only_items(client, site):
    """A plain page (信息公开指南) may match the words too; the API lists and counts items only."""
    from gongkai.portal.models import StandardPage

    guide = StandardPage(title="大气信息公开指南", slug="guide", body="<p>大气污染防治信息的公开方式。</p>")
    site["policies"].get_parent().add_child(instance=guide)
    guide.save_revision().publish()
    body = client.get("/api/v1/items/?q=大气").json()
    assert body["total"] == 2
    assert "大气信息公开指南" not in [i["title"] for i in body["items"]]


@pytest.mark.parametrize("other", ["topic=air", "updated_since=2026-01-01"])
def test_query_cannot_combine_with_filters_the_index_lacks(client, site, other):
    error = _error(client.get(f"/api/v1/items/?q=大气&{other}"), 400, "invalid_parameter")
    assert error["parameter"] == other.split("=")[0]
