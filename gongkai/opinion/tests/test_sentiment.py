"""The offline sentiment lexicon: negators, intensifiers, longest match."""

import pytest

from gongkai.opinion import sentiment


@pytest.mark.parametrize(
    "text",
    [
        "化工厂偷排废水，河水发黑发臭，群众非常愤怒",
        "夜里排放刺鼻废气，孩子咳嗽头晕，多次投诉没人管",
        "尾矿库渗漏，庄稼枯死，村民很担心",
        "垃圾堆放点恶臭难闻，蚊蝇成群",
        "环境越来越差，相关部门推诿敷衍",
        "空气质量不好",
        "水质一点也不清澈",
    ],
)
def test_negative_sentences(text):
    result = sentiment.score(text)
    assert result.is_negative, (text, result)


@pytest.mark.parametrize(
    "text",
    [
        "乌江水质持续好转，沿岸群众纷纷点赞",
        "整改到位，村民很满意",
        "环境改善明显，河水清澈",
        "经监测，河水没有异味",
        "省生态环境厅召开会议部署工作",
    ],
)
def test_not_negative_sentences(text):
    result = sentiment.score(text)
    assert not result.is_negative, (text, result)


def test_a_negator_flips_and_weakens():
    assert sentiment.score("有异味").score < 0
    assert sentiment.score("没有异味").score > 0
    assert sentiment.score("没有异味").score < -sentiment.score("有异味").score


def test_an_intensifier_multiplies():
    assert sentiment.score("非常刺鼻").score < sentiment.score("刺鼻").score < 0


def test_longest_match_wins():
    # 不错 is one positive word, not 不 + 错; 不满 one negative word.
    assert sentiment.score("不错").score > 0
    assert sentiment.score("不满").score < 0
    assert sentiment.score("不满").negative_words == ("不满",)


def test_the_threshold_is_a_setting(settings):
    settings.GONGKAI_OPINION_NEGATIVE_THRESHOLD = -5
    assert not sentiment.score("有异味").is_negative
    settings.GONGKAI_OPINION_NEGATIVE_THRESHOLD = -0.5
    assert sentiment.score("有异味").is_negative


def test_the_lexicon_is_a_shipped_data_file():
    lexicon = sentiment.lexicon()
    assert sentiment.LEXICON_PATH.exists()
    assert lexicon.words["污染"][0] == "negative"
    assert lexicon.words["没有"][0] == "negator"
    assert lexicon.words["非常"][0] == "intensifier"
