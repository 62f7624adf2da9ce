"""`manage.py annual_report` and `manage.py bench_annual_report`."""

import copy
import io
import json

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.foi.models import AnnualReport, Application, Challenge
from gongkai.foi.report import tables as t
from gongkai.foi.tests.test_report_scenario import EXPECTED_2025, YEAR, section_three_rows, with_scenario


@pytest.fixture
def scenario_data(home):
    yield from with_scenario(home)


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("annual_report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_prints_every_cell(scenario_data):
    out, err = run(str(YEAR), "--check")
    payload = json.loads(out)
    assert payload == t.as_json(t.compute(YEAR))
    assert section_three_rows(payload) == EXPECTED_2025
    assert payload["年度"] == YEAR
    assert '"三安全一稳定"' not in out and "“三安全一稳定”" in out  # ensure_ascii=False, curly quotes kept
    assert out.startswith('{\n  "年度": 2025,')  # indented
    assert err == ""


def test_breaches_go_to_stderr_and_fail_with_check(scenario_data):
    previous = t.as_json(t.compute(YEAR - 1))
    broken = copy.deepcopy(previous)
    broken[t.HEADING_APPLICATIONS]["四、结转下年度继续办理"]["商业企业"] = 5
    AnnualReport.objects.create(year=YEAR - 1, snapshot=broken, published_at=timezone.now())

    out, err = run(str(YEAR))  # without --check: printed, exit status 0
    assert json.loads(out)[t.KEY_YEAR] == YEAR
    assert (
        "勾稽关系不符：三、商业企业列：本年“上年结转”（1）与2024年度已发布报告“结转下年度继续办理”（5）不一致。" in err
    )

    with pytest.raises(CommandError, match="勾稽关系检查发现1处不符"):
        run(str(YEAR), "--check")


def test_a_published_year_prints_its_frozen_figures_and_the_drift(scenario_data):
    snapshot = t.as_json(t.compute(YEAR))
    report = AnnualReport.objects.get(year=YEAR)
    report.snapshot, report.published_at = snapshot, timezone.now()
    report.save()
    Challenge.objects.filter(filed_on__year=YEAR, kind=Challenge.Kind.LITIGATION_AFTER).delete()

    out, err = run(str(YEAR))
    assert json.loads(out) == snapshot
    assert "以上为发布时冻结的数据" in err
    assert (
        "已发布数据与现有数据不一致：四、政府信息公开行政复议、行政诉讼情况／行政诉讼／复议后起诉／其他结果："
        "已发布 1，现有数据 0。" in err
    )

    live, _ = run(str(YEAR), "--live")
    assert json.loads(live)[t.HEADING_CHALLENGES]["行政诉讼"]["复议后起诉"]["总计"] == 0


def test_docx_and_xlsx_files(scenario_data, tmp_path):
    run(str(YEAR), "--format", "docx", "--output", str(tmp_path / "r.docx"))
    document = docx.Document(tmp_path / "r.docx")
    assert document.paragraphs[0].text == "某省生态环境厅2025年政府信息公开工作年度报告"
    assert document.tables[1].cell(3, 9).text == "24"  # 一、本年新收 · 总计

    _, err = run(str(YEAR), "--format", "xlsx", "--output", str(tmp_path / "r.xlsx"))
    assert "已写入" in err
    sheet = load_workbook(tmp_path / "r.xlsx")["三、收到和处理政府信息公开申请情况"]
    assert sheet["J6"].value == 24


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["20x5"], "年度“20x5”无效"),
        (["1999"], "年度“1999”无效"),
        (["2025", "--format", "docx"], "DOCX 格式须用 --output 指定输出文件"),
        (["2025", "--submit-as", "nobody"], "用户“nobody”不存在"),
    ],
)
def test_bad_arguments_are_refused_in_chinese(db, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_bench_runs_on_a_small_set_and_cleans_up(db):
    before = Application.objects.count()
    out = io.StringIO()
    call_command("bench_annual_report", applications=200, year=2024, stdout=out)
    text = out.getvalue()
    assert "写入 200 件申请" in text
    assert "compute(2024)：" in text and "参照 SELECT COUNT(*)" in text
    assert "第三部分与逐行统计一致。" in text
    assert "勾稽关系不符 0 处" in text
    assert Application.objects.count() == before
