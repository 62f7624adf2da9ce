"""A two-year scenario (2024–2025) for the annual report, with every expected cell written out by hand.

The other ``test_report_*`` modules import ``scenario`` and the expected tables from here.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from gongkai.catalog.models import LegalForm, Validity
from gongkai.foi.models import AnnualReport, ApplicantType, Application, Challenge, Status
from gongkai.foi.outcomes import Outcome
from gongkai.foi.report import tables as t
from gongkai.portal.models import ArticlePage
from gongkai.portal.tests.factories import ArticleFactory, ColumnFactory

YEAR = 2025
D = datetime.date

NATURAL = ApplicantType.NATURAL_PERSON
COMMERCIAL = ApplicantType.COMMERCIAL
RESEARCH = ApplicantType.RESEARCH
PUBLIC = ApplicantType.PUBLIC_INTEREST
LEGAL = ApplicantType.LEGAL_SERVICE
OTHER_ORG = ApplicantType.OTHER_ORGANISATION
TYPES = [NATURAL, COMMERCIAL, RESEARCH, PUBLIC, LEGAL, OTHER_ORG]

# Section 三 of 2025, row by row: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
R = "三、本年度办理结果"
EXPECTED_2025 = {
    ("一、本年新收政府信息公开申请数量",): [5, 4, 4, 4, 3, 4, 24],
    ("二、上年结转政府信息公开申请数量",): [1, 1, 1, 0, 0, 0, 3],
    (R, "（一）予以公开"): [2, 0, 0, 0, 0, 0, 2],
    (R, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"): [0, 1, 0, 0, 0, 0, 1],
    (R, "（三）不予公开", "1.属于国家秘密"): [0, 0, 1, 0, 0, 0, 1],
    (R, "（三）不予公开", "2.其他法律行政法规禁止公开"): [0, 0, 0, 1, 0, 0, 1],
    (R, "（三）不予公开", "3.危及“三安全一稳定”"): [0, 0, 0, 0, 1, 0, 1],
    (R, "（三）不予公开", "4.保护第三方合法权益"): [0, 0, 0, 0, 0, 1, 1],
    (R, "（三）不予公开", "5.属于三类内部事务信息"): [1, 0, 0, 0, 0, 0, 1],
    (R, "（三）不予公开", "6.属于四类过程性信息"): [0, 1, 0, 0, 0, 0, 1],
    (R, "（三）不予公开", "7.属于行政执法案卷"): [0, 0, 1, 0, 0, 0, 1],
    (R, "（三）不予公开", "8.属于行政查询事项"): [0, 0, 0, 1, 0, 0, 1],
    (R, "（四）无法提供", "1.本机关不掌握相关政府信息"): [0, 0, 0, 0, 1, 0, 1],
    (R, "（四）无法提供", "2.没有现成信息需要另行制作"): [0, 0, 0, 0, 0, 1, 1],
    (R, "（四）无法提供", "3.补正后申请内容仍不明确"): [1, 0, 0, 0, 0, 0, 1],
    (R, "（五）不予处理", "1.信访举报投诉类申请"): [0, 1, 0, 0, 0, 0, 1],
    (R, "（五）不予处理", "2.重复申请"): [0, 0, 2, 0, 0, 0, 2],
    (R, "（五）不予处理", "3.要求提供公开出版物"): [0, 0, 0, 1, 0, 0, 1],
    (R, "（五）不予处理", "4.无正当理由大量反复申请"): [0, 0, 0, 0, 1, 0, 1],
    (R, "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"): [0, 0, 0, 0, 0, 1, 1],
    (R, "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"): [1, 0, 0, 0, 0, 0, 1],
    (R, "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"): [
        0,
        1,
        0,
        0,
        0,
        0,
        1,
    ],
    (R, "（六）其他处理", "3.其他"): [0, 0, 1, 0, 0, 0, 1],
    (R, "（七）总计"): [5, 4, 5, 3, 3, 3, 23],
    ("四、结转下年度继续办理",): [1, 1, 0, 1, 0, 1, 4],
}
COLUMN_LABELS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]

# Section 四 of 2025: 行政复议 ×5, 未经复议直接起诉 ×5, 复议后起诉 ×5 (维持/纠正/其他/尚未审结/总计).
EXPECTED_FOUR_2025 = [1, 1, 0, 1, 3, 1, 0, 0, 1, 2, 0, 0, 1, 0, 1]
EXPECTED_FOUR_2024 = [1, 0, 0, 2, 3, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1]

EXPECTED_TWO_2025 = {
    "第二十条第（一）项": {
        "规章": {"本年制发件数": 1, "本年废止件数": 1, "现行有效件数": 2},
        "行政规范性文件": {"本年制发件数": 1, "本年废止件数": 1, "现行有效件数": 2},
    },
    "第二十条第（五）项": {"行政许可": {"本年处理决定数量": 42}},
    "第二十条第（六）项": {"行政处罚": {"本年处理决定数量": 0}, "行政强制": {"本年处理决定数量": 0}},
    "第二十条第（八）项": {"行政事业性收费": {"本年收费金额（单位：万元）": "1.25"}},
}


def make_application(number: int, applicant_type: str, received, closed=None, outcome="", status=None) -> Application:
    if status is None:
        status = Status.CLOSED if closed else Status.PROCESSING
    submitted = received or D(2025, 5, 5)
    return Application(
        number=f"T-{number:05d}",
        query_code_hash="0" * 64,
        applicant_type=applicant_type,
        name="测试申请人",
        id_type="resident_id" if applicant_type == NATURAL else "uscc",
        id_number="0",
        phone="13800000000",
        description="测试",
        information_form="email",
        delivery="email",
        email="a@example.com",
        submitted_at=timezone.make_aware(datetime.datetime.combine(submitted, datetime.time(10))),
        status=status,
        received_on=received,
        closed_on=closed,
        outcome=outcome,
    )


def build_applications() -> dict[str, Application]:
    named = {
        # Received in 2024, closed in 2025: 2025's 上年结转 and a 2025 result.
        "A1": make_application(1, NATURAL, D(2024, 12, 20), D(2025, 1, 10), Outcome.DISCLOSED),
        # Received in 2024, still open: carried into 2025 and into 2026.
        "A2": make_application(2, COMMERCIAL, D(2024, 11, 15), status=Status.AWAITING_PAYMENT),
        # Received and closed in 2024: 2024 only.
        "A3": make_application(3, NATURAL, D(2024, 3, 1), D(2024, 3, 20), Outcome.PARTIAL),
        "A4": make_application(4, LEGAL, D(2024, 12, 31), D(2024, 12, 31), Outcome.DISCLOSED),
        # Received on the last day of 2024, closed on the first day of 2025.
        "A5": make_application(5, RESEARCH, D(2024, 12, 31), D(2025, 1, 1), Outcome.NOT_PROCESSED_REPEAT),
        # Received in 2025 and open at its end; one closed in 2026.
        "B1": make_application(6, NATURAL, D(2025, 12, 30)),
        "B2": make_application(7, PUBLIC, D(2025, 12, 1), D(2026, 1, 5), Outcome.WITHHELD_SECRET),
        "B3": make_application(8, OTHER_ORG, D(2025, 6, 1), status=Status.AWAITING_CORRECTION),
        # Never counted: invalid (with and without a receipt date), unconfirmed, received in 2026.
        "X1": make_application(9, NATURAL, None, status=Status.INVALID),
        "X2": make_application(10, COMMERCIAL, D(2025, 3, 3), status=Status.INVALID),
        "X3": make_application(11, NATURAL, None, status=Status.SUBMITTED),
        "X4": make_application(12, NATURAL, D(2026, 1, 2), D(2026, 1, 9), Outcome.DISCLOSED),
    }
    # One 2025 application per outcome, the applicant type cycling through the six columns.
    for index, outcome in enumerate(Outcome):
        received = D(2025, 2, 1) + datetime.timedelta(days=index)
        named[f"O{index}"] = make_application(
            100 + index, TYPES[index % 6], received, received + datetime.timedelta(days=10), outcome
        )
    Application.objects.bulk_create(named.values())
    return {key: Application.objects.get(number=app.number) for key, app in named.items()}


def build_challenges(apps: dict[str, Application]) -> None:
    K, Res = Challenge.Kind, Challenge.Result
    rows = [
        # (kind, filed, result, concluded)
        (K.RECONSIDERATION, D(2024, 5, 1), Res.UPHELD, D(2024, 8, 1)),  # 2024 only
        (K.RECONSIDERATION, D(2024, 10, 1), Res.PENDING, None),  # pending in both years
        (K.RECONSIDERATION, D(2024, 11, 1), Res.CORRECTED, D(2025, 3, 1)),  # 2024 pending, 2025 corrected
        (K.LITIGATION_DIRECT, D(2025, 2, 1), Res.UPHELD, D(2025, 6, 1)),
        (K.LITIGATION_DIRECT, D(2025, 3, 1), Res.OTHER, D(2026, 2, 1)),  # concluded after 2025: pending then
        (K.LITIGATION_AFTER, D(2025, 4, 1), Res.OTHER, D(2025, 9, 1)),
        (K.LITIGATION_AFTER, D(2026, 1, 5), Res.PENDING, None),  # filed after 2025
        (K.RECONSIDERATION, D(2025, 7, 1), Res.UPHELD, D(2025, 12, 31)),  # concluded on the last day
        (K.LITIGATION_AFTER, D(2023, 6, 1), Res.CORRECTED, D(2024, 12, 31)),  # concluded before 2025
    ]
    Challenge.objects.bulk_create(
        Challenge(application=apps["A3"], kind=kind, filed_on=filed, result=result, concluded_on=concluded)
        for kind, filed, result, concluded in rows
    )


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def _item(column, legal_form: str, published: datetime.date, validity=Validity.VALID, superseded_by=None, **kw):
    page = ArticleFactory(parent=column, legal_form=legal_form, validity=validity, superseded_by=superseded_by, **kw)
    if page.live:
        # Back-date the publication: the catalog gave today's date when the factory published it.
        moment = _at(published)
        ArticlePage.objects.filter(pk=page.pk).update(
            published_date=published, first_published_at=moment, last_published_at=moment
        )
    return page


def build_documents(column) -> None:
    decision_2025 = _item(column, "", D(2025, 6, 1), title="关于废止部分规章和规范性文件的决定")
    decision_2026 = _item(column, "", D(2026, 2, 1), title="关于宣布部分规范性文件失效的决定")
    rule, normative = LegalForm.RULE, LegalForm.NORMATIVE
    _item(column, rule, D(2025, 3, 1))  # R1: issued 2025
    _item(column, rule, D(2020, 1, 1), Validity.REPEALED, decision_2025)  # R2: repealed 2025
    _item(column, rule, D(2019, 5, 1), Validity.AMENDED)  # R3: amended, still in force
    _item(column, normative, D(2025, 1, 10))  # N1: issued 2025
    n2 = _item(column, normative, D(2022, 4, 1), Validity.REPEALED)  # N2: repealed 2024 (own last publication)
    ArticlePage.objects.filter(pk=n2.pk).update(last_published_at=_at(D(2024, 7, 1)))
    _item(column, normative, D(2021, 8, 1), Validity.EXPIRED, decision_2026)  # N3: in force until 2026
    _item(column, normative, D(2026, 1, 5))  # N4: issued after 2025
    _item(column, normative, D(2025, 5, 5), draft=True)  # N5: never published
    _item(column, normative, D(2023, 9, 9), Validity.REPEALED, decision_2025)  # N6: repealed 2025


def scenario(home) -> dict[str, Application]:
    apps = build_applications()
    build_challenges(apps)
    build_documents(ColumnFactory(parent=home, title="政策文件", slug="policies"))
    AnnualReport.objects.create(
        year=YEAR,
        overview="本年度，本厅认真贯彻落实《中华人民共和国政府信息公开条例》。\n依申请公开工作规范有序。",
        problems="政策解读形式还不够丰富。",
        other_matters="本年度未收取信息处理费。",
        administrative_fees=Decimal("1.2500"),
    )
    t.register_section_two_source(t.PERMITS, lambda year: 42 if year == YEAR else 7)
    return apps


def with_scenario(home):
    """The scenario for a fixture: ``yield from with_scenario(home)`` (it unregisters its source after)."""
    try:
        yield scenario(home)
    finally:
        t.unregister_section_two_source(t.PERMITS)


@pytest.fixture
def scenario_data(home):
    yield from with_scenario(home)


def section_three_rows(payload: dict) -> dict[tuple[str, ...], list[int]]:
    """The 25 rows of section 三 from ``as_json`` output, by label path, as lists of the 7 columns."""
    rows = {}
    for row in t.ROWS:
        cell = payload[t.HEADING_APPLICATIONS]
        for label in row.path:
            cell = cell[label]
        rows[row.path] = [cell[label] for label in COLUMN_LABELS]
    return rows


# --- Tests of the scenario itself -------------------------------------------------------------


def test_every_cell_of_section_three(scenario_data):
    payload = t.as_json(t.compute(YEAR))
    assert list(payload[t.HEADING_APPLICATIONS]) == [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "三、本年度办理结果",
        "四、结转下年度继续办理",
    ]
    assert section_three_rows(payload) == EXPECTED_2025


def test_every_cell_of_section_four(scenario_data):
    data = t.compute(YEAR)
    assert data.section_four.numbers() == EXPECTED_FOUR_2025
    assert t.compute(YEAR - 1).section_four.numbers() == EXPECTED_FOUR_2024
    assert t.as_json(data)[t.HEADING_CHALLENGES] == {
        "行政复议": {"结果维持": 1, "结果纠正": 1, "其他结果": 0, "尚未审结": 1, "总计": 3},
        "行政诉讼": {
            "未经复议直接起诉": {"结果维持": 1, "结果纠正": 0, "其他结果": 0, "尚未审结": 1, "总计": 2},
            "复议后起诉": {"结果维持": 0, "结果纠正": 0, "其他结果": 1, "尚未审结": 0, "总计": 1},
        },
    }


def test_every_cell_of_section_two(scenario_data):
    assert t.as_json(t.compute(YEAR))[t.HEADING_PROACTIVE] == EXPECTED_TWO_2025
    # 2024: nothing issued; N2 repealed on its own last publication; R2, R3, N3 and N6 in force.
    two = t.compute(YEAR - 1).section_two
    assert (two.rules.issued, two.rules.repealed, two.rules.in_force) == (0, 0, 2)
    assert (two.normative.issued, two.normative.repealed, two.normative.in_force) == (0, 1, 2)
    assert two.permits == 7 and two.fees == Decimal("0")  # no 2024 report row: no fees entered


def test_previous_year_and_its_carry_over(scenario_data):
    previous = section_three_rows(t.as_json(t.compute(YEAR - 1)))
    assert previous[("一、本年新收政府信息公开申请数量",)] == [2, 1, 1, 0, 1, 0, 5]
    assert previous[("二、上年结转政府信息公开申请数量",)] == [0, 0, 0, 0, 0, 0, 0]
    assert previous[(R, "（七）总计")] == [1, 0, 0, 0, 1, 0, 2]
    # 2024's 结转下年度 is 2025's 上年结转.
    assert previous[("四、结转下年度继续办理",)] == EXPECTED_2025[("二、上年结转政府信息公开申请数量",)]


def test_consistency_checks_pass(scenario_data):
    assert t.compute(YEAR).breaches == []
    assert t.compute(YEAR - 1).breaches == []
