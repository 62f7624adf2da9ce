"""预告 / 直播中 / 已结束 come from the times and the end flag, in Python and in SQL alike."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from gongkai.interviews.models import Event, State
from gongkai.interviews.tests.factories import EventFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 6, 5, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def _event(**kwargs) -> Event:
    return EventFactory(starts_at=START, ends_at=START + datetime.timedelta(hours=2), published=True, **kwargs)


@pytest.mark.parametrize(
    ("offset_minutes", "expected"),
    [(-1, State.UPCOMING), (0, State.LIVE), (119, State.LIVE), (120, State.ENDED), (600, State.ENDED)],
)
def test_state_follows_the_times(offset_minutes, expected):
    event = _event()
    now = START + datetime.timedelta(minutes=offset_minutes)
    assert event.state_at(now) == expected
    assert list(Event.objects.for_state(expected, now)) == [event]
    others = {State.UPCOMING, State.LIVE, State.ENDED} - {expected}
    assert not any(Event.objects.for_state(state, now).exists() for state in others)


def test_ending_early_ends_it_before_the_planned_time():
    event = _event(ended_at=START + datetime.timedelta(minutes=50))
    now = START + datetime.timedelta(minutes=60)
    assert event.state_at(now) == State.ENDED
    assert list(Event.objects.for_state(State.ENDED, now)) == [event]
    assert not Event.objects.for_state(State.LIVE, now).exists()


def test_questions_are_taken_only_before_the_end_and_when_open():
    event = _event()
    assert event.accepts_questions(START - datetime.timedelta(days=1))
    assert event.accepts_questions(START + datetime.timedelta(minutes=10))
    assert not event.accepts_questions(START + datetime.timedelta(hours=3))
    event.questions_open = False
    assert not event.accepts_questions(START - datetime.timedelta(days=1))
    draft = EventFactory(starts_at=START, ends_at=START + datetime.timedelta(hours=1))
    assert not draft.accepts_questions(START - datetime.timedelta(days=1))


def test_publishing_an_old_revision_keeps_the_end_and_the_transcript_version():
    event = _event()
    event.save_revision().publish()
    Event.objects.filter(pk=event.pk).update(ended_at=START, transcript_version=7)
    event.refresh_from_db()
    event.title = "改过的标题"
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.title == "改过的标题"
    assert event.ended_at == START and event.transcript_version == 7


def test_an_offline_event_needs_a_place_before_publication():
    event = EventFactory(webcast=False, place="")
    assert "请填写地点，或选择网络直播" in event.publication_blockers()
    event.place = "省生态环境厅新闻发布厅"
    assert event.publication_blockers() == []
