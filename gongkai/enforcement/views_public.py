"""Public pages of 行政执法公示 under /enforcement/ (docs/enforcement-public.md).

What a visitor sees is read through ``selectors.public_decisions`` (published, not withdrawn,
not ended early, within the publication period) and only ever from the masked copy
(``public_*``) and the structured, non-personal fields. The raw texts and the party's identity
document are never read here: :func:`decision_rows` is the one list of what a decision page
shows, and the Wagtail preview renders the same template through the same function.

Bad query values never fail a page: each is dropped with a Chinese notice, and the rest of the
query still runs. The JSON API (``gongkai.enforcement.api``) parses the same parameters with the
same function but answers 400 instead.
"""

import datetime
import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from gongkai.calendar.services import current_date
from gongkai.enforcement import rules, selectors
from gongkai.enforcement.models import (
    Decision,
    EnforcementMatter,
    EnforcementOfficer,
    Kind,
    PartyCategory,
)
from gongkai.org.models import Agency, Department
from gongkai.portal.templatetags.portal_tags import site_root

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 100
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Enough digits for any primary key; longer strings are not ids and must not reach int().
MAX_ID_DIGITS = 9

MENU = (
    ("index", "行政执法公示", "enforcement_public:index", ""),
    ("decisions", "执法决定查询", "enforcement_public:decisions", ""),
    ("officers", "执法主体和执法人员", "enforcement_public:officers", ""),
    ("matters", "执法事项清单", "enforcement_public:matters", ""),
    ("random", "随机抽查事项清单", "enforcement_public:matters", "?random=1"),
    ("draws", "双随机抽查结果", "enforcement_draws:index", ""),
    ("statistics", "行政执法统计年报", "enforcement_statistics:index", ""),
)


# ---------- the query, shared with the API ----------


@dataclass(frozen=True)
class Problem:
    """A query value that cannot be used: the parameter and a Chinese description of what is wrong."""

    parameter: str
    code: str  # the API's error code: invalid_parameter or unknown_value
    message: str


@dataclass
class DecisionQuery:
    """A parsed public query: only values that can be used; ``problems`` lists what was dropped."""

    q: str = ""
    kind: str = ""
    department: Department | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    problems: list[Problem] = field(default_factory=list)

    def search(self, today: datetime.date):
        return selectors.search_public(
            today,
            q=self.q,
            kind=self.kind,
            department_id=self.department.pk if self.department else None,
            date_from=self.date_from,
            date_to=self.date_to,
        )

    def params(self) -> dict[str, str]:
        """The usable values as query parameters, for pagination links (bad values are not carried on)."""
        values = {
            "q": self.q,
            "kind": self.kind,
            "department": str(self.department.pk) if self.department else "",
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
        }
        return {key: value for key, value in values.items() if value}

    @property
    def filtered(self) -> bool:
        return bool(self.params())


def _digits(raw: str) -> bool:
    # str.isdigit() alone also accepts "²" and other characters int() refuses.
    return raw.isascii() and raw.isdigit()


def _date(raw: str, parameter: str, label: str, problems: list[Problem]) -> datetime.date | None:
    if not raw:
        return None
    day = None
    if DATE_RE.match(raw):
        try:
            day = datetime.date.fromisoformat(raw)
        except ValueError:
            day = None
    if day is None:
        problems.append(
            Problem(parameter, "invalid_parameter", f"{label}“{raw[:20]}”不是有效日期（格式如 2026-01-31）")
        )
    return day


def _department(raw: str, problems: list[Problem]) -> Department | None:
    """A department by id (the page's select) or by code (as /api/v1/departments/ lists them)."""
    if not raw:
        return None
    department = None
    if _digits(raw) and len(raw) <= MAX_ID_DIGITS:
        department = Department.objects.filter(pk=int(raw)).first()
    if department is None:
        department = Department.objects.filter(code=raw[:50]).first()
    if department is None:
        problems.append(Problem("department", "unknown_value", f"执法处室“{raw[:20]}”不存在"))
    return department


def parse_decision_query(params: QueryDict) -> DecisionQuery:
    """Read q, kind, department, date_from and date_to; every unusable value becomes a Problem."""
    problems: list[Problem] = []

    def value(name: str) -> str:
        # PostgreSQL text cannot hold NUL: drop it here rather than fail in the query.
        return (params.get(name) or "").replace("\x00", "").strip()

    q = " ".join(value("q").split())
    if len(q) > MAX_QUERY_LENGTH:
        problems.append(Problem("q", "invalid_parameter", f"检索词超过{MAX_QUERY_LENGTH}个字"))
        q = q[:MAX_QUERY_LENGTH]
    kind = value("kind")
    if kind and kind not in Kind.values:
        problems.append(Problem("kind", "unknown_value", f"执法类别“{kind[:20]}”不存在"))
        kind = ""
    department = _department(value("department"), problems)
    date_from = _date(value("date_from"), "date_from", "起始日期", problems)
    date_to = _date(value("date_to"), "date_to", "截止日期", problems)
    if date_from and date_to and date_from > date_to:
        problems.append(Problem("date_to", "invalid_parameter", "起始日期晚于截止日期"))
        date_from, date_to = date_to, date_from
    return DecisionQuery(q, kind, department, date_from, date_to, problems)


# ---------- what a decision page shows ----------


def format_wanyuan(amount: Decimal | None) -> str:
    """万元 with at most 6 decimals and no trailing zeros: 20 → "20", 0.05 → "0.05" (双公示 decimal(…,6))."""
    if amount is None:
        return ""
    text = f"{Decimal(amount).quantize(Decimal('0.000001')):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    long: bool = False  # running text: shown across the whole table, line breaks kept


def _date_text(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


def publication_end_text(decision: Decision) -> str:
    # Derived from the record's own fields exactly as save() stores it, so a preview of unsaved
    # changes shows the end date the saved record will have.
    end = rules.publication_end(decision)
    return end.isoformat() if end else "长期公示"


def decision_rows(decision: Decision, agency: Agency | None) -> list[Row]:
    """The 双公示 fields of a decision, labelled as in disclosure-rules.md §2.2, from public fields only.

    The only texts are the masked ``public_*`` copies; the legal representative is named for
    organisations only (a 个体工商户's operator is a natural person), and no identity document
    ever appears. Empty optional fields are left out.
    """
    is_penalty = decision.kind == Kind.PENALTY
    is_license = decision.kind == Kind.LICENSE
    authority = "处罚机关" if is_penalty else "许可机关" if is_license else "执法机关"
    rows = [
        Row("行政相对人名称", decision.party_name),
        Row("行政相对人类别", decision.get_party_category_display()),
        Row("统一社会信用代码", decision.party_uscc),
    ]
    if decision.party_category == PartyCategory.ORGANISATION:
        rows.append(Row("法定代表人", decision.legal_representative))
    if is_penalty:
        rows += [
            Row("行政处罚决定书文号", decision.decision_number),
            Row("违法行为类型", decision.violation_type),
            Row("违法事实", decision.public_facts, long=True),
            Row("处罚依据", decision.public_basis, long=True),
            Row("处罚类别", "；".join(decision.penalty_types or [])),
            Row("处罚内容", decision.public_content, long=True),
            Row("罚款金额（万元）", format_wanyuan(decision.fine_amount)),
            Row("没收违法所得、没收非法财物的金额（万元）", format_wanyuan(decision.confiscation_amount)),
            Row("暂扣或吊销证照名称及编号", decision.suspended_license),
            Row("处罚决定日期", _date_text(decision.decision_date)),
        ]
    elif is_license:
        rows += [
            Row("行政许可决定文书名称", decision.document_title),
            Row("行政许可决定文书号", decision.decision_number),
            Row("许可类别", decision.get_license_category_display() if decision.license_category else ""),
            Row("许可证书名称", decision.certificate_name),
            Row("许可编号", decision.license_number),
            Row("许可内容", decision.public_content, long=True),
            Row("许可依据", decision.public_basis, long=True),
            Row("许可决定日期", _date_text(decision.decision_date)),
            Row("有效期自", _date_text(decision.valid_from)),
            Row("有效期至", _date_text(decision.valid_to)),
        ]
    else:
        rows += [
            Row("执法类别", decision.get_kind_display()),
            Row("决定文书名称", decision.document_title),
            Row("决定文书号", decision.decision_number),
            Row("违法事实", decision.public_facts, long=True),
            Row("依据", decision.public_basis, long=True),
            Row("决定内容", decision.public_content, long=True),
            Row("决定日期", _date_text(decision.decision_date)),
        ]
    if agency is not None:
        rows += [Row(authority, agency.name), Row(f"{authority}统一社会信用代码", agency.uscc)]
    rows += [
        Row("执法处室", decision.department.name if decision.department_id else ""),
        Row("公示截止期", publication_end_text(decision)),
        Row("备注", decision.public_remarks, long=True),
    ]
    return [row for row in rows if row.value]


# ---------- page helpers ----------


def _context(request: HttpRequest, current: str, title: str, **extra) -> dict:
    """Breadcrumbs (首页 › 行政执法公示 › this page) and the side menu shared by every page here."""
    root = site_root(request)
    trail = [] if current == "index" else [{"title": "行政执法公示", "url": reverse("enforcement_public:index")}]
    trail += extra.pop("trail", [])
    return {
        "crumbs": {"home_url": root.get_url(request) if root else "/", "trail": trail, "current_title": title},
        "enf_menu": menu(current),
        "enf_title": title,
        **extra,
    }


def menu(current: str) -> list[dict]:
    return [
        {"title": label, "url": reverse(name) + suffix, "current": key == current} for key, label, name, suffix in MENU
    ]


def _page_number(raw: str | None, notices: list[str]) -> int:
    raw = (raw or "").strip()
    if not raw:
        return 1
    if _digits(raw) and len(raw) <= MAX_ID_DIGITS and int(raw) >= 1:
        return int(raw)
    notices.append(f"页码“{raw[:20]}”无效，已显示第1页。")
    return 1


# ---------- the pages ----------


def landing(request: HttpRequest) -> HttpResponse:
    """行政执法公示: the three lists, and per department what it has published."""
    today = current_date()
    decision_counts = dict(
        selectors.public_decisions(today).order_by().values_list("department").annotate(n=Count("pk"))
    )
    officer_counts = dict(
        EnforcementOfficer.objects.filter(active=True).order_by().values_list("department").annotate(n=Count("pk"))
    )
    matter_counts = {
        row["department"]: row
        for row in EnforcementMatter.objects.order_by()
        .values("department")
        .annotate(total=Count("pk"), random=Count("pk", filter=Q(random_inspection=True)))
    }
    ids = set(decision_counts) | set(officer_counts) | set(matter_counts)
    departments = [
        {
            "department": department,
            "decisions": decision_counts.get(department.pk, 0),
            "officers": officer_counts.get(department.pk, 0),
            "matters": matter_counts.get(department.pk, {}).get("total", 0),
            "random": matter_counts.get(department.pk, {}).get("random", 0),
        }
        for department in Department.objects.filter(pk__in=ids).order_by("sort_order", "pk")
    ]
    limits = {
        "fast": rules.PUBLICATION_FAST.days,
        "other": rules.PUBLICATION_OTHER.days,
        "withdrawal": rules.WITHDRAWAL.days,
    }
    context = _context(
        request, "index", "行政执法公示", departments=departments, order_118=rules.ORDER_118, limits=limits
    )
    return render(request, "enforcement/public/landing.html", context)


def decision_list(request: HttpRequest) -> HttpResponse:
    """执法决定查询: one box for name, 统一社会信用代码 or 决定文书号, with filters; newest first."""
    today = current_date()
    query = parse_decision_query(request.GET)
    notices = [f"{problem.message}，已忽略该条件。" for problem in query.problems if problem.parameter != "q"]
    notices += [f"检索词过长，已按前{MAX_QUERY_LENGTH}个字查询。" for p in query.problems if p.parameter == "q"]
    number = _page_number(request.GET.get("page"), notices)
    paginator = selectors.CappedPaginator(query.search(today), PAGE_SIZE)
    if number > paginator.num_pages:
        notices.append(f"页码超出范围，已显示第{paginator.num_pages}页。")
        number = paginator.num_pages
    page_obj = paginator.page(number)
    # The departments that have something to find, and the chosen one even if it has nothing now.
    with_decisions = Q(pk__in=selectors.public_decisions(today).values("department_id"))
    chosen = Q(pk=query.department.pk) if query.department else Q(pk__in=[])
    departments = Department.objects.filter(with_decisions | chosen).order_by("sort_order", "pk")
    context = _context(
        request,
        "decisions",
        "执法决定查询",
        query=query,
        notices=notices,
        page_obj=page_obj,
        decisions=page_obj.object_list,
        page_range=paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1),
        page_query=urlencode(query.params()),
        kinds=Kind.choices,
        departments=departments,
        selected_department=str(query.department.pk) if query.department else "",
    )
    return render(request, "enforcement/public/decision_list.html", context)


def _gone(request: HttpRequest, title: str, **extra) -> HttpResponse:
    context = _context(
        request,
        "decisions",
        title,
        trail=[{"title": "执法决定查询", "url": reverse("enforcement_public:decisions")}],
        **extra,
    )
    return render(request, "enforcement/public/gone.html", context, status=410)


def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One decision. Withdrawn → 410 with the statement; ended after 信用修复 → 410; else not public → 404."""
    decision = Decision.objects.select_related("withdrawal").filter(pk=pk).first()
    if decision is None:
        raise Http404("执法决定不存在。")
    withdrawal = getattr(decision, "withdrawal", None)
    if withdrawal is not None:
        # The statement stands where the decision stood (行政处罚法第四十八条): number and title
        # identify what came down; the party is not named again.
        return _gone(request, "执法决定已撤下", withdrawal=withdrawal, withdrawn_decision=decision)
    if decision.removed_early_on is not None:
        # After 信用修复 publication stops entirely: not even the number is repeated.
        return _gone(request, "执法决定已停止公示", ended_on=decision.removed_early_on)
    decision = selectors.public_decisions(current_date()).filter(pk=pk).first()
    if decision is None:
        # A draft or an expired decision answers like a missing one: nothing says that a record exists.
        raise Http404("执法决定不存在或不在公示期内。")
    context = _context(
        request,
        "decisions",
        f"{decision.document_title} {decision.decision_number}",
        trail=[{"title": "执法决定查询", "url": reverse("enforcement_public:decisions")}],
        object=decision,
    )
    return render(request, "enforcement/public/decision.html", context)


def _by_department(rows) -> list[dict]:
    return [
        {"department": department, "rows": list(group)}
        for department, group in itertools.groupby(rows, key=lambda row: row.department)
    ]


def officers(request: HttpRequest) -> HttpResponse:
    """执法主体和执法人员: the agency, and the officers in post per department (118号 事前公开)."""
    rows = (
        EnforcementOfficer.objects.filter(active=True)
        .select_related("department")
        .order_by("department__sort_order", "department__pk", "name", "pk")
    )
    context = _context(request, "officers", "执法主体和执法人员", groups=_by_department(rows))
    return render(request, "enforcement/public/officers.html", context)


def matters(request: HttpRequest) -> HttpResponse:
    """执法事项清单 per department; ``?random=1`` shows only the 随机抽查事项清单."""
    notices = []
    raw = (request.GET.get("random") or "").strip()
    random_only = raw == "1"
    if raw not in ("", "0", "1"):
        notices.append("筛选条件无效，已显示全部执法事项。")
    rows = EnforcementMatter.objects.select_related("department", "flowchart").order_by(
        "department__sort_order", "department__pk", "sort_order", "pk"
    )
    if random_only:
        rows = rows.filter(random_inspection=True)
    title = "随机抽查事项清单" if random_only else "执法事项清单"
    context = _context(
        request,
        "random" if random_only else "matters",
        title,
        groups=_by_department(rows),
        random_only=random_only,
        notices=notices,
        all_url=reverse("enforcement_public:matters"),
        random_url=reverse("enforcement_public:matters") + "?" + urlencode({"random": "1"}),
    )
    return render(request, "enforcement/public/matters.html", context)
