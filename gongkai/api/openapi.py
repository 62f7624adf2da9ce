"""The OpenAPI 3.1 description of /api/v1/, written by hand as Python data.

The served document (/api/v1/openapi.json) is built from this module and compared by a test
with the committed snapshot gongkai/api/openapi.json; `make openapi-snapshot` rewrites the
snapshot after a deliberate change. Every object schema closes its property list
(additionalProperties: false), so the tests also catch a field added to the JSON but not here.
"""

import importlib
import json
from pathlib import Path
from typing import Any

SNAPSHOT_PATH = Path(__file__).with_name("openapi.json")
API_VERSION = "1.0.0"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"oneOf": [schema, {"type": "null"}]}


def _object(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


DATE = {"type": "string", "format": "date"}
URL = {"type": "string", "format": "uri"}

SCHEMAS: dict[str, Any] = {
    "Error": _object(
        {
            "error": {
                "type": "object",
                "properties": {
                    "code": {
                        "type": "string",
                        "enum": [
                            "invalid_parameter",
                            "unknown_parameter",
                            "unknown_value",
                            "not_found",
                            "method_not_allowed",
                        ],
                    },
                    "message": {"type": "string", "description": "中文说明，可直接展示给用户。"},
                    "parameter": {"type": "string", "description": "出错的查询参数名（如有）。"},
                },
                "required": ["code", "message"],
                "additionalProperties": False,
            }
        },
        "Every 4xx answer has this body.",
    ),
    "Category": _object(
        {"code": {"type": "string"}, "name": {"type": "string"}}, "主题分类 or 体裁分类: stable code and Chinese name."
    ),
    "Department": _object(
        {"code": {"type": "string"}, "name": {"type": "string"}}, "发布机构: the department that published the item."
    ),
    "Validity": _object(
        {
            "code": {"type": "string", "enum": ["valid", "amended", "repealed", "expired"]},
            "name": {"type": "string", "enum": ["有效", "已修订", "已废止", "已失效"]},
        },
        "有效性.",
    ),
    "ColumnRef": _object(
        {"id": {"type": "integer"}, "slug": {"type": "string"}, "title": {"type": "string"}},
        "The column (栏目) the item sits in.",
    ),
    "PageRef": _object(
        {"id": {"type": "integer"}, "title": {"type": "string"}, "url": URL},
        "A published page that amends or repeals this item.",
    ),
    "Item": _object(
        {
            "id": {"type": "integer", "description": "Stable page id."},
            "title": {"type": "string"},
            "url": URL,
            "index_number": {"type": "string", "description": "索引号: {统一社会信用代码}/{年份}-{五位序号}."},
            "column": _nullable(_ref("ColumnRef")),
            "department": _ref("Department"),
            "topic": _nullable(_ref("Category")),
            "genre": _nullable(_ref("Category")),
            "written_date": _nullable({**DATE, "description": "成文日期."}),
            "published_date": {**DATE, "description": "发布日期 (date of first publication, Beijing time)."},
            "updated_at": {"type": "string", "format": "date-time", "description": "Last publication."},
            "document_number": {"type": "string", "description": "文号; empty string when none."},
            "validity": _ref("Validity"),
            "superseded_by": _nullable(_ref("PageRef")),
            "keywords": {"type": "array", "items": {"type": "string"}},
            "summary": {"type": "string"},
        },
        "A published disclosure item with its catalog metadata.",
    ),
    "Attachment": _object(
        {
            "title": {"type": "string"},
            "url": URL,
            "file_extension": {"type": "string"},
            "file_size": _nullable({"type": "integer", "description": "Bytes."}),
        }
    ),
    "ItemList": _object(
        {
            "total": {"type": "integer", "description": "Matches before limit/offset."},
            "limit": {"type": "integer"},
            "offset": {"type": "integer"},
            "items": {"type": "array", "items": _ref("Item")},
        }
    ),
    "Column": _object(
        {
            "id": {"type": "integer"},
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "url": URL,
            "parent_id": _nullable({"type": "integer", "description": "Parent column; null at the top level."}),
            "feeds": _object({"rss": URL, "atom": URL}),
        }
    ),
    "ColumnList": _object({"total": {"type": "integer"}, "items": {"type": "array", "items": _ref("Column")}}),
    "DepartmentEntry": _object(
        {
            "code": {"type": "string"},
            "name": {"type": "string"},
            "kind": {"type": "string", "enum": ["office", "affiliated"], "description": "处室 or 直属单位."},
        }
    ),
    "DepartmentList": _object(
        {"total": {"type": "integer"}, "items": {"type": "array", "items": _ref("DepartmentEntry")}}
    ),
    "Index": _object(
        {
            "name": {"type": "string"},
            "version": {"type": "string"},
            "openapi": URL,
            "endpoints": _object({"items": URL, "columns": URL, "departments": URL, "enforcement_decisions": URL}),
        }
    ),
}

# ItemDetail = Item + body, source and attachments (kept explicit so the closed property list holds).
SCHEMAS["ItemDetail"] = _object(
    {
        **SCHEMAS["Item"]["properties"],
        "source": {"type": "string", "description": "信息来源."},
        "body": {"type": "string", "description": "正文 as HTML; links are site-relative."},
        "attachments": {"type": "array", "items": _ref("Attachment")},
    },
    "A published item with its body and attachments.",
)


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


def _json(schema_name: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema_name)}}}


ERRORS = {
    "400": _json("Error", "参数错误（格式不对、取值不存在或参数名不支持）。"),
}

PATHS: dict[str, Any] = {
    "/": {
        "get": {
            "operationId": "index",
            "summary": "接口入口",
            "responses": {"200": _json("Index", "Links to the endpoints."), **ERRORS},
        }
    },
    "/items/": {
        "get": {
            "operationId": "listItems",
            "summary": "公开信息列表",
            "description": "Published items only, newest 发布日期 first (with q: title matches first).",
            "parameters": [
                _query("column", "栏目 id or slug; includes sub-columns.", {"type": "string"}),
                _query("department", "发布机构代码 (see /departments/).", {"type": "string"}),
                _query("topic", "主题分类代码; includes sub-topics.", {"type": "string"}),
                _query("genre", "体裁分类代码.", {"type": "string"}),
                _query("year", "Year of 发布日期.", {"type": "integer", "minimum": 1949, "maximum": 9999}),
                _query(
                    "q",
                    "Full-text query: Chinese substrings of one character or more, 文号 and 索引号. Results are "
                    "title matches first, then the rest, each newest first; total is counted up to 10000. "
                    "Cannot be combined with topic or updated_since.",
                    {"type": "string", "maxLength": 100},
                ),
                _query(
                    "updated_since",
                    "Only items (re)published at or after this moment; ISO 8601, Beijing time if no offset.",
                    {"type": "string"},
                ),
                _query("limit", "Page size.", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}),
                _query("offset", "Items to skip.", {"type": "integer", "minimum": 0, "maximum": 100000, "default": 0}),
            ],
            "responses": {"200": _json("ItemList", "A page of items."), **ERRORS},
        }
    },
    "/items/{id}/": {
        "get": {
            "operationId": "getItem",
            "summary": "公开信息详情",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {
                "200": _json("ItemDetail", "The item."),
                "404": _json("Error", "不存在或未公开。"),
                **ERRORS,
            },
        }
    },
    "/columns/": {
        "get": {
            "operationId": "listColumns",
            "summary": "栏目列表",
            "description": "Every public column in tree order, with its feed addresses.",
            "responses": {"200": _json("ColumnList", "All columns."), **ERRORS},
        }
    },
    "/departments/": {
        "get": {
            "operationId": "listDepartments",
            "summary": "发布机构列表",
            "responses": {"200": _json("DepartmentList", "All departments."), **ERRORS},
        }
    },
    "/openapi.json": {
        "get": {
            "operationId": "getOpenApi",
            "summary": "本接口说明（OpenAPI 3.1）",
            "responses": {"200": {"description": "This document.", "content": {"application/json": {}}}},
        }
    },
}


# ---------- 行政执法公示 (gongkai.enforcement.api; docs/enforcement-public.md) ----------
# Only the public fields: masked texts (public_*), no identity document, the legal
# representative for organisations only.

SCHEMAS["EnforcementChoice"] = _object(
    {"code": {"type": "string"}, "name": {"type": "string"}}, "A coded value with its Chinese name."
)
SCHEMAS["EnforcementDecision"] = _object(
    {
        "id": {"type": "integer"},
        "url": {**URL, "description": "The public page of the decision."},
        "kind": {
            **_ref("EnforcementChoice"),
            "description": "执法类别: license, penalty, coercion, inspection, other.",
        },
        "document_title": {"type": "string", "description": "决定文书名称."},
        "decision_number": {"type": "string", "description": "决定文书号."},
        "decision_date": {**DATE, "description": "决定日期."},
        "party_name": {"type": "string", "description": "行政相对人名称."},
        "party_category": {
            **_ref("EnforcementChoice"),
            "description": (
                "行政相对人类别: organisation 法人及非法人组织, person 自然人, individual_business 个体工商户."
            ),
        },
        "department": _ref("Department"),
        "public_until": _nullable({**DATE, "description": "公示截止期 (last day of publication); null: no end."}),
    },
    "A decision in its publication period.",
)
SCHEMAS["EnforcementDecisionList"] = _object(
    {
        "total": {"type": "integer", "description": "Matches before paging, counted up to 1000."},
        "total_capped": {"type": "boolean", "description": "total 达到上限（1000）时为 true：实际匹配更多。"},
        "page": {"type": "integer"},
        "page_size": {"type": "integer"},
        "num_pages": {"type": "integer"},
        "items": {"type": "array", "items": _ref("EnforcementDecision")},
    }
)
SCHEMAS["EnforcementAuthority"] = _object(
    {"name": {"type": "string"}, "uscc": {"type": "string", "description": "统一社会信用代码."}},
    "处罚机关 / 许可机关: the agency.",
)
_WANYUAN = _nullable({"type": "string", "description": "万元, decimal string with at most 6 decimals."})
SCHEMAS["EnforcementDecisionDetail"] = _object(
    {
        **SCHEMAS["EnforcementDecision"]["properties"],
        "party_uscc": {"type": "string", "description": "统一社会信用代码; empty for a natural person."},
        "legal_representative": {"type": "string", "description": "法定代表人; organisations only, else empty."},
        "violation_type": {"type": "string", "description": "违法行为类型."},
        "penalty_types": {"type": "array", "items": {"type": "string"}, "description": "处罚类别 (行政处罚法第九条)."},
        "fine_amount": {**_WANYUAN, "description": "罚款金额（万元）."},
        "confiscation_amount": {**_WANYUAN, "description": "没收违法所得、没收非法财物的金额（万元）."},
        "suspended_license": {"type": "string", "description": "暂扣或吊销证照名称及编号."},
        "license_category": {"type": "string", "description": "许可类别; empty unless a licence."},
        "certificate_name": {"type": "string", "description": "许可证书名称."},
        "license_number": {"type": "string", "description": "许可编号."},
        "valid_from": _nullable({**DATE, "description": "有效期自."}),
        "valid_to": _nullable({**DATE, "description": "有效期至."}),
        "public_facts": {"type": "string", "description": "违法事实, masked public text."},
        "public_basis": {"type": "string", "description": "依据, masked public text."},
        "public_content": {"type": "string", "description": "处罚内容 / 许可内容, masked public text."},
        "public_remarks": {"type": "string", "description": "备注, masked public text."},
        "public_full_text": {"type": "string", "description": "决定书全文, masked public text; may be empty."},
        "authority": _nullable(_ref("EnforcementAuthority")),
    },
    "Every public field of a decision in its publication period.",
)
SCHEMAS["EnforcementWithdrawal"] = _object(
    {
        "decision_number": {"type": "string"},
        "document_title": {"type": "string"},
        "reason": {
            **_ref("EnforcementChoice"),
            "description": "撤下事由: changed, revoked, confirmed_illegal, confirmed_void, remake_ordered.",
        },
        "statement": {"type": "string", "description": "公开说明."},
        "withdrawn_on": {**DATE, "description": "撤下日期."},
    },
    "The public statement of a withdrawn decision (行政处罚法第四十八条).",
)
SCHEMAS["EnforcementDecisionGone"] = _object(
    {
        "error": _object(
            {
                "code": {"type": "string", "enum": ["withdrawn", "publication_ended"]},
                "message": {"type": "string", "description": "中文说明，可直接展示给用户。"},
            }
        ),
        "withdrawal": _nullable(_ref("EnforcementWithdrawal")),
        "publication_ended_on": _nullable({**DATE, "description": "信用修复后停止公示的日期."}),
    },
    "410: withdrawn (with the statement) or publication ended early after 信用修复 (nothing else shown).",
)

PATHS["/enforcement/decisions/"] = {
    "get": {
        "operationId": "listEnforcementDecisions",
        "summary": "执法决定查询",
        "description": "Decisions in their publication period, newest 决定日期 first.",
        "parameters": [
            _query(
                "q",
                "行政相对人名称 (substring), 统一社会信用代码 (exact) or 决定文书号.",
                {"type": "string", "maxLength": 100},
            ),
            _query(
                "kind",
                "执法类别.",
                {"type": "string", "enum": ["license", "penalty", "coercion", "inspection", "other"]},
            ),
            _query("department", "执法处室: department code (see /departments/) or id.", {"type": "string"}),
            _query("date_from", "决定日期 on or after (YYYY-MM-DD).", DATE),
            _query("date_to", "决定日期 on or before (YYYY-MM-DD).", DATE),
            _query(
                "page",
                "Page number; beyond the last page is an error.",
                {"type": "integer", "minimum": 1, "default": 1},
            ),
            _query("page_size", "Page size.", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}),
        ],
        "responses": {"200": _json("EnforcementDecisionList", "A page of decisions."), **ERRORS},
    }
}
PATHS["/enforcement/decisions/{id}/"] = {
    "get": {
        "operationId": "getEnforcementDecision",
        "summary": "执法决定详情",
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
        "responses": {
            "200": _json("EnforcementDecisionDetail", "The decision."),
            "404": _json("Error", "不存在、未公开或公示期已满。"),
            "410": _json("EnforcementDecisionGone", "已撤下，或信用修复后已停止公示。"),
            **ERRORS,
        },
    }
}


# Feature apps describe their own endpoints (PATHS, SCHEMAS in <app>/openapi.py); imported late so
# that they can use the helpers above without an import cycle.
FEATURE_MODULES = [
    f"gongkai.{app}.openapi"
    for app in ("policies", "consultations", "interviews", "interaction", "complaints", "opinion")
]


def build_openapi() -> dict[str, Any]:
    """The OpenAPI document as served. Deterministic: no host names, no dates."""
    paths, schemas = dict(PATHS), dict(SCHEMAS)
    for name in FEATURE_MODULES:
        module = importlib.import_module(name)
        paths.update(module.PATHS)
        schemas.update(module.SCHEMAS)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "政务公开平台开放接口",
            "version": API_VERSION,
            "summary": "只读接口：已发布的公开信息及其目录元数据。",
            "description": (
                "Read-only JSON for published disclosure items. Anonymous, GET only, "
                "CORS open (Access-Control-Allow-Origin: *), cached for 60 seconds. "
                'Errors are JSON: {"error": {"code", "message"}} with a Chinese message.'
            ),
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


def render_openapi() -> str:
    """The snapshot's exact text: sorted keys, two-space indent, Chinese unescaped, final newline."""
    return json.dumps(build_openapi(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_snapshot(path: Path) -> Path:
    path.write_text(render_openapi(), encoding="utf-8")
    return path
