"""Factories for enforcement records, one trait per lifecycle state.

``DecisionFactory()`` is a draft penalty on a company; ``masked=True`` has a checked public copy;
``published=True`` is live (published directly: tests of the review itself go through the workflow).
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from gongkai.enforcement.models import Decision, Kind, PartyCategory
from gongkai.org.tests.factories import DepartmentFactory

USCC = "91520100MA6DJ5XL05"


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision
        skip_postgeneration_save = True

    class Params:
        masked = factory.Trait(
            public_facts=factory.SelfAttribute("facts"),
            public_content=factory.SelfAttribute("content"),
            public_basis=factory.SelfAttribute("basis"),
            masking_reviewed_at=factory.LazyFunction(timezone.now),
        )
        published = factory.Trait(
            public_facts=factory.SelfAttribute("facts"),
            public_content=factory.SelfAttribute("content"),
            public_basis=factory.SelfAttribute("basis"),
            masking_reviewed_at=factory.LazyFunction(timezone.now),
            live=True,
            first_published_at=factory.LazyAttribute(
                lambda o: timezone.make_aware(datetime.datetime.combine(o.decision_date, datetime.time(15)))
            ),
        )
        person = factory.Trait(
            party_category=PartyCategory.PERSON,
            party_name="王某某",
            party_uscc="",
            legal_representative="",
            party_id_number="520102198807152811",
        )

    # DraftStateMixin makes new rows live by default; a recorded decision is a draft until reviewed.
    live = False
    kind = Kind.PENALTY
    department = factory.SubFactory(DepartmentFactory, name="执法处", code="zfc")
    document_title = "行政处罚决定书"
    decision_number = factory.Sequence(lambda n: f"黔环罚〔2026〕{n + 1}号")
    decision_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    party_name = "贵州某某化工有限公司"
    party_category = PartyCategory.ORGANISATION
    party_uscc = USCC
    legal_representative = "李某"
    violation_type = "超标排放大气污染物"
    facts = "经查，你单位2号锅炉烟气中氮氧化物排放浓度超过国家排放标准。"
    basis = "《中华人民共和国大气污染防治法》第九十九条第（二）项"
    penalty_types = factory.LazyFunction(lambda: ["罚款"])
    content = "罚款人民币贰拾万元整。"
    fine_amount = Decimal("20")
    seriousness = "general"
