"""OpenAPI paths and schemas of 政策文件与解读, merged into /api/v1/openapi.json by gongkai.api.openapi."""

from typing import Any

from gongkai.api.openapi import DATE, ERRORS, URL, _json, _nullable, _object, _query, _ref

CODE_NAME = {"code": {"type": "string"}, "name": {"type": "string"}}

SUMMARY_PROPERTIES: dict[str, Any] = {
    "id": {"type": "integer"},
    "title": {"type": "string"},
    "url": URL,
    "document_number": {"type": "string", "description": "文号."},
    "index_number": _nullable({"type": "string", "description": "索引号."}),
    "department": _ref("Department"),
    "legal_form": _nullable(
        _object(
            {
                "code": {"type": "string", "enum": ["rule", "normative"]},
                "name": {"type": "string", "enum": ["规章", "行政规范性文件"]},
            },
            "文件性质.",
        )
    ),
    "validity": _ref("Validity"),
    "written_date": _nullable({**DATE, "description": "成文日期."}),
    "published_date": _nullable({**DATE, "description": "发布日期."}),
    "effective_date": _nullable({**DATE, "description": "施行日期 (null: from publication)."}),
    "livelihood": {"type": "boolean", "description": "与民生密切相关."},
}

SCHEMAS: dict[str, Any] = {
    "PolicyLink": _object(
        {"id": {"type": "integer"}, "title": {"type": "string"}, "url": URL}, "A link to a published page."
    ),
    "PolicySummary": _object(SUMMARY_PROPERTIES, "A published policy document (政策文件)."),
    "PolicyList": _object(
        {
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "page_size": {"type": "integer"},
            "num_pages": {"type": "integer"},
            "items": {"type": "array", "items": _ref("PolicySummary")},
        }
    ),
    "PolicyDetail": _object(
        {
            **SUMMARY_PROPERTIES,
            "summary": {"type": "string", "description": "摘要."},
            "superseded_by": _nullable(_ref("PolicyLink")),
            "interpretations": {
                "type": "array",
                "items": _object(
                    {
                        "id": {"type": "integer"},
                        "title": {"type": "string"},
                        "url": URL,
                        "form": _object(CODE_NAME, "解读形式 (文字解读、图解、音视频…)."),
                    }
                ),
            },
            "relations": {
                "type": "array",
                "items": _object(
                    {
                        "kind": _object(CODE_NAME, "amends 修订 / repeals 废止."),
                        "policy": _ref("PolicyLink"),
                        "note": {"type": "string"},
                    },
                    "An earlier policy this one amends or repeals.",
                ),
            },
            "history": {
                "type": "array",
                "items": _object(
                    {
                        "date": DATE,
                        "event": _object(CODE_NAME, "published, amends, repeals, amended_by, repealed_by."),
                        "policy": _nullable(_ref("PolicyLink")),
                        "note": {"type": "string"},
                    },
                    "One event of 文件沿革.",
                ),
            },
            "questions": {
                "type": "array",
                "items": _object(
                    {"id": {"type": "integer"}, "question": {"type": "string"}, "answer": {"type": "string"}}
                ),
            },
        },
        "A policy with its interpretations (政策解读), 修订/废止 relations, 文件沿革 and 政策问答.",
    ),
}

PATHS: dict[str, Any] = {
    "/policies/": {
        "get": {
            "operationId": "listPolicies",
            "summary": "政策文件列表",
            "description": "Published policy documents, newest 发布日期 first.",
            "parameters": [
                _query("validity", "有效性.", {"type": "string", "enum": ["valid", "amended", "repealed", "expired"]}),
                _query("legal_form", "文件性质.", {"type": "string", "enum": ["rule", "normative"]}),
                _query("published_from", "发布日期 on or after.", DATE),
                _query("published_to", "发布日期 on or before.", DATE),
                _query(
                    "effective_on", "In force (施行) on this day: 施行日期, or else 发布日期, on or before it.", DATE
                ),
                _query("page", "Page number, from 1.", {"type": "integer", "minimum": 1}),
                _query("page_size", "Items per page (default 20).", {"type": "integer", "minimum": 1, "maximum": 100}),
            ],
            "responses": {"200": _json("PolicyList", "One page of policies."), **ERRORS},
        }
    },
    "/policies/{id}/": {
        "get": {
            "operationId": "getPolicy",
            "summary": "政策文件详情（含解读链接）",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {
                "200": _json("PolicyDetail", "The policy."),
                "404": _json("Error", "不存在或未公开。"),
                **ERRORS,
            },
        }
    },
}
