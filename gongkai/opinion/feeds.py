"""Fetching the RSS/Atom sources: conditional GET, a timeout, a size limit, errors kept per source.

``fetch_source`` never raises for a feed's fault (unreachable, slow, too large, not a feed): it
records the error on the source and in a ``FetchLog`` row, so that one bad feed never stops the
others (``fetch_due_sources``). Parsing is feedparser's, which copes with every RSS and Atom dialect,
encodings and date formats.
"""

import calendar
import datetime
import html
import logging
import urllib.error
import urllib.request

import feedparser
from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from django.utils.html import strip_tags

from gongkai.opinion.models import FetchLog, Source, SourceKind
from gongkai.opinion.services import IngestContext, ItemInput, ingest_batch

logger = logging.getLogger(__name__)
# Header values must be Latin-1.
USER_AGENT = "Gongkai-opinion/1.0"


class FetchError(Exception):
    """What went wrong, in Chinese, as staff see it on the source."""


def _download(source: Source) -> tuple[int, bytes, dict[str, str]]:
    if not source.url.lower().startswith(("http://", "https://")):
        raise FetchError("订阅地址须为 http 或 https 地址。")
    request = urllib.request.Request(source.url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    if source.etag:
        request.add_header("If-None-Match", source.etag)
    if source.last_modified:
        request.add_header("If-Modified-Since", source.last_modified)
    limit = settings.GONGKAI_OPINION_FETCH_MAX_BYTES
    try:
        with urllib.request.urlopen(request, timeout=settings.GONGKAI_OPINION_FETCH_TIMEOUT_SECONDS) as response:
            body = response.read(limit + 1)
            headers = {k.lower(): v for k, v in response.headers.items()}
            status = response.status
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return 304, b"", {}
        raise FetchError(f"服务器返回错误 HTTP {error.code}。") from error
    except TimeoutError as error:
        raise FetchError("连接超时。") from error
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise FetchError("连接超时。") from error
        raise FetchError(f"无法连接：{reason}。") from error
    except OSError as error:
        raise FetchError(f"读取失败：{error}。") from error
    if len(body) > limit:
        raise FetchError(f"订阅内容超过大小上限（{limit // 1024} KB），已放弃。")
    return status, body, headers


def _entry_time(entry) -> datetime.datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.datetime.fromtimestamp(calendar.timegm(parsed), tz=datetime.UTC)


def _entry_text(entry) -> str:
    parts = entry.get("content") or []
    raw = parts[0].get("value", "") if parts else entry.get("summary", "")
    return html.unescape(strip_tags(raw or "")).strip()


def parse_entries(source: Source, body: bytes, headers: dict[str, str]) -> list[ItemInput]:
    parsed = feedparser.parse(body, response_headers={"content-type": headers.get("content-type", "")})
    if parsed.bozo and not parsed.entries:
        raise FetchError("内容不是有效的 RSS 或 Atom 订阅源。")
    inputs = []
    for entry in parsed.entries:
        title = html.unescape(strip_tags(entry.get("title", ""))).strip()
        link = entry.get("link", "")
        identifier = entry.get("id") or link or title
        if not identifier:
            continue
        inputs.append(
            ItemInput(
                source_kind=SourceKind.FEED,
                external_id=f"{source.pk}:{identifier}",
                title=title,
                text=_entry_text(entry),
                url=link,
                published_at=_entry_time(entry),
                source=source,
            )
        )
    return inputs


def fetch_source(
    source: Source, *, now: datetime.datetime | None = None, context: IngestContext | None = None
) -> FetchLog:
    """Fetch one source now and ingest its new entries."""
    now = now or timezone.now()
    status, new_items, error = FetchLog.Status.OK, 0, ""
    try:
        code, body, headers = _download(source)
        if code == 304:
            status = FetchLog.Status.NOT_MODIFIED
        else:
            created = ingest_batch(parse_entries(source, body, headers), context=context, now=now)
            new_items = len(created)
            source.etag = headers.get("etag", "")[:300]
            source.last_modified = headers.get("last-modified", "")[:100]
    except FetchError as failure:
        status, error = FetchLog.Status.ERROR, str(failure)[:500]
    except Exception as failure:  # a feed's fault must never stop the other sources
        logger.exception("opinion feed %s failed", source.pk)
        status, error = FetchLog.Status.ERROR, f"处理失败：{type(failure).__name__}"[:500]
    source.last_fetched_at = now
    if status == FetchLog.Status.ERROR:
        source.last_error = error
        source.consecutive_failures = F("consecutive_failures") + 1
    else:
        source.last_success_at = now
        source.last_error = ""
        source.consecutive_failures = 0
    source.save(
        update_fields=[
            "etag",
            "last_modified",
            "last_fetched_at",
            "last_success_at",
            "last_error",
            "consecutive_failures",
        ]
    )
    source.refresh_from_db(fields=["consecutive_failures"])
    return FetchLog.objects.create(source=source, fetched_at=now, status=status, new_items=new_items, error=error)


def due_sources(now: datetime.datetime):
    sources = Source.objects.filter(active=True)
    due = [s.pk for s in sources if s.last_fetched_at is None or s.last_fetched_at <= now - _interval(s)]
    return Source.objects.filter(Q(pk__in=due)).order_by("pk")


def _interval(source: Source) -> datetime.timedelta:
    return datetime.timedelta(minutes=source.fetch_interval_minutes)


def fetch_due_sources(*, now: datetime.datetime | None = None, force: bool = False) -> list[FetchLog]:
    """Fetch every active source whose interval has passed (all active ones with ``force``)."""
    now = now or timezone.now()
    sources = Source.objects.filter(active=True).order_by("pk") if force else due_sources(now)
    context = None
    logs = []
    for source in sources:
        context = context or IngestContext.load(preload=True)
        logs.append(fetch_source(source, now=now, context=context))
    return logs
