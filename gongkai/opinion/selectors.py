"""Reads of 舆情监测: what the dashboard, the lists and the public pages show. Counts are derived here."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from gongkai.opinion.models import Alert, Event, EventState, Incident, IncidentUpdate, Item, RiskLevel


def visible_events(user) -> QuerySet:
    """The events ``user`` may see: all for monitoring staff, else those of their department."""
    from gongkai.opinion.permissions import visible_event_filter

    condition = visible_event_filter(user)
    return Event.objects.all() if condition is None else Event.objects.filter(condition).distinct()


def events_matching(q: str) -> Q:
    return Q(title__icontains=q) | Q(public_title__icontains=q)


def events_with_counts(queryset: QuerySet | None = None) -> QuerySet:
    queryset = Event.objects.all() if queryset is None else queryset
    return queryset.annotate(
        item_count=Count("items", distinct=True),
        negative_count=Count("items", filter=Q(items__negative=True), distinct=True),
    ).select_related("department")


@dataclass
class Matrix:
    """Events by risk level (rows, with 未研判) and state (columns)."""

    rows: list[tuple[str, list[int], int]]
    states: list[str]
    totals: list[int]


def risk_state_matrix(queryset: QuerySet) -> Matrix:
    counts = {
        (r["risk_level"], r["state"]): r["n"] for r in queryset.values("risk_level", "state").annotate(n=Count("pk"))
    }
    levels = [("", "未研判"), *reversed(RiskLevel.choices)]
    states = EventState.choices
    rows = []
    for code, label in levels:
        values = [counts.get((code, state), 0) for state, _ in states]
        rows.append((label, values, sum(values)))
    totals = [sum(row[1][i] for row in rows) for i in range(len(states))]
    return Matrix(rows=rows, states=[label for _, label in states], totals=totals)


def open_alerts(limit: int = 20) -> list[Alert]:
    return list(Alert.objects.filter(acknowledged_at__isnull=True).select_related("event")[:limit])


@dataclass(frozen=True)
class Day:
    day: datetime.date
    items: int
    negative: int

    @property
    def negative_share(self) -> float:
        return self.negative / self.items if self.items else 0.0


def daily_series(*, days: int = 30, today: datetime.date | None = None, items: QuerySet | None = None) -> list[Day]:
    """Items per day (Asia/Shanghai) and how many of them were negative, for the last ``days`` days."""
    today = today or timezone.localdate()
    first = today - datetime.timedelta(days=days - 1)
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    items = Item.objects.all() if items is None else items
    rows = (
        items.filter(published_at__gte=start, published_at__lt=end)
        .annotate(day=TruncDate("published_at", tzinfo=zone))
        .values("day")
        .annotate(n=Count("pk"), neg=Count("pk", filter=Q(negative=True)))
    )
    by_day = {row["day"]: (row["n"], row["neg"]) for row in rows}
    return [Day(day, *by_day.get(day, (0, 0))) for day in (first + datetime.timedelta(days=i) for i in range(days))]


def public_responses() -> QuerySet:
    """Events with a published answer, for /opinion/: only the staff-written title and answer are shown."""
    return (
        Event.objects.filter(state__in=[EventState.RESPONDED, EventState.CLOSED], responded_at__isnull=False)
        .exclude(response_text="")
        .select_related("department", "response_page")
        .order_by("-responded_at", "-pk")
    )


def live_updates() -> QuerySet:
    return IncidentUpdate.objects.filter(live=True)


def public_incidents() -> QuerySet:
    """Incidents with at least one published update (the first publication makes an incident public)."""
    return (
        Incident.objects.filter(updates__live=True)
        .distinct()
        .select_related("department")
        .order_by("-started_at", "-pk")
    )


def timeline(incident: Incident) -> list[IncidentUpdate]:
    """The published updates, newest first."""
    return list(incident.updates.filter(live=True).order_by("-as_of", "-first_published_at", "-pk"))
