"""OpenAPI paths and schemas of 环境投诉举报, merged into /api/v1/openapi.json by gongkai.api.openapi."""

from typing import Any

from gongkai.api.openapi import DATE, ERRORS, URL, _json, _nullable, _object, _query, _ref

_CODE_NAME = _object({"code": {"type": "string"}, "name": {"type": "string"}}, "A coded value with its Chinese name.")

SCHEMAS: dict[str, Any] = {
    "ComplaintCodeName": _CODE_NAME,
    "ComplaintResultSummary": _object(
        {
            "id": {"type": "integer"},
            "url": URL,
            "category": _ref("ComplaintCodeName"),
            "prefecture": _ref("ComplaintCodeName"),
            "county": _ref("ComplaintCodeName"),
            "received_on": DATE,
            "closed_on": _nullable(DATE),
            "department": _ref("ComplaintCodeName"),
        },
        "A published 查处结果: category, place (county, with 行政区划代码), dates and the handling department. "
        "Never the reporter's identity or phone.",
    ),
    "ComplaintResultList": _object(
        {
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "page_size": {"type": "integer"},
            "num_pages": {"type": "integer"},
            "items": {"type": "array", "items": _ref("ComplaintResultSummary")},
        },
        "A page of published results, newest received first.",
    ),
}
SCHEMAS["ComplaintResultDetail"] = {
    **_object(
        {
            **SCHEMAS["ComplaintResultSummary"]["properties"],
            "findings": {"type": "string", "description": "调查核实情况 (masked copy)."},
            "measures": {"type": "string", "description": "处理措施 (masked copy)."},
            "penalty_decision_number": {"type": "string", "description": "行政处罚决定书文号, or empty."},
            "photos": {"type": "array", "items": URL, "description": "Photos staff marked publishable."},
        },
        "A published 查处结果 with its masked texts.",
    )
}

PATHS: dict[str, Any] = {
    "/complaints/": {
        "get": {
            "operationId": "listComplaintResults",
            "summary": "环境投诉举报查处结果列表",
            "parameters": [
                _query(
                    "category",
                    "举报类别: air, water, noise, solid_waste, radiation, ecology, other.",
                    {
                        "type": "string",
                        "enum": ["air", "water", "noise", "solid_waste", "radiation", "ecology", "other"],
                    },
                ),
                _query(
                    "prefecture", "市（州）行政区划代码, e.g. 520100.", {"type": "string", "pattern": "^52[0-9]{4}$"}
                ),
                _query("page", "Page number.", {"type": "integer", "minimum": 1, "default": 1}),
                _query("page_size", "Page size.", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}),
            ],
            "responses": {"200": _json("ComplaintResultList", "A page of results."), **ERRORS},
        }
    },
    "/complaints/{id}/": {
        "get": {
            "operationId": "getComplaintResult",
            "summary": "环境投诉举报查处结果详情",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {
                "200": _json("ComplaintResultDetail", "The result."),
                "404": _json("Error", "不存在或未公开。"),
                **ERRORS,
            },
        }
    },
}
