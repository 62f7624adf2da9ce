"""OpenAPI paths and schemas of 舆情监测与回应, merged into /api/v1/openapi.json by gongkai.api.openapi."""

from typing import Any

PATHS: dict[str, Any] = {}
SCHEMAS: dict[str, Any] = {}
