"""OpenAPI paths and schemas of 决策预公开与意见征集, merged into /api/v1/openapi.json by gongkai.api.openapi."""

from typing import Any

from gongkai.api.openapi import DATE, ERRORS, URL, _json, _nullable, _object, _query, _ref

STATES = ["not_started", "open", "closed", "reported"]
IDENTITY_TYPES = ["individual", "enterprise", "trade_association", "chamber", "lawyers", "other_org"]
DATETIME = {"type": "string", "format": "date-time"}
COUNT = {"type": "integer", "minimum": 0}


def _choice(codes: list[str], names: list[str], description: str) -> dict[str, Any]:
    return _object({"code": {"type": "string", "enum": codes}, "name": {"type": "string", "enum": names}}, description)


PARTICIPATION = _object(
    {code: COUNT for code in IDENTITY_TYPES},
    "Comments per identity type (个人, 企业, 行业协会, 商会, 律师协会, 其他组织); hidden comments not counted.",
)

SUMMARY_PROPERTIES: dict[str, Any] = {
    "id": {"type": "integer"},
    "url": URL,
    "title": {"type": "string"},
    "kind": _choice(
        ["normative", "planning", "major", "standard", "other"],
        ["规范性文件", "规划", "重大行政决策", "标准", "其他"],
        "决策类型.",
    ),
    "department": _ref("Department"),
    "opens_at": {**DATETIME, "description": "征求意见开始时间 (Asia/Shanghai)."},
    "closes_at": {**DATETIME, "description": "征求意见截止时间 (Asia/Shanghai)."},
    "state": _choice(
        STATES, ["未开始", "征集中", "已结束", "已公布采纳情况"], "State derived from the dates and the report."
    ),
    "comment_count": {**COUNT, "description": "Comments received (hidden ones not counted)."},
    "report_published": {"type": "boolean", "description": "意见采纳情况 published."},
}

SCHEMAS: dict[str, Any] = {
    "ConsultationSummary": _object(SUMMARY_PROPERTIES, "A published consultation (决策预公开、意见征集)."),
    "ConsultationList": _object(
        {"total": {"type": "integer"}, "items": {"type": "array", "items": _ref("ConsultationSummary")}},
        "Open consultations first (closing soonest), then upcoming, then closed (latest first).",
    ),
    "ConsultationUnit": _object(
        {
            "key": {"type": "string", "description": "Target key: a3 (第三条) or p5 (第五段); a3p2 is 第三条第二款."},
            "label": {"type": "string"},
            "chapter": {"type": "string", "description": "The 章 the article belongs to, or empty."},
            "paragraphs": {"type": "array", "items": {"type": "string"}, "description": "The 款 of the article."},
        },
        "One article (条) of the draft, or one paragraph (段) of a draft without articles.",
    ),
    "ConsultationReportEntry": _object(
        {
            "target": {"type": "string", "description": "Target key; empty for the whole draft."},
            "target_label": {"type": "string"},
            "count": {**COUNT, "description": "Comments in this group (near-identical comments together)."},
            "text": {"type": "string", "description": "The comment text, when its author agreed to publish it."},
            "decision": _choice(["adopted", "partly", "not_adopted"], ["采纳", "部分采纳", "未采纳"], "处理意见."),
            "reason": {"type": "string"},
        },
        "One line of the 意见采纳情况.",
    ),
    "ConsultationMeeting": _object(
        {
            "kind": _choice(["hearing", "symposium", "consultation"], ["听证会", "座谈会", "咨询协商会"], "形式."),
            "held_on": DATE,
            "place": {"type": "string"},
            "participants": _object({code: COUNT for code in IDENTITY_TYPES}, "Participants by identity type."),
            "summary": {"type": "string"},
        },
        "A 听证会 or 座谈会 on the draft.",
    ),
    "ConsultationReport": _object(
        {
            "published_at": _nullable(DATETIME),
            "summary": {"type": "string"},
            "participation": PARTICIPATION,
            "entries": {"type": "array", "items": _ref("ConsultationReportEntry")},
            "meetings": {"type": "array", "items": _ref("ConsultationMeeting")},
        },
        "意见采纳情况 as published (frozen at publication).",
    ),
    "ConsultationDetail": _object(
        {
            **SUMMARY_PROPERTIES,
            "draft_text": {"type": "string", "description": "决策草案."},
            "structure": {"type": "array", "items": _ref("ConsultationUnit")},
            "basis": {"type": "string", "description": "决策依据."},
            "expected_effect": {"type": "string", "description": "预期效果."},
            "explanation": {"type": "string", "description": "起草说明."},
            "short_period_reason": {"type": "string", "description": "Why the period is shorter than the minimum."},
            "participation": PARTICIPATION,
            "report": _nullable(_ref("ConsultationReport")),
        },
        "A published consultation with its draft, participation and report. Never personal data.",
    ),
}

PATHS: dict[str, Any] = {
    "/consultations/": {
        "get": {
            "operationId": "listConsultations",
            "summary": "意见征集列表",
            "parameters": [_query("state", "Only consultations in this state.", {"type": "string", "enum": STATES})],
            "responses": {"200": _json("ConsultationList", "Published consultations."), **ERRORS},
        }
    },
    "/consultations/{id}/": {
        "get": {
            "operationId": "getConsultation",
            "summary": "意见征集详情",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {
                "200": _json("ConsultationDetail", "The consultation."),
                "404": _json("Error", "Not published or does not exist."),
                **ERRORS,
            },
        }
    },
}
