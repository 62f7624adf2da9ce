"""OpenAPI paths and schemas of 决策预公开与意见征集, merged into /api/v1/openapi.json by gongkai.api.openapi."""

from typing import Any

PATHS: dict[str, Any] = {}
SCHEMAS: dict[str, Any] = {}
