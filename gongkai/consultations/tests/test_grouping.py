"""Near-identical and mass comments form one group; distinct comments do not."""

import random

import pytest

from gongkai.consultations import grouping
from gongkai.consultations.models import CommentGroup
from gongkai.consultations.tests.factories import ConsultationFactory, submit_comment

pytestmark = pytest.mark.django_db

TEMPLATE = (
    "我们坚决反对第五条规定的六十日审批时限，时限过长会严重影响企业项目建设进度，"
    "建议将审批时限缩短为三十日，并公开审批进度，接受企业和社会监督。"
)
DISTINCT = [
    "建议在第五条中明确，补正材料的时间不计入审批时限。",
    "审批决定应当同时在门户网站公开，并注明救济途径和期限。",
    "六十日太长了，能否参照外省做法分类设定时限，报告表项目更短一些。",
    "建议增加容缺受理制度，次要材料缺失时先行受理后补交。",
    "希望对重点民生项目开通绿色通道，优先审批。",
]


def variant(rng: random.Random, n: int) -> str:
    """The campaign template with the small changes people make: punctuation, spacing, a signature."""
    text = TEMPLATE
    if rng.random() < 0.5:
        text = text.replace("，", ",")
    if rng.random() < 0.3:
        text = text.replace("坚决反对", "反对")
    if rng.random() < 0.3:
        text = " ".join(text[i : i + 20] for i in range(0, len(text), 20))
    if rng.random() < 0.5:
        text += f"（企业职工{n}号）"
    if rng.random() < 0.2:
        text = text.replace("三十日", "30日")
    return text


def test_normalise_drops_punctuation_space_and_width():
    assert grouping.normalise("建议，  缩短 时限！ＡＢＣ") == grouping.normalise("建议,缩短时限!abc")
    assert grouping.text_hash("同意。") == grouping.text_hash(" 同意 ")


def test_short_texts_are_grouped_only_when_identical():
    assert grouping.best_match(grouping.normalise("不同意"), [(1, grouping.normalise("同意"))]) is None


def test_five_hundred_near_identical_comments_form_one_group_of_five_hundred():
    consultation = ConsultationFactory(published=True)
    rng = random.Random(20261201)
    for n in range(500):
        submit_comment(
            consultation, text=variant(rng, n), target_article=5, identity_type="enterprise", organisation=f"某公司{n}"
        )
    for text in DISTINCT:
        submit_comment(consultation, text=text, target_article=5)
    groups = {g.pk: g.comments.count() for g in CommentGroup.objects.filter(consultation=consultation)}
    assert sorted(groups.values(), reverse=True) == [500, 1, 1, 1, 1, 1]
    mass = max(groups, key=groups.get)
    assert not consultation.comments.filter(group_id=mass, text__in=DISTINCT).exists()


def test_identical_text_on_another_article_is_another_group():
    consultation = ConsultationFactory(published=True)
    a = submit_comment(consultation, text=TEMPLATE, target_article=5)
    b = submit_comment(consultation, text=TEMPLATE, target_article=4)
    c = submit_comment(consultation, text=TEMPLATE + "！", target_article=5)
    assert a.group_id != b.group_id
    assert a.group_id == c.group_id


def test_distinct_comments_on_one_article_are_not_grouped():
    consultation = ConsultationFactory(published=True)
    comments = [submit_comment(consultation, text=t, target_article=5) for t in DISTINCT]
    assert len({c.group_id for c in comments}) == len(DISTINCT)
