"""Read-only JSON API for published disclosure items (/api/v1/). Plain Django views; see docs/api.md."""

import datetime
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from gongkai.api import serializers
from gongkai.api.http import ApiError, api_view, error_response
from gongkai.catalog.models import GenreCategory, TopicCategory
from gongkai.catalog.selectors import published_items, topic_and_descendant_ids
from gongkai.org.models import Department

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# Deeper paging than this is a crawl; updated_since is the way to harvest incrementally.
MAX_OFFSET = 100_000
MAX_QUERY_LENGTH = 100
ITEM_PARAMETERS = ("column", "department", "topic", "genre", "year", "q", "updated_since", "limit", "offset")


def _reject_unknown(request: HttpRequest, allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(request.GET) - set(allowed))
    if unknown:
        raise ApiError(
            "unknown_parameter",
            f"不支持的参数：{'、'.join(unknown)}。可用参数：{'、'.join(allowed) or '无'}。",
            parameter=unknown[0],
        )


def _digits(raw: str) -> bool:
    # str.isdigit() alone also accepts "²" and other characters int() refuses.
    return raw.isascii() and raw.isdigit()


def _int(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    if not _digits(raw) or len(raw) > 9 or not low <= int(raw) <= high:
        raise ApiError("invalid_parameter", f"参数 {name} 应为 {low} 到 {high} 之间的整数。", parameter=name)
    return int(raw)


def _year(raw: str) -> int:
    if not (_digits(raw) and len(raw) == 4 and 1949 <= int(raw) <= 9999):
        raise ApiError("invalid_parameter", "参数 year 应为四位年份，如 2026。", parameter="year")
    return int(raw)


def _updated_since(raw: str) -> datetime.datetime:
    """ISO 8601 date or date-time; without an offset it is Beijing time."""
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            if day is not None:
                moment = datetime.datetime.combine(day, datetime.time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise ApiError(
            "invalid_parameter",
            "参数 updated_since 应为 ISO 8601 日期或时间，如 2026-01-01 或 2026-01-01T08:00:00+08:00。",
            parameter="updated_since",
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _column(raw: str):
    from gongkai.portal.models import ColumnPage

    columns = ColumnPage.objects.live().public()
    column = columns.filter(pk=int(raw)).first() if _digits(raw) and len(raw) < 10 else None
    if column is None:
        column = columns.filter(slug=raw[:255]).order_by("path").first()
    if column is None:
        raise ApiError("unknown_value", f"栏目“{raw[:50]}”不存在或未公开。", parameter="column")
    return column


def _by_code(model, raw: str, parameter: str, label: str):
    obj = model.objects.filter(code=raw[:50]).first()
    if obj is None:
        raise ApiError("unknown_value", f"{label}代码“{raw[:50]}”不存在。", parameter=parameter)
    return obj


@api_view
def index(request: HttpRequest) -> dict[str, Any]:
    _reject_unknown(request, ())
    absolute = request.build_absolute_uri
    return {
        "name": "政务公开开放接口",
        "version": "v1",
        "openapi": absolute("/api/v1/openapi.json"),
        "endpoints": {
            "items": absolute("/api/v1/items/"),
            "columns": absolute("/api/v1/columns/"),
            "departments": absolute("/api/v1/departments/"),
            "enforcement_decisions": absolute("/api/v1/enforcement/decisions/"),
        },
    }


@api_view
def item_list(request: HttpRequest) -> dict[str, Any]:
    _reject_unknown(request, ITEM_PARAMETERS)
    get = request.GET
    limit = _int(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = _int(request, "offset", 0, 0, MAX_OFFSET)

    pages = published_items()
    column = department = genre = year = None
    if get.get("column"):
        column = _column(get["column"])
        pages = pages.descendant_of(column)
    if get.get("department"):
        department = _by_code(Department, get["department"], "department", "发布机构")
        pages = pages.filter(department=department)
    if get.get("topic"):
        topic = _by_code(TopicCategory, get["topic"], "topic", "主题分类")
        pages = pages.filter(topic_id__in=topic_and_descendant_ids(topic))
    if get.get("genre"):
        genre = _by_code(GenreCategory, get["genre"], "genre", "体裁分类")
        pages = pages.filter(genre=genre)
    if get.get("year"):
        year = _year(get["year"])
        pages = pages.filter(published_date__year=year)
    if get.get("updated_since"):
        pages = pages.filter(last_published_at__gte=_updated_since(get["updated_since"]))

    query = get.get("q", "").strip()
    if query:
        if len(query) > MAX_QUERY_LENGTH:
            raise ApiError("invalid_parameter", f"检索词不能超过{MAX_QUERY_LENGTH}个字符。", parameter="q")
        # The search index carries column, department, year and genre, not topic or update time.
        for other in ("topic", "updated_since"):
            if get.get(other):
                raise ApiError("invalid_parameter", f"参数 q 不能与参数 {other} 同时使用。", parameter=other)
        total, batch = _search(
            query, pages, column=column, department=department, year=year, genre=genre, offset=offset, limit=limit
        )
    else:
        pages = pages.order_by("-published_date", "-pk")
        total = pages.count()
        batch = list(pages[offset : offset + limit])
    return {"total": total, "limit": limit, "offset": offset, "items": serializers.items(request, batch)}


def _search(query: str, pages, *, column, department, year, genre, offset: int, limit: int):
    """Full-text matches from gongkai.search, in its order (title matches first, then newest).

    The search service filters by column, department, year and genre itself; the page ids it
    returns are read back through ``pages`` (the published, filtered set) so that nothing
    unpublished can slip through an index that is a moment behind.
    """
    from gongkai.search.services import search

    results = search(
        query,
        column=column,
        department=department,
        year=year,
        genre=genre,
        offset=offset,
        limit=limit,
        items_only=True,  # plain pages (信息公开指南…) are not API items
    )
    ids = results.page_ids()
    found = pages.in_bulk(ids)
    return results.total, [found[pk] for pk in ids if pk in found]


@api_view
def item_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    _reject_unknown(request, ())
    page = published_items().filter(pk=pk).first()
    if page is None:
        raise ApiError("not_found", f"编号为 {pk} 的公开信息不存在或未公开。", status=404)
    return serializers.item_detail(request, page)


@api_view
def column_list(request: HttpRequest) -> dict[str, Any]:
    from gongkai.portal.models import ColumnPage

    _reject_unknown(request, ())
    pages = list(ColumnPage.objects.live().public().order_by("path"))
    return {"total": len(pages), "items": serializers.columns(request, pages)}


@api_view
def department_list(request: HttpRequest) -> dict[str, Any]:
    _reject_unknown(request, ())
    rows = list(Department.objects.order_by("sort_order", "pk"))
    return {"total": len(rows), "items": serializers.departments(rows)}


@api_view
def openapi_document(request: HttpRequest) -> dict[str, Any]:
    from gongkai.api.openapi import build_openapi

    _reject_unknown(request, ())
    return build_openapi()


def not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """Any other address under /api/v1/: a JSON 404, never the site's HTML page."""
    return error_response(ApiError("not_found", "接口地址不存在。请参阅 /api/v1/openapi.json。", status=404))
