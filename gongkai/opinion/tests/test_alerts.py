"""Spike alerts, with a feed read from local files in two fetches."""

import datetime
import random

import pytest
from django.core import mail
from django.utils import timezone

from gongkai.opinion import synth
from gongkai.opinion.alerts import check_spikes
from gongkai.opinion.feeds import fetch_source
from gongkai.opinion.models import Alert, Item
from gongkai.opinion.tests.factories import EventFactory, ItemFactory, SourceFactory
from gongkai.opinion.tests.feedserver import FeedServer, rss

pytestmark = pytest.mark.django_db


def story_entries(story, rng, *, count: int, start: int, hours: list[float]) -> list[dict]:
    now = timezone.now()
    result = []
    for i in range(count):
        title, text = synth.reword(story, rng)
        result.append(
            {
                "guid": f"s{start + i}",
                "title": title,
                "text": text,
                "published": now - datetime.timedelta(hours=hours[i]),
            }
        )
    return result


def test_a_burst_in_the_second_fetch_raises_one_alert_mailed_to_the_publicity_reviewers(tmp_path, staff, settings):
    settings.GONGKAI_OPINION_SPIKE_MIN_COUNT = 8
    rng = random.Random(5)
    story = synth.make_story(rng)
    baseline = story_entries(story, rng, count=3, start=0, hours=[60, 40, 20])
    burst = story_entries(story, rng, count=10, start=3, hours=[5 - 0.4 * i for i in range(10)])
    other = synth.make_story(random.Random(99))
    noise = story_entries(other, random.Random(1), count=2, start=100, hours=[3, 2])
    with FeedServer(tmp_path) as server:
        (tmp_path / "feed.xml").write_text(rss(baseline), encoding="utf-8")
        source = SourceFactory(url=f"{server.base}/feed.xml")
        assert fetch_source(source).new_items == 3
        assert not Alert.objects.exists()

        (tmp_path / "feed.xml").write_text(rss(baseline + burst + noise), encoding="utf-8")
        assert fetch_source(source).new_items == 12
        alert = Alert.objects.get()
        burst_event = Item.objects.get(external_id=f"{source.pk}:s3").event
        assert alert.event == burst_event
        assert alert.recent_count >= 8 and alert.baseline_count <= 3
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [staff.xcc_reviewer.email]  # 宣教处's 处室审核 only
        assert "舆情预警" in mail.outbox[0].subject and burst_event.title in mail.outbox[0].body
        assert alert.emailed == 1

        # The next fetch (unchanged, 304) and a later check in the same window do not repeat the alert.
        assert fetch_source(source).status == "not_modified"
        assert check_spikes(event_ids=[burst_event.pk], now=timezone.now()) == []
        assert Alert.objects.count() == 1


def test_a_steady_event_raises_no_alert(settings):
    settings.GONGKAI_OPINION_SPIKE_MIN_COUNT = 5
    settings.GONGKAI_OPINION_SPIKE_FACTOR = 3
    now = timezone.now()
    event = EventFactory()
    # 60 items over the 72-hour baseline (5 per 6 hours), then 8 in the last window: below 3 × 5.
    for i in range(60):
        ItemFactory(event=event, published_at=now - datetime.timedelta(hours=7 + i * 1.1))
    for i in range(8):
        ItemFactory(event=event, published_at=now - datetime.timedelta(hours=i * 0.5))
    assert check_spikes(event_ids=[event.pk], now=now) == []
    # A quiet baseline makes the same window a spike.
    quiet = EventFactory()
    for i in range(8):
        ItemFactory(event=quiet, published_at=now - datetime.timedelta(hours=i * 0.5))
    ItemFactory(event=quiet, published_at=now - datetime.timedelta(hours=30))
    alerts = check_spikes(event_ids=[quiet.pk, event.pk], now=now)
    assert [a.event for a in alerts] == [quiet]
    assert alerts[0].recent_count == 8 and alerts[0].baseline_count == 1


def test_below_the_minimum_count_is_no_spike(settings):
    settings.GONGKAI_OPINION_SPIKE_MIN_COUNT = 10
    event = EventFactory()
    for i in range(9):
        ItemFactory(event=event, published_at=timezone.now() - datetime.timedelta(minutes=i))
    assert check_spikes(event_ids=[event.pk], now=timezone.now()) == []
