"""OpenAPI paths and schemas of 互动交流, merged into /api/v1/openapi.json by gongkai.api.openapi."""

from typing import Any

PATHS: dict[str, Any] = {}
SCHEMAS: dict[str, Any] = {}
