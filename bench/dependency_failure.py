"""`python -m bench.dependency_failure`: what the app does while Redis and
PostgreSQL fail, run by CI (`.ci/run`).

The app (production settings: DEBUG off, Django's request handler through the
test client) runs on a Redis of its own (a `redis-server` on a spare port,
started and stopped here) and on a database of its own beside DATABASE_URL's
(`<name>_outage`), reached through a TCP proxy in this script that can cut
every connection, as a PostgreSQL restart does. A real Celery worker takes
the work from that Redis.

1. Redis is stopped. Pages, a sign-in, a report request, a staff list upload
   and a password reset (an e-mail) must answer 200/302, never 500, and the
   work must stay unsent in its QueuedTask row; /healthz says "degraded".
2. Redis starts again. The re-publish (beat's `republish_queued_tasks`) hands
   the work over; each report, import and e-mail must be done exactly once,
   and a second re-publish finds nothing.
3. PostgreSQL "restarts" (the proxy drops every connection): the next request
   must succeed. Then it stays down a while: pages answer the 503 page (no
   traceback) and /healthz 503; once it is back the next request succeeds.

Prints what happened; exits 1 if anything above did not hold. Under CI=true
a missing tool (redis-server, PostgreSQL) fails instead of skipping.
"""

import asyncio
import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from bench.databases import is_postgres, own_database

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
DEADLINE = 120  # seconds for the worker to finish the re-published work
PASSWORD = "resiliencia-2026"  # noqa: S105 — the bench's throw-away account
LATER = timedelta(minutes=2)  # beat's re-publish takes work unsent for a minute


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Redis:
    """A redis-server of the bench's own, without persistence (as a restart
    of CI's would lose what it held)."""

    def __init__(self, port: int, workdir: Path) -> None:
        self.port, self.workdir, self.process = port, workdir, None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 — our own arguments
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


class CuttableProxy:
    """A TCP proxy to PostgreSQL, run on an event loop in a thread: `cut()`
    drops every connection and refuses new ones (the server restarting),
    `restore()` listens again on the same port."""

    def __init__(self, port: int, upstream: tuple[str, int]) -> None:
        self.port, self.upstream = port, upstream
        self.loop = asyncio.new_event_loop()
        self.server = None
        self.writers: set[asyncio.StreamWriter] = set()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=10)

    async def _pipe(self, reader, writer) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.close()

    async def _handle(self, client_reader, client_writer) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            client_writer.close()
            return
        self.writers |= {client_writer, upstream_writer}
        await asyncio.gather(self._pipe(client_reader, upstream_writer), self._pipe(upstream_reader, client_writer))
        self.writers -= {client_writer, upstream_writer}

    async def _listen(self) -> None:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", self.port, reuse_address=True)

    async def _cut(self) -> int:
        self.server.close()
        await self.server.wait_closed()
        dropped = len(self.writers) // 2
        for writer in list(self.writers):
            writer.transport.abort()
        self.writers.clear()
        return dropped

    def restore(self) -> None:
        self._call(self._listen())

    def cut(self) -> int:
        return self._call(self._cut())


def _environment(workdir: Path, database_url: str, redis_port: int) -> dict:
    return {
        "VAR_DIR": str(workdir),
        "DATABASE_URL": database_url,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "DEBUG": "0",
        "SECRET_KEY": "dependency-failure-bench-" + "x" * 40,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "EMAIL_BACKEND": "cas_project.mail.FileBackend",
        "EMAIL_FILE_PATH": str(workdir / "mail"),
        "CELERY_VISIBILITY_TIMEOUT": "60",
        "LOG_LEVEL": "ERROR",
    }


def _worker(env: dict) -> subprocess.Popen:
    celery = str(Path(sys.executable).with_name("celery"))
    return subprocess.Popen(  # noqa: S603 — our own venv's celery, our own arguments
        [celery, "-A", "cas_project", "worker", "--pool=solo", "--loglevel=ERROR", "--without-heartbeat"],
        env={**os.environ, **env},
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _stop(worker: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(worker.pid, signal.SIGTERM)
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


class Run:
    """The requests made and what each answered."""

    def __init__(self) -> None:
        self.failures: list[str] = []

    def check(self, holds: bool, what: str) -> None:
        print(f"  {'ok  ' if holds else 'FAIL'} {what}")
        if not holds:
            self.failures.append(what)

    def request(self, client, method: str, url: str, expected: set[int], data=None):
        from django.db import close_old_connections

        started = time.perf_counter()
        # What Django's WSGI handler does on request_started and request_finished
        # (drop a connection that failed its health check or outlived
        # CONN_MAX_AGE), and the test client leaves out to keep tests' transactions.
        close_old_connections()
        response = getattr(client, method)(url, data or {})
        close_old_connections()
        took = (time.perf_counter() - started) * 1000
        body = response.content.decode(errors="replace") if not response.streaming else ""
        clean = response.status_code < 500 or "Traceback" not in body
        self.check(
            response.status_code in expected and clean,
            f"{method.upper()} {url} → {response.status_code} in {took:.0f} ms",
        )
        return response


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    missing = [tool for tool in ("redis-server",) if shutil.which(tool) is None]
    if not is_postgres(url):
        missing.append("PostgreSQL (DATABASE_URL)")
    if missing:
        print(f"dependency failure bench: needs {', '.join(missing)}")
        return 1 if IN_CI else 2
    workdir = Path(tempfile.mkdtemp(prefix="cas-outage-"))
    redis = Redis(_free_port(), workdir)
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, workdir, ignore_errors=True)
        direct_url, name = stack.enter_context(own_database(url, "outage"))
        parts = urlsplit(direct_url)
        proxy = CuttableProxy(_free_port(), (parts.hostname, parts.port or 5432))
        proxy.restore()
        proxied_url = direct_url.replace(f"{parts.hostname}:{parts.port or 5432}", f"127.0.0.1:{proxy.port}", 1)
        env = _environment(workdir, proxied_url, redis.port)
        os.environ.update(env)
        redis.start()
        stack.callback(redis.stop)
        print(f"database {name} through a proxy on port {proxy.port}; Redis of the bench's own on port {redis.port}")
        return _bench(stack, env | {"DATABASE_URL": direct_url}, redis, proxy)


def _bench(stack, worker_env: dict, redis: Redis, proxy: CuttableProxy) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cas_project.settings")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from bench.scratch import school_with_director
    from communities.models import ImportRun, OutgoingEmail, QueuedTask, Report, StaffMembership, User
    from communities.services.communities import create_community
    from communities.task_queue import republish_stranded

    stack.callback(connections.close_all)
    # The 503s of step 3 are expected; in production their traceback goes to the log.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    school, director = school_with_director()
    director.set_password(PASSWORD)
    director.save()
    tutor = User.objects.create_user("tutor@escuela.test", full_name="Tomás Tutor")
    StaffMembership.objects.create(user=tutor, school=school, role=StaffMembership.Role.TUTOR)
    community = create_community(actor=director, school=school, school_year="2026-2027", tutor=tutor)
    worker = _worker(worker_env)
    stack.callback(_stop, worker)
    run = Run()

    def signed_in() -> Client:
        client = Client(raise_request_exception=False)
        run.request(client, "post", reverse("login"), {302}, {"username": director.email, "password": PASSWORD})
        return client

    print("\n1. Redis stopped")
    redis.stop()
    client = signed_in()
    started = time.perf_counter()
    run.request(client, "get", reverse("communities:home"), {200})
    run.request(client, "get", reverse("communities:detail", args=[community.pk]), {200})
    run.request(client, "post", reverse("communities:progress_report", args=[community.pk]), {200, 302})
    staff_list = b"nombre,correo,rol\nNora Nueva,nora@escuela.test,docente\n"

    run.request(
        client,
        "post",
        reverse("communities:staff_import", args=[school.pk]),
        {302},
        {"file": SimpleUploadedFile("plantilla.csv", staff_list)},
    )
    run.request(Client(raise_request_exception=False), "post", reverse("password_reset"), {302}, {"email": tutor.email})
    health = run.request(Client(), "get", reverse("healthz"), {200})
    outage_ms = (time.perf_counter() - started) * 1000
    body = health.json()
    run.check((body["status"], body["broker"], body["cache"]) == ("degraded", "error", "error"), f"/healthz: {body}")
    waiting = list(QueuedTask.objects.unsent().values_list("task", flat=True))
    run.check(len(waiting) == 3, f"{len(waiting)} pieces of work left unsent: {', '.join(sorted(waiting))}")
    report = Report.objects.get()
    imported = ImportRun.objects.get()
    run.check(
        (report.status, imported.status) == (Report.Status.QUEUED, ImportRun.Status.QUEUED),
        f"report {report.status}, import {imported.status} while Redis is down",
    )

    print("\n2. Redis back")
    redis.start()
    handed = republish_stranded(now=timezone.now() + LATER)
    run.check(handed == 3, f"the re-publish handed {handed} tasks to the broker")
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        report.refresh_from_db()
        imported.refresh_from_db()
        done = report.status == Report.Status.READY and imported.status == ImportRun.Status.DONE
        if done and not OutgoingEmail.objects.unsent().exists():
            break
        time.sleep(0.5)
    else:
        run.check(False, f"the worker did not finish within {DEADLINE} s")
    again = republish_stranded(now=timezone.now() + LATER)
    mail = [p.read_text(encoding="utf-8") for p in sorted((Path(os.environ["EMAIL_FILE_PATH"])).glob("*.txt"))]
    to_tutor = sum(f"To: {tutor.email}" in m for m in mail)
    to_nora = sum("To: nora@escuela.test" in m for m in mail)
    run.check(again == 0, f"a second re-publish found {again} tasks")
    run.check(report.status == Report.Status.READY, f"the report: {report.status}")
    run.check(imported.status == ImportRun.Status.DONE and imported.added == 1, f"the import: {imported.status}")
    run.check((to_tutor, to_nora) == (1, 1), f"e-mails: {to_tutor} reset link to the tutor, {to_nora} activation")
    run.check(Report.objects.count() == 1 and ImportRun.objects.count() == 1, "one report and one import, built once")

    print("\n3. PostgreSQL restarts")
    dropped = proxy.cut()
    proxy.restore()
    print(f"  the proxy dropped {dropped} connection(s) and listens again")
    run.request(client, "get", reverse("communities:home"), {200})
    proxy.cut()
    print("  PostgreSQL down")
    run.request(client, "get", reverse("communities:home"), {503})
    down = run.request(Client(), "get", reverse("healthz"), {503})
    run.check(down.json()["database"] == "error", f"/healthz: {down.json()}")
    proxy.restore()
    print("  PostgreSQL back")
    run.request(client, "get", reverse("communities:home"), {200})
    run.request(Client(), "get", reverse("healthz"), {200})

    print(
        f"\nwhile Redis was down: every request answered ({outage_ms:.0f} ms for the seven), 3 tasks waited; "
        f"once back: {handed} re-published, each done once. PostgreSQL: the request after a restart succeeded."
        if not run.failures
        else f"\n{len(run.failures)} check(s) failed: " + "; ".join(run.failures)
    )
    return 1 if run.failures else 0


if __name__ == "__main__":
    sys.exit(main())
