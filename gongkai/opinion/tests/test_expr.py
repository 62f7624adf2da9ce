"""Topic rules: the boolean keyword parser (no eval) and its Chinese error messages."""

import pytest
from django.core.exceptions import ValidationError

from gongkai.opinion import expr
from gongkai.opinion.models import TopicRule


def match(rule: str, text: str) -> bool:
    """The tree walk's answer; every case also checks that the compiled matcher ingestion uses agrees."""
    tree, normalised = expr.parse(rule), expr.normalise(text)
    walked = expr.matches(tree, normalised)
    assert expr.compile_matcher(tree)(normalised) is walked
    return walked


@pytest.mark.parametrize(
    ("rule", "text", "expected"),
    [
        ("污染", "乌江出现污染", True),
        ("污染", "乌江水质优良", False),
        ("污染 AND 乌江", "乌江出现污染", True),
        ("污染 AND 乌江", "赤水河出现污染", False),
        ("污染 乌江", "赤水河出现污染", False),  # side by side means AND
        ("污染 OR 排放", "夜间排放废气", True),
        ("污染 or 排放", "夜间排放废气", True),
        ("污染 NOT 招聘", "环境污染防治岗位招聘", False),
        ("污染 NOT 招聘", "环境污染严重", True),
        ("(偷排 OR 直排) AND 乌江 NOT 招聘", "化工厂往乌江直排废水", True),
        ("(偷排 OR 直排) AND 乌江 NOT 招聘", "化工厂往赤水河直排废水", False),
        ("偷排 OR 直排 AND 乌江", "往赤水河偷排", True),  # AND binds tighter than OR
        ("(偷排 OR 直排) AND 乌江", "往赤水河偷排", False),
        ("污染 与 乌江", "乌江出现污染", True),
        ("污染 或 排放", "夜间排放废气", True),
        ("污染 非 招聘", "污染治理招聘", False),
        ("生态与环境", "生态与环境保护", True),  # 与 inside a word is a character
        ("生态与环境", "生态环境保护", False),
        ("“垃圾 焚烧”", "露天垃圾 焚烧", True),
        ('"垃圾 焚烧"', "垃圾被焚烧", False),
        ("（偷排 或 直排） 与 乌江", "往乌江偷排", True),
        ("PM2.5 AND 超标", "ＰＭ２.５浓度超标", True),  # full-width and case folded like the search
        ("污染 & 乌江", "乌江污染", True),
        ("污染 | 排放", "排放", True),
        ("污染 !招聘", "污染招聘", False),
        ("NOT 招聘 AND 污染", "污染", True),
    ],
)
def test_matching(rule, text, expected):
    assert match(rule, text) is expected


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("", "请填写关键词表达式"),
        ("   ", "请填写关键词表达式"),
        ("(污染 OR 排放", "第1个字符处的左括号没有对应的右括号"),
        ("污染 OR 排放)", "第9个字符处的右括号没有对应的左括号"),
        ("污染 AND", "第4个字符处的“AND”后面缺少关键词"),
        ("污染 OR OR 排放", "第4个字符处的“OR”后面缺少关键词"),
        ("AND 污染", "第1个字符处的“AND”前面缺少关键词"),
        ("污染 NOT", "“NOT”后面缺少关键词"),
        ("()", "括号内没有内容"),
        ('"污染', "引号没有闭合"),
        ('""', "引号内没有内容"),
        ("NOT 招聘", "不能只有“非”条件"),
        ("非 招聘 或 非 广告", "不能只有“非”条件"),
        ("(" * 30 + "污染" + ")" * 30, "嵌套过深"),
        ("污染 " * 200, "表达式过长"),
        ("污染 &&& 乌江", "无法识别"),
    ],
)
def test_bad_expressions_have_chinese_messages(rule, message):
    with pytest.raises(expr.ExpressionError, match=message):
        expr.parse(rule)


def test_parser_never_evaluates_python():
    # Would be dangerous with eval(); here it is just an odd keyword.
    tree = expr.parse("__import__('os').system('true')")
    assert tree[0] in {"term", "and"}
    assert not match("__import__('os')", "正常文本")


def test_terms_are_the_positive_keywords():
    assert expr.terms(expr.parse("(偷排 OR 直排) AND 乌江 NOT 招聘")) == ["偷排", "直排", "乌江"]


@pytest.mark.django_db
def test_a_topic_rule_is_validated_on_clean():
    rule = TopicRule(name="乌江", expression="乌江 AND (污染")
    with pytest.raises(ValidationError) as caught:
        rule.full_clean()
    assert "左括号没有对应的右括号" in str(caught.value.message_dict["expression"])
