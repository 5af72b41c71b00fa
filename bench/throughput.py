"""Requests a second through gunicorn, measured with wrk: each page in turn,
as its person (their session cookie), for a fixed time, 16 connections.

wrk is installed with apt-get when missing (the bench says so)."""

import http.client
import os
import re
import shutil
import subprocess
from urllib.parse import urlsplit

CONNECTIONS = 16
THREADS = 2
SECONDS = 10
TIMEOUT = 30


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing: installing it with apt-get (apt-get install -y wrk)", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    install = [*sudo, "apt-get", "install", "-y", "-q", "wrk"]
    if subprocess.run(install, check=False).returncode != 0:  # noqa: S603 (a fixed command)
        subprocess.run([*sudo, "apt-get", "update", "-q"], check=True)  # noqa: S603
        subprocess.run(install, check=True)  # noqa: S603
    found = shutil.which("wrk")
    if not found:
        raise RuntimeError("wrk could not be installed")
    return found


def status(base_url: str, path: str, cookie: str | None = None) -> int:
    """The status of one GET (redirects not followed)."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def requests_per_second(base_url: str, path: str, *, cookie: str | None = None, seconds: int = SECONDS) -> dict:
    """wrk's figures for `path`: {rps, requests, bad} (bad: non-2xx/3xx
    answers and socket errors)."""
    # A generous timeout: a slow page's answers are counted, not dropped as socket errors.
    command = [ensure_wrk(), f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", f"--timeout={TIMEOUT}s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    done = subprocess.run(  # noqa: S603 (wrk, our own arguments)
        [*command, base_url + path], check=True, capture_output=True, text=True, timeout=seconds + 60
    )
    output = done.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "rps": round(float(rps.group(1)), 1) if rps else None,
        "requests": int(total.group(1)) if total else 0,
        "bad": (int(bad.group(1)) if bad else 0) + (sum(int(n) for n in errors.groups()) if errors else 0),
    }
