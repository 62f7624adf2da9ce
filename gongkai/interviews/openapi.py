"""OpenAPI paths and schemas of 新闻发布会与在线访谈, merged into /api/v1/openapi.json by gongkai.api.openapi."""

from typing import Any

PATHS: dict[str, Any] = {}
SCHEMAS: dict[str, Any] = {}
