"""Backups that restore: `make backup` and `make restore BACKUP=<folder>`
(`python -m cas_project.backup create|restore|verify`).

A backup is one folder in BACKUP_DIR, `cas-<UTC time>/`, holding
- `database.dump` (PostgreSQL: `pg_dump --format=custom`) or `database.sqlite3`
  (SQLite: an online copy through sqlite3's backup API, safe while the app runs);
- `media.tar`, every uploaded file of MEDIA_ROOT (none when the uploads live in
  object storage, STORAGE_BUCKET: the bucket's versioning and replication are
  their backup, and the manifest says so);
- `manifest.json`: per table its rows and a checksum, per uploaded file its
  SHA-256, and the SHA-256 of the two files above.

On PostgreSQL the figures of the manifest are taken in the same snapshot as
the dump (`pg_export_snapshot`), so they describe exactly what was dumped.
Restoring checks the manifest and both files first and changes nothing if
any differs; it then replaces the database (`pg_restore --clean --if-exists
--single-transaction`, or the backup API back into the file) and the uploads,
and compares every table and file with the manifest.

It talks to PostgreSQL itself: pg_dump and pg_restore set options for their
session, which PgBouncer in transaction mode would not keep, so it refuses to
run with DATABASE_POOLER set (give it the primary's DATABASE_URL).

Retention: after each backup the newest of each of the last BACKUP_KEEP_DAYS
days (default 7) and the newest of each of the last BACKUP_KEEP_WEEKS weeks
(default 4) are kept, the other `cas-*` folders deleted.
"""

import argparse
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

FORMAT = 1
NAME_FORMAT = "cas-%Y%m%dT%H%M%SZ"
MANIFEST = "manifest.json"
MEDIA_TAR = "media.tar"
OBJECT_STORAGE = "object storage"  # the manifest's "media" when the uploads are in a bucket
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"


class BackupError(Exception):
    """A backup that cannot be made, or a backup that must not be restored."""


@dataclass(frozen=True)
class Fingerprint:
    rows: int
    checksum: str


# --- What a database holds ------------------------------------------------------


def _tables(connection) -> list[str]:
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    return sorted(name for name in names if not name.startswith("sqlite_"))


def table_fingerprints(connection) -> dict[str, Fingerprint]:
    """Rows and a checksum of every table: md5 of the rows in primary-key
    order, computed in SQL on PostgreSQL and in Python on SQLite."""
    if connection.vendor == "postgresql":
        return {table: _pg_fingerprint(connection, table) for table in _tables(connection)}
    if connection.vendor == "sqlite":
        return {table: _sqlite_fingerprint(connection, table) for table in _tables(connection)}
    raise BackupError(f"No backup for a {connection.vendor} database.")


def _order(connection, table: str) -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.get_primary_key_columns(cursor, table) or []


def _pg_fingerprint(connection, table: str) -> Fingerprint:
    quote = connection.ops.quote_name
    # A table without a primary key (none of ours) is ordered by its rows' text.
    order = ", ".join(f"t.{quote(column)}" for column in _order(connection, table)) or "t::text"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' ORDER BY {order}), '')) "  # noqa: S608
            f"FROM {quote(table)} AS t"
        )
        rows, checksum = cursor.fetchone()
    return Fingerprint(rows, checksum)


def _sqlite_fingerprint(connection, table: str) -> Fingerprint:
    quote = connection.ops.quote_name
    order = ", ".join(quote(column) for column in _order(connection, table)) or "rowid"
    digest, rows = hashlib.md5(usedforsecurity=False), 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {order}")  # noqa: S608
        for row in cursor.fetchall():
            digest.update(hashlib.md5(repr(tuple(row)).encode(), usedforsecurity=False).digest())
            rows += 1
    return Fingerprint(rows, digest.hexdigest())


def media_fingerprints(media_root: Path) -> dict[str, str]:
    """SHA-256 of every file under MEDIA_ROOT, by path relative to it."""
    if not media_root.exists():
        return {}
    return {
        path.relative_to(media_root).as_posix(): _sha256(path.read_bytes())
        for path in sorted(media_root.rglob("*"))
        if path.is_file()
    }


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def uploads_in_object_storage() -> bool:
    """Whether uploads and reports live in a bucket rather than MEDIA_ROOT."""
    from django.core.files.storage import FileSystemStorage, storages

    return not isinstance(storages["default"], FileSystemStorage)


def _talk_to_postgresql_itself() -> None:
    from django.conf import settings

    if settings.DATABASE_POOLER:
        raise BackupError(
            "Backups talk to PostgreSQL itself, not through PgBouncer (pg_dump and pg_restore set options for "
            "their session): run this with the primary's DATABASE_URL and DATABASE_POOLER empty."
        )


# --- Making one -------------------------------------------------------------------


def create(*, backup_dir: Path | None = None, now: datetime | None = None) -> Path:
    """Back up the database and the uploads into a new folder of `backup_dir`
    (BACKUP_DIR), then apply the retention. Returns the folder."""
    from django.conf import settings
    from django.db import connection

    _talk_to_postgresql_itself()
    backup_dir = Path(backup_dir or settings.BACKUP_DIR)
    now = now or datetime.now(tz=UTC)
    in_bucket = uploads_in_object_storage()
    target = backup_dir / now.strftime(NAME_FORMAT)
    partial = backup_dir / f".{target.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        if connection.vendor == "postgresql":
            database_file, tables = _dump_postgresql(connection, partial / PG_DUMP)
        else:
            database_file, tables = _copy_sqlite(connection, partial / SQLITE_COPY)
        files = {} if in_bucket else _tar_media(Path(settings.MEDIA_ROOT), partial / MEDIA_TAR)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "vendor": connection.vendor,
            "database_file": database_file.name,
            "database_sha256": _file_sha256(database_file),
            "media": OBJECT_STORAGE if in_bucket else MEDIA_TAR,
            "media_sha256": None if in_bucket else _file_sha256(partial / MEDIA_TAR),
            "tables": {name: {"rows": fp.rows, "checksum": fp.checksum} for name, fp in tables.items()},
            "files": files,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        partial.rename(target)  # a folder named cas-* is always a complete backup
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    prune(backup_dir, keep_days=settings.BACKUP_KEEP_DAYS, keep_weeks=settings.BACKUP_KEEP_WEEKS, now=now)
    return target


def _pg_environment(connection) -> tuple[list[str], dict]:
    params = connection.get_connection_params()
    env = {**os.environ}
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    args = []
    for flag, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
        if params.get(key):
            args.append(f"{flag}={params[key]}")
    args.append(f"--dbname={params.get('dbname') or connection.settings_dict['NAME']}")
    return args, env


def _run(command: list[str], env: dict) -> None:
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(f"{command[0]} is not installed (the PostgreSQL client tools).")
    result = subprocess.run([tool, *command[1:]], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _dump_postgresql(connection, path: Path) -> tuple[Path, dict[str, Fingerprint]]:
    from django.db import transaction

    args, env = _pg_environment(connection)
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        tables = table_fingerprints(connection)
        # pg_dump reads the very snapshot the figures were taken in, while it is held open.
        _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={path}", *args], env)
    return path, tables


def _copy_sqlite(connection, path: Path) -> tuple[Path, dict[str, Fingerprint]]:
    connection.ensure_connection()
    destination = sqlite3.connect(path)
    try:
        # Page by page, while the app keeps writing (it sees a consistent copy).
        connection.connection.backup(destination)
    finally:
        destination.close()
    return path, _fingerprints_of_sqlite_file(path)


def _fingerprints_of_sqlite_file(path: Path) -> dict[str, Fingerprint]:
    from django.db.backends.sqlite3.base import DatabaseWrapper

    copy = DatabaseWrapper({**_sqlite_settings(), "NAME": str(path)}, alias="backup-copy")
    try:
        return table_fingerprints(copy)
    finally:
        copy.close()


def _sqlite_settings() -> dict:
    from django.db import connection

    settings = dict(connection.settings_dict)
    settings["OPTIONS"] = {}  # no WAL pragma on the copy: it stays one file
    return settings


def _tar_media(media_root: Path, path: Path) -> dict[str, str]:
    files: dict[str, str] = {}
    with tarfile.open(path, "w") as archive:
        if media_root.exists():
            for source in sorted(media_root.rglob("*")):
                if not source.is_file():
                    continue
                name = source.relative_to(media_root).as_posix()
                data = source.read_bytes()  # uploads are at most a few MB each
                files[name] = _sha256(data)
                info = tarfile.TarInfo(name)
                info.size, info.mtime, info.mode = len(data), int(source.stat().st_mtime), 0o644
                archive.addfile(info, io.BytesIO(data))
    return files


# --- Keeping a few ------------------------------------------------------------------


def _when(folder: Path) -> datetime | None:
    try:
        return datetime.strptime(folder.name, NAME_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def prune(backup_dir: Path, *, keep_days: int, keep_weeks: int, now: datetime) -> list[Path]:
    """Delete the backups the retention does not keep: the newest of each of
    the last `keep_days` days and of each of the last `keep_weeks` ISO weeks
    (the newest backup is always kept). Returns the folders deleted."""
    backups = sorted(
        ((when, folder) for folder in backup_dir.iterdir() if (when := _when(folder)) is not None), reverse=True
    )
    kept: set[Path] = {backups[0][1]} if backups else set()
    days, weeks = set(), set()
    for when, folder in backups:
        day, week = when.date(), when.isocalendar()[:2]
        if now - when < timedelta(days=keep_days) and day not in days:
            days.add(day)
            kept.add(folder)
        if now - when < timedelta(weeks=keep_weeks) and week not in weeks:
            weeks.add(week)
            kept.add(folder)
    deleted = [folder for _when, folder in backups if folder not in kept]
    for folder in deleted:
        shutil.rmtree(folder)
    return deleted


# --- Restoring one -------------------------------------------------------------------


def read_manifest(folder: Path) -> dict:
    """The manifest of a backup folder, once both of its files match it."""
    from django.db import connection

    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{folder} is not a backup: it has no {MANIFEST}.")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise BackupError(f"{manifest_path} cannot be read: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{manifest_path} is of format {manifest.get('format')!r}, not {FORMAT}.")
    if manifest.get("vendor") != connection.vendor:
        raise BackupError(f"The backup is of a {manifest.get('vendor')} database; this one is {connection.vendor}.")
    held = [(manifest.get("database_file", ""), "database_sha256")]
    if _media_of(manifest) == MEDIA_TAR:
        held.append((MEDIA_TAR, "media_sha256"))
    for name, key in held:
        path = folder / name
        if not name or not path.is_file():
            raise BackupError(f"{folder} lacks {name or 'its database file'}.")
        if _file_sha256(path) != manifest.get(key):
            raise BackupError(f"{path} does not match the manifest's checksum: the backup is damaged.")
    return manifest


def _media_of(manifest: dict) -> str:
    return manifest.get("media", MEDIA_TAR)  # a manifest from before object storage holds a tar


@dataclass
class Comparison:
    """A restored (or live) database and uploads against a manifest."""

    tables: dict[str, tuple[Fingerprint | None, Fingerprint | None]]
    files: dict[str, tuple[str | None, str | None]]

    @property
    def differences(self) -> list[str]:
        return [name for name, (want, got) in {**self.tables, **self.files}.items() if want != got]


def compare(manifest: dict) -> Comparison:
    """The live database and MEDIA_ROOT against the manifest."""
    from django.conf import settings
    from django.db import connection

    expected = {name: Fingerprint(t["rows"], t["checksum"]) for name, t in manifest["tables"].items()}
    actual = table_fingerprints(connection)
    files = media_fingerprints(Path(settings.MEDIA_ROOT)) if _media_of(manifest) == MEDIA_TAR else {}
    wanted_files = manifest["files"].keys()
    return Comparison(
        tables={name: (expected.get(name), actual.get(name)) for name in sorted(expected.keys() | actual.keys())},
        files={name: (manifest["files"].get(name), files.get(name)) for name in sorted(wanted_files | files.keys())},
    )


def restore(folder: Path) -> Comparison:
    """Replace the database and the uploads with the backup in `folder`, after
    checking it against its manifest (nothing is changed if it does not
    match). Returns the comparison of what was restored with the manifest."""
    from django.conf import settings
    from django.db import connection

    _talk_to_postgresql_itself()
    folder = Path(folder)
    manifest = read_manifest(folder)
    in_tar = _media_of(manifest) == MEDIA_TAR
    if in_tar == uploads_in_object_storage():
        raise BackupError(
            "The backup holds the uploads in media.tar but this installation keeps them in a bucket: copy them "
            "there yourself, or restore with STORAGE_BUCKET empty."
            if in_tar
            else "The backup was made with the uploads in a bucket (object storage), which it does not hold; "
            "this installation keeps them in MEDIA_ROOT. Restore with the same STORAGE_BUCKET."
        )
    media_root = Path(settings.MEDIA_ROOT)
    staged = _unpack_media(folder / MEDIA_TAR, manifest, media_root) if in_tar else None
    try:
        if connection.vendor == "postgresql":
            connection.close()  # holds no lock on the tables pg_restore drops
            args, env = _pg_environment(connection)
            restore_args = ["--clean", "--if-exists", "--single-transaction", "--no-owner", "--exit-on-error"]
            _run(["pg_restore", *restore_args, *args, str(folder / PG_DUMP)], env)
        else:
            connection.ensure_connection()
            source = sqlite3.connect(folder / SQLITE_COPY)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        if staged is not None:
            _replace_media(staged, media_root)
    finally:
        if staged is not None:
            shutil.rmtree(staged, ignore_errors=True)
    return compare(manifest)


def _unpack_media(archive_path: Path, manifest: dict, media_root: Path) -> Path:
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=media_root.parent))
    with tarfile.open(archive_path) as archive:
        archive.extractall(staged, filter="data")  # no absolute paths, no "..", no devices
    unpacked = media_fingerprints(staged)
    if unpacked != manifest["files"]:
        shutil.rmtree(staged, ignore_errors=True)
        raise BackupError(f"{archive_path} does not hold the files its manifest lists.")
    return staged


def _replace_media(staged: Path, media_root: Path) -> None:
    media_root.mkdir(parents=True, exist_ok=True)
    for child in media_root.iterdir():
        shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    for child in staged.iterdir():
        shutil.move(str(child), media_root / child.name)


# --- The command line ------------------------------------------------------------------


def print_comparison(comparison: Comparison, out=sys.stdout) -> None:
    width = max([len(name) for name in comparison.tables] + [5])
    print(f"{'table':<{width}}  {'rows':>8}  {'restored':>8}  checksum", file=out)
    for name, (want, got) in comparison.tables.items():
        state = "equal" if want == got else "DIFFERENT"
        rows = want.rows if want else "-"
        print(f"{name:<{width}}  {rows:>8}  {got.rows if got else '-':>8}  {state}", file=out)
    equal_files = sum(want == got for want, got in comparison.files.values())
    print(f"uploaded files: {equal_files} of {len(comparison.files)} equal", file=out)
    for name in comparison.differences:
        if name in comparison.files:
            print(f"  DIFFERENT: {name}", file=out)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m cas_project.backup", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("create", help="back up the database and the uploads into BACKUP_DIR")
    for name, text in (("restore", "replace the database and the uploads"), ("verify", "check a backup's files")):
        command = commands.add_parser(name, help=text)
        command.add_argument("backup", type=Path, help="the backup's folder (cas-…)")
    options = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cas_project.settings")
    import django

    django.setup()
    try:
        if options.command == "create":
            print(create())
            if uploads_in_object_storage():
                print(
                    "The uploads are in object storage (STORAGE_BUCKET) and not in this backup: the bucket's "
                    "versioning and replication keep them."
                )
            return 0
        if options.command == "verify":
            manifest = read_manifest(options.backup)
            tables, files = len(manifest["tables"]), len(manifest["files"])
            print(f"{options.backup}: {tables} tables, {files} files, checksums match")
            return 0
        comparison = restore(options.backup)
    except BackupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print_comparison(comparison)
    return 1 if comparison.differences else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
