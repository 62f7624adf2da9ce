import datetime

from gongkai.search.highlight import highlight, hit_spans, snippet
from gongkai.search.models import make_sort_key
from gongkai.search.tokenizer import (
    CHAR,
    MAX_WORD_LENGTH,
    PHRASE,
    WORD,
    PgVectorBuilder,
    Term,
    fts_text,
    parse_query,
)


def test_cjk_runs_become_bigrams_then_unigrams_and_words_stay_whole():
    assert fts_text("污染防治，PM2.5") == "污染 染防 防治 污 染 防 治 pm2 5"
    assert fts_text("水") == "水"
    assert fts_text("黔环发〔2024〕12号") == "黔环 环发 黔 环 发 2024 12 号"


def test_full_width_and_upper_case_are_normalised():
    assert fts_text("ＰＭ２．５　ＡＢＣ") == "pm2 5 abc"


def test_punctuation_and_symbols_are_separators_only():
    assert fts_text('"a" * (b) - NEAR/3 {c}: ^d') == "a b near 3 c d"
    assert fts_text("・〔〕【】《》、。") == ""


def test_rare_characters_are_kept():
    # CJK extension B and a character added in Unicode 10 (鿫).
    assert fts_text("𪚥鿫") == "𪚥鿫 𪚥 鿫"


def test_long_words_are_cut():
    assert fts_text("x" * 100) == "x" * MAX_WORD_LENGTH


def test_query_terms():
    assert parse_query(" 污染防治  PM2.5 水 ") == [
        Term(PHRASE, "污染防治"),
        Term(WORD, "pm2"),
        Term(WORD, "5"),
        Term(CHAR, "水"),
    ]
    assert parse_query("污染防治 污染防治") == [Term(PHRASE, "污染防治")]
    assert Term(PHRASE, "污染防治").tokens == ["污染", "染防", "防治"]
    assert parse_query('"*()-:^') == []


def test_postgres_vector_positions_keep_runs_apart():
    builder = PgVectorBuilder()
    builder.add_text("污染防治，防治")
    # 污染@1 染防@2 防治@3; the next run starts after a gap (4 chars + 1): 防治@6.
    assert builder.positions == {"污染": [1], "染防": [2], "防治": [3, 6]}
    assert {"污", "染", "防", "治"} <= builder.bare
    literal = builder.literal()
    assert "'防治':3,6" in literal and "'污'" in literal


def test_postgres_vector_wraps_before_the_position_limit():
    builder = PgVectorBuilder()
    builder.add_text("甲" * 16_380 + "，生态环境")
    assert builder.positions["生态"] == [1]
    assert builder.positions["态环"] == [2]


def test_sort_key_orders_by_date_then_page():
    day = datetime.date(2025, 3, 1)
    assert make_sort_key(day, 7) < make_sort_key(day, 8) < make_sort_key(day + datetime.timedelta(1), 1)
    assert make_sort_key(datetime.date(1800, 1, 1), 5) == 5
    assert make_sort_key(datetime.date(9999, 12, 31), 4_194_303) < 2**63


def test_highlight_marks_substrings_and_whole_words():
    terms = parse_query("染防 pm2")
    assert str(highlight("污染防治 PM2.5 pm25", terms)) == "污<mark>染防</mark>治 <mark>PM2</mark>.5 pm25"


def test_highlight_maps_full_width_text_back():
    assert str(highlight("ＰＭ２．５浓度", parse_query("pm2"))) == "<mark>ＰＭ２</mark>．５浓度"
    # A character that NFKC expands (㍻ → 平成) keeps the offsets right.
    assert str(highlight("㍻元年污染", parse_query("污染"))) == "㍻元年<mark>污染</mark>"


def test_highlight_merges_overlaps_and_escapes():
    assert str(highlight("<b>哈哈哈</b>", parse_query("哈哈"))) == "&lt;b&gt;<mark>哈哈哈</mark>&lt;/b&gt;"
    assert hit_spans("", parse_query("哈")) == []


def test_snippet_centres_on_the_first_hit():
    text = "甲" * 200 + "污染防治" + "乙" * 200
    html = str(snippet(text, parse_query("污染防治"), length=40))
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>污染防治</mark>" in html
    assert str(snippet("短文\n\n第二段", [])) == "短文 第二段"
