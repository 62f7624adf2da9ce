"""Read-only JSON of 行政执法公示 under /api/v1/enforcement/ (docs/enforcement-public.md, docs/api.md).

The same visibility and the same public fields as the pages: ``selectors.public_decisions`` for
what exists, the masked ``public_*`` copies for every text, no identity document, and the legal
representative for organisations only. Query parameters are parsed by the pages' own parser
(``views_public.parse_decision_query``); where a page drops a bad value with a notice, the API
answers 400 so that a client notices its mistake.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from gongkai.api.http import ApiError, api_view, json_response
from gongkai.calendar.services import current_date
from gongkai.enforcement import selectors
from gongkai.enforcement.models import Decision, PartyCategory
from gongkai.enforcement.views_public import MAX_ID_DIGITS, PAGE_SIZE, format_wanyuan, parse_decision_query
from gongkai.org.models import Agency

MAX_PAGE_SIZE = 100
LIST_PARAMETERS = ("q", "kind", "department", "date_from", "date_to", "page", "page_size")


def _reject_unknown(request: HttpRequest, allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(request.GET) - set(allowed))
    if unknown:
        raise ApiError(
            "unknown_parameter",
            f"不支持的参数：{'、'.join(unknown)}。可用参数：{'、'.join(allowed) or '无'}。",
            parameter=unknown[0],
        )


def _positive(request: HttpRequest, name: str, default: int, high: int) -> int:
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > MAX_ID_DIGITS or not 1 <= int(raw) <= high:
        raise ApiError("invalid_parameter", f"参数 {name} 应为 1 到 {high} 之间的整数。", parameter=name)
    return int(raw)


def _choice(value: str, label: str) -> dict[str, str]:
    return {"code": value, "name": label}


def decision_summary(request: HttpRequest, decision: Decision) -> dict[str, Any]:
    """A list entry: what the public list page shows in a row, plus the publication end."""
    return {
        "id": decision.pk,
        "url": request.build_absolute_uri(reverse("enforcement_public:decision", args=[decision.pk])),
        "kind": _choice(decision.kind, decision.get_kind_display()),
        "document_title": decision.document_title,
        "decision_number": decision.decision_number,
        "decision_date": decision.decision_date.isoformat(),
        "party_name": decision.party_name,
        "party_category": _choice(decision.party_category, decision.get_party_category_display()),
        "department": {"code": decision.department.code, "name": decision.department.name},
        "public_until": decision.public_until.isoformat() if decision.public_until else None,
    }


def _amount(value) -> str | None:
    # A string, not a JSON number: 万元 with up to 6 decimals must not turn into a binary float.
    return format_wanyuan(value) if value is not None else None


def decision_detail_data(request: HttpRequest, decision: Decision, agency: Agency | None) -> dict[str, Any]:
    """Every public field of a decision. Texts are the masked copies only (``public_*``)."""
    organisation = decision.party_category == PartyCategory.ORGANISATION
    return {
        **decision_summary(request, decision),
        "party_uscc": decision.party_uscc,
        "legal_representative": decision.legal_representative if organisation else "",
        "violation_type": decision.violation_type,
        "penalty_types": list(decision.penalty_types or []),
        "fine_amount": _amount(decision.fine_amount),
        "confiscation_amount": _amount(decision.confiscation_amount),
        "suspended_license": decision.suspended_license,
        "license_category": decision.license_category,
        "certificate_name": decision.certificate_name,
        "license_number": decision.license_number,
        "valid_from": decision.valid_from.isoformat() if decision.valid_from else None,
        "valid_to": decision.valid_to.isoformat() if decision.valid_to else None,
        "public_facts": decision.public_facts,
        "public_basis": decision.public_basis,
        "public_content": decision.public_content,
        "public_remarks": decision.public_remarks,
        "public_full_text": decision.public_full_text,
        "authority": {"name": agency.name, "uscc": agency.uscc} if agency is not None else None,
    }


@api_view
def decision_list(request: HttpRequest) -> dict[str, Any]:
    _reject_unknown(request, LIST_PARAMETERS)
    query = parse_decision_query(request.GET)
    if query.problems:
        problem = query.problems[0]
        raise ApiError(problem.code, f"参数 {problem.parameter}：{problem.message}。", parameter=problem.parameter)
    page_size = _positive(request, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)
    number = _positive(request, "page", 1, 10**MAX_ID_DIGITS - 1)
    paginator = selectors.CappedPaginator(query.search(current_date()), page_size)
    if number > paginator.num_pages:
        raise ApiError("invalid_parameter", f"参数 page 超出范围：共 {paginator.num_pages} 页。", parameter="page")
    page = paginator.page(number)
    return {
        "total": paginator.count,
        "total_capped": paginator.capped,
        "page": page.number,
        "page_size": page_size,
        "num_pages": paginator.num_pages,
        "items": [decision_summary(request, decision) for decision in page.object_list],
    }


@api_view
def decision_detail(request: HttpRequest, pk: int) -> dict[str, Any] | HttpResponse:
    _reject_unknown(request, ())
    decision = Decision.objects.select_related("withdrawal").filter(pk=pk).first()
    if decision is None:
        raise ApiError("not_found", f"编号为 {pk} 的执法决定不存在或不在公示期内。", status=404)
    withdrawal = getattr(decision, "withdrawal", None)
    if withdrawal is not None:
        return json_response(
            {
                "error": {
                    "code": "withdrawn",
                    "message": (
                        f"该执法决定已于{withdrawal.withdrawn_on:%Y-%m-%d}撤下（{withdrawal.get_reason_display()}）。"
                    ),
                },
                "withdrawal": {
                    "decision_number": decision.decision_number,
                    "document_title": decision.document_title,
                    "reason": _choice(withdrawal.reason, withdrawal.get_reason_display()),
                    "statement": withdrawal.statement,
                    "withdrawn_on": withdrawal.withdrawn_on.isoformat(),
                },
                "publication_ended_on": None,
            },
            status=410,
        )
    if decision.removed_early_on is not None:
        # As on the page: after 信用修复 nothing of the decision is repeated, only the fact and the date.
        return json_response(
            {
                "error": {"code": "publication_ended", "message": "该执法决定信用修复后已停止公示。"},
                "withdrawal": None,
                "publication_ended_on": decision.removed_early_on.isoformat(),
            },
            status=410,
        )
    decision = selectors.public_decisions(current_date()).filter(pk=pk).first()
    if decision is None:
        raise ApiError("not_found", f"编号为 {pk} 的执法决定不存在或不在公示期内。", status=404)
    return decision_detail_data(request, decision, Agency.current())
