"""Factories for 舆情 records, one trait per lifecycle state.

``EventFactory()`` is a new event (待研判); ``assessed``, ``assigned``, ``responded`` and ``closed``
walk it along the workflow. ``IncidentUpdateFactory()`` is a draft; ``published=True`` is live
(published directly: tests of the review itself go through the workflow).
"""

import datetime

import factory
from django.utils import timezone

from gongkai.opinion.models import (
    Event,
    EventState,
    Incident,
    IncidentLevel,
    IncidentUpdate,
    Item,
    RiskLevel,
    Source,
    SourceKind,
    UpdateKind,
)
from gongkai.org.tests.factories import DepartmentFactory


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"测试订阅源{n}")
    url = factory.Sequence(lambda n: f"http://127.0.0.1:9/feed{n}.xml")
    active = True
    fetch_interval_minutes = 30


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    class Params:
        assessed = factory.Trait(
            state=EventState.ASSESSED,
            risk_level=RiskLevel.MEDIUM,
            assessment_note="群众反映集中，需核实。",
            assessed_at=factory.LazyFunction(timezone.now),
        )
        assigned = factory.Trait(
            state=EventState.ASSIGNED,
            risk_level=RiskLevel.MEDIUM,
            assessment_note="群众反映集中，需核实。",
            assessed_at=factory.LazyFunction(timezone.now),
            department=factory.SubFactory(DepartmentFactory, name="环评处", code="hpc"),
            assigned_at=factory.LazyFunction(timezone.now),
        )
        responded = factory.Trait(
            state=EventState.RESPONDED,
            risk_level=RiskLevel.MEDIUM,
            assessment_note="群众反映集中，需核实。",
            department=factory.SubFactory(DepartmentFactory, name="环评处", code="hpc"),
            public_title="关于某化工厂排污问题的回应",
            response_text="经现场核查，该企业已停产整改，执法部门已立案调查。",
            response_url="https://sthj.guizhou.gov.cn/hygq/1.html",
            responded_at=factory.LazyFunction(timezone.now),
        )
        closed = factory.Trait(
            state=EventState.CLOSED,
            risk_level=RiskLevel.MEDIUM,
            department=factory.SubFactory(DepartmentFactory, name="环评处", code="hpc"),
            public_title="关于某化工厂排污问题的回应",
            response_text="经现场核查，该企业已停产整改，执法部门已立案调查。",
            response_url="https://sthj.guizhou.gov.cn/hygq/1.html",
            responded_at=factory.LazyFunction(timezone.now),
            closed_at=factory.LazyFunction(timezone.now),
            close_note="已回应，舆情平息。",
        )

    title = factory.Sequence(lambda n: f"某县化工厂夜间偷排废水{n}")
    first_seen_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=5))
    last_seen_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    key_texts = factory.LazyAttribute(lambda o: [o.title])


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    source_kind = SourceKind.MANUAL
    external_id = factory.Sequence(lambda n: f"item-{n}")
    title = factory.Sequence(lambda n: f"网友反映某地环境问题{n}")
    text = "希望有关部门尽快处理。"
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    event = factory.SubFactory(EventFactory)


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    title = "某县化工企业储罐泄漏事件"
    place = "贵州省某市某县某工业园区"
    started_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=10))
    level = IncidentLevel.LARGER
    department = factory.SubFactory(DepartmentFactory, name="环境应急处", code="yjc")


class IncidentUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncidentUpdate
        skip_postgeneration_save = True

    class Params:
        published = factory.Trait(
            live=True,
            first_published_at=factory.LazyFunction(timezone.now),
            last_published_at=factory.LazyFunction(timezone.now),
        )

    live = False
    incident = factory.SubFactory(IncidentFactory)
    kind = UpdateKind.FIRST
    title = "储罐泄漏事件基本情况"
    body = "今日凌晨，某工业园区一储罐发生泄漏，当地已启动应急响应，开展监测。"
    as_of = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=8))
