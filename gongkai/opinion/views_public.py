"""Public pages: 突发环境事件 under /incidents/ (with an Atom feed) and 舆情回应 under /opinion/.

What a visitor sees of an incident is its name, place, time and level and the *published* updates
(reviewed through the 信息发布审核 workflow), newest first; an incident becomes public with its first
published update. /opinion/ lists the answers the department gave (the staff-written 回应标题 and
回应内容 with the link to the 回应关切 page), never the monitored posts themselves.
"""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from gongkai.opinion import selectors
from gongkai.opinion.models import IncidentUpdate

PAGE_SIZE = 20
MAX_ID_DIGITS = 9


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) <= MAX_ID_DIGITS else 1


def incident_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(selectors.public_incidents(), PAGE_SIZE)
    page = paginator.get_page(_page_number(request))
    latest = {}
    for incident in page.object_list:
        updates = selectors.timeline(incident)
        latest[incident.pk] = updates[0] if updates else None
    rows = [(incident, latest[incident.pk]) for incident in page.object_list]
    return render(request, "incidents/list.html", {"page": page, "rows": rows})


def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = selectors.public_incidents().filter(pk=pk).first()
    if incident is None:
        raise Http404("该突发环境事件不存在或尚未发布信息。")
    return render(request, "incidents/detail.html", {"incident": incident, "updates": selectors.timeline(incident)})


class IncidentUpdatesFeed(Feed):
    """Atom feed of the published updates of every incident, newest first."""

    feed_type = Atom1Feed
    title = "突发环境事件信息发布"
    subtitle = "突发环境事件的首次发布、进展和处置结果。"

    def link(self):
        return reverse("incidents_public:index")

    def items(self):
        return selectors.live_updates().select_related("incident").order_by("-first_published_at", "-pk")[:50]

    def item_title(self, item: IncidentUpdate) -> str:
        return f"【{item.get_kind_display()}】{item.incident.title}：{item.title}"

    def item_description(self, item: IncidentUpdate) -> str:
        return item.body

    def item_link(self, item: IncidentUpdate) -> str:
        return reverse("incidents_public:detail", args=[item.incident_id]) + f"#update-{item.pk}"

    def item_pubdate(self, item: IncidentUpdate):
        return item.first_published_at

    def item_updateddate(self, item: IncidentUpdate):
        return item.last_published_at or item.first_published_at

    def item_guid(self, item: IncidentUpdate) -> str:
        return f"incident-update-{item.pk}"


def response_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(selectors.public_responses(), PAGE_SIZE)
    return render(request, "opinion/public/responses.html", {"page": paginator.get_page(_page_number(request))})
