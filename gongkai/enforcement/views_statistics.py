"""The public 行政执法统计年报 under /enforcement/statistics/ (docs/enforcement-statistics.md).

/enforcement/statistics/ shows last year (118号 asks for last year's data by 31 January);
``?year=`` from the year selector redirects to /enforcement/statistics/<year>/, which shows that
year's tables, and /enforcement/statistics/<year>/xlsx/ downloads them as a workbook. A year before
2000 or after this year answers 404; a ``?year=`` that is not a year answers 400 with the selector.

Everything shown is a count or a sum (``statistics.tables``): nothing here names a party.
"""

import datetime

from django.db.models import Min
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header

from gongkai.calendar import services as calendar
from gongkai.enforcement import rules
from gongkai.enforcement.models import Decision
from gongkai.enforcement.statistics import tables as t
from gongkai.enforcement.views_public import menu
from gongkai.portal.templatetags.portal_tags import site_root

TITLE = "行政执法统计年报"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_YEAR_DIGITS = 4


def _year_or_404(year: int, today: datetime.date) -> int:
    if not t.valid_year(year, today):
        raise Http404(f"年份无效：可查询{t.FIRST_YEAR}年至{today.year}年的行政执法统计年报。")
    return year


def _year_choices(today: datetime.date, selected: int | None) -> list[int]:
    """From this year back to the first year with a decision (at least last year), newest first."""
    first = Decision.objects.aggregate(first=Min("decision_date"))["first"]
    earliest = min(first.year if first else today.year - 1, today.year - 1)
    if selected is not None:
        earliest = min(earliest, selected)
    return list(range(today.year, max(earliest, t.FIRST_YEAR) - 1, -1))


def _statistics_menu() -> list[dict]:
    return menu("statistics")


def _render(
    request: HttpRequest,
    today: datetime.date,
    stats: t.EnforcementStatistics | None,
    *,
    notices: list[str] = (),
    status: int = 200,
) -> HttpResponse:
    root = site_root(request)
    title = stats.title if stats else TITLE
    trail = [{"title": "行政执法公示", "url": reverse("enforcement_public:index")}]
    if stats is not None:
        trail.append({"title": TITLE, "url": reverse("enforcement_statistics:index")})
    context = {
        "crumbs": {"home_url": root.get_url(request) if root else "/", "trail": trail, "current_title": title},
        "enf_menu": _statistics_menu(),
        "enf_title": title,
        "notices": list(notices),
        "stats": stats,
        "tables": t.tables(stats) if stats else [],
        "years": _year_choices(today, stats.year if stats else None),
        "selected_year": stats.year if stats else today.year - 1,
        "order_118": t.ORDER_118_SHORT,
        "limits": {"fast": rules.PUBLICATION_FAST.days, "other": rules.PUBLICATION_OTHER.days},
        "xlsx_url": reverse("enforcement_statistics:xlsx", args=[stats.year]) if stats else "",
    }
    return render(request, "enforcement/statistics/report.html", context, status=status)


def index(request: HttpRequest) -> HttpResponse:
    """Last year's statistics; ``?year=`` (the selector) redirects to that year's address."""
    today = calendar.current_date()
    raw = (request.GET.get("year") or "").strip()
    if raw:
        if not (raw.isascii() and raw.isdigit() and len(raw) <= MAX_YEAR_DIGITS):
            notice = f"年份“{raw[:20]}”无效，请选择{t.FIRST_YEAR}年至{today.year}年之间的年份。"
            return _render(request, today, None, notices=[notice], status=400)
        year = _year_or_404(int(raw), today)
        return redirect("enforcement_statistics:year", year=year)
    return _render(request, today, t.cached(today.year - 1, today=today))


def year_statistics(request: HttpRequest, year: int) -> HttpResponse:
    today = calendar.current_date()
    _year_or_404(year, today)
    return _render(request, today, t.cached(year, today=today))


def year_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    from gongkai.enforcement.statistics.xlsx import render_xlsx

    today = calendar.current_date()
    _year_or_404(year, today)
    response = HttpResponse(render_xlsx(t.cached(year, today=today)), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"enforcement-statistics-{year}.xlsx"
    )
    return response
