"""Factories for complaints, one trait per lifecycle state.

``ComplaintFactory()`` is a named report received three days ago; ``anonymous=True`` has no name
or phone; ``accepted=True`` is with 环评处 (hpc); ``closed=True`` is finished with a recorded
result; ``ResultFactory(published=True)`` is a live, masked and checked 查处结果. States are set
directly: tests of the transitions themselves go through the services.
"""

import datetime

import factory
from django.utils import timezone

from gongkai.complaints.models import Category, Complaint, ComplaintResult, Extension, Status, Transfer
from gongkai.org.tests.factories import DepartmentFactory

QUERY_CODE = "ABCD2345EFGH"
REPORTER_NAME = "王小明"
REPORTER_PHONE = "13985012345"


def _received_at(days_ago: int) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))


class ComplaintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Complaint
        skip_postgeneration_save = True

    class Params:
        days_ago = 3
        anonymous = factory.Trait(reporter_name="", reporter_phone="")
        accepted = factory.Trait(
            status=Status.ACCEPTED,
            department=factory.SubFactory(DepartmentFactory, name="环评处", code="hpc"),
            accepted_on=factory.LazyAttribute(lambda o: o.received_on + datetime.timedelta(days=1)),
            decided_on=factory.SelfAttribute("accepted_on"),
        )
        not_accepted = factory.Trait(
            status=Status.NOT_ACCEPTED,
            decided_on=factory.LazyAttribute(lambda o: o.received_on + datetime.timedelta(days=2)),
            not_accepted_reason="不属于生态环境部门职责，请向住房和城乡建设部门反映。",
        )
        closed = factory.Trait(
            status=Status.CLOSED,
            department=factory.SubFactory(DepartmentFactory, name="环评处", code="hpc"),
            accepted_on=factory.LazyAttribute(lambda o: o.received_on + datetime.timedelta(days=1)),
            decided_on=factory.SelfAttribute("accepted_on"),
            closed_on=factory.LazyAttribute(lambda o: o.received_on + datetime.timedelta(days=2)),
        )

    number = factory.Sequence(lambda n: f"JB2026-{n + 90000:05d}")
    category = Category.AIR
    prefecture_code = "520100"
    county_code = "520111"
    address = "花溪区某某路12号附近"
    polluter_name = "贵州某某化工有限公司"
    description = "工厂夜间排放刺鼻气体，附近居民无法开窗，已持续一周。"
    reporter_name = REPORTER_NAME
    reporter_phone = REPORTER_PHONE
    received_at = factory.LazyAttribute(lambda o: _received_at(o.days_ago))
    received_on = factory.LazyAttribute(lambda o: timezone.localdate(o.received_at))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        complaint = model_class(*args, **kwargs)
        complaint.set_query_code(QUERY_CODE)
        complaint.save()
        return complaint


class ExtensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Extension

    class Params:
        approved = factory.Trait(approved_on=factory.LazyFunction(timezone.localdate))

    complaint = factory.SubFactory(ComplaintFactory, accepted=True)
    days = 30
    reason = "需要委托第三方开展连续监测，监测周期较长。"
    requested_on = factory.LazyFunction(timezone.localdate)


class TransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Transfer

    complaint = factory.SubFactory(ComplaintFactory, status=Status.TRANSFERRED)
    body_kind = Transfer.BodyKind.CITY
    receiving_body = "遵义市生态环境局"
    transferred_on = factory.LazyFunction(timezone.localdate)


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplaintResult
        skip_postgeneration_save = True

    class Params:
        published = factory.Trait(
            live=True,
            masking_reviewed_at=factory.LazyFunction(timezone.now),
            first_published_at=factory.LazyFunction(timezone.now),
        )

    live = False
    complaint = factory.SubFactory(ComplaintFactory, closed=True)
    department = factory.SelfAttribute("complaint.department")
    findings = f"经查，举报人{REPORTER_NAME}（电话{REPORTER_PHONE}）反映的情况属实，该公司废气处理设施未正常运行。"
    measures = "责令立即改正，依法立案查处。"
    penalty_decision_number = "黔环罚〔2026〕12号"
    public_findings = "经查，举报人王某某（电话139****2345）反映的情况属实，该公司废气处理设施未正常运行。"
    public_measures = factory.SelfAttribute("measures")
