"""The public query through its index gives exactly what a substring scan of the public decisions gives."""

import datetime

import pytest
from django.db import connection
from django.db.models import Q

from gongkai.calendar.services import current_date
from gongkai.enforcement import search_index, selectors
from gongkai.enforcement.models import Decision, DecisionSearchEntry, Withdrawal
from gongkai.enforcement.tests.factories import DecisionFactory
from gongkai.org.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

NAMES = [
    "贵阳某某化工有限公司",
    "遵义某某水泥有限公司12",
    "六盘水某某焦化有限责任公司",
    "贵州ABC环保科技有限公司",
    "安顺市王某汽车修理厂",
    "兴义某某建材有限公司7",
]


def scan(today: datetime.date, q: str) -> list[Decision]:
    """What the query gave before the index: a LIKE over every public decision."""
    return list(
        selectors.public_decisions(today)
        .filter(Q(party_name__contains=q) | Q(decision_number__contains=q))
        .order_by("-decision_date", "-pk")
    )


@pytest.fixture
def zfc():
    return DepartmentFactory(name="执法处", code="zfc")


@pytest.fixture
def decisions(zfc):
    today = current_date()
    made = []
    for n in range(30):
        made.append(
            DecisionFactory(
                department=zfc,
                published=True,
                party_name=NAMES[n % len(NAMES)],
                decision_number=f"黔环罚字〔{2024 + n % 3}〕{n * 7 + 1}号",
                decision_date=today - datetime.timedelta(days=n * 11 % 200),
            )
        )
    # Never public, so never found: a draft, an expired one, a withdrawn one, a minor's.
    DecisionFactory(department=zfc, party_name="贵阳某某草稿有限公司", decision_number="黔环罚〔2026〕9001号")
    expired = DecisionFactory(department=zfc, published=True, party_name="贵阳某某过期有限公司")
    Decision.objects.filter(pk=expired.pk).update(public_until=today - datetime.timedelta(days=1))
    withdrawn = DecisionFactory(department=zfc, published=True, party_name="贵阳某某撤下有限公司")
    Withdrawal.objects.create(
        decision=withdrawn, reason="revoked", event_date=today, statement="复议撤销。", withdrawn_on=today
    )
    DecisionFactory(department=zfc, published=True, party_name="贵阳某某未成年人", party_is_minor=True)
    return made


FRAGMENTS = ["贵", "贵阳", "某某化", "六盘水某某焦化", "有限公司12", "公司1", "ABC", "abc", "〔2025〕", "2025", "〕8号",
             "5〕1", "罚字〔2024〕1", "22号", "王某", "环保科技有", "不存在", "有限公司7",
             "建材有限公司7", "有限公司", "某某建材有限公司"]  # fmt: skip


def test_fragments_find_exactly_what_the_scan_found_in_the_same_order(decisions):
    today = current_date()
    for q in FRAGMENTS:
        assert list(selectors.search_public(today, q=q)) == scan(today, q), q
    assert len(scan(today, "贵阳")) == 5  # the fixture is what the cases assume: matches, and non-public rows


def test_near_universal_bigrams_are_left_out_of_the_match_but_not_of_the_answer(decisions):
    # 有限, 限公, 公司 are in most names of the fixture, 建材 and 材有 in one in six: the match walks
    # only 建材 + 材有 and the tail; the substring test still gives exactly the scan's answer.
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps every token in its tsquery; only the FTS5 match leaves some out")
    today = current_date()
    shares = search_index.sample_shares(["建材", "材有", "有限", "限公", "公司"])
    assert shares["公司"] > search_index.COMMON_SHARE > shares["建材"] > 0
    expression = search_index.fts_expression("建材有限公司7", shares)
    assert '"建材" + "材有"' in expression and "公司" not in expression
    assert list(selectors.search_public(today, q="建材有限公司7")) == scan(today, "建材有限公司7") != []
    # All of them common: the phrase stays whole.
    assert search_index.fts_expression("有限公司", shares) == search_index.fts_expression("有限公司")


def test_the_rarest_bigram_of_a_phrase_is_always_kept():
    phrase = ["焦化", "化有", "有限", "限公", "公司"]
    shares = {"焦化": 0.1, "化有": 0.2, "有限": 1.0, "限公": 1.0, "公司": 1.0}
    assert search_index.rare_runs(phrase, shares) == [["焦化", "化有"]]
    assert search_index.rare_runs(["某某", "某焦", "焦化"], {"某某": 1.0, "某焦": 0.1}) == [["某焦", "焦化"]]
    assert search_index.rare_runs(
        ["安顺", "顺某", "某某", "某水", "水泥"], {"某某": 0.9, "安顺": 0.1, "水泥": 0.1}
    ) == [
        ["安顺", "顺某"],
        ["某水", "水泥"],
    ]
    assert search_index.rare_runs(["有限", "限公", "公司"], dict.fromkeys(["有限", "限公", "公司"], 1.0)) == [
        ["有限", "限公", "公司"]
    ]
    assert search_index.rare_runs(["有限", "公司"], {"有限": 0.99, "公司": 1.0}) == [["有限", "公司"]]


def test_an_exact_number_is_found_however_its_brackets_are_written(decisions):
    today = current_date()
    target = decisions[4]
    number = target.decision_number
    brackets = number.replace("〔", "[").replace("〕", "]")
    for written in (number, brackets, number.replace("〔", "（").replace("〕", "）"), " " + number):
        assert list(selectors.search_public(today, q=written)) == [target]


def test_only_decisions_that_may_be_public_have_an_entry_and_it_follows_them(decisions):
    assert DecisionSearchEntry.objects.count() == len(decisions) + 2  # + the expired and withdrawn rows
    withdrawn = Decision.objects.get(party_name="贵阳某某撤下有限公司")
    withdrawn.live = False  # what UnpublishAction does after the withdrawal
    withdrawn.save()
    assert not DecisionSearchEntry.objects.filter(decision=withdrawn).exists()
    assert not DecisionSearchEntry.objects.filter(decision__party_is_minor=True).exists()
    renamed = decisions[0]
    renamed.party_name = "毕节某某电力有限公司"
    renamed.save()
    today = current_date()
    assert list(selectors.search_public(today, q="毕节")) == [renamed]
    assert renamed not in selectors.search_public(today, q="贵阳某某化工")
    renamed.delete()
    assert not DecisionSearchEntry.objects.filter(decision_id=renamed.pk).exists()
    assert list(selectors.search_public(today, q="毕节")) == []


def test_rebuild_indexes_the_same_entries(decisions):
    before = sorted(DecisionSearchEntry.objects.values_list("decision_id", "sort_key", "names", "numbers"))
    assert search_index.rebuild() == len(before)
    after = sorted(DecisionSearchEntry.objects.values_list("decision_id", "sort_key", "names", "numbers"))
    assert after == before
    assert list(selectors.search_public(current_date(), q="水泥")) == scan(current_date(), "水泥")


def test_filters_and_dates_combine_with_a_fragment(decisions):
    today = current_date()
    since = today - datetime.timedelta(days=60)
    until = today - datetime.timedelta(days=20)
    found = list(selectors.search_public(today, q="某某", date_from=since, date_to=until))
    assert found == [d for d in scan(today, "某某") if since <= d.decision_date <= until]
    assert found


def test_a_query_of_punctuation_only_finds_nothing(decisions):
    assert list(selectors.search_public(current_date(), q="〔〕-")) == []


def test_tokens_keep_every_substring_reachable():
    assert search_index.tokens("遵义AB12") == "遵义 遵 义 ab12 b12 12 2"
    assert search_index.number_key("黔环罚[2025] 41号") == "黔环罚〔2025〕41号"
    assert search_index.fts_expression("〔〕") is None


def test_the_count_is_capped_and_says_so(decisions):
    today = current_date()
    paginator = selectors.CappedPaginator(selectors.search_public(today, q="某某"), 5, cap=10)
    assert paginator.capped and paginator.count == 10 and paginator.num_pages == 2
    exact = selectors.CappedPaginator(selectors.search_public(today, q="水泥"), 5, cap=10)
    assert not exact.capped and exact.count == len(scan(today, "水泥"))
