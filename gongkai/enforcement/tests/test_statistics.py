"""行政执法统计年报: the figures of a scenario, the checks, the workbook, the public page and the command."""

import datetime
import io
import json
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.calendar import services as calendar
from gongkai.enforcement import draw as algorithm
from gongkai.enforcement.models import Decision, Kind, PartyCategory, Withdrawal, WithdrawalReason
from gongkai.enforcement.models_draw import Draw, InspectionOutcome
from gongkai.enforcement.statistics import tables as t
from gongkai.enforcement.statistics.xlsx import HEADER_ROW, INFO_SHEET, render_xlsx
from gongkai.enforcement.tests.factories import DecisionFactory
from gongkai.org.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2025
TODAY = D(2026, 1, 20)  # 2025's penalties are all past their 7 working days; a 20-day one of 31 Dec is not
INDEX = "/enforcement/statistics/"
PARTY_NAMES = ("贵州某某化工有限公司", "王某某", "张某某")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A moment in Beijing time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(calendar, "current_date", lambda: TODAY)
    cache.clear()
    yield
    cache.clear()


def decision(department, *, kind=Kind.PENALTY, decided, published=None, **fields) -> Decision:
    """A decision as recorded; ``published`` the moment it first went public (None: never)."""
    defaults = {"penalty_types": [], "fine_amount": None} if kind != Kind.PENALTY else {}
    if kind == Kind.LICENSE:
        defaults.update(license_category="普通", document_title="排污许可证")
    return DecisionFactory(
        department=department,
        kind=kind,
        decision_date=decided,
        live=published is not None,
        first_published_at=published,
        **(defaults | fields),
    )


def withdraw(decided: Decision, *, reason, event, withdrawn) -> Withdrawal:
    return Withdrawal.objects.create(
        decision=decided, reason=reason, event_date=event, withdrawn_on=withdrawn, statement="经复议，原决定已撤销。"
    )


def make_draw(
    department, code: str, *, drawn_at=None, cancelled_at=None, target_count=3, outcomes=0, issues=()
) -> Draw:
    """A draw built with the real algorithm; ``outcomes`` recorded for that many selected targets."""
    params = algorithm.DrawParameters(
        code=code,
        title="重点排污单位随机抽查",
        targets=tuple(f"T{i}" for i in range(1, 6)),
        inspectors=("I1", "I2", "I3", "I4"),
        target_count=target_count,
        beacon_source="当日福彩3D开奖号码，三位数字，如 073",
    )
    announcement = json.loads(algorithm.announcement_json(params))
    fields = {}
    if drawn_at is not None:
        with_beacon = params.with_beacon("735")
        record = json.loads(algorithm.to_json(with_beacon, algorithm.run_draw(with_beacon)))
        fields = {"beacon": "735", "result": record, "drawn_at": drawn_at}
    draw = Draw.objects.create(
        code=code,
        title=params.title,
        department=department,
        parameters=announcement,
        commitment=announcement["commitment"],
        beacon_source=params.beacon_source,
        announced_at=(drawn_at or at(D(2025, 3, 1))) - datetime.timedelta(days=3),
        cancelled_at=cancelled_at,
        cancel_reason="检查对象名录有误，取消本次抽查。" if cancelled_at else "",
        **fields,
    )
    selected = draw.result["result"]["selected"] if draw.result else []
    for index, code_ in enumerate(selected[:outcomes]):
        InspectionOutcome.objects.create(
            draw=draw,
            target_code=code_,
            target_name=f"检查对象{code_}",
            inspected_on=timezone.localdate(drawn_at) + datetime.timedelta(days=7),
            summary="现场检查，污染防治设施正常运行。",
            issues_found=index in issues,
        )
    return draw


@pytest.fixture
def scenario(db):
    """Two departments with decisions of every kind around the year's edges, withdrawals and draws."""
    air = DepartmentFactory(code="dqc", name="大气环境处", sort_order=1)
    water = DepartmentFactory(code="ssc", name="水生态环境处", sort_order=2)
    audit = DepartmentFactory(code="jdc", name="执法监督处", sort_order=3)

    # 大气环境处: four penalties, a licence and an inspection.
    a1 = decision(
        air,
        decided=D(2025, 3, 3),
        published=at(D(2025, 3, 5)),  # due 2025-03-12: on time
        penalty_types=["罚款", "警告"],
        fine_amount=Decimal("20"),
        confiscation_amount=Decimal("1.5"),
    )
    decision(
        air,
        decided=D(2025, 6, 10),
        published=at(D(2025, 7, 15)),  # due 2025-06-19: late
        person=True,
        penalty_types=["罚款"],
        fine_amount=Decimal("0.05"),
    )
    decision(
        air,
        decided=D(2025, 12, 31),  # the last day of the year; due 2026-01-12, still unpublished on 20 January
        party_category=PartyCategory.INDIVIDUAL_BUSINESS,
        party_name="某某县张某某汽修厂",
        legal_representative="",
        penalty_types=["罚款", "没收违法所得", "罚款"],  # 罚款 twice on one decision is one 罚款
        fine_amount=Decimal("3.123456"),
        confiscation_amount=Decimal("0.876544"),
    )
    decision(
        air,
        decided=D(2025, 5, 6),
        person=True,
        party_is_minor=True,  # never published
        penalty_types=["警告"],
        fine_amount=None,
    )
    decision(
        air,
        kind=Kind.LICENSE,
        decided=D(2025, 9, 30),
        # Due 2025-10-16 (国庆 8 days off, 11 October worked): 23:30 on the due day is in time.
        published=at(D(2025, 10, 16), 23, 30),
    )
    decision(air, kind=Kind.INSPECTION, decided=D(2025, 12, 31))  # 20 working days: due 2026-01-29, pending
    # Outside 2025: decided on 1 January 2026, and on 31 December 2024 (withdrawn late in 2025).
    next_year = decision(air, decided=D(2026, 1, 1), published=at(D(2026, 1, 5)), fine_amount=Decimal("7"))
    last_year = decision(air, decided=D(2024, 12, 31), published=at(D(2025, 1, 2)), fine_amount=Decimal("9"))
    withdraw(last_year, reason=WithdrawalReason.CONFIRMED_ILLEGAL, event=D(2025, 4, 1), withdrawn=D(2025, 4, 8))
    withdraw(a1, reason=WithdrawalReason.CHANGED, event=D(2026, 1, 5), withdrawn=D(2026, 1, 6))  # a 2026 withdrawal
    del next_year

    # 水生态环境处: a coercion, two penalties and an "other" decision.
    decision(water, kind=Kind.COERCION, decided=D(2025, 7, 1), published=at(D(2025, 7, 2)))
    b2 = decision(
        water,
        decided=D(2025, 11, 3),
        # Due 2025-11-12. 00:30 on the 13th in Beijing is still the 12th in UTC: late all the same.
        published=at(D(2025, 11, 13), 0, 30),
        penalty_types=["责令停产停业", "罚款"],
        fine_amount=Decimal("100"),
    )
    withdraw(b2, reason=WithdrawalReason.REVOKED, event=D(2025, 12, 1), withdrawn=D(2025, 12, 3))  # due 12-04
    decision(water, kind=Kind.OTHER, decided=D(2025, 8, 15), published=at(D(2025, 8, 20)))
    b5 = decision(water, decided=D(2025, 2, 10), published=at(D(2025, 2, 12)), penalty_types=["警告"], fine_amount=None)
    Decision.objects.filter(pk=b5.pk).update(removed_early_on=D(2025, 8, 12), removal_reason="信用修复")

    # Draws: one run in 2025 with two of its three outcomes in; one cancelled after drawing; one only
    # announced; and one drawn at 00:30 on 1 January 2026 Beijing time (still 2025 in UTC).
    make_draw(air, "2025-SJ-001", drawn_at=at(D(2025, 6, 1)), outcomes=2, issues=(1,))
    make_draw(water, "2025-SJ-002", drawn_at=at(D(2025, 9, 1)), cancelled_at=at(D(2025, 9, 2)))
    make_draw(water, "2025-SJ-003")
    make_draw(audit, "2026-SJ-001", drawn_at=at(D(2026, 1, 1), 0, 30), outcomes=1)
    return {"air": air, "water": water, "audit": audit}


def kinds(license=0, penalty=0, coercion=0, inspection=0, other=0) -> dict:
    counts = {"行政许可": license, "行政处罚": penalty, "行政强制": coercion, "行政检查": inspection, "其他": other}
    return counts | {"合计": sum(counts.values())}


def penalty_types(**counts) -> dict:
    names = ["警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证件", "降低资质等级", "吊销许可证件"]
    names += ["限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业", "行政拘留", "其他"]
    return {name: counts.get(name, 0) for name in names}


def publication(decisions, withheld, published, on_time, late, overdue, pending, rate) -> dict:
    return {
        "决定总数": decisions,
        "依规不予公开": withheld,
        "应公开": decisions - withheld,
        "已公开": published,
        "按时公开": on_time,
        "逾期公开": late,
        "未公开": overdue + pending,
        "其中逾期未公开": overdue,
        "其中未到公开期限": pending,
        "按时公开率": rate,
    }


def withdrawals(changed=0, revoked=0, illegal=0, void=0, remake=0, on_time=0, late=0) -> dict:
    return {
        "按撤下事由": {"变更": changed, "撤销": revoked, "确认违法": illegal, "确认无效": void, "要求重新作出": remake},
        "合计": changed + revoked + illegal + void + remake,
        "按时撤下": on_time,
        "逾期撤下": late,
    }


def draws(runs=0, targets=0, outcomes=0, issues=0, cancelled=0) -> dict:
    return {
        "抽查次数": runs,
        "抽中检查对象": targets,
        "已录入检查结果": outcomes,
        "发现问题": issues,
        "尚未录入检查结果": targets - outcomes,
        "抽取后取消": cancelled,
    }


EXPECTED_AIR = {
    "执法决定数量": kinds(license=1, penalty=4, inspection=1),
    "行政处罚": {
        "处罚决定数（不重复计）": 4,
        "按处罚类别": penalty_types(罚款=3, 警告=2, 没收违法所得=1),
        "按处罚类别累计": 6,
        "按行政相对人类别": {"法人及非法人组织": 1, "自然人": 2, "个体工商户": 1},
        "罚款金额（万元）": "23.173456",
        "没收违法所得、没收非法财物的金额（万元）": "2.376544",
    },
    "公开情况": publication(6, 1, 3, 2, 1, overdue=1, pending=1, rate="50.0%"),
    "撤下公示": withdrawals(illegal=1, late=1),
    "信用修复后提前停止公示": 0,
    "双随机抽查": draws(runs=1, targets=3, outcomes=2, issues=1),
}
EXPECTED_WATER = {
    "执法决定数量": kinds(penalty=2, coercion=1, other=1),
    "行政处罚": {
        "处罚决定数（不重复计）": 2,
        "按处罚类别": penalty_types(罚款=1, 警告=1, 责令停产停业=1),
        "按处罚类别累计": 3,
        "按行政相对人类别": {"法人及非法人组织": 2, "自然人": 0, "个体工商户": 0},
        "罚款金额（万元）": "100",
        "没收违法所得、没收非法财物的金额（万元）": "0",
    },
    "公开情况": publication(4, 0, 4, 3, 1, overdue=0, pending=0, rate="75.0%"),
    "撤下公示": withdrawals(revoked=1, on_time=1),
    "信用修复后提前停止公示": 1,
    "双随机抽查": draws(cancelled=1),
}
EXPECTED_TOTAL = {
    "执法决定数量": kinds(license=1, penalty=6, coercion=1, inspection=1, other=1),
    "行政处罚": {
        "处罚决定数（不重复计）": 6,
        "按处罚类别": penalty_types(罚款=4, 警告=3, 没收违法所得=1, 责令停产停业=1),
        "按处罚类别累计": 9,
        "按行政相对人类别": {"法人及非法人组织": 3, "自然人": 2, "个体工商户": 1},
        "罚款金额（万元）": "123.173456",
        "没收违法所得、没收非法财物的金额（万元）": "2.376544",
    },
    "公开情况": publication(10, 1, 7, 5, 2, overdue=1, pending=1, rate="62.5%"),
    "撤下公示": withdrawals(revoked=1, illegal=1, on_time=1, late=1),
    "信用修复后提前停止公示": 1,
    "双随机抽查": draws(runs=1, targets=3, outcomes=2, issues=1, cancelled=1),
}
EXPECTED_BY_KIND = {
    "行政许可": publication(1, 0, 1, 1, 0, overdue=0, pending=0, rate="100.0%"),
    "行政处罚": publication(6, 1, 4, 2, 2, overdue=1, pending=0, rate="40.0%"),
    "行政强制": publication(1, 0, 1, 1, 0, overdue=0, pending=0, rate="100.0%"),
    "行政检查": publication(1, 0, 0, 0, 0, overdue=0, pending=1, rate=None),
    "其他": publication(1, 0, 1, 1, 0, overdue=0, pending=0, rate="100.0%"),
}


# --- The figures -----------------------------------------------------------------------------------


def test_every_figure_of_the_scenario(scenario):
    payload = t.as_json(t.compute(YEAR, today=TODAY))

    assert payload["年度"] == YEAR
    assert payload["统计日期"] == "2026-01-20"
    assert payload["公开期限"] == "2026-01-31"
    assert payload["报告名称"].endswith("2025年行政执法统计年报")
    assert payload["合计"] == EXPECTED_TOTAL
    assert payload["按执法类别公开情况"] == EXPECTED_BY_KIND
    # Departments in their sort order; 执法监督处 drew only in 2026 and is not listed for 2025.
    assert [(d["处室"], d["处室代码"]) for d in payload["各处室"]] == [("大气环境处", "dqc"), ("水生态环境处", "ssc")]
    air, water = ({k: v for k, v in d.items() if k not in ("处室", "处室代码")} for d in payload["各处室"])
    assert air == EXPECTED_AIR
    assert water == EXPECTED_WATER
    assert all(check["结果"] == "相符" for check in payload["勾稽关系"]), payload["勾稽关系"]
    assert len(payload["勾稽关系"]) == len(t.UNIT_RULES) + 1
    json.dumps(payload)  # plain JSON: no Decimal, no date


def test_the_neighbouring_years_get_their_own_edge_decisions(scenario):
    before = t.as_json(t.compute(YEAR - 1, today=TODAY))
    assert before["合计"]["执法决定数量"] == kinds(penalty=1)  # decided 31 December 2024
    assert before["合计"]["撤下公示"]["合计"] == 0  # withdrawn in 2025, counted there

    after = t.as_json(t.compute(YEAR + 1, today=TODAY))
    assert after["合计"]["执法决定数量"] == kinds(penalty=1)  # decided 1 January 2026
    assert after["合计"]["公开情况"]["按时公开"] == 1
    assert after["合计"]["撤下公示"] == withdrawals(changed=1, on_time=1)
    # The draw of 00:30 on 1 January 2026 in Beijing belongs to 2026, its department with it.
    assert [d["处室"] for d in after["各处室"]] == ["大气环境处", "执法监督处"]
    assert after["各处室"][1]["双随机抽查"] == draws(runs=1, targets=3, outcomes=1)


def test_an_unpublished_decision_is_pending_until_its_due_day_passes(scenario):
    # 2026-01-12 is the due day of the 31 December penalty: on it the penalty is pending, after it overdue.
    on_due_day = t.compute(YEAR, today=D(2026, 1, 12)).total.publication
    assert (on_due_day.overdue, on_due_day.pending) == (0, 2)
    day_after = t.compute(YEAR, today=D(2026, 1, 13)).total.publication
    assert (day_after.overdue, day_after.pending) == (1, 1)
    after_both = t.compute(YEAR, today=D(2026, 1, 30)).total.publication
    assert (after_both.overdue, after_both.pending) == (2, 0)
    assert after_both.on_time_rate == Decimal("55.6")  # 5 ÷ (7 published + 2 overdue), half up


def test_the_number_of_queries_does_not_grow_with_the_records(scenario, django_assert_max_num_queries, monkeypatch):
    # The working-day calendar is loaded into memory once, and not re-checked during this test.
    monkeypatch.setattr(calendar, "RECHECK_SECONDS", 3600)
    t.compute(YEAR, today=TODAY)
    with CaptureQueriesContext(connection) as few:
        t.compute(YEAR, today=TODAY)

    air, water = scenario["air"], scenario["water"]
    for day in range(1, 29):
        decided = D(2025, 2, day)
        decision(air if day % 2 else water, decided=decided, published=at(decided + datetime.timedelta(days=day % 12)))
        decision(water, kind=Kind.COERCION, decided=decided, person=True)
        withdrawn = decision(air, decided=decided, published=at(decided), penalty_types=["警告"], fine_amount=None)
        withdraw(withdrawn, reason=WithdrawalReason.CHANGED, event=D(2025, 3, day), withdrawn=D(2025, 3, day))
    make_draw(water, "2025-SJ-009", drawn_at=at(D(2025, 10, 10)), target_count=5, outcomes=5, issues=(0, 2))

    with CaptureQueriesContext(connection) as many:
        stats = t.compute(YEAR, today=TODAY)
    assert stats.total.decisions.total == 10 + 3 * 28
    assert len(many) == len(few)
    with django_assert_max_num_queries(8):
        t.compute(YEAR, today=TODAY)


def test_breaches_in_the_data_are_reported_not_hidden(scenario):
    air = scenario["air"]
    decision(air, decided=D(2025, 4, 1), penalty_types=[], fine_amount=None)  # no 处罚类别
    decision(air, decided=D(2025, 4, 2), penalty_types=["罚款", "记过"], fine_amount=None)  # unknown type, no amount
    decision(air, decided=D(2025, 4, 3), published=at(D(2025, 4, 3)), party_is_minor=True, person=True)

    stats = t.compute(YEAR, today=TODAY)
    results = {c[t.KEY_CHECK]: c for c in t.as_json(stats)["勾稽关系"]}
    failed = {label for label, c in results.items() if c["结果"] == "不符"}
    assert failed == {
        "行政处罚：每件决定至少有一个处罚类别，且均为行政处罚法第九条所列类别",
        "行政处罚：处罚类别含罚款的决定均填写了罚款金额",
        "公开情况：依规不予公开的决定均未公开",
    }
    types = results["行政处罚：每件决定至少有一个处罚类别，且均为行政处罚法第九条所列类别"]["说明"]
    assert "合计：1件行政处罚决定未填写处罚类别；1个处罚类别不属于行政处罚法第九条所列类别，未计入" in types
    assert "大气环境处：1件行政处罚决定未填写处罚类别" in types
    assert (
        "合计：1件处罚类别含罚款的决定未填写罚款金额"
        in results["行政处罚：处罚类别含罚款的决定均填写了罚款金额"]["说明"]
    )
    assert "1件依规不予公开的决定" in results["公开情况：依规不予公开的决定均未公开"]["说明"]
    # The published minor's decision still counts as published (on time), so the partition holds.
    assert stats.total.publication.published == 8 and stats.total.publication.on_time == 6
    assert len(stats.breaches) == 3


def test_a_sum_that_does_not_add_up_is_named(scenario):
    stats = t.compute(YEAR, today=TODAY)
    stats.total.decisions.by_kind[Kind.LICENSE] += 1  # as if a figure had been miscounted
    stats.total.penalties.fines += Decimal("0.000001")
    checks = {c.label: c for c in t.check(stats)}
    assert not checks["执法决定：各执法类别之和等于合计"].passed
    assert "合计：各执法类别之和（11）不等于决定总数（10）" in checks["执法决定：各执法类别之和等于合计"].detail
    detail = checks[t.SUM_RULE].detail
    assert "执法决定数量／行政许可：合计2，各处室之和1" in detail
    assert "行政处罚／罚款金额（万元）：合计123.173457，各处室之和123.173456" in detail


def test_wanyuan_text_trims_to_six_decimals():
    assert t.wanyuan_text(Decimal("20.000000")) == "20"
    assert t.wanyuan_text(Decimal("0.050000")) == "0.05"
    assert t.wanyuan_text(Decimal("1.2345675")) == "1.234568"
    assert t.wanyuan_text(Decimal("0")) == "0"
    assert t.rate_text(None) == "—" and t.rate_text(Decimal("62.5")) == "62.5%"


# --- The workbook ----------------------------------------------------------------------------------

UNIT_SHEETS = {
    "一、执法决定数量": lambda u: u["执法决定数量"],
    "二、处罚类别": lambda u: {
        "处罚决定数（不重复计）": u["行政处罚"]["处罚决定数（不重复计）"],
        **u["行政处罚"]["按处罚类别"],
        "按处罚类别累计": u["行政处罚"]["按处罚类别累计"],
    },
    "三、罚没金额和行政相对人": lambda u: {
        "处罚决定数（不重复计）": u["行政处罚"]["处罚决定数（不重复计）"],
        **u["行政处罚"]["按行政相对人类别"],
        "罚款金额（万元）": u["行政处罚"]["罚款金额（万元）"],
        "没收违法所得、没收非法财物的金额（万元）": u["行政处罚"]["没收违法所得、没收非法财物的金额（万元）"],
    },
    "四、公开情况（按处室）": lambda u: u["公开情况"],
    "六、撤下和提前停止公示": lambda u: {
        **u["撤下公示"]["按撤下事由"],
        "合计": u["撤下公示"]["合计"],
        "按时撤下": u["撤下公示"]["按时撤下"],
        "逾期撤下": u["撤下公示"]["逾期撤下"],
        "信用修复后提前停止公示": u["信用修复后提前停止公示"],
    },
    "七、双随机抽查": lambda u: u["双随机抽查"],
}


def as_json_value(header: str, value):
    """A workbook cell as as_json writes it: amounts (万元 columns) as trimmed strings, no rate as null."""
    if header.endswith("（万元）"):
        assert isinstance(value, int | float)
        return t.wanyuan_text(Decimal(str(value)))
    if value == "—":
        return None
    return value


def sheet_rows(sheet) -> tuple[list[str], dict[str, dict]]:
    header = [cell.value for cell in sheet[HEADER_ROW]]
    rows = {}
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
        rows[row[0].value] = dict(zip(header[1:], (cell for cell in row[1:]), strict=True))
    return header, rows


def test_the_workbook_matches_the_json(scenario):
    stats = t.compute(YEAR, today=TODAY)
    payload = t.as_json(stats)
    book = load_workbook(io.BytesIO(render_xlsx(stats)))
    assert book.sheetnames == [INFO_SHEET, *(table.sheet for table in t.tables(stats))]
    assert book[INFO_SHEET]["A1"].value == stats.title
    assert "2026年1月31日前公开" in " ".join(str(c.value) for c in book[INFO_SHEET]["B"] if c.value)

    units = {"合计": payload["合计"]} | {d["处室"]: d for d in payload["各处室"]}
    for name, pick in UNIT_SHEETS.items():
        sheet = book[name]
        header, rows = sheet_rows(sheet)
        assert header[0] == "处室" and all(cell.font.bold for cell in sheet[HEADER_ROW])
        assert list(rows) == ["合计", "大气环境处", "水生态环境处"]
        for label, cells in rows.items():
            expected = pick(units[label])
            assert header[1:] == list(expected)
            assert {k: as_json_value(k, c.value) for k, c in cells.items()} == expected, (name, label)

    header, rows = sheet_rows(book["五、公开情况（按执法类别）"])
    assert list(rows) == ["合计", "行政许可", "行政处罚", "行政强制", "行政检查", "其他"]
    assert {k: as_json_value(k, c.value) for k, c in rows["合计"].items()} == payload["合计"]["公开情况"]
    for kind, expected in payload["按执法类别公开情况"].items():
        assert {k: as_json_value(k, c.value) for k, c in rows[kind].items()} == expected

    _, checks = sheet_rows(book["八、勾稽关系检查"])
    assert {label: cells["结果"].value for label, cells in checks.items()} == {
        c["检查项"]: c["结果"] for c in payload["勾稽关系"]
    }


def test_amounts_are_numbers_in_wanyuan_with_their_own_decimals(scenario):
    book = load_workbook(io.BytesIO(render_xlsx(t.compute(YEAR, today=TODAY))))
    _, rows = sheet_rows(book["三、罚没金额和行政相对人"])
    fines = rows["合计"]["罚款金额（万元）"]
    assert fines.value == pytest.approx(123.173456) and fines.number_format == "#,##0.000000"
    assert fines.font.bold  # the 合计 row
    assert rows["水生态环境处"]["罚款金额（万元）"].value == 100
    assert rows["水生态环境处"]["罚款金额（万元）"].number_format == "#,##0"
    assert rows["大气环境处"]["处罚决定数（不重复计）"].value == 4


# --- The public page -------------------------------------------------------------------------------


class _Tables(HTMLParser):
    """data-table → row label → the cell texts, read from the page."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, dict[str, list[str]]] = {}
        self._table = self._row = None
        self._cell: list[str] | None = None
        self._in_body = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-table" in attrs:
            self._table = self.tables.setdefault(attrs["data-table"], {})
        elif tag == "tbody":
            self._in_body = True
        elif tag in ("th", "td") and self._in_body and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            text = "".join(self._cell).strip()
            if tag == "th":
                self._row = self._table.setdefault(text, [])
            else:
                self._row.append(text)
            self._cell = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def page_tables(html: str) -> dict[str, dict[str, list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def test_the_page_shows_last_year_by_default(client, home, scenario):
    response = client.get(INDEX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "2025年行政执法统计年报" in html
    assert "国办发〔2018〕118号" in html and "2026年1月31日" in html
    assert '<option value="2025" selected>' in html and '<option value="2026">' in html
    assert 'href="/enforcement/statistics/2025/xlsx/"' in html
    assert "勾稽关系检查发现" not in html

    tables = page_tables(html)
    assert tables["decisions"]["合计"] == ["1", "6", "1", "1", "1", "10"]
    assert tables["decisions"]["大气环境处"] == ["1", "4", "0", "1", "0", "6"]
    assert tables["penalty-amounts"]["合计"] == ["6", "3", "2", "1", "123.173456", "2.376544"]
    assert tables["publication"]["合计"] == ["10", "1", "9", "7", "5", "2", "2", "1", "1", "62.5%"]
    assert tables["publication-by-kind"]["行政检查"][-1] == "—"
    assert tables["withdrawals"]["合计"] == ["0", "1", "1", "0", "0", "2", "1", "1", "1"]
    assert tables["draws"]["合计"] == ["1", "3", "2", "1", "1", "1"]
    assert len(tables["checks"]) == len(t.UNIT_RULES) + 1
    assert all(cells == ["相符", ""] for cells in tables["checks"].values())


def test_the_page_names_no_party_and_keeps_to_the_csp(client, home, scenario):
    response = client.get(f"{INDEX}2025/")
    html = response.content.decode()
    assert response.status_code == 200
    for name in PARTY_NAMES:
        assert name not in html
    assert "黔环罚" not in html  # no decision number
    assert 'style="' not in html and not INLINE_SCRIPT.search(html)
    assert "/static/enforcement/statistics/statistics.css" in html


def test_this_year_is_shown_as_incomplete_and_not_cached(client, home, scenario):
    response = client.get(f"{INDEX}2026/")
    assert response.status_code == 200
    assert "本年度尚未结束，以下为截至2026年1月20日的统计数据" in response.content.decode()
    decision(scenario["air"], decided=D(2026, 1, 2))
    assert page_tables(client.get(f"{INDEX}2026/").content.decode())["decisions"]["合计"][-1] == "2"


def test_a_past_year_is_cached_for_an_hour(client, home, scenario):
    first = page_tables(client.get(f"{INDEX}2025/").content.decode())
    assert first["decisions"]["合计"][-1] == "10"
    decision(scenario["air"], decided=D(2025, 10, 10))
    assert page_tables(client.get(f"{INDEX}2025/").content.decode())["decisions"]["合计"][-1] == "10"
    assert cache.get(t.CACHE_KEY.format(year=2025)) is not None
    cache.delete(t.CACHE_KEY.format(year=2025))
    assert page_tables(client.get(f"{INDEX}2025/").content.decode())["decisions"]["合计"][-1] == "11"


def test_the_year_selector_redirects(client, home, scenario):
    response = client.get(INDEX, {"year": "2024"})
    assert response.status_code == 302 and response["Location"] == "/enforcement/statistics/2024/"
    assert client.get(INDEX, {"year": " 2025 "})["Location"] == "/enforcement/statistics/2025/"


@pytest.mark.parametrize("year", ["2027", "1999", "0", "9999"])
def test_a_year_in_the_future_or_before_2000_is_404(client, home, year):
    assert client.get(f"{INDEX}{int(year)}/").status_code == 404
    assert client.get(f"{INDEX}{int(year)}/xlsx/").status_code == 404
    assert client.get(INDEX, {"year": year}).status_code == 404


@pytest.mark.parametrize("raw", ["abc", "２０２５", "2025.0", "-1", "20251", "1" * 30, "2025\x00"])
def test_a_year_that_is_not_a_year_is_400_in_chinese(client, home, raw):
    response = client.get(INDEX, {"year": raw})
    assert response.status_code == 400
    html = response.content.decode()
    assert "年份“" in html and "无效，请选择2000年至2026年之间的年份" in html
    assert '<select id="enf-stats-year" name="year">' in html
    assert '<option value="2025" selected>' in html  # the selector still offers last year


@pytest.mark.parametrize("path", ["abc/", "2025x/", "-2025/", "2025/pdf/", "99999999999999999999999/"])
def test_other_addresses_are_404(client, home, path):
    assert client.get(f"{INDEX}{path}").status_code == 404


def test_the_xlsx_download(client, home, scenario):
    response = client.get(f"{INDEX}2025/xlsx/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="enforcement-statistics-2025.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book["一、执法决定数量"].cell(HEADER_ROW + 1, 7).value == 10


# --- The command -----------------------------------------------------------------------------------


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("enforcement_statistics", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_prints_the_json(scenario):
    out, err = run("2025", "--check")
    payload = json.loads(out)
    assert payload == t.as_json(t.compute(YEAR, today=TODAY))
    assert payload["合计"] == EXPECTED_TOTAL
    assert out.startswith('{\n  "年度": 2025,') and "大气环境处" in out  # indented, not \u-escaped
    assert err == ""


def test_the_command_writes_json_and_xlsx_files(scenario, tmp_path):
    target = tmp_path / "2025.json"
    out, err = run("2025", "--output", str(target))
    assert out == "" and f"已写入 {target}" in err
    assert json.loads(target.read_text(encoding="utf-8"))["合计"] == EXPECTED_TOTAL

    workbook = tmp_path / "2025.xlsx"
    run("2025", "--format", "xlsx", "--output", str(workbook))
    assert load_workbook(workbook)["一、执法决定数量"].cell(HEADER_ROW + 1, 7).value == 10


def test_the_command_reports_breaches_and_fails_with_check(scenario):
    decision(scenario["air"], decided=D(2025, 4, 1), penalty_types=[], fine_amount=None)
    out, err = run("2025")
    assert json.loads(out)["年度"] == YEAR
    assert "勾稽关系不符：行政处罚：每件决定至少有一个处罚类别" in err
    with pytest.raises(CommandError, match="勾稽关系检查发现1处不符"):
        run("2025", "--check")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2027"], "年度“2027”无效，应为2000至2026之间的四位年份"),
        (["1999"], "年度“1999”无效"),
        (["25"], "年度“25”无效"),
        (["二〇二五"], "年度“二〇二五”无效"),
        (["2025", "--format", "xlsx"], "XLSX 格式须用 --output 指定输出文件"),
        (["2025", "--output", "/nonexistent/dir/x.json"], "无法写入“/nonexistent/dir/x.json”"),
    ],
)
def test_the_command_refuses_bad_arguments(db, args, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        run(*args)
