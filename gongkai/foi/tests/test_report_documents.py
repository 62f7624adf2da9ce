"""The report as DOCX and XLSX: re-opened, the merged cells are those of the template and the numbers are the JSON's."""

import io
from decimal import Decimal

import docx
import pytest
from docx.table import _Cell
from openpyxl import load_workbook

from gongkai.foi.report import tables as t
from gongkai.foi.report.docx import render_docx
from gongkai.foi.report.xlsx import render_xlsx
from gongkai.foi.tests.test_report_scenario import (
    EXPECTED_FOUR_2025,
    YEAR,
    section_three_rows,
    with_scenario,
)

TITLE = "某省生态环境厅2025年政府信息公开工作年度报告"


@pytest.fixture
def scenario_data(home):
    yield from with_scenario(home)


@pytest.fixture
def report(scenario_data):
    data = t.compute(YEAR)
    return data, t.as_json(data)


def tc_layout(table) -> list[list[tuple[str, int, str | None]]]:
    """Each row's actual <w:tc> elements: (text, gridSpan, vMerge)."""
    return [[(_Cell(tc, table).text, tc.grid_span, tc.vMerge) for tc in row._tr.tc_lst] for row in table.rows]


def test_docx_text_and_headings(report):
    data, _ = report
    document = docx.Document(io.BytesIO(render_docx(data)))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[0] == TITLE
    assert [x for x in texts if x in t.SECTION_HEADINGS] == list(t.SECTION_HEADINGS)
    assert texts[1:4] == [
        "一、总体情况",
        "本年度，本厅认真贯彻落实《中华人民共和国政府信息公开条例》。",
        "依申请公开工作规范有序。",
    ]
    assert texts[-4:] == [
        "五、存在的主要问题及改进情况",
        "政策解读形式还不够丰富。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
    ]
    assert document.core_properties.title == TITLE
    assert len(document.tables) == 3


def test_docx_section_three_has_the_template_merges_and_the_json_numbers(report):
    data, payload = report
    table = docx.Document(io.BytesIO(render_docx(data))).tables[1]
    rows = tc_layout(table)
    assert len(rows) == 3 + 25
    assert rows[0] == [(t.NOTE, 3, "restart"), ("申请人情况", 7, None)]
    assert rows[1] == [
        ("", 3, "continue"),
        ("自然人", 1, "restart"),
        ("法人或其他组织", 5, None),
        ("总计", 1, "restart"),
    ]
    assert rows[2] == [("", 3, "continue"), ("", 1, "continue")] + [
        (label, 1, None) for label in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
    ] + [("", 1, "continue")]
    # 一 and 二 span the three label columns; 三、本年度办理结果 spans 22 rows.
    assert rows[3][0] == ("一、本年新收政府信息公开申请数量", 3, None)
    assert rows[5][:2] == [("三、本年度办理结果", 1, "restart"), ("（一）予以公开", 2, None)]
    assert [row[0][2] for row in rows[6:27]] == ["continue"] * 21
    assert rows[7][:3] == [("", 1, "continue"), ("（三）不予公开", 1, "restart"), ("1.属于国家秘密", 1, None)]
    assert [row[1][2] for row in rows[8:15]] == ["continue"] * 7  # the other 7 rows of （三）
    assert rows[15][1] == ("（四）无法提供", 1, "restart")
    assert rows[18][1] == ("（五）不予处理", 1, "restart")
    assert rows[23][1] == ("（六）其他处理", 1, "restart")
    assert rows[26][:2] == [("", 1, "continue"), ("（七）总计", 2, None)]
    assert rows[27][0] == ("四、结转下年度继续办理", 3, None)
    numbers = [[int(text) for text, _, _ in row[-7:]] for row in rows[3:]]
    assert numbers == list(section_three_rows(payload).values())


def test_docx_sections_two_and_four(report):
    data, payload = report
    document = docx.Document(io.BytesIO(render_docx(data)))
    two = tc_layout(document.tables[0])
    assert two[0] == [("第二十条第（一）项", 4, None)]
    assert two[1] == [(x, 1, None) for x in ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")]
    assert two[2] == [("规章", 1, None), ("1", 1, None), ("1", 1, None), ("2", 1, None)]
    assert two[4] == [("第二十条第（五）项", 4, None)]
    assert two[5] == [("信息内容", 1, None), ("本年处理决定数量", 3, None)]
    assert two[6] == [("行政许可", 1, None), ("42", 3, None)]
    assert two[12] == [("信息内容", 1, None), ("本年收费金额（单位：万元）", 3, None)]
    assert two[13] == [("行政事业性收费", 1, None), ("1.25", 3, None)]
    assert len(two) == 14

    four = tc_layout(document.tables[2])
    assert four[0] == [("行政复议", 5, None), ("行政诉讼", 10, None)]
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert four[1] == [(x, 1, "restart") for x in results] + [("未经复议直接起诉", 5, None), ("复议后起诉", 5, None)]
    assert four[2] == [("", 1, "continue")] * 5 + [(x, 1, None) for x in results * 2]
    assert [int(text) for text, _, _ in four[3]] == EXPECTED_FOUR_2025
    challenges = payload[t.HEADING_CHALLENGES]
    assert [int(text) for text, _, _ in four[3][:5]] == list(challenges["行政复议"].values())


def _merged(sheet) -> set[str]:
    return {str(r) for r in sheet.merged_cells.ranges}


def test_xlsx_sheets_merges_and_numbers(report):
    data, payload = report
    workbook = load_workbook(io.BytesIO(render_xlsx(data)))
    assert workbook.sheetnames == [
        "报告正文",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、行政复议、行政诉讼情况",
    ]

    text = workbook["报告正文"]
    column = [c.value for c in text["A"] if c.value]
    assert column[0] == TITLE
    assert [x for x in column if x in t.SECTION_HEADINGS] == list(t.SECTION_HEADINGS)
    assert "见工作表“三、收到和处理政府信息公开申请情况”。" in column

    three = workbook["三、收到和处理政府信息公开申请情况"]
    assert three["A1"].value == "三、收到和处理政府信息公开申请情况"
    assert _merged(three) == {
        "A1:J1",
        "A3:C5",  # the note
        "D3:J3",  # 申请人情况
        "D4:D5",  # 自然人
        "E4:I4",  # 法人或其他组织
        "J4:J5",  # 总计
        "A6:C6",  # 一
        "A7:C7",  # 二
        "A8:A29",  # 三、本年度办理结果: 22 rows
        "B8:C8",  # （一）
        "B9:C9",  # （二）
        "B10:B17",  # （三）: 8 sub-rows
        "B18:B20",  # （四）
        "B21:B25",  # （五）
        "B26:B28",  # （六）
        "B29:C29",  # （七）
        "A30:C30",  # 四
    }
    assert three["A3"].value == t.NOTE and three["E5"].value == "商业企业"
    numbers = [[three.cell(row, col).value for col in range(4, 11)] for row in range(6, 31)]
    assert numbers == list(section_three_rows(payload).values())

    four = workbook["四、行政复议、行政诉讼情况"]
    assert _merged(four) == {"A1:O1", "A3:E3", "F3:O3", "A4:A5", "B4:B5", "C4:C5", "D4:D5", "E4:E5", "F4:J4", "K4:O4"}
    assert [four.cell(6, col).value for col in range(1, 16)] == EXPECTED_FOUR_2025

    two = workbook["二、主动公开政府信息情况"]
    assert _merged(two) == {
        "A1:D1",
        "A3:D3",
        "A7:D7",
        "B8:D8",
        "B9:D9",
        "A10:D10",
        "B11:D11",
        "B12:D12",
        "B13:D13",
        "A14:D14",
        "B15:D15",
        "B16:D16",
    }
    rules = payload[t.HEADING_PROACTIVE]["第二十条第（一）项"]["规章"]
    assert [two.cell(5, col).value for col in (2, 3, 4)] == list(rules.values()) == [1, 1, 2]
    assert two["B9"].value == 42
    assert Decimal(str(two["B16"].value)) == Decimal("1.25")
