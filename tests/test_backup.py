"""`make backup` / `make restore`: a backup holds the database, the uploads and
a manifest; a restore checks the manifest first, then brings back every row
and file. Runs on the database of the run: SQLite (the sqlite3 backup API) or
PostgreSQL (pg_dump/pg_restore) when DATABASE_URL says so."""

import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.db import connection

from cas_project import backup
from communities.models import School
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "practices").mkdir(parents=True)
    (settings.MEDIA_ROOT / "practices" / "guia.pdf").write_bytes(b"%PDF-1.4 la guia")
    (settings.MEDIA_ROOT / "evidencia.png").write_bytes(b"\x89PNG evidencia")
    return settings.MEDIA_ROOT


@pytest.fixture
def backups(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    return settings.BACKUP_DIR


def test_a_backup_restores_every_row_and_file_after_they_are_lost(media, backups):
    SchoolFactory.create_batch(3)
    folder = backup.create()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["tables"]["communities_school"]["rows"] == 3
    assert set(manifest["files"]) == {"practices/guia.pdf", "evidencia.png"}

    School.objects.all().delete()
    SchoolFactory(name="Escrita después del respaldo")
    (media / "practices" / "guia.pdf").unlink()
    (media / "nuevo.txt").write_text("no estaba")

    comparison = backup.restore(folder)
    assert comparison.differences == []
    assert School.objects.count() == 3
    assert not School.objects.filter(name="Escrita después del respaldo").exists()
    assert (media / "practices" / "guia.pdf").read_bytes() == b"%PDF-1.4 la guia"
    assert not (media / "nuevo.txt").exists()


def test_a_damaged_backup_is_refused_and_nothing_is_changed(media, backups):
    SchoolFactory.create_batch(2)
    folder = backup.create()
    School.objects.all().delete()
    database_file = folder / json.loads((folder / "manifest.json").read_text())["database_file"]
    database_file.write_bytes(database_file.read_bytes() + b"x")
    with pytest.raises(backup.BackupError, match="does not match"):
        backup.restore(folder)
    assert School.objects.count() == 0
    assert (media / "evidencia.png").exists()


def test_a_folder_without_a_manifest_is_not_a_backup(tmp_path, media):
    with pytest.raises(backup.BackupError, match="no manifest.json"):
        backup.restore(tmp_path)


def test_the_retention_keeps_the_newest_of_each_recent_day_and_week(tmp_path):
    now = datetime(2026, 3, 31, 12, tzinfo=UTC)
    made = [now - timedelta(hours=hours) for hours in (0, 1, 26, 24 * 9, 24 * 10, 24 * 40)]
    for when in made:
        (tmp_path / when.strftime(backup.NAME_FORMAT)).mkdir()
    (tmp_path / "notes").mkdir()  # not a backup: left alone
    deleted = backup.prune(tmp_path, keep_days=7, keep_weeks=4, now=now)
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert [p.name for p in deleted] == [
        made[1].strftime(backup.NAME_FORMAT),  # an older one of the same day
        made[4].strftime(backup.NAME_FORMAT),  # an older one of the same week
        made[5].strftime(backup.NAME_FORMAT),  # past four weeks
    ]
    assert "notes" in kept and len(kept) == 4


def test_make_restore_refuses_without_a_path():
    result = subprocess.run(["make", "-s", "restore"], cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S607
    assert result.returncode != 0
    assert "BACKUP=" in result.stdout + result.stderr


def test_a_backup_of_another_database_kind_is_refused(media, backups):
    folder = backup.create()
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["vendor"] = "oracle"
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(backup.BackupError, match=f"this one is {connection.vendor}"):
        backup.restore(folder)


def test_a_backup_through_pgbouncer_is_refused_before_anything_is_written(settings, backups, media):
    settings.DATABASE_POOLER = "pgbouncer"
    with pytest.raises(backup.BackupError, match="not through PgBouncer"):
        backup.create()
    assert not backups.exists()
