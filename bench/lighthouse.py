"""Lighthouse's mobile audit of a page (npm `lighthouse` in node_modules,
Debian's Chromium, headless): the default mobile emulation and simulated
throttling, the performance, accessibility and best-practices categories, the
person's session passed as a Cookie header. One run per page, about 15-30 s.

Each report is kept as JSON in var/bench/lighthouse/ for a closer look."""

import json
import os
import re
import subprocess
from pathlib import Path

from bench.dataset import BASE_DIR

LIGHTHOUSE = BASE_DIR / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
REPORTS = BASE_DIR / "var" / "bench" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices")
TIMEOUT = 180
ATTEMPTS = 2  # a trace Lighthouse failed to record ("Please run Lighthouse again") is run once more


def audit(url: str, name: str, *, cookie: str | None = None) -> dict:
    """{performance, accessibility, best_practices (0-100), lcp_ms}, or {error}."""
    for _attempt in range(ATTEMPTS):
        figures = _audit(url, name, cookie=cookie)
        if "trace" not in figures.get("error", ""):
            break
    return figures


def _audit(url: str, name: str, *, cookie: str | None) -> dict:
    REPORTS.mkdir(parents=True, exist_ok=True)
    output = REPORTS / f"{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}.json"
    output.unlink(missing_ok=True)
    command = [
        str(LIGHTHOUSE),
        url,
        f"--chrome-path={CHROMIUM}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={output}",
        "--quiet",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    try:
        done = subprocess.run(  # noqa: S603 (our node_modules' lighthouse)
            command,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"no report after {TIMEOUT} s"}
    if not output.exists():
        return {"error": (done.stderr or done.stdout).strip()[-300:] or f"exit status {done.returncode}"}
    return _figures(json.loads(Path(output).read_text()))


def _figures(report: dict) -> dict:
    def score(category: str) -> int | None:
        value = report["categories"].get(category, {}).get("score")
        return None if value is None else round(value * 100)

    lcp = report["audits"].get("largest-contentful-paint", {}).get("numericValue")
    figures = {
        "performance": score("performance"),
        "accessibility": score("accessibility"),
        "best_practices": score("best-practices"),
        "lcp_ms": None if lcp is None else round(lcp),
    }
    if report.get("runtimeError"):
        figures["error"] = report["runtimeError"].get("message", "runtime error")
    final = report.get("finalDisplayedUrl") or report.get("finalUrl")
    if final and final != report.get("requestedUrl"):
        figures["final_url"] = final
    return figures
