"""Backup → restore into a fresh database gives the same tables and files, on SQLite and PostgreSQL."""

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.log_actions import log

from gongkai.core.backup import BackupError, backup, database_digest, files_digest, restore
from gongkai.org.tests.factories import AgencyFactory, DepartmentFactory, UserFactory

ROOT = Path(__file__).resolve().parents[3]
# A transactional test: pg_dump and SQLite's backup API read committed data only.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def content():
    """Some of everything: records with foreign keys, Chinese text, an audit entry and stored files."""
    agency = AgencyFactory(name="贵州省生态环境厅")
    department = DepartmentFactory(name="环评处")
    user = UserFactory()
    log(instance=department, action="wagtail.edit", user=user, data={"说明": "备份测试"})
    storages["default"].save("documents/通知.txt", ContentFile("公开的附件".encode()))
    storages["private"].save("foi/申请书.pdf", ContentFile(b"%PDF-1.4 private"))
    yield agency
    for alias, name in (("default", "documents/通知.txt"), ("private", "foi/申请书.pdf")):
        storages[alias].delete(name)


def _restore_elsewhere(archive: Path, database_url: str) -> subprocess.CompletedProcess:
    """Run `manage.py restore` in a new process against another, fresh database."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gongkai.settings.test", "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_backup_holds_every_table_and_file(content, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    outcome = backup(archive)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"] == database_digest()
    assert manifest["files"] == files_digest()
    assert {"files/default/documents/通知.txt", "files/private/foi/申请书.pdf"} <= names
    assert outcome.files == len(manifest["files"]) >= 2
    assert manifest["tables"]["org_agency"].startswith("1:")
    assert not (tmp_path / "backup.tar.gz.part").exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite round trip")
def test_sqlite_round_trip_into_a_fresh_database_is_identical(content, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup(archive)
    fresh = tmp_path / "fresh.sqlite3"
    result = _restore_elsewhere(archive, f"sqlite:///{fresh}")
    assert result.returncode == 0, result.stderr
    assert "已恢复并核对一致" in result.stdout
    import sqlite3

    with sqlite3.connect(fresh) as restored:
        assert restored.execute("SELECT name FROM org_agency").fetchall() == [("贵州省生态环境厅",)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL round trip")
def test_postgres_round_trip_into_a_fresh_database_is_identical(content, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup(archive)
    settings_dict = connection.settings_dict
    fresh = f"{settings_dict['NAME']}_restored"
    admin = psycopg.connect(
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        admin.execute(f'CREATE DATABASE "{fresh}"')
        try:
            user = settings_dict["USER"] or "postgres"
            host = settings_dict["HOST"] or "127.0.0.1"
            port = settings_dict["PORT"] or 5432
            result = _restore_elsewhere(archive, f"postgres://{user}@{host}:{port}/{fresh}")
            assert result.returncode == 0, result.stderr
            assert "已恢复并核对一致" in result.stdout
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


def test_restore_refuses_a_database_with_data(content, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup(archive)
    before = database_digest()
    with pytest.raises(CommandError, match="目标数据库已有数据"):
        call_command("restore", str(archive))
    assert database_digest() == before


def test_a_damaged_archive_changes_nothing(content, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup(archive)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "files/private/foi/申请书.pdf":
                data = b"%PDF-1.4 altered"
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    before = database_digest()
    with pytest.raises(BackupError, match="备份文件中的 private/foi/申请书.pdf 已损坏"):
        restore(damaged, replace=True)
    assert database_digest() == before


def test_not_an_archive(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a backup")
    with pytest.raises(CommandError, match="无法读取备份文件"):
        call_command("restore", str(junk))
