"""manage.py bench_portal in miniature: the fill makes a valid tree of real pages, and the report is whole.

Not a timed test: the figures are printed by `make bench` (docs/performance.md); here only the query
counts are held to their target, because they do not depend on the machine. One run of the command
serves all the checks (a run takes several seconds).
"""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from gongkai.portal.management.commands.bench_portal import ITEM_MAX_QUERIES, tree_problems
from gongkai.portal.models import ArticlePage, ColumnPage
from gongkai.portal.tests.sitedata import build_portal_site
from gongkai.search.models import SearchEntry
from gongkai.search.services import search

pytestmark = pytest.mark.django_db

ITEMS = 300
RENDER_LINE = r"^RENDER {kind} +\d+ +[\d.]+ +[\d.]+ +[\d.]+ +\d+ +(\d+)$"


def test_bench_portal_fills_a_valid_tree_renders_and_reports(home, tmp_path, client):
    build_portal_site(home)
    before = set(ArticlePage.objects.values_list("pk", flat=True))
    out = StringIO()
    urls_file = tmp_path / "urls.json"
    call_command("bench_portal", items=ITEMS, item_renders=30, repeat=1, urls=str(urls_file), stdout=out)
    text = out.getvalue()
    new = ArticlePage.objects.exclude(pk__in=before)

    # Real, live, catalogued items beneath columns, each with its search entry.
    assert new.count() == ITEMS
    assert not new.filter(live=False).exists()
    assert not new.filter(index_number__isnull=True).exists()
    assert not new.filter(published_date__isnull=True).exists()
    assert 0.15 * ITEMS < new.exclude(document_number="").count() < 0.45 * ITEMS  # 文号 on about 30 %
    assert SearchEntry.objects.filter(page__in=new).count() == ITEMS
    assert {page.get_parent().specific_class for page in new[:20]} == {ColumnPage}

    # The tree is valid by treebeard's own check and by the bulk one.
    assert Page.find_problems() == ([], [], [], [], [])
    assert tree_problems(sql=True) == {}

    # A filled item renders through Wagtail's routing and is found by its 文号.
    page = new.exclude(document_number="").order_by("?").first()
    response = client.get(page.get_url())
    assert response.status_code == 200
    assert page.title in response.content.decode()
    assert page.index_number in response.content.decode()
    assert page.pk in search(page.document_number).page_ids()

    # The report has each figure, and the query counts meet the target (they do not depend on the machine).
    assert re.search(rf"^FILL 写入 {ITEMS} 条公开信息.*秒", text, re.MULTILINE)
    assert re.search(r"^TREE 页面树检查：\d+ 个页面，无问题", text, re.MULTILINE)
    for kind in ("home", "column", "column deep", "item", "search"):
        assert re.search(RENDER_LINE.format(kind=kind), text, re.MULTILINE), kind
    assert re.search(r"^SEARCH ALL +[\d.]+ +[\d.]+ +[\d.]+$", text, re.MULTILINE)
    assert "TARGET 信息页未缓存 p95" in text
    assert "TARGET 检索 p95" in text
    item_queries = re.search(RENDER_LINE.format(kind="item"), text, re.MULTILINE).group(1)
    assert int(item_queries) <= ITEM_MAX_QUERIES
    assert f"每页查询 ≤ {ITEM_MAX_QUERIES} 条：达到" in text

    # The addresses that scripts/bench-portal.sh loads with wrk.
    urls = json.loads(urls_file.read_text(encoding="utf-8"))
    assert urls["home"] == "/"
    assert len(urls["items"]) == 30
    assert all(url.startswith("/search/?") for url in urls["searches"])
    for url in [*urls["columns_deep"], *urls["searches"]]:
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        assert client.get(urls["items"][-1]).status_code == 200
    assert len(captured.captured_queries) <= ITEM_MAX_QUERIES


def test_tree_check_reports_a_wrong_child_count(home):
    build_portal_site(home)
    assert tree_problems(sql=True) == {}
    column = ColumnPage.objects.filter(numchild__gt=0).first()
    Page.objects.filter(pk=column.pk).update(numchild=column.numchild + 1)
    assert tree_problems(sql=True) == {"wrong_numchild": 1}
    assert tree_problems(sql=False) == {"wrong_numchild": 1}


def test_tree_check_reports_a_wrong_depth_and_an_orphan(home):
    build_portal_site(home)
    item = ArticlePage.objects.first()
    Page.objects.filter(pk=item.pk).update(depth=item.depth + 1, path=item.path[:-8] + "ZZZZ" + item.path[-4:])
    found = tree_problems(sql=True)
    assert found.get("orphans") == 1
    assert found.get("wrong_depth") == 1
    assert found.get("wrong_numchild") == 1  # the old parent lost a child


def test_refuses_without_a_home_page(db):
    with pytest.raises(CommandError, match="load_demo"):
        call_command("bench_portal", items=10, stdout=StringIO())


def test_children_of_a_page_are_found_through_the_depth_path_index(home):
    # portal.0003: treebeard's "depth = d AND path BETWEEN …" must not read every descendant.
    constraints = connection.introspection.get_constraints(connection.cursor(), Page._meta.db_table)
    assert constraints["portal_page_depth_path"]["columns"] == ["depth", "path"]
    if connection.vendor == "sqlite":
        build_portal_site(home)
        home.refresh_from_db()  # treebeard answers none() for a page it believes childless
        sql, params = home.get_children().live().order_by("path").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "portal_page_depth_path" in plan
