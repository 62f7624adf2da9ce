"""错敏词 checker: matching, positions and context, effective dates, exceptions, caching."""

import datetime

import pytest

from gongkai.review import checker
from gongkai.review.checker import AhoCorasick, check_fields, check_page, plain_text, unresolved_severe_words
from gongkai.review.models import SensitiveOverride, SensitiveWord, Severity, WrongTerm

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 28)


def test_aho_corasick_finds_overlapping_and_nested_words():
    automaton = AhoCorasick(["攻坚战", "污染防治攻坚战", "防治", "he", "she", "hers"])
    found = sorted(automaton.finditer("打好污染防治攻坚战ushers"))
    assert (2, 9, "污染防治攻坚战") in found
    assert (6, 9, "攻坚战") in found
    assert (4, 6, "防治") in found
    assert {(w, s) for s, _e, w in found if w in {"he", "she", "hers"}} == {("she", 10), ("he", 11), ("hers", 11)}


def test_seeded_wrong_terms_are_found_with_position_context_and_correction():
    hits = check_fields([("body", "正文", "为深入打好污染防治攻坚站，国家环保总局要求如下。")], reference_date=TODAY)
    assert [(h.word, h.correction, h.start, h.end) for h in hits] == [
        ("污染防治攻坚站", "污染防治攻坚战", 5, 12),
        ("国家环保总局", "生态环境部", 13, 19),
    ]
    assert hits[0].context == "…为深入打好【污染防治攻坚站】，国家环保总局要求如下。…"
    assert hits[0].kind_label == "错误用语" and hits[0].severity_label == "一般"


def test_renamed_ministry_is_flagged_only_after_the_reform_and_not_inside_exceptions():
    text = "环境保护部印发通知，请各级环境保护部门落实。"
    after = check_fields([("body", "正文", text)], reference_date=datetime.date(2019, 1, 1))
    assert [(h.word, h.start) for h in after] == [("环境保护部", 0)]
    before = check_fields([("body", "正文", text)], reference_date=datetime.date(2017, 6, 1))
    assert before == []


def test_sensitive_words_are_case_insensitive_and_marked_severe():
    SensitiveWord.objects.create(word="ABC机密", severity=Severity.SEVERE)
    hits = check_fields([("title", "标题", "关于abc机密的说明")], reference_date=TODAY)
    assert [(h.word, h.severe, h.kind) for h in hits] == [("abc机密", True, "sensitive")]


def test_inactive_entries_are_ignored():
    WrongTerm.objects.filter(wrong="污染防治攻坚站").update(active=False)
    assert check_fields([("body", "正文", "污染防治攻坚站")], reference_date=TODAY) == []


def test_word_list_changes_take_effect_without_restart():
    assert check_fields([("body", "正文", "一个新错词")], reference_date=TODAY) == []
    term = WrongTerm.objects.create(wrong="新错词", correct="新正词")
    assert [h.word for h in check_fields([("body", "正文", "一个新错词")], reference_date=TODAY)] == ["新错词"]
    term.delete()
    assert check_fields([("body", "正文", "一个新错词")], reference_date=TODAY) == []


def test_matcher_is_cached_between_checks(django_assert_max_num_queries):
    check_fields([("body", "正文", "预热")], reference_date=TODAY)
    with django_assert_max_num_queries(2):  # the two fingerprint aggregates, no reload
        check_fields([("body", "正文", "污染防治攻坚站")], reference_date=TODAY)
    assert checker._cached["matcher"] is not None


def test_plain_text_strips_tags_and_never_joins_paragraphs():
    assert plain_text("<p>环境</p><p>保护部</p>") == "环境\n保护部\n"
    assert plain_text("<p>A&amp;B <b>粗体</b></p>") == "A&B 粗体\n"
    assert check_fields([("body", "正文", plain_text("<p>环境</p><p>保护部</p>"))], reference_date=TODAY) == []


def test_check_page_uses_the_written_date_and_all_fields(draft_item):
    draft_item.title = "国家环保总局通知"
    draft_item.summary = "摘要里的污染防治攻坚站"
    draft_item.body = "<p>正文里的<b>环境保护部</b>。</p>"
    draft_item.written_date = datetime.date(2019, 5, 1)
    assert [(h.field, h.word) for h in check_page(draft_item)] == [
        ("title", "国家环保总局"),
        ("summary", "污染防治攻坚站"),
        ("body", "环境保护部"),
    ]
    # In 2016 the ministry was still 环境保护部; 国家环保总局 had been renamed in 2008.
    draft_item.written_date = datetime.date(2016, 5, 1)
    assert [h.word for h in check_page(draft_item)] == ["国家环保总局", "污染防治攻坚站"]
    draft_item.written_date = datetime.date(2007, 5, 1)
    assert [h.word for h in check_page(draft_item)] == ["污染防治攻坚站"]


def test_override_clears_only_the_words_it_names(draft_item, severe_word):
    SensitiveWord.objects.create(word="另一严重词", severity=Severity.SEVERE)
    draft_item.body = "<p>绝密样词与另一严重词</p>"
    assert unresolved_severe_words(draft_item) == ["绝密样词", "另一严重词"]
    SensitiveOverride.objects.create(page=draft_item, words=["绝密样词"], reason="引用原文。")
    assert unresolved_severe_words(draft_item) == ["另一严重词"]


def test_large_word_list_scans_a_long_body_quickly():
    import time

    WrongTerm.objects.bulk_create([WrongTerm(wrong=f"测试错词{i:05d}", correct="正") for i in range(3000)])
    text = "生态环境保护工作持续推进。" * 2000 + "测试错词02999"
    started = time.perf_counter()
    hits = check_fields([("body", "正文", text)], reference_date=TODAY)
    assert [h.word for h in hits] == ["测试错词02999"]
    assert time.perf_counter() - started < 2.0
