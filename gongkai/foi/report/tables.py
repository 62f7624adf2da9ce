"""The figures of the 政府信息公开工作年度报告, computed from the system's data (docs/annual-report.md).

The layout and every label are those of 《中华人民共和国政府信息公开工作年度报告格式》
(国办公开办函〔2021〕30号, shared/spec/ogi.md §2). ``compute(year)`` reads the database with a handful
of aggregate queries and returns a ``ReportData``; ``as_json`` turns it into nested dicts keyed by the
official row and column labels (what the command prints and what is frozen in
``AnnualReport.snapshot``); ``from_json`` reads such a snapshot back so that a published report is
rendered from its frozen figures. ``check`` lists every consistency breach: none is ever hidden.

The counting rules, including those chosen where the template is silent, are in the docstrings of
``section_two``, ``section_three`` and ``section_four``.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Count, Q
from django.utils import timezone

from gongkai.catalog.models import LegalForm, Validity
from gongkai.foi.models import AnnualReport, ApplicantType, Application, Challenge, Status
from gongkai.foi.outcomes import RULES, Group, Outcome

# --- Labels of the template ----------------------------------------------------------------

TITLE_TEMPLATE = "{agency}{year}年政府信息公开工作年度报告"

HEADING_OVERVIEW = "一、总体情况"
HEADING_PROACTIVE = "二、主动公开政府信息情况"
HEADING_APPLICATIONS = "三、收到和处理政府信息公开申请情况"
HEADING_CHALLENGES = "四、政府信息公开行政复议、行政诉讼情况"
HEADING_PROBLEMS = "五、存在的主要问题及改进情况"
HEADING_OTHER = "六、其他需要报告的事项"
SECTION_HEADINGS = (
    HEADING_OVERVIEW,
    HEADING_PROACTIVE,
    HEADING_APPLICATIONS,
    HEADING_CHALLENGES,
    HEADING_PROBLEMS,
    HEADING_OTHER,
)

# Section 二: the four sub-tables, one per item of 条例第二十条.
ITEM_ONE = "第二十条第（一）项"
ITEM_FIVE = "第二十条第（五）项"
ITEM_SIX = "第二十条第（六）项"
ITEM_EIGHT = "第二十条第（八）项"
CONTENT_LABEL = "信息内容"
ISSUED = "本年制发件数"
REPEALED = "本年废止件数"
IN_FORCE = "现行有效件数"
DECISIONS = "本年处理决定数量"
FEE_AMOUNT = "本年收费金额（单位：万元）"
RULE_LABEL = LegalForm.RULE.label  # 规章
NORMATIVE_LABEL = LegalForm.NORMATIVE.label  # 行政规范性文件
PERMITS = "行政许可"
PENALTIES = "行政处罚"
COERCIONS = "行政强制"
FEES = "行政事业性收费"

# Section 三.
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS = "申请人情况"
ORGANISATIONS = "法人或其他组织"
TOTAL = "总计"
LABEL_NEW = "一、本年新收政府信息公开申请数量"
LABEL_CARRIED = "二、上年结转政府信息公开申请数量"
LABEL_RESULTS = "三、本年度办理结果"
LABEL_CLOSED_TOTAL = "（七）总计"
LABEL_CARRY_NEXT = "四、结转下年度继续办理"

ROW_NEW = "new"
ROW_CARRIED = "carried"
ROW_CLOSED_TOTAL = "closed_total"
ROW_CARRY_NEXT = "carry_next"
TOTAL_COLUMN = "total"

# The seven numeric columns, left to right: (key, label). The keys are ApplicantType values.
COLUMNS: tuple[tuple[str, str], ...] = tuple((t.value, t.label) for t in ApplicantType) + ((TOTAL_COLUMN, TOTAL),)
APPLICANT_COLUMNS = tuple(key for key, _ in COLUMNS if key != TOTAL_COLUMN)
COLUMN_LABELS = dict(COLUMNS)

# Section 四.
RECONSIDERATION = "行政复议"
LITIGATION = "行政诉讼"
DIRECT = "未经复议直接起诉"
AFTER = "复议后起诉"
CHALLENGE_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (Challenge.Kind.RECONSIDERATION.value, (RECONSIDERATION,)),
    (Challenge.Kind.LITIGATION_DIRECT.value, (LITIGATION, DIRECT)),
    (Challenge.Kind.LITIGATION_AFTER.value, (LITIGATION, AFTER)),
)
CHALLENGE_COLUMNS: tuple[tuple[str, str], ...] = tuple((r.value, r.label) for r in Challenge.Result if r.value) + (
    (TOTAL_COLUMN, TOTAL),
)
# Result.PENDING sits last among the four results in the template (…其他结果 / 尚未审结 / 总计).
assert [label for _, label in CHALLENGE_COLUMNS] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


@dataclass(frozen=True)
class RowSpec:
    """One of the 25 data rows of section 三: a stable key and its labels, outermost first."""

    key: str
    path: tuple[str, ...]


def _row_specs() -> tuple[RowSpec, ...]:
    groups = list(Group)
    outcomes = sorted(Outcome, key=lambda o: (groups.index(RULES[o].group), list(Outcome).index(o)))
    per_group = {g: sum(1 for o in outcomes if RULES[o].group is g) for g in groups}
    rows = [RowSpec(ROW_NEW, (LABEL_NEW,)), RowSpec(ROW_CARRIED, (LABEL_CARRIED,))]
    for outcome in outcomes:
        rule = RULES[outcome]
        if per_group[rule.group] == 1:
            # （一）予以公开 and （二）部分公开 are rows of their own, without numbered sub-rows.
            rows.append(RowSpec(outcome.value, (LABEL_RESULTS, rule.group.label)))
        else:
            rows.append(RowSpec(outcome.value, (LABEL_RESULTS, rule.group.label, rule.row_label)))
    rows.append(RowSpec(ROW_CLOSED_TOTAL, (LABEL_RESULTS, LABEL_CLOSED_TOTAL)))
    rows.append(RowSpec(ROW_CARRY_NEXT, (LABEL_CARRY_NEXT,)))
    return tuple(rows)


ROWS = _row_specs()
OUTCOME_ROWS = tuple(row for row in ROWS if row.key in RULES)
assert len(ROWS) == 25 and len(OUTCOME_ROWS) == 21


# --- The data --------------------------------------------------------------------------------


@dataclass
class DocumentCounts:
    """第二十条第（一）项: one row (规章 or 行政规范性文件)."""

    issued: int = 0
    repealed: int = 0
    in_force: int = 0


@dataclass
class SectionTwo:
    rules: DocumentCounts = field(default_factory=DocumentCounts)
    normative: DocumentCounts = field(default_factory=DocumentCounts)
    permits: int = 0
    penalties: int = 0
    coercions: int = 0
    fees: Decimal = Decimal("0")  # 万元


@dataclass
class SectionThree:
    """Row key (see ``ROWS``) → column key (see ``COLUMNS``) → number of applications."""

    cells: dict[str, dict[str, int]]

    def row(self, key: str) -> list[int]:
        return [self.cells[key][column] for column, _ in COLUMNS]


@dataclass
class SectionFour:
    """Challenge kind → result key (see ``CHALLENGE_COLUMNS``) → number of cases."""

    cells: dict[str, dict[str, int]]

    def numbers(self) -> list[int]:
        """The one data row of the table: 15 numbers, left to right."""
        return [self.cells[kind][column] for kind, _ in CHALLENGE_KINDS for column, _ in CHALLENGE_COLUMNS]


@dataclass
class ReportData:
    year: int
    agency_name: str
    section_two: SectionTwo
    section_three: SectionThree
    section_four: SectionFour
    overview: str = ""
    problems: str = ""
    other_matters: str = ""
    breaches: list[str] = field(default_factory=list)
    frozen: bool = False  # read from a published snapshot rather than computed now

    @property
    def title(self) -> str:
        return TITLE_TEMPLATE.format(agency=self.agency_name, year=self.year)


def _empty_three() -> dict[str, dict[str, int]]:
    return {row.key: {column: 0 for column, _ in COLUMNS} for row in ROWS}


def _empty_four() -> dict[str, dict[str, int]]:
    return {kind: {column: 0 for column, _ in CHALLENGE_COLUMNS} for kind, _ in CHALLENGE_KINDS}


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# --- Section 二 ---------------------------------------------------------------------------------

SectionTwoSource = Callable[[int], int]
SECTION_TWO_KEYS = (PERMITS, PENALTIES, COERCIONS)
_section_two_sources: dict[str, SectionTwoSource] = {}


def register_section_two_source(key: str, source: SectionTwoSource) -> None:
    """Let another app supply 本年处理决定数量 of 行政许可, 行政处罚 or 行政强制 (``source(year) -> int``).

    The enforcement app registers its counters here from its ``AppConfig.ready()``; until then the
    three rows are 0. A second registration for the same key replaces the first.
    """
    if key not in SECTION_TWO_KEYS:
        raise ValueError(f"未知的统计项“{key}”，可选：{'、'.join(SECTION_TWO_KEYS)}。")
    _section_two_sources[key] = source


def unregister_section_two_source(key: str) -> None:
    _section_two_sources.pop(key, None)


def _from_source(key: str, year: int) -> int:
    source = _section_two_sources.get(key)
    if source is None:
        return 0
    value = source(year)
    # A provider's bug must show, not turn into a plausible-looking figure.
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"“{key}”的统计来源返回了无效的数量：{value!r}。")
    return value


def _ceased_on(item: dict, superseding: dict[int, datetime.date]) -> datetime.date | None:
    """The day a repealed or expired item stopped being in force, or None while it is in force."""
    if item["validity"] not in (Validity.REPEALED, Validity.EXPIRED):
        return None
    day = superseding.get(item["superseded_by_id"]) if item["superseded_by_id"] else None
    if day is not None:
        return day
    # Fallback: marking an item 已废止 means editing and republishing it, so its last publication
    # is the nearest recorded date of the repeal.
    if item["last_published_at"] is not None:
        return timezone.localdate(item["last_published_at"])
    return item["published_date"]


def section_two(year: int, report: AnnualReport | None = None) -> SectionTwo:
    """Section 二 — 主动公开政府信息情况.

    第（一）项 counts live disclosure items (not aliases) whose 文件性质 (``legal_form``) is 规章 or
    行政规范性文件:

    - 本年制发件数: 发布日期 (``published_date``) in the year.
    - 本年废止件数: 有效性 已废止, repealed in the year. The repeal date is the 发布日期 of the item
      in 修订或废止文件 (``superseded_by``: the repealing decision), or that page's first
      publication if it is not a disclosure item; without a linked page, the local date of the
      item's own last publication (when it was marked 已废止).
    - 现行有效件数: published on or before 31 December and not repealed or expired by then
      (same dates as above). 已修订 counts as in force: the item stays in force as amended, and the
      amending document is counted as an issue of its own. 已失效 is not counted as 废止 but leaves
      the in-force count from the same date.

    第（五）（六）项 come from ``register_section_two_source`` providers (0 until one is registered);
    第（八）项 is ``AnnualReport.administrative_fees`` in 万元, entered by the office.
    """
    from wagtail.models import Page

    from gongkai.portal.models import ArticlePage

    start, end = _year_bounds(year)
    items = list(
        ArticlePage.objects.live()
        .filter(alias_of__isnull=True, published_date__isnull=False, published_date__lte=end)
        .filter(legal_form__in=[LegalForm.RULE, LegalForm.NORMATIVE])
        .values("legal_form", "published_date", "validity", "superseded_by_id", "last_published_at")
        .order_by()
    )
    superseding_ids = {item["superseded_by_id"] for item in items if item["superseded_by_id"]}
    superseding: dict[int, datetime.date] = {}
    if superseding_ids:
        for pk, first in Page.objects.filter(pk__in=superseding_ids).values_list("pk", "first_published_at"):
            if first is not None:
                superseding[pk] = timezone.localdate(first)
        dated = ArticlePage.objects.filter(pk__in=superseding_ids, published_date__isnull=False)
        superseding.update(dated.values_list("pk", "published_date"))

    counts = {LegalForm.RULE.value: DocumentCounts(), LegalForm.NORMATIVE.value: DocumentCounts()}
    for item in items:
        row = counts[item["legal_form"]]
        ceased = _ceased_on(item, superseding)
        if item["published_date"] >= start:
            row.issued += 1
        if item["validity"] == Validity.REPEALED and ceased is not None and start <= ceased <= end:
            row.repealed += 1
        if ceased is None or ceased > end:
            row.in_force += 1
    return SectionTwo(
        rules=counts[LegalForm.RULE.value],
        normative=counts[LegalForm.NORMATIVE.value],
        permits=_from_source(PERMITS, year),
        penalties=_from_source(PENALTIES, year),
        coercions=_from_source(COERCIONS, year),
        fees=report.administrative_fees if report is not None else Decimal("0"),
    )


# --- Section 三 ---------------------------------------------------------------------------------


def _counted_applications():
    """Applications that exist for the report: received (a receipt date) and not an invalid submission.

    An online submission not yet confirmed has no receipt date and no clock; an invalid one (empty,
    test, double click) is no application at all. Neither is counted anywhere.
    """
    return Application.objects.exclude(status=Status.INVALID).filter(received_on__isnull=False)


def section_three(year: int) -> tuple[SectionThree, list[str]]:
    """Section 三 — 收到和处理政府信息公开申请情况; returns the table and what could not be classified.

    Columns: the applicant's ``applicant_type``. Rows:

    - 一 本年新收: receipt date (``received_on``) in the year.
    - 二 上年结转: received before 1 January and not closed before 1 January.
    - 三 本年度办理结果: closed (``closed_on``) in the year, in the row of its ``outcome``
      (``outcomes.RULES``: each outcome is exactly one row); （七）总计 is the sum of those rows.
    - 四 结转下年度继续办理: received on or before 31 December and not closed by 31 December.

    One aggregate query (GROUP BY applicant_type, outcome) over the applications alive at some time
    in the year. A closed case without a known outcome, or an unknown applicant type, is reported
    as a breach rather than put in a guessed row.
    """
    start, end = _year_bounds(year)
    alive = (
        _counted_applications().filter(received_on__lte=end).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    )
    groups = (
        alive.values("applicant_type", "outcome")
        .annotate(
            new=Count("pk", filter=Q(received_on__gte=start)),
            carried=Count("pk", filter=Q(received_on__lt=start)),
            closed=Count("pk", filter=Q(closed_on__lte=end)),
            carry_next=Count("pk", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=end)),
        )
        .order_by()  # the model's default ordering would otherwise join the GROUP BY
    )
    cells = _empty_three()
    problems: list[str] = []
    for group in groups:
        column = group["applicant_type"]
        if column not in APPLICANT_COLUMNS:
            count = group["new"] + group["carried"]
            problems.append(f"三、有{count}件申请的申请人类型“{column}”无法归入任何一列，未计入。")
            continue
        cells[ROW_NEW][column] += group["new"]
        cells[ROW_CARRIED][column] += group["carried"]
        cells[ROW_CARRY_NEXT][column] += group["carry_next"]
        if group["closed"]:
            if group["outcome"] in cells and group["outcome"] in RULES:
                cells[group["outcome"]][column] += group["closed"]
            else:
                problems.append(
                    f"三、{COLUMN_LABELS[column]}列有{group['closed']}件本年办结的申请没有可识别的办理结果"
                    f"（“{group['outcome']}”），未计入任何一行。"
                )
    _fill_totals(cells)
    return SectionThree(cells=cells), problems


def _fill_totals(cells: dict[str, dict[str, int]]) -> None:
    for column in APPLICANT_COLUMNS:
        cells[ROW_CLOSED_TOTAL][column] = sum(cells[row.key][column] for row in OUTCOME_ROWS)
    for row in ROWS:
        cells[row.key][TOTAL_COLUMN] = sum(cells[row.key][column] for column in APPLICANT_COLUMNS)


def carry_next(year: int) -> dict[str, int]:
    """Row 四 of ``year`` (结转下年度继续办理) per column, from the data as it is now."""
    end = _year_bounds(year)[1]
    open_at_end = (
        _counted_applications().filter(received_on__lte=end).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    )
    counts = dict(open_at_end.values_list("applicant_type").annotate(n=Count("pk")).order_by())
    row = {column: counts.get(column, 0) for column in APPLICANT_COLUMNS}
    row[TOTAL_COLUMN] = sum(row.values())
    return row


# --- Section 四 ---------------------------------------------------------------------------------


def section_four(year: int) -> SectionFour:
    """Section 四 — 政府信息公开行政复议、行政诉讼情况.

    A case (``Challenge``) counts in year Y if it was filed (立案) in Y, or filed before Y and still
    pending on 1 January of Y (the template has no carried-over row, so a case pending across the
    year end appears in both years). Its column is its result if it was concluded by 31 December
    of Y, otherwise 尚未审结. Each group's 总计 is the sum of its four results.
    """
    start, end = _year_bounds(year)
    counted = Challenge.objects.filter(filed_on__lte=end).filter(
        Q(concluded_on__isnull=True) | Q(concluded_on__gte=start)
    )
    cells = _empty_four()
    rows = counted.values("kind", "result").annotate(
        all=Count("pk"), concluded=Count("pk", filter=Q(concluded_on__lte=end))
    )
    for row in rows.order_by():
        if row["kind"] not in cells:
            continue
        kind = cells[row["kind"]]
        if row["result"] != Challenge.Result.PENDING and row["result"] in kind:
            kind[row["result"]] += row["concluded"]
            kind[Challenge.Result.PENDING] += row["all"] - row["concluded"]
        else:
            kind[Challenge.Result.PENDING] += row["all"]
    for kind in cells.values():
        kind[TOTAL_COLUMN] = sum(n for column, n in kind.items() if column != TOTAL_COLUMN)
    return SectionFour(cells=cells)


# --- The whole report -------------------------------------------------------------------------


def _agency_name() -> str:
    from gongkai.org.models import Agency

    agency = Agency.current()
    return agency.name if agency else ""


def compute(year: int) -> ReportData:
    """Every figure of the ``year`` report from the data as it is now, with the consistency breaches."""
    report = AnnualReport.objects.filter(year=year).first()
    three, problems = section_three(year)
    data = ReportData(
        year=year,
        agency_name=_agency_name(),
        section_two=section_two(year, report),
        section_three=three,
        section_four=section_four(year),
        overview=report.overview if report else "",
        problems=report.problems if report else "",
        other_matters=report.other_matters if report else "",
    )
    data.breaches = problems + check(data)
    return data


def previous_carry_next(year: int) -> tuple[dict[str, int], str]:
    """Last year's row 四 and where it comes from: the published snapshot if there is one, else the data."""
    previous = AnnualReport.objects.filter(year=year - 1, published_at__isnull=False, snapshot__isnull=False).first()
    if previous is not None:
        try:
            row = from_json(previous.snapshot).section_three.cells[ROW_CARRY_NEXT]
        except ValueError as exc:
            raise ValueError(f"{year - 1}年度已发布报告的数据无法读取：{exc}") from None
        return row, f"{year - 1}年度已发布报告"
    return carry_next(year - 1), f"按现有数据计算的{year - 1}年度"


def check(data: ReportData, previous: tuple[dict[str, int], str] | None = None) -> list[str]:
    """Every consistency rule of the template, and those its layout implies (ogi.md §2.2), as breaches.

    - per column: 一 + 二 = 三（七）总计 + 四 (stated in the template);
    - per column: （七）总计 = the sum of rows （一） to （六）;
    - per row: 总计 = 自然人 + the five 法人或其他组织 columns;
    - per column: this year's 二 = last year's 四 (``previous``; looked up when not given);
    - section 四: each group's 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
    """
    breaches: list[str] = []
    cells = data.section_three.cells
    for column, label in COLUMNS:
        received = cells[ROW_NEW][column] + cells[ROW_CARRIED][column]
        handled = cells[ROW_CLOSED_TOTAL][column] + cells[ROW_CARRY_NEXT][column]
        if received != handled:
            breaches.append(
                f"三、{label}列：第一项加第二项之和（{received}）不等于第三项（七）总计加第四项之和（{handled}）。"
            )
        outcomes = sum(cells[row.key][column] for row in OUTCOME_ROWS)
        if outcomes != cells[ROW_CLOSED_TOTAL][column]:
            breaches.append(
                f"三、{label}列：（七）总计（{cells[ROW_CLOSED_TOTAL][column]}）不等于（一）至（六）各项之和（{outcomes}）。"
            )
    for row in ROWS:
        parts = sum(cells[row.key][column] for column in APPLICANT_COLUMNS)
        if parts != cells[row.key][TOTAL_COLUMN]:
            breaches.append(
                f"三、“{row.path[-1]}”行：总计（{cells[row.key][TOTAL_COLUMN]}）不等于自然人与法人或其他组织各列之和（{parts}）。"
            )
    if previous is None:
        try:
            previous = previous_carry_next(data.year)
        except ValueError as exc:
            breaches.append(f"三、无法核对上年结转：{exc}")
    if previous is not None:
        row, source = previous
        for column, label in COLUMNS:
            if row.get(column) != cells[ROW_CARRIED][column]:
                breaches.append(
                    f"三、{label}列：本年“上年结转”（{cells[ROW_CARRIED][column]}）与{source}"
                    f"“结转下年度继续办理”（{row.get(column)}）不一致。"
                )
    for kind, path in CHALLENGE_KINDS:
        numbers = data.section_four.cells[kind]
        parts = sum(numbers[column] for column, _ in CHALLENGE_COLUMNS if column != TOTAL_COLUMN)
        if parts != numbers[TOTAL_COLUMN]:
            breaches.append(f"四、{'·'.join(path)}：总计（{numbers[TOTAL_COLUMN]}）不等于四种结果之和（{parts}）。")
    return breaches


# --- JSON -----------------------------------------------------------------------------------------

KEY_YEAR = "年度"
KEY_TITLE = "报告名称"
KEY_AGENCY = "机构名称"


def fee_text(amount: Decimal) -> str:
    """万元 without trailing zeros: 12.3400 → "12.34", 0.0000 → "0"."""
    text = f"{amount:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _nest(target: dict, path: tuple[str, ...], value) -> None:
    for label in path[:-1]:
        target = target.setdefault(label, {})
    target[path[-1]] = value


def as_json(data: ReportData) -> dict:
    """Every cell, keyed by the template's own row and column labels (JSON-safe; fees as a string)."""
    two = data.section_two
    section_two_json = {
        ITEM_ONE: {
            label: {ISSUED: counts.issued, REPEALED: counts.repealed, IN_FORCE: counts.in_force}
            for label, counts in ((RULE_LABEL, two.rules), (NORMATIVE_LABEL, two.normative))
        },
        ITEM_FIVE: {PERMITS: {DECISIONS: two.permits}},
        ITEM_SIX: {PENALTIES: {DECISIONS: two.penalties}, COERCIONS: {DECISIONS: two.coercions}},
        # A string: 万元 with up to four decimals must not pass through a binary float.
        ITEM_EIGHT: {FEES: {FEE_AMOUNT: fee_text(two.fees)}},
    }
    section_three_json: dict = {}
    for row in ROWS:
        cells = data.section_three.cells[row.key]
        _nest(section_three_json, row.path, {label: cells[column] for column, label in COLUMNS})
    section_four_json: dict = {}
    for kind, path in CHALLENGE_KINDS:
        cells = data.section_four.cells[kind]
        _nest(section_four_json, path, {label: cells[column] for column, label in CHALLENGE_COLUMNS})
    return {
        KEY_YEAR: data.year,
        KEY_AGENCY: data.agency_name,
        KEY_TITLE: data.title,
        HEADING_PROACTIVE: section_two_json,
        HEADING_APPLICATIONS: section_three_json,
        HEADING_CHALLENGES: section_four_json,
    }


def _get(payload: dict, path: tuple[str, ...]):
    value = payload
    for label in path:
        if not isinstance(value, dict) or label not in value:
            raise ValueError(f"缺少“{'／'.join(path)}”。")
        value = value[label]
    return value


def _count(payload: dict, path: tuple[str, ...]) -> int:
    value = _get(payload, path)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"“{'／'.join(path)}”不是非负整数：{value!r}。")
    return value


def from_json(payload: dict, *, report: AnnualReport | None = None) -> ReportData:
    """Read back what ``as_json`` wrote (a frozen snapshot); raises ValueError, in Chinese, if malformed.

    Totals are read as stored, not recomputed, so that ``check`` sees a tampered or damaged snapshot.
    """
    if not isinstance(payload, dict):
        raise ValueError("数据不是对象。")
    two = (HEADING_PROACTIVE,)
    fee_raw = _get(payload, two + (ITEM_EIGHT, FEES, FEE_AMOUNT))
    try:
        fees = Decimal(str(fee_raw))
    except InvalidOperation:
        raise ValueError(f"“{FEE_AMOUNT}”不是数字：{fee_raw!r}。") from None
    section_two_data = SectionTwo(
        rules=DocumentCounts(*(_count(payload, two + (ITEM_ONE, RULE_LABEL, c)) for c in (ISSUED, REPEALED, IN_FORCE))),
        normative=DocumentCounts(
            *(_count(payload, two + (ITEM_ONE, NORMATIVE_LABEL, c)) for c in (ISSUED, REPEALED, IN_FORCE))
        ),
        permits=_count(payload, two + (ITEM_FIVE, PERMITS, DECISIONS)),
        penalties=_count(payload, two + (ITEM_SIX, PENALTIES, DECISIONS)),
        coercions=_count(payload, two + (ITEM_SIX, COERCIONS, DECISIONS)),
        fees=fees,
    )
    three = {
        row.key: {column: _count(payload, (HEADING_APPLICATIONS, *row.path, label)) for column, label in COLUMNS}
        for row in ROWS
    }
    four = {
        kind: {column: _count(payload, (HEADING_CHALLENGES, *path, label)) for column, label in CHALLENGE_COLUMNS}
        for kind, path in CHALLENGE_KINDS
    }
    year = payload.get(KEY_YEAR)
    if isinstance(year, bool) or not isinstance(year, int):
        raise ValueError(f"缺少“{KEY_YEAR}”。")
    return ReportData(
        year=year,
        agency_name=str(payload.get(KEY_AGENCY, "")),
        section_two=section_two_data,
        section_three=SectionThree(cells=three),
        section_four=SectionFour(cells=four),
        overview=report.overview if report else "",
        problems=report.problems if report else "",
        other_matters=report.other_matters if report else "",
        frozen=True,
    )


def report_data(report: AnnualReport) -> ReportData:
    """What the report shows: its frozen snapshot once published, otherwise the figures as they are now."""
    if report.published_at is not None and report.snapshot is not None:
        data = from_json(report.snapshot, report=report)
        data.breaches = check(data)
        return data
    return compute(report.year)
