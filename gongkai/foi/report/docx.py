"""The whole report as a Word document (python-docx): title, the six sections, the tables with their merges.

Merged cells are real Word merges (``w:gridSpan`` across, ``w:vMerge`` down), made from the same
grids as the XLSX and the public page (``gongkai.foi.report.layout``).
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from gongkai.foi.report import layout
from gongkai.foi.report import tables as t

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
TITLE_FONT = "宋体"
TABLE_FONT = "宋体"
TABLE_SIZE = Pt(9)


def _font(run, name: str, size: Pt | None = None, bold: bool = False) -> None:
    run.font.name = name
    # Word picks the CJK face from eastAsia; without it, Chinese text falls back to the theme font.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size is not None:
        run.font.size = size
    run.font.bold = bold


def _paragraph(document, text: str, *, font: str, size: Pt, bold: bool = False, align=None, indent: bool = False):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size.pt * 2)
    _font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _table(document, grid: layout.Grid) -> None:
    table = document.add_table(rows=grid.n_rows, cols=grid.n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Table.cell() rebuilds the whole cell list on every call; take it once (merges keep top-left cells).
    positions = table._cells
    for cell in grid.cells:
        target = positions[cell.row * grid.n_cols + cell.col]
        if cell.rowspan > 1 or cell.colspan > 1:
            last = positions[(cell.row + cell.rowspan - 1) * grid.n_cols + cell.col + cell.colspan - 1]
            target = target.merge(last)
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = target.paragraphs[0]
        left = cell.kind in (layout.LABEL, layout.NOTE)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
        _font(paragraph.add_run(cell.text), TABLE_FONT, TABLE_SIZE, bold=cell.kind in (layout.HEAD, layout.TITLE))
    # Header rows repeat at the top of each page when the table breaks across pages.
    for index in range(grid.header_rows):
        tr_pr = table.rows[index]._tr.get_or_add_trPr()
        header = tr_pr.makeelement(qn("w:tblHeader"), {})
        tr_pr.append(header)


def render_docx(data: t.ReportData) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    document.core_properties.title = data.title
    document.core_properties.author = data.agency_name

    _paragraph(document, data.title, font=TITLE_FONT, size=Pt(18), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for section in layout.sections(data):
        _paragraph(document, section.heading, font=HEADING_FONT, size=Pt(14))
        for text in section.paragraphs:
            _paragraph(document, text, font=BODY_FONT, size=Pt(14), indent=True)
        if section.grid is not None:
            _table(document, section.grid)
            document.add_paragraph()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
