"""Read-only JSON of 突发环境事件 under /api/v1/opinion/ (docs/incidents.md, docs/api.md).

The same visibility as the pages: an incident is public once an update has been published through
review, and only published updates are listed, newest first. Monitored posts and events are staff
data and have no API.
"""

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse

from gongkai.api.http import ApiError, api_view
from gongkai.opinion import selectors
from gongkai.opinion.models import Incident, IncidentUpdate

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_ID_DIGITS = 9


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


def _time(value) -> str | None:
    return value.isoformat() if value else None


def update_data(update: IncidentUpdate) -> dict[str, Any]:
    return {
        "id": update.pk,
        "kind": {"code": update.kind, "name": update.get_kind_display()},
        "title": update.title,
        "body": update.body,
        "as_of": _time(update.as_of),
        "published_at": _time(update.first_published_at),
    }


def incident_summary(request: HttpRequest, incident: Incident) -> dict[str, Any]:
    return {
        "id": incident.pk,
        "url": request.build_absolute_uri(reverse("incidents_public:detail", args=[incident.pk])),
        "title": incident.title,
        "place": incident.place,
        "started_at": _time(incident.started_at),
        "level": {"code": incident.level, "name": incident.get_level_display()},
        "department": {"code": incident.department.code, "name": incident.department.name},
    }


@api_view
def incident_list(request: HttpRequest) -> dict[str, Any]:
    _reject_unknown(request, ("page", "page_size"))
    page_size = _positive(request, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)
    number = _positive(request, "page", 1, 10**MAX_ID_DIGITS - 1)
    paginator = Paginator(selectors.public_incidents(), page_size)
    if number > max(paginator.num_pages, 1):
        raise ApiError("invalid_parameter", f"参数 page 超出范围：共 {paginator.num_pages} 页。", parameter="page")
    page = paginator.page(number) if paginator.count else None
    items = []
    for incident in page.object_list if page else []:
        timeline = selectors.timeline(incident)
        items.append({**incident_summary(request, incident), "latest": update_data(timeline[0]) if timeline else None})
    return {
        "total": paginator.count,
        "page": number,
        "page_size": page_size,
        "num_pages": paginator.num_pages if paginator.count else 0,
        "items": items,
    }


@api_view
def incident_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    _reject_unknown(request, ())
    incident = selectors.public_incidents().filter(pk=pk).first()
    if incident is None:
        raise ApiError("not_found", f"编号为 {pk} 的突发环境事件不存在或尚未发布信息。", status=404)
    return {**incident_summary(request, incident), "updates": [update_data(u) for u in selectors.timeline(incident)]}
