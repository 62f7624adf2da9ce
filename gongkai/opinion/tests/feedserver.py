"""A tiny HTTP server on loopback serving feed files from a directory, for the fetch tests (no network).

It answers conditional GETs like a real server (ETag from the content, Last-Modified from the file),
records each request's headers, and has two special paths: /slow (answers after a delay) and
/big (a body larger than any test limit).
"""

import email.utils
import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class FeedServer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.requests: list[dict[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet tests
                pass

            def do_GET(self):
                server.requests.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
                if self.path == "/slow":
                    time.sleep(2)
                    return self._send(200, b"<rss/>", {})
                if self.path == "/big":
                    return self._send(200, b"<rss>" + b" " * 200_000 + b"</rss>", {})
                path = server.root / self.path.lstrip("/")
                if not path.is_file():
                    return self._send(404, b"not found", {})
                body = path.read_bytes()
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                modified = email.utils.formatdate(int(path.stat().st_mtime), usegmt=True)
                if self.headers.get("If-None-Match") == etag:
                    return self._send(304, b"", {"ETag": etag})
                return self._send(
                    200,
                    body,
                    {"ETag": etag, "Last-Modified": modified, "Content-Type": "application/rss+xml; charset=utf-8"},
                )

            def _send(self, status, body, headers):
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    try:
                        self.wfile.write(body)
                    except (BrokenPipeError, ConnectionResetError):
                        pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def rss(entries: list[dict]) -> str:
    """RSS 2.0 text of ``entries`` (guid, title, text, published: aware datetime)."""
    items = "".join(
        "<item><guid>{guid}</guid><title>{title}</title><link>https://news.example.cn/{guid}</link>"
        "<description><![CDATA[<p>{text}</p>]]></description><pubDate>{date}</pubDate></item>".format(
            guid=e["guid"], title=e["title"], text=e["text"], date=email.utils.format_datetime(e["published"])
        )
        for e in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>测试新闻</title>'
        f"<link>https://news.example.cn/</link><description>测试</description>{items}</channel></rss>"
    )


def atom(entries: list[dict]) -> str:
    items = "".join(
        "<entry><id>urn:test:{guid}</id><title>{title}</title><link href='https://forum.example.cn/{guid}'/>"
        "<updated>{date}</updated><content type='html'>&lt;b&gt;{text}&lt;/b&gt;</content></entry>".format(
            guid=e["guid"], title=e["title"], text=e["text"], date=e["published"].isoformat()
        )
        for e in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>论坛</title>'
        f"<id>urn:test</id><updated>2026-01-01T00:00:00Z</updated>{items}</feed>"
    )
