"""Reads of 意见征集: participation counts, the draft with its comments, the report and what is missing."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongkai.consultations.models import (
    AdoptionReport,
    Comment,
    CommentGroup,
    Consultation,
    Decision,
    IdentityType,
    State,
)
from gongkai.consultations.structure import chinese_numeral, target_key

HIDDEN_TEXT = "（提交人未同意公开意见原文）"


@dataclass(frozen=True)
class Participation:
    code: str
    label: str
    count: int


def participation(consultation: Consultation, *, include_hidden: bool) -> list[Participation]:
    """Comments per identity type, every type listed (zero included), in the order of ``IdentityType``."""
    comments = consultation.comments.all()
    if not include_hidden:
        comments = comments.filter(hidden=False)
    counts = dict(comments.values_list("identity_type").annotate(n=Count("pk")).values_list("identity_type", "n"))
    return [Participation(t.value, t.label, counts.get(t.value, 0)) for t in IdentityType]


def participation_from(snapshot: dict) -> list[Participation]:
    return [Participation(t.value, t.label, int(snapshot.get(t.value, 0))) for t in IdentityType]


def public_consultations(moment: datetime.datetime | None = None) -> list[Consultation]:
    """Published consultations: open ones first (closing soonest first), then upcoming, then closed (latest first)."""
    moment = moment or timezone.now()
    items = list(Consultation.objects.published().select_related("department", "report"))
    order = {State.OPEN: 0, State.NOT_STARTED: 1, State.CLOSED: 2, State.REPORTED: 2}

    def key(c: Consultation):
        state = c.state(moment)
        if state == State.OPEN:
            return (0, c.closes_at.timestamp())
        if state == State.NOT_STARTED:
            return (1, c.opens_at.timestamp())
        return (order[state], -c.closes_at.timestamp())

    return sorted(items, key=key)


def public_comments(consultation: Consultation) -> QuerySet:
    return consultation.comments.filter(consent_publish=True, hidden=False).order_by("number")


@dataclass
class Unit:
    """One place of the draft in the staff view: its text and the comments made on it."""

    key: str
    label: str
    text: str
    chapter: str = ""
    comments: list[Comment] = field(default_factory=list)
    paragraphs: list["Unit"] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.comments) + sum(len(p.comments) for p in self.paragraphs)


def draft_with_comments(consultation: Consultation, comments: list[Comment]) -> tuple[list[Comment], list[Unit]]:
    """Whole-draft comments and the draft's units (条 with their 款, or 段) each with its comments."""
    by_target: dict[str, list[Comment]] = defaultdict(list)
    for comment in comments:
        by_target[target_key(comment.target_article, comment.target_paragraph)].append(comment)
    structure = consultation.structure()
    chapters = {c.number: f"{c.label} {c.title}".strip() for c in structure.chapters}
    units = []
    for article in structure.articles:
        paragraphs = [
            Unit(
                f"{article.key}p{i}",
                f"第{chinese_numeral(i)}款",
                text,
                comments=by_target.get(f"{article.key}p{i}", []),
            )
            for i, text in enumerate(article.paragraphs, start=1)
        ]
        units.append(
            Unit(
                article.key,
                article.label,
                "\n".join(article.paragraphs),
                chapter=chapters.get(article.chapter, ""),
                comments=by_target.get(article.key, []),
                paragraphs=paragraphs,
            )
        )
    for i, text in enumerate(structure.paragraphs, start=1):
        units.append(Unit(f"p{i}", f"第{chinese_numeral(i)}段", text, comments=by_target.get(f"p{i}", [])))
    return by_target.get("", []), units


def group_rows(consultation: Consultation) -> QuerySet:
    """Groups with their counts (all comments and the visible ones), largest first."""
    return (
        CommentGroup.objects.filter(consultation=consultation)
        .annotate(
            size=Count("comments"),
            visible=Count("comments", filter=Q(comments__hidden=False)),
            hidden_count=Count("comments", filter=Q(comments__hidden=True)),
        )
        .order_by("target_article", "target_paragraph", "-size", "pk")
    )


def groups_to_decide(consultation: Consultation) -> QuerySet:
    """Groups with at least one visible comment: each needs a decision (hidden-only groups do not)."""
    return group_rows(consultation).filter(visible__gt=0)


def report_blockers(consultation: Consultation) -> list[str]:
    """Why the 意见采纳情况 cannot be published yet."""
    blockers = []
    if timezone.now() < consultation.closes_at:
        blockers.append("征集期尚未结束")
    if not consultation.live:
        blockers.append("意见征集尚未公开")
    groups = list(groups_to_decide(consultation))
    undecided = [g for g in groups if not g.decision]
    if undecided:
        blockers.append(f"还有{len(undecided)}组意见未填写处理意见")
    missing_reason = [
        g for g in groups if g.decision in (Decision.PARTLY, Decision.NOT_ADOPTED) and not g.reason.strip()
    ]
    if missing_reason:
        blockers.append(f"有{len(missing_reason)}组部分采纳或未采纳的意见未说明理由")
    return blockers


def _representative(group: CommentGroup) -> Comment | None:
    """The comment whose text may stand for the group in public: the first consented, visible one."""
    return group.comments.filter(consent_publish=True, hidden=False).order_by("number").first()


def report_entries(consultation: Consultation) -> list[dict]:
    """The public lines of the report: one per group that has a visible comment (no personal data)."""
    entries = []
    for group in groups_to_decide(consultation):
        first = group.comments.filter(hidden=False).order_by("number").first()
        shown = _representative(group)
        identities = Counter(group.comments.filter(hidden=False).values_list("identity_type", flat=True))
        entries.append(
            {
                "group": group.pk,
                "target": target_key(group.target_article, group.target_paragraph),
                "target_label": first.target_label if first else "全文",
                "count": group.visible,
                "text": shown.text if shown else HIDDEN_TEXT,
                "identity_types": {
                    t.value: identities.get(t.value, 0) for t in IdentityType if identities.get(t.value)
                },
                "decision": group.decision,
                "decision_label": Decision(group.decision).label if group.decision else "",
                "reason": group.reason,
            }
        )
    return entries


def decision_counts(entries: list[dict]) -> list[tuple[str, int]]:
    """(label, number of comments) per decision, for the report's summary line."""
    counts = Counter()
    for entry in entries:
        counts[entry["decision"]] += entry["count"]
    return [(d.label, counts.get(d.value, 0)) for d in Decision]


@dataclass(frozen=True)
class MissingReport:
    consultation: Consultation
    closed_on: datetime.date
    days_since_close: int
    report: AdoptionReport | None


def missing_reports(department_ids: list[int] | None, moment: datetime.datetime | None = None) -> list[MissingReport]:
    """Published consultations closed without a published 意见采纳情况, longest waiting first."""
    moment = moment or timezone.now()
    today = timezone.localtime(moment).date()
    queryset = (
        Consultation.objects.published()
        .filter(closes_at__lte=moment)
        .exclude(report__live=True)
        .select_related("department", "report")
        .order_by("closes_at")
    )
    if department_ids is not None:
        queryset = queryset.filter(department_id__in=department_ids)
    rows = []
    for consultation in queryset:
        closed_on = timezone.localtime(consultation.closes_at).date()
        rows.append(
            MissingReport(consultation, closed_on, (today - closed_on).days, getattr(consultation, "report", None))
        )
    return rows
