"""The annual report's figures: labels of the template, consistency breaches, snapshots, scale."""

import copy
import datetime

import pytest
from django.utils import timezone

from gongkai.foi.models import AnnualReport, ApplicantType, Application, Status
from gongkai.foi.outcomes import Outcome
from gongkai.foi.report import tables as t
from gongkai.foi.tests.test_report_scenario import (
    EXPECTED_2025,
    YEAR,
    make_application,
    section_three_rows,
    with_scenario,
)

D = datetime.date
CARRIED = "二、上年结转政府信息公开申请数量"
CARRY_NEXT = "四、结转下年度继续办理"


@pytest.fixture
def scenario_data(home):
    yield from with_scenario(home)


def test_rows_and_columns_are_those_of_the_2021_template():
    """国办公开办函〔2021〕30号, section 三 (shared/spec/ogi.md §2.2): 25 rows, 7 columns, in this order."""
    assert [row.path[-1] for row in t.ROWS] == [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "3.危及“三安全一稳定”",
        "4.保护第三方合法权益",
        "5.属于三类内部事务信息",
        "6.属于四类过程性信息",
        "7.属于行政执法案卷",
        "8.属于行政查询事项",
        "1.本机关不掌握相关政府信息",
        "2.没有现成信息需要另行制作",
        "3.补正后申请内容仍不明确",
        "1.信访举报投诉类申请",
        "2.重复申请",
        "3.要求提供公开出版物",
        "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
        "（七）总计",
        "四、结转下年度继续办理",
    ]
    assert sum(1 for row in t.ROWS if row.path[0] == "三、本年度办理结果") == 22
    assert [label for _, label in t.COLUMNS] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    # Full-width curly quotes, as printed in real reports.
    assert "\u201c三安全一稳定\u201d" in t.ROWS[6].path[-1]


def test_snapshot_round_trip(scenario_data):
    data = t.compute(YEAR)
    again = t.from_json(t.as_json(data))
    assert again.frozen
    assert t.as_json(again) == t.as_json(data)
    assert again.section_three.cells == data.section_three.cells
    assert again.section_four.cells == data.section_four.cells


def _publish_snapshot(year: int, payload: dict) -> AnnualReport:
    report, _ = AnnualReport.objects.get_or_create(year=year)
    report.snapshot = payload
    report.published_at = timezone.now()
    report.save()
    return report


def test_published_snapshot_of_last_year_is_the_reference(scenario_data):
    """Last year's published 结转下年度 is compared with this year's 上年结转, column by column."""
    good = t.as_json(t.compute(YEAR - 1))
    _publish_snapshot(YEAR - 1, good)
    assert t.compute(YEAR).breaches == []

    broken = copy.deepcopy(good)
    broken[t.HEADING_APPLICATIONS][CARRY_NEXT]["自然人"] += 1
    broken[t.HEADING_APPLICATIONS][CARRY_NEXT]["总计"] += 1
    _publish_snapshot(YEAR - 1, broken)
    breaches = t.compute(YEAR).breaches
    assert breaches == [
        "三、自然人列：本年“上年结转”（1）与2024年度已发布报告“结转下年度继续办理”（2）不一致。",
        "三、总计列：本年“上年结转”（3）与2024年度已发布报告“结转下年度继续办理”（4）不一致。",
    ]


def test_unreadable_last_year_snapshot_is_a_breach_not_a_crash(scenario_data):
    _publish_snapshot(YEAR - 1, {"年度": 2024})
    breaches = t.compute(YEAR).breaches
    assert len(breaches) == 1 and breaches[0].startswith("三、无法核对上年结转：2024年度已发布报告的数据无法读取")


def test_tampered_snapshot_shows_every_kind_of_breach(scenario_data):
    payload = t.as_json(t.compute(YEAR))
    three = payload[t.HEADING_APPLICATIONS]
    three["三、本年度办理结果"]["（一）予以公开"]["商业企业"] += 1  # breaks （七）and the 总计 column
    three["一、本年新收政府信息公开申请数量"]["科研机构"] += 2  # breaks 一+二=三+四 and 总计
    payload[t.HEADING_CHALLENGES]["行政复议"]["总计"] = 9
    data = t.from_json(payload)
    breaches = t.check(data)
    assert "三、科研机构列：第一项加第二项之和（7）不等于第三项（七）总计加第四项之和（5）。" in breaches
    assert "三、商业企业列：（七）总计（4）不等于（一）至（六）各项之和（5）。" in breaches
    assert "三、“（一）予以公开”行：总计（2）不等于自然人与法人或其他组织各列之和（3）。" in breaches
    assert (
        "三、“一、本年新收政府信息公开申请数量”行：总计（24）不等于自然人与法人或其他组织各列之和（26）。" in breaches
    )
    assert "四、行政复议：总计（9）不等于四种结果之和（3）。" in breaches
    assert len(breaches) == 5


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda p: p.pop(t.HEADING_CHALLENGES), "缺少“四、政府信息公开行政复议、行政诉讼情况"),
        (lambda p: p[t.HEADING_APPLICATIONS][CARRIED].update({"自然人": -1}), "不是非负整数"),
        (lambda p: p[t.HEADING_APPLICATIONS][CARRIED].update({"自然人": "1"}), "不是非负整数"),
        (lambda p: p[t.HEADING_PROACTIVE][t.ITEM_EIGHT][t.FEES].update({t.FEE_AMOUNT: "万"}), "不是数字"),
    ],
)
def test_malformed_snapshot_is_refused_in_chinese(scenario_data, mutate, message):
    payload = t.as_json(t.compute(YEAR))
    mutate(payload)
    with pytest.raises(ValueError, match=message):
        t.from_json(payload)


def test_a_closed_case_without_a_known_outcome_is_reported(db):
    # A case with a reply date but no outcome (possible outside the 已办结 status): never silently dropped.
    Application.objects.bulk_create(
        [
            make_application(1, ApplicantType.NATURAL_PERSON, D(2025, 3, 1), D(2025, 3, 9), "", Status.PROCESSING),
            make_application(2, ApplicantType.NATURAL_PERSON, D(2025, 3, 1), D(2025, 3, 9), Outcome.DISCLOSED),
        ]
    )
    data = t.compute(2025)
    rows = section_three_rows(t.as_json(data))
    assert rows[("三、本年度办理结果", "（七）总计")] == [1, 0, 0, 0, 0, 0, 1]
    assert data.breaches == [
        "三、自然人列有1件本年办结的申请没有可识别的办理结果（“”），未计入任何一行。",
        "三、自然人列：第一项加第二项之和（2）不等于第三项（七）总计加第四项之和（1）。",
        "三、总计列：第一项加第二项之和（2）不等于第三项（七）总计加第四项之和（1）。",
    ]


def test_section_two_sources_are_checked():
    with pytest.raises(ValueError, match="未知的统计项"):
        t.register_section_two_source("政府集中采购", lambda year: 1)
    t.register_section_two_source(t.PENALTIES, lambda year: -3)
    try:
        with pytest.raises(ValueError, match="“行政处罚”的统计来源返回了无效的数量：-3"):
            t._from_source(t.PENALTIES, 2025)
    finally:
        t.unregister_section_two_source(t.PENALTIES)
    assert t._from_source(t.PENALTIES, 2025) == 0


def test_report_data_uses_the_frozen_snapshot_once_published(scenario_data):
    report = AnnualReport.objects.get(year=YEAR)
    assert not t.report_data(report).frozen
    _publish_snapshot(YEAR, t.as_json(t.compute(YEAR)))
    # Later data (a late-registered 2025 application) does not change what was published.
    Application.objects.bulk_create([make_application(500, ApplicantType.NATURAL_PERSON, D(2025, 8, 8))])
    report.refresh_from_db()
    frozen = t.report_data(report)
    assert frozen.frozen and frozen.overview == report.overview
    assert section_three_rows(t.as_json(frozen)) == EXPECTED_2025
    assert section_three_rows(t.as_json(t.compute(YEAR)))[("一、本年新收政府信息公开申请数量",)][0] == 6


def test_a_constant_number_of_queries_whatever_the_number_of_cases(db, django_assert_max_num_queries):
    """Aggregates, not rows: the same handful of queries for 30 or 3,000 applications."""

    def fill(count: int) -> None:
        Application.objects.all().delete()
        types = list(ApplicantType)
        outcomes = list(Outcome)
        Application.objects.bulk_create(
            make_application(
                i,
                types[i % 6],
                D(2024, 6, 1) + datetime.timedelta(days=i % 400),
                D(2024, 6, 1) + datetime.timedelta(days=i % 400 + 20) if i % 7 else None,
                outcomes[i % 21] if i % 7 else "",
            )
            for i in range(count)
        )

    # The report's own queries plus one COUNT for each section 二 counter the enforcement app registers.
    limit = 8 + len(t._section_two_sources)
    fill(30)
    with django_assert_max_num_queries(limit) as small:
        t.compute(2025)
    fill(3000)
    with django_assert_max_num_queries(limit) as large:
        data = t.compute(2025)
    assert len(small.captured_queries) == len(large.captured_queries)
    assert data.breaches == []
    assert data.section_three.cells[t.ROW_NEW][t.TOTAL_COLUMN] > 1000
