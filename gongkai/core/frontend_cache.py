"""Wagtail frontend-cache backend for nginx's proxy_cache without extra modules.

Stock nginx cannot delete a cache entry on request (that needs the third-party cache_purge
module). It can, though, fetch a page afresh and store the new answer in place of the old one:
the template's refresh listener (loopback only) serves from the same cache zone with the same key
and ``proxy_cache_bypass 1``. Purging an address is then a HEAD request to that listener; nginx
turns it into a GET upstream and keeps the new page, the new 404 or the new 410.

Settings (``WAGTAILFRONTENDCACHE``, built in base.py from GONGKAI_PAGE_CACHE_REFRESH_URL)::

    {"nginx": {"BACKEND": "gongkai.core.frontend_cache.NginxRefreshBackend",
               "LOCATION": "http://127.0.0.1:8090", "HOST": "gongkai.example.gov.cn"}}

``HOST`` is the Host header sent (one of ALLOWED_HOSTS); by default the address's own host.
"""

from __future__ import annotations

import http.client
import logging
from urllib.parse import urlsplit

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

logger = logging.getLogger("gongkai.page_cache")


class NginxRefreshBackend(BaseBackend):
    def __init__(self, params: dict) -> None:
        params = dict(params)
        location = urlsplit(params.pop("LOCATION"))
        if location.scheme not in ("http", "https") or not location.hostname:
            raise ValueError("页面缓存刷新地址须为 http(s)://主机:端口")
        self.scheme = location.scheme
        self.netloc = location.netloc
        self.host = params.pop("HOST", "")
        self.timeout = float(params.pop("TIMEOUT", 10))
        super().__init__(params)

    def _connection(self) -> http.client.HTTPConnection:
        cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
        return cls(self.netloc, timeout=self.timeout)

    def purge(self, url: str) -> None:
        self.purge_batch([url])

    def purge_batch(self, urls) -> None:
        # One keep-alive connection for the batch: a publication touches a dozen addresses.
        connection = self._connection()
        try:
            for url in urls:
                parts = urlsplit(url)
                target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
                host = self.host or parts.netloc
                try:
                    connection.request("HEAD", target, headers={"Host": host, "User-Agent": "Gongkai-page-cache"})
                    response = connection.getresponse()
                    response.read()
                    status = response.status
                except (OSError, http.client.HTTPException) as error:
                    logger.error("页面缓存刷新失败 %s: %s", target, error)
                    connection.close()
                    connection = self._connection()
                    continue
                if status >= 500:
                    logger.error("页面缓存刷新失败 %s: HTTP %s", target, status)
                else:
                    logger.info("页面缓存已刷新 %s (%s)", target, status)
        finally:
            connection.close()
