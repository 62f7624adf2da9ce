"""OpenAPI paths and schemas of 舆情监测与回应, merged into /api/v1/openapi.json by gongkai.api.openapi.

Only 突发环境事件 are public: monitored posts and events are staff data and have no API.
"""

from typing import Any

from gongkai.api.openapi import ERRORS, URL, _json, _nullable, _object, _query, _ref

_CODE_NAME = _object({"code": {"type": "string"}, "name": {"type": "string"}}, "A coded value with its Chinese name.")
_DATETIME = {"type": "string", "format": "date-time"}

SCHEMAS: dict[str, Any] = {
    "IncidentCodeName": _CODE_NAME,
    "IncidentUpdate": _object(
        {
            "id": {"type": "integer"},
            "kind": {
                **_ref("IncidentCodeName"),
                "description": "发布类型: first 首次发布, progress 进展, result 结果.",
            },
            "title": {"type": "string"},
            "body": {"type": "string", "description": "发布内容 as plain text."},
            "as_of": {**_DATETIME, "description": "信息截至时间 (Asia/Shanghai offset)."},
            "published_at": _nullable(_DATETIME),
        },
        "One published entry of an incident's timeline (reviewed before publication).",
    ),
}
SCHEMAS["IncidentSummary"] = _object(
    {
        "id": {"type": "integer"},
        "url": URL,
        "title": {"type": "string"},
        "place": {"type": "string", "description": "发生地点."},
        "started_at": _DATETIME,
        "level": {
            **_ref("IncidentCodeName"),
            "description": "事件级别 (国家突发环境事件应急预案): iv 一般, iii 较大, ii 重大, i 特别重大.",
        },
        "department": _ref("IncidentCodeName"),
    },
    "A 突发环境事件 with at least one published update.",
)
SCHEMAS["IncidentListEntry"] = _object(
    {**SCHEMAS["IncidentSummary"]["properties"], "latest": _nullable(_ref("IncidentUpdate"))},
    "An incident with its newest published update.",
)
SCHEMAS["IncidentList"] = _object(
    {
        "total": {"type": "integer"},
        "page": {"type": "integer"},
        "page_size": {"type": "integer"},
        "num_pages": {"type": "integer"},
        "items": {"type": "array", "items": _ref("IncidentListEntry")},
    },
    "A page of public incidents, newest 发生时间 first.",
)
SCHEMAS["IncidentDetail"] = _object(
    {
        **SCHEMAS["IncidentSummary"]["properties"],
        "updates": {"type": "array", "items": _ref("IncidentUpdate"), "description": "Newest first."},
    },
    "An incident with its whole published timeline.",
)

PATHS: dict[str, Any] = {
    "/opinion/incidents/": {
        "get": {
            "operationId": "listIncidents",
            "summary": "突发环境事件列表",
            "parameters": [
                _query("page", "Page number, from 1.", {"type": "integer", "minimum": 1}),
                _query(
                    "page_size", "Entries per page (default 20).", {"type": "integer", "minimum": 1, "maximum": 100}
                ),
            ],
            "responses": {"200": _json("IncidentList", "A page of incidents."), **ERRORS},
        }
    },
    "/opinion/incidents/{id}/": {
        "get": {
            "operationId": "getIncident",
            "summary": "突发环境事件及其信息发布",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {
                "200": _json("IncidentDetail", "The incident and its published updates, newest first."),
                "404": _json("Error", "不存在或尚未发布信息。"),
                **ERRORS,
            },
        }
    },
}
