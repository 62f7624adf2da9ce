"""The API's HTTP conventions in one place: JSON errors, caching and CORS headers, allowed methods."""

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

# Open data: any web page may read the API (GET only, no credentials).
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, Content-Type",
    "Access-Control-Max-Age": "86400",
}
# Published items change at most a few times a minute; a minute of staleness is the trade for caching.
CACHE_CONTROL = "public, max-age=60"
ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")


class ApiError(Exception):
    """A client error answered as ``{"error": {"code": ..., "message": ...}}``."""

    def __init__(self, code: str, message: str, *, status: int = 400, parameter: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.parameter = parameter


# Longer digit strings are refused before int() so that a huge number cannot cost time or memory.
MAX_DIGITS = 9


def reject_unknown(request: HttpRequest, allowed: tuple[str, ...]) -> None:
    """A misspelt parameter is an error, not silently ignored: the caller would trust a wrong answer."""
    unknown = sorted(set(request.GET) - set(allowed))
    if unknown:
        raise ApiError(
            "unknown_parameter",
            f"不支持的参数：{'、'.join(unknown)}。可用参数：{'、'.join(allowed) or '无'}。",
            parameter=unknown[0],
        )


def positive_int(request: HttpRequest, name: str, default: int, high: int) -> int:
    """A query parameter that must be an integer from 1 to ``high``; ``default`` when absent."""
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > MAX_DIGITS or not 1 <= int(raw) <= high:
        raise ApiError("invalid_parameter", f"参数 {name} 应为 1 到 {high} 之间的整数。", parameter=name)
    return int(raw)


def json_response(data: Any, *, status: int = 200) -> JsonResponse:
    # ensure_ascii=False: Chinese stays readable for people looking at the raw JSON.
    response = JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    return _decorate(response)


def error_response(error: ApiError) -> JsonResponse:
    body: dict[str, Any] = {"code": error.code, "message": error.message}
    if error.parameter:
        body["parameter"] = error.parameter
    return json_response({"error": body}, status=error.status)


def _decorate(response: HttpResponse) -> HttpResponse:
    for header, value in CORS_HEADERS.items():
        response[header] = value
    response["Cache-Control"] = CACHE_CONTROL
    return response


def _refuse_control_characters(request: HttpRequest) -> None:
    # PostgreSQL text cannot hold NUL; refusing it here keeps every filter from failing with a 500.
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            raise ApiError("invalid_parameter", f"参数 {name.replace(chr(0), '')} 含有非法字符。", parameter=name)


def api_view(view: Callable[..., Any]) -> Callable[..., HttpResponse]:
    """Wrap a view returning JSON-able data: GET/HEAD only, ApiError → 4xx JSON, headers on every answer."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return _decorate(response)
        if request.method not in ALLOWED_METHODS:
            response = error_response(
                ApiError("method_not_allowed", "本接口只读，仅支持 GET 请求。", status=405),
            )
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return response
        try:
            _refuse_control_characters(request)
            data = view(request, *args, **kwargs)
        except ApiError as error:
            return error_response(error)
        if isinstance(data, HttpResponse):
            return _decorate(data)
        return json_response(data)

    # Read-only and cookie-free: CSRF does not apply, and a POST must get the JSON 405, not a CSRF page.
    wrapper.csrf_exempt = True
    return wrapper
