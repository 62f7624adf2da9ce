"""DATABASE_URL → Django's DATABASES entry, with SQLite set up for concurrent writers."""

from typing import Any

import dj_database_url


def database_from_url(url: str) -> dict[str, Any]:
    """Parse DATABASE_URL; give SQLite the options that keep simultaneous writers from failing.

    With the defaults, 8 processes doing read-then-write transactions lost most of
    them to "database is locked"; WAL, a busy timeout and IMMEDIATE transactions
    (the write lock is taken at BEGIN, so no deadlocked upgrade) lost none.
    """
    config = dj_database_url.parse(url, conn_max_age=0 if url.startswith("sqlite") else 60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON",
        }
    else:
        config.setdefault("OPTIONS", {})
    # Every atomic block on SQLite takes the write lock: never wrap whole requests.
    config["ATOMIC_REQUESTS"] = False
    return config
