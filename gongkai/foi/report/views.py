"""The public page of an annual report's tables: /foi/annual-report/<year>/.

The portal's rich text keeps no tables, so the report item links here. The public sees the figures
frozen at publication, and only while the report item is live; the disclosure office may preview
the figures as they are now (with the consistency breaches) before publishing.
"""

import logging

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.foi.models import AnnualReport
from gongkai.foi.permissions import can_handle
from gongkai.foi.report import layout
from gongkai.foi.report import tables as t

logger = logging.getLogger("gongkai.foi")

# 条例 (2007) took effect in 2008: no report year lies before it.
MIN_YEAR, MAX_YEAR = 2008, 9999


def annual_report(request: HttpRequest, year: int) -> HttpResponse:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404("年份无效。")
    report = AnnualReport.objects.filter(year=year).select_related("page").first()
    item = report.page.specific if report and report.page_id and report.page.live else None
    preview = False
    if item is not None and report.published_at is not None and report.snapshot is not None:
        try:
            data = t.from_json(report.snapshot, report=report)
        except ValueError:
            logger.exception("Snapshot of the %s annual report cannot be read", year)
            raise Http404("该年度报告的数据暂不可用。") from None
    elif can_handle(request.user):
        data = t.report_data(report) if report else t.compute(year)
        preview = True
    else:
        raise Http404("该年度的政府信息公开工作年度报告尚未发布。")
    attachments = list(item.attachments.select_related("document")) if item is not None else []
    return render(
        request,
        "foi/report/annual_report.html",
        {
            "data": data,
            "sections": [s for s in layout.sections(data) if s.grid is not None],
            "item": item,
            "attachments": attachments,
            "preview": preview,
        },
    )
