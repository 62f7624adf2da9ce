"""Factories for citizens' messages, one trait per lifecycle state.

``MessageFactory()`` is a received, unrouted consultation; ``routed=True`` is with 大气处;
``answered=True`` has a live reply (published directly: tests of the review go through the workflow);
``invalid=True`` was closed as spam. ``public=True`` is a writer who chose 公开.
"""

import datetime

import factory
from django.utils import timezone

from gongkai.interaction.models import InvalidReason, Kind, Message, Reply, Status, hash_query_code
from gongkai.org.tests.factories import DepartmentFactory

CODE = "ABCD2345"


def _received_at(o) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(o.received_on, datetime.time(9, 30)))


def _replied_at(o) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(o.replied_on, datetime.time(16, 0)))


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message
        skip_postgeneration_save = True

    class Params:
        routed = factory.Trait(
            status=Status.ASSIGNED,
            department=factory.SubFactory(DepartmentFactory, name="大气处", code="dqc"),
            routed_at=factory.LazyFunction(timezone.now),
        )
        answered = factory.Trait(
            status=Status.ANSWERED,
            department=factory.SubFactory(DepartmentFactory, name="大气处", code="dqc"),
            replied_on=factory.LazyAttribute(lambda o: o.received_on + datetime.timedelta(days=2)),
            replied_at=factory.LazyAttribute(_replied_at),
            reply=factory.RelatedFactory("gongkai.interaction.tests.factories.ReplyFactory", "message", live=True),
        )
        invalid = factory.Trait(status=Status.INVALID, invalid_reason=InvalidReason.SPAM, invalid_note="广告推销信息")
        public = factory.Trait(wants_public=True)

    number = factory.Sequence(lambda n: f"LY2026-{n + 1:05d}")
    kind = Kind.CONSULTATION
    subject = "小区旁工地夜间施工噪声扰民"
    text = "我是张三，电话13985012345，住在观山湖区某小区，附近工地每晚施工到凌晨，噪声很大，请问如何处理？"
    name = "张三"
    phone = "13985012345"
    email = "zhangsan@example.com"
    wants_public = False
    received_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    received_at = factory.LazyAttribute(_received_at)
    query_code_hash = factory.LazyFunction(lambda: hash_query_code(CODE))


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reply
        skip_postgeneration_save = True

    live = False
    message = factory.SubFactory(MessageFactory, routed=True)
    department = factory.LazyAttribute(lambda o: o.message.department)
    public_subject = factory.LazyAttribute(lambda o: o.message.subject)
    public_question = "附近工地每晚施工到凌晨，噪声很大，请问如何处理？"
    text = "您好！夜间施工噪声由所在地生态环境部门依法查处，我们已转请观山湖区核查处理。"
    first_published_at = factory.LazyAttribute(lambda o: timezone.now() if o.live else None)
