"""What the load and fault tests (test_load_*.py) need: a real database, a real gunicorn, citizens' clients.

Everything here talks to 127.0.0.1 only and cleans up after itself: the database is a temporary SQLite
file or a PostgreSQL database created for the run and dropped after it (when the test run's own
DATABASE_URL points at PostgreSQL), the server is stopped with its whole process group.
"""

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from gongkai.foi import forms_public as foi_forms
from gongkai.interaction import forms_public as interaction_forms

ROOT = Path(settings.BASE_DIR)
PYTHON = Path(sys.executable)
GUNICORN = PYTHON.parent / "gunicorn"
SETTINGS_MODULE = "gongkai.settings.loadtest"
MARKER_PREFIX = "LOADTEST-"
# The forms refuse a submission sooner than MIN_FILL_SECONDS after rendering (举报 reuses the FOI value).
FORM_MIN_AGE_SECONDS = max(foi_forms.MIN_FILL_SECONDS, interaction_forms.MIN_FILL_SECONDS) + 0.2
REQUEST_TIMEOUT = 60
# The server's audit chain key, so that the test can verify the chain in its own process.
AUDIT_CHAIN_KEY = "loadtest-audit-chain-key"


# ---------- the database and the server ----------


@dataclass
class Target:
    """One database for the app server, and the environment that points a process at it."""

    database_url: str
    var_dir: Path

    def chain_file(self, name: str) -> Path:
        return self.var_dir / "audit" / f"{name}.jsonl"

    def env(self, *, audit_chain: str = "setup") -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        env.update(
            DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
            DATABASE_URL=self.database_url,
            GONGKAI_VAR_DIR=str(self.var_dir),
            MEDIA_ROOT=str(self.var_dir / "media"),
            GONGKAI_PRIVATE_MEDIA_ROOT=str(self.var_dir / "private"),
            STATIC_ROOT=str(self.var_dir / "static"),
            # Every simulated citizen sends its own X-Real-IP, as nginx would set it (gongkai.core.ratelimit).
            GONGKAI_TRUST_X_REAL_IP="1",
            REDIS_URL="",
            # One chain file per test, so that each test checks the chain its own server wrote.
            GONGKAI_AUDIT_CHAIN_PATH=str(self.chain_file(audit_chain)),
            GONGKAI_AUDIT_CHAIN_KEY=AUDIT_CHAIN_KEY,
        )
        return env


def _is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


@contextlib.contextmanager
def fresh_database() -> Iterator[Target]:
    """A migrated database of its own: PostgreSQL when this test run uses it, else a SQLite file."""
    var_dir = Path(tempfile.mkdtemp(prefix="gongkai-load-"))
    base_url = os.environ.get("DATABASE_URL", "")
    created = None
    try:
        if _is_postgres(base_url):
            import psycopg

            parts = urllib.parse.urlsplit(base_url)
            created = f"gongkai_load_{os.getpid()}_{uuid.uuid4().hex[:8]}"
            admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{created}"')
            url = urllib.parse.urlunsplit(parts._replace(path=f"/{created}"))
        else:
            url = f"sqlite:///{var_dir / 'gongkai.sqlite3'}"
        target = Target(database_url=url, var_dir=var_dir)
        result = subprocess.run(
            [str(PYTHON), "manage.py", "migrate", "--noinput", "--skip-checks", "-v", "0"],
            cwd=ROOT,
            env=target.env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, f"migrate failed:\n{result.stdout}\n{result.stderr}"
        yield target
    finally:
        if created:
            import psycopg

            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')
        shutil.rmtree(var_dir, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """gunicorn with gthread workers, as in production (deploy/gunicorn.conf.py), in a process group of its own."""

    def __init__(self, target: Target, *, audit_chain: str, workers: int = 2, threads: int = 4) -> None:
        self.target = target
        self.audit_chain = audit_chain
        self.port = free_port()
        self.workers = workers
        self.threads = threads
        self.process: subprocess.Popen | None = None
        self.log_path = target.var_dir / "gunicorn.log"
        self.start_seconds = 0.0

    def start(self) -> None:
        command = [
            str(GUNICORN),
            "gongkai.wsgi:application",
            "--worker-class=gthread",
            f"--workers={self.workers}",
            f"--threads={self.threads}",
            f"--bind=127.0.0.1:{self.port}",
            "--no-control-socket",
            # Django is imported once, in the master, before the workers fork: a start in seconds, not tens.
            "--preload",
            "--timeout=60",
        ]
        log = self.log_path.open("ab")
        # A session of its own: SIGKILL to the group takes the master and every worker at once.
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.target.env(audit_chain=self.audit_chain),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        began = time.monotonic()
        deadline = began + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited at start-up:\n{self.log()}")
            with contextlib.suppress(OSError):
                if Client(self, "127.0.0.9").get("/messages/new/").status == 200:
                    self.start_seconds = time.monotonic() - began
                    return
            time.sleep(0.3)
        raise AssertionError(f"gunicorn did not answer within 90 s:\n{self.log()}")

    def kill(self) -> None:
        """kill -9 of the master and all its workers: no clean shutdown, no finished requests."""
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        self._reap_group()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            # SIGINT is gunicorn's quick shutdown; the requests are over by now, nothing waits for it.
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self._reap_group()

    def _reap_group(self) -> None:
        # Workers orphaned by a dead master would keep the port and the database open.
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:] if self.log_path.exists() else ""


# ---------- one citizen's browser ----------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str


class Client:
    """Cookies, one address, one request per connection: what a browser behind nginx looks like to the app."""

    def __init__(self, server: AppServer, address: str) -> None:
        self.server = server
        self.address = address
        self.cookies: dict[str, str] = {}

    def _request(self, method: str, path: str, body: bytes | None = None, content_type: str = "") -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=REQUEST_TIMEOUT)
        try:
            headers = {"X-Real-IP": self.address, "Connection": "close", "Host": "127.0.0.1"}
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            if body is not None:
                headers["Content-Type"] = content_type
                # CSRF checks the Referer's origin on HTTPS only; send it anyway as a browser would.
                headers["Referer"] = f"http://127.0.0.1:{self.server.port}{path}"
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            text = raw.read().decode("utf-8", errors="replace")
            for header, value in raw.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, text)
        finally:
            conn.close()

    def get(self, path: str) -> Response:
        return self._request("GET", path)

    def post(self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None) -> Response:
        if not files:
            return self._request(
                "POST", path, urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"
            )
        boundary = uuid.uuid4().hex
        parts: list[bytes] = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, content) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n".encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        return self._request("POST", path, b"".join(parts), f"multipart/form-data; boundary={boundary}")


HIDDEN_RE = re.compile(r'name="(csrfmiddlewaretoken|form_token)" value="([^"]+)"')

# The smallest PNG that content sniffing accepts: 1×1 pixel.
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@dataclass(frozen=True)
class Kind:
    """One public form: where it is, what a citizen types, where the result is stored."""

    name: str
    form_path: str
    done_path: str
    number_re: re.Pattern
    table: str
    marker_column: str
    fields: Callable[[str], dict[str, str]]
    files: Callable[[], dict[str, tuple[str, bytes]]] | None = None


MESSAGE = Kind(
    name="网民留言",
    form_path="/messages/new/",
    done_path="/messages/new/done/",
    number_re=re.compile(r"LY\d{4}-\d{5,}"),
    table="interaction_message",
    marker_column="subject",
    fields=lambda marker: {
        "kind": "consultation",
        "subject": marker,
        "text": "请问本市建设项目环境影响评价文件的审批流程和办理时限是怎样的？",
        "name": "张三",
        "phone": "13800000000",
        "publicity": "private",
        "website": "",
    },
)
COMPLAINT = Kind(
    name="举报",
    form_path="/complaints/new/",
    done_path="/complaints/new/done/",
    number_re=re.compile(r"JB\d{4}-\d{5,}"),
    table="complaints_complaint",
    marker_column="polluter_name",
    fields=lambda marker: {
        "category": "water",
        # 贵阳市 and its 南明区: a county that belongs to the prefecture (gongkai/complaints/data).
        "prefecture_code": "520100",
        "county_code": "520102",
        "address": "南明区某路口东侧排水沟",
        "polluter_name": marker,
        "description": "夜间有企业向排水沟直排黑色污水，气味刺鼻，已持续一周。",
        "reporter_name": "李四",
        "reporter_phone": "13900000000",
        "website": "",
    },
)
APPLICATION = Kind(
    name="依申请公开",
    form_path="/foi/apply/",
    done_path="/foi/apply/done/",
    number_re=re.compile(r"\b\d{4}-\d{5,}\b"),
    table="foi_application",
    marker_column="information_title",
    fields=lambda marker: {
        "applicant_category": "natural",
        "name": "王五",
        "id_type": "passport",
        "id_number": "E12345678",
        "phone": "13700000000",
        "information_title": marker,
        "description": "请公开2025年度本厅作出的建设项目环境影响评价文件审批决定目录。",
        "information_form": "email",
        "delivery": "email",
        "email": "wangwu@example.com",
        "consent": "on",
        "website": "",
    },
    files=lambda: {"identity_files": ("passport.png", PNG_1PX)},
)


@dataclass
class Outcome:
    """What one citizen saw. ``acknowledged``: the server answered the POST with the redirect to 提交成功."""

    kind: Kind
    marker: str
    form_status: int | None = None
    post_status: int | None = None
    acknowledged: bool = False
    number: str = ""
    done_status: int | None = None
    error: str = ""
    seconds: float = 0.0


@dataclass
class Citizen:
    client: Client
    kind: Kind
    outcome: Outcome
    hidden: dict[str, str] = field(default_factory=dict)

    def open_form(self) -> None:
        try:
            page = self.client.get(self.kind.form_path)
        except OSError as error:
            self.outcome.error = f"GET form: {error!r}"
            return
        self.outcome.form_status = page.status
        self.hidden = dict(HIDDEN_RE.findall(page.body))

    def submit(self, on_answer: Callable[[Outcome], None] | None = None) -> None:
        """Send the form; ``on_answer`` is called as soon as the POST is answered, before the done page."""
        if self.outcome.form_status != 200:
            return
        started = time.monotonic()
        try:
            posted = self.client.post(
                self.kind.form_path,
                {**self.hidden, **self.kind.fields(self.outcome.marker)},
                self.kind.files() if self.kind.files else None,
            )
            self.outcome.post_status = posted.status
            self.outcome.seconds = time.monotonic() - started
            if posted.status == 302 and posted.headers.get("location", "").endswith(self.kind.done_path):
                self.outcome.acknowledged = True
            if on_answer is not None:
                on_answer(self.outcome)
            if not self.outcome.acknowledged:
                return
            done = self.client.get(self.kind.done_path)
            self.outcome.done_status = done.status
            found = self.kind.number_re.search(done.body)
            self.outcome.number = found.group(0) if found else ""
        except OSError as error:
            self.outcome.error = f"POST: {error!r}"
            self.outcome.seconds = self.outcome.seconds or time.monotonic() - started


def citizens(server: AppServer, kinds: list[Kind], count: int, *, first_address: int = 0) -> list[Citizen]:
    """``count`` citizens, the kinds taken in turn, each from its own address in 10.0.0.0/8."""
    crowd = []
    for i in range(count):
        n = first_address + i + 1
        address = f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"
        kind = kinds[i % len(kinds)]
        outcome = Outcome(kind=kind, marker=f"{MARKER_PREFIX}{uuid.uuid4().hex}")
        crowd.append(Citizen(Client(server, address), kind, outcome))
    return crowd


def open_forms(crowd: list[Citizen], *, threads: int = 50) -> None:
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(Citizen.open_form, crowd))
    # The signed token refuses a form sent sooner than MIN_FILL_SECONDS after it was rendered.
    time.sleep(FORM_MIN_AGE_SECONDS)


def submit_all(crowd: list[Citizen], *, threads: int, on_answer: Callable[[Outcome], None] | None = None) -> float:
    """Every citizen presses 提交 at once (``threads`` at a time); returns the wall time in seconds."""
    # The first ``threads`` start together; the rest follow as threads come free.
    together = min(threads, len(crowd))
    start = threading.Barrier(together)

    def press(numbered: tuple[int, Citizen]) -> Outcome:
        index, citizen = numbered
        if index < together:
            with contextlib.suppress(threading.BrokenBarrierError):
                start.wait(timeout=30)
        citizen.submit(on_answer)
        return citizen.outcome

    began = time.monotonic()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(press, enumerate(crowd)))
    return time.monotonic() - began


# ---------- what the database holds ----------


@dataclass(frozen=True)
class StoredRow:
    pk: int
    number: str
    marker: str


def stored(target: Target, kind: Kind) -> list[StoredRow]:
    """Every row of ``kind`` the load tests wrote, read straight from the server's database."""
    sql = (
        f"SELECT id, number, {kind.marker_column} FROM {kind.table} "  # noqa: S608 - names are ours
        f"WHERE {kind.marker_column} LIKE '{MARKER_PREFIX}%%'"
    )
    return [StoredRow(*row) for row in _query(target, sql)]


def logged_submissions(target: Target, kind: Kind) -> dict[int, int]:
    """``kind`` row pk → the id of its submission entry in Wagtail's audit log (ModelLogEntry)."""
    app_label, model = kind.table.split("_", 1)
    sql = (
        "SELECT e.object_id, e.id FROM wagtailcore_modellogentry e "
        "JOIN django_content_type t ON t.id = e.content_type_id "
        f"WHERE t.app_label = '{app_label}' AND t.model = '{model}' AND e.action LIKE '%%.submit'"  # noqa: S608
    )
    return {int(object_id): int(entry_id) for object_id, entry_id in _query(target, sql)}


def identity_files(target: Target) -> dict[int, list[Path]]:
    """Application pk → the identity proofs stored with it, as paths in the private storage."""
    sql = "SELECT application_id, file FROM foi_applicationattachment WHERE kind = 'identity'"
    files: dict[int, list[Path]] = {}
    for application_id, name in _query(target, sql):
        files.setdefault(int(application_id), []).append(target.var_dir / "private" / name)
    return files


def _query(target: Target, sql: str) -> list[tuple]:
    if _is_postgres(target.database_url):
        import psycopg

        with psycopg.connect(target.database_url) as conn:
            return list(conn.execute(sql).fetchall())
    path = target.database_url.removeprefix("sqlite:///")
    conn = sqlite3.connect(path, timeout=30)
    try:
        return conn.execute(sql.replace("%%", "%")).fetchall()
    finally:
        conn.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]
