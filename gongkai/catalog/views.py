"""The public 主动公开目录: every published item, browsed by 主题分类 and by year of 发布日期."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from gongkai.catalog.models import TopicCategory
from gongkai.catalog.selectors import published_items, topic_and_descendant_ids, topic_counts, year_counts

PAGE_SIZE = 20
# Years outside this window cannot hold a published item; refusing them keeps bad links cheap.
MIN_YEAR, MAX_YEAR = 1949, 9999


def _parse_year(raw: str | None) -> int | None:
    if raw in (None, ""):
        return None
    # isascii(): str.isdigit() also accepts "²" and other digits int() refuses.
    if not (raw.isascii() and raw.isdigit()) or len(raw) != 4 or not MIN_YEAR <= int(raw) <= MAX_YEAR:
        raise Http404("年份无效")
    return int(raw)


def _parse_topic(raw: str | None) -> TopicCategory | None:
    if raw in (None, ""):
        return None
    # NUL cannot be stored in PostgreSQL text, so no code contains it (and querying with it fails).
    topic = None if "\x00" in raw else TopicCategory.objects.filter(code=raw[:20]).first()
    if topic is None:
        raise Http404("主题分类不存在")
    return topic


def catalog_index(request: HttpRequest) -> HttpResponse:
    """/catalog/?topic=<code>&year=<YYYY>&page=<n>: both filters optional and combinable."""
    topic = _parse_topic(request.GET.get("topic"))
    year = _parse_year(request.GET.get("year"))

    everything = published_items()
    in_topic = everything
    if topic is not None:
        in_topic = in_topic.filter(topic_id__in=topic_and_descendant_ids(topic))
    in_year = everything if year is None else everything.filter(published_date__year=year)
    items = in_topic if year is None else in_topic.filter(published_date__year=year)
    items = items.order_by("-published_date", "-pk")

    paginator = Paginator(items, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    filter_query = urlencode({k: v for k, v in (("topic", topic and topic.code), ("year", year)) if v})
    return render(
        request,
        "catalog/catalog_index.html",
        {
            "topic": topic,
            "year": year,
            "page_obj": page_obj,
            "page_range": paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1),
            # Faceted counts: each list counts within the other filter, so a link's number is
            # exactly what clicking it shows.
            "topics": [(t, n) for t, n in topic_counts(in_year) if n or t == topic],
            "years": [(y, n) for y, n in year_counts(in_topic) if n or y == year],
            "filter_query": filter_query,
        },
    )
