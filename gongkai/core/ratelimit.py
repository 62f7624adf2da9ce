"""Fixed-window counters in the cache, for abuse protection that needs no outside service.

The cache is per process with the embedded default and shared through Redis at scale, so the
limit holds per app server in the first case and across servers in the second.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address to count against. X-Real-IP only when the operator says a proxy sets it.

    A client reaching the app directly could otherwise put any X-Real-IP in its request and
    escape every limit; behind nginx (``proxy_set_header X-Real-IP $remote_addr``) it is the truth.
    """
    if settings.GONGKAI_TRUST_X_REAL_IP:
        forwarded = request.META.get("HTTP_X_REAL_IP")
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR") or "unknown"


def _key(scope: str, identity: str) -> str:
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def count(scope: str, identity: str) -> int:
    return cache.get(_key(scope, identity), 0)


def exceeded(scope: str, identity: str, *, limit: int) -> bool:
    """Has ``identity`` already used up ``limit`` hits of ``scope`` in the current window?"""
    return count(scope, identity) >= limit


def hit(scope: str, identity: str, *, window_seconds: int) -> int:
    """Count one hit; returns the count in the current window."""
    key = _key(scope, identity)
    if cache.add(key, 1, timeout=window_seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window_seconds)
        return 1


def reset(scope: str, identity: str) -> None:
    cache.delete(_key(scope, identity))
