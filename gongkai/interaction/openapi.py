"""OpenAPI paths and schemas of 互动交流, merged into /api/v1/openapi.json by gongkai.api.openapi."""

from typing import Any

from gongkai.api.openapi import ERRORS, URL, _json, _object, _query

DATETIME = {"type": "string", "format": "date-time"}

_SUMMARY = {
    "id": {"type": "integer"},
    "url": URL,
    "kind": _object(
        {
            "code": {"type": "string", "enum": ["leader_mailbox", "consultation", "suggestion"]},
            "name": {"type": "string"},
        },
        "留言类型：领导信箱、咨询、建议。",
    ),
    "subject": {"type": "string", "description": "留言主题（公开文本，已隐去个人信息）。"},
    "department": _object({"code": {"type": "string"}, "name": {"type": "string"}}, "答复处室。"),
    "received_at": {**DATETIME, "description": "收到留言的时间（北京时间）。"},
    "replied_at": {**DATETIME, "description": "答复发布的时间（北京时间）。"},
}

SCHEMAS: dict[str, Any] = {
    "InteractionMessageSummary": _object(_SUMMARY, "An answered message the writer agreed to publish."),
    "InteractionMessage": _object(
        {
            **_SUMMARY,
            "question": {"type": "string", "description": "留言内容（公开文本：姓名、电话、证件号码、地址已隐去）。"},
            "reply": {"type": "string", "description": "答复内容（纯文本）。"},
        },
        "One answered public message with its reply.",
    ),
    "InteractionMessageList": _object(
        {
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "page_size": {"type": "integer"},
            "num_pages": {"type": "integer"},
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/InteractionMessageSummary"}},
        },
        "A page of the public Q&A, newest reply first.",
    ),
}

PATHS: dict[str, Any] = {
    "/interaction/messages/": {
        "get": {
            "operationId": "listInteractionMessages",
            "summary": "互动交流：公开的留言及答复",
            "description": (
                "Answered messages whose writer chose 公开, newest reply first. Invalid and private ones never appear."
            ),
            "parameters": [
                _query(
                    "kind", "留言类型。", {"type": "string", "enum": ["leader_mailbox", "consultation", "suggestion"]}
                ),
                _query("department", "答复处室代码 (see /departments/).", {"type": "string"}),
                _query("page", "Page number, from 1.", {"type": "integer", "minimum": 1}),
                _query("page_size", "Items per page (default 20).", {"type": "integer", "minimum": 1, "maximum": 100}),
            ],
            "responses": {"200": _json("InteractionMessageList", "A page of messages."), **ERRORS},
        }
    },
    "/interaction/messages/{id}/": {
        "get": {
            "operationId": "getInteractionMessage",
            "summary": "互动交流：一条公开的留言及答复",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {
                "200": _json("InteractionMessage", "The message and its reply."),
                "404": _json("Error", "不存在或未公开。"),
                **ERRORS,
            },
        }
    },
}
