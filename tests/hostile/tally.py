"""The hostile suite's count: examples tried and statuses seen per endpoint,
summed over xdist's workers and printed at the end of the run.

tests/conftest.py imports these hooks, so that the controller (which, under
xdist, collects nothing) has them too."""

import json
from collections import Counter, defaultdict

# (area, endpoint) → status → examples
COUNTS: dict[tuple[str, str], Counter] = defaultdict(Counter)


def record(area: str, endpoint: str, status: int) -> None:
    COUNTS[(area, endpoint)][status] += 1


def _serialised() -> str:
    return json.dumps([[area, endpoint, dict(statuses)] for (area, endpoint), statuses in COUNTS.items()])


def _merge(serialised: str) -> None:
    for area, endpoint, statuses in json.loads(serialised):
        COUNTS[(area, endpoint)].update({int(status): n for status, n in statuses.items()})


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: hand the counts to the controller
        workeroutput["hostile_counts"] = _serialised()


def pytest_testnodedown(node, error):
    serialised = getattr(node, "workeroutput", {}).get("hostile_counts")
    if serialised:
        _merge(serialised)


def pytest_terminal_summary(terminalreporter):
    if not COUNTS:
        return
    write = terminalreporter.write_line
    terminalreporter.section("hostile input")
    per_area: dict[str, Counter] = defaultdict(Counter)
    for (area, endpoint), statuses in sorted(COUNTS.items()):
        per_area[area]["endpoints"] += 1
        per_area[area]["examples"] += statuses.total()
        per_area[area]["500s"] += sum(n for status, n in statuses.items() if status >= 500)
        seen = ", ".join(f"{status}×{n}" for status, n in sorted(statuses.items()))
        write(f"{area:8} {endpoint:45} {statuses.total():5} examples  ({seen})")
    total = Counter()
    for area, figures in sorted(per_area.items()):
        total.update(figures)
        write(f"{area}: {figures['endpoints']} endpoints, {figures['examples']} examples, {figures['500s']} 500s")
    write(f"all: {total['endpoints']} endpoints, {total['examples']} examples, {total['500s']} answers of 500 or more")
