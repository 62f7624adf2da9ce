"""HTTP checks of scripts/prod-smoke.sh, made through nginx exactly as a browser would (TLS, cookies).

Run by the script, not by hand: it reads the addresses, certificate and log folder from SMOKE_* variables.
Each check prints PASS/FAIL and appends it to the results file; the exit code is 1 if any failed.
"""

import http.client
import json
import os
import re
import ssl
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

HTTPS = urlsplit(os.environ["SMOKE_HTTPS"])
HTTP = urlsplit(os.environ["SMOKE_HTTP"])
TLS = ssl.create_default_context(cafile=os.environ["SMOKE_CA"])
LOGS = Path(os.environ["SMOKE_LOGS"])
RESULTS = Path(os.environ["SMOKE_RESULTS"])
FAILED: list[str] = []


def record(ok: bool, label: str, detail: str = "") -> None:
    line = f"{'PASS' if ok else 'FAIL'}  {label}" + ("" if ok or not detail else f"  — {detail}")
    print(line, flush=True)
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(line + "\n")
    if not ok:
        FAILED.append(label)


class Response:
    def __init__(self, raw: http.client.HTTPResponse) -> None:
        self.status = raw.status
        self.headers = raw.headers
        self.body = raw.read()

    def header(self, name: str) -> str:
        return self.headers.get(name, "")

    def cookies(self) -> SimpleCookie:
        jar = SimpleCookie()
        for value in self.headers.get_all("Set-Cookie") or []:
            jar.load(value)
        return jar


def request(
    method: str, path: str, *, headers: dict | None = None, body: bytes | None = None, tls: bool = True
) -> Response:
    target = HTTPS if tls else HTTP
    if tls:
        conn = http.client.HTTPSConnection(target.hostname, target.port, context=TLS, timeout=15)
    else:
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=15)
    try:
        # skip_host: send the Host a browser would, with the port.
        conn.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        return Response(conn.getresponse())
    finally:
        conn.close()


def log_lines(name: str) -> list[str]:
    path = LOGS / name
    return path.read_text(encoding="utf-8", errors="replace").splitlines() if path.exists() else []


def through_nginx() -> None:
    # Plain HTTP only redirects to HTTPS.
    r = request("GET", "/admin/login/", tls=False)
    record(
        r.status == 301 and r.header("Location").startswith("https://"),
        "HTTP 跳转到 HTTPS / port 80 redirects to https",
        f"{r.status} {r.header('Location')}",
    )

    # An empty production site: migrate leaves Wagtail's root and its stock welcome page at /,
    # which the site serves (200) until the department builds its home page (docs/deployment.md).
    r = request("GET", "/")
    text = r.body.decode("utf-8", "replace")
    record(
        r.status == 200 and "text/html" in r.header("Content-Type") and "<html" in text.lower(),
        "首页应答 / home page answers (empty site: Wagtail's first page)",
        f"{r.status} {r.header('Content-Type')} {text[:120]!r}",
    )
    record(
        "default-src" in r.header("Content-Security-Policy")
        and "unsafe-inline" not in r.header("Content-Security-Policy"),
        "公众页面 CSP 不含 unsafe-inline / public CSP without unsafe-inline",
        r.header("Content-Security-Policy"),
    )

    # The full-page cache: the second anonymous request is answered by nginx without the app.
    again = request("GET", "/")
    record(
        again.header("X-Cache-Status") == "HIT"
        and "s-maxage=" in again.header("Cache-Control")
        and not again.headers.get_all("Set-Cookie"),
        "匿名页面由 nginx 缓存应答 / anonymous page served from the page cache (HIT, no cookie)",
        f"{again.header('X-Cache-Status')} {again.header('Cache-Control')!r}",
    )
    # A page with a form carries a per-visitor CSRF token: never cached, each visitor gets their own.
    forms = [request("GET", "/messages/new/") for _ in range(2)]
    tokens = [re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', f.body) for f in forms]
    record(
        all(f.status == 200 and "private" in f.header("Cache-Control") for f in forms)
        and forms[1].header("X-Cache-Status") != "HIT"
        and all(tokens)
        and tokens[0].group(1) != tokens[1].group(1),
        "表单页面不进缓存 / form page (CSRF) is never cached",
        f"{[(f.status, f.header('X-Cache-Status'), f.header('Cache-Control')) for f in forms]}",
    )

    r = request("GET", "/api/v1/")
    try:
        is_json = isinstance(json.loads(r.body), (dict, list))
    except ValueError:
        is_json = False
    record(
        r.status == 200 and "application/json" in r.header("Content-Type") and is_json,
        "接口返回 JSON / /api/v1/ answers JSON",
        f"{r.status} {r.header('Content-Type')} {r.body[:120]!r}",
    )

    # A static file: served by nginx (no upstream in its log line, never in gunicorn's logs), cached, gzipped.
    static_root = Path(os.environ["SMOKE_STATIC_ROOT"])
    candidates = sorted(static_root.glob("wagtailadmin/css/*.css")) or sorted(static_root.rglob("*.css"))
    static_file = candidates[0]
    static_path = "/static/" + static_file.relative_to(static_root).as_posix()
    r = request("GET", static_path)
    record(
        r.status == 200 and r.body == static_file.read_bytes() and "max-age=" in r.header("Cache-Control"),
        f"静态文件 / static file {static_path} (200, same bytes, Cache-Control)",
        f"{r.status} {r.header('Cache-Control')}",
    )
    # collectstatic with the manifest storage wrote hashed names too; those are cached a year.
    hashed = sorted(static_root.glob("wagtailadmin/css/core.*.css"))
    if hashed:
        hashed_path = "/static/" + hashed[0].relative_to(static_root).as_posix()
        h = request("GET", hashed_path)
        record(
            h.status == 200 and "immutable" in h.header("Cache-Control"),
            f"带哈希的静态文件缓存一年 / hashed static name {hashed_path} is immutable",
            f"{h.status} {h.header('Cache-Control')}",
        )
    else:
        record(False, "带哈希的静态文件 / hashed static names written by collectstatic", "none found")
    gz = request("GET", static_path, headers={"Accept-Encoding": "gzip"})
    record(gz.header("Content-Encoding") == "gzip", "静态文件 gzip 压缩 / gzip on", gz.header("Content-Encoding"))
    time.sleep(0.3)  # nginx writes its access log line after the response
    nginx_static = [line for line in log_lines("nginx.access.log") if f"GET {static_path} " in line]
    in_gunicorn = [
        line
        for name in ("gunicorn-a.access.log", "gunicorn-b.access.log")
        for line in log_lines(name)
        if static_path in line
    ]
    record(
        bool(nginx_static) and all("up=-/-" in line for line in nginx_static) and not in_gunicorn,
        "静态文件由 nginx 直接提供 / static served by nginx, not gunicorn (access logs)",
        f"nginx: {nginx_static[-1:]} gunicorn: {in_gunicorn[:1]}",
    )

    # Public media yes, private uploads never (no nginx location, and the app has no URL for the path).
    r = request("GET", "/media/smoke/public.txt")
    record(r.status == 200 and b"public-media-ok" in r.body, "公开媒体文件 / public media served", str(r.status))
    for path in (
        "/private/smoke/secret.txt",
        "/media/../private/smoke/secret.txt",
        "/media/%2e%2e/private/smoke/secret.txt",
        "/static/../private/smoke/secret.txt",
        "/media/smoke/../../private/smoke/secret.txt",
        "/var/private/smoke/secret.txt",
    ):
        r = request("GET", path)
        record(
            r.status in (400, 403, 404) and b"PRIVATE-APPLICANT" not in r.body,
            f"私有文件不可访问 / private storage unreachable: {path}",
            str(r.status),
        )

    # Admin login page: the admin CSP, HSTS with preload, secure cookies.
    r = request("GET", "/admin/login/")
    hsts = r.header("Strict-Transport-Security")
    record(r.status == 200, "后台登录页 / admin login page answers", str(r.status))
    record(
        "max-age=31536000" in hsts and "includeSubDomains" in hsts and "preload" in hsts,
        "HSTS 头 / Strict-Transport-Security with preload",
        hsts,
    )
    record(bool(r.header("Content-Security-Policy")), "后台 CSP 头 / admin Content-Security-Policy", "missing")
    record(
        r.header("X-Frame-Options") in ("SAMEORIGIN", "DENY") and r.header("X-Content-Type-Options") == "nosniff",
        "X-Frame-Options 与 nosniff / frame and sniffing headers",
        f"{r.header('X-Frame-Options')} {r.header('X-Content-Type-Options')}",
    )
    set_cookie = " ".join(r.headers.get_all("Set-Cookie") or [])
    csrf_cookie = r.cookies().get("csrftoken")
    record(
        csrf_cookie is not None and "secure" in set_cookie.lower(),
        "CSRF cookie 仅限 HTTPS / csrftoken cookie is Secure",
        set_cookie,
    )
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', r.body)
    form_token = match.group(1).decode() if match else ""

    # POST without the CSRF token is refused.
    origin = f"https://{HTTPS.hostname}:{HTTPS.port}"
    form = {"Content-Type": "application/x-www-form-urlencoded", "Referer": origin + "/admin/login/", "Origin": origin}
    body = urlencode({"username": "smoke_admin", "password": os.environ["ADMIN_PASSWORD"]}).encode()
    r = request("POST", "/admin/login/", headers=form, body=body)
    record(r.status == 403, "无 CSRF 令牌的 POST 被拒绝 / POST without CSRF refused 403", str(r.status))

    # Log in through nginx: the session lives in Redis, and 2FA enrolment is demanded.
    body = urlencode(
        {
            "csrfmiddlewaretoken": form_token,
            "username": "smoke_admin",
            "password": os.environ["ADMIN_PASSWORD"],
            "next": "/admin/",
        }
    ).encode()
    cookie = f"csrftoken={csrf_cookie.value}" if csrf_cookie else ""
    r = request("POST", "/admin/login/", headers={**form, "Cookie": cookie}, body=body)
    session = r.cookies().get("sessionid")
    record(
        r.status == 302 and session is not None,
        "超级用户经 nginx 登录 / superuser logs in through nginx",
        f"{r.status} {r.header('Location')} {r.body[:200]!r}",
    )
    if session is None:
        return
    cookie = f"csrftoken={csrf_cookie.value}; sessionid={session.value}"
    r = request("GET", "/admin/", headers={"Cookie": cookie})
    record(
        r.status == 302 and urlsplit(r.header("Location")).path == "/admin/2fa/setup/",
        "要求启用双因素认证 / admin redirects to /admin/2fa/setup/",
        f"{r.status} {r.header('Location')}",
    )
    r = request("GET", "/admin/2fa/setup/", headers={"Cookie": cookie})
    record(r.status == 200 and "双因素".encode() in r.body, "双因素认证设置页 / 2FA setup page answers", str(r.status))

    # Signed in: nginx neither serves nor stores the shared copy.
    r = request("GET", "/", headers={"Cookie": cookie})
    record(
        r.status == 200 and r.header("X-Cache-Status") == "BYPASS" and "private" in r.header("Cache-Control"),
        "登录用户绕过页面缓存 / a signed-in visitor bypasses the page cache",
        f"{r.status} {r.header('X-Cache-Status')} {r.header('Cache-Control')!r}",
    )

    import redis  # the project's own dependency; only this check needs it

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    key = f":1:django.contrib.sessions.cache{session.value}"
    record(bool(client.exists(key)), "会话保存在 Redis / session key found in Redis", key)

    # X-Real-IP reaches the app: gunicorn's log starts with the client address nginx passed on.
    app_lines = log_lines("gunicorn-a.access.log") + log_lines("gunicorn-b.access.log")
    record(
        bool(app_lines) and all(line.startswith("127.0.0.1 ") for line in app_lines if "/admin/login/" in line),
        "X-Real-IP 传到应用 / X-Real-IP reaches gunicorn",
        app_lines[-1] if app_lines else "no lines",
    )
    served_by = {line.split("up=")[1].split("/")[0] for line in log_lines("nginx.access.log") if "up=127." in line}
    record(len(served_by) == 2, "两台应用服务器均有流量 / nginx balanced across both app servers", str(served_by))


def cached_date() -> None:
    """Print the Date of the home page's cached copy (the app's answer nginx keeps), for purge()."""
    r = request("GET", "/")
    print(r.header("Date") if r.header("X-Cache-Status") == "HIT" else "")


def purge() -> None:
    """After prod-smoke.sh published the home page again: nginx's copy was replaced at once.

    The stock welcome page of an empty site does not show its title, so the proof is the copy's
    Date (set by the app when it rendered it): newer than the copy kept before, though its 600 s
    life has not run out, together with the refresh listener's line in nginx's log.
    """
    from email.utils import parsedate_to_datetime

    if not os.environ.get("SMOKE_CACHED_DATE"):
        record(False, "发布前首页应在缓存中 / the home page was cached before the publication", "no HIT")
        return
    before = parsedate_to_datetime(os.environ["SMOKE_CACHED_DATE"])
    seen = None
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        seen = request("GET", "/")
        if seen.header("X-Cache-Status") == "HIT" and parsedate_to_datetime(seen.header("Date")) > before:
            break
        time.sleep(0.5)
    refreshed = seen is not None and seen.header("X-Cache-Status") == "HIT"
    refreshed = refreshed and parsedate_to_datetime(seen.header("Date")) > before
    refresh_lines: list[str] = []
    for _ in range(20):  # nginx logs the refresh just after it stored the new copy
        refresh_lines = [line for line in log_lines("nginx.access.log") if '"HEAD / HTTP/1.1" 200' in line]
        if refresh_lines:
            break
        time.sleep(0.25)
    record(
        refreshed and bool(refresh_lines),
        "发布后缓存即被刷新 / publishing replaced the cached home page at once (newer copy, refresh logged)",
        f"before {before} now {seen.header('Date') if seen else ''} {seen.header('X-Cache-Status') if seen else ''}"
        f" refresh lines: {len(refresh_lines)}",
    )


def failover() -> None:
    survivor = os.environ["SMOKE_SURVIVOR"]
    before = len(log_lines("nginx.access.log"))
    statuses = [request("GET", path).status for path in ("/api/v1/", "/admin/login/", "/", "/api/v1/") * 3]
    record(
        all(status == 200 for status in statuses),
        "一台应用服务器停止后仍可访问 / requests succeed with one app server down",
        str(statuses),
    )
    time.sleep(0.3)
    answered = [line for line in log_lines("nginx.access.log")[before:] if "up=" in line and "up=-" not in line]
    # A request first sent to the dead server shows both addresses ("A, B"); the last one answered.
    record(
        bool(answered) and all(line.split("up=")[1].split("/")[0].split(", ")[-1] == survivor for line in answered),
        "请求由存活服务器应答 / the surviving app server answered",
        f"{answered[-1:]}",
    )


if __name__ == "__main__":
    {"through-nginx": through_nginx, "cached-date": cached_date, "purge": purge, "failover": failover}[sys.argv[1]]()
    sys.exit(1 if FAILED else 0)
