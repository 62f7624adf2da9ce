"""Factories for disclosure applications, one trait per lifecycle state.

``ApplicationFactory()`` is an online submission not yet confirmed; ``received=True`` starts its
clock; ``awaiting_correction``, ``supplemented``, ``consulting``, ``extended``, ``awaiting_payment``
and ``closed`` put it further along. The traits set records directly (fast, exact dates); tests of
the actions themselves go through ``gongkai.foi.services``.
"""

import datetime

import factory
from django.utils import timezone

from gongkai.foi.models import (
    ApplicantType,
    Application,
    Channel,
    Consultation,
    Correction,
    Delivery,
    Extension,
    FeeNotice,
    IdType,
    InformationForm,
    Status,
    allocate_application_number,
)
from gongkai.foi.outcomes import Outcome

# Valid check digits (GB 11643-1999, GB 32100-2015): generated, not anybody's real number.
RESIDENT_IDS = ["110101199003074514", "520102198807152811", "520102199001010018"]
USCC = "91520100MA6DJ5XL05"

DEFAULT_QUERY_CODE = "ABCD2345"


def at_beijing(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    class Params:
        submitted_on = factory.LazyFunction(timezone.localdate)
        received = factory.Trait(status=Status.PROCESSING, received_on=factory.SelfAttribute("submitted_on"))
        closed = factory.Trait(
            status=Status.CLOSED,
            received_on=factory.SelfAttribute("submitted_on"),
            outcome=Outcome.DISCLOSED,
            closed_on=factory.LazyAttribute(lambda o: o.received_on + datetime.timedelta(days=10)),
            reply_text="经查，您申请的信息由本机关制作，现予以公开。",
        )
        organisation = factory.Trait(
            applicant_type=ApplicantType.COMMERCIAL, id_type=IdType.USCC, id_number=USCC, name="某某环保科技有限公司"
        )

    number = factory.LazyAttribute(lambda o: allocate_application_number(o.submitted_at.year))
    query_code_hash = ""
    channel = Channel.ONLINE
    status = Status.SUBMITTED
    applicant_type = ApplicantType.NATURAL_PERSON
    name = "张三"
    id_type = IdType.RESIDENT_ID
    id_number = factory.Iterator(RESIDENT_IDS)
    phone = "13800000000"
    email = "applicant@example.com"
    address = "贵州省贵阳市观山湖区某路1号"
    description = "请求公开某化工园区2025年度环境影响评价报告书的审批文件。"
    information_title = "某化工园区环境影响评价报告书批复"
    information_form = InformationForm.EMAIL
    delivery = Delivery.EMAIL
    submitted_at = factory.LazyAttribute(lambda o: at_beijing(o.submitted_on))

    @factory.post_generation
    def query_code(obj, create, extracted, **kwargs):
        obj.set_query_code(extracted or DEFAULT_QUERY_CODE)
        if create:
            obj.save(update_fields=["query_code_hash"])


def add_correction(
    application: Application, *, requested_on: datetime.date, due_on: datetime.date, supplemented_on=None
) -> Correction:
    application.status = Status.PROCESSING if supplemented_on else Status.AWAITING_CORRECTION
    application.save(update_fields=["status"])
    return Correction.objects.create(
        application=application,
        requested_on=requested_on,
        due_on=due_on,
        items="请明确所需信息的名称或文号。",
        supplemented_on=supplemented_on,
        supplement_text="所需信息为黔环审〔2025〕12号批复。" if supplemented_on else "",
    )


def add_consultation(
    application: Application, *, sent_on: datetime.date, answered_on=None, kind=Consultation.Kind.THIRD_PARTY
) -> Consultation:
    return Consultation.objects.create(
        application=application,
        kind=kind,
        party="某化工有限公司",
        sent_on=sent_on,
        answered_on=answered_on,
        opinion=Consultation.Opinion.AGREE if answered_on else "",
    )


def add_extension(application: Application, *, days: int = 20, approved: bool = True) -> Extension:
    return Extension.objects.create(
        application=application,
        days=days,
        reason="所需信息涉及多个处室，需要检索和汇总",
        requested_on=application.received_on,
        state=Extension.State.APPROVED if approved else Extension.State.REQUESTED,
        decided_on=application.received_on if approved else None,
    )


def add_fee_notice(
    application: Application, *, issued_on: datetime.date, paid_on=None, amount: int = 700, pages: int = 100
) -> FeeNotice:
    application.status = Status.PROCESSING if paid_on else Status.AWAITING_PAYMENT
    application.save(update_fields=["status"])
    return FeeNotice.objects.create(
        application=application,
        method=FeeNotice.Method.PER_VOLUME,
        quantity=pages,
        amount=amount,
        issued_on=issued_on,
        received_on=issued_on,
        paid_on=paid_on,
    )
