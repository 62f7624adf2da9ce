"""Reads of enforcement records: what the public may see, what is due, and the yearly counts."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property

from gongkai.enforcement import rules, search_index
from gongkai.enforcement.models import Decision, Kind

# The public query counts its matches up to this many (docs/enforcement-public.md): beyond it the
# page says “超过 1000 件” and offers the first 1,000; an exact count of a common fragment over a
# million decisions would cost more than the query itself.
COUNT_CAP = 1000


def public_decisions(today: datetime.date) -> QuerySet[Decision]:
    """Decisions a visitor may see today: published, not withdrawn, not ended early, within their period."""
    return (
        # A minor's decision is never public (the workflow refuses it too; this is the second lock).
        Decision.objects.filter(live=True, withdrawal__isnull=True, removed_early_on__isnull=True, party_is_minor=False)
        .filter(Q(public_until__isnull=True) | Q(public_until__gte=today))
        .select_related("department")
    )


def search_public(
    today: datetime.date,
    *,
    q: str = "",
    kind: str = "",
    department_id: int | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[Decision]:
    """The public query: party name, 统一社会信用代码 or decision number, with filters.

    ``q`` is tried in this order, each step through an index: an 18-character code (统一社会信用代码
    or a number of that length) exactly; a 决定文书号 exactly, in its compared form
    (``search_index.number_key``: brackets and widths folded); otherwise a fragment of the
    行政相对人名称 or 决定文书号, found through the bigram index and then checked as a substring.
    """
    decisions = public_decisions(today)
    by_index = False
    q = (q or "").strip()
    if q:
        upper = q.upper()
        key = search_index.number_key(q)
        exact = decisions.filter(decision_number_key=key) if key else decisions.none()
        if len(upper) == 18 and upper.isascii() and upper.isalnum():
            decisions = decisions.filter(Q(party_uscc=upper) | Q(decision_number_key=key))
        elif exact.exists():
            decisions = exact
        else:
            substring = Q(party_name__contains=q) | Q(decision_number__contains=q)
            if key:
                substring |= Q(decision_number_key__contains=key)
            decisions = search_index.restrict(decisions.filter(substring), q, date_from=date_from, date_to=date_to)
            if decisions is None:  # nothing a name or a number could contain (only punctuation)
                return public_decisions(today).none()
            by_index = True
    if kind:
        decisions = decisions.filter(kind=kind)
    if department_id:
        decisions = decisions.filter(department_id=department_id)
    if date_from:
        decisions = decisions.filter(decision_date__gte=date_from)
    if date_to:
        decisions = decisions.filter(decision_date__lte=date_to)
    if by_index:
        return decisions  # already in the index's order, which is the list's (search_index.sort_key)
    return decisions.order_by("-decision_date", "-pk")


class CappedPaginator(Paginator):
    """Paginates the public query, counting at most ``COUNT_CAP`` matches (``capped``: there are more)."""

    def __init__(self, object_list, per_page, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def _counted(self) -> int:
        # COUNT(*) over a sub-select with LIMIT cap + 1: the database stops after cap + 1 rows.
        return self.object_list[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap


@dataclass(frozen=True)
class DueStatus:
    due: datetime.date
    published_on: datetime.date | None
    late: bool  # published after the due date, or still unpublished after it
    days_left: int | None  # working days to the due date while unpublished (negative: overdue)


def publication_status(decision: Decision, today: datetime.date) -> DueStatus:
    from django.utils import timezone

    from gongkai.calendar.services import workdays_between

    due = rules.publication_due(decision.kind, decision.decision_date)
    published_on = timezone.localdate(decision.first_published_at) if decision.first_published_at else None
    if published_on is not None:
        return DueStatus(due, published_on, published_on > due, None)
    left = workdays_between(today, due) if today <= due else -workdays_between(due, today)
    return DueStatus(due, None, today > due, left)


def withdrawal_late(decision: Decision) -> bool | None:
    withdrawal = getattr(decision, "withdrawal", None)
    if withdrawal is None:
        return None
    return withdrawal.withdrawn_on > rules.withdrawal_due(withdrawal.event_date)


def decisions_in_year(kind: str, year: int) -> int:
    """本年处理决定数量 for the annual report's section 二: decisions of ``kind`` made in ``year``."""
    return Decision.objects.filter(kind=kind, decision_date__year=year).count()


def register_report_sources() -> None:
    from gongkai.foi.report import tables

    tables.register_section_two_source(tables.PERMITS, lambda year: decisions_in_year(Kind.LICENSE, year))
    tables.register_section_two_source(tables.PENALTIES, lambda year: decisions_in_year(Kind.PENALTY, year))
    tables.register_section_two_source(tables.COERCIONS, lambda year: decisions_in_year(Kind.COERCION, year))
