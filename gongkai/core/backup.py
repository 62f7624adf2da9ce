"""Backup and restore of the whole platform: the database and every stored file, in one archive.

An archive (``.tar.gz``) holds

- ``manifest.json``: format, database engine, when it was made, the applied migrations, a digest of
  every table and the SHA-256 of every file;
- ``database.sqlite3`` (SQLite's online backup API, consistent while the site runs) or
  ``database.dump`` (``pg_dump --format=custom``);
- ``files/<storage>/<name>``: the contents of the ``default`` (media) and ``private`` storages,
  read through Django's storage API, so local folders and S3-compatible buckets are handled alike.

Restoring writes the database back into the configured (fresh) database, puts the files back, and
then recomputes the digests: the command reports success only when every table and file is identical
to what was backed up.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.core.files.storage import storages
from django.db import connection
from django.utils import timezone

FORMAT = "gongkai-backup/1"
STORAGE_ALIASES = ("default", "private")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is Chinese and says what to do."""


# --- Digests ---------------------------------------------------------------------------------


def _value(value: object) -> object:
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def database_digest() -> dict[str, str]:
    """SHA-256 of each table's rows, in a stable order (every column, ascending)."""
    digests = {}
    with connection.cursor() as cursor:
        virtual = set()
        if connection.vendor == "sqlite":
            # Full-text indexes (FTS5) cannot be scanned; their shadow tables hold the content and are compared.
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
            virtual = {name for (name,) in cursor.fetchall()}
        for table in sorted(set(connection.introspection.table_names(cursor)) - virtual):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted} WHERE 1 = 0")  # noqa: S608 - a table name from introspection
            columns = len(cursor.description)
            order = ", ".join(str(n) for n in range(1, columns + 1))
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY {order}")  # noqa: S608
            digest = hashlib.sha256()
            rows = 0
            for row in cursor.fetchall():
                digest.update(repr(tuple(_value(v) for v in row)).encode())
                rows += 1
            digests[table] = f"{rows}:{digest.hexdigest()}"
    return digests


def _walk(storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from _walk(storage, f"{folder}/{sub}" if folder else sub)


def files_digest() -> dict[str, str]:
    """SHA-256 of every stored file, keyed ``<storage>/<name>``."""
    digests = {}
    for alias in STORAGE_ALIASES:
        storage = storages[alias]
        for name in _walk(storage):
            with storage.open(name, "rb") as handle:
                digests[f"{alias}/{name}"] = hashlib.file_digest(handle, "sha256").hexdigest()
    return digests


# --- Database engines --------------------------------------------------------------------------


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"不支持备份 {vendor} 数据库：仅支持 SQLite 和 PostgreSQL。")
    return vendor


def _pg_env() -> tuple[list[str], dict[str, str]]:
    settings_dict = connection.settings_dict
    args = ["--dbname", settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"找不到 {command[0]}：请安装 PostgreSQL 客户端（Debian 软件包 postgresql-client）。")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{result.stderr.strip()[:500]}")


def _dump_database(target: Path) -> str:
    if _engine() == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            # The online backup API copies a consistent snapshot even while the site is writing.
            connection.connection.backup(destination)
        finally:
            destination.close()
        return "database.sqlite3"
    args, env = _pg_env()
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args], env)
    return "database.dump"


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if "django_migrations" not in tables:
            return not tables
        # A database that only went through `migrate` is fresh: it has no agency yet.
        if "org_agency" not in tables:
            return True
        cursor.execute("SELECT COUNT(*) FROM org_agency")
        return cursor.fetchone()[0] == 0


def _load_database(source: Path) -> None:
    if _engine() == "sqlite":
        target = connection.settings_dict["NAME"]
        connection.close()
        origin = sqlite3.connect(source)
        destination = sqlite3.connect(target)
        try:
            origin.backup(destination)
        finally:
            origin.close()
            destination.close()
        return
    args, env = _pg_env()
    connection.close()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(source),
        ],
        env,
    )


# --- Backup and restore -----------------------------------------------------------------------


@dataclass
class Outcome:
    path: Path
    tables: int
    files: int


def _applied_migrations() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def backup(output: Path) -> Outcome:
    """Write an archive of the database and all stored files to ``output``."""
    engine = _engine()
    with tempfile.TemporaryDirectory(prefix="gongkai-backup-") as work:
        work_dir = Path(work)
        dump_name = _dump_database(work_dir / "dump")
        tables = database_digest()
        files = files_digest()
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "created_at": timezone.localtime().isoformat(),
            "database": dump_name,
            "migrations": _applied_migrations(),
            "tables": tables,
            "files": files,
        }
        partial = output.with_name(output.name + ".part")
        mtime = int(time.time())
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime = len(data), mtime
            archive.addfile(info, io.BytesIO(data))
            archive.add(work_dir / "dump", arcname=dump_name)
            for key in files:
                alias, name = key.split("/", 1)
                storage = storages[alias]
                info = tarfile.TarInfo(f"files/{key}")
                info.size, info.mtime = storage.size(name), mtime
                # Streamed: a recording of several hundred megabytes never sits in memory.
                with storage.open(name, "rb") as handle:
                    archive.addfile(info, handle)
        # Only a complete archive gets the final name: a crash leaves a .part, never a short backup.
        partial.replace(output)
    return Outcome(path=output, tables=len(tables), files=len(files))


def _member(archive: tarfile.TarFile, name: str):
    try:
        handle = archive.extractfile(name)
    except KeyError:
        handle = None
    if handle is None:
        raise BackupError(f"备份文件不完整：缺少 {name}。")
    return handle


def _extract_checked(archive: tarfile.TarFile, manifest: dict, folder: Path) -> dict[str, Path]:
    """Every stored file, extracted to ``folder`` and checked against the manifest before anything changes."""
    extracted = {}
    for number, (key, expected) in enumerate(sorted(manifest["files"].items())):
        target = folder / f"{number}"
        with _member(archive, f"files/{key}") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out)
        with target.open("rb") as handle:
            if hashlib.file_digest(handle, "sha256").hexdigest() != expected:
                raise BackupError(f"备份文件中的 {key} 已损坏（校验值不符）。")
        extracted[key] = target
    return extracted


def restore(source: Path, *, replace: bool = False) -> Outcome:
    """Restore an archive into the configured database and storages, then prove it is identical."""
    engine = _engine()
    try:
        archive = tarfile.open(source, "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"无法读取备份文件 {source}：{exc}") from exc
    with archive, tempfile.TemporaryDirectory(prefix="gongkai-restore-") as work:
        manifest = json.loads(_member(archive, "manifest.json").read())
        if manifest.get("format") != FORMAT:
            raise BackupError("这不是本平台的备份文件（格式标记不符）。")
        if manifest["engine"] != engine:
            raise BackupError(f"备份来自 {manifest['engine']} 数据库，当前配置的是 {engine}：请恢复到同类数据库。")
        # Everything is read and checked first: a damaged archive changes nothing.
        extracted = _extract_checked(archive, manifest, Path(work))
        dump = Path(work) / "dump"
        with _member(archive, manifest["database"]) as source, dump.open("wb") as out:
            shutil.copyfileobj(source, out)
        if not replace and not _database_is_empty():
            raise BackupError("目标数据库已有数据。恢复会覆盖全部数据；确需如此，请加 --replace。")
        _load_database(dump)
        for key, path in extracted.items():
            alias, name = key.split("/", 1)
            storage = storages[alias]
            if storage.exists(name):
                storage.delete(name)
            with path.open("rb") as handle:
                saved = storage.save(name, File(handle))
            if saved != name:
                raise BackupError(f"文件 {key} 未能以原名恢复（存储返回 {saved}）。")
    tables = database_digest()
    differing = sorted(t for t in set(tables) | set(manifest["tables"]) if tables.get(t) != manifest["tables"].get(t))
    if differing:
        raise BackupError("恢复后的数据库与备份不一致：" + "、".join(differing[:10]))
    restored = files_digest()
    missing = sorted(k for k, v in manifest["files"].items() if restored.get(k) != v)
    if missing:
        raise BackupError("恢复后的文件与备份不一致：" + "、".join(missing[:10]))
    return Outcome(path=source, tables=len(tables), files=len(manifest["files"]))
