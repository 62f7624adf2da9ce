"""Read-only JSON of 新闻发布会与在线访谈 under /api/v1/interviews/ (docs/interviews.md).

The same visibility and fields as the public pages: published events only; questions only once
approved and without the asker; retracted transcript entries as bare markers.
"""

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from gongkai.api.http import ApiError, api_view, positive_int, reject_unknown
from gongkai.interviews.models import Event, Kind, Media, State
from gongkai.interviews.views_public import entry_data, public_entries, public_questions

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
LIST_PARAMETERS = ("kind", "year", "state", "page", "page_size")


def _choice(value: str, label: str) -> dict[str, str]:
    return {"code": str(value), "name": str(label)}


def event_summary(request: HttpRequest, event: Event, now=None) -> dict[str, Any]:
    state = event.state_at(now)
    return {
        "id": event.pk,
        "url": request.build_absolute_uri(reverse("interviews_public:event", args=[event.pk])),
        "kind": _choice(event.kind, event.get_kind_display()),
        "title": event.title,
        "state": _choice(state, state.label),
        "starts_at": timezone.localtime(event.starts_at).isoformat(),
        "ends_at": timezone.localtime(event.ends_at).isoformat(),
        "department": {"code": event.department.code, "name": event.department.name},
    }


def _related(request: HttpRequest, event: Event) -> list[dict[str, str]]:
    links = []
    for block in event.related:
        if block.block_type == "page":
            page = block.value
            if page is not None and page.live:
                links.append({"title": page.title, "url": request.build_absolute_uri(page.url)})
        else:
            links.append({"title": block.value["title"], "url": block.value["url"]})
    return links


def event_detail_data(request: HttpRequest, event: Event) -> dict[str, Any]:
    entries = []
    for entry in public_entries(event):
        data = entry_data(entry)
        data["time"] = None if entry.retracted else timezone.localtime(entry.created_at).isoformat()
        if data["image"]:
            data["image"] = request.build_absolute_uri(data["image"])
        entries.append(data)
    return {
        **event_summary(request, event),
        "topic": event.topic,
        "place": event.place,
        "webcast": event.webcast,
        "summary": event.summary,
        "guests": [
            {"name": b.value["name"], "title": b.value["title"], "organisation": b.value["organisation"]}
            for b in event.guests
        ],
        "related": _related(request, event),
        "transcript_version": event.transcript_version,
        "transcript": entries,
        "questions": [
            {
                "id": q.pk,
                "text": q.text,
                "submitted_at": timezone.localtime(q.submitted_at).isoformat(),
                "answered": q.answered,
                "answer_entry": q.answer_entry_id,
            }
            for q in public_questions(event)
        ],
        "media": [
            {
                "id": m.pk,
                "kind": _choice(m.kind, m.get_kind_display()),
                "title": m.title,
                "summary": m.summary,
                "content_type": m.content_type,
                "size": m.size,
                "url": request.build_absolute_uri(reverse("interviews_public:media", args=[event.pk, m.pk])),
            }
            for m in Media.objects.filter(event=event)
        ],
    }


@api_view
def event_list(request: HttpRequest) -> dict[str, Any]:
    reject_unknown(request, LIST_PARAMETERS)
    events = Event.objects.public().select_related("department").order_by("-starts_at", "-pk")
    kind = request.GET.get("kind", "")
    if kind:
        if kind not in Kind.values:
            raise ApiError("unknown_value", f"参数 kind 的取值应为：{'、'.join(Kind.values)}。", parameter="kind")
        events = events.filter(kind=kind)
    state = request.GET.get("state", "")
    if state:
        if state not in State.values:
            raise ApiError("unknown_value", f"参数 state 的取值应为：{'、'.join(State.values)}。", parameter="state")
        events = events.for_state(state)
    if request.GET.get("year"):
        year = positive_int(request, "year", 0, 2100)
        if year < 2000:
            raise ApiError("invalid_parameter", "参数 year 应为 2000 到 2100 之间的年份。", parameter="year")
        events = events.filter(starts_at__year=year)
    page_size = positive_int(request, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)
    number = positive_int(request, "page", 1, 10**9 - 1)
    paginator = Paginator(events, page_size)
    if number > paginator.num_pages:
        raise ApiError("invalid_parameter", f"参数 page 超出范围：共 {paginator.num_pages} 页。", parameter="page")
    page = paginator.page(number)
    now = timezone.now()
    return {
        "total": paginator.count,
        "page": page.number,
        "page_size": page_size,
        "num_pages": paginator.num_pages,
        "items": [event_summary(request, event, now) for event in page.object_list],
    }


@api_view
def event_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    reject_unknown(request, ())
    event = Event.objects.public().select_related("department").filter(pk=pk).first()
    if event is None:
        raise ApiError("not_found", f"编号为 {pk} 的活动不存在或未公开。", status=404)
    return event_detail_data(request, event)
