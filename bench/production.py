"""What a production process of the bench runs with: DEBUG off, a secret key,
the hosts, Redis (db 5, emptied between datasets so that one dataset never
reads another's cached figures), the hashed and compressed static files of
`collectstatic`; and gunicorn serving a dataset with it.

Plain HTTP on `localhost`: the TLS proxy's redirect is off (SECURE_SSL_REDIRECT=0),
and browsers trust `localhost` with the Secure cookies of DEBUG off. When
`bench.page_weight_settings` is there (production plus the gzip of HTML the
proxy adds) gunicorn runs with it, so browsers get pages as compressed as in
production; a client that asks for no compression (wrk) gets the same bytes
either way."""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path

from bench.dataset import BASE_DIR, Dataset

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
WORK_DIR = BASE_DIR / "var" / "bench"
STATIC_ROOT = WORK_DIR / "static"
HOSTS = "localhost,127.0.0.1"
WORKERS = 2


def settings_module() -> str:
    return "bench.page_weight_settings" if find_spec("bench.page_weight_settings") else "cas_project.settings"


def secret_key() -> str:
    """One key for the whole run: sessions written by one process are read by gunicorn."""
    return os.environ.setdefault("BENCH_SECRET_KEY", secrets.token_urlsafe(50))


def environment(dataset: Dataset | None = None, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_REPLICA_URL"}
    env.update(
        DEBUG="0",
        SECRET_KEY=secret_key(),
        ALLOWED_HOSTS=HOSTS,
        SECURE_SSL_REDIRECT="0",
        REDIS_URL=REDIS_URL,
        VAR_DIR=str(WORK_DIR / "var"),
        STATIC_ROOT=str(STATIC_ROOT),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE=settings_module(),
    )
    if dataset is not None:
        env["DATABASE_URL"] = dataset.database_url
    env.update(extra)
    return env


def use_in_this_process(dataset: Dataset) -> None:
    """Before django.setup(): this process runs as production does, on `dataset`."""
    os.environ.update(environment(dataset))


def collect_static(*, always: bool = False) -> None:
    """`collectstatic` with DEBUG off (about 30 s; skipped when the manifest is
    newer than every file under static/, unless `always`)."""
    manifest = STATIC_ROOT / "staticfiles.json"
    sources = [p for p in (BASE_DIR / "static").rglob("*") if p.is_file()]
    if not always and manifest.exists():
        newest = max((p.stat().st_mtime for p in sources), default=0)
        if manifest.stat().st_mtime > newest:
            return
    subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=BASE_DIR,
        env=environment(),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def flush_cache() -> None:
    """Empty the bench's Redis database (db 5), so that a dataset starts cold."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(dataset: Dataset, *, workers: int = WORKERS) -> Iterator[str]:
    """gunicorn (`workers` sync workers) serving `dataset` with production
    settings; yields its base URL (http://localhost:PORT)."""
    port = _free_port()
    log = WORK_DIR / "gunicorn.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as output:
        server = subprocess.Popen(  # noqa: S603 (our own venv's gunicorn)
            [sys.executable, "-m", "gunicorn", "cas_project.wsgi", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", str(workers), "--worker-class", "sync", "--log-level", "warning"],
            cwd=BASE_DIR,
            env=environment(dataset),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://localhost:{port}"
        try:
            _wait_for(f"{base_url}/healthz", server, log)
            yield base_url
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_for(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped before it answered (see {log})")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own server)
            return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url} (see {log})")
