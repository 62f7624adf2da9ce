"""The 行政执法统计年报 as a workbook (openpyxl): a sheet of particulars, then one sheet per table.

Each table sheet has its title in row 1, its note in row 2, the header from row 4 (bold) and one row
per unit, 合计 first. Counts are integers and amounts are numbers in 万元 — with exactly the decimals
the amount has (at most six), so 20 shows as "20" and 0.05 as "0.05" — so the figures can be summed
or compared in a spreadsheet. The same ``tables.tables`` as the page: the two never disagree.
"""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from gongkai.enforcement.statistics import tables as t

INFO_SHEET = "说明"
HEADER_ROW = 4  # 1-based: row 1 title, row 2 note, row 3 blank
FONT = "宋体"


def amount_format(amount: Decimal) -> str:
    """The 万元 number format of one amount: thousands separators, its own decimals (at most six)."""
    text = t.wanyuan_text(amount)
    decimals = len(text.partition(".")[2])
    return "#,##0." + "0" * decimals if decimals else "#,##0"


def _cell_value(cell: t.Cell):
    if cell.kind == t.AMOUNT:
        return Decimal(t.wanyuan_text(cell.value))
    if cell.kind == t.RATE:
        return cell.text  # "80.0%" or "—": a rate of nothing is not 0
    return cell.value


def _info_sheet(workbook: Workbook, stats: t.EnforcementStatistics) -> None:
    sheet = workbook.active
    sheet.title = INFO_SHEET
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 90
    sheet.cell(1, 1, stats.title).font = Font(name=FONT, size=16, bold=True)
    lines = [
        (t.KEY_YEAR, str(stats.year)),
        (t.KEY_AS_OF, stats.as_of.isoformat()),
        (
            t.KEY_DUE,
            f"{stats.due_date.year}年1月31日前公开（{t.ORDER_118_SHORT}：每年1月31日前公开上年度行政执法总体情况有关数据）",
        ),
        ("统计口径", "执法决定按决定日期、撤下按撤下日期、提前停止公示按停止日期、双随机抽查按抽取时间计入年度。"),
        ("勾稽关系", "全部相符" if not stats.breaches else f"{len(stats.breaches)}项不符，见工作表“八、勾稽关系检查”"),
    ]
    for index, (label, text) in enumerate(lines, start=3):
        sheet.cell(index, 1, label).font = Font(name=FONT, bold=True)
        cell = sheet.cell(index, 2, text)
        cell.font = Font(name=FONT)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _table_sheet(workbook: Workbook, table: t.Table) -> None:
    sheet = workbook.create_sheet(table.sheet)
    sheet.cell(1, 1, table.title).font = Font(name=FONT, size=14, bold=True)
    if table.note:
        note = sheet.cell(2, 1, table.note)
        note.font = Font(name=FONT, size=10)
    for col, heading in enumerate(table.columns, start=1):
        cell = sheet.cell(HEADER_ROW, col, heading)
        cell.font = Font(name=FONT, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(col)].width = 50 if table.key == "checks" and col != 2 else 14
    for offset, row in enumerate(table.rows, start=1):
        r = HEADER_ROW + offset
        label = sheet.cell(r, 1, row.label)
        label.font = Font(name=FONT, bold=row.total)
        label.alignment = Alignment(wrap_text=True, vertical="top")
        for col, cell in enumerate(row.cells, start=2):
            target = sheet.cell(r, col, _cell_value(cell))
            target.font = Font(name=FONT, bold=row.total)
            if cell.kind == t.AMOUNT:
                target.number_format = amount_format(cell.value)
            elif cell.kind == t.COUNT:
                target.number_format = "0"
            elif cell.kind == t.TEXT:
                target.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 2)


def render_xlsx(stats: t.EnforcementStatistics) -> bytes:
    workbook = Workbook()
    workbook.properties.title = stats.title
    workbook.properties.creator = stats.agency_name or "gongkai"
    _info_sheet(workbook, stats)
    for table in t.tables(stats):
        _table_sheet(workbook, table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
