"""Spike alerts: an event whose items in the last window far exceed its usual rate.

For each event touched by an ingestion, the items published in the last
``GONGKAI_OPINION_SPIKE_WINDOW_HOURS`` are compared with the rate in the
``GONGKAI_OPINION_SPIKE_BASELINE_HOURS`` before that window, scaled to the window's length. An alert
is raised when the window holds at least ``GONGKAI_OPINION_SPIKE_MIN_COUNT`` items *and* at least
``GONGKAI_OPINION_SPIKE_FACTOR`` times the expected number (a new story with no baseline needs only
the minimum). One alert per event per window: a story that keeps growing is not re-announced every
fetch. Alerts show on the dashboard and are e-mailed to the 处室审核 of 宣教处.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Count
from django.urls import reverse
from wagtail.log_actions import log

from gongkai.opinion.models import Alert, Event, Item
from gongkai.org.roles import Role


def alert_recipients() -> list[str]:
    User = get_user_model()
    emails = (
        User.objects.filter(
            is_active=True,
            staff_profile__department__code=settings.GONGKAI_OPINION_DEPARTMENT_CODE,
            groups__name=Role.DEPARTMENT_REVIEWER.value,
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    return sorted(emails)


def _counts(event_ids: list[int], start: datetime.datetime, end: datetime.datetime) -> dict[int, int]:
    rows = (
        Item.objects.filter(event_id__in=event_ids, published_at__gt=start, published_at__lte=end)
        .values("event_id")
        .annotate(n=Count("pk"))
    )
    return {row["event_id"]: row["n"] for row in rows}


def check_spikes(*, event_ids: Iterable[int], now: datetime.datetime) -> list[Alert]:
    window = datetime.timedelta(hours=settings.GONGKAI_OPINION_SPIKE_WINDOW_HOURS)
    baseline = datetime.timedelta(hours=settings.GONGKAI_OPINION_SPIKE_BASELINE_HOURS)
    factor = settings.GONGKAI_OPINION_SPIKE_FACTOR
    minimum = settings.GONGKAI_OPINION_SPIKE_MIN_COUNT
    event_ids = list(event_ids)
    alerts: list[Alert] = []
    for start in range(0, len(event_ids), 500):
        chunk = event_ids[start : start + 500]
        recent = _counts(chunk, now - window, now)
        candidates = [pk for pk, n in recent.items() if n >= minimum]
        if not candidates:
            continue
        before = _counts(candidates, now - window - baseline, now - window)
        already = set(
            Alert.objects.filter(event_id__in=candidates, raised_at__gt=now - window).values_list("event_id", flat=True)
        )
        for pk in candidates:
            expected = before.get(pk, 0) * (window / baseline)
            if pk in already or recent[pk] < factor * expected:
                continue
            alerts.append(
                Alert.objects.create(
                    event_id=pk,
                    raised_at=now,
                    window_start=now - window,
                    recent_count=recent[pk],
                    baseline_count=before.get(pk, 0),
                    expected=round(expected, 2),
                )
            )
    if alerts:
        _notify(alerts)
    return alerts


def _notify(alerts: list[Alert]) -> None:
    recipients = alert_recipients()
    events = Event.objects.in_bulk([a.event_id for a in alerts])
    hours = settings.GONGKAI_OPINION_SPIKE_WINDOW_HOURS
    lines = []
    for alert in alerts:
        event = events[alert.event_id]
        log(
            instance=event,
            action="opinion.alert",
            user=None,
            data={"recent": alert.recent_count, "expected": alert.expected},
        )
        lines.append(
            f"· {event.title}\n  近{hours}小时 {alert.recent_count} 条（此前同期约 {alert.expected:g} 条）"
            f"\n  {reverse('opinion_admin:event', args=[event.pk])}"
        )
    if recipients:
        send_mail(
            f"【舆情预警】{len(alerts)}个舆情事件信息量突增",
            "以下舆情事件的信息量明显高于此前水平，请及时研判：\n\n" + "\n".join(lines),
            None,
            recipients,
        )
    Alert.objects.filter(pk__in=[a.pk for a in alerts]).update(emailed=len(recipients))
    for alert in alerts:
        alert.emailed = len(recipients)
