"""`make bench` (`python -m bench`): one run, on one machine, of everything
issue 14 measures, printed as a table with each target met or MISSED, and
written to bench/results.json. It measures; it never fails the build (exit 0).

1. The datasets (`bench.dataset`: bench.seed's small and large, seeded once).
2. In process, per dataset (`bench.pages`, a child process each): every main
   page's SQL queries, and at the large size its server time, p50 and p95.
3. The background work (`bench.jobs`): scoring, fan-out, progress PDF,
   Carpeta, staff import.
4. Through gunicorn with production settings on the large dataset
   (`bench.production`): requests a second with wrk (`bench.throughput`), each
   page as its person and the sign-in page as the floor; the bytes of the
   teacher's home (`bench.page_weight`); Lighthouse (`bench.lighthouse`).

BENCH_QUICK=1: the small dataset only, fewer rounds, shorter wrk runs and
smaller background jobs, for trying things out. BENCH_LIGHTHOUSE=0: no
Lighthouse (it takes about 15-30 s a page).
"""

import datetime
import json
import os
import subprocess
import sys
import threading
import time
import traceback

from bench import dataset as datasets
from bench import lighthouse, pages, production, results, throughput

QUICK = os.environ.get("BENCH_QUICK", "") == "1"
LIGHTHOUSE = os.environ.get("BENCH_LIGHTHOUSE", "1") != "0"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20" if QUICK else "100"))
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "3" if QUICK else "10"))
JOB_SIZES = (
    {"answers": 100_000, "reminders": 5_000, "rows": 500}
    if QUICK
    else {"answers": 2_000_000, "reminders": 100_000, "rows": 5_000}
)


def _say(message: str) -> None:
    print(f"[bench {datetime.datetime.now(datetime.UTC):%H:%M:%S}] {message}", flush=True)


class _LoadSampler(threading.Thread):
    """The machine's 1-minute load average every 10 s: other work on it (a test
    run) slows every figure, and the figures should say so."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = []

    def run(self) -> None:
        while True:
            self.samples.append(os.getloadavg()[0])
            time.sleep(10)

    def summary(self) -> dict:
        samples = self.samples or [os.getloadavg()[0]]
        return {"mean": round(sum(samples) / len(samples), 2), "max": round(max(samples), 2)}


def _child(module: str, *args: str, env: dict | None = None) -> dict:
    """Run `python -m module args…`; its last line of output is JSON."""
    done = subprocess.run(  # noqa: S603 (our own modules)
        [sys.executable, "-m", module, *args],
        cwd=datasets.BASE_DIR,
        env=env or os.environ.copy(),
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    started = time.monotonic()
    load = _LoadSampler()
    load.start()
    production.secret_key()  # one key for every child process and gunicorn
    errors: list[str] = []

    def attempt(what: str, run, default=None):
        try:
            return run()
        except Exception as error:  # a part that fails is reported, the others still run
            traceback.print_exc()
            errors.append(f"{what}: {error}")
            _say(f"FAILED {what}: {error}")
            return default

    sizes = ("small",) if QUICK else ("small", "large")
    _say(f"datasets: {', '.join(sizes)}{' (BENCH_QUICK=1)' if QUICK else ''}")
    _say("static files (collectstatic, DEBUG off)")
    production.collect_static()
    found: dict[str, datasets.Dataset] = {}
    measured = {}
    for size in sizes:
        # Each dataset is asked for when it is needed: the small one's pages are
        # timed while the large one is still being seeded, the first time.
        found[size] = data = datasets.describe(size)
        shown = ("school", "user", "community", "meeting", "reflection", "answer")
        counts = {k.split("_", 1)[-1]: v for k, v in data.counts.items() if k.split("_", 1)[-1] in shown}
        _say(f"{size}: {data.database} ({data.source}) {counts}")
        _say(f"pages in process on {size} ({ROUNDS} rounds each)")
        measured[size] = attempt(
            f"pages on {size}", lambda size=size: _child("bench.pages", "--dataset", size, "--rounds", str(ROUNDS))
        )
    served = found[sizes[-1]]

    _say(f"background work {JOB_SIZES}")
    jobs = (
        attempt(
            "background work",
            lambda: _child(
                "bench.jobs",
                "--dataset",
                served.size,
                *(f"--{key}={value}" for key, value in JOB_SIZES.items()),
            ),
        )
        or {}
    )

    production.flush_cache()
    visitors = _child("bench.visitors", "--dataset", served.size, env=production.environment(served))
    cookies = {role: f"{visitors['cookie_name']}={key}" for role, key in visitors["cookies"].items()}
    page_list = pages.main_pages(served)
    served_rps: dict[str, dict] = {}
    weight: dict = {}
    audits: dict = {}
    _say(f"gunicorn ({production.WORKERS} sync workers, {production.settings_module()}) on {served.database}")
    with production.gunicorn(served) as base_url:
        _say(f"wrk: {throughput.CONNECTIONS} connections, {WRK_SECONDS} s a page, at {base_url}")
        for page in [pages.FLOOR, *page_list, pages.HEALTHZ]:
            cookie = cookies.get(page.role) if page.role else None
            for _ in range(3):  # warm both workers' caches and templates
                code = attempt(f"GET {page.path}", lambda p=page, c=cookie: throughput.status(base_url, p.path, c))
            figures = attempt(
                f"wrk {page.path}",
                lambda p=page, c=cookie: throughput.requests_per_second(
                    base_url, p.path, cookie=c, seconds=WRK_SECONDS
                ),
                {},
            )
            served_rps[page.name] = {**figures, "status": code}
            _say(f"  {page.name:<20} {figures.get('rps')} rps (status {code}, {figures.get('bad', 0)} bad)")
        weight = attempt("page weight", lambda: _page_weight(base_url, served), {}) or {}
        if LIGHTHOUSE:
            audits = _lighthouse(base_url, page_list, cookies, visitors.get("answer_code"), attempt)

    report = _assemble(found, measured, jobs, served_rps, weight, audits, errors)
    report["wall_seconds"] = round(time.monotonic() - started)
    # Other work on the machine makes every figure slower: what it carried, in 1-minute load.
    report["machine"]["load"] = load.summary()
    report["targets"] = results.targets(report)
    path = results.write(report)
    print()
    print(results.table(report))
    print()
    print(results.verdicts(report["targets"]))
    for error in report["errors"]:
        print(f"ERROR {error}")
    print(f"\nwritten {path} in {report['wall_seconds']} s{' (BENCH_QUICK=1: not comparable)' if QUICK else ''}")
    return 0


def _page_weight(base_url: str, served: datasets.Dataset) -> dict:
    try:
        from bench import page_weight
    except ImportError as missing:
        return {"first_load_bytes": None, "repeat_load_bytes": None, "note": f"bench.page_weight missing: {missing}"}
    _say("page weight of the teacher's home (bench.page_weight)")
    return page_weight.measure(base_url, served.people["teacher"], served.password)


def _lighthouse(base_url: str, page_list: list, cookies: dict, code: str | None, attempt) -> dict:
    targets = [(page.name, page.path, cookies.get(page.role)) for page in page_list]
    after = next((n for n, page in enumerate(page_list) if page.name == "diagnostic results"), len(page_list) - 1)
    targets.insert(after + 1, ("diagnostic answer", f"/d/{code}/1/" if code else "", None))
    audits = {}
    for name, path, cookie in targets:
        if not path:
            audits[name] = {"error": "no open campaign at the dataset's school: no access code"}
            continue
        _say(f"lighthouse {name} ({path})")
        audits[name] = attempt(
            f"lighthouse {name}",
            lambda path=path, name=name, cookie=cookie: lighthouse.audit(base_url + path, name, cookie=cookie),
            {"error": "failed"},
        )
    return audits


def _assemble(found, measured, jobs, served_rps, weight, audits, errors) -> dict:
    small = (measured.get("small") or {}).get("pages", [])
    large = (measured.get("large") or {}).get("pages", [])
    timed = large or small
    by_name = {size: {p["name"]: p for p in rows} for size, rows in (("small", small), ("large", large))}
    floor = (served_rps.get(pages.FLOOR.name) or {}).get("rps")
    rows = []
    for row in timed:
        name = row["name"]
        rps = (served_rps.get(name) or {}).get("rps")
        served_status = (served_rps.get(name) or {}).get("status")
        statuses = {row["status"], served_status} - {None}
        rows.append(
            {
                "name": name,
                "role": row["role"],
                "path": row["path"],
                "queries_small": (by_name["small"].get(name) or {}).get("queries"),
                "queries_large": (by_name["large"].get(name) or {}).get("queries"),
                "p50_ms": row["p50_ms"],
                "p95_ms": row["p95_ms"],
                "rps": rps,
                "ratio": round(rps / floor, 3) if rps and floor else None,
                "status": "/".join(str(s) for s in sorted(statuses)),
                "bad_responses": (served_rps.get(name) or {}).get("bad"),
            }
        )
        expected = 302 if name == "admin home" else 200  # the admin's / is the staff overview's address
        if statuses - {expected}:
            errors.append(f"{name} {row['path']} answered {sorted(statuses)} (expected {expected})")
    return {
        "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "quick": QUICK,
        "machine": {"cpus": os.cpu_count()},
        "settings_module": production.settings_module(),
        "dataset": {
            size: {"size": data.size, "database": data.database, "source": data.source, "counts": data.counts}
            for size, data in found.items()
        },
        "timed_on": "large" if large else "small",
        "rounds": ROUNDS,
        "wrk": {"connections": throughput.CONNECTIONS, "threads": throughput.THREADS, "seconds": WRK_SECONDS},
        "floor_rps": floor,
        "pages": rows,
        "scoring_seconds": jobs.get("scoring_seconds"),
        "scoring_answers": jobs.get("scoring_answers"),
        "fanout": jobs.get("fanout"),
        "pdf_seconds": jobs.get("pdf_seconds"),
        "carpeta_seconds": jobs.get("carpeta_seconds"),
        "import_seconds": jobs.get("import_seconds"),
        "import_rows": jobs.get("import_rows"),
        "first_load_bytes": weight.get("first_load_bytes"),
        "repeat_load_bytes": weight.get("repeat_load_bytes"),
        "page_weight_note": weight.get("note"),
        "healthz_rps": (served_rps.get(pages.HEALTHZ.name) or {}).get("rps"),
        "lighthouse": audits,
        "errors": errors,
    }


if __name__ == "__main__":
    sys.exit(main())
