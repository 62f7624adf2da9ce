"""A small checker for the subset of JSON Schema our OpenAPI document uses (no new dependency).

Supports $ref, oneOf, type (object/array/string/integer/boolean/null), required,
additionalProperties: false, enum and the date / date-time / uri formats.
"""

import datetime
from typing import Any


class SchemaMismatch(AssertionError):
    pass


def check(instance: Any, schema: dict[str, Any], document: dict[str, Any], path: str = "$") -> None:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return check(instance, document["components"]["schemas"][name], document, path)
    if "oneOf" in schema:
        matches = 0
        for option in schema["oneOf"]:
            try:
                check(instance, option, document, path)
                matches += 1
            except SchemaMismatch:
                pass
        if matches != 1:
            raise SchemaMismatch(f"{path}: {instance!r} matches {matches} of the oneOf options")
        return None
    kind = schema.get("type")
    if kind == "object":
        if not isinstance(instance, dict):
            raise SchemaMismatch(f"{path}: expected object, got {instance!r}")
        properties = schema.get("properties", {})
        missing = [key for key in schema.get("required", []) if key not in instance]
        if missing:
            raise SchemaMismatch(f"{path}: missing {missing}")
        if schema.get("additionalProperties") is False:
            extra = sorted(set(instance) - set(properties))
            if extra:
                raise SchemaMismatch(f"{path}: undocumented fields {extra}")
        for key, value in instance.items():
            if key in properties:
                check(value, properties[key], document, f"{path}.{key}")
    elif kind == "array":
        if not isinstance(instance, list):
            raise SchemaMismatch(f"{path}: expected array, got {instance!r}")
        for n, value in enumerate(instance):
            check(value, schema.get("items", {}), document, f"{path}[{n}]")
    elif kind == "string":
        if not isinstance(instance, str):
            raise SchemaMismatch(f"{path}: expected string, got {instance!r}")
        _check_format(instance, schema.get("format"), path)
    elif kind == "integer":
        if not isinstance(instance, int) or isinstance(instance, bool):
            raise SchemaMismatch(f"{path}: expected integer, got {instance!r}")
    elif kind == "boolean":
        if not isinstance(instance, bool):
            raise SchemaMismatch(f"{path}: expected boolean, got {instance!r}")
    elif kind == "null":
        if instance is not None:
            raise SchemaMismatch(f"{path}: expected null, got {instance!r}")
    if "enum" in schema and instance not in schema["enum"]:
        raise SchemaMismatch(f"{path}: {instance!r} not in {schema['enum']}")
    return None


def _check_format(value: str, fmt: str | None, path: str) -> None:
    try:
        if fmt == "date":
            datetime.date.fromisoformat(value)
        elif fmt == "date-time":
            if datetime.datetime.fromisoformat(value).tzinfo is None:
                raise ValueError("no offset")
        elif fmt == "uri" and not value.startswith(("http://", "https://")):
            raise ValueError("not absolute")
    except ValueError as error:
        raise SchemaMismatch(f"{path}: {value!r} is not a valid {fmt} ({error})") from error
