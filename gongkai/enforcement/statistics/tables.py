"""The figures of the 行政执法统计年报 for one year, computed from the enforcement records.

国办发〔2018〕118号 asks every enforcement body to publish last year's overall enforcement data by
31 January (disclosure-rules.md §1.1). ``compute(year)`` reads the database with a fixed handful of
GROUP BY queries — their number does not grow with the records — and returns an
``EnforcementStatistics``: the whole agency and each 执法处室 (``Unit``), the publication figures per
执法类别, and every consistency check with its result (``checks``: a breach is shown, never hidden).
``as_json`` keys every figure by the label printed on the page; ``tables`` lays the same figures out
as the tables that the page and the workbook show.

What counts in year Y (the rules chosen where 118号 is silent are in docs/enforcement-statistics.md):

- decisions, penalties, fines and publication: decisions whose 决定日期 lies in Y, published or not;
- withdrawals: 撤下日期 in Y; early ends after 信用修复: 提前停止公示日期 in Y (of any decision year);
- 双随机: draws whose 抽取时间 (Beijing time) lies in Y.

Only counts and sums are read: no name, number or text of a decision ever reaches this module's output.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db.models import Count, IntegerField, Q, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone

from gongkai.calendar import services as calendar
from gongkai.enforcement import rules
from gongkai.enforcement.models import Decision, Kind, PartyCategory, PenaltyType, Withdrawal, WithdrawalReason
from gongkai.enforcement.models_draw import Draw, InspectionOutcome

# 118号 dates from 2018-12-05: the first annual report it asks for is that of 2018; 2000 leaves room
# for records entered from older files, and nothing before it is a plausible year for this platform.
FIRST_YEAR = 2000
CACHE_SECONDS = 3600
# Bump the version when the figures' definitions change, so that no cached old shape is served.
CACHE_KEY = "enforcement:statistics:v1:{year}"

ORDER_118_SHORT = "国办发〔2018〕118号"
TITLE_TEMPLATE = "{agency}{year}年行政执法统计年报"

# --- Labels: the JSON keys, the table headings and the page's column headers -------------------

KEY_YEAR = "年度"
KEY_AGENCY = "机构名称"
KEY_TITLE = "报告名称"
KEY_AS_OF = "统计日期"
KEY_DUE = "公开期限"
KEY_TOTAL = "合计"
KEY_BY_KIND = "按执法类别公开情况"
KEY_DEPARTMENTS = "各处室"
KEY_DEPARTMENT = "处室"
KEY_DEPARTMENT_CODE = "处室代码"
KEY_CHECKS = "勾稽关系"
KEY_CHECK = "检查项"
KEY_RESULT = "结果"
KEY_DETAIL = "说明"
PASSED, FAILED = "相符", "不符"

DECISIONS = "执法决定数量"
TOTAL = "合计"

PENALTIES = "行政处罚"
PENALTY_DECISIONS = "处罚决定数（不重复计）"
BY_TYPE = "按处罚类别"
TYPE_MENTIONS = "按处罚类别累计"
BY_PARTY = "按行政相对人类别"
FINES = "罚款金额（万元）"
CONFISCATIONS = "没收违法所得、没收非法财物的金额（万元）"

PUBLICATION = "公开情况"
PUB_DECISIONS = "决定总数"
PUB_WITHHELD = "依规不予公开"
PUB_DUE = "应公开"
PUB_PUBLISHED = "已公开"
PUB_ON_TIME = "按时公开"
PUB_LATE = "逾期公开"
PUB_UNPUBLISHED = "未公开"
PUB_OVERDUE = "其中逾期未公开"
PUB_PENDING = "其中未到公开期限"
PUB_RATE = "按时公开率"

WITHDRAWALS = "撤下公示"
BY_REASON = "按撤下事由"
WD_TOTAL = "合计"
WD_ON_TIME = "按时撤下"
WD_LATE = "逾期撤下"
EARLY_ENDS = "信用修复后提前停止公示"

DRAWS = "双随机抽查"
DRAW_RUNS = "抽查次数"
DRAW_TARGETS = "抽中检查对象"
DRAW_OUTCOMES = "已录入检查结果"
DRAW_ISSUES = "发现问题"
DRAW_PENDING = "尚未录入检查结果"
DRAW_CANCELLED = "抽取后取消"

KIND_LABELS = dict(Kind.choices)
PARTY_LABELS = dict(PartyCategory.choices)
REASON_LABELS = dict(WithdrawalReason.choices)


# --- The data ------------------------------------------------------------------------------------


def _zeros(keys: Iterable[str]) -> dict[str, int]:
    return dict.fromkeys(keys, 0)


@dataclass
class DecisionCounts:
    by_kind: dict[str, int] = field(default_factory=lambda: _zeros(Kind.values))
    total: int = 0


@dataclass
class PenaltyCounts:
    """行政处罚 decisions: each once in ``decisions``, once per 处罚类别 in ``by_type``."""

    decisions: int = 0
    by_type: dict[str, int] = field(default_factory=lambda: _zeros(PenaltyType.values))
    by_party: dict[str, int] = field(default_factory=lambda: _zeros(PartyCategory.values))
    fines: Decimal = Decimal(0)  # 万元
    confiscations: Decimal = Decimal(0)  # 万元
    # What the data gets wrong, counted rather than guessed at (each is a check).
    without_type: int = 0  # no 处罚类别 at all
    unknown_types: int = 0  # a value that is not one of 行政处罚法第九条 (PenaltyType)
    fine_missing: int = 0  # 罚款 among the types but no amount

    @property
    def type_mentions(self) -> int:
        return sum(self.by_type.values())


@dataclass
class PublicationCounts:
    """Whether the decisions of the year were published, and in time (rules.publication_due).

    Every decision is in exactly one of 已公开 (on time or late), 未公开 (overdue or not yet due on
    ``as_of``) and 依规不予公开 (a minor party, or a 轻微 penalty under 第36号, which must not be
    published). A withheld decision that was published all the same counts as published and in
    ``published_withheld``, which a check reports.
    """

    decisions: int = 0
    withheld: int = 0
    published: int = 0
    on_time: int = 0
    late: int = 0
    unpublished: int = 0
    overdue: int = 0
    pending: int = 0
    published_withheld: int = 0

    @property
    def due(self) -> int:
        return self.decisions - self.withheld

    @property
    def on_time_rate(self) -> Decimal | None:
        """按时公开 ÷ (已公开 + 逾期未公开), in per cent to one decimal; None when nothing was due yet.

        Decisions still within their time limit are left out: they can still be published on time.
        """
        counted = self.published + self.overdue
        if not counted:
            return None
        return (Decimal(100) * self.on_time / counted).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class WithdrawalCounts:
    by_reason: dict[str, int] = field(default_factory=lambda: _zeros(WithdrawalReason.values))
    total: int = 0
    on_time: int = 0
    late: int = 0  # withdrawn_on after rules.withdrawal_due(event_date)


@dataclass
class DrawCounts:
    """Draws run (drawn, not cancelled) in the year, their targets and the outcomes recorded for them."""

    draws: int = 0
    targets: int = 0
    outcomes: int = 0
    issues: int = 0
    cancelled: int = 0  # drawn in the year and cancelled afterwards: not in the other figures

    @property
    def pending(self) -> int:
        return self.targets - self.outcomes


@dataclass
class Unit:
    """The figures of one 执法处室, or of the whole agency (``code`` empty)."""

    name: str
    code: str = ""
    decisions: DecisionCounts = field(default_factory=DecisionCounts)
    penalties: PenaltyCounts = field(default_factory=PenaltyCounts)
    publication: PublicationCounts = field(default_factory=PublicationCounts)
    withdrawals: WithdrawalCounts = field(default_factory=WithdrawalCounts)
    early_ends: int = 0
    draws: DrawCounts = field(default_factory=DrawCounts)


@dataclass(frozen=True)
class Check:
    label: str
    passed: bool
    detail: str = ""


@dataclass
class EnforcementStatistics:
    year: int
    agency_name: str
    as_of: datetime.date
    total: Unit
    departments: list[Unit]
    publication_by_kind: dict[str, PublicationCounts]
    checks: list[Check] = field(default_factory=list)

    @property
    def title(self) -> str:
        return TITLE_TEMPLATE.format(agency=self.agency_name, year=self.year)

    @property
    def due_date(self) -> datetime.date:
        """118号: last year's data is published by 31 January."""
        return datetime.date(self.year + 1, 1, 31)

    @property
    def year_complete(self) -> bool:
        return self.as_of > datetime.date(self.year, 12, 31)

    @property
    def breaches(self) -> list[Check]:
        return [check for check in self.checks if not check.passed]


# --- Computing -------------------------------------------------------------------------------------


def valid_year(year: int, today: datetime.date) -> bool:
    """A year the statistics may be asked for: from ``FIRST_YEAR`` to this year (a future year has no data)."""
    return FIRST_YEAR <= year <= today.year


def _withheld(kind: str, decision_date: datetime.date, seriousness: str, party_is_minor: bool) -> bool:
    """Must this decision stay unpublished? The same two rules as Decision.publication_blockers."""
    if party_is_minor:
        return True
    if kind == Kind.PENALTY:
        return not rules.penalty_period(decision_date, seriousness=seriousness).published
    return False


class _Units:
    """The total and one Unit per department id, created as figures for it turn up."""

    def __init__(self) -> None:
        self.total = Unit(name=KEY_TOTAL)
        self.by_department: dict[int, Unit] = {}

    def both(self, department_id: int) -> tuple[Unit, Unit]:
        unit = self.by_department.get(department_id)
        if unit is None:
            unit = self.by_department[department_id] = Unit(name="")
        return self.total, unit


def _count_decisions(units: _Units, decisions) -> None:
    rows = decisions.values("department_id", "kind", "party_category", "penalty_types").annotate(
        n=Count("pk"),
        fines=Sum("fine_amount"),
        confiscations=Sum("confiscation_amount"),
        fine_missing=Count("pk", filter=Q(fine_amount__isnull=True)),
    )
    for row in rows:
        n, kind = row["n"], row["kind"]
        types = row["penalty_types"] if isinstance(row["penalty_types"], list) else []
        for unit in units.both(row["department_id"]):
            unit.decisions.total += n
            if kind in unit.decisions.by_kind:
                unit.decisions.by_kind[kind] += n
            if kind != Kind.PENALTY:
                continue
            penalties = unit.penalties
            penalties.decisions += n
            if row["party_category"] in penalties.by_party:
                penalties.by_party[row["party_category"]] += n
            penalties.fines += row["fines"] or 0
            penalties.confiscations += row["confiscations"] or 0
            if not types:
                penalties.without_type += n
            # A type listed twice on one decision is still one penalty of that type.
            for penalty_type in set(types):
                if penalty_type in penalties.by_type:
                    penalties.by_type[penalty_type] += n
                else:
                    penalties.unknown_types += n
            if PenaltyType.FINE in types:
                penalties.fine_missing += row["fine_missing"]


def _add_publication(
    counts: PublicationCounts, n: int, published_on, due: datetime.date, withheld: bool, today
) -> None:
    counts.decisions += n
    if published_on is not None:
        counts.published += n
        if published_on <= due:
            counts.on_time += n
        else:
            counts.late += n
        if withheld:
            counts.published_withheld += n
    elif withheld:
        counts.withheld += n
    else:
        counts.unpublished += n
        # On the due day itself the decision can still be published in time.
        if today > due:
            counts.overdue += n
        else:
            counts.pending += n


def _count_publication(units: _Units, by_kind: dict[str, PublicationCounts], decisions, today) -> None:
    # Grouped by decision date and local publication date: the due date is working-day arithmetic
    # (gongkai.calendar, in memory), so it is worked out here once per (kind, date), not in SQL.
    rows = (
        decisions.annotate(published_on=TruncDate("first_published_at"))
        .values("department_id", "kind", "decision_date", "seriousness", "party_is_minor", "published_on")
        .annotate(n=Count("pk"))
    )
    dues: dict[tuple[int, datetime.date], datetime.date] = {}
    for row in rows:
        kind, decided = row["kind"], row["decision_date"]
        limit = rules.publication_limit(kind).days
        due = dues.get((limit, decided))
        if due is None:
            due = dues[(limit, decided)] = rules.publication_due(kind, decided)
        withheld = _withheld(kind, decided, row["seriousness"], row["party_is_minor"])
        targets = [unit.publication for unit in units.both(row["department_id"])]
        if kind in by_kind:
            targets.append(by_kind[kind])
        for counts in targets:
            _add_publication(counts, row["n"], row["published_on"], due, withheld, today)


def _count_withdrawals(units: _Units, start: datetime.date, end: datetime.date) -> None:
    rows = (
        Withdrawal.objects.filter(withdrawn_on__range=(start, end))
        .values("decision__department_id", "reason", "event_date", "withdrawn_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        late = row["withdrawn_on"] > rules.withdrawal_due(row["event_date"])
        for unit in units.both(row["decision__department_id"]):
            counts = unit.withdrawals
            counts.total += row["n"]
            if row["reason"] in counts.by_reason:
                counts.by_reason[row["reason"]] += row["n"]
            if late:
                counts.late += row["n"]
            else:
                counts.on_time += row["n"]


def _count_early_ends(units: _Units, start: datetime.date, end: datetime.date) -> None:
    rows = (
        Decision.objects.filter(removed_early_on__range=(start, end))
        .values("department_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        for unit in units.both(row["department_id"]):
            unit.early_ends += row["n"]


def _count_draws(units: _Units, year: int) -> None:
    # The local year of the draw: a draw at 2026-01-01 00:30 Beijing time belongs to 2026.
    local = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=local)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=local)
    drawn = Q(drawn_at__gte=start, drawn_at__lt=end)
    standing = Q(cancelled_at__isnull=True)
    rows = (
        Draw.objects.filter(drawn)
        .values("department_id")
        .annotate(
            draws=Count("pk", filter=standing),
            cancelled=Count("pk", filter=~standing),
            # The announced 抽取检查对象数量 is exactly how many targets the draw selected
            # (draw.DrawParameters checks it against the directory), and it is a number in the JSON.
            targets=Sum(Cast(KT("parameters__parameters__target_count"), IntegerField()), filter=standing),
        )
        .order_by()
    )
    for row in rows:
        for unit in units.both(row["department_id"]):
            unit.draws.draws += row["draws"]
            unit.draws.cancelled += row["cancelled"]
            unit.draws.targets += row["targets"] or 0
    outcomes = (
        InspectionOutcome.objects.filter(draw__drawn_at__gte=start, draw__drawn_at__lt=end, draw__cancelled_at=None)
        .values("draw__department_id")
        .annotate(n=Count("pk"), issues=Count("pk", filter=Q(issues_found=True)))
        .order_by()
    )
    for row in outcomes:
        for unit in units.both(row["draw__department_id"]):
            unit.draws.outcomes += row["n"]
            unit.draws.issues += row["issues"]


def _agency_name() -> str:
    from gongkai.org.models import Agency

    agency = Agency.current()
    return agency.name if agency else ""


def _departments(units: _Units) -> list[Unit]:
    from gongkai.org.models import Department

    ordered = []
    rows = Department.objects.filter(pk__in=list(units.by_department)).order_by("sort_order", "pk")
    for pk, name, code in rows.values_list("pk", "name", "code"):
        unit = units.by_department[pk]
        unit.name, unit.code = name, code
        ordered.append(unit)
    return ordered


def compute(year: int, *, today: datetime.date | None = None) -> EnforcementStatistics:
    """Every figure of ``year`` from the data as it is now (``today``: for 逾期未公开, default today)."""
    today = today or calendar.current_date()
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    units = _Units()
    by_kind = {kind: PublicationCounts() for kind in Kind.values}
    # No default ordering: it would join the GROUP BY and split every group.
    decisions = Decision.objects.filter(decision_date__range=(start, end)).order_by()
    _count_decisions(units, decisions)
    _count_publication(units, by_kind, decisions, today)
    _count_withdrawals(units, start, end)
    _count_early_ends(units, start, end)
    _count_draws(units, year)
    stats = EnforcementStatistics(
        year=year,
        agency_name=_agency_name(),
        as_of=today,
        total=units.total,
        departments=_departments(units),
        publication_by_kind=by_kind,
    )
    stats.checks = check(stats)
    return stats


def cached(year: int, *, today: datetime.date | None = None) -> EnforcementStatistics:
    """``compute``, kept for an hour for a past year (its figures hardly move); this year is always fresh."""
    today = today or calendar.current_date()
    if year >= today.year:
        return compute(year, today=today)
    key = CACHE_KEY.format(year=year)
    stats = cache.get(key)
    if stats is None:
        stats = compute(year, today=today)
        cache.set(key, stats, CACHE_SECONDS)
    return stats


# --- The figures as a tree of labels (the JSON, the tables and the sum check use the same) ------


def _publication_tree(counts: PublicationCounts) -> dict:
    return {
        PUB_DECISIONS: counts.decisions,
        PUB_WITHHELD: counts.withheld,
        PUB_DUE: counts.due,
        PUB_PUBLISHED: counts.published,
        PUB_ON_TIME: counts.on_time,
        PUB_LATE: counts.late,
        PUB_UNPUBLISHED: counts.unpublished,
        PUB_OVERDUE: counts.overdue,
        PUB_PENDING: counts.pending,
        PUB_RATE: counts.on_time_rate,
    }


def unit_tree(unit: Unit) -> dict:
    """One unit's figures keyed by their labels: ints, Decimals (万元, per cent) and None (no rate)."""
    penalties, withdrawals, draws = unit.penalties, unit.withdrawals, unit.draws
    return {
        DECISIONS: {KIND_LABELS[k]: n for k, n in unit.decisions.by_kind.items()} | {TOTAL: unit.decisions.total},
        PENALTIES: {
            PENALTY_DECISIONS: penalties.decisions,
            BY_TYPE: dict(penalties.by_type),
            TYPE_MENTIONS: penalties.type_mentions,
            BY_PARTY: {PARTY_LABELS[k]: n for k, n in penalties.by_party.items()},
            FINES: penalties.fines,
            CONFISCATIONS: penalties.confiscations,
        },
        PUBLICATION: _publication_tree(unit.publication),
        WITHDRAWALS: {
            BY_REASON: {REASON_LABELS[k]: n for k, n in withdrawals.by_reason.items()},
            WD_TOTAL: withdrawals.total,
            WD_ON_TIME: withdrawals.on_time,
            WD_LATE: withdrawals.late,
        },
        EARLY_ENDS: unit.early_ends,
        DRAWS: {
            DRAW_RUNS: draws.draws,
            DRAW_TARGETS: draws.targets,
            DRAW_OUTCOMES: draws.outcomes,
            DRAW_ISSUES: draws.issues,
            DRAW_PENDING: draws.pending,
            DRAW_CANCELLED: draws.cancelled,
        },
    }


def _leaves(tree: dict, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], object]:
    leaves: dict[tuple[str, ...], object] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            leaves.update(_leaves(value, path + (key,)))
        else:
            leaves[path + (key,)] = value
    return leaves


# --- Checks ----------------------------------------------------------------------------------------


def _differs(label_a: str, a, label_b: str, b) -> str | None:
    return None if a == b else f"{label_a}（{a}）不等于{label_b}（{b}）"


UnitRule = Callable[[Unit], str | None]


def _rule_kinds(unit: Unit) -> str | None:
    return _differs("各执法类别之和", sum(unit.decisions.by_kind.values()), "决定总数", unit.decisions.total)


def _rule_penalties(unit: Unit) -> str | None:
    return _differs(
        PENALTY_DECISIONS, unit.penalties.decisions, "执法决定中的行政处罚", unit.decisions.by_kind[Kind.PENALTY]
    )


def _rule_party(unit: Unit) -> str | None:
    return _differs(
        "各行政相对人类别之和", sum(unit.penalties.by_party.values()), PENALTY_DECISIONS, unit.penalties.decisions
    )


def _rule_types(unit: Unit) -> str | None:
    p = unit.penalties
    problems = []
    if p.without_type:
        problems.append(f"{p.without_type}件行政处罚决定未填写处罚类别")
    if p.unknown_types:
        problems.append(f"{p.unknown_types}个处罚类别不属于行政处罚法第九条所列类别，未计入")
    over = [f"{t}（{n}）" for t, n in p.by_type.items() if n > p.decisions]
    if over:
        problems.append(f"处罚类别{'、'.join(over)}超过{PENALTY_DECISIONS}（{p.decisions}）")
    return "；".join(problems) or None


def _rule_fines(unit: Unit) -> str | None:
    n = unit.penalties.fine_missing
    return f"{n}件处罚类别含罚款的决定未填写罚款金额" if n else None


def _rule_published(unit: Unit) -> str | None:
    p = unit.publication
    return _differs(f"{PUB_ON_TIME}加{PUB_LATE}", p.on_time + p.late, PUB_PUBLISHED, p.published)


def _rule_partition(unit: Unit) -> str | None:
    p = unit.publication
    return _differs(
        f"{PUB_PUBLISHED}、{PUB_UNPUBLISHED}与{PUB_WITHHELD}之和",
        p.published + p.unpublished + p.withheld,
        PUB_DECISIONS,
        p.decisions,
    )


def _rule_unpublished(unit: Unit) -> str | None:
    p = unit.publication
    return _differs("逾期未公开加未到公开期限", p.overdue + p.pending, PUB_UNPUBLISHED, p.unpublished)


def _rule_withheld(unit: Unit) -> str | None:
    n = unit.publication.published_withheld
    return f"{n}件依规不予公开的决定（当事人为未成年人或轻微失信）已被公开" if n else None


def _rule_decisions_published(unit: Unit) -> str | None:
    return _differs(PUB_DECISIONS, unit.publication.decisions, "执法决定数量合计", unit.decisions.total)


def _rule_withdrawals(unit: Unit) -> str | None:
    w = unit.withdrawals
    problems = [
        _differs("按时撤下加逾期撤下", w.on_time + w.late, "撤下合计", w.total),
        _differs("各撤下事由之和", sum(w.by_reason.values()), "撤下合计", w.total),
    ]
    return "；".join(p for p in problems if p) or None


def _rule_draws(unit: Unit) -> str | None:
    d = unit.draws
    problems = []
    if d.outcomes > d.targets:
        problems.append(f"{DRAW_OUTCOMES}（{d.outcomes}）多于{DRAW_TARGETS}（{d.targets}）")
    if d.issues > d.outcomes:
        problems.append(f"{DRAW_ISSUES}（{d.issues}）多于{DRAW_OUTCOMES}（{d.outcomes}）")
    return "；".join(problems) or None


UNIT_RULES: tuple[tuple[str, UnitRule], ...] = (
    ("执法决定：各执法类别之和等于合计", _rule_kinds),
    ("行政处罚：处罚决定数等于执法决定中的行政处罚数", _rule_penalties),
    ("行政处罚：各行政相对人类别之和等于处罚决定数", _rule_party),
    ("行政处罚：每件决定至少有一个处罚类别，且均为行政处罚法第九条所列类别", _rule_types),
    ("行政处罚：处罚类别含罚款的决定均填写了罚款金额", _rule_fines),
    ("公开情况：决定总数等于执法决定数量合计", _rule_decisions_published),
    ("公开情况：按时公开加逾期公开等于已公开", _rule_published),
    ("公开情况：已公开、未公开与依规不予公开之和等于决定总数", _rule_partition),
    ("公开情况：逾期未公开加未到公开期限等于未公开", _rule_unpublished),
    ("公开情况：依规不予公开的决定均未公开", _rule_withheld),
    ("撤下公示：按时撤下加逾期撤下、各撤下事由之和均等于合计", _rule_withdrawals),
    ("双随机抽查：已录入检查结果不多于抽中检查对象，发现问题不多于已录入检查结果", _rule_draws),
)
SUM_RULE = "合计等于各处室之和"


def check(stats: EnforcementStatistics) -> list[Check]:
    """Every rule, for the total and each department, with its result; a failing rule names where."""
    checks = []
    units = [stats.total, *stats.departments]
    for label, rule in UNIT_RULES:
        failures = [f"{unit.name}：{detail}" for unit in units if (detail := rule(unit))]
        checks.append(Check(label, not failures, "；".join(failures)))
    total = _leaves(unit_tree(stats.total))
    summed: dict[tuple[str, ...], object] = {}
    for unit in stats.departments:
        for path, value in _leaves(unit_tree(unit)).items():
            if path[-1] != PUB_RATE:  # a rate does not add up
                summed[path] = summed.get(path, 0) + value
    differences = [
        f"{'／'.join(path)}：合计{_text(total[path])}，各处室之和{_text(summed.get(path, 0))}"
        for path in total
        if path[-1] != PUB_RATE and total[path] != summed.get(path, 0)
    ]
    checks.append(Check(SUM_RULE, not differences, "；".join(differences)))
    return checks


# --- Text and JSON ---------------------------------------------------------------------------------


def wanyuan_text(amount: Decimal) -> str:
    """万元 with at most 6 decimals and no trailing zeros: 20.000000 → "20", 0.050000 → "0.05"."""
    text = f"{Decimal(amount).quantize(Decimal('0.000001'), rounding=ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def rate_text(rate: Decimal | None) -> str:
    return f"{rate}%" if rate is not None else "—"


def _text(value) -> str:
    if isinstance(value, Decimal):
        return wanyuan_text(value)
    return str(value)


def _json_value(path: tuple[str, ...], value):
    if path and path[-1] == PUB_RATE:
        return rate_text(value) if value is not None else None
    if isinstance(value, Decimal):
        # A string: 万元 with six decimals must not pass through a binary float.
        return wanyuan_text(value)
    return value


def _jsonable(tree: dict, path: tuple[str, ...] = ()) -> dict:
    return {
        key: _jsonable(value, path + (key,)) if isinstance(value, dict) else _json_value(path + (key,), value)
        for key, value in tree.items()
    }


def as_json(stats: EnforcementStatistics) -> dict:
    """Every figure keyed by its label; 万元 and rates as strings ("12.5", "80.0%"), no rate as null."""
    return {
        KEY_YEAR: stats.year,
        KEY_AGENCY: stats.agency_name,
        KEY_TITLE: stats.title,
        KEY_AS_OF: stats.as_of.isoformat(),
        KEY_DUE: stats.due_date.isoformat(),
        KEY_TOTAL: _jsonable(unit_tree(stats.total)),
        KEY_BY_KIND: {
            KIND_LABELS[kind]: _jsonable(_publication_tree(counts), (PUBLICATION,))
            for kind, counts in stats.publication_by_kind.items()
        },
        KEY_DEPARTMENTS: [
            {KEY_DEPARTMENT: unit.name, KEY_DEPARTMENT_CODE: unit.code, **_jsonable(unit_tree(unit))}
            for unit in stats.departments
        ],
        KEY_CHECKS: [
            {KEY_CHECK: c.label, KEY_RESULT: PASSED if c.passed else FAILED, KEY_DETAIL: c.detail} for c in stats.checks
        ],
    }


# --- Tables: what the page and the workbook show --------------------------------------------------

COUNT, AMOUNT, RATE, TEXT = "count", "amount", "rate", "text"


@dataclass(frozen=True)
class Cell:
    value: int | Decimal | str | None
    kind: str = COUNT

    @property
    def text(self) -> str:
        if self.kind == AMOUNT:
            return wanyuan_text(self.value)
        if self.kind == RATE:
            return rate_text(self.value)
        return str(self.value)


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    total: bool = False  # the 合计 row, set apart on the page


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    sheet: str  # the worksheet's name: at most 31 characters, none of []:*?/\
    columns: tuple[str, ...]  # the first is the heading of the row labels
    rows: tuple[Row, ...]
    note: str = ""


def _cell(path_end: str, value) -> Cell:
    if path_end == PUB_RATE:
        return Cell(value, RATE)
    if isinstance(value, Decimal):
        return Cell(value, AMOUNT)
    return Cell(value)


def _unit_table(
    stats: EnforcementStatistics, key: str, title: str, sheet: str, pick: Callable[[dict], dict], note: str = ""
) -> Table:
    """A table with one row per unit (合计 first), its columns the keys of ``pick(unit_tree(unit))``."""
    units = [stats.total, *stats.departments]
    picked = [pick(unit_tree(unit)) for unit in units]
    columns = (KEY_DEPARTMENT, *picked[0].keys())
    rows = tuple(
        Row(unit.name, tuple(_cell(k, v) for k, v in values.items()), total=unit is stats.total)
        for unit, values in zip(units, picked, strict=True)
    )
    return Table(key, title, sheet, columns, rows, note)


def _penalty_types(tree: dict) -> dict:
    p = tree[PENALTIES]
    return {PENALTY_DECISIONS: p[PENALTY_DECISIONS], **p[BY_TYPE], TYPE_MENTIONS: p[TYPE_MENTIONS]}


def _penalty_amounts(tree: dict) -> dict:
    p = tree[PENALTIES]
    return {PENALTY_DECISIONS: p[PENALTY_DECISIONS], **p[BY_PARTY], FINES: p[FINES], CONFISCATIONS: p[CONFISCATIONS]}


def _withdrawals(tree: dict) -> dict:
    w = tree[WITHDRAWALS]
    return {
        **w[BY_REASON],
        WD_TOTAL: w[WD_TOTAL],
        WD_ON_TIME: w[WD_ON_TIME],
        WD_LATE: w[WD_LATE],
        EARLY_ENDS: tree[EARLY_ENDS],
    }


def tables(stats: EnforcementStatistics) -> list[Table]:
    """The tables of the report, in order: the figures first, the consistency checks last."""
    fast, other, withdrawal = rules.PUBLICATION_FAST.days, rules.PUBLICATION_OTHER.days, rules.WITHDRAWAL.days
    by_kind_rows = [Row(TOTAL, tuple(_cell(k, v) for k, v in _publication_tree(stats.total.publication).items()), True)]
    by_kind_rows += [
        Row(KIND_LABELS[kind], tuple(_cell(k, v) for k, v in _publication_tree(counts).items()))
        for kind, counts in stats.publication_by_kind.items()
    ]
    publication_note = (
        f"按时公开：行政许可、行政处罚决定自作出之日起{fast}个工作日内、其他执法决定{other}个工作日内公开"
        f"（首次公开日期不晚于期限）。按时公开率＝按时公开÷（已公开＋逾期未公开），尚未到公开期限的决定不计入。"
        "依规不予公开：当事人为未成年人，或2026年4月1日起作出的轻微失信行为处罚。"
    )
    return [
        _unit_table(
            stats,
            "decisions",
            "一、执法决定数量（按执法类别）",
            "一、执法决定数量",
            lambda tree: tree[DECISIONS],
            "决定日期在本年度内的执法决定，不论是否已公开。",
        ),
        _unit_table(
            stats,
            "penalty-types",
            "二、行政处罚决定数量（按处罚类别）",
            "二、处罚类别",
            _penalty_types,
            "一件决定有多个处罚类别的，每个类别各计一次；处罚决定数每件只计一次。",
        ),
        _unit_table(
            stats,
            "penalty-amounts",
            "三、罚没金额和行政相对人类别",
            "三、罚没金额和行政相对人",
            _penalty_amounts,
            "金额单位为万元，按决定书所载金额合计。",
        ),
        _unit_table(
            stats,
            "publication",
            "四、执法决定公开情况（按处室）",
            "四、公开情况（按处室）",
            lambda tree: tree[PUBLICATION],
            publication_note,
        ),
        Table(
            "publication-by-kind",
            "五、执法决定公开情况（按执法类别）",
            "五、公开情况（按执法类别）",
            ("执法类别", *_publication_tree(stats.total.publication).keys()),
            tuple(by_kind_rows),
            "各列口径同第四部分。",
        ),
        _unit_table(
            stats,
            "withdrawals",
            "六、撤下公示和信用修复后提前停止公示",
            "六、撤下和提前停止公示",
            _withdrawals,
            f"撤下日期在本年度内的撤下；已公开的决定被变更、撤销、确认违法、确认无效或要求重新作出的，"
            f"应在{withdrawal}个工作日内撤下（行政处罚法第四十八条、第八十五条）。"
            "提前停止公示：本年度内因信用修复提前停止公示的处罚决定。",
        ),
        _unit_table(
            stats,
            "draws",
            "七、双随机抽查",
            "七、双随机抽查",
            lambda tree: tree[DRAWS],
            "本年度内抽取且未取消的抽查；抽取后取消的单独列示，不计入其他各列。",
        ),
        Table(
            "checks",
            "八、勾稽关系检查",
            "八、勾稽关系检查",
            (KEY_CHECK, KEY_RESULT, KEY_DETAIL),
            tuple(
                Row(c.label, (Cell(PASSED if c.passed else FAILED, TEXT), Cell(c.detail, TEXT))) for c in stats.checks
            ),
        ),
    ]
