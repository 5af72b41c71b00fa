"""`python -m bench.backup_drill`: the backup drill CI runs (`.ci/run`).

Seeds the demo data and a few uploaded files, backs up (`cas_project.backup`,
as `make backup` does), wipes (every table dropped, every upload deleted),
restores (as `make restore` does), and compares each table's rows and
checksum and each file's SHA-256 with what was there before. Prints one line
per table and exits 1 on any difference.

With DATABASE_URL on PostgreSQL it works on a database of its own,
`<name>_drill`, created and dropped here, so the database of the URL is never
touched; without it, on a SQLite file in a temporary folder.
"""

import contextlib
import os
import shutil
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

from bench.databases import is_postgres, own_database

FILES = {
    "secuencia-emociones.pdf": b"%PDF-1.4\n% Secuencia didactica: nombrar emociones\n%%EOF\n",
    "mural-acuerdos.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    "rubrica.txt": "Rúbrica de convivencia — 4 niveles\n".encode(),
}


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="cas-backup-drill-"))
    os.environ["VAR_DIR"] = str(workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cas_project.settings")
    # Nothing the seeding queues goes to a shared Redis: a file queue of the drill's own.
    os.environ.pop("REDIS_URL", None)
    url = os.environ.get("DATABASE_URL", "")
    with contextlib.ExitStack() as stack:
        if is_postgres(url):
            drill_url, name = stack.enter_context(own_database(url, "drill"))
            os.environ["DATABASE_URL"] = drill_url
            print(f"drill database: {name} (apart from the one of DATABASE_URL)")
        else:
            os.environ.pop("DATABASE_URL", None)
        stack.callback(shutil.rmtree, workdir, ignore_errors=True)
        stack.callback(_close_connections)
        return _drill(workdir)


def _close_connections() -> None:
    from django.db import connections

    connections.close_all()


def _seed() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from communities.models import Practice, School, Scope, User
    from communities.models.schools import Level
    from communities.services.practices import share_practice

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=StringIO())
    director = User.objects.get(email="director@escuela-a.demo")
    share_practice(
        actor=director,
        school=School.objects.get(cct="14DCT0038K"),
        scope=Scope.SCHOOL,
        kind=Practice.Kind.SEQUENCE,
        title="Nombrar emociones antes del examen",
        summary="Una secuencia de tres sesiones.",
        level=Level.MEDIA_SUPERIOR,
        steps="1. Respirar\n2. Nombrar\n3. Compartir",
        files=[SimpleUploadedFile(name, content) for name, content in FILES.items()],
    )


def _wipe(media_root: Path) -> int:
    from django.db import connection

    from cas_project.backup import _tables

    tables = _tables(connection)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_keys = OFF")
        for table in tables:
            cascade = " CASCADE" if connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TABLE IF EXISTS {quote(table)}{cascade}")
    shutil.rmtree(media_root, ignore_errors=True)
    return len(tables)


def _drill(workdir: Path) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from cas_project import backup

    media_root = Path(settings.MEDIA_ROOT)
    started = time.monotonic()
    _seed()
    tables_before = backup.table_fingerprints(connection)
    files_before = backup.media_fingerprints(media_root)
    seeded = time.monotonic()

    try:
        folder = backup.create(backup_dir=workdir / "backups")
    except backup.BackupError as error:
        print(f"backup failed: {error}")
        return 1
    backed_up = time.monotonic()
    size = sum(path.stat().st_size for path in folder.iterdir())
    print(f"backed up to {folder.name}: {', '.join(sorted(p.name for p in folder.iterdir()))} ({size // 1024} KB)")

    dropped = _wipe(media_root)
    left = len(backup._tables(connection))
    print(f"wiped: {dropped} tables dropped ({left} left), {len(files_before)} uploaded files deleted")

    comparison = backup.restore(folder)
    restored = time.monotonic()
    tables_after = backup.table_fingerprints(connection)
    files_after = backup.media_fingerprints(media_root)

    different = 0
    width = max(len(name) for name in tables_before | tables_after)
    print(f"\n{'table':<{width}}  {'rows before':>11}  {'rows after':>10}  checksum")
    for name in sorted(tables_before.keys() | tables_after.keys()):
        before, after = tables_before.get(name), tables_after.get(name)
        same = before == after
        different += not same
        print(
            f"{name:<{width}}  {before.rows if before else '-':>11}  {after.rows if after else '-':>10}  "
            f"{(before.checksum[:12] if before else '-')} {'equal' if same else 'DIFFERENT'}"
        )
    print(f"\n{'uploaded file':<90}  {'bytes':>8}  sha-256")
    for name in sorted(files_before.keys() | files_after.keys()):
        same = files_before.get(name) == files_after.get(name)
        different += not same
        path = media_root / name
        print(
            f"{name:<90}  {path.stat().st_size if path.exists() else '-':>8}  "
            f"{(files_before.get(name) or '-')[:12]} {'equal' if same else 'DIFFERENT'}"
        )
    different += len(comparison.differences)
    rows = sum(fp.rows for fp in tables_before.values())
    print(
        f"\n{connection.vendor}: {len(tables_before)} tables, {rows:,} rows, {len(files_before)} uploaded files; "
        f"{'all equal' if not different else f'{different} DIFFERENT'} after the restore "
        f"(seed {seeded - started:.1f} s, backup {backed_up - seeded:.1f} s, "
        f"wipe and restore {restored - backed_up:.1f} s)"
    )
    if not any(name.startswith("communities_practicefile") for name in tables_before) or len(files_before) < len(FILES):
        print("the drill's uploads are missing from the seeded data")
        return 1
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
