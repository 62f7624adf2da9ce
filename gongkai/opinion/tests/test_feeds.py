"""Fetching feeds from a local HTTP server on loopback: conditional GET, timeout, size limit, errors."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.opinion.feeds import fetch_due_sources, fetch_source
from gongkai.opinion.models import FetchLog, Item, Source
from gongkai.opinion.tasks import fetch_opinion_sources
from gongkai.opinion.tests.factories import SourceFactory
from gongkai.opinion.tests.feedserver import FeedServer, atom, rss

pytestmark = pytest.mark.django_db


def entries(n: int, *, prefix: str = "e", hours_ago: float = 1) -> list[dict]:
    now = timezone.now()
    return [
        {
            "guid": f"{prefix}{i}",
            "title": f"{prefix}号新闻：某县第{i}家企业完成整改",
            "text": f"第{i}家企业已完成环保整改，监测数据达标。",
            "published": now - datetime.timedelta(hours=hours_ago + i),
        }
        for i in range(n)
    ]


@pytest.fixture
def server(tmp_path):
    with FeedServer(tmp_path) as running:
        yield running


def test_a_feed_is_ingested_and_then_fetched_conditionally(server, tmp_path):
    (tmp_path / "news.xml").write_text(rss(entries(3)), encoding="utf-8")
    source = SourceFactory(url=f"{server.base}/news.xml")
    log = fetch_source(source)
    assert log.status == FetchLog.Status.OK and log.new_items == 3
    source.refresh_from_db()
    assert source.etag and source.last_modified and source.last_error == ""
    item = Item.objects.get(external_id=f"{source.pk}:e0")
    assert item.source == source and item.url == "https://news.example.cn/e0"
    assert item.text == "第0家企业已完成环保整改，监测数据达标。"  # HTML stripped

    second = fetch_source(source)
    assert second.status == FetchLog.Status.NOT_MODIFIED and second.new_items == 0
    assert server.requests[-1]["if-none-match"] == source.etag
    assert server.requests[-1]["if-modified-since"] == source.last_modified

    (tmp_path / "news.xml").write_text(rss(entries(4)), encoding="utf-8")
    third = fetch_source(source)
    assert third.status == FetchLog.Status.OK and third.new_items == 1  # only the new entry
    assert Item.objects.filter(source=source).count() == 4


def test_atom_feeds_are_read_too(server, tmp_path):
    (tmp_path / "forum.xml").write_text(atom(entries(2, prefix="a")), encoding="utf-8")
    source = SourceFactory(url=f"{server.base}/forum.xml")
    assert fetch_source(source).new_items == 2
    item = Item.objects.get(external_id=f"{source.pk}:urn:test:a1")
    assert item.text == "第1家企业已完成环保整改，监测数据达标。"
    assert item.url == "https://forum.example.cn/a1"


def test_errors_are_recorded_per_source_and_never_stop_the_others(server, tmp_path, settings):
    settings.GONGKAI_OPINION_FETCH_TIMEOUT_SECONDS = 0.5
    settings.GONGKAI_OPINION_FETCH_MAX_BYTES = 50_000
    (tmp_path / "good.xml").write_text(rss(entries(2)), encoding="utf-8")
    (tmp_path / "junk.xml").write_text("这不是订阅源", encoding="utf-8")
    missing = SourceFactory(name="不存在", url=f"{server.base}/missing.xml")
    slow = SourceFactory(name="很慢", url=f"{server.base}/slow")
    big = SourceFactory(name="太大", url=f"{server.base}/big")
    junk = SourceFactory(name="不是订阅源", url=f"{server.base}/junk.xml")
    closed = SourceFactory(name="无法连接", url="http://127.0.0.1:9/feed.xml")
    good = SourceFactory(name="正常", url=f"{server.base}/good.xml")
    logs = {log.source.name: log for log in fetch_due_sources()}
    assert logs["正常"].status == "ok" and logs["正常"].new_items == 2
    assert "HTTP 404" in logs["不存在"].error
    assert "超时" in logs["很慢"].error
    assert "大小上限" in logs["太大"].error
    assert "不是有效的 RSS 或 Atom" in logs["不是订阅源"].error
    assert "无法连接" in logs["无法连接"].error
    for source in (missing, slow, big, junk, closed):
        source.refresh_from_db()
        assert source.last_error and source.consecutive_failures == 1 and source.last_success_at is None
    good.refresh_from_db()
    assert good.consecutive_failures == 0 and good.last_success_at is not None


def test_only_due_active_sources_are_fetched(server, tmp_path):
    (tmp_path / "a.xml").write_text(rss(entries(1)), encoding="utf-8")
    due = SourceFactory(name="到期", url=f"{server.base}/a.xml")
    SourceFactory(name="刚抓过", url=f"{server.base}/a.xml", last_fetched_at=timezone.now())
    SourceFactory(name="停用", url=f"{server.base}/a.xml", active=False)
    assert [log.source for log in fetch_due_sources()] == [due]
    assert len(fetch_due_sources(force=True)) == 2  # --all: every active source, due or not


def test_the_management_command_and_the_task(server, tmp_path):
    (tmp_path / "a.xml").write_text(rss(entries(2)), encoding="utf-8")
    SourceFactory(name="省内新闻", url=f"{server.base}/a.xml")
    out = StringIO()
    call_command("opinion_fetch", stdout=out)
    assert "省内新闻：成功，新增 2 条" in out.getvalue()
    assert "共抓取 1 个订阅源" in out.getvalue()
    # The immediate backend runs the task at once; nothing is due any more, --all fetches again (304).
    result = fetch_opinion_sources.enqueue(force=True)
    assert result.return_value == {"sources": 1, "new_items": 0, "errors": 0}
    assert FetchLog.objects.filter(status="not_modified").count() == 1


def test_only_web_addresses_are_fetched():
    source = Source.objects.create(name="本地文件", url="file:///etc/passwd")
    log = fetch_source(source)
    assert log.status == "error" and "http 或 https" in log.error
