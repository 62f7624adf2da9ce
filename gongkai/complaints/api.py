"""Read-only JSON of published 投诉举报查处结果 under /api/v1/complaints/ (docs/complaints.md).

The same visibility and fields as the public pages: live results only, masked texts only, the
county as the place; never the reporter, their phone, the typed address, or unpublished photos.
"""

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse

from gongkai.api.http import ApiError, api_view, positive_int, reject_unknown
from gongkai.complaints import regions, selectors
from gongkai.complaints.models import Category, ComplaintResult

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_DIGITS = 9
LIST_PARAMETERS = ("category", "prefecture", "page", "page_size")


def result_summary(request: HttpRequest, result: ComplaintResult) -> dict[str, Any]:
    complaint = result.complaint
    return {
        "id": result.pk,
        "url": request.build_absolute_uri(reverse("complaints_public:result", args=[result.pk])),
        "category": {"code": complaint.category, "name": complaint.get_category_display()},
        "prefecture": {"code": complaint.prefecture_code, "name": complaint.prefecture_name},
        "county": {"code": complaint.county_code, "name": complaint.county_name},
        "received_on": complaint.received_on.isoformat(),
        "closed_on": complaint.closed_on.isoformat() if complaint.closed_on else None,
        "department": {"code": result.department.code, "name": result.department.name},
    }


def result_detail_data(request: HttpRequest, result: ComplaintResult) -> dict[str, Any]:
    photos = result.complaint.evidence.filter(publishable=True)
    return {
        **result_summary(request, result),
        "findings": result.public_findings,
        "measures": result.public_measures,
        "penalty_decision_number": result.penalty_decision_number,
        "photos": [
            request.build_absolute_uri(reverse("complaints_public:result_evidence", args=[result.pk, photo.pk]))
            for photo in photos
        ],
    }


@api_view
def result_list(request: HttpRequest) -> dict[str, Any]:
    reject_unknown(request, LIST_PARAMETERS)
    results = selectors.public_results()
    category = request.GET.get("category", "")
    if category:
        if category not in Category.values:
            raise ApiError(
                "unknown_value", f"参数 category 的取值应为：{'、'.join(Category.values)}。", parameter="category"
            )
        results = results.filter(complaint__category=category)
    prefecture = request.GET.get("prefecture", "")
    if prefecture:
        if regions.prefecture(prefecture) is None:
            raise ApiError(
                "unknown_value", "参数 prefecture 应为贵州省市（州）的行政区划代码，如 520100。", parameter="prefecture"
            )
        results = results.filter(complaint__prefecture_code=prefecture)
    page_size = positive_int(request, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)
    number = positive_int(request, "page", 1, 10**MAX_DIGITS - 1)
    paginator = Paginator(results, page_size)
    if number > paginator.num_pages:
        raise ApiError("invalid_parameter", f"参数 page 超出范围：共 {paginator.num_pages} 页。", parameter="page")
    page = paginator.page(number)
    return {
        "total": paginator.count,
        "page": page.number,
        "page_size": page_size,
        "num_pages": paginator.num_pages,
        "items": [result_summary(request, result) for result in page.object_list],
    }


@api_view
def result_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    reject_unknown(request, ())
    result = selectors.public_results().filter(pk=pk).first()
    if result is None:
        raise ApiError("not_found", f"编号为 {pk} 的查处结果不存在或未公开。", status=404)
    return result_detail_data(request, result)
