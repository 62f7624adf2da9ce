"""The three tables of the report as grids of cells with their merges, exactly as the template prints them.

DOCX, XLSX and the public HTML page all draw these grids, so the three cannot drift apart: a
``Cell`` has its top-left position, its row and column span, and what it is (a note, a header, a
row label or a number).
"""

from dataclasses import dataclass
from decimal import Decimal

from gongkai.foi.report import tables as t

NOTE = "note"
TITLE = "title"  # the 第二十条第（X）项 rows of section 二
HEAD = "head"  # column headers
LABEL = "label"  # row labels
NUMBER = "number"


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    text: str
    kind: str
    rowspan: int = 1
    colspan: int = 1
    value: int | Decimal | None = None

    @property
    def is_header(self) -> bool:
        return self.kind in (TITLE, HEAD, LABEL)

    @property
    def scope(self) -> str:
        """The HTML ``scope`` of a header cell."""
        if self.kind == LABEL:
            return "rowgroup" if self.rowspan > 1 else "row"
        return "colgroup" if self.colspan > 1 else "col"


@dataclass(frozen=True)
class Grid:
    key: str
    heading: str
    n_rows: int
    n_cols: int
    header_rows: int  # rows at the top that are column headers (0: headers are interleaved)
    cells: tuple[Cell, ...]

    def rows(self) -> list[list[Cell]]:
        """Cells by row, left to right, each only in the row where it starts (as HTML wants them)."""
        by_row: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            by_row[cell.row].append(cell)
        return [sorted(row, key=lambda c: c.col) for row in by_row]

    @property
    def head(self) -> list[list[Cell]]:
        return self.rows()[: self.header_rows]

    @property
    def body(self) -> list[list[Cell]]:
        return self.rows()[self.header_rows :]

    def merges(self) -> list[Cell]:
        return [c for c in self.cells if c.rowspan > 1 or c.colspan > 1]


def _number(row: int, col: int, value: int | Decimal, colspan: int = 1) -> Cell:
    text = t.fee_text(value) if isinstance(value, Decimal) else str(value)
    return Cell(row, col, text, NUMBER, colspan=colspan, value=value)


def section_two_grid(data: t.ReportData) -> Grid:
    """Four sub-tables in one 4-column table: a title row each, single-value columns spanning 3."""
    two = data.section_two
    cells: list[Cell] = []
    row = 0

    def title(text: str) -> None:
        nonlocal row
        cells.append(Cell(row, 0, text, TITLE, colspan=4))
        row += 1

    title(t.ITEM_ONE)
    cells += [Cell(row, 0, t.CONTENT_LABEL, HEAD)] + [
        Cell(row, i + 1, label, HEAD) for i, label in enumerate((t.ISSUED, t.REPEALED, t.IN_FORCE))
    ]
    row += 1
    for label, counts in ((t.RULE_LABEL, two.rules), (t.NORMATIVE_LABEL, two.normative)):
        cells.append(Cell(row, 0, label, LABEL))
        cells += [_number(row, i + 1, n) for i, n in enumerate((counts.issued, counts.repealed, counts.in_force))]
        row += 1
    for item, column, values in (
        (t.ITEM_FIVE, t.DECISIONS, ((t.PERMITS, two.permits),)),
        (t.ITEM_SIX, t.DECISIONS, ((t.PENALTIES, two.penalties), (t.COERCIONS, two.coercions))),
        (t.ITEM_EIGHT, t.FEE_AMOUNT, ((t.FEES, two.fees),)),
    ):
        title(item)
        cells += [Cell(row, 0, t.CONTENT_LABEL, HEAD), Cell(row, 1, column, HEAD, colspan=3)]
        row += 1
        for label, value in values:
            cells += [Cell(row, 0, label, LABEL), _number(row, 1, value, colspan=3)]
            row += 1
    return Grid("section-two", t.HEADING_PROACTIVE, row, 4, 0, tuple(cells))


def section_three_grid(data: t.ReportData) -> Grid:
    """3 label columns + 7 numbers; 3 header rows; 25 data rows, 三、本年度办理结果 spanning 22."""
    n_label = 3
    organisation_columns = [
        label for key, label in t.COLUMNS if key not in (t.ApplicantType.NATURAL_PERSON, t.TOTAL_COLUMN)
    ]
    cells = [
        Cell(0, 0, t.NOTE, NOTE, rowspan=3, colspan=3),
        Cell(0, n_label, t.APPLICANTS, HEAD, colspan=7),
        Cell(1, n_label, t.COLUMN_LABELS[t.ApplicantType.NATURAL_PERSON], HEAD, rowspan=2),
        Cell(1, n_label + 1, t.ORGANISATIONS, HEAD, colspan=5),
        Cell(1, n_label + 6, t.TOTAL, HEAD, rowspan=2),
    ]
    cells += [Cell(2, n_label + 1 + i, label, HEAD) for i, label in enumerate(organisation_columns)]

    rows = t.ROWS
    first = 3
    # Row spans of the label cells: how many consecutive rows share a label at that depth.
    for depth in range(n_label):
        index = 0
        while index < len(rows):
            path = rows[index].path
            if len(path) <= depth:
                index += 1
                continue
            span = 1
            while index + span < len(rows) and rows[index + span].path[: depth + 1] == path[: depth + 1]:
                span += 1
            # The last label of a path fills the label columns to its right.
            colspan = n_label - depth if len(path) == depth + 1 else 1
            cells.append(Cell(first + index, depth, path[depth], LABEL, rowspan=span, colspan=colspan))
            index += span
    for index, spec in enumerate(rows):
        values = data.section_three.row(spec.key)
        cells += [_number(first + index, n_label + i, n) for i, n in enumerate(values)]
    return Grid("section-three", t.HEADING_APPLICATIONS, first + len(rows), n_label + 7, first, tuple(cells))


def section_four_grid(data: t.ReportData) -> Grid:
    """15 columns: 行政复议 ×5 | 行政诉讼 ×10 (未经复议直接起诉 ×5, 复议后起诉 ×5); 3 header rows, 1 data row."""
    labels = [label for _, label in t.CHALLENGE_COLUMNS]
    cells = [Cell(0, 0, t.RECONSIDERATION, HEAD, colspan=5), Cell(0, 5, t.LITIGATION, HEAD, colspan=10)]
    cells += [Cell(1, i, label, HEAD, rowspan=2) for i, label in enumerate(labels)]
    cells += [Cell(1, 5, t.DIRECT, HEAD, colspan=5), Cell(1, 10, t.AFTER, HEAD, colspan=5)]
    cells += [Cell(2, 5 + i, label, HEAD) for i, label in enumerate(labels * 2)]
    cells += [_number(3, i, n) for i, n in enumerate(data.section_four.numbers())]
    return Grid("section-four", t.HEADING_CHALLENGES, 4, 15, 3, tuple(cells))


def grids(data: t.ReportData) -> dict[str, Grid]:
    """The tables by the heading of the section they belong to."""
    return {
        t.HEADING_PROACTIVE: section_two_grid(data),
        t.HEADING_APPLICATIONS: section_three_grid(data),
        t.HEADING_CHALLENGES: section_four_grid(data),
    }


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    grid: Grid | None = None


def sections(data: t.ReportData) -> list[Section]:
    """The six sections in order: prose for 一、五、六, a table for 二、三、四."""
    texts = prose(data)
    tables = grids(data)
    return [Section(h, tuple(texts.get(h, ())), tables.get(h)) for h in t.SECTION_HEADINGS]


def prose(data: t.ReportData) -> dict[str, list[str]]:
    """The prose sections' paragraphs by heading (一、五、六), one paragraph per non-empty line."""

    def paragraphs(text: str) -> list[str]:
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    return {
        t.HEADING_OVERVIEW: paragraphs(data.overview),
        t.HEADING_PROBLEMS: paragraphs(data.problems),
        t.HEADING_OTHER: paragraphs(data.other_matters),
    }
