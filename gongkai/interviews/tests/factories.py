"""Factories for press conferences and interviews, one trait per lifecycle state.

``EventFactory()`` is an unpublished draft a week ahead; ``published=True`` is live on the site;
``upcoming=True``, ``live_now=True`` and ``past=True`` place it in time (and publish it).
"""

import datetime

import factory
from django.utils import timezone

from gongkai.interviews.models import Event, Kind, Question, QuestionStatus, TranscriptEntry
from gongkai.org.tests.factories import DepartmentFactory


def _at(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    class Params:
        published = factory.Trait(live=True, first_published_at=factory.LazyFunction(timezone.now))
        upcoming = factory.Trait(
            live=True,
            first_published_at=factory.LazyFunction(timezone.now),
            starts_at=factory.LazyFunction(lambda: _at(3)),
        )
        live_now = factory.Trait(
            live=True,
            first_published_at=factory.LazyFunction(timezone.now),
            starts_at=factory.LazyFunction(lambda: _at(-1 / 24)),
            ends_at=factory.LazyFunction(lambda: _at(1 / 24)),
        )
        past = factory.Trait(
            live=True,
            first_published_at=factory.LazyFunction(lambda: _at(-40)),
            starts_at=factory.LazyFunction(lambda: _at(-30)),
        )

    # DraftStateMixin makes new rows live by default; a new event is a draft until reviewed.
    live = False
    kind = Kind.ONLINE_INTERVIEW
    title = factory.Sequence(lambda n: f"在线访谈：生态环境保护工作答网友问（第{n + 1}期）")
    topic = "解读《贵州省生态环境保护条例》实施情况。"
    department = factory.SubFactory(DepartmentFactory, name="宣传教育处", code="xcc")
    starts_at = factory.LazyFunction(lambda: _at(7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    place = ""
    webcast = True
    guests = factory.LazyFunction(
        lambda: [{"type": "guest", "value": {"name": "张某某", "title": "副厅长", "organisation": "省生态环境厅"}}]
    )


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    class Params:
        approved = factory.Trait(status=QuestionStatus.APPROVED, moderated_at=factory.LazyFunction(timezone.now))
        rejected = factory.Trait(
            status=QuestionStatus.REJECTED,
            reject_reason="与本期主题无关",
            moderated_at=factory.LazyFunction(timezone.now),
        )
        answered = factory.Trait(
            status=QuestionStatus.APPROVED,
            moderated_at=factory.LazyFunction(timezone.now),
            answered_at=factory.LazyFunction(timezone.now),
        )

    event = factory.SubFactory(EventFactory, upcoming=True)
    text = "请问我市的空气质量监测数据在哪里可以查询？"
    asker_name = "王某某"
    asker_contact = "13900000001"


class TranscriptEntryFactory(factory.django.DjangoModelFactory):
    """An entry stored directly (no version bump): for the poll, add entries through services.entry_add."""

    class Meta:
        model = TranscriptEntry

    event = factory.SubFactory(EventFactory, live_now=True)
    speaker = "主持人"
    text = "各位网友，大家好！欢迎参加本期在线访谈。"
