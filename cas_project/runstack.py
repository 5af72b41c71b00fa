"""`make run`: the web server, a Celery worker and Celery beat in one terminal.

Each runs in its own process group so that one signal stops it with all its
children (runserver's reloader, the worker's pool). Ctrl-C or SIGTERM stops the
three; if one of them dies, the others are stopped too.
"""

import argparse
import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
STOP_GRACE_SECONDS = 10


def _die_with_parent() -> None:
    # If `make` itself is killed, take the stack down with it (Linux only).
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except OSError:
        pass


def _commands(port: int) -> dict[str, list[str]]:
    python = sys.executable
    celery = str(Path(python).with_name("celery"))
    return {
        "web": [python, "manage.py", "runserver", f"127.0.0.1:{port}"],
        # Quiet: their banners and routine lines would bury the URL and the accounts.
        "worker": [celery, "-A", "cas_project", "--quiet", "worker", "--loglevel=WARNING", "--concurrency=2"],
        "beat": [celery, "-A", "cas_project", "--quiet", "beat", "--loglevel=WARNING"],
    }


def _where_email_goes() -> str:
    backend = os.environ.get("EMAIL_BACKEND", "")
    if not backend or backend == "cas_project.mail.FileBackend":
        folder = os.environ.get("EMAIL_FILE_PATH") or "var/mail/"
        return (
            f"E-mails the app sends are written to {folder}, one file each "
            "(EMAIL_BACKEND=cas_project.mail.ConsoleBackend prints them here instead)."
        )
    return f"E-mails go through {backend}."


def _wait_until_served(url: str, processes: dict[str, subprocess.Popen], timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes.values()):
            return False
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own local URL)
                return True
        except OSError:
            time.sleep(0.5)
    return False


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _stop(processes: dict[str, subprocess.Popen]) -> None:
    # Ask each main process first, so Celery finishes its current task and stops
    # its own pool; then clear what is left of each group (runserver's reloaded
    # child outlives its parent).
    for process in processes.values():
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for process in processes.values():
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
    for sig in (signal.SIGTERM, signal.SIGKILL):
        alive = [p.pid for p in processes.values() if _group_alive(p.pid)]
        for pgid in alive:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, sig)
        grace = time.monotonic() + 3
        while alive and time.monotonic() < grace:
            alive = [pgid for pgid in alive if _group_alive(pgid)]
            time.sleep(0.1)
    for process in processes.values():
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args()
    _die_with_parent()

    stopping = False

    def request_stop(signum, frame) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)

    url = f"http://127.0.0.1:{args.port}/"
    # Links in e-mails (invitations, reminders) point at the port actually served.
    env = {**os.environ, "SITE_URL": os.environ.get("SITE_URL") or url.rstrip("/")}
    processes = {
        name: subprocess.Popen(command, cwd=BASE_DIR, env=env, start_new_session=True)  # noqa: S603
        for name, command in _commands(args.port).items()
    }
    if _wait_until_served(f"{url}accounts/login/", processes):
        subprocess.run([sys.executable, "manage.py", "demo_accounts"], cwd=BASE_DIR, check=False)  # noqa: S603
        print(_where_email_goes(), flush=True)
        print(f"\nCAS is running at {url}  (Ctrl-C stops the web server, worker and beat)\n", flush=True)

    exit_code = 0
    while not stopping:
        exited = [name for name, p in processes.items() if p.poll() is not None]
        if exited:
            print(f"{', '.join(exited)} stopped; stopping the rest.", file=sys.stderr, flush=True)
            exit_code = 1
            break
        time.sleep(0.5)
    _stop(processes)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
