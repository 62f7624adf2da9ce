"""The whole report as a workbook (openpyxl): one sheet of text, then one sheet per table.

Sheets: 报告正文 (title and the six sections; the table sections point to their sheet), then
二、主动公开政府信息情况, 三、收到和处理政府信息公开申请情况, 四、行政复议、行政诉讼情况. Each
table sheet has its heading in row 1 (merged across the table) and the table from row 3, with the
template's merges as merged ranges and numbers as numbers, so the figures can be summed or
compared in a spreadsheet.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from gongkai.foi.report import layout
from gongkai.foi.report import tables as t

TEXT_SHEET = "报告正文"
# Excel sheet names: at most 31 characters, none of []:*?/\ .
SHEET_NAMES = {
    t.HEADING_PROACTIVE: "二、主动公开政府信息情况",
    t.HEADING_APPLICATIONS: "三、收到和处理政府信息公开申请情况",
    t.HEADING_CHALLENGES: "四、行政复议、行政诉讼情况",
}
TABLE_FIRST_ROW = 3  # 1-based: row 1 heading, row 2 blank

_thin = Side(style="thin")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
FONT = "宋体"


def _table_sheet(workbook: Workbook, grid: layout.Grid) -> None:
    sheet = workbook.create_sheet(SHEET_NAMES[grid.heading])
    sheet.cell(1, 1, grid.heading).font = Font(name=FONT, size=14, bold=True)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=grid.n_cols)
    top = TABLE_FIRST_ROW
    # Borders on every position, covered ones included, so merged ranges are outlined in full.
    for r in range(grid.n_rows):
        for c in range(grid.n_cols):
            sheet.cell(top + r, 1 + c).border = BORDER
    for cell in grid.cells:
        target = sheet.cell(top + cell.row, 1 + cell.col)
        target.value = cell.value if cell.kind == layout.NUMBER else cell.text
        target.font = Font(name=FONT, size=10, bold=cell.kind in (layout.HEAD, layout.TITLE))
        horizontal = "left" if cell.kind in (layout.LABEL, layout.NOTE) else "center"
        target.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        if cell.value is not None and not isinstance(cell.value, int):
            target.number_format = "0.0000"
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(
                start_row=top + cell.row,
                start_column=1 + cell.col,
                end_row=top + cell.row + cell.rowspan - 1,
                end_column=1 + cell.col + cell.colspan - 1,
            )
    widths = {"section-two": [18, 16, 16, 16], "section-three": [10, 14, 30] + [10] * 7}
    for index, width in enumerate(widths.get(grid.key, [9] * grid.n_cols)):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = sheet.cell(top + grid.header_rows, 1)


def _text_sheet(workbook: Workbook, data: t.ReportData) -> None:
    sheet = workbook.active
    sheet.title = TEXT_SHEET
    sheet.column_dimensions["A"].width = 100
    sheet.cell(1, 1, data.title).font = Font(name=FONT, size=16, bold=True)
    row = 3
    for section in layout.sections(data):
        sheet.cell(row, 1, section.heading).font = Font(name=FONT, size=12, bold=True)
        row += 1
        lines = list(section.paragraphs)
        if section.grid is not None:
            lines = [f"见工作表“{SHEET_NAMES[section.heading]}”。"]
        for line in lines:
            cell = sheet.cell(row, 1, line)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.font = Font(name=FONT, size=11)
            row += 1
        row += 1


def render_xlsx(data: t.ReportData) -> bytes:
    workbook = Workbook()
    workbook.properties.title = data.title
    workbook.properties.creator = data.agency_name or "gongkai"
    _text_sheet(workbook, data)
    for grid in layout.grids(data).values():
        _table_sheet(workbook, grid)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
