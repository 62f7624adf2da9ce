"""Read-only JSON of 意见征集 under /api/v1/consultations/ (docs/consultations.md).

The same visibility as the pages: published consultations only; comments are never listed one by
one here (no names, no contacts, no texts people did not agree to publish). The detail carries the
draft with its structure, participation counts by identity type and, once published, the
意见采纳情况 as frozen at publication with its 听证会/座谈会 records.
"""

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from gongkai.api.http import ApiError, api_view, reject_unknown
from gongkai.consultations import selectors
from gongkai.consultations.models import AdoptionReport, Consultation, State
from gongkai.consultations.structure import chinese_numeral

LIST_PARAMETERS = ("state",)


def _choice(value: str, label: str) -> dict[str, str]:
    return {"code": value, "name": label}


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat()


def summary(request: HttpRequest, consultation: Consultation, comment_count: int, now) -> dict[str, Any]:
    state = consultation.state(now)
    return {
        "id": consultation.pk,
        "url": request.build_absolute_uri(reverse("consultations_public:detail", args=[consultation.pk])),
        "title": consultation.title,
        "kind": _choice(consultation.kind, consultation.get_kind_display()),
        "department": {"code": consultation.department.code, "name": consultation.department.name},
        "opens_at": _iso(consultation.opens_at),
        "closes_at": _iso(consultation.closes_at),
        "state": _choice(state.value, state.label),
        "comment_count": comment_count,
        "report_published": state == State.REPORTED,
    }


@api_view
def consultation_list(request: HttpRequest) -> dict[str, Any]:
    reject_unknown(request, LIST_PARAMETERS)
    wanted = request.GET.get("state", "")
    if wanted and wanted not in State.values:
        raise ApiError("invalid_parameter", f"参数 state 应为 {'、'.join(State.values)} 之一。", parameter="state")
    now = timezone.now()
    counts = dict(
        Consultation.objects.published()
        .annotate(n=Count("comments", filter=Q(comments__hidden=False)))
        .values_list("pk", "n")
    )
    items = [
        summary(request, c, counts.get(c.pk, 0), now)
        for c in selectors.public_consultations(now)
        if not wanted or c.state(now) == wanted
    ]
    return {"total": len(items), "items": items}


def _structure(consultation: Consultation) -> list[dict[str, Any]]:
    structure = consultation.structure()
    chapters = {c.number: f"{c.label} {c.title}".strip() for c in structure.chapters}
    if structure.has_articles:
        return [
            {
                "key": a.key,
                "label": a.label,
                "chapter": chapters.get(a.chapter, ""),
                "paragraphs": list(a.paragraphs),
            }
            for a in structure.articles
        ]
    return [
        {"key": f"p{i}", "label": f"第{chinese_numeral(i)}段", "chapter": "", "paragraphs": [text]}
        for i, text in enumerate(structure.paragraphs, start=1)
    ]


def _report(report: AdoptionReport | None) -> dict[str, Any] | None:
    if report is None or not report.live:
        return None
    return {
        "published_at": _iso(report.last_published_at) if report.last_published_at else None,
        "summary": report.summary,
        "participation": {row.code: row.count for row in selectors.participation_from(report.published_participation)},
        "entries": [
            {
                "target": entry["target"],
                "target_label": entry["target_label"],
                "count": entry["count"],
                "text": entry["text"],
                "decision": _choice(entry["decision"], entry["decision_label"]),
                "reason": entry["reason"],
            }
            for entry in report.published_entries
        ],
        "meetings": [
            {
                "kind": _choice(m.kind, m.get_kind_display()),
                "held_on": m.held_on.isoformat(),
                "place": m.place,
                "participants": {
                    "individual": m.individuals,
                    "enterprise": m.enterprises,
                    "trade_association": m.trade_associations,
                    "chamber": m.chambers,
                    "lawyers": m.lawyers,
                    "other_org": m.other_organisations,
                },
                "summary": m.summary,
            }
            for m in report.meetings.all()
        ],
    }


@api_view
def consultation_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    reject_unknown(request, ())
    consultation = Consultation.objects.published().select_related("department").filter(pk=pk).first()
    if consultation is None:
        raise ApiError("not_found", f"编号为 {pk} 的意见征集不存在或尚未公开。", status=404)
    now = timezone.now()
    participation = selectors.participation(consultation, include_hidden=False)
    report = AdoptionReport.objects.filter(consultation=consultation, live=True).first()
    return {
        **summary(request, consultation, sum(row.count for row in participation), now),
        "draft_text": consultation.draft_text,
        "structure": _structure(consultation),
        "basis": consultation.basis,
        "expected_effect": consultation.expected_effect,
        "explanation": consultation.explanation,
        "short_period_reason": consultation.short_period_reason,
        "participation": {row.code: row.count for row in participation},
        "report": _report(report),
    }
