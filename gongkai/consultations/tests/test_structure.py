"""The draft is split into 章, 条 and 款 from its text, with Chinese numerals parsed."""

import pytest

from gongkai.consultations.structure import chinese_number, chinese_numeral, parse, parse_target, target_key
from gongkai.consultations.tests.factories import DRAFT


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十一", 21),
        ("一百", 100),
        ("一百零五", 105),
        ("一百一十", 110),
        ("一百二十三", 123),
        ("一千零一", 1001),
        ("两百", 200),
        ("二〇二六", 2026),
        ("12", 12),
        ("１２", 12),
    ],
)
def test_chinese_numbers(text, number):
    assert chinese_number(text) == number


@pytest.mark.parametrize("text", ["", "百百", "十十", "甲", "一二十"])
def test_not_numbers(text):
    with pytest.raises(ValueError):
        chinese_number(text)


def test_numerals_round_trip_to_one_hundred_and_twenty_three():
    for n in range(1, 124):
        assert chinese_number(chinese_numeral(n)) == n
    assert chinese_numeral(10) == "十" and chinese_numeral(15) == "十五" and chinese_numeral(105) == "一百零五"


def test_articles_first_to_one_hundred_and_twenty_third():
    lines = []
    for n in range(1, 124):
        if n in (1, 60):
            lines.append(f"第{chinese_numeral(1 if n == 1 else 2)}章 {'总则' if n == 1 else '附则'}")
        lines.append(f"第{chinese_numeral(n)}条 内容{n}。")
    structure = parse("\n".join(lines))
    assert [a.number for a in structure.articles] == list(range(1, 124))
    assert structure.articles[-1].label == "第一百二十三条"
    assert structure.articles[104].label == "第一百零五条"
    assert structure.articles[58].chapter == 1 and structure.articles[59].chapter == 2
    assert [c.title for c in structure.chapters] == ["总则", "附则"]


def test_paragraphs_and_items():
    structure = parse(DRAFT)
    assert structure.preamble == ["贵州省建设项目环境影响评价文件审批程序规定（征求意见稿）"]
    third = structure.article(3)
    assert len(third.paragraphs) == 2  # 项 (（一）（二）) belong to the 款 before them
    assert third.paragraphs[1].startswith("审批部门应当") and "（二）涉及商业秘密" in third.paragraphs[1]
    assert structure.target_label(3, 2) == "第三条第二款"
    assert structure.target_label(3, None) == "第三条"
    assert structure.target_label(None, None) == "全文"
    assert structure.target_label(3, 3) is None and structure.target_label(9, None) is None
    assert ("a3p2", "第三条第二款") in structure.targets()
    # A one-paragraph article has no separate 款 targets.
    assert "a1p1" not in dict(structure.targets())


def test_article_number_without_space_and_reference_inside_text():
    structure = parse("第一条为了保护环境，制定本办法。\n第二条 适用范围。\n第一条规定的情形除外。")
    assert [a.number for a in structure.articles] == [1, 2]
    assert structure.article(1).paragraphs == ["为了保护环境，制定本办法。"]
    assert structure.article(2).paragraphs == ["适用范围。", "第一条规定的情形除外。"]


def test_a_draft_without_articles_is_split_into_paragraphs():
    structure = parse("一、规划目标\n\n到2030年，全省地表水国控断面水质优良比例达到98%。\n二、主要任务")
    assert not structure.has_articles
    assert len(structure.paragraphs) == 3
    assert structure.target_label(None, 2) == "第二段"
    assert structure.target_label(None, 4) is None
    assert ("p3", "第三段") in structure.targets()


@pytest.mark.parametrize(("key", "pair"), [("", (None, None)), ("a3", (3, None)), ("a3p2", (3, 2)), ("p5", (None, 5))])
def test_target_keys(key, pair):
    assert parse_target(key) == pair
    assert target_key(*pair) == key


@pytest.mark.parametrize("key", ["x", "a", "a3p", "3", "a12345"])
def test_bad_target_keys(key):
    with pytest.raises(ValueError):
        parse_target(key)
