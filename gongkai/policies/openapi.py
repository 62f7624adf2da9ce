"""OpenAPI paths and schemas of 政策文件与解读, merged into /api/v1/openapi.json by gongkai.api.openapi."""

from typing import Any

PATHS: dict[str, Any] = {}
SCHEMAS: dict[str, Any] = {}
