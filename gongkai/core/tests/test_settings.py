import os
import subprocess
import sys
from pathlib import Path

from gongkai.settings.database import database_from_url

ROOT = Path(__file__).resolve().parents[3]


def _run(code: str, **env) -> subprocess.CompletedProcess:
    unset = {"SECRET_KEY", "GONGKAI_AUDIT_CHAIN_KEY", "DJANGO_SETTINGS_MODULE"}
    full_env = {k: v for k, v in os.environ.items() if k not in unset}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_to_start_without_a_secret():
    result = _run("import django; django.setup()", DJANGO_SETTINGS_MODULE="gongkai.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY 未设置" in result.stderr


def test_production_refuses_to_start_without_an_audit_chain_key():
    result = _run(
        "import django; django.setup()", DJANGO_SETTINGS_MODULE="gongkai.settings.production", SECRET_KEY="x" * 60
    )
    assert result.returncode != 0
    assert "GONGKAI_AUDIT_CHAIN_KEY 未设置" in result.stderr


def test_production_starts_with_its_secrets():
    result = _run(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.GONGKAI_ALLOW_DEMO)",
        DJANGO_SETTINGS_MODULE="gongkai.settings.production",
        SECRET_KEY="x" * 60,
        GONGKAI_AUDIT_CHAIN_KEY="y" * 40,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


def test_sqlite_is_configured_for_concurrent_writers():
    config = database_from_url("sqlite:////tmp/example.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["timeout"] >= 10
    assert config["ATOMIC_REQUESTS"] is False


def test_postgres_url_is_parsed():
    config = database_from_url("postgres://user:pw@db.internal:5433/gongkai")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "gongkai")
    assert "transaction_mode" not in config["OPTIONS"]


WRITER = """
import sys, django
django.setup()
from django.db import connection, transaction
for i in range(40):
    with transaction.atomic():
        with connection.cursor() as c:
            c.execute("SELECT COUNT(*) FROM submissions")
            n = c.fetchone()[0]
            c.execute("INSERT INTO submissions (writer, seen) VALUES (%s, %s)", [sys.argv[1], n])
"""


def test_simultaneous_writers_never_see_database_is_locked(tmp_path):
    """Six processes doing read-then-write transactions on one SQLite file all succeed."""
    db = tmp_path / "concurrency.sqlite3"
    env = {"DJANGO_SETTINGS_MODULE": "gongkai.settings.test", "DATABASE_URL": f"sqlite:///{db}"}
    setup = _run(
        "import django; django.setup(); from django.db import connection; "
        "connection.cursor().execute('CREATE TABLE submissions (id INTEGER PRIMARY KEY, writer TEXT, seen INT)')",
        **env,
    )
    assert setup.returncode == 0, setup.stderr
    full_env = {**os.environ, **env}
    full_env.pop("SECRET_KEY", None)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(n)], cwd=ROOT, env=full_env, stderr=subprocess.PIPE, text=True
        )
        for n in range(6)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, errors
    import sqlite3

    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM submissions").fetchone()[0] == 240
        # IMMEDIATE transactions serialise read-then-write: every count seen is distinct.
        assert conn.execute("SELECT COUNT(DISTINCT seen) FROM submissions").fetchone()[0] == 240
