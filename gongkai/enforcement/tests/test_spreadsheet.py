"""The 双公示 template: field definitions, validating an import, exporting, the blank template.

No database: everything here is plain Python over workbooks built in memory with openpyxl.
"""

import datetime
import random
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from gongkai.enforcement.spreadsheet import (
    NOTES_SHEET_TITLE,
    CellError,
    RowReader,
    TemplateError,
    blank_template,
    generate_rows,
    read_rows,
    validate_file,
    write_rows,
)
from gongkai.enforcement.template import (
    LICENSE_TEMPLATE,
    PENALTY_CATEGORIES,
    PENALTY_TEMPLATE,
    RecordKind,
    Requirement,
    get_template,
    make_uscc,
    parse_date,
    parse_wanyuan,
    validate_record,
)

TODAY = datetime.date(2025, 6, 30)
PENALTY = RecordKind.PENALTY
LICENSE = RecordKind.LICENSE


def cell_value(value):
    return ";".join(value) if isinstance(value, list) else value


def workbook_bytes(header, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_file(kind, records, *, codes=None, header=None):
    """A file whose columns are ``codes`` (default: the template order) headed by labels or ``header``."""
    template = get_template(kind)
    codes = codes or template.codes
    header = header or [template.field(c).label for c in codes]
    return workbook_bytes(header, [[cell_value(r.get(c)) for c in codes] for r in records])


def letter(kind, code):
    return get_column_letter(get_template(kind).codes.index(code) + 1)


def wrong_check(code):
    return code[:-1] + ("1" if code[-1] != "1" else "2")


# ---------------------------------------------------------------------------
# Field definitions
# ---------------------------------------------------------------------------


def test_penalty_template_has_the_30_fields_of_the_standard_in_order():
    codes = PENALTY_TEMPLATE.codes
    assert len(codes) == 30 and len(set(codes)) == 30
    assert codes[:3] == ("CF_XDR_MC", "CF_XDR_LB", "CF_XDR_SHXYM")
    assert codes[13:20] == ("CF_WSH", "CF_WFXW", "CF_SY", "CF_YJ", "CF_CFLB", "CF_NR", "CF_NR_FK")
    assert codes[-1] == "BZ"
    assert PENALTY_TEMPLATE.field("CF_NR_FK").label == "罚款金额（万元）"
    assert PENALTY_TEMPLATE.field("CF_XDR_MC").requirement is Requirement.YES
    assert PENALTY_TEMPLATE.field("CF_NR_FK").requirement is Requirement.CONDITIONAL
    assert PENALTY_TEMPLATE.field("CF_GSJZQ").requirement is Requirement.OPTIONAL
    assert PENALTY_TEMPLATE.field("CF_CFLB").choices == PENALTY_CATEGORIES
    # Identity numbers are collected for matching, never displayed (disclosure-rules.md §7 item 5).
    hidden = {f.code for f in PENALTY_TEMPLATE.fields if not f.displayed}
    assert hidden == {"CF_FR_ZJLX", "CF_FR_ZJHM", "CF_XDR_ZJHM"}


def test_license_template_has_the_28_fields_of_the_standard_in_order():
    codes = LICENSE_TEMPLATE.codes
    assert len(codes) == 28 and len(set(codes)) == 28
    assert codes[13:16] == ("XK_XKWS", "XK_WSH", "XK_XKLB")
    assert codes[20:22] == ("XK_YXQZ", "XK_YXQZI")
    assert LICENSE_TEMPLATE.field("XK_XKLB").choices == ("普通", "特许", "认可", "核准", "登记", "其他")
    assert LICENSE_TEMPLATE.field("XK_XDR_LB").choices == ("法人及非法人组织", "自然人", "个体工商户")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("9152010", "统一社会信用代码应为18位，当前为7位"),
        ("91520102I14567890X", "统一社会信用代码含有不允许的字符“I”"),
        (wrong_check(make_uscc("91520102MA6DK2XX1")), "统一社会信用代码校验位错误"),
    ],
)
def test_uscc_problems_are_named(raw, message):
    errors = PENALTY_TEMPLATE.field("CF_CFJGDM").validate(raw)
    assert len(errors) == 1 and errors[0].startswith(message)


def test_uscc_is_normalised_from_full_width_and_lower_case():
    code = make_uscc("91520102MA6DK2XX1")
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code.lower())
    assert PENALTY_TEMPLATE.field("CF_CFJGDM").clean(full_width) == (code, [])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (datetime.date(2025, 3, 4), datetime.date(2025, 3, 4)),
        (datetime.datetime(2025, 3, 4, 0, 0), datetime.date(2025, 3, 4)),  # noqa: DTZ001 (Excel has no time zones)
        ("2025-03-04", datetime.date(2025, 3, 4)),
        ("2025/3/4", datetime.date(2025, 3, 4)),
        ("2025年3月4日", datetime.date(2025, 3, 4)),
        (" 2025-03-04 00:00:00 ", datetime.date(2025, 3, 4)),
    ],
)
def test_dates_in_every_accepted_form(raw, expected):
    assert parse_date(raw) == (expected, [])


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2025.3.4", "日期格式应为YYYY-MM-DD或YYYY/MM/DD（填写的是“2025.3.4”）"),
        ("2025-03/04", "日期格式应为YYYY-MM-DD或YYYY/MM/DD"),
        (45720, "日期格式应为YYYY-MM-DD或YYYY/MM/DD（单元格是数字45720"),
        ("2025/2/30", "日期不存在：2025年2月30日"),
    ],
)
def test_bad_dates_are_explained(raw, message):
    value, errors = parse_date(raw)
    assert value is None and len(errors) == 1 and errors[0].startswith(message)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (0.1, Decimal("0.1")),
        (1.15, Decimal("1.15")),
        (3, Decimal("3")),
        ("12.500000", Decimal("12.5")),
        ("0.000001", Decimal("0.000001")),
        (100.0, Decimal("100")),
    ],
)
def test_wanyuan_amounts_without_float_noise(raw, expected):
    value, errors = parse_wanyuan(raw, "罚款金额")
    assert errors == [] and value == expected and str(value) == str(expected)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (0.1234567, "罚款金额单位为万元，最多6位小数"),
        ("0.0000001", "罚款金额单位为万元，最多6位小数"),
        (-1, "罚款金额不能为负数"),
        ("3000元", "罚款金额应为数字，单位为万元"),
        ("1000000000000", "罚款金额超出范围"),
    ],
)
def test_bad_amounts_are_explained(raw, message):
    value, errors = parse_wanyuan(raw, "罚款金额")
    assert value is None and len(errors) == 1 and errors[0].startswith(message)


def test_enums_accept_aliases_and_name_the_allowed_values():
    assert LICENSE_TEMPLATE.field("XK_ZT").clean("有效") == ("1", [])
    assert LICENSE_TEMPLATE.field("XK_ZT").clean(2) == ("2", [])
    assert PENALTY_TEMPLATE.field("CF_XDR_ZJLX").clean("居民身份证") == ("身份证", [])
    assert PENALTY_TEMPLATE.field("CF_XDR_LB").validate("企业") == [
        "行政相对人类别“企业”不在可选值内，可选：法人及非法人组织、自然人、个体工商户"
    ]


def test_excel_error_values_are_not_taken_as_text():
    assert PENALTY_TEMPLATE.field("CF_XDR_MC").validate("#N/A") == ["单元格是Excel错误值#N/A，请检查公式或改为直接填写"]
    assert PENALTY_TEMPLATE.field("CF_JDRQ").validate("#VALUE!")[0].startswith("单元格是Excel错误值#VALUE!")


def test_penalty_categories_split_on_either_semicolon():
    field = PENALTY_TEMPLATE.field("CF_CFLB")
    assert field.clean("警告；罚款;罚款; 没收违法所得") == (["警告", "罚款", "没收违法所得"], [])
    value, errors = field.clean("警告;罚金")
    assert value is None and errors[0].startswith("处罚类别“罚金”不在可选值内")
    # The pre-2021 combined value is no longer a category of 行政处罚法第九条.
    assert field.validate("暂扣或者吊销许可证、暂扣或者吊销执照")


def penalty_record(**overrides):
    record = next(generate_rows(1, PENALTY, seed=11))
    record.update(
        CF_XDR_LB="法人及非法人组织",
        CF_XDR_SHXYM=make_uscc("91520102MA6DK2XX1"),
        CF_FRDB="王伟",
        CF_CFLB="罚款",
        CF_NR_FK="2",
        CF_NR_WFFF=None,
        CF_NR_ZKDX=None,
    )
    record.update(overrides)
    return record


def problems(record, kind=PENALTY):
    return {(e.code, e.message) for e in validate_record(record, kind, today=TODAY)[1]}


def test_a_complete_record_passes_and_is_cleaned():
    values, errors = validate_record(penalty_record(CF_CFLB="警告；罚款"), PENALTY, today=TODAY)
    assert errors == []
    assert values["CF_CFLB"] == ["警告", "罚款"] and values["CF_NR_FK"] == Decimal(2)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"CF_NR_FK": None}, ("CF_NR_FK", "处罚类别包含罚款时，罚款金额（万元）必填")),
        ({"CF_NR_FK": 0}, ("CF_NR_FK", "处罚类别包含罚款时，罚款金额应大于0")),
        ({"CF_FRDB": None}, ("CF_FRDB", "行政相对人类别为法人及非法人组织时，法定代表人必填")),
        ({"CF_XDR_SHXYM": ""}, ("CF_XDR_SHXYM", "行政相对人类别为法人及非法人组织时，统一社会信用代码必填")),
        (
            {"CF_CFLB": "没收违法所得"},
            ("CF_NR_WFFF", "处罚类别包含没收违法所得或没收非法财物时，没收违法所得、没收非法财物的金额（万元）必填"),
        ),
        (
            {"CF_CFLB": "罚款;吊销许可证件"},
            ("CF_NR_ZKDX", "处罚类别包含暂扣许可证件或吊销许可证件时，暂扣或吊销证照名称及编号必填"),
        ),
        ({"CF_FR_ZJHM": "11010519491231002X"}, ("CF_FR_ZJLX", "填写了法定代表人证件号码时，法定代表人证件类型必填")),
        (
            {"CF_FR_ZJLX": "身份证", "CF_FR_ZJHM": "110105194912310021"},
            ("CF_FR_ZJHM", "法定代表人身份证号码校验位错误"),
        ),
        ({"CF_GSJZQ": datetime.date(2020, 1, 1)}, ("CF_GSJZQ", "公示截止期不得早于处罚决定日期")),
    ],
)
def test_conditional_rules(overrides, expected):
    assert problems(penalty_record(**overrides)) == {expected}


def test_individual_business_needs_no_code_but_a_given_one_is_checked():
    base = {"CF_XDR_LB": "个体工商户", "CF_FRDB": None}
    assert problems(penalty_record(**base, CF_XDR_SHXYM=None)) == set()
    assert problems(penalty_record(**base, CF_XDR_SHXYM=wrong_check(make_uscc("92520102MA6DK2XX1")))) == {
        ("CF_XDR_SHXYM", "统一社会信用代码校验位错误")
    }


def test_one_mistake_is_reported_once():
    # A bad decision date is not also "earlier than" the 有效期; a bad amount is not also "missing".
    assert problems(penalty_record(CF_JDRQ="2023.1.1", CF_NR_FK="1.1234567")) == {
        ("CF_JDRQ", "日期格式应为YYYY-MM-DD或YYYY/MM/DD（填写的是“2023.1.1”）"),
        ("CF_NR_FK", "罚款金额单位为万元，最多6位小数"),
    }


# ---------------------------------------------------------------------------
# Import: 1,000 rows with exactly 10 bad ones
# ---------------------------------------------------------------------------


def _pick(rows, used, category):
    for i, row in enumerate(rows):
        if i not in used and any(row[c] == category for c in ("CF_XDR_LB", "XK_XDR_LB") if c in row):
            used.add(i)
            return i
    raise AssertionError(category)


def corrupt_penalties(rows):
    """Ten rows with one mistake each: (row index, field code, start of the message)."""
    used = {5, 100, 300, 600, 700, 800, 900}
    org, person_a, person_b = _pick(rows, used, "法人及非法人组织"), _pick(rows, used, "自然人"), None
    person_b = _pick(rows, used, "自然人")
    fine = next(i for i, r in enumerate(rows) if i not in used and "罚款" in r["CF_CFLB"])
    rows[org]["CF_XDR_SHXYM"] = wrong_check(rows[org]["CF_XDR_SHXYM"])
    rows[5]["CF_JDRQ"] = "05/06/2023"
    rows[100]["CF_SY"] = None
    rows[fine]["CF_NR_FK"] = 0.1234567
    rows[300]["CF_XDR_LB"] = "企业"
    rows[person_a]["CF_XDR_ZJHM"] = None
    rows[person_b]["CF_XDR_ZJHM"] = wrong_check(rows[person_b]["CF_XDR_ZJHM"])
    rows[600]["CF_JDRQ"] = TODAY + datetime.timedelta(days=10)
    rows[700]["CF_YXQ"] = rows[700]["CF_JDRQ"] - datetime.timedelta(days=1)
    rows[900]["CF_WSH"] = rows[800]["CF_WSH"]
    return [
        (org, "CF_XDR_SHXYM", "统一社会信用代码校验位错误"),
        (5, "CF_JDRQ", "日期格式应为YYYY-MM-DD或YYYY/MM/DD"),
        (100, "CF_SY", "违法事实为必填项，未填写"),
        (fine, "CF_NR_FK", "罚款金额单位为万元，最多6位小数"),
        (300, "CF_XDR_LB", "行政相对人类别“企业”不在可选值内"),
        (person_a, "CF_XDR_ZJHM", "行政相对人类别为自然人时，证件号码必填"),
        (person_b, "CF_XDR_ZJHM", "身份证号码校验位错误"),
        (600, "CF_JDRQ", "处罚决定日期不能晚于今天（2025-06-30）"),
        (700, "CF_YXQ", "处罚有效期不得早于处罚决定日期"),
        (900, "CF_WSH", f"行政处罚决定书文号“{rows[800]['CF_WSH']}”与第802行重复"),
    ]


def corrupt_licenses(rows):
    used = {5, 100, 300, 600, 700, 800, 900, 950}
    person_a, person_b = _pick(rows, used, "自然人"), _pick(rows, used, "自然人")
    rows[950]["XK_XKJGDM"] = wrong_check(rows[950]["XK_XKJGDM"])
    rows[5]["XK_YXQZ"] = "2023/02/30"
    rows[100]["XK_NR"] = "  "
    rows[300]["XK_XKLB"] = "审批"
    rows[person_a]["XK_XDR_ZJHM"] = None
    rows[person_b]["XK_XDR_ZJHM"] = wrong_check(rows[person_b]["XK_XDR_ZJHM"])
    rows[600]["XK_JDRQ"] = TODAY + datetime.timedelta(days=1)
    rows[700]["XK_YXQZI"] = rows[700]["XK_YXQZ"] - datetime.timedelta(days=1)
    rows[900]["XK_WSH"] = rows[800]["XK_WSH"]
    rows[850]["XK_XKWS"] = "批" * 201
    return [
        (950, "XK_XKJGDM", "统一社会信用代码校验位错误"),
        (5, "XK_YXQZ", "日期不存在：2023年2月30日"),
        (100, "XK_NR", "许可内容为必填项，未填写"),
        (300, "XK_XKLB", "许可类别“审批”不在可选值内，可选：普通、特许、认可、核准、登记、其他"),
        (person_a, "XK_XDR_ZJHM", "行政相对人类别为自然人时，证件号码必填"),
        (person_b, "XK_XDR_ZJHM", "身份证号码校验位错误"),
        (600, "XK_JDRQ", "许可决定日期不能晚于今天（2025-06-30）"),
        (700, "XK_YXQZI", "有效期至不得早于有效期自"),
        (900, "XK_WSH", f"行政许可决定文书号“{rows[800]['XK_WSH']}”与第802行重复"),
        (850, "XK_XKWS", "行政许可决定文书名称最多200个字符，当前为201个"),
    ]


@pytest.mark.parametrize(("kind", "corrupt"), [(PENALTY, corrupt_penalties), (LICENSE, corrupt_licenses)])
def test_thousand_rows_with_ten_bad_ones_give_exactly_those_ten_errors(kind, corrupt):
    rows = list(generate_rows(1000, kind, seed=2025))
    expected = corrupt(rows)
    assert len({i for i, _, _ in expected}) == 10
    data = BytesIO(template_file(kind, rows))
    calls = []

    report = validate_file(data, kind, today=TODAY, progress=calls.append)

    template = get_template(kind)
    assert (report.total_rows, report.valid_rows, report.invalid_rows) == (1000, 990, 10)
    assert calls == [1000]
    assert report.warnings == [] and report.file_errors == []
    assert len(report.errors) == report.error_count == 10
    got = sorted(report.errors, key=lambda e: e.row)
    want = sorted(expected, key=lambda item: item[0])
    for error, (index, code, message) in zip(got, want, strict=True):
        assert (error.row, error.column_letter, error.column_label) == (
            index + 2,  # the header is row 1, the first record row 2
            letter(kind, code),
            template.field(code).label,
        )
        assert error.message.startswith(message), error.message

    bad = {index for index, _, _ in expected}
    valid = list(report.iter_valid_rows())
    assert [r.row_number for r in valid] == [i + 2 for i in range(1000) if i not in bad]
    assert [r.values for r in valid] == [rows[i] for i in range(1000) if i not in bad]


def test_read_rows_streams_results_with_their_errors():
    rows = list(generate_rows(3, PENALTY, seed=1))
    rows[1]["CF_CFJGDM"] = "11520000"
    with read_rows(BytesIO(template_file(PENALTY, rows)), PENALTY, today=TODAY) as reader:
        results = list(reader)
    assert [r.row_number for r in results] == [2, 3, 4]
    assert [r.is_valid for r in results] == [True, False, True]
    assert results[1].errors == [
        CellError(3, letter(PENALTY, "CF_CFJGDM"), "处罚机关统一社会信用代码", "统一社会信用代码应为18位，当前为8位")
    ]
    assert results[1].values["CF_CFJGDM"] is None and results[1].values["CF_XDR_MC"] == rows[1]["CF_XDR_MC"]


def test_errors_are_in_column_order_and_can_be_capped():
    rows = list(generate_rows(4, PENALTY, seed=1))
    for row in rows:
        row.update(BZ="x" * 513, CF_XDR_MC=None)
    report = validate_file(template_file(PENALTY, rows), PENALTY, today=TODAY, max_errors=3)
    assert report.error_count == 8 and len(report.errors) == 3 and report.errors_truncated
    assert [e.column_label for e in report.errors] == ["行政相对人名称", "备注", "行政相对人名称"]
    assert report.invalid_rows == 4


# ---------------------------------------------------------------------------
# Export and round trip
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [PENALTY, LICENSE])
def test_export_then_import_gives_the_same_values(kind):
    rows = list(generate_rows(300, kind, seed=7))
    rows[0]["BZ"] = '=HYPERLINK("http://example.com")'  # stays text, never a formula
    rows[1]["BZ"] = "多行\n备注"

    data = write_rows(iter(rows), kind)

    report = validate_file(data, kind, today=TODAY)
    assert (report.total_rows, report.valid_rows, report.errors, report.warnings) == (300, 300, [], [])
    assert [r.values for r in report.iter_valid_rows()] == rows


def test_export_is_exactly_the_header_and_the_data_rows_with_typed_cells():
    rows = list(generate_rows(20, PENALTY, seed=3))
    rows[0]["BZ"] = "=1+1"
    sheet = load_workbook(BytesIO(write_rows(rows, PENALTY))).worksheets[0]
    assert len(sheet.parent.worksheets) == 1
    assert sheet.max_row == 21
    assert tuple(c.value for c in sheet[1]) == PENALTY_TEMPLATE.labels
    decided = sheet.cell(row=2, column=PENALTY_TEMPLATE.codes.index("CF_JDRQ") + 1)
    assert decided.is_date and decided.value.date() == rows[0]["CF_JDRQ"] and decided.number_format == "yyyy/mm/dd"
    fine_row = next(i for i, r in enumerate(rows) if r["CF_NR_FK"] is not None)
    fine = sheet.cell(row=fine_row + 2, column=PENALTY_TEMPLATE.codes.index("CF_NR_FK") + 1)
    assert fine.data_type == "n" and fine.number_format == "0.000000"
    assert Decimal(repr(fine.value)) == rows[fine_row]["CF_NR_FK"]
    categories = sheet.cell(row=2, column=PENALTY_TEMPLATE.codes.index("CF_CFLB") + 1)
    assert categories.value == ";".join(rows[0]["CF_CFLB"])
    note = sheet.cell(row=2, column=30)
    assert (note.value, note.data_type) == ("=1+1", "s")


def test_export_rejects_unknown_field_codes():
    with pytest.raises(ValueError, match="CF_UNKNOWN"):
        write_rows([{"CF_XDR_MC": "某公司", "CF_UNKNOWN": 1}], PENALTY)


# ---------------------------------------------------------------------------
# Headers
# ---------------------------------------------------------------------------


def test_headers_may_be_field_codes_in_any_order():
    rows = list(generate_rows(5, LICENSE, seed=4))
    rows[2]["XK_LYDWDM"] = wrong_check(rows[2]["XK_LYDWDM"])
    codes = list(LICENSE_TEMPLATE.codes)
    random.Random(1).shuffle(codes)
    header = [c.lower() if i % 2 else c for i, c in enumerate(codes)]
    report = validate_file(template_file(LICENSE, rows, codes=codes, header=header), LICENSE, today=TODAY)
    assert (report.total_rows, report.valid_rows) == (5, 4)
    [error] = report.errors
    assert (error.row, error.column_letter) == (4, get_column_letter(codes.index("XK_LYDWDM") + 1))
    assert error.column_label == "数据来源单位统一社会信用代码"


def test_header_labels_match_across_bracket_width_spaces_and_required_marks():
    rows = list(generate_rows(2, PENALTY, seed=4))
    header = list(PENALTY_TEMPLATE.labels)
    header[2] = "行政相对人代码_1(统一社会信用代码)"
    header[19] = "*罚款金额\n(万元)"
    report = validate_file(template_file(PENALTY, rows, header=header), PENALTY, today=TODAY)
    assert (report.valid_rows, report.errors, report.warnings) == (2, [], [])


def test_missing_required_column_is_one_file_level_error():
    rows = list(generate_rows(50, PENALTY, seed=5))
    codes = [c for c in PENALTY_TEMPLATE.codes if c != "CF_SY"]
    data = template_file(PENALTY, rows, codes=codes)

    report = validate_file(data, PENALTY, today=TODAY)

    assert report.errors == [CellError(1, "", "违法事实", "缺少必填列“违法事实”")]
    assert report.file_errors == report.errors
    assert report.total_rows == 0 and not report.can_import
    assert list(report.iter_valid_rows()) == []
    with pytest.raises(TemplateError, match="缺少必填列“违法事实”"):
        read_rows(data, PENALTY, today=TODAY)


def test_absent_optional_column_is_fine_until_a_row_needs_it():
    rows = [penalty_record(CF_CFLB="警告", CF_NR_FK=None), penalty_record(CF_WSH="黔环罚〔2024〕2号")]
    codes = [c for c in PENALTY_TEMPLATE.codes if c != "CF_NR_FK"]
    report = validate_file(template_file(PENALTY, rows, codes=codes), PENALTY, today=TODAY)
    assert report.valid_rows == 1
    assert report.errors == [CellError(3, "", "罚款金额（万元）", "处罚类别包含罚款时，罚款金额（万元）必填")]


def test_unknown_columns_are_warnings_and_a_numbering_column_does_not_make_rows():
    rows = list(generate_rows(3, PENALTY, seed=6))
    header = ["序号", *PENALTY_TEMPLATE.labels, "经办人"]
    body = [[i + 1, *[cell_value(r[c]) for c in PENALTY_TEMPLATE.codes], "张三"] for i, r in enumerate(rows)]
    body.insert(1, [None] * 32)  # a blank row in the middle keeps the later row numbers as Excel shows them
    body += [[4], [5, *[None] * 30, "  "], [None] * 32, ["  "] * 32]  # numbered but empty rows at the end
    report = validate_file(workbook_bytes(header, body), PENALTY, today=TODAY)
    assert (report.total_rows, report.valid_rows, report.errors) == (3, 3, [])
    assert [(w.column_letter, w.column_label) for w in report.warnings] == [("A", "序号"), ("AF", "经办人")]
    assert report.warnings[0].message == "未识别的列“序号”，该列将被忽略"
    assert [r.row_number for r in report.iter_valid_rows()] == [2, 4, 5]


def test_duplicate_column_is_a_file_level_error():
    header = [*PENALTY_TEMPLATE.labels, "CF_SY"]
    report = validate_file(workbook_bytes(header, []), PENALTY, today=TODAY)
    assert report.errors == [CellError(1, "AE", "违法事实", "列“违法事实”重复：P列和AE列")]


@pytest.mark.parametrize("by_code", [False, True])
def test_a_license_file_imported_as_penalties_is_recognised(by_code):
    header = list(LICENSE_TEMPLATE.codes) if by_code else None
    data = template_file(LICENSE, list(generate_rows(2, LICENSE, seed=1)), header=header)
    report = validate_file(data, PENALTY, today=TODAY)
    assert [e.message for e in report.errors] == ["表头与行政处罚模板不符，该文件看起来是行政许可模板，请确认导入类型"]
    assert report.total_rows == 0


def test_a_title_row_above_the_header_is_one_error():
    data = workbook_bytes(["行政处罚信息汇总表"], [PENALTY_TEMPLATE.labels])
    report = validate_file(data, PENALTY, today=TODAY)
    assert [e.message for e in report.errors] == [
        "第1行应为行政处罚模板的表头，但其中没有任何可识别的列（字段名称或字段代码）"
    ]


@pytest.mark.parametrize("data", [b"not a workbook", b"PK\x03\x04broken zip", b""])
def test_unreadable_file_is_one_file_error(data):
    report = validate_file(data, PENALTY, today=TODAY)
    [error] = report.errors
    assert error.row == 0 and ".xlsx" in error.message
    assert not report.can_import


def test_empty_first_row_is_reported():
    report = validate_file(workbook_bytes([None], [PENALTY_TEMPLATE.labels]), PENALTY, today=TODAY)
    assert [e.message for e in report.errors] == ["第1行应为表头（字段名称或字段代码），但第1行为空"]


# ---------------------------------------------------------------------------
# Cells Excel stores as numbers and dates
# ---------------------------------------------------------------------------


def test_numbers_and_dates_as_excel_stores_them():
    base = penalty_record()
    codes = PENALTY_TEMPLATE.codes
    cases = [
        {"CF_XDR_GSZC": 520100000123456, "CF_NR_FK": 0.1, "CF_JDRQ": datetime.date(2025, 3, 4)},
        {"CF_XDR_GSZC": 520100000123456.0, "CF_NR_FK": 1.15, "CF_JDRQ": "2025/3/4"},
        {"CF_WSH": 2023001, "CF_NR_FK": 3, "CF_JDRQ": "2025年3月4日", "CF_CFLB": "警告；罚款"},
        {"CF_JDRQ": datetime.datetime(2025, 3, 4), "CF_NR_FK": 12.5, "CF_XDR_SWDJ": 52010212345678.0},  # noqa: DTZ001
        # Excel keeps 15 digits: an ID number typed as a number has already lost its last digits.
        {"CF_FR_ZJLX": "身份证", "CF_FR_ZJHM": 1.10105194912310e17, "CF_JDRQ": "2025-03-04"},
    ]
    records = []
    for i, case in enumerate(cases):
        record = dict(base, CF_WSH=f"黔环罚〔2025〕{i + 1}号", CF_YXQ=datetime.date(2026, 3, 4), CF_GSJZQ=None)
        record.update(case)
        records.append(record)

    results = list(read_rows(template_file(PENALTY, records, codes=codes), PENALTY, today=TODAY))

    first, second, third, fourth, fifth = results
    for result in results[:4]:
        assert result.errors == [] and result.values["CF_JDRQ"] == datetime.date(2025, 3, 4)
    assert first.values["CF_XDR_GSZC"] == second.values["CF_XDR_GSZC"] == "520100000123456"
    assert (first.values["CF_NR_FK"], second.values["CF_NR_FK"]) == (Decimal("0.1"), Decimal("1.15"))
    assert str(second.values["CF_NR_FK"]) == "1.15"
    assert third.values["CF_WSH"] == "2023001" and third.values["CF_NR_FK"] == Decimal(3)
    assert third.values["CF_CFLB"] == ["警告", "罚款"]
    assert fourth.values["CF_XDR_SWDJ"] == "52010212345678"
    [error] = fifth.errors
    assert error.column_label == "法定代表人证件号码"
    assert error.message.startswith("该单元格是数字格式，超过15位的数字已被Excel截断")


# ---------------------------------------------------------------------------
# Re-reading, progress
# ---------------------------------------------------------------------------


def test_valid_rows_can_be_read_again_from_a_path(tmp_path):
    rows = list(generate_rows(30, LICENSE, seed=8))
    rows[10]["XK_ZT"] = "3"
    path = tmp_path / "许可.xlsx"
    path.write_bytes(template_file(LICENSE, rows))
    report = validate_file(str(path), LICENSE, today=TODAY)
    assert (report.valid_rows, report.invalid_rows) == (29, 1)
    assert report.errors[0].message == "当前状态“3”不在可选值内，可选：1、2"
    again = list(report.iter_valid_rows())
    assert [r.values for r in again] == rows[:10] + rows[11:]
    assert 12 not in {r.row_number for r in again}


def test_progress_is_reported_at_the_interval_and_at_the_end():
    data = template_file(LICENSE, list(generate_rows(250, LICENSE, seed=9)))
    calls = []
    with RowReader(data, LICENSE, today=TODAY, progress=calls.append, progress_every=100) as reader:
        assert sum(1 for _ in reader) == 250
    assert calls == [100, 200, 250]


def test_today_bounds_the_decision_date():
    rows = list(generate_rows(20, PENALTY, seed=10))
    latest = max(r["CF_JDRQ"] for r in rows)
    data = template_file(PENALTY, rows)
    assert validate_file(data, PENALTY, today=latest).valid_rows == 20
    assert validate_file(data, PENALTY, today=latest - datetime.timedelta(days=1)).valid_rows < 20


# ---------------------------------------------------------------------------
# Blank template
# ---------------------------------------------------------------------------


def test_blank_template_has_drop_downs_checks_and_the_notes_sheet():
    workbook = load_workbook(BytesIO(blank_template(PENALTY)))
    assert workbook.sheetnames == ["行政处罚", NOTES_SHEET_TITLE]
    sheet = workbook["行政处罚"]
    assert tuple(c.value for c in sheet[1]) == PENALTY_TEMPLATE.labels and sheet.max_row == 1
    by_column = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv for dv in sheet.data_validations.dataValidation}
    party = by_column[letter(PENALTY, "CF_XDR_LB")]
    assert (party.type, party.formula1, party.showErrorMessage) == (
        "list",
        '"法人及非法人组织,自然人,个体工商户"',
        True,
    )
    assert str(party.sqref) == f"{letter(PENALTY, 'CF_XDR_LB')}2:{letter(PENALTY, 'CF_XDR_LB')}1048576"
    categories = by_column[letter(PENALTY, "CF_CFLB")]
    assert categories.formula1 == '"' + ",".join(PENALTY_CATEGORIES) + '"'
    assert not categories.showErrorMessage  # "警告;罚款" must be allowed
    assert by_column[letter(PENALTY, "CF_NR_FK")].type == "decimal"
    assert by_column[letter(PENALTY, "CF_JDRQ")].type == "date"
    assert set(by_column) == {
        letter(PENALTY, c)
        for c in (
            "CF_XDR_LB",
            "CF_FR_ZJLX",
            "CF_XDR_ZJLX",
            "CF_CFLB",
            "CF_NR_FK",
            "CF_NR_WFFF",
            "CF_JDRQ",
            "CF_YXQ",
            "CF_GSJZQ",
        )
    }

    # Long digit strings typed into the template stay text; date columns show dates as 信用中国 writes them.
    assert sheet.column_dimensions[letter(PENALTY, "CF_XDR_ZJHM")].number_format == "@"
    assert sheet.column_dimensions[letter(PENALTY, "CF_JDRQ")].number_format == "yyyy/mm/dd"

    notes = [tuple(row) for row in workbook[NOTES_SHEET_TITLE].iter_rows(values_only=True)]
    assert notes[0] == ("序号", "字段名称", "字段代码", "是否必填", "必填条件", "格式要求", "可选值", "说明")
    fields = {row[2]: row for row in notes[1:31]}
    assert list(fields) == list(PENALTY_TEMPLATE.codes)
    assert fields["CF_XDR_MC"][3] == "必填"
    assert fields["CF_NR_FK"][3:5] == ("条件必填", "处罚类别包含罚款时必填，且应大于0")
    assert "最多6位小数" in fields["CF_NR_FK"][5]
    assert fields["CF_XDR_LB"][6] == "法人及非法人组织、自然人、个体工商户"
    assert fields["CF_GSJZQ"][3] == "选填"
    assert any(row[0] == "填写须知" for row in notes)


def test_blank_template_reads_back_as_an_empty_valid_file():
    for kind in (PENALTY, LICENSE):
        report = validate_file(blank_template(kind), kind, today=TODAY)
        assert (report.total_rows, report.errors, report.warnings) == (0, [], [])
        assert load_workbook(BytesIO(blank_template(kind))).worksheets[1].title == NOTES_SHEET_TITLE


# ---------------------------------------------------------------------------
# Sample data for the benchmark
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [PENALTY, LICENSE])
def test_generated_rows_are_valid_varied_and_reproducible(kind):
    rows = list(generate_rows(400, kind, seed=12))
    assert rows == list(generate_rows(400, kind, seed=12))
    assert rows != list(generate_rows(400, kind, seed=13))
    for row in rows:
        assert validate_record(row, kind, today=TODAY)[1] == []
    template = get_template(kind)
    categories = {row[template.codes[1]] for row in rows}
    assert categories == {"法人及非法人组织", "自然人", "个体工商户"}
    assert len({row[template.key_code] for row in rows}) == 400
