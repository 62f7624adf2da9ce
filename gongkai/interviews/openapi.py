"""OpenAPI paths and schemas of 新闻发布会与在线访谈, merged into /api/v1/openapi.json by gongkai.api.openapi."""

from typing import Any

from gongkai.api.openapi import ERRORS, URL, _json, _nullable, _object, _query, _ref

DATETIME = {"type": "string", "format": "date-time"}
CHOICE = _object({"code": {"type": "string"}, "name": {"type": "string"}}, "A coded value with its Chinese name.")

SCHEMAS: dict[str, Any] = {
    "InterviewChoice": CHOICE,
    "InterviewEvent": _object(
        {
            "id": {"type": "integer"},
            "url": URL,
            "kind": {
                **_ref("InterviewChoice"),
                "description": "press_conference 新闻发布会, online_interview 在线访谈, policy_briefing 政策吹风会.",
            },
            "title": {"type": "string"},
            "state": {
                **_ref("InterviewChoice"),
                "description": "upcoming 预告, live 直播中, ended 已结束 — derived from the times at the request.",
            },
            "starts_at": DATETIME,
            "ends_at": {**DATETIME, "description": "Planned end."},
            "department": _ref("Department"),
        },
        "A published press conference, online interview or policy briefing.",
    ),
    "InterviewEventList": _object(
        {
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "page_size": {"type": "integer"},
            "num_pages": {"type": "integer"},
            "items": {"type": "array", "items": _ref("InterviewEvent")},
        }
    ),
    "InterviewGuest": _object(
        {"name": {"type": "string"}, "title": {"type": "string"}, "organisation": {"type": "string"}}
    ),
    "InterviewLink": _object({"title": {"type": "string"}, "url": URL}, "A related policy or page."),
    "InterviewEntry": _object(
        {
            "id": {"type": "integer"},
            "retracted": {"type": "boolean", "description": "Retracted entries keep their place with no content."},
            "speaker": {"type": "string"},
            "text": {"type": "string", "description": "Plain text; blank lines separate paragraphs."},
            "time": _nullable(DATETIME),
            "edited": {"type": "boolean", "description": "Corrected after it was first published (已更正)."},
            "image": _nullable(URL),
        },
        "One paragraph of the text transcript.",
    ),
    "InterviewQuestion": _object(
        {
            "id": {"type": "integer"},
            "text": {"type": "string"},
            "submitted_at": DATETIME,
            "answered": {"type": "boolean"},
            "answer_entry": _nullable({"type": "integer", "description": "id of the transcript entry answering it."}),
        },
        "An approved question from the public. Who asked is never published.",
    ),
    "InterviewMedia": _object(
        {
            "id": {"type": "integer"},
            "kind": {**_ref("InterviewChoice"), "description": "audio 音频, video 视频, image 图片."},
            "title": {"type": "string"},
            "summary": {"type": "string", "description": "文字摘要."},
            "content_type": {
                "type": "string",
                "enum": ["audio/mpeg", "audio/mp4", "video/mp4", "image/jpeg", "image/png"],
            },
            "size": {"type": "integer", "description": "Bytes."},
            "url": URL,
        }
    ),
}
SCHEMAS["InterviewEventDetail"] = _object(
    {
        **SCHEMAS["InterviewEvent"]["properties"],
        "topic": {"type": "string"},
        "place": {"type": "string", "description": "Empty when webcast only."},
        "webcast": {"type": "boolean", "description": "网络直播."},
        "summary": {"type": "string"},
        "guests": {"type": "array", "items": _ref("InterviewGuest")},
        "related": {"type": "array", "items": _ref("InterviewLink")},
        "transcript_version": {
            "type": "integer",
            "description": "Pass as after= to /interviews/{id}/transcript.json to get later changes only.",
        },
        "transcript": {"type": "array", "items": _ref("InterviewEntry")},
        "questions": {"type": "array", "items": _ref("InterviewQuestion")},
        "media": {"type": "array", "items": _ref("InterviewMedia")},
    },
    "An event with guests, transcript, approved questions and media.",
)

PATHS: dict[str, Any] = {
    "/interviews/": {
        "get": {
            "operationId": "listInterviewEvents",
            "summary": "新闻发布会与在线访谈列表",
            "description": "Published events, latest start first.",
            "parameters": [
                _query(
                    "kind",
                    "形式.",
                    {"type": "string", "enum": ["press_conference", "online_interview", "policy_briefing"]},
                ),
                _query("state", "状态.", {"type": "string", "enum": ["upcoming", "live", "ended"]}),
                _query(
                    "year", "Year of the start (Beijing time).", {"type": "integer", "minimum": 2000, "maximum": 2100}
                ),
                _query("page", "Page number.", {"type": "integer", "minimum": 1, "default": 1}),
                _query("page_size", "Page size.", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}),
            ],
            "responses": {"200": _json("InterviewEventList", "A page of events."), **ERRORS},
        }
    },
    "/interviews/{id}/": {
        "get": {
            "operationId": "getInterviewEvent",
            "summary": "新闻发布会与在线访谈详情",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {
                "200": _json("InterviewEventDetail", "The event."),
                "404": _json("Error", "不存在或未公开。"),
                **ERRORS,
            },
        }
    },
}
