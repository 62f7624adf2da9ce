"""Read-only JSON of 政策文件与解读 under /api/v1/policies/ (docs/policies.md).

Only what the public pages show: live policies, their live interpretations, 文件沿革 and the
published 政策问答. Never the 舆情风险评估, exemption requests or anything still in review.
"""

import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest

from gongkai.api.http import ApiError, api_view, positive_int, reject_unknown
from gongkai.catalog.models import LegalForm, Validity
from gongkai.policies import selectors
from gongkai.policies.models import PolicyPage

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_DIGITS = 9
LIST_PARAMETERS = (
    "validity",
    "legal_form",
    "published_from",
    "published_to",
    "effective_on",
    "page",
    "page_size",
)


def _date(request: HttpRequest, name: str) -> datetime.date | None:
    raw = request.GET.get(name, "")
    if raw == "":
        return None
    try:
        if len(raw) == 10:
            return datetime.date.fromisoformat(raw)
    except ValueError:
        pass
    raise ApiError("invalid_parameter", f"参数 {name} 应为 YYYY-MM-DD 格式的日期。", parameter=name)


def _choice_param(request: HttpRequest, name: str, choices) -> str:
    raw = request.GET.get(name, "")
    if raw and raw not in choices.values:
        raise ApiError("invalid_parameter", f"参数 {name} 取值应为：{'、'.join(choices.values)}。", parameter=name)
    return raw


def _code(value: str, label: str) -> dict[str, str] | None:
    return {"code": value, "name": label} if value else None


def _date_text(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _link(request: HttpRequest, page) -> dict[str, Any]:
    return {"id": page.pk, "title": page.title, "url": request.build_absolute_uri(page.url)}


def policy_summary(request: HttpRequest, policy: PolicyPage) -> dict[str, Any]:
    return {
        "id": policy.pk,
        "title": policy.title,
        "url": request.build_absolute_uri(policy.url),
        "document_number": policy.document_number,
        "index_number": policy.index_number,
        "department": {"code": policy.department.code, "name": policy.department.name},
        "legal_form": _code(policy.legal_form, policy.get_legal_form_display()),
        "validity": {"code": policy.validity, "name": policy.get_validity_display()},
        "written_date": _date_text(policy.written_date),
        "published_date": _date_text(policy.published_date),
        "effective_date": _date_text(policy.effective_date),
        "livelihood": policy.livelihood,
    }


def policy_detail_data(request: HttpRequest, policy: PolicyPage) -> dict[str, Any]:
    superseded_by = policy.superseded_by if policy.superseded_by_id and policy.superseded_by.live else None
    return {
        **policy_summary(request, policy),
        "summary": policy.summary,
        "superseded_by": _link(request, superseded_by) if superseded_by else None,
        "interpretations": [
            {**_link(request, item), "form": {"code": item.form, "name": item.get_form_display()}}
            for item in policy.live_interpretations()
        ],
        "relations": [
            {"kind": {"code": r.kind, "name": r.get_kind_display()}, "policy": _link(request, r.target), "note": r.note}
            for r in policy.relations.select_related("target")
            if r.target.live
        ],
        "history": [
            {
                "date": entry.date.isoformat(),
                "event": {"code": entry.event, "name": entry.get_event_display()},
                "policy": _link(request, entry.other) if entry.other and entry.other.live else None,
                "note": entry.note,
            }
            for entry in policy.history()
        ],
        "questions": [{"id": q.pk, "question": q.question, "answer": q.answer} for q in policy.published_questions()],
    }


@api_view
def policy_list(request: HttpRequest) -> dict[str, Any]:
    reject_unknown(request, LIST_PARAMETERS)
    policies = selectors.filter_policies(
        selectors.public_policies(),
        validity=_choice_param(request, "validity", Validity),
        legal_form=_choice_param(request, "legal_form", LegalForm),
        published_from=_date(request, "published_from"),
        published_to=_date(request, "published_to"),
        effective_on=_date(request, "effective_on"),
    )
    page_size = positive_int(request, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)
    number = positive_int(request, "page", 1, 10**MAX_DIGITS - 1)
    paginator = Paginator(policies, page_size)
    if number > paginator.num_pages:
        raise ApiError("invalid_parameter", f"参数 page 超出范围：共 {paginator.num_pages} 页。", parameter="page")
    page = paginator.page(number)
    return {
        "total": paginator.count,
        "page": page.number,
        "page_size": page_size,
        "num_pages": paginator.num_pages,
        "items": [policy_summary(request, policy) for policy in page.object_list],
    }


@api_view
def policy_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    reject_unknown(request, ())
    policy = selectors.public_policies().filter(pk=pk).first()
    if policy is None:
        raise ApiError("not_found", f"编号为 {pk} 的政策文件不存在或未公开。", status=404)
    return policy_detail_data(request, policy)
