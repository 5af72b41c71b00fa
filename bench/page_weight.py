"""`python -m bench.page_weight`: the bytes a browser downloads for the teacher's
home page, on a first visit (empty cache) and on a repeat visit (same browser,
the page opened again), as Chromium counts them on the wire: each response's
body as encoded (gzip, Brotli) plus its headers.

Run as a script it serves the demo data the way production does — DEBUG off,
gunicorn, WhiteNoise with the hashed and compressed files of `collectstatic`,
HTML gzipped as the TLS proxy does (`bench.page_weight_settings`) — on a
throw-away SQLite database, signs in as a demo teacher and prints every
resource of both visits. Targets (issue 14): first ≤ 60 KB, repeat ≤ 10 KB;
the exit status is 1 when either is missed.

`measure(base_url, email, password)` does the measuring alone, against any
running server.
"""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
TEACHER = "docente1@escuela-a.demo"
FIRST_LOAD_TARGET = 60 * 1024
REPEAT_LOAD_TARGET = 10 * 1024


@dataclass
class Resource:
    url: str
    status: int = 0
    encoding: str = ""
    cache_control: str = ""
    from_cache: bool = False
    bytes: int = 0


class _Recorder:
    """Chromium's own count of each request: `Network.loadingFinished` gives
    the bytes received for it (headers and encoded body); a response taken
    from the cache receives none."""

    def __init__(self, cdp) -> None:
        self.resources: dict[str, Resource] = {}
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.responseReceived", self._received)
        cdp.on("Network.requestServedFromCache", self._from_cache)
        cdp.on("Network.loadingFinished", self._finished)

    def _sent(self, event) -> None:
        if not event["request"]["url"].startswith("data:"):  # drawn from the stylesheet, never fetched
            self.resources.setdefault(event["requestId"], Resource(event["request"]["url"]))

    def _received(self, event) -> None:
        resource, response = self.resources.get(event["requestId"]), event["response"]
        if resource is None:
            return
        headers = {name.lower(): value for name, value in response.get("headers", {}).items()}
        resource.status = response["status"]
        resource.encoding = headers.get("content-encoding", "")
        resource.cache_control = headers.get("cache-control", "")
        resource.from_cache = resource.from_cache or response.get("fromDiskCache") or response.get("fromMemoryCache")

    def _from_cache(self, event) -> None:
        if event["requestId"] in self.resources:
            self.resources[event["requestId"]].from_cache = True

    def _finished(self, event) -> None:
        if event["requestId"] in self.resources:
            self.resources[event["requestId"]].bytes = int(event["encodedDataLength"])

    def take(self) -> list[Resource]:
        taken, self.resources = list(self.resources.values()), {}
        return taken


def _visit(page, recorder: _Recorder, path: str) -> list[Resource]:
    recorder.take()
    page.goto(path)
    # Whatever the page fetches once loaded (and the last loadingFinished events).
    page.wait_for_load_state("networkidle")
    return recorder.take()


def measure(base_url: str, email: str, password: str, *, report=None) -> dict:
    """Sign in at `base_url`, then open `/` with an empty cache and once more in
    the same browser. Returns the bytes of each visit
    (`first_load_bytes`, `repeat_load_bytes`); `report`, when given, is called
    with each visit's name and its resources."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        try:
            context = browser.new_context(base_url=base_url, viewport={"width": 360, "height": 740}, locale="es-MX")
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            recorder = _Recorder(cdp)

            page.goto("/accounts/login/")
            page.fill("input[name=username]", email)
            page.fill("input[name=password]", password)
            with page.expect_navigation():
                page.click("main form button[type=submit]")
            if "/accounts/login/" in page.url:
                raise RuntimeError(f"could not sign in as {email} at {base_url}")

            # The sign-in page filled the cache: empty it, so `/` is a first visit.
            cdp.send("Network.clearBrowserCache")
            visits = {"first": _visit(page, recorder, "/"), "repeat": _visit(page, recorder, "/")}
        finally:
            browser.close()
    if report is not None:
        for name, resources in visits.items():
            report(name, resources)
    return {
        "first_load_bytes": sum(resource.bytes for resource in visits["first"]),
        "repeat_load_bytes": sum(resource.bytes for resource in visits["repeat"]),
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def production_server(settings_module: str = "bench.page_weight_settings") -> Iterator[str]:
    """The demo data behind gunicorn with production settings (DEBUG off,
    hashed and compressed static files) on a throw-away SQLite database and
    VAR_DIR; yields the base URL. `localhost`, which browsers trust with the
    Secure cookies of DEBUG off over plain HTTP."""
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="cas-weight-") as workdir:
        env = {
            key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL", "STATIC_ROOT"}
        }
        env.update(
            VAR_DIR=workdir,
            DATABASE_URL=f"sqlite:///{workdir}/db.sqlite3",
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="localhost",
            SECURE_SSL_REDIRECT="0",
            DJANGO_SETTINGS_MODULE=settings_module,
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            LOG_LEVEL="ERROR",
        )
        for command in (["migrate", "--noinput"], ["seed_demo"], ["collectstatic", "--noinput"]):
            subprocess.run(  # noqa: S603 — our own interpreter and manage.py
                [python, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
            )
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603 — our own venv's gunicorn
            [python, "-m", "gunicorn", "cas_project.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
            + ["--log-level", "warning"],
            cwd=ROOT,
            env=env,
        )
        base_url = f"http://localhost:{port}"
        try:
            _wait_for(f"{base_url}/healthz", server)
            yield base_url
        finally:
            server.terminate()
            server.wait(timeout=20)


def _wait_for(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped before it answered")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2):  # noqa: S310 — our own server
            return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url}")


def _print_visit(name: str, resources: list[Resource]) -> None:
    print(f"\n{name} visit of / ({sum(r.bytes for r in resources):,} bytes)")
    print(f"{'bytes':>8}  {'status':>6}  {'encoding':<8}  {'cached':<6}  resource")
    for resource in sorted(resources, key=lambda r: -r.bytes):
        path = resource.url.split("//", 1)[-1].split("/", 1)[-1]
        cached = "yes" if resource.from_cache else ""
        print(f"{resource.bytes:>8,}  {resource.status:>6}  {resource.encoding or '-':<8}  {cached:<6}  /{path}")
        if resource.cache_control and not resource.from_cache:
            print(f"{'':>36}Cache-Control: {resource.cache_control}")


def main() -> int:
    password = os.environ.get("DEMO_PASSWORD", "aprender-juntos-2026")
    with production_server() as base_url:
        totals = measure(base_url, TEACHER, password, report=_print_visit)
    first, repeat = totals["first_load_bytes"], totals["repeat_load_bytes"]
    print(f"\nfirst visit  {first:>8,} bytes ({first / 1024:.1f} KB; target ≤ {FIRST_LOAD_TARGET // 1024} KB)")
    print(f"repeat visit {repeat:>8,} bytes ({repeat / 1024:.1f} KB; target ≤ {REPEAT_LOAD_TARGET // 1024} KB)")
    return 0 if first <= FIRST_LOAD_TARGET and repeat <= REPEAT_LOAD_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
