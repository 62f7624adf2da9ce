"""The 双公示 Excel template: validating an import, exporting for 信用中国, the blank template.

Reading streams: openpyxl's read-only mode parses one row at a time, so a 100,000-row file is never
held in memory as cells. Two things do grow with the file: the workbook's shared-string table, which
openpyxl loads up front (every distinct text in the file, as Excel stores them), and one dict entry
per decision number for the duplicate check. Writing uses openpyxl's write-only mode, which spools
rows to a temporary file.

Nothing here stores anything: ``validate_file`` reports (and, given a ``spool``, writes the valid rows
to it for the import), ``ImportReport.iter_valid_rows`` reads the file again and yields the rows that
pass, and the caller decides whether to import them.

Field list, formats and rules: ``gongkai.enforcement.template`` (disclosure-rules.md §2.2–§2.3).
"""

import datetime
import os
import random
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from typing import BinaryIO
from zipfile import BadZipFile

from lxml import etree
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel, from_ISO8601, to_excel
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation

from gongkai.core.validators import is_valid_resident_id

from .spool import SpoolWriter
from .template import (
    EXPORT_SEPARATOR,
    ID_CARD,
    PARTY_INDIVIDUAL_BUSINESS,
    PARTY_ORGANISATION,
    PARTY_PERSON,
    WANYUAN_DECIMALS,
    FieldType,
    RecordKind,
    Requirement,
    Template,
    get_template,
    make_uscc,
    parse_date,
    validate_record,
)
from .template import (
    Field as TemplateField,
)

FileSource = str | os.PathLike[str] | bytes | BinaryIO
ProgressCallback = Callable[[int], None]

PROGRESS_EVERY = 1000
NOTES_SHEET_TITLE = "填写说明"
DATE_NUMBER_FORMAT = "yyyy/mm/dd"  # the 信用中国 templates write dates as YYYY/MM/DD [M]
WANYUAN_NUMBER_FORMAT = "0." + "0" * WANYUAN_DECIMALS
EXCEL_MAX_ROW = 1_048_576
EXCEL_MAX_COLUMN = 16_384
FILE_ROW = 0  # CellError.row for problems with the file as a whole
HEADER_ROW = 1


@dataclass(frozen=True)
class CellError:
    """One problem, located as the user sees it in Excel. ``column_letter`` is "" when the column is absent."""

    row: int
    column_letter: str
    column_label: str
    message: str

    def __str__(self) -> str:
        if self.row == FILE_ROW:
            return self.message
        where = f"第{self.row}行"
        if self.column_letter:
            where += f"{self.column_letter}列"
        return f"{where}（{self.column_label}）：{self.message}" if self.column_label else f"{where}：{self.message}"


@dataclass
class RowResult:
    """One data row: ``values`` has every field code of the template (None when blank or invalid)."""

    row_number: int
    values: dict[str, object | None]
    errors: list[CellError]

    @property
    def is_valid(self) -> bool:
        return not self.errors


class TemplateError(Exception):
    """The file cannot be read as this template at all (unreadable, or required columns missing)."""

    def __init__(self, errors: list[CellError]):
        super().__init__("；".join(str(e) for e in errors))
        self.errors = errors


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def _header_key(text: object) -> str:
    # Header cells are matched exactly up to character width, spaces, line breaks, brackets and a
    # required-marker "*": "罚款金额(万元)", "罚款金额（万元）" and "*罚款金额\n（万元）" are one column.
    normalised = unicodedata.normalize("NFKC", str(text))
    return "".join(c for c in normalised if not c.isspace() and c not in "*()").upper()


def _header_lookup(template: Template) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for f in template.fields:
        for name in (f.label, f.code, *f.header_aliases):
            lookup[_header_key(name)] = f.code
    return lookup


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _SizelessSheet(ReadOnlyWorksheet):
    """A read-only sheet that does not look for its <dimension> when opened.

    openpyxl looks for it with an "end"-event parse, so in a file whose <dimension> is missing
    or after the data (openpyxl's own write-only output, which our export and the benchmark make)
    it parses the whole sheet once just to open the workbook: a third of the check's time. The
    reader here never uses the dimension anyway (``_sheet_rows``).
    """

    def _get_size(self) -> None:
        return None


class _ExcelReader(ExcelReader):
    """``load_workbook(read_only=True)`` with ``_SizelessSheet`` worksheets (chartsheets are skipped)."""

    def read_worksheets(self) -> None:
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                continue
            worksheet = _SizelessSheet(self.wb, sheet.name, rel.target, self.shared_strings)
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


def _open_workbook(source: FileSource) -> Workbook:
    if isinstance(source, bytes | bytearray):
        source = BytesIO(source)
    elif hasattr(source, "seek"):
        source.seek(0)
    try:
        reader = _ExcelReader(source, read_only=True, data_only=True, keep_links=False)
        reader.read()
        return reader.wb
    except (BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise TemplateError(
            [CellError(FILE_ROW, "", "", "无法读取文件：请上传Excel 2007及以上版本保存的.xlsx文件（不支持.xls、.csv）")]
        ) from exc


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW_TAG = _MAIN_NS + "row"
_CELL_TAG = _MAIN_NS + "c"
_VALUE_TAG = _MAIN_NS + "v"
_INLINE_TAG = _MAIN_NS + "is"
_TEXT_TAG = _MAIN_NS + "t"
_RUN_TAG = _MAIN_NS + "r"


def _column_number(reference: str) -> int:
    number = 0
    for char in reference:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        else:
            break
    return number


def _cell_value(cell, workbook: Workbook):
    """A cell's value as openpyxl's read-only ``values_only`` gives it (data_only: cached results, not formulas)."""
    data_type = cell.get("t", "n")
    if data_type == "inlineStr":
        inline = cell.find(_INLINE_TAG)
        if inline is None:
            return None
        # Plain text and rich-text runs; phonetic runs (rPh) are not part of the value.
        parts = [t.text or "" for t in inline.iterfind(_TEXT_TAG)]
        parts += [t.text or "" for run in inline.iterfind(_RUN_TAG) for t in run.iterfind(_TEXT_TAG)]
        return "".join(parts)
    value = cell.findtext(_VALUE_TAG) or None
    if value is None:
        return None
    if data_type == "n":
        number = float(value) if ("." in value or "E" in value or "e" in value) else int(value)
        style = cell.get("s")
        if style and int(style) in workbook._date_formats:
            try:
                return from_excel(number, workbook.epoch, timedelta=int(style) in workbook._timedelta_formats)
            except (OverflowError, ValueError):
                return "#VALUE!"
        return number
    if data_type == "s":
        return workbook.shared_strings[int(value)]
    if data_type == "b":
        return bool(int(value))
    if data_type == "d":
        return from_ISO8601(value)
    return value  # "str" (a formula's text result) and "e" (an error such as #N/A)


def _sheet_rows(workbook: Workbook, sheet) -> Iterator[tuple[int, tuple]]:
    """(row number, values) for every row from 1 to the last, as ``iter_rows(values_only=True)`` after
    ``reset_dimensions()`` — but parsed with lxml straight from the sheet's XML, about three times
    faster than openpyxl's cell objects (docs/enforcement-import.md). Missing rows are empty tuples;
    a row's values run from column A to its last cell, gaps None."""
    expected = 1
    with sheet._get_source() as source:
        for _event, row in etree.iterparse(source, events=("end",), tag=_ROW_TAG, huge_tree=True):
            number = row.get("r")
            number = int(float(number)) if number else expected
            while expected < number:
                yield expected, ()
                expected += 1
            values: list = []
            column = 0
            for cell in row.iterchildren(_CELL_TAG):
                reference = cell.get("r")
                column = _column_number(reference) if reference else column + 1
                if column > len(values) + 1:
                    values.extend([None] * (column - 1 - len(values)))
                value = _cell_value(cell, workbook)
                if column == len(values) + 1:
                    values.append(value)
                else:
                    values[column - 1] = value
            yield number, tuple(values)
            expected = number + 1
            # Keep memory flat: drop the parsed row and everything before it.
            row.clear()
            parent = row.getparent()
            while row.getprevious() is not None:
                del parent[0]


class RowReader(Iterator[RowResult]):
    """Iterates the data rows of a template file, validating each; see ``read_rows``."""

    def __init__(
        self,
        source: FileSource,
        kind: RecordKind | str,
        *,
        today: datetime.date,
        progress: ProgressCallback | None = None,
        progress_every: int = PROGRESS_EVERY,
    ):
        self.template = get_template(kind)
        self.today = today
        self.rows_done = 0
        self.warnings: list[CellError] = []
        self._progress = progress
        self._progress_every = progress_every
        self._reported = 0
        self._seen: dict[str, int] = {}
        self._finished = False
        self._workbook = _open_workbook(source)
        try:
            if not self._workbook.worksheets:
                raise TemplateError([CellError(FILE_ROW, "", "", "文件中没有工作表")])
            sheet = self._workbook.worksheets[0]
            # The <dimension> some generators write is wrong, so it is never used to stop reading.
            self._rows = _sheet_rows(self._workbook, sheet)
            self._read_header()
        except BaseException:
            self.close()
            raise

    def _read_header(self) -> None:
        first = next(self._rows, None)
        cells = first[1] if first else ()
        if all(_is_blank(c) for c in cells):
            raise TemplateError([CellError(HEADER_ROW, "", "", "第1行应为表头（字段名称或字段代码），但第1行为空")])
        lookup = _header_lookup(self.template)
        self.positions: dict[str, int] = {}
        errors: list[CellError] = []
        for index, raw in enumerate(cells):
            if _is_blank(raw):
                continue
            letter = get_column_letter(index + 1)
            code = lookup.get(_header_key(raw))
            if code is None:
                text = str(raw).strip()
                self.warnings.append(CellError(HEADER_ROW, letter, text, f"未识别的列“{text}”，该列将被忽略"))
            elif code in self.positions:
                label = self.template.field(code).label
                first_letter = get_column_letter(self.positions[code] + 1)
                errors.append(CellError(HEADER_ROW, letter, label, f"列“{label}”重复：{first_letter}列和{letter}列"))
            else:
                self.positions[code] = index
        missing = [f for f in self.template.fields if f.requirement is Requirement.YES and f.code not in self.positions]
        if missing:
            errors.extend(self._header_mismatch(cells, missing))
        if errors:
            raise TemplateError(errors)
        self._letters = {code: get_column_letter(i + 1) for code, i in self.positions.items()}

    def _header_mismatch(self, cells: tuple, missing: list[TemplateField]) -> list[CellError]:
        # The wrong template, or no header at all, is one message rather than a list of every column.
        other = get_template(RecordKind.LICENSE if self.template.kind is RecordKind.PENALTY else RecordKind.PENALTY)
        other_lookup = _header_lookup(other)
        other_hits = sum(1 for c in cells if not _is_blank(c) and _header_key(c) in other_lookup)
        title = self.template.title
        if other_hits > len(self.positions):
            message = f"表头与{title}模板不符，该文件看起来是{other.title}模板，请确认导入类型"
            return [CellError(HEADER_ROW, "", "", message)]
        if not self.positions:
            message = f"第1行应为{title}模板的表头，但其中没有任何可识别的列（字段名称或字段代码）"
            return [CellError(HEADER_ROW, "", "", message)]
        return [CellError(HEADER_ROW, "", f.label, f"缺少必填列“{f.label}”") for f in missing]

    def __iter__(self) -> "RowReader":
        return self

    def __next__(self) -> RowResult:
        if self._finished:
            raise StopIteration
        positions = self.positions
        for number, cells in self._rows:
            width = len(cells)
            raw = {code: cells[i] if i < width else None for code, i in positions.items()}
            # A row with nothing in the template's columns is blank, even if a 序号 column is filled.
            if all(_is_blank(v) for v in raw.values()):
                continue
            result = self._check(number, raw)
            self.rows_done += 1
            if self._progress and self.rows_done % self._progress_every == 0:
                self._report_progress()
            return result
        self._finish()
        raise StopIteration

    def _check(self, number: int, raw: dict[str, object]) -> RowResult:
        template = self.template
        values, problems = validate_record(raw, template.kind, today=self.today)
        located = [(p.code, p.message) for p in problems]
        key = values.get(template.key_code)
        if key is not None:
            first = self._seen.setdefault(str(key), number)
            if first != number:
                label = template.field(template.key_code).label
                located.append((template.key_code, f"{label}“{key}”与第{first}行重复"))
                values[template.key_code] = None
        if len(located) > 1:
            # In the file's column order; problems of columns the file lacks go last.
            located.sort(key=lambda item: self.positions.get(item[0], EXCEL_MAX_COLUMN))
        errors = [
            CellError(number, self._letters.get(code, ""), template.field(code).label, message)
            for code, message in located
        ]
        return RowResult(row_number=number, values=values, errors=errors)

    def _report_progress(self) -> None:
        if self._progress and self._reported != self.rows_done:
            self._reported = self.rows_done
            self._progress(self.rows_done)

    def _finish(self) -> None:
        if not self._finished:
            self._finished = True
            self._report_progress()
            self.close()

    def close(self) -> None:
        self._workbook.close()

    def __enter__(self) -> "RowReader":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def read_rows(
    file: FileSource,
    kind: RecordKind | str,
    *,
    today: datetime.date,
    progress: ProgressCallback | None = None,
) -> RowReader:
    """Stream and validate the data rows of a 双公示 template file (the first worksheet).

    Row 1 is the header: each cell is a field label or a field code, in any order. Missing required
    columns (or an unreadable file) raise ``TemplateError`` at once; unknown columns are ignored and
    listed in ``reader.warnings``. Each ``RowResult`` carries the Excel row number, the cleaned values
    and the problems; fully blank rows are skipped. A decision number seen on an earlier row makes
    the later row invalid. ``progress(rows_done)`` is called every 1,000 rows and once at the end.
    ``today`` bounds the decision dates. Use the reader as a context manager, or exhaust it, so the
    file is closed.
    """
    return RowReader(file, kind, today=today, progress=progress)


@dataclass
class ImportReport:
    """The outcome of checking one file. Holds counts and problems, never the rows themselves."""

    kind: RecordKind
    today: datetime.date
    total_rows: int = 0
    valid_rows: int = 0
    invalid_rows: int = 0
    errors: list[CellError] = field(default_factory=list)
    warnings: list[CellError] = field(default_factory=list)
    error_count: int = 0  # all problems, also those beyond ``max_errors``
    _source: FileSource | None = field(default=None, repr=False)

    @property
    def file_errors(self) -> list[CellError]:
        """Problems that stop the whole file (unreadable, header); no row is importable then."""
        return [e for e in self.errors if e.row <= HEADER_ROW]

    @property
    def errors_truncated(self) -> bool:
        return self.error_count > len(self.errors)

    @property
    def can_import(self) -> bool:
        return not self.file_errors and self.valid_rows > 0

    def iter_valid_rows(self, *, progress: ProgressCallback | None = None) -> Iterator[RowResult]:
        """Read the file again and yield the rows that pass. Each row is checked again as it is read,
        so a file changed since ``validate_file`` cannot slip an invalid row through."""
        if self.file_errors or self._source is None:
            return
        with RowReader(self._source, self.kind, today=self.today, progress=progress) as reader:
            for row in reader:
                if row.is_valid:
                    yield row


def validate_file(
    file: FileSource,
    kind: RecordKind | str,
    *,
    today: datetime.date,
    progress: ProgressCallback | None = None,
    max_errors: int | None = None,
    spool: "SpoolWriter | None" = None,
) -> ImportReport:
    """Check a whole file without importing anything.

    With ``spool`` every valid row's values are written to it as they pass (``gongkai.enforcement.spool``),
    so that the import reads them from there instead of parsing and checking the workbook again.

    ``file`` is a path, the bytes, or a seekable binary file object; it must still be readable when
    ``iter_valid_rows`` is called. File-level problems (row 0 = the file, row 1 = the header) come
    first in ``errors``. With ``max_errors`` only that many problems are kept; the counts stay exact.
    """
    report = ImportReport(kind=RecordKind(kind), today=today, _source=file)
    try:
        reader = RowReader(file, kind, today=today, progress=progress)
    except TemplateError as exc:
        report.errors = list(exc.errors)
        report.error_count = len(exc.errors)
        return report
    with reader:
        report.warnings = list(reader.warnings)
        for row in reader:
            report.total_rows += 1
            if row.is_valid:
                report.valid_rows += 1
                if spool is not None:
                    spool.write(row.values)
                continue
            report.invalid_rows += 1
            report.error_count += len(row.errors)
            room = len(row.errors) if max_errors is None else max(0, max_errors - len(report.errors))
            report.errors.extend(row.errors[:room])
    return report


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def _column_width(f: TemplateField) -> float:
    if f.type is FieldType.DATE:
        return 14
    if f.type is FieldType.WANYUAN:
        return 18
    return min(40, max(12, len(f.label) * 2 + 2))


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _export_value(sheet, f: TemplateField, value: object):
    if value is None or value == "" or value == []:
        return None
    if f.type is FieldType.DATE:
        if not isinstance(value, datetime.date):
            parsed, problems = parse_date(value)
            if problems:
                raise ValueError(f"{f.code}: not a date: {value!r}")
            value = parsed
        if isinstance(value, datetime.datetime):
            value = value.date()
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = DATE_NUMBER_FORMAT
        return cell
    if f.type is FieldType.WANYUAN:
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        cell = WriteOnlyCell(sheet, amount)
        cell.number_format = WANYUAN_NUMBER_FORMAT
        return cell
    if f.type is FieldType.MULTI_ENUM and isinstance(value, list | tuple):
        value = EXPORT_SEPARATOR.join(str(v) for v in value)
    text = _text(value)
    if text.startswith("="):
        # openpyxl would store this as a formula; a 违法事实 must never run in the reader's Excel.
        cell = WriteOnlyCell(sheet, text)
        cell.data_type = "s"
        return cell
    return text


def write_rows_to(
    output: BinaryIO | str | os.PathLike[str], rows: Iterable[Mapping[str, object]], kind: RecordKind | str
) -> None:
    """Like ``write_rows``, into a file or path (for large exports served from a temporary file)."""
    template = get_template(kind)
    known = set(template.codes)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(template.title)
    for i, f in enumerate(template.fields, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = _column_width(f)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for label in template.labels:
        cell = WriteOnlyCell(sheet, label)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    fields = template.fields
    try:
        for row in rows:
            unknown = row.keys() - known
            if unknown:
                raise ValueError(f"unknown field codes for {template.kind}: {sorted(unknown)}")
            sheet.append([_export_value(sheet, f, row.get(f.code)) for f in fields])
    except BaseException:
        # End the half-written sheet and remove the temporary file it spools to; otherwise openpyxl
        # complains when the abandoned writer is garbage-collected.
        sheet.close()
        sheet._writer.cleanup()
        raise
    workbook.save(output)


def write_rows(rows: Iterable[Mapping[str, object]], kind: RecordKind | str) -> bytes:
    """The export in the template: row 1 = the labels, then one row per record, nothing else, so the
    file imports again unchanged. ``rows`` map field codes to cleaned values (as ``RowResult.values``:
    str, date, Decimal, list[str] for 处罚类别); missing codes are blank, unknown codes raise ValueError.
    Dates are date cells (yyyy/mm/dd), 万元 amounts numbers with 6 decimals, everything else text.

    This file carries identity numbers (证件号码) for 信用中国 matching; it is for reporting, not for
    publication.
    """
    buffer = BytesIO()
    write_rows_to(buffer, rows, kind)
    return buffer.getvalue()


_REQUIRED_FILL = {
    Requirement.YES: PatternFill("solid", fgColor="F8CBAD"),
    Requirement.CONDITIONAL: PatternFill("solid", fgColor="FFE699"),
    Requirement.OPTIONAL: PatternFill("solid", fgColor="DDEBF7"),
}
_LAST_DATE_SERIAL = int(to_excel(datetime.date(2099, 12, 31)))


def _data_validation(f: TemplateField) -> DataValidation | None:
    if f.type is FieldType.ENUM:
        return DataValidation(
            type="list",
            formula1='"' + ",".join(f.choices) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="输入值无效",
            error=f"{f.label}只能从下拉列表中选择：{'、'.join(f.choices)}",
            promptTitle=f.label,
            prompt=f.description or "从下拉列表中选择",
            showInputMessage=True,
        )
    if f.type is FieldType.MULTI_ENUM:
        # Several categories share one cell, so the list only offers values and must not reject "警告;罚款".
        return DataValidation(
            type="list",
            formula1='"' + ",".join(f.choices) + '"',
            allow_blank=True,
            showErrorMessage=False,
            promptTitle=f.label,
            prompt="可多选，多项之间用分号分隔，如：警告;罚款",
            showInputMessage=True,
        )
    if f.type is FieldType.WANYUAN:
        return DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="金额无效",
            error=f"{f.name}单位为万元，应为不小于0的数字，最多{WANYUAN_DECIMALS}位小数",
        )
    if f.type is FieldType.DATE:
        return DataValidation(
            type="date",
            operator="between",
            formula1="1",
            formula2=str(_LAST_DATE_SERIAL),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="日期无效",
            error="请填写日期，格式为YYYY/MM/DD或YYYY-MM-DD",
        )
    return None


def _notes(template: Template) -> list[list[object]]:
    rows: list[list[object]] = [["序号", "字段名称", "字段代码", "是否必填", "必填条件", "格式要求", "可选值", "说明"]]
    for number, f in enumerate(template.fields, start=1):
        rows.append(
            [
                number,
                f.label,
                f.code,
                f.requirement.label,
                f.condition,
                f.format_text,
                "、".join(f.choices),
                f.description,
            ]
        )
    rows.append([])
    rows.append(["填写须知"])
    for line in (
        f"1. 第1行为表头，请勿删除；从第2行起每行填写一条{template.title}记录。"
        "列的顺序可以调整，表头也可以填写字段代码。",
        "2. 日期可填写Excel日期，或文本YYYY-MM-DD、YYYY/MM/DD、YYYY年M月D日；长期有效的填2099/12/31。",
        f"3. 金额单位为万元（1万元=10000元），最多{WANYUAN_DECIMALS}位小数，例如3000元填0.3。",
        "4. 统一社会信用代码为18位，系统会核对校验位；证件类型为身份证时核对身份证号码校验位。",
        "5. 证件号码和法定代表人证件号码只用于信用信息归集比对，不会公开显示。",
        "6. 同一文件中决定书文号不得重复；模板中没有的列会被忽略。",
        "7. 身份证号码、注册号等长数字请按文本填写，数字格式超过15位会被Excel截断。",
    ):
        rows.append([line])
    return rows


def blank_template(kind: RecordKind | str) -> bytes:
    """An empty template: the header row with drop-down lists and checks on the enum, date and amount
    columns, and a second sheet 填写说明 describing each field (required or not, format, allowed values)."""
    template = get_template(kind)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = template.title
    sheet.append(list(template.labels))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    for i, f in enumerate(template.fields, start=1):
        letter = get_column_letter(i)
        header = sheet.cell(row=1, column=i)
        header.font = bold
        header.fill = _REQUIRED_FILL[f.requirement]
        header.alignment = Alignment(wrap_text=True, vertical="center")
        column = sheet.column_dimensions[letter]
        column.width = _column_width(f)
        if f.type is FieldType.DATE:
            column.number_format = DATE_NUMBER_FORMAT
        elif f.type is FieldType.WANYUAN:
            column.number_format = WANYUAN_NUMBER_FORMAT
        else:
            column.number_format = "@"  # long digit strings stay text instead of losing digits
        validation = _data_validation(f)
        if validation is not None:
            validation.add(f"{letter}2:{letter}{EXCEL_MAX_ROW}")
            sheet.add_data_validation(validation)
    notes = workbook.create_sheet(NOTES_SHEET_TITLE)
    for row in _notes(template):
        notes.append(row)
    for cell in notes[1]:
        cell.font = bold
    for letter, width in zip("ABCDEFGH", (6, 36, 16, 10, 40, 44, 40, 40), strict=True):
        notes.column_dimensions[letter].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# Sample data (benchmarks, tests, demo)
# ---------------------------------------------------------------------------

_PLACES = (
    ("贵阳", "520102"),
    ("贵阳", "520103"),
    ("遵义", "520302"),
    ("六盘水", "520201"),
    ("安顺", "520402"),
    ("毕节", "520502"),
    ("铜仁", "520602"),
    ("凯里", "522601"),
    ("都匀", "522701"),
    ("兴义", "522301"),
)
_TRADE_NAMES = (
    "黔源 鑫盛 宏达 华茂 金鼎 恒信 瑞丰 山水 绿洲 天成 中泰 联创 盘江 乌江 赤水 梵净 红枫 百花 苗岭 夜郎".split()
)
_INDUSTRIES = "化工 煤业 水泥 建材 矿业 电力 制药 酒业 环保科技 磷化工 冶金 食品 印染 汽车维修 混凝土 砂石".split()
_SUFFIXES = ("有限公司", "有限责任公司", "股份有限公司")
_SHOPS = ("汽车修理厂", "干洗店", "餐馆", "砂石场", "养殖场", "加油站", "洗车场")
_SURNAMES = "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 罗 龙 田".split()
_GIVEN = "伟 芳 娜 敏 静 强 磊 军 洋 勇 艳 杰 涛 明 超 秀英 建华 志强 海燕 国平".split()
_VIOLATIONS = (
    (
        "超标排放大气污染物",
        "经监测，该单位废气排放口颗粒物浓度超过《大气污染物综合排放标准》限值",
        "《中华人民共和国大气污染防治法》第九十九条第二项",
    ),
    (
        "未批先建",
        "该单位建设项目环境影响报告表未经审批，擅自开工建设",
        "《中华人民共和国环境影响评价法》第三十一条第一款",
    ),
    (
        "未按规定贮存危险废物",
        "现场检查发现废矿物油等危险废物露天堆放，未设置危险废物识别标志",
        "《中华人民共和国固体废物污染环境防治法》第一百一十二条第一款第六项",
    ),
    (
        "通过逃避监管的方式排放水污染物",
        "该单位私设暗管，将未经处理的生产废水直接排入外环境",
        "《中华人民共和国水污染防治法》第八十三条第三项",
    ),
    (
        "无证排污",
        "该单位未取得排污许可证排放污染物",
        "《排污许可管理条例》第三十三条第一项",
    ),
)
_PENALTY_MIXES = (
    ("罚款",),
    ("罚款",),
    ("罚款",),
    ("警告", "罚款"),
    ("罚款", "没收违法所得"),
    ("责令停产停业",),
    ("罚款", "吊销许可证件"),
    ("警告",),
)
_LICENSES = (
    ("建设项目环境影响报告书审批", "关于{name}新建项目环境影响报告书的批复", "", "普通"),
    ("建设项目环境影响报告表审批", "关于{name}技改项目环境影响报告表的批复", "", "普通"),
    ("排污许可证核发", "排污许可证", "排污许可证", "登记"),
    ("危险废物经营许可证核发", "危险废物经营许可证", "危险废物经营许可证", "核准"),
    ("辐射安全许可证核发", "辐射安全许可证", "辐射安全许可证", "核准"),
)
_LONG_TERM = datetime.date(2099, 12, 31)
_ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _organisation_code(rng: random.Random) -> str:
    """A 组织机构代码 (GB 11714-1997): 8 characters and a MOD 11 check character."""
    if rng.random() < 0.3:
        body = "MA" + "".join(rng.choice(_ORG_ALPHABET) for _ in range(6))
    else:
        body = "".join(rng.choice("0123456789") for _ in range(8))
    total = sum(int(c, 36) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def _resident_id(rng: random.Random, region: str) -> str:
    born = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 40))
    first17 = f"{region}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return next(first17 + c for c in "0123456789X" if is_valid_resident_id(first17 + c))


def _person_name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + rng.choice(_GIVEN)


AGENCY_NAME = "贵州省生态环境厅"
# A made-up but well-formed code for the demo agency (机构编制 11, 贵州 520000); not the real one.
AGENCY_USCC = make_uscc("11520000" + "MB1503262")


def generate_rows(
    n: int,
    kind: RecordKind | str,
    seed: int,
    *,
    start: datetime.date = datetime.date(2021, 7, 15),
    end: datetime.date = datetime.date(2024, 12, 31),
) -> Iterator[dict[str, object | None]]:
    """``n`` realistic, valid records (for any ``today`` ≥ ``end``), lazily, reproducible from ``seed``.

    Mostly companies (统一社会信用代码 with correct check characters), some 个体工商户 and natural
    persons (resident IDs with correct check digits); decision dates between ``start`` and ``end``;
    decision numbers unique within the run. Values are in ``RowResult.values`` form, every code present.
    """
    template = get_template(kind)
    rng = random.Random(seed)
    days = (end - start).days
    p = "CF" if template.kind is RecordKind.PENALTY else "XK"
    legal_rep = "CF_FRDB" if p == "CF" else "XK_FDDB"
    for i in range(n):
        row: dict[str, object | None] = dict.fromkeys(template.codes)
        place, region = rng.choice(_PLACES)
        roll = rng.random()
        if roll < 0.8:
            name = f"贵州{place}{rng.choice(_TRADE_NAMES)}{rng.choice(_INDUSTRIES)}{rng.choice(_SUFFIXES)}"
            row[f"{p}_XDR_LB"] = PARTY_ORGANISATION
            row[f"{p}_XDR_SHXYM"] = make_uscc("91" + region + _organisation_code(rng))
            row[legal_rep] = _person_name(rng)
        elif roll < 0.9:
            owner = _person_name(rng)
            name = f"{place}市{owner}{rng.choice(_SHOPS)}"
            row[f"{p}_XDR_LB"] = PARTY_INDIVIDUAL_BUSINESS
            row[f"{p}_XDR_SHXYM"] = make_uscc("92" + region + _organisation_code(rng))
        else:
            name = _person_name(rng)
            row[f"{p}_XDR_LB"] = PARTY_PERSON
            row[f"{p}_XDR_ZJLX"] = ID_CARD
            row[f"{p}_XDR_ZJHM"] = _resident_id(rng, region)
        row[f"{p}_XDR_MC"] = name
        decided = start + datetime.timedelta(days=rng.randrange(days + 1))
        if p == "CF":
            _fill_penalty(row, rng, i, decided)
        else:
            _fill_license(row, rng, i, decided, name)
        yield row


def _fill_penalty(row: dict[str, object | None], rng: random.Random, i: int, decided: datetime.date) -> None:
    violation, facts, basis = rng.choice(_VIOLATIONS)
    categories = list(rng.choice(_PENALTY_MIXES))
    fine = Decimal(rng.randrange(1, 2_000_000)) / Decimal(10_000)  # 0.0001–200 万元
    content = []
    if "罚款" in categories:
        row["CF_NR_FK"] = fine
        content.append(f"罚款人民币{fine}万元")
    if "没收违法所得" in categories:
        gains = Decimal(rng.randrange(1, 500_000)) / Decimal(1_000_000)
        row["CF_NR_WFFF"] = gains
        content.append(f"没收违法所得{gains}万元")
    if "吊销许可证件" in categories:
        row["CF_NR_ZKDX"] = f"排污许可证（编号{rng.randrange(10**13, 10**14)}001P）"
        content.append("吊销排污许可证")
    if "责令停产停业" in categories:
        content.append("责令停产整治")
    if "警告" in categories:
        content.insert(0, "警告")
    row.update(
        CF_WSH=f"黔环罚〔{decided.year}〕{i + 1}号",
        CF_WFXW=violation,
        CF_SY=facts,
        CF_YJ=basis,
        CF_CFLB=categories,
        CF_NR="；".join(content),
        CF_JDRQ=decided,
        CF_YXQ=_LONG_TERM if rng.random() < 0.2 else decided + datetime.timedelta(days=365),
        CF_GSJZQ=decided.replace(year=decided.year + 3) if decided.month != 2 or decided.day != 29 else None,
        CF_CFJG=AGENCY_NAME,
        CF_CFJGDM=AGENCY_USCC,
        CF_SJLY=AGENCY_NAME,
        CF_SJLYDM=AGENCY_USCC,
    )


def _fill_license(row: dict[str, object | None], rng: random.Random, i: int, decided: datetime.date, name: str) -> None:
    content, document, certificate, category = rng.choice(_LICENSES)
    years = 5 if certificate else 0
    row.update(
        XK_XKWS=document.format(name=name),
        XK_WSH=f"黔环审〔{decided.year}〕{i + 1}号",
        XK_XKLB=category,
        XK_XKZS=certificate or None,
        XK_XKBH=f"{rng.randrange(10**13, 10**14)}" if certificate else None,
        XK_NR=f"{content}：{name}",
        XK_JDRQ=decided,
        XK_YXQZ=decided,
        XK_YXQZI=decided + datetime.timedelta(days=365 * years) if years else _LONG_TERM,
        XK_XKJG=AGENCY_NAME,
        XK_XKJGDM=AGENCY_USCC,
        XK_ZT="1",
        XK_LYDW=AGENCY_NAME,
        XK_LYDWDM=AGENCY_USCC,
    )
