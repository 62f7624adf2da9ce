"""Factories for 意见征集, one trait per lifecycle state.

``ConsultationFactory()`` is an unpublished draft open from yesterday for 30 days;
``published=True`` is live and open; ``upcoming=True`` opens tomorrow; ``closed=True`` closed
yesterday (live). ``CommentFactory`` stores through the service, as the public form does.
"""

import datetime
import itertools

import factory
from django.utils import timezone

from gongkai.consultations import services
from gongkai.consultations.models import Consultation, IdentityType, Kind
from gongkai.org.tests.factories import DepartmentFactory

DRAFT = """贵州省建设项目环境影响评价文件审批程序规定（征求意见稿）
第一章 总则
第一条 为了规范建设项目环境影响评价文件审批，根据《中华人民共和国环境影响评价法》，制定本规定。
第二条 本规定适用于省生态环境厅负责审批的建设项目环境影响评价文件。
第三条 审批环境影响评价文件，应当遵循公开、公平、公正的原则。
审批部门应当在受理后公开环境影响评价文件全本。
（一）涉及国家秘密的除外；
（二）涉及商业秘密的，应当删除后公开。
第二章 受理
第四条 建设单位应当通过全国一体化在线政务服务平台提交申请材料。
第五条 审批部门应当自受理之日起六十日内作出审批决定。
"""

_nonces = itertools.count(1)


def _now() -> datetime.datetime:
    return timezone.now()


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation
        skip_postgeneration_save = True

    class Params:
        published = factory.Trait(live=True)
        upcoming = factory.Trait(
            live=True,
            opens_at=factory.LazyFunction(lambda: _now() + datetime.timedelta(days=1)),
            closes_at=factory.LazyFunction(lambda: _now() + datetime.timedelta(days=31)),
        )
        closed = factory.Trait(
            live=True,
            opens_at=factory.LazyFunction(lambda: _now() - datetime.timedelta(days=31)),
            closes_at=factory.LazyFunction(lambda: _now() - datetime.timedelta(days=1)),
        )

    live = False
    title = factory.Sequence(lambda n: f"关于公开征求《建设项目环境影响评价文件审批程序规定》意见的通知（{n + 1}）")
    kind = Kind.NORMATIVE
    department = factory.SubFactory(DepartmentFactory, name="环评处", code="hpc")
    draft_text = DRAFT
    basis = "《中华人民共和国环境影响评价法》《优化营商环境条例》"
    expected_effect = "审批程序更加公开透明，审批时限明确。"
    explanation = "根据机构改革后的职能调整起草。"
    opens_at = factory.LazyFunction(lambda: _now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: _now() + datetime.timedelta(days=30))


COMMENT_SET = [
    {"text": "建议第三条明确全本公开的期限。", "target_article": 3, "identity_type": "individual"},
    {
        "text": "第三条第二款应当列明可以不公开的情形。",
        "target_article": 3,
        "target_paragraph": 2,
        "identity_type": "lawyers",
        "organisation": "省律师协会",
    },
    {
        "text": "建议把第五条的审批时限缩短为三十日以内。",
        "target_article": 5,
        "identity_type": "enterprise",
        "organisation": "甲公司",
    },
    {"text": "整体赞成本规定。", "identity_type": "chamber", "organisation": "省工商联环保商会"},
]


def submit_comment(consultation: Consultation, **overrides):
    """A comment through ``services.comment_submit`` with a fresh nonce (one form, one post)."""
    data = {
        "target_article": None,
        "target_paragraph": None,
        "text": "建议明确审批时限的起算点。",
        "identity_type": IdentityType.INDIVIDUAL,
        "organisation": "",
        "name": "张三",
        "contact": "13800000000",
        "consent_publish": True,
        "nonce": f"test-nonce-{next(_nonces)}",
    }
    data.update(overrides)
    comment, _created = services.comment_submit(consultation=consultation, **data)
    return comment


def closed_with_comments(consultation: Consultation, comments: list[dict]) -> Consultation:
    """Comments are taken while open; then the consultation is moved into the past (closed yesterday)."""
    for overrides in comments:
        submit_comment(consultation, **overrides)
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=_now() - datetime.timedelta(days=31), closes_at=_now() - datetime.timedelta(days=1)
    )
    consultation.refresh_from_db()
    return consultation
