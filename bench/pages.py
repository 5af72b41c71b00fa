"""The main pages, each as the person who opens it, and their in-process
measure: the SQL queries of one request and the server time over many rounds
after a warm-up (Django's test Client, production settings, one process).

`python -m bench.pages --dataset small [--rounds N]` measures one dataset and
prints one JSON line: {"pages": [{name, role, path, status, queries, p50_ms,
p95_ms}], "floor": {...}, "healthz": {...}}. One process per dataset:
django.setup() binds the settings, and with them the database, once."""

import argparse
import json
import statistics
import sys
import time
from dataclasses import dataclass

from bench import dataset as datasets
from bench import production

ROUNDS = 100
WARM_UP = 5
SEARCH = "convivencia"


@dataclass(frozen=True)
class Page:
    name: str
    role: str | None  # a key of Dataset.people; None: anonymous
    path: str


FLOOR = Page("login (floor)", None, "/accounts/login/")
HEALTHZ = Page("healthz", None, "/healthz")


def main_pages(found: datasets.Dataset) -> list[Page]:
    ids = found.ids
    cas, run = ids["community"], ids["workshop_run"]
    return [
        Page("teacher home", "teacher", "/"),
        Page("director home", "director", "/"),
        Page("tutor home", "tutor", "/"),
        Page("admin home", "admin", "/"),
        Page("community", "teacher", f"/cas/{cas}/"),
        Page("meetings", "teacher", f"/cas/{cas}/meetings/"),
        Page("meeting", "teacher", f"/cas/{cas}/meetings/{ids['meeting']}/"),
        Page("agreements", "teacher", f"/cas/{cas}/agreements/"),
        Page("goals", "teacher", f"/cas/{cas}/goals/"),
        Page("journal", "teacher", "/journal/"),
        Page("journal search", "teacher", f"/journal/?q={SEARCH}"),
        Page("practice bank", "teacher", "/practices/"),
        Page("diagnostic results", "director", f"/diagnostico/aplicaciones/{ids['campaign']}/resultados/"),
        Page("workshop space", "teacher", f"/taller/{run}/espacios/{found.workspace}/"),
        Page("workshop sala", "teacher", f"/taller/{run}/sala/"),
        Page("staff overview", "admin", "/staff/overview/"),
        Page("admin users", "admin", "/admin/communities/user/"),
        Page("admin schools", "admin", "/admin/communities/school/"),
    ]


def measure(found: datasets.Dataset, rounds: int = ROUNDS) -> dict:
    """In this (set-up) process: each page's queries, p50 and p95 in ms."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.visitors import sessions

    keys = sessions(found)

    def one(page: Page) -> dict:
        client = Client(HTTP_HOST="localhost")
        if page.role:
            client.cookies[settings.SESSION_COOKIE_NAME] = keys[page.role]
        for _ in range(WARM_UP):
            client.get(page.path)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(page.path).status_code
        count = len(queries)  # read now: the next request empties the log it points into
        timings = []
        for _ in range(rounds):
            started = time.perf_counter()
            client.get(page.path)
            timings.append((time.perf_counter() - started) * 1000)
        return {
            "name": page.name,
            "role": page.role,
            "path": page.path,
            "status": status,
            "queries": count,
            "p50_ms": round(statistics.median(timings), 2),
            "p95_ms": round(percentile(timings, 95), 2),
        }

    return {
        "pages": [one(page) for page in main_pages(found)],
        "floor": one(FLOOR),
        "healthz": one(HEALTHZ),
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(len(ordered) * p / 100) - 1))]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pages")
    parser.add_argument("--dataset", choices=datasets.SIZES, default="small")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args(argv)
    found = datasets.describe(args.dataset)
    production.collect_static()
    production.flush_cache()
    production.use_in_this_process(found)
    import django

    django.setup()
    print(json.dumps(measure(found, args.rounds)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
