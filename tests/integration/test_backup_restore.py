"""`make backup` and `make restore`: a full round trip on PostgreSQL loses no row and no
media file; on SQLite both refuse with a message that says what to do instead."""

import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def make(target, env, *args):
    return subprocess.run(
        ["make", "--no-print-directory", target, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def row_counts(conninfo, tables):
    with psycopg.connect(conninfo) as db:
        return {
            table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables
        }


@pytest.fixture
def restored_database_url(database_url):
    parts = urlsplit(database_url)
    name = f"{parts.path.lstrip('/')}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_restored_into_a_fresh_database_loses_no_row_and_no_media_file(
    database_url, restored_database_url, settings, tmp_path
):
    call_command("seed_demo", allow_production=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    stored = default_storage.save("agreements/signed.pdf", ContentFile(b"%PDF-1.4 \x00\xff signed"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }

    backup = make("backup", env, f"BACKUP_DIR={tmp_path / 'backups'}")
    assert backup.returncode == 0, backup.stderr
    [folder] = (tmp_path / "backups").iterdir()
    assert folder.name.startswith("casedesk-")
    restored_media = tmp_path / "restored-media"
    restore_env = {**env, "DATABASE_URL": restored_database_url, "MEDIA_ROOT": str(restored_media)}
    restore = make("restore", restore_env, f"BACKUP={folder}")
    assert restore.returncode == 0, restore.stderr

    tables = connection.introspection.table_names()
    before = row_counts(database_url, tables)
    after = row_counts(restored_database_url, tables)
    assert sum(before.values()) > 100, "the demo data was not seeded"
    assert {t: n for t, n in after.items() if n != before[t]} == {}
    assert (restored_media / stored).read_bytes() == (
        Path(settings.MEDIA_ROOT) / stored
    ).read_bytes()


@pytest.mark.parametrize("target", ["backup", "restore"])
def test_backup_and_restore_refuse_sqlite_with_a_clear_message(target, tmp_path):
    (tmp_path / "b").mkdir()
    for name in ("database.dump", "media.tar.gz"):
        (tmp_path / "b" / name).write_bytes(b"")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }

    result = make(target, env, f"BACKUP_DIR={tmp_path / 'backups'}", f"BACKUP={tmp_path / 'b'}")

    assert result.returncode != 0
    assert "not PostgreSQL" in result.stderr and "copy db.sqlite3" in result.stderr
    assert not (tmp_path / "backups").exists()
