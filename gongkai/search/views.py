"""The public search page at /search/."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.core import ratelimit
from gongkai.search.forms import SearchForm
from gongkai.search.services import COUNT_CAP, MAX_QUERY_LENGTH, PAGE_SIZE, SearchResults, search

MAX_PAGE = COUNT_CAP // PAGE_SIZE


def _page_number(raw: str | None) -> int:
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


def search_view(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    query = data.get("q", "").strip()
    notices = []
    if len(query) > MAX_QUERY_LENGTH:
        query = query[:MAX_QUERY_LENGTH]
        notices.append(f"检索词过长，已按前{MAX_QUERY_LENGTH}个字检索。")
    data["q"] = query
    form = SearchForm(data, request=request)
    context = {"form": form, "notices": notices, "results": None, "query": query}
    if not form.is_valid():
        return render(request, "search/search.html", context, status=400)

    # A person reads the results between queries; a script firing hundreds a minute is held back.
    address = ratelimit.client_address(request)
    if query and ratelimit.hit("search", address, window_seconds=60) > settings.GONGKAI_SEARCH_PER_MINUTE:
        context["notices"] = [*notices, "检索过于频繁，请稍候一分钟再试。"]
        response = render(request, "search/search.html", context, status=429)
        response["Retry-After"] = "60"
        return response

    number = _page_number(request.GET.get("page"))
    results = search(query, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE, **form.filters())
    if not results.hits and results.total and number > 1:
        # A page past the end (an old link): show the last page instead.
        number = (results.total - 1) // PAGE_SIZE + 1
        results = search(query, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE, **form.filters())
    context["results"] = results
    context.update(_pagination(request, results, number))
    return render(request, "search/search.html", context)


def _pagination(request: HttpRequest, results: SearchResults, number: int) -> dict:
    if results.total <= PAGE_SIZE:
        return {}
    # range() stands in for the hits: the paginator only needs its length.
    paginator = Paginator(range(results.total), PAGE_SIZE)
    page_obj = paginator.get_page(number)
    params = request.GET.copy()
    params["q"] = results.query
    params.pop("page", None)
    return {
        "page_obj": page_obj,
        "page_range": paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1),
        "page_query": params.urlencode(),
    }
