"""Factories for policies, interpretations and 政策问答, one trait per lifecycle state.

``PolicyFactory()`` is a published ordinary policy (no interpretation required);
``draft=True`` never published; ``normative=True`` a 行政规范性文件 (needs an interpretation);
``livelihood=True`` marked 民生; ``important=True`` marked 重要信息.
``InterpretationFactory(policy=p)`` is a draft interpretation by the policy's department.
``QuestionFactory()`` is an unpublished Q&A entry; ``published=True`` public.
"""

import datetime

import factory
from django.utils import timezone

from gongkai.catalog.models import LegalForm
from gongkai.org.tests.factories import DepartmentFactory
from gongkai.policies.models import InterpretationForm, InterpretationPage, PolicyPage, PolicyQuestion
from gongkai.portal.tests.factories import ColumnFactory, _PageFactory


class _ItemFactory(_PageFactory):
    class Meta:
        abstract = True

    body = "<p>为深入打好污染防治攻坚战，现就有关事项通知如下。</p>"
    written_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    live = True

    class Params:
        draft = factory.Trait(live=False)

    @classmethod
    def _default_parent(cls):
        return ColumnFactory()

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        live = kwargs.pop("live", True)
        page = super()._create(model_class, *args, parent=parent, live=False, **kwargs)
        revision = page.save_revision()
        if live:
            revision.publish()
            page.refresh_from_db()
        return page


class PolicyFactory(_ItemFactory):
    class Meta:
        model = PolicyPage

    title = factory.Sequence(lambda n: f"贵州省生态环境厅关于规范环境管理工作的通知（第{n}号）")
    slug = factory.Sequence(lambda n: f"policy-{n}")
    department = factory.SubFactory(DepartmentFactory)
    document_number = factory.Sequence(lambda n: f"黔环通〔2026〕{n + 1}号")

    class Params:
        draft = factory.Trait(live=False)
        normative = factory.Trait(legal_form=LegalForm.NORMATIVE)


class InterpretationFactory(_ItemFactory):
    class Meta:
        model = InterpretationPage

    title = factory.LazyAttribute(lambda o: f"《{o.policy.title}》政策解读")
    slug = factory.Sequence(lambda n: f"interpretation-{n}")
    department = factory.SelfAttribute("policy.department")
    form = InterpretationForm.TEXT
    body = "<p>一、出台背景。二、主要内容。三、适用范围。</p>"
    live = False


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyQuestion
        skip_postgeneration_save = True

    question = "排污许可证到期后如何延续？"
    answer = "排污单位应当在排污许可证有效期届满60日前向审批部门提出延续申请。"
    department = factory.SubFactory(DepartmentFactory)
    is_published = False

    class Params:
        published = factory.Trait(is_published=True, published_at=factory.LazyFunction(timezone.now))

    @factory.post_generation
    def policies(self, create, extracted, **kwargs):
        if create and extracted:
            self.policies.set(extracted)
